// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --shards}, {@code --shard-vlan} and {@code --split}: names, counts, combinations and errors. */
class ShardCommandTest {
    private static final int ERM_RECORDS = 300;
    private static final int PLAIN_RECORDS = 20;

    @TempDir
    Path dir;

    /** ERM from switches 10.1.0.1..3, VLANs 10..40, then plain UDP frames that are not ERM. */
    private Path input() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < ERM_RECORDS; i++) {
            byte[] inner = Fixtures.inner(1 + i % 250, 1 + i * 7 % 250, 20 + i % 30);
            frames.add(Fixtures.erm(1 + i % 3, Fixtures.ERM_PORT, 10 + 10 * (i % 4), false, inner));
        }
        for (int i = 0; i < PLAIN_RECORDS; i++) {
            frames.add(Fixtures.inner(1 + i, 200 + i, 10));
        }
        Path in = dir.resolve("in.pcap");
        Files.write(in, Fixtures.pcap(false, LinkType.ETHERNET, frames));
        return in;
    }

    private static long records(Path capture) throws IOException {
        try (CaptureReader r = CaptureReader.open(capture)) {
            while (r.next() != null) {
                continue;
            }
            return r.recordCount();
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shardsNameTheFilesAndReportEach() throws IOException {
        Path in = input();
        Cli r = Cli.run("--shards", "4", "--stats", dir.resolve("s.json").toString(), in.toString(),
                dir.resolve("part.pcap").toString());
        assertEquals(0, r.code, r::toString);
        assertEquals(List.of(".part.pcap.erm-decap", "in.pcap", "part-0.pcap", "part-1.pcap", "part-2.pcap",
                "part-3.pcap", "s.json"), names(), "the set's completion marker is written last");
        long total = 0;
        String json = Files.readString(dir.resolve("s.json"));
        for (int s = 0; s < 4; s++) {
            Path shard = dir.resolve("part-" + s + ".pcap");
            long n = records(shard);
            total += n;
            assertTrue(r.err.matches("(?s).*\\n    " + s + " +[0-9,]+ records .*" + Pattern.quote(shard.toString()) + "\\n.*"),
                    r::toString);
            assertTrue(json.contains("{\"label\":\"" + s + "\",\"file\":\"" + shard + "\",\"records\":" + n + ","),
                    json);
        }
        assertEquals(ERM_RECORDS + PLAIN_RECORDS, total);
        assertTrue(r.err.contains("  outputs (4):"), r::toString);
    }

    @Test
    void shardVlanChangesTheAssignment() throws IOException {
        Path in = input();
        assertEquals(0, Cli.run("-q", "--shards", "8", in.toString(), dir.resolve("a.pcap").toString()).code);
        assertEquals(0, Cli.run("-q", "--shards", "8", "--shard-vlan", in.toString(), dir.resolve("b.pcap").toString())
                .code);
        boolean differs = false;
        long total = 0;
        for (int s = 0; s < 8; s++) {
            long a = records(dir.resolve("a-" + s + ".pcap"));
            differs |= a != records(dir.resolve("b-" + s + ".pcap"));
            total += records(dir.resolve("b-" + s + ".pcap"));
        }
        assertTrue(differs, "the ERM VLAN id takes part with --shard-vlan");
        assertEquals(ERM_RECORDS + PLAIN_RECORDS, total);
    }

    @Test
    void splitByVlanAndBySwitch() throws IOException {
        Path in = input();
        Cli vlan = Cli.run("-q", "--split", "vlan", in.toString(), dir.resolve("v.pcapng").toString());
        assertEquals(0, vlan.code, vlan::toString);
        Cli sw = Cli.run("-q", "--split", "SWITCH", "--drop-other", in.toString(), dir.resolve("s.pcap").toString());
        assertEquals(0, sw.code, sw::toString);
        assertEquals(List.of(".s.pcap.erm-decap", ".v.pcapng.erm-decap", "in.pcap", "s-10.1.0.1-7932.pcap",
                "s-10.1.0.2-7932.pcap", "s-10.1.0.3-7932.pcap",
                "v-other.pcapng", "v-vlan-10.pcapng", "v-vlan-20.pcapng", "v-vlan-30.pcapng", "v-vlan-40.pcapng"),
                names());
        assertEquals(ERM_RECORDS / 4, records(dir.resolve("v-vlan-30.pcapng")));
        assertEquals(PLAIN_RECORDS, records(dir.resolve("v-other.pcapng")));
        assertEquals(ERM_RECORDS / 3, records(dir.resolve("s-10.1.0.2-7932.pcap")));
    }

    @Test
    void theSetsMarkerListsEveryFileAndIsAbsentWhileTheSetIsReplaced() throws IOException {
        Path in = input();
        String out = dir.resolve("part.pcap").toString();
        assertEquals(0, Cli.run("-q", "--shards", "3", in.toString(), out).code);
        Path marker = dir.resolve(".part.pcap.erm-decap");
        String text = Files.readString(marker);
        for (int s = 0; s < 3; s++) {
            String name = "part-" + s + ".pcap";
            assertTrue(text.contains("output." + s + "=" + name + "\n"), text);
            assertTrue(text.contains("output." + s + ".size=" + Files.size(dir.resolve(name)) + "\n"), text);
        }
        assertTrue(text.contains("exit.code=0\n"), text);

        // a run that fails before committing leaves the previous set whole, marker included
        Files.write(dir.resolve("bad.pcap"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Cli bad = Cli.run("-q", "--shards", "3", dir.resolve("bad.pcap").toString(), out);
        assertEquals(1, bad.code, bad::toString);
        assertEquals(text, Files.readString(marker));

        // a set whose commit was cut short (killed after renaming part of it): no marker, so decidably
        // incomplete; the next run writes the whole set and the marker again
        Files.delete(marker);
        Files.delete(dir.resolve("part-2.pcap"));
        assertEquals(0, Cli.run("-q", "--shards", "3", in.toString(), out).code);
        assertEquals(text, Files.readString(marker));
        assertTrue(Files.exists(dir.resolve("part-2.pcap")));
    }

    @Test
    void theMarkerPathIsNeverAnInputAUsersFileOrTheStatsFile() throws IOException {
        Path in = input();
        // the input in disguise: the set's marker name
        Path disguised = dir.resolve(".part.pcap.erm-decap");
        Files.copy(in, disguised);
        byte[] before = Files.readAllBytes(disguised);
        Cli r = Cli.run("-q", "--shards", "2", disguised.toString(), dir.resolve("part.pcap").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("refusing to overwrite the input"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(disguised));
        assertFalse(Files.exists(dir.resolve("part-0.pcap")));
        // a user's file of that name, not a marker of ours
        Path users = dir.resolve(".v.pcap.erm-decap");
        Files.writeString(users, "my notes\n");
        r = Cli.run("-q", "--split", "vlan", in.toString(), dir.resolve("v.pcap").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.matches("erm-decap: .*\\.v\\.pcap\\.erm-decap: exists and is not an erm-decap set marker;"
                + " refusing to replace it \\(expected: .*\\)\n"), r::toString);
        assertEquals("my notes\n", Files.readString(users));
        // --stats naming the marker
        r = Cli.run("-q", "--shards", "2", "--stats", dir.resolve(".s.pcap.erm-decap").toString(), in.toString(),
                dir.resolve("s.pcap").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("the set marker"), r::toString);
    }

    @Test
    void aRerunReplacesTheWholeSplitSetButLeavesFilesItDidNotWrite() throws IOException {
        Path in = input();
        String out = dir.resolve("v.pcap").toString();
        assertEquals(0, Cli.run("-q", "--split", "vlan", in.toString(), out).code);
        // a user's file that happens to have a name of the family, and a set member a user has since changed
        Files.writeString(dir.resolve("v-vlan-99.pcap"), "mine");
        Files.write(dir.resolve("v-vlan-40.pcap"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        // the same split without the non-ERM records: v-other.pcap is no longer part of the set
        assertEquals(0, Cli.run("-q", "--split", "vlan", "--drop-other", in.toString(), out).code);
        assertEquals(List.of(".v.pcap.erm-decap", "in.pcap", "v-vlan-10.pcap", "v-vlan-20.pcap", "v-vlan-30.pcap",
                "v-vlan-40.pcap", "v-vlan-99.pcap"), names(), "the stale v-other.pcap is removed");
        assertEquals("mine", Files.readString(dir.resolve("v-vlan-99.pcap")));

        // a stale member changed since it was written (not the recorded size) is left alone
        assertEquals(0, Cli.run("-q", "--split", "vlan", in.toString(), out).code);
        Files.write(dir.resolve("v-other.pcap"), new byte[] {9}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, Cli.run("-q", "--split", "vlan", "--drop-other", in.toString(), out).code);
        assertTrue(Files.exists(dir.resolve("v-other.pcap")), "changed by someone else: kept");
    }

    @Test
    void aBatchRerunWithOtherOptionsRemovesTheStaleFilesOfTheSet() throws IOException {
        Path in = input();
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run("-q", "--split", "vlan", "-o", out.toString(), in.toString()).code);
        assertTrue(Files.exists(out.resolve("in-other.pcap")));
        assertEquals(0, Cli.run("-q", "--split", "vlan", "--drop-other", "-o", out.toString(), in.toString()).code);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(".in.pcap.erm-decap", "in-vlan-10.pcap", "in-vlan-20.pcap", "in-vlan-30.pcap",
                    "in-vlan-40.pcap"), s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void batchShardsEveryInput() throws IOException {
        Path in = input();
        Files.copy(in, dir.resolve("second.pcap"));
        Path out = dir.resolve("out");
        Cli r = Cli.run("--shards", "2", "-o", out.toString(), in.toString(), dir.resolve("second.pcap").toString());
        assertEquals(0, r.code, r::toString);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("in-0.pcap", "in-1.pcap", "second-0.pcap", "second-1.pcap"),
                    s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
                            .collect(Collectors.toList()), "and the hidden manifests");
        }
        assertTrue(r.err.contains(" (2 files): 320 records"), r::toString);
    }

    @Test
    void refusals() throws IOException {
        Path in = input();
        String out = dir.resolve("o.pcap").toString();
        assertRefused("--shards and --split do not combine (expected: one of them)",
                "--shards", "2", "--split", "vlan", in.toString(), out);
        assertRefused("-: stdout cannot hold several outputs (expected: a file name with --shards)",
                "--shards", "2", in.toString(), "-");
        assertRefused("-: stdout cannot hold several outputs (expected: a file name with --split)",
                "--split", "vlan", in.toString(), "-");
        assertRefused("--shards: 0 (expected: 1..1024)", "--shards", "0", in.toString(), out);
        assertRefused("--shards: 1025 (expected: 1..1024)", "--shards", "1025", in.toString(), out);
        assertRefused("--shard-vlan is for --shards (expected: --shards N)", "--shard-vlan", in.toString(), out);
        assertRefused("Invalid value for option '--split': 'port' (expected: switch or vlan)",
                "--split", "port", in.toString(), out);
        assertEquals(List.of("in.pcap"), names());
    }

    @Test
    void moreThan4096SplitOutputsIsOneLineExit2AndLeavesNothing() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int vlan = 0; vlan < 4096; vlan++) {
            frames.add(Fixtures.erm(1, Fixtures.ERM_PORT, vlan, false, Fixtures.inner(1, 2, 4)));
        }
        frames.add(Fixtures.inner(3, 4, 4));
        Path in = dir.resolve("in.pcap");
        Files.write(in, Fixtures.pcap(false, LinkType.ETHERNET, frames));
        Cli r = Cli.run("-q", "--split", "vlan", in.toString(), dir.resolve("o.pcap").toString());
        assertEquals(2, r.code, r::toString);
        Matcher m = Pattern.compile("erm-decap: .*in\\.pcap: record 4097: split outputs: more than 4096 \\(expected:"
                + " at most 4096; next: other\\); no output was written\\n").matcher(r.err);
        assertTrue(m.matches(), r::toString);
        assertEquals(List.of("in.pcap"), names());
    }

    private void assertRefused(String message, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.startsWith("erm-decap: " + message + "\n"), r::toString);
        assertFalse(r.err.contains("Exception"), r::toString);
    }
}
