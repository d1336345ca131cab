// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapngBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.github.ermdecap.cli.Fixtures.BASE_SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -c}, {@code -A}/{@code -B}, {@code --merge} and {@code --report} through the command. */
class SelectionAndMergeCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** The mixed fixture, whose record i is stamped BASE_SECONDS + i seconds (and a few µs). */
    private Path mixed() throws IOException {
        return write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, ConvertCommandTest.mixed()));
    }

    /** Every record of a capture: seconds and bytes. */
    private static List<String> records(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (CaptureReader in = CaptureReader.open(p)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                byte[] b = Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.capturedLength());
                out.add(r.epochSecond() + "." + r.nanos() + " " + Arrays.toString(b));
            }
        }
        return out;
    }

    @Test
    void aMergedPcapWhoseLinkTypePcapngCannotHoldIsRefusedUpFront() throws IOException {
        Path eth = dir.resolve("eth.pcap");
        Files.write(eth, Fixtures.pcap(false, LinkType.ETHERNET, ConvertCommandTest.mixed()));
        Path wide = dir.resolve("wide.pcap");
        Files.write(wide, Fixtures.pcap(false, 70_000, List.of(new byte[40], new byte[40])));
        Path out = dir.resolve("m.pcapng");
        Cli r = Cli.run("-F", "pcapng", "--merge", eth.toString(), wide.toString(), out.toString());
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.matches("erm-decap: .*wide\\.pcap: link type LINKTYPE_70000: records that are not ERM cannot"
                + " go into pcapng output, whose link types have 16 bits \\(expected: keep only decapsulated frames"
                + " with --drop-other\\)\n"), r.toString());
        assertFalse(Files.exists(out));
        assertEquals(0, Cli.run("-q", "--drop-other", "-F", "pcapng", "--merge", eth.toString(), wide.toString(),
                out.toString()).code, "with --drop-other the merge runs");
    }

    @Test
    void theSummaryListsTheBusiestSessionsWithVlanRangesAndSumsTheRest() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int sw = 1; sw <= 30; sw++) {
            for (int i = 0; i < sw; i++) {                    // switch N sends N records: 1..30
                frames.add(Fixtures.erm(sw, Fixtures.ERM_PORT, sw == 30 ? 10 + i : 7, false, Fixtures.inner(1, 2, 8)));
            }
        }
        Path in = dir.resolve("many.pcap");
        Files.write(in, Fixtures.pcap(false, LinkType.ETHERNET, frames));
        Cli r = Cli.run(in.toString(), dir.resolve("o.pcap").toString());
        assertEquals(0, r.code, r.toString());
        long lines = r.err.lines().filter(l -> l.matches("    10\\.1\\.0\\.\\d+ port 7932: .*")).count();
        assertEquals(Summary.MAX_SESSIONS_SHOWN, lines, r.toString());
        assertTrue(r.err.contains("    10.1.0.30 port 7932: 30 packets, "), r.toString());
        assertTrue(r.err.contains(", VLANs 10-39\n"), "a run of VLANs as a range: " + r);
        assertFalse(r.err.contains("10.1.0.10 port"), "the 10 quietest are summed: " + r);
        assertTrue(r.err.contains("    10 more sessions: 55 packets (every session is in --stats)\n"), r.toString());
    }

    @Test
    void vlanRanges() {
        assertEquals("", Summary.ranges(new java.util.TreeSet<>()));
        assertEquals("7", Summary.ranges(new java.util.TreeSet<>(List.of(7))));
        assertEquals("1,2,4-6,9,4094", Summary.ranges(new java.util.TreeSet<>(List.of(1, 2, 4, 5, 6, 9, 4094))));
    }

    @Test
    void countStopsAfterThatManyRecords() throws IOException {
        Path in = mixed();
        assertEquals(0, Cli.run(in.toString(), dir.resolve("all.pcap").toString()).code);
        Cli r = Cli.run("-c", "2", in.toString(), dir.resolve("two.pcap").toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(records(dir.resolve("all.pcap")).subList(0, 2), records(dir.resolve("two.pcap")));
        assertTrue(r.err.contains("stopped after -c 2 records"), r.err);
    }

    @Test
    void countLargerThanTheInputSaysSo() throws IOException {
        Cli r = Cli.run("-c", "99", mixed().toString(), dir.resolve("o.pcap").toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(5, records(dir.resolve("o.pcap")).size());
        assertTrue(r.err.contains("-c 99 not reached"), r.err);
    }

    @Test
    void countStopsReadingAPipe() throws IOException {
        // A stream whose third record is damaged: -c 2 returns before reading it, so the run is clean.
        byte[] ok = Fixtures.pcap(false, LinkType.ETHERNET, ConvertCommandTest.mixed());
        byte[] cut = Arrays.copyOf(ok, 24 + 2 * 16 + ConvertCommandTest.mixed().get(0).length
                + ConvertCommandTest.mixed().get(1).length + 20);
        Cli r = Cli.run(cut, "-q", "-c", "2", "-", "-");
        assertEquals(0, r.code, r.toString());
        Cli whole = Cli.run(cut, "-q", "-", "-");
        assertEquals(1, whole.code, whole.toString());
    }

    @Test
    void timeWindowKeepsStartAndDropsStop() throws IOException {
        Path in = mixed();
        assertEquals(0, Cli.run(in.toString(), dir.resolve("all.pcap").toString()).code);
        // Records are at BASE+i s + (i+7) µs: [BASE+1 s, BASE+3.000010 s) holds records 1 and 2 (record 3 is at
        // BASE+3.000010 exactly, the exclusive end).
        Cli r = Cli.run("-A", Long.toString(BASE_SECONDS + 1), "-B", (BASE_SECONDS + 3) + ".00001",
                "--stats", dir.resolve("s.json").toString(), in.toString(), dir.resolve("w.pcap").toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(records(dir.resolve("all.pcap")).subList(1, 3), records(dir.resolve("w.pcap")));
        assertTrue(r.err.contains("3 records outside the time window"), r.err);
        String json = Files.readString(dir.resolve("s.json"));
        assertTrue(json.contains("\"outside_window\":3"), json);
        assertTrue(json.contains("\"limit\":null"), json);
    }

    @Test
    void timeAcceptsEditcapsDateForm() throws IOException {
        Path in = mixed();
        // 2023-11-14T22:13:22Z is BASE_SECONDS + 2: records 2, 3 and 4 remain.
        Cli r = Cli.run("-q", "-A", "2023-11-14 22:13:22Z", in.toString(), dir.resolve("w.pcap").toString());
        assertEquals(0, r.code, r.toString());
        assertEquals(3, records(dir.resolve("w.pcap")).size());
    }

    @Test
    void badTimesAndCountsAreUsageErrors() throws IOException {
        Path in = mixed();
        String out = dir.resolve("o.pcap").toString();
        assertEquals(2, Cli.run("-A", "yesterday", in.toString(), out).code);
        assertEquals(2, Cli.run("-c", "0", in.toString(), out).code);
        Cli r = Cli.run("-A", "1700000010", "-B", "1700000001", in.toString(), out);
        assertEquals(2, r.code);
        assertTrue(r.err.contains("START before STOP"), r.err);
        assertEquals(2, Cli.run("-c", "1", "-o", dir.resolve("d").toString(), in.toString()).code);
        assertFalse(Files.exists(dir.resolve("o.pcap")));
    }

    @Test
    void mergeOfTwoHalvesEqualsTheWhole() throws IOException {
        List<byte[]> all = ConvertCommandTest.mixed();
        Path whole = write("whole.pcap", Fixtures.pcap(false, LinkType.ETHERNET, all));
        Path even = write("even.pcap", Fixtures.pcap(false, LinkType.ETHERNET, new int[] {0, 2, 4},
                List.of(all.get(0), all.get(2), all.get(4))));
        Path odd = write("odd.pcap", Fixtures.pcap(false, LinkType.ETHERNET, new int[] {1, 3},
                List.of(all.get(1), all.get(3))));
        for (String ext : List.of("pcap", "pcapng")) {
            assertEquals(0, Cli.run("-p", "7932,7933", whole.toString(), dir.resolve("a." + ext).toString()).code);
            Cli r = Cli.run("-p", "7932,7933", "--merge", odd.toString(), even.toString(),
                    dir.resolve("m." + ext).toString());
            assertEquals(0, r.code, r.toString());
            assertArrayEquals(Files.readAllBytes(dir.resolve("a." + ext)), Files.readAllBytes(dir.resolve("m." + ext)),
                    ext + ": the merge of the halves is the conversion of the whole");
            assertTrue(r.err.contains("odd.pcap + "), r.err);
        }
    }

    @Test
    void mergeKeepsEveryInputsInterfaces() throws IOException {
        byte[] frame = ConvertCommandTest.PLAIN;
        Path a = write("a.pcapng", new PcapngBuilder().shb(false)
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.string(2, "eth-a"))
                .epb(0, 1_000_000L * (BASE_SECONDS + 1), frame).epb(0, 1_000_000L * (BASE_SECONDS + 3), frame).bytes());
        Path b = write("b.pcapng", new PcapngBuilder().shb(true)
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.string(2, "eth-b"))
                .epb(0, 1_000_000L * (BASE_SECONDS + 2), frame).bytes());
        Path out = dir.resolve("m.pcapng");
        Cli r = Cli.run("-q", "--merge", a.toString(), b.toString(), out.toString());
        assertEquals(0, r.code, r.toString());
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (CaptureReader in = CaptureReader.open(out)) {
            for (PacketRecord p; (p = in.next()) != null; ) {
                names.add(p.epochSecond() - BASE_SECONDS + ":" + p.iface().name());
            }
            for (InterfaceInfo i : in.interfaces()) {
                seen.add(i.name());
            }
        }
        assertEquals(List.of("1:eth-a", "2:eth-b", "3:eth-a"), names);
        assertEquals(Set.of("eth-a", "eth-b"), seen);
    }

    @Test
    void mergeWithADamagedInputKeepsEverythingReadable() throws IOException {
        List<byte[]> all = ConvertCommandTest.mixed();
        Path good = write("good.pcap", Fixtures.pcap(false, LinkType.ETHERNET, all));
        byte[] full = Fixtures.pcap(false, LinkType.ETHERNET, new int[] {0, 1}, List.of(all.get(0), all.get(1)));
        Path bad = write("bad.pcap", Arrays.copyOf(full, full.length - 5));
        Cli r = Cli.run("--merge", good.toString(), bad.toString(), dir.resolve("m.pcap").toString());
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("bad.pcap: record 2 at byte"), r.err);
        assertEquals(6, records(dir.resolve("m.pcap")).size(), "5 good records and the first of the damaged file");
    }

    @Test
    void mergeRefusesToOverwriteAnyInputAndTwoStdins() throws IOException {
        Path a = mixed();
        Path b = write("b.pcap", Fixtures.pcap(false, LinkType.ETHERNET, ConvertCommandTest.mixed()));
        byte[] before = Files.readAllBytes(b);
        Cli r = Cli.run("--merge", a.toString(), b.toString(), b.toString());
        assertEquals(2, r.code, r.toString());
        assertArrayEquals(before, Files.readAllBytes(b));
        assertEquals(2, Cli.run("--merge", "-", "-", dir.resolve("o.pcap").toString()).code);
    }

    @Test
    void reportWritesNoCaptureButTheSummaryAndStats() throws IOException {
        Path in = mixed();
        Path stats = dir.resolve("r.json");
        Cli r = Cli.run("--report", "-p", "7932,7933", "--stats", stats.toString(), in.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.err.contains("decapsulated"), r.err);
        assertEquals(0, r.stdout.length);
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("in.pcap", "r.json"),
                    new HashSet<>(files.map(p -> p.getFileName().toString()).toList()));
        }
        String json = new String(Files.readAllBytes(stats), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"records_read\":5"), json);
    }

    @Test
    void reportTakesOneInputOrSeveralMerged() throws IOException {
        Path in = mixed();
        assertEquals(2, Cli.run("--report", in.toString(), in.toString()).code);
        Cli r = Cli.run("--report", "--merge", in.toString(), in.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.err.contains("records read                  10"), r.err);
        assertEquals(2, Cli.run("--report", "--shards", "2", in.toString()).code);
    }
}
