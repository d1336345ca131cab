package io.github.ermdecap.capture;

import java.io.IOException;

/** Reads pcapng. PLACEHOLDER: being written. */
public final class PcapngReader implements CaptureReader {
    static final int BLOCK_SHB = 0x0A0D0D0A;

    PcapngReader(InputBuffer in, String source, ReadLimits limits, boolean compressed) throws IOException {
        throw new UnsupportedOperationException("pcapng reading is not written yet");
    }

    /** True when the input starts with a Section Header Block. */
    public static boolean matches(byte[] head) {
        return head.length >= 4 && Bytes.i32(head, 0, true) == BLOCK_SHB;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    public boolean compressed() {
        return false;
    }

    @Override
    public String source() {
        return null;
    }

    @Override
    public SectionInfo section() {
        return null;
    }

    @Override
    public PacketRecord next() throws IOException {
        return null;
    }

    @Override
    public long recordCount() {
        return 0;
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public void close() throws IOException {
    }
}
