// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command on the real switch captures of {@code ../shared/samples} (skipped when absent). The same pings
 * appear there un-encapsulated beside their ERM copies, so decapsulated frames can be compared byte for byte.
 */
class RealSamplesCommandTest {
    static Path samples;

    @TempDir
    Path dir;

    @BeforeAll
    static void findSamples() {
        String property = System.getProperty("erm.samples.dir");
        samples = property == null ? null : Path.of(property);
        assumeTrue(samples != null && Files.isRegularFile(samples.resolve("hp-erm-1.cap")),
                "real samples not found (erm.samples.dir=" + property + "): skipped");
    }

    private List<byte[]> convert(String sample, String... options) throws IOException {
        Path out = dir.resolve(sample + ".out.pcap");
        String[] args = new String[options.length + 3];
        args[0] = "-q";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = samples.resolve(sample).toString();
        args[options.length + 2] = out.toString();
        Cli r = Cli.run(args);
        assertEquals(0, r.code, r::toString);
        try (CaptureReader reader = CaptureReader.open(out)) {
            return ConvertCommandTest.frames(reader);
        }
    }

    @Test
    void untaggedPingsComeOutAsTheirUnencapsulatedCopies() throws IOException {
        List<byte[]> frames = convert("hp-erm-1.cap");
        assertEquals(8, frames.size(), "every record comes out");
        assertArrayEquals(frames.get(0), frames.get(2), "frame 3 (ERM) = frame 1 (plain)");
        assertArrayEquals(frames.get(1), frames.get(3), "frame 4 (ERM) = frame 2 (plain)");
    }

    @Test
    void restoredTagMatchesTheTaggedCopy() throws IOException {
        List<byte[]> frames = convert("hp-erm-1.cap", "--vlan", "always");
        assertArrayEquals(frames.get(5), frames.get(7), "frame 8 (ERM, VLAN 2011 restored) = frame 6 (tagged)");
    }

    @Test
    void nestedErmIsDecapsulatedTwice() throws IOException {
        Path stats = dir.resolve("stats.json");
        convert("hp-erm-2.cap", "--stats", stats.toString());
        String json = Files.readString(stats);
        assertTrue(json.contains("\"records_read\":16"), json);
        assertTrue(json.contains("\"decapsulated_at_depth\":{\"1\":8,\"2\":4}"), json);
        List<byte[]> once = convert("hp-erm-2.cap", "--depth", "1");
        List<byte[]> fully = convert("hp-erm-2.cap");
        assertEquals(fully.size(), once.size());
        assertEquals(fully.get(4).length + 54, once.get(4).length, "frame 5: one ERM layer (54 bytes) left");
    }
}
