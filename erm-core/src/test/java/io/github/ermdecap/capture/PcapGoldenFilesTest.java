// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class PcapGoldenFilesTest {

    @Test
    void committedGoldenFilesEqualWhatTheBuilderMakesNow() throws IOException {
        Path dir = CaptureIo.testdata().resolve("pcap");
        for (Map.Entry<String, byte[]> e : PcapGoldenFiles.all().entrySet()) {
            Path file = dir.resolve(e.getKey());
            assertTrue(Files.isRegularFile(file), file + " is missing: run PcapGoldenFiles.main");
            byte[] committed = Files.readAllBytes(file);
            if (e.getKey().endsWith(".gz")) {
                // deflate output differs between zlib builds: compare what it holds
                assertArrayEquals(gunzip(e.getValue()), gunzip(committed), file.toString());
            } else {
                assertArrayEquals(e.getValue(), committed, file + " differs: run PcapGoldenFiles.main");
            }
        }
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
