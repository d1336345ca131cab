// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindStreamTest {

    @Test
    void everyByteArrivesInOrderWhateverTheWriteSizes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out");
        Random random = new Random(7);
        byte[] data = new byte[3 * WriteBehindStream.BLOCK * WriteBehindStream.BLOCKS + 12345];
        random.nextBytes(data);
        try (WriteBehindStream out = new WriteBehindStream(open(file))) {
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, random.nextInt(3) == 0 ? random.nextInt(3 << 20) : random.nextInt(2000));
                out.write(data, at, n);
                at += n;
                if (random.nextInt(50) == 0) {
                    out.flush();
                }
            }
        }
        assertArrayEquals(data, Files.readAllBytes(file));
    }

    @Test
    void aWriteErrorOnTheBackgroundThreadReachesTheWriter(@TempDir Path dir) throws IOException {
        FileChannel channel = open(dir.resolve("out"));
        WriteBehindStream out = new WriteBehindStream(channel);
        channel.close(); // the next block written on the background thread fails
        byte[] block = new byte[WriteBehindStream.BLOCK];
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 10 * WriteBehindStream.BLOCKS; i++) {
                out.write(block, 0, block.length);
            }
            out.close();
        });
        assertEquals(java.nio.channels.ClosedChannelException.class, e.getClass());
        out.abort();
    }

    @Test
    void abortStopsTheWriterThread(@TempDir Path dir) throws Exception {
        long before = writerThreads();
        WriteBehindStream out = new WriteBehindStream(open(dir.resolve("out")));
        out.write(new byte[100], 0, 100);
        out.abort();
        assertEquals(before, writerThreads());
        assertThrows(IOException.class, () -> out.write(new byte[1], 0, 1));
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("erm-decap-writer") && t.isAlive()).count();
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
