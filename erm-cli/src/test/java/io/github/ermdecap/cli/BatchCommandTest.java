// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.ermdecap.cli.ConvertCommandTest.A;
import static io.github.ermdecap.cli.ConvertCommandTest.B;
import static io.github.ermdecap.cli.ConvertCommandTest.NESTED;
import static io.github.ermdecap.cli.ConvertCommandTest.PLAIN;
import static io.github.ermdecap.cli.ConvertCommandTest.mixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code erm-decap -o DIR IN...}: mirrored tree, a bad file among good ones, skip-if-newer, --force. */
class BatchCommandTest {
    @TempDir
    Path dir;

    private Path tree() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("site-a/day1"));
        Files.createDirectories(in.resolve("site-b"));
        byte[] good = Fixtures.pcap(false, LinkType.ETHERNET, mixed());
        Files.write(in.resolve("site-a/day1/one.pcap"), good);
        Files.write(in.resolve("site-a/two.cap"), good);
        Files.write(in.resolve("site-b/bad.pcap"), Arrays.copyOf(good, good.length - 5));
        Files.writeString(in.resolve("site-b/README.txt"), "not a capture: ignored in directories");
        return in;
    }

    /** The files under {@code root}, without the hidden manifests beside the outputs. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> root.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void mirrorsTheTreeAndCarriesOnPastABadFile() throws IOException {
        Path in = tree();
        Path out = dir.resolve("out");
        Cli r = Cli.run("-j", "2", "-o", out.toString(), in.toString());
        assertEquals(1, r.code, r::toString);
        assertEquals(List.of("site-a/day1/one.pcap", "site-a/two.cap", "site-b/bad.pcap"), files(out));
        byte[] expected = Fixtures.pcap(false, LinkType.ETHERNET,
                List.of(A, PLAIN, B, NESTED, mixed().get(4)));
        assertArrayEquals(expected, Files.readAllBytes(out.resolve("site-a/day1/one.pcap")));
        assertArrayEquals(expected, Files.readAllBytes(out.resolve("site-a/two.cap")));
        assertArrayEquals(Fixtures.pcap(false, LinkType.ETHERNET, List.of(A, PLAIN, B, NESTED)),
                Files.readAllBytes(out.resolve("site-b/bad.pcap")), "the good prefix of the bad file");
        assertTrue(r.err.contains("erm-decap: " + in.resolve("site-b/bad.pcap") + " -> "), r::toString);
        assertTrue(r.err.contains("record 5 at byte"), r::toString);
        assertTrue(r.err.contains("3 files: 3 converted, 0 skipped, 0 failed"), r::toString);
        assertTrue(r.err.matches("(?s).*records read\\s+14\\n.*"), r::toString);
    }

    @Test
    void skipsNewerOutputsUnlessForced() throws IOException {
        Path in = tree();
        Path out = dir.resolve("out");
        assertEquals(1, Cli.run("-q", "-o", out.toString(), in.toString()).code);
        Cli again = Cli.run("-o", out.toString(), in.toString());
        assertTrue(again.err.contains(in.resolve("site-a/two.cap") + ": skipped (up to date)"), again::toString);
        assertTrue(again.err.contains("3 files: 1 converted, 2 skipped, 0 failed"), again::toString);
        assertEquals(1, again.code, "the damaged input is converted and reported again, never 'up to date'");
        assertTrue(again.err.contains("erm-decap: " + in.resolve("site-b/bad.pcap") + " -> "), again::toString);

        Files.setLastModifiedTime(in.resolve("site-a/two.cap"), FileTime.from(Instant.now().plusSeconds(60)));
        Cli touched = Cli.run("-o", out.toString(), in.toString());
        assertTrue(touched.err.contains("3 files: 2 converted, 1 skipped, 0 failed"), touched::toString);

        Cli forced = Cli.run("--force", "-o", out.toString(), in.toString());
        assertTrue(forced.err.contains("3 files: 3 converted, 0 skipped, 0 failed"), forced::toString);
        assertEquals(1, forced.code);
    }

    @Test
    void neverPicksUpItsOwnOutputs() throws IOException {
        Path in = tree();
        Path out = in.resolve("decapsulated");
        Files.createDirectories(out);
        Files.writeString(out.resolve(".x.pcap.erm-decap-tmp-1234"), "a leftover temporary file");
        Files.writeString(in.resolve(".one.pcap.erm-decap-tmp-99"), "another one");
        Cli r = Cli.run("-q", "-o", out.toString(), in.toString());
        assertEquals(1, r.code, r::toString);
        Cli twice = Cli.run("-f", "-o", out.toString(), in.toString());
        assertTrue(twice.err.contains("3 files: 3 converted"), twice::toString);
        assertFalse(Files.exists(out.resolve("decapsulated")), "no output of an output");
    }

    @Test
    void filesByNameAndFormatChange() throws IOException {
        Path in = tree();
        Path out = dir.resolve("out");
        Path missing = dir.resolve("missing.pcap");
        Cli r = Cli.run("-F", "pcapng", "-o", out.toString(), in.resolve("site-a/two.cap").toString(),
                missing.toString());
        assertEquals(2, r.code, r::toString);
        assertEquals(List.of("two.pcapng"), files(out));
        assertTrue(r.err.contains("erm-decap: " + missing + ": no such file"), r::toString);
    }

    @Test
    void batchStatsJsonListsEveryFile() throws IOException {
        Path in = tree();
        Path stats = dir.resolve("stats.json");
        Cli r = Cli.run("-q", "--stats", stats.toString(), "-o", dir.resolve("out").toString(), in.toString());
        assertEquals(1, r.code);
        String json = Files.readString(stats);
        assertTrue(json.startsWith("{\"exit_code\":1,\"files_converted\":3,"), json);
        assertTrue(json.contains("\"records_read\":14"), json);
        assertEquals(3, json.split("\"status\":\"converted\"", -1).length - 1, json);
        assertTrue(json.contains("record 5 at byte"), json);
    }
}
