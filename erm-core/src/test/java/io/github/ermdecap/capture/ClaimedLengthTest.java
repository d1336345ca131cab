// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record's claimed length costs memory only as its bytes actually arrive (issue 15, item 10). */
class ClaimedLengthTest {
    private static final int CLAIM = 250 << 20;
    private static final ReadLimits LARGE = ReadLimits.DEFAULT.withMaxCapturedLength(ReadLimits.MAX_BUFFERED);

    /** A 56-byte pcap whose one record header claims 250 MiB: 16 bytes of it are present. */
    private static byte[] lyingPcap() {
        byte[] file = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 65535, 1).raw(new byte[] {
                1, 0, 0, 0,                          // ts_sec
                0, 0, 0, 0,                          // ts_usec
                0, 0, (byte) 0xA0, 0x0F,             // incl_len 250 MiB
                0, 0, (byte) 0xA0, 0x0F,             // orig_len
        }).raw(new byte[16]).build();
        assertEquals(56, file.length);
        return file;
    }

    @Test
    void aLyingRecordLengthDoesNotGrowTheBuffer() throws IOException {
        InputBuffer in = new InputBuffer(new ByteArrayInputStream(lyingPcap()), InputBuffer.DEFAULT_CAPACITY);
        assertFalse(in.request(CLAIM));
        assertEquals(56, in.available());
        assertEquals(InputBuffer.DEFAULT_CAPACITY, in.capacity(), "buffer grown before the bytes came");
    }

    @Test
    void theBufferGrowsAsBytesArriveAndKeepsThemInOrder() throws IOException {
        byte[] data = PcapBuilder.packet(5 << 20, 3);
        InputBuffer in = new InputBuffer(new TricklingStream(data, 7777), 1024);
        in.request(10);
        in.consume(10);
        assertTrue(in.request(data.length - 10));
        assertTrue(in.capacity() >= data.length - 10 && in.capacity() < 2 * data.length);
        assertArrayEquals(Arrays.copyOfRange(data, 10, data.length),
                Arrays.copyOfRange(in.array(), in.pos(), in.pos() + data.length - 10));
        assertEquals(10, in.position());
    }

    @Test
    void aLyingPcapRecordIsALocatedTruncation() throws IOException {
        CaptureFormatException e = Captures.readFailing(lyingPcap(), LARGE, 0);
        assertEquals(CaptureFormatException.Kind.TRUNCATED, e.kind());
        assertEquals(1, e.recordNumber());
        assertEquals(24, e.byteOffset());
        assertEquals("record truncated: 32 of " + (CLAIM + 16) + " bytes present", e.detail());
    }

    @Test
    void aLyingPcapngBlockIsALocatedTruncation() throws IOException {
        byte[] head = new PcapngBuilder().shb(false).idb(LinkType.ETHERNET, 0).bytes();
        byte[] file = new PcapngBuilder().raw(head).raw(new byte[] {
                6, 0, 0, 0,                          // block type: EPB
                32, 0, (byte) 0xA0, 0x0F,            // block total length 250 MiB + 32
                0, 0, 0, 0,                          // interface ID
                0, 0, 0, 0, 0, 0, 0, 0,              // timestamp
                0, 0, (byte) 0xA0, 0x0F,             // captured length 250 MiB
                0, 0, (byte) 0xA0, 0x0F,             // original length
        }).bytes();
        CaptureFormatException e = Captures.readFailing(file, LARGE, 0);
        assertEquals(CaptureFormatException.Kind.TRUNCATED, e.kind());
        assertEquals(head.length, e.byteOffset());
    }

    @Test
    void aLyingGzippedRecordIsALocatedTruncation() throws IOException {
        CaptureFormatException e = Captures.readFailing(CaptureIo.gzip(lyingPcap()), LARGE, 0);
        assertEquals(CaptureFormatException.Kind.TRUNCATED, e.kind());
        assertEquals(24, e.byteOffset());
    }

    /** Hands out at most {@code step} bytes per read, and says nothing is available. */
    static final class TricklingStream extends InputStream {
        private final byte[] data;
        private final int step;
        private int pos;

        TricklingStream(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
