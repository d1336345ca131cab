// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import io.github.ermdecap.route.SplitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One output per ERM session or VLAN, and "other" for the records that are not ERM. */
class SplitConversionTest {
    @TempDir
    Path dir;

    @Test
    void splitByVlan() throws IOException {
        FlowCaptures capture = new FlowCaptures(11, 400);
        Path in = capture.write(dir.resolve("in.pcapng"), true);
        ConversionResult r = new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.split(SplitMode.VLAN))
                .convert(in, dir.resolve("out.pcapng"));
        List<String> files = new ArrayList<>();
        long total = 0;
        for (OutputCount o : r.outputs()) {
            files.add(o.file().getFileName().toString());
            int expectedVlan = "other".equals(o.label()) ? -1 : Integer.parseInt(o.label().substring(5));
            List<byte[]> frames = FlowCaptures.read(o.file());
            assertEquals(o.records(), frames.size());
            for (byte[] f : frames) {
                assertEquals(expectedVlan, capture.vlans.get(FlowCaptures.index(f)), o.label());
            }
            total += frames.size();
        }
        assertEquals(capture.frames.size(), total);
        files.sort(null);
        assertEquals(List.of("out-other.pcapng", "out-vlan-1.pcapng", "out-vlan-11.pcapng", "out-vlan-21.pcapng",
                "out-vlan-31.pcapng", "out-vlan-41.pcapng"), files);
        List<String> all = ShardedConversionTest.names(dir);
        assertEquals(List.of(".out.pcapng.erm-decap", "in.pcapng"), all.subList(0, 2), "the set's marker, the input");
        assertEquals(files, all.subList(2, 8));
    }

    @Test
    void splitBySwitchWithoutOther() throws IOException {
        FlowCaptures capture = new FlowCaptures(12, 300);
        Path in = capture.write(dir.resolve("in.pcap"), false);
        ConversionResult r = new Conversion(DecapOptions.DEFAULT.withNonErmPolicy(NonErmPolicy.DROP))
                .withRouting(OutputRouting.split(SplitMode.SWITCH)).convert(in, dir.resolve("out.pcap"));
        long total = 0;
        for (OutputCount o : r.outputs()) {
            assertTrue(o.label().matches("10\\.1\\.0\\.[123]-7932"), o.label());
            int expected = Integer.parseInt(o.label().substring(7, 8));
            for (byte[] f : FlowCaptures.read(o.file())) {
                assertEquals(expected, capture.switches.get(FlowCaptures.index(f)), o.label());
                total++;
            }
        }
        assertEquals(3, r.outputs().size());
        assertEquals(capture.switches.stream().filter(s -> s > 0).count(), total);
        assertEquals(r.recordsWritten(), total);
    }

    @Test
    void tooManyOutputsIsAUsageErrorAndLeavesNothing() throws IOException {
        FlowCaptures capture = new FlowCaptures(13, 300);
        Path in = capture.write(dir.resolve("in.pcap"), false);
        ConversionException e = assertThrows(ConversionException.class, () -> new Conversion(DecapOptions.DEFAULT)
                .withRouting(OutputRouting.split(SplitMode.VLAN, 3)).convert(in, dir.resolve("out.pcap")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().matches(".*in\\.pcap: record \\d+: split outputs: more than 3 \\(expected: at most 3;"
                + " next: [a-z0-9-]+\\); no output was written"), e.getMessage());
        assertEquals(List.of("in.pcap"), ShardedConversionTest.names(dir));
    }
}
