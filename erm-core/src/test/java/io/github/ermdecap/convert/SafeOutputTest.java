// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeOutputTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void theTargetAppearsOnlyOnCommit() throws IOException {
        Path target = dir.resolve("out.pcap");
        Files.write(target, new byte[] {9});
        try (SafeOutput out = SafeOutput.create(target)) {
            String temp = out.temporaryFile().getFileName().toString();
            assertTrue(temp.startsWith(".out.pcap.erm-decap-tmp-"), temp);
            assertEquals(dir.toAbsolutePath(), out.temporaryFile().getParent(), "beside the target");
            OutputStream s = out.stream();
            s.write(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {9}, Files.readAllBytes(target), "the old file until commit");
            out.commit();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("out.pcap"), names());
    }

    @Test
    void closingWithoutCommitDeletesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("out.pcap");
        try (SafeOutput out = SafeOutput.create(target)) {
            out.stream().write(new byte[100]);
            assertTrue(Files.exists(out.temporaryFile()));
        }
        assertEquals(List.of(), names());
    }

    @Test
    void refusesTheInputBySameNameSymlinkOrHardLink() throws IOException {
        Path in = Files.write(dir.resolve("in.pcap"), new byte[] {1});
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), in);
        Path hard = Files.createLink(dir.resolve("hard.pcap"), in);
        for (Path target : List.of(in, link, hard)) {
            ConversionException e = assertThrows(ConversionException.class, () -> SafeOutput.create(target, in));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("refusing to overwrite the input"), e.getMessage());
        }
        assertEquals(List.of("hard.pcap", "in.pcap", "link.pcap"), names());
    }

    @Test
    void anUncreatableTemporaryFileIsAnOutputFailure() throws IOException {
        Path file = Files.write(dir.resolve("file"), new byte[] {1});
        ConversionException e = assertThrows(ConversionException.class,
                () -> SafeOutput.create(file.resolve("out.pcap")));
        assertEquals(ExitCode.OUTPUT_FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith(file.resolve("out.pcap") + ": create failed: Not a directory"),
                e.getMessage());
    }
}
