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
}
