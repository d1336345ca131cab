// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files of {@code testdata/pcapng} are exactly what {@link PcapngGoldenFiles} generates, and read as documented. */
class PcapngGoldenFilesTest {

    static Stream<String> names() {
        return PcapngGoldenFiles.all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void goldenFileIsWhatTheGeneratorProduces(String name) throws IOException {
        byte[] onDisk = Files.readAllBytes(Captures.testdata("pcapng").resolve(name));
        assertArrayEquals(PcapngGoldenFiles.all().get(name), onDisk,
                name + " differs from PcapngGoldenFiles: regenerate it deliberately or fix the generator");
    }

    @Test
    void folderHoldsTheGeneratedFilesAndAReadmeNamingEach() throws IOException {
        Path dir = Captures.testdata("pcapng");
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcapng"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(PcapngGoldenFiles.all().keySet()), files);
        String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
        for (String name : files) {
            assertTrue(readme.contains("`" + name + "`"), "README.md does not describe " + name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void goodFilesReadToTheEndAndFailFilesAreRejected(String name) throws IOException {
        Path file = Captures.testdata("pcapng").resolve(name);
        if (name.endsWith("-fail.pcapng")) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> readAll(file));
            assertTrue(e.getMessage().startsWith(file + ": record 3 at byte 232: "), e.getMessage());
        } else {
            assertTrue(readAll(file) > 0);
        }
    }

    private static long readAll(Path file) throws IOException {
        try (CaptureReader in = CaptureReader.open(file)) {
            while (in.next() != null) {
                assertEquals(CaptureFormat.PCAPNG, in.format());
            }
            return in.recordCount();
        }
    }
}
