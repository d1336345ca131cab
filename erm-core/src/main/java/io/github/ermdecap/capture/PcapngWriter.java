package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.OutputStream;

/** TEMP stub until the pcapng branch lands. */
public final class PcapngWriter implements CaptureWriter {
    public PcapngWriter(OutputStream out) {
        throw new UnsupportedOperationException("pcapng writing is not written yet");
    }

    public PcapngWriter(OutputStream out, SectionInfo section) {
        throw new UnsupportedOperationException("pcapng writing is not written yet");
    }

    public void newSection(SectionInfo section) throws IOException {
    }

    @Override
    public void write(PacketRecord meta, InterfaceInfo iface, byte[] data, int offset, int length,
                      long originalLength) throws IOException {
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    public long recordCount() {
        return 0;
    }

    @Override
    public void flush() throws IOException {
    }

    @Override
    public void close() throws IOException {
    }
}
