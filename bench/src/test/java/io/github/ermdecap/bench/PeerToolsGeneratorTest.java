// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ermdecap.capture.CaptureFormat;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Wireshark's own decoders judge a generated capture: its record count, its ERM headers, its IPv4 checksums. */
class PeerToolsGeneratorTest {

    @ParameterizedTest
    @EnumSource(CaptureFormat.class)
    void tsharkDecodesEveryErmRecordWithGoodIpv4Checksums(CaptureFormat format, @TempDir Path dir) throws Exception {
        Path tshark = find("tshark");
        Assumptions.assumeTrue(tshark != null,
                "tshark is not installed (Debian package tshark; .ci/run installs it): skipped");
        Path file = dir.resolve("generated." + format.name().toLowerCase(java.util.Locale.ROOT));
        ErmCaptureGenerator.Summary s;
        try (OutputStream out = Files.newOutputStream(file)) {
            s = ErmCaptureGenerator.generate(out, format, 21, 1 << 20);
        }
        List<String> lines = run(dir, tshark.toString(), "-r", file.toString(), "-d", "udp.port==7932,hp_erm",
                "-d", "udp.port==7933,hp_erm", "-o", "ip.check_checksum:TRUE", "-T", "fields", "-e", "hp_erm.vlan",
                "-e", "ip.checksum.status");
        assertEquals(s.records(), lines.size(), "records tshark sees");
        long erm = 0;
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            if (!fields[0].isEmpty()) {
                erm++;
            }
            for (String status : fields[1].split(",")) {
                assertTrue(status.isEmpty() || status.equals("1"), "IPv4 checksum status: " + line);
            }
        }
        assertEquals(s.ermRecords(), erm, "records tshark decodes as ERM");
    }

    private static List<String> run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve("tool.out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), "tshark exit code");
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static Path find(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
