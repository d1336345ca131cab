// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleInputStreamTest {
    @Test
    void aBusyStreamPassesEveryByteAndNeverFlushes() throws IOException {
        byte[] data = new byte[10 << 20];
        new Random(7).nextBytes(data);
        AtomicInteger flushes = new AtomicInteger();
        try (IdleInputStream in = new IdleInputStream(new ByteArrayInputStream(data))) {
            in.onIdle(flushes::incrementAndGet);
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(0, flushes.get(), "bulk input is never idle");
    }

    @Test
    void aQuietStreamFlushesOnceWhileItWaits() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            PipedOutputStream feed = new PipedOutputStream();
            AtomicInteger flushes = new AtomicInteger();
            try (IdleInputStream in = new IdleInputStream(new PipedInputStream(feed), 50)) {
                in.onIdle(flushes::incrementAndGet);
                feed.write(new byte[] {1, 2, 3});
                feed.flush();
                byte[] b = new byte[3];
                assertEquals(3, in.readNBytes(b, 0, 3));
                Thread writer = new Thread(() -> {
                    try {
                        Thread.sleep(500);
                        feed.write(4);
                        feed.close();
                    } catch (InterruptedException | IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                writer.start();
                assertEquals(4, in.read(), "the late byte still comes");
                assertEquals(1, flushes.get(), "flushed once while waiting for it");
                assertEquals(-1, in.read());
                writer.join();
            }
        });
    }

    @Test
    void aReadErrorComesAfterTheBytesBeforeIt() throws IOException {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                throw new AssertionError("not used");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (n++ == 0) {
                    Arrays.fill(b, off, off + 5, (byte) 9);
                    return 5;
                }
                throw new IOException("Input/output error");
            }
        };
        try (IdleInputStream in = new IdleInputStream(failing)) {
            byte[] b = new byte[5];
            assertEquals(5, in.readNBytes(b, 0, 5));
            IOException e = assertThrows(IOException.class, in::read);
            assertTrue(e.getMessage().contains("Input/output error"));
        }
    }
}
