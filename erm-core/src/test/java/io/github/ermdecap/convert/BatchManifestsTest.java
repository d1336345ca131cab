// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.VlanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The public face of batch manifests reads what batch mode writes, and batch mode reads what it writes. */
class BatchManifestsTest {
    @TempDir
    Path dir;

    private static final Conversion PLAIN = new Conversion(DecapOptions.DEFAULT);

    @Test
    void batchModeAndTheOtherWriterAgree() throws IOException {
        Path in = dir.resolve("in/a.pcap");
        Files.createDirectories(in.getParent());
        new FlowCaptures(1, 20).write(in, false);
        long size = Files.size(in);
        long mtime = Files.getLastModifiedTime(in).toMillis();
        Path out = dir.resolve("out");
        new BatchConversion(PLAIN, out).withVersion("1.0").run(List.of(in));
        Path manifest = out.resolve(BatchManifests.fileName("a.pcap"));
        assertEquals(out.resolve(".a.pcap.erm-decap"), manifest);
        BatchManifests m = new BatchManifests("1.0", PLAIN);
        BatchManifests.Sizes sizes = name -> Files.isRegularFile(out.resolve(name)) ? Files.size(out.resolve(name)) : -1;
        try (InputStream s = Files.newInputStream(manifest)) {
            assertNull(m.outOfDate(s, size, mtime, sizes), "batch mode's manifest read");
        }
        try (InputStream s = Files.newInputStream(manifest)) {
            assertEquals("options or version changed", new BatchManifests("1.0",
                    new Conversion(DecapOptions.DEFAULT.withVlanMode(VlanMode.ALWAYS))).outOfDate(s, size, mtime, sizes));
        }
        try (InputStream s = Files.newInputStream(manifest)) {
            assertEquals("input changed", m.outOfDate(s, size, mtime + 1000, sizes));
        }
        assertEquals("no manifest", m.outOfDate(new ByteArrayInputStream(new byte[0]), size, mtime, sizes));

        // Written by another tool: batch mode takes it as up to date; a failed exit code is converted again.
        long outSize = Files.size(out.resolve("a.pcap"));
        Files.write(manifest, m.bytes(size, mtime, ExitCode.SUCCESS, Map.of("a.pcap", outSize)));
        assertEquals(1, new BatchConversion(PLAIN, out).withVersion("1.0").run(List.of(in))
                .count(FileResult.Status.SKIPPED));
        byte[] failed = m.bytes(size, mtime, ExitCode.INPUT_DAMAGED, Map.of("a.pcap", outSize));
        assertEquals("the last conversion failed", m.outOfDate(new ByteArrayInputStream(failed), size, mtime, sizes));
        Files.write(manifest, failed);
        assertEquals(1, new BatchConversion(PLAIN, out).withVersion("1.0").run(List.of(in))
                .count(FileResult.Status.CONVERTED));
    }

    /** The same set gives the same bytes (no date comment, keys in order), and any file name reads back. */
    @Test
    void aManifestsBytesDependOnlyOnTheSet() throws IOException {
        BatchManifests m = new BatchManifests("1.0", PLAIN);
        String name = "caf\u00e9 \u6f22#=!:\\ x.pcap";
        Map<String, Long> outputs = Map.of(name, 7L, "b.pcap", 9L);
        byte[] first = m.bytes(100, 1234, ExitCode.SUCCESS, outputs);
        String text = new String(first, java.nio.charset.StandardCharsets.ISO_8859_1);
        org.junit.jupiter.api.Assertions.assertFalse(text.startsWith("#"), text);
        List<String> lines = List.of(text.split("\n"));
        assertEquals(lines.stream().sorted().toList(), lines);
        for (byte b : first) {
            org.junit.jupiter.api.Assertions.assertTrue(b > 0, text);
        }
        try {
            Thread.sleep(1100); // Properties.store's date comment has a one-second grain
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, m.bytes(100, 1234, ExitCode.SUCCESS, outputs));
        BatchManifests.Sizes sizes = n -> n.equals(name) ? 7 : n.equals("b.pcap") ? 9 : -1;
        assertNull(m.outOfDate(new ByteArrayInputStream(first), 100, 1234, sizes), text);
        BatchManifests.Sizes other = n -> n.equals("b.pcap") ? 9 : -1;
        assertEquals("output " + name + " missing or changed",
                m.outOfDate(new ByteArrayInputStream(first), 100, 1234, other));
    }
}
