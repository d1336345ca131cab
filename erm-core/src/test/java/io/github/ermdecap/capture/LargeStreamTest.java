// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Offsets and counters are 64-bit: more than 4 GiB streams through the reader, nothing that large on disk. */
class LargeStreamTest {
    private static final int PACKET = 65_000;
    private static final long TOTAL = (1L << 32) + (64L << 20); // 4 GiB + 64 MiB

    @Test
    void moreThanFourGibibytesStreamThroughTheReader() throws IOException {
        byte[] header = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, true, 262144, 1).build();
        byte[] record = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, true, 262144, 1)
                .record(1_700_000_000L, 5, PcapBuilder.packet(PACKET, 3)).build();
        byte[] body = java.util.Arrays.copyOfRange(record, header.length, record.length);
        long records = (TOTAL - header.length) / body.length + 1;
        try (CaptureReader r = CaptureReader.open(new RepeatingStream(header, body, records), "big", ReadLimits.DEFAULT)) {
            long n = 0;
            long lastOffset = 0;
            for (PacketRecord p; (p = r.next()) != null; ) {
                n++;
                lastOffset = p.byteOffset();
                if (p.capturedLength() != PACKET || p.array()[p.offset() + 100] != PcapBuilder.packet(PACKET, 3)[100]) {
                    throw new AssertionError("record " + n + " is damaged");
                }
            }
            assertEquals(records, n);
            assertEquals(records, r.recordCount());
            long expectedEnd = header.length + records * body.length;
            assertTrue(expectedEnd > 1L << 32);
            assertEquals(expectedEnd, r.position());
            assertEquals(expectedEnd - body.length, lastOffset);
            assertNull(r.next());
        }
    }

    /** A header followed by the same record body {@code count} times, generated as it is read. */
    static final class RepeatingStream extends InputStream {
        private final byte[] header;
        private final byte[] body;
        private final long total;
        private long pos;

        RepeatingStream(byte[] header, byte[] body, long count) {
            this.header = header;
            this.body = body;
            this.total = header.length + count * body.length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= total) {
                return -1;
            }
            int n = 0;
            while (n < len && pos < total) {
                int chunk;
                if (pos < header.length) {
                    chunk = (int) Math.min(len - n, header.length - pos);
                    System.arraycopy(header, (int) pos, b, off + n, chunk);
                } else {
                    int at = (int) ((pos - header.length) % body.length);
                    chunk = (int) Math.min(len - n, Math.min(body.length - at, total - pos));
                    System.arraycopy(body, at, b, off + n, chunk);
                }
                n += chunk;
                pos += chunk;
            }
            return n;
        }
    }
}
