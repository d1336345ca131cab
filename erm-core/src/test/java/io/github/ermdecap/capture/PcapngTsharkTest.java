// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.github.ermdecap.capture.PcapngGoldenFiles.SECOND;
import static io.github.ermdecap.capture.PcapngGoldenFiles.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cross-checks {@link PcapngWriter} with Wireshark's own reader: {@code capinfos} for the interfaces,
 * {@code tshark} for every packet's timestamp, lengths, interface, comments and flags. Skipped when the tools
 * are not installed.
 */
class PcapngTsharkTest {
    private static final InterfaceInfo ETH_NS =
            new InterfaceInfo(0, 0, LinkType.ETHERNET, 65535, Timestamps.NANOS, 0, -1, "eth0", null);
    private static final InterfaceInfo SLL_US =
            new InterfaceInfo(0, 1, LinkType.LINUX_SLL, 262144, Timestamps.MICROS, 0, -1, "any", null);
    private static final InterfaceInfo ETH_US =
            new InterfaceInfo(0, 2, LinkType.ETHERNET, 1518, Timestamps.MICROS, 0, -1, null, "mirror port");

    @Test
    void wiresharkReadsWhatPcapngWriterWrites(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(onPath("tshark") && onPath("capinfos"), "tshark or capinfos is not installed: cross-check skipped");
        Path file = dir.resolve("written.pcapng");
        try (OutputStream out = Files.newOutputStream(file); PcapngWriter w = new PcapngWriter(out)) {
            write(w, ETH_NS, SECOND, 123_456_789, 60, 60, -1, "first", "zweite ✓");
            write(w, SLL_US, SECOND + 1, 1_000, 44, 100, 0x1);
            write(w, ETH_US, SECOND + 2, 999_999_000, 64, 64, 0x82);
            write(w, ETH_NS, SECOND + 3, 1, 61, 1514, -1, "x");
        }

        String interfaces = run("capinfos", "-M", "-c", "-I", file.toString());
        assertEquals(List.of("Ethernet (1 - ether)", "Linux cooked-mode capture v1 (25 - linux-sll)",
                "Ethernet (1 - ether)"), values(interfaces, "Encapsulation = "));
        assertEquals(List.of("nanoseconds (9)", "microseconds (6)", "microseconds (6)"),
                values(interfaces, "Time precision = "));
        assertEquals(List.of("eth0", "any"), values(interfaces, "Name = "));
        assertEquals(List.of("mirror port"), values(interfaces, "Description = "));
        assertEquals(List.of("4"), values(interfaces, "Number of packets:"));

        String packets = run("tshark", "-r", file.toString(), "-T", "fields", "-E", "aggregator=|",
                "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.interface_id",
                "-e", "frame.comment", "-e", "frame.packet_flags");
        assertEquals(List.of(
                "1700000000.123456789\t60\t60\t0\tfirst|zweite ✓\t",
                "1700000001.000001000\t100\t44\t1\t\t0x00000001",
                "1700000002.999999000\t64\t64\t2\t\t0x00000082",
                "1700000003.000000001\t1514\t61\t0\tx\t"), Arrays.asList(packets.split("\n")));
    }

    private static void write(PcapngWriter w, InterfaceInfo iface, long second, int nanos, int length,
                              long originalLength, long flags, String... comments) throws IOException {
        PacketRecord r = new PacketRecord().setInterface(iface).setTimestamp(second, nanos).setFlags(flags);
        for (String c : comments) {
            r.addComment(c);
        }
        w.write(r, iface, frame(length, nanos), 0, length, originalLength);
    }

    private static List<String> values(String output, String key) {
        List<String> values = new ArrayList<>();
        for (String line : output.split("\n")) {
            int at = line.indexOf(key);
            if (at >= 0) {
                values.add(line.substring(at + key.length()).trim());
            }
        }
        return values;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + " failed; output: " + out);
        return out;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
