// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @Test
    void everyByteArrivesInOrderWhateverTheReadSizes() throws IOException {
        Random random = new Random(11);
        byte[] data = new byte[5 * ReadAheadInputStream.BLOCK * ReadAheadInputStream.BLOCKS / 2 + 777];
        random.nextBytes(data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        // a channel that returns short reads, as pipes do
        ReadableByteChannel trickle = Channels.newChannel(new TrickleStream(data, random));
        try (InputStream in = new ReadAheadInputStream(trickle)) {
            byte[] buf = new byte[3 << 20];
            for (int n; (n = in.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0; ) {
                got.write(buf, 0, n);
            }
            assertEquals(-1, in.read());
        }
        assertArrayEquals(data, got.toByteArray());
    }

    @Test
    void anEmptyChannelIsAnImmediateEnd() throws IOException {
        try (InputStream in = new ReadAheadInputStream(Channels.newChannel(new ByteArrayInputStream(new byte[0])))) {
            assertEquals(-1, in.read(new byte[10], 0, 10));
        }
    }

    @Test
    void aReadErrorComesAfterTheBytesBeforeIt() throws IOException {
        byte[] data = new byte[1000];
        ReadableByteChannel failing = new ReadableByteChannel() {
            private boolean served;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (!served) {
                    served = true;
                    dst.put(data);
                    return data.length;
                }
                throw new IOException("disk on fire");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        try (InputStream in = new ReadAheadInputStream(failing)) {
            assertEquals(1000, in.readNBytes(1000).length);
            IOException e = assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10));
            assertEquals("disk on fire", e.getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheReaderThread() throws Exception {
        long before = readerThreads();
        byte[] data = new byte[20 << 20];
        InputStream in = new ReadAheadInputStream(Channels.newChannel(new ByteArrayInputStream(data)));
        in.read(new byte[100], 0, 100);
        in.close();
        assertEquals(before, readerThreads());
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("erm-decap-reader") && t.isAlive()).count();
    }

    /** Serves at most a random few KiB per read. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private int pos;

        TrickleStream(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(70_000));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
