// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A writer made with a buffer size writes the same bytes and never holds more than that buffer. */
class WriterBufferSizeTest {
    private static final int SMALL = CaptureWriter.MIN_BUFFER_SIZE;

    @ParameterizedTest(name = "pcapng {0}")
    @ValueSource(booleans = {false, true})
    void smallBufferSameBytesHeldBounded(boolean pcapng) throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (CaptureWriter w = writer(pcapng, whole, CaptureWriter.DEFAULT_BUFFER_SIZE)) {
            writeRecords(w);
        }
        Recording small = new Recording();
        try (CaptureWriter w = writer(pcapng, small, SMALL)) {
            writeRecords(w);
            assertTrue(small.largestWrite <= SMALL, "no write larger than the buffer: " + small.largestWrite);
            assertTrue(small.total > 100 * 1000 - SMALL, "all but at most one buffer handed on: " + small.total);
        }
        assertArrayEquals(whole.toByteArray(), small.bytes.toByteArray());
    }

    @ParameterizedTest(name = "pcapng {0}")
    @ValueSource(booleans = {false, true})
    void tooSmallABufferIsRefused(boolean pcapng) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer(pcapng, new ByteArrayOutputStream(), SMALL - 1));
        assertEquals("buffer size: 4095 (expected: 4096 or more)", e.getMessage());
    }

    private static CaptureWriter writer(boolean pcapng, OutputStream out, int bufferSize) {
        return pcapng ? new PcapngWriter(out, null, bufferSize)
                : new PcapWriter(out, true, 65535, LinkType.ETHERNET, bufferSize);
    }

    private static void writeRecords(CaptureWriter w) throws IOException {
        InterfaceInfo iface = InterfaceInfo.of(LinkType.ETHERNET, 65535, Timestamps.NANOS);
        PacketRecord r = new PacketRecord().setInterface(iface);
        byte[] frame = new byte[1000];
        for (int i = 0; i < 100; i++) {
            frame[0] = (byte) i;
            r.setTimestamp(1_700_000_000L + i, i);
            r.setData(frame, 0, frame.length, frame.length);
            w.write(r);
        }
    }

    /** Keeps what it is given, and the largest single write. */
    private static final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int largestWrite;
        long total;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            largestWrite = Math.max(largestWrite, len);
            total += len;
        }
    }
}
