// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.capture.PcapngBuilder.Option;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.convert.BatchConversion;
import io.github.ermdecap.convert.BatchResult;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.FileResult;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Split pcapng files on local[2] against batch mode, byte for byte: several interfaces first used in different
 * parts, duplicate descriptions, comments and flags, both byte orders, a part ending exactly on a split point, a
 * block longer than a task, damage (record and byte offset of the whole file), pcapng to pcap, and the files that
 * must fall back to one task (an interface declared after the first packet, a huge block full of fake blocks).
 */
class PcapngSplitTest {
    private static JavaSparkContext sc;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("erm-spark-pcapng-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** Interfaces 0..4: two Ethernet, one nanosecond, a duplicate of 0 (merged by the writer), one raw IP. */
    private static PcapngCaptures interfaces(long seed, boolean bigEndian) {
        return new PcapngCaptures(seed, bigEndian)
                .idb(1, 65535, Option.string(2, "eth0"))
                .idb(1, 128)
                .idb(1, 65535, Option.string(2, "eth2"), Option.u8(9, 9))
                .idb(1, 65535, Option.string(2, "eth0"))
                .idb(101, 65535);
    }

    /** Padding so that the next block starts exactly on a multiple of {@code task}. */
    private static void endOnSplitPoint(PcapngCaptures c, int task) {
        int target = (c.size() / task + 1) * task;
        if (target - c.size() < 64) {
            target += task;
        }
        c.packetOfSize(0, target - c.size());
    }

    private static Conversion conversion() {
        return new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933));
    }

    private static int spark(String[] log, String... args) {
        StringWriter w = new StringWriter();
        int code = ErmSparkJob.execute(sc, new PrintWriter(w, true), args);
        log[0] = w.toString();
        return code;
    }

    @Test
    void splitPcapngIsBatchModesBytes() throws IOException {
        Path in = dir.resolve("ng");
        Files.createDirectories(in);
        PcapngCaptures multi = interfaces(31, false).packets(700, 0);
        endOnSplitPoint(multi, 65536);
        multi.packetOfSize(0, 150_000); // longer than a task
        multi.packets(800, 0, 1).packets(800, 2, 3, 1).packets(30, 4, 2);
        Files.write(in.resolve("multi.pcapng"), multi.bytes());

        Path batchOut = dir.resolve("ng-batch");
        // A record limit above the longest block; the resync's window, and so the distance from a split point to
        // the boundary it finds, grows with it.
        Conversion c = conversion().withReadLimits(ReadLimits.DEFAULT.withMaxCapturedLength(160_000));
        BatchResult batch = new BatchConversion(c, batchOut).run(List.of(in));
        Path out = dir.resolve("ng-spark");
        String[] log = new String[1];
        int code = spark(log, "-p", "7932,7933", "--max-record", "160000", "--task-size", "64k", in.toString(),
                out.toString());
        assertEquals(batch.exitCode().code(), code, log[0]);
        assertEquals(0, code, log[0]);
        assertSameOutputs(batchOut, out);
        assertStats(batch, in, out);
        assertTrue(splits(out, "multi.pcapng") > 3, stats(out, "multi.pcapng"));
    }

    @Test
    void damagedAndPcapOutputSplitsAreBatchModesBytes() throws IOException {
        Path in = dir.resolve("ng2");
        Files.createDirectories(in);
        PcapngCaptures corrupt = interfaces(41, false).packets(500, 0, 1, 2);
        corrupt.raw(new byte[] {6, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            36, 0, 0, 0}); // a trailing length that differs
        Files.write(in.resolve("corrupt.pcapng"), corrupt.packets(400, 0, 3).bytes());
        byte[] truncated = interfaces(42, false).packets(900, 0, 2).bytes();
        Files.write(in.resolve("truncated.pcapng"), Arrays.copyOf(truncated, truncated.length - 10));
        // The first parts hold only frames that are not ERM (dropped) on the 128-byte interface: the pcap header
        // is the one of the first part that writes a record.
        PcapngCaptures late = interfaces(43, false);
        for (int i = 0; i < 600; i++) {
            late.b.epb(1, 1_700_000_000_000_000L + i, late.frames.plainUdp(new byte[200]));
        }
        Files.write(in.resolve("erm-late.pcapng"), late.packets(600, 0, 2, 4).bytes());
        PcapngCaptures lateIdb = new PcapngCaptures(33, false).idb(1, 65535).packets(400, 0);
        Files.write(in.resolve("late-idb.pcapng"), lateIdb.idb(1, 128).packets(400, 0, 1).bytes());
        PcapngCaptures huge = new PcapngCaptures(34, false).idb(1, 65535).packets(100, 0);
        byte[] fakes = new byte[0];
        while (fakes.length < 300_000) {
            byte[] more = huge.fakeChain(50);
            fakes = Arrays.copyOf(fakes, fakes.length + more.length);
            System.arraycopy(more, 0, fakes, fakes.length - more.length, more.length);
        }
        Files.write(in.resolve("huge-custom.pcapng"), huge.custom(fakes).packets(100, 0).bytes());
        Files.write(in.resolve("big-endian.pcapng"), interfaces(45, true).packets(900, 0, 1, 2).bytes());
        Files.write(in.resolve("big.pcap"), new Captures(44, false, 2048).mixed(1200).bytes());

        Path batchOut = dir.resolve("ng2-batch");
        Conversion c = new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933).withNonErmPolicy(NonErmPolicy.DROP))
                .withFormat(CaptureFormat.PCAP).withReadLimits(ReadLimits.DEFAULT.withMaxCapturedLength(2048));
        BatchResult batch = new BatchConversion(c, batchOut).run(List.of(in));
        Path out = dir.resolve("ng2-spark");
        String[] log = new String[1];
        int code = spark(log, "-p", "7932,7933", "--drop-other", "-F", "pcap", "--max-record", "2048",
                "--task-size", "64k", in.toString(), out.toString());
        assertEquals(batch.exitCode().code(), code, log[0]);
        assertEquals(1, code, log[0]);
        assertSameOutputs(batchOut, out);
        assertStats(batch, in, out);
        for (String split : List.of("corrupt.pcapng", "truncated.pcapng", "erm-late.pcapng", "big-endian.pcapng")) {
            assertTrue(splits(out, split) > 3, split + ": " + stats(out, split));
        }
        assertTrue(stats(out, "late-idb.pcapng").contains("\"splits\":1,"), stats(out, "late-idb.pcapng"));
        assertTrue(stats(out, "late-idb.pcapng").contains("\"one_task_reason\":\"split not proven\""),
                stats(out, "late-idb.pcapng"));
        assertTrue(stats(out, "huge-custom.pcapng").contains("\"splits\":1,"), stats(out, "huge-custom.pcapng"));

        // pcap and pcapng input to pcapng output (-F pcapng), split.
        Path batchNg = dir.resolve("ng3-batch");
        new BatchConversion(conversion().withFormat(CaptureFormat.PCAPNG)
                .withReadLimits(ReadLimits.DEFAULT.withMaxCapturedLength(2048)), batchNg).run(List.of(in));
        Path outNg = dir.resolve("ng3-spark");
        code = spark(log, "-p", "7932,7933", "-F", "pcapng", "--max-record", "2048", "--task-size", "64k",
                in.toString(), outNg.toString());
        assertEquals(1, code, log[0]);
        assertSameOutputs(batchNg, outNg);
        assertTrue(splits(outNg, "big.pcap") > 3, stats(outNg, "big.pcap"));
        assertTrue(splits(outNg, "erm-late.pcapng") > 3, stats(outNg, "erm-late.pcapng"));
        assertTrue(splits(outNg, "big-endian.pcapng") > 3, stats(outNg, "big-endian.pcapng"));

        // erm-decap's own pcapng output declares each interface just before its first packet: it splits when all
        // are first used in the first range (pcap input: its interface and the Ethernet twin of decapsulated
        // frames), else it is one task, never wrong.
        Path own = dir.resolve("ng4");
        Files.createDirectories(own);
        Files.copy(batchNg.resolve("big.pcapng"), own.resolve("from-pcap.pcapng"));
        Files.copy(batchNg.resolve("erm-late.pcapng"), own.resolve("erm-late.pcapng"));
        Path batchOwn = dir.resolve("ng4-batch");
        new BatchConversion(conversion().withReadLimits(ReadLimits.DEFAULT.withMaxCapturedLength(2048)), batchOwn)
                .run(List.of(own));
        Path outOwn = dir.resolve("ng4-spark");
        code = spark(log, "-p", "7932,7933", "--max-record", "2048", "--task-size", "64k", own.toString(),
                outOwn.toString());
        assertEquals(0, code, log[0]);
        assertSameOutputs(batchOwn, outOwn);
        assertTrue(splits(outOwn, "from-pcap.pcapng") > 3, stats(outOwn, "from-pcap.pcapng"));
        assertTrue(stats(outOwn, "erm-late.pcapng").contains("\"splits\":1,\"one_task_reason\":\"split not proven\""),
                stats(outOwn, "erm-late.pcapng"));
    }

    private static void assertStats(BatchResult batch, Path in, Path out) throws IOException {
        for (FileResult f : batch.files()) {
            if (f.result() == null) {
                continue;
            }
            String rel = in.relativize(f.input()).toString();
            String line = stats(out, rel);
            assertTrue(line.contains("\"records_read\":" + f.result().recordsRead() + ","), rel + ": " + line);
            assertTrue(line.contains("\"bytes_read\":" + f.result().bytesRead() + ","), rel + ": " + line);
            assertTrue(line.contains("\"stats\":" + f.result().stats().toJson() + "}"), rel + ": " + line);
            if (f.result().inputError() instanceof CaptureFormatException) {
                CaptureFormatException e = (CaptureFormatException) f.result().inputError();
                assertTrue(line.contains("\"error_record\":" + e.recordNumber() + ",\"error_byte\":" + e.byteOffset()),
                        rel + ": " + line + " (batch: " + e.getMessage() + ")");
            }
        }
    }

    private static int splits(Path out, String relative) throws IOException {
        return Integer.parseInt(stats(out, relative).replaceAll(".*\"splits\":(\\d+).*", "$1"));
    }

    private static String stats(Path out, String relative) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("_erm_stats/" + relative + ".json"), StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    private static Map<String, byte[]> outputs(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            Map<String, byte[]> t = s.filter(Files::isRegularFile).collect(Collectors.toMap(
                    p -> root.relativize(p).toString(), p -> {
                        try {
                            return Files.readAllBytes(p);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, (x, y) -> x, TreeMap::new));
            t.keySet().removeIf(k -> k.startsWith("_erm_stats") || k.equals("_SUCCESS")
                    || (Path.of(k).getFileName().toString().startsWith(".") && k.endsWith(".erm-decap")));
            return t;
        }
    }

    private static void assertSameOutputs(Path batch, Path spark) throws IOException {
        Map<String, byte[]> b = outputs(batch);
        Map<String, byte[]> s = outputs(spark);
        assertEquals(b.keySet(), s.keySet());
        for (String k : b.keySet()) {
            assertArrayEquals(b.get(k), s.get(k), k + ": differs from batch mode's output");
        }
    }
}
