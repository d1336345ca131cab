// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.VlanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sharding a capture of thousands of conversations: nothing lost, whole conversations, input order kept. */
class ShardedConversionTest {
    private static final int FLOWS = 3000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} shards, pcapng {1}, VLAN restored {2}, VLAN in hash {3}")
    @CsvSource({"4, false, false, false", "4, true, true, false", "3, true, false, true", "8, false, true, true"})
    void shardsPartitionTheUnshardedOutputByConversation(int n, boolean pcapng, boolean restoreVlan,
            boolean vlanInHash) throws IOException {
        FlowCaptures capture = new FlowCaptures(n * 31L, FLOWS);
        String ext = pcapng ? ".pcapng" : ".pcap";
        Path in = capture.write(dir.resolve("in" + ext), pcapng);
        Conversion plain = new Conversion(DecapOptions.DEFAULT.withVlanMode(restoreVlan ? VlanMode.ALWAYS
                : VlanMode.NEVER));
        plain.convert(in, dir.resolve("whole" + ext));
        ConversionResult r = plain.withRouting(OutputRouting.shards(n, vlanInHash))
                .convert(in, dir.resolve("part" + ext));

        List<byte[]> whole = FlowCaptures.read(dir.resolve("whole" + ext));
        Map<String, Integer> shardOf = new HashMap<>();
        Map<String, Integer> unionCount = new TreeMap<>();
        assertEquals(n, r.outputs().size());
        for (int s = 0; s < n; s++) {
            Path file = dir.resolve("part-" + s + ext);
            assertEquals(file, r.outputs().get(s).file());
            assertEquals(Integer.toString(s), r.outputs().get(s).label());
            List<byte[]> frames = FlowCaptures.read(file);
            assertEquals(frames.size(), r.outputs().get(s).records());
            assertEquals(frames.stream().mapToLong(f -> f.length).sum(), r.outputs().get(s).bytes());
            int last = -1;
            for (byte[] f : frames) {
                int index = FlowCaptures.index(f);
                assertTrue(index > last, "shard " + s + ": record " + index + " after " + last + ": input order");
                last = index;
                String conversation = capture.conversation.get(index);
                Integer before = shardOf.put(conversation, s);
                assertTrue(before == null || before == s, conversation + " in shards " + before + " and " + s);
                unionCount.merge(key(f), 1, Integer::sum);
            }
        }
        Map<String, Integer> wholeCount = new TreeMap<>();
        whole.forEach(f -> wholeCount.merge(key(f), 1, Integer::sum));
        assertEquals(wholeCount, unionCount, "union of the shards == unsharded output, as a multiset of frames");
        assertEquals(capture.frames.size(), whole.size());
        assertEquals(r.recordsWritten(), whole.size());
        assertEquals(FLOWS, shardOf.size(), "every conversation is in exactly one shard");
        long largest = r.outputs().stream().mapToLong(OutputCount::records).max().orElse(0);
        assertTrue(largest < 1.3 * whole.size() / n, "balance: largest " + largest + " of " + whole.size());
    }

    @Test
    void pcapngShardsDeclareOnlyTheInterfacesTheyUse() throws IOException {
        FlowCaptures capture = new FlowCaptures(5, 40);
        Path in = capture.write(dir.resolve("in.pcapng"), true);
        new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.shards(16, false))
                .convert(in, dir.resolve("out.pcapng"));
        int declaredEverywhere = 0;
        for (int s = 0; s < 16; s++) {
            Path shard = dir.resolve("out-" + s + ".pcapng");
            Set<String> used = new HashSet<>();
            try (CaptureReader r = CaptureReader.open(shard)) {
                for (PacketRecord p; (p = r.next()) != null; ) {
                    used.add(p.iface().name());
                }
            }
            assertEquals(used.size(), blocks(shard, 1), shard + ": one IDB per interface used " + used);
            assertEquals(1, blocks(shard, 0x0A0D0D0A), shard + ": one section header");
            declaredEverywhere += blocks(shard, 1);
        }
        assertTrue(declaredEverywhere < 32, "not every interface in every shard: " + declaredEverywhere);
    }

    @Test
    void emptyShardsAreValidEmptyCaptures() throws IOException {
        Path in = dir.resolve("in.pcap");
        Files.write(in, ConversionTest.pcap(true, List.of(ConversionTest.erm(ConversionTest.inner(10)))));
        ConversionResult r = new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.shards(8, false))
                .convert(in, dir.resolve("out.pcap"));
        assertEquals(8, r.outputs().size());
        long total = 0;
        for (int s = 0; s < 8; s++) {
            List<byte[]> frames = FlowCaptures.read(dir.resolve("out-" + s + ".pcap"));
            assertEquals(r.outputs().get(s).records(), frames.size());
            total += frames.size();
        }
        assertEquals(1, total);
    }

    @Test
    void gzipShardsAndStatsJson() throws IOException {
        FlowCaptures capture = new FlowCaptures(9, 200);
        Path in = capture.write(dir.resolve("in.pcap"), false);
        ConversionResult r = new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.shards(2, false))
                .convert(in, dir.resolve("out.pcap.gz"));
        long total = 0;
        for (int s = 0; s < 2; s++) {
            Path shard = dir.resolve("out-" + s + ".pcap.gz");
            try (CaptureReader reader = CaptureReader.open(shard)) {
                assertTrue(reader.compressed());
            }
            total += FlowCaptures.read(shard).size();
        }
        assertEquals(capture.frames.size(), total);
        String json = r.toJson();
        assertTrue(json.contains("\"outputs\":[{\"label\":\"0\",\"file\":" + Json.string(dir.resolve("out-0.pcap.gz")
                .toString()) + ",\"records\":" + r.outputs().get(0).records() + ",\"bytes\":"), json);
    }

    @Test
    void aFailingOutputLeavesNoneOfThem() throws IOException {
        FlowCaptures capture = new FlowCaptures(3, 100);
        Path in = capture.write(dir.resolve("in.pcap"), false);
        Files.createDirectory(dir.resolve("out-2.pcap"));
        ConversionException e = org.junit.jupiter.api.Assertions.assertThrows(ConversionException.class,
                () -> new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.shards(4, false))
                        .convert(in, dir.resolve("out.pcap")));
        assertTrue(e.getMessage().contains("out-2.pcap"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of("in.pcap", "out-2.pcap"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void batchShardsEveryFileAndSkipsFinishedOnes() throws IOException {
        Path src = Files.createDirectory(dir.resolve("src"));
        new FlowCaptures(1, 50).write(src.resolve("a.pcap"), false);
        new FlowCaptures(2, 50).write(src.resolve("b.pcapng"), true);
        Conversion c = new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.shards(2, false));
        BatchResult first = new BatchConversion(c, dir.resolve("out")).run(List.of(src));
        assertEquals(2, first.count(FileResult.Status.CONVERTED));
        for (String name : new String[] {"a-0.pcap", "a-1.pcap", "b-0.pcapng", "b-1.pcapng"}) {
            assertTrue(Files.isRegularFile(dir.resolve("out").resolve(name)), name);
        }
        BatchResult again = new BatchConversion(c, dir.resolve("out")).run(List.of(src));
        assertEquals(2, again.count(FileResult.Status.SKIPPED));
    }

    /** The number of pcapng blocks of a type in a (little-endian) file. */
    static int blocks(Path pcapng, int type) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcapng)).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        while (b.remaining() >= 12) {
            int at = b.position();
            n += b.getInt(at) == type ? 1 : 0;
            b.position(at + b.getInt(at + 4));
        }
        return n;
    }

    private static String key(byte[] frame) {
        return HexFormat.of().formatHex(frame);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
