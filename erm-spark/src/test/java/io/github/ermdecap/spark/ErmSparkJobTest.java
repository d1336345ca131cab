// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.capture.PcapngBuilder;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.convert.BatchConversion;
import io.github.ermdecap.convert.BatchResult;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.FileResult;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import io.github.ermdecap.erm.VlanMode;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on local[2,2] (a failed task is tried again) against batch mode on the same inputs: every output byte
 * for byte, damaged, gzip, pcapng and split files included; statistics, exit codes, re-runs following batch
 * mode's manifests both ways, crashed and duplicate task attempts, and the leftovers of a killed run.
 */
class ErmSparkJobTest {
    private static JavaSparkContext sc;
    @TempDir
    static Path dir;
    private static Path in;

    @BeforeAll
    static void start() throws IOException {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("erm-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        in = dir.resolve("in");
        Files.createDirectories(in.resolve("sub"));
        Files.write(in.resolve("a.pcap"), new Captures(10, false, 65535).mixed(50).bytes());
        Files.write(in.resolve("sub/b.pcapng"), pcapng(11));
        Files.write(in.resolve("c.pcap.gz"), gzip(new Captures(12, false, 65535).mixed(400).bytes()));
        byte[] damaged = new Captures(13, false, 65535).mixed(30).bytes();
        Files.write(in.resolve("damaged.pcap"), Arrays.copyOf(damaged, damaged.length - 7));
        Files.write(in.resolve("big.pcap"), new Captures(14, false, 65535).mixed(1500).bytes());
        Captures fakes = new Captures(15, true, 65535);
        for (int i = 0; i < 600; i++) {
            fakes.mixed(1).record(fakes.plainUdp(fakes.fakeChain(12)));
        }
        Files.write(in.resolve("sub/big-nanos.pcap"), fakes.bytes());
        // A snaplen of 2048 keeps the resync windows (about three record lengths) clear of the damage, so the file
        // is split and the damage is found by a middle part.
        Captures corrupt = new Captures(16, false, 2048).mixed(900);
        corrupt.raw(new byte[] {1, 0, 0, 0, 2, 0, 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1, 0, 0});
        Files.write(in.resolve("big-corrupt.pcap"), corrupt.mixed(400).bytes());
        byte[] truncated = new Captures(17, false, 2048).mixed(1000).bytes();
        Files.write(in.resolve("big-truncated.pcap"), Arrays.copyOf(truncated, truncated.length - 11));
        Captures jumbo = new Captures(18, false, 100);
        for (int i = 0; i < 300; i++) {
            jumbo.record(jumbo.erm(i % 2, 20, 250));
        }
        Files.write(in.resolve("jumbo.pcap"), jumbo.bytes());
        Files.writeString(in.resolve("fake.pcap"), "not a capture at all\n");
        Files.writeString(in.resolve("notes.txt"), "not a capture\n");
        Files.write(in.resolve("sub/dump.pcap1"), new Captures(19, false, 65535).mixed(40).bytes()); // tcpdump -C
        Files.write(in.resolve("trace-0930"), gzip(new Captures(20, false, 65535).mixed(40).bytes())); // no extension
        Files.write(in.resolve("modified"), new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xcd, 0x34, 0, 2, 0, 4});
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static byte[] pcapng(long seed) {
        Captures frames = new Captures(seed, false, 65535);
        PcapngBuilder b = new PcapngBuilder().shb(false).idb(1, 65535).idb(1, 128);
        for (int i = 0; i < 200; i++) {
            b.epb(i % 2, 1_700_000_000_000_000L + i, frames.erm(i % 2, 10 + i % 3, 40 + i));
        }
        return b.bytes();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static Conversion conversion() {
        return new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933));
    }

    /** Batch mode as {@code erm-decap -p 7932,7933 -o out} of this version runs it. */
    private static BatchConversion batch(Conversion c, Path out) {
        return new BatchConversion(c, out).withVersion(SparkConversion.version()).withThreads(2);
    }

    /** Runs the job; returns its exit code, stderr in {@code log[0]}. */
    private static int spark(String[] log, String... args) {
        StringWriter w = new StringWriter();
        int code = ErmSparkJob.execute(sc, new PrintWriter(w, true), args);
        log[0] = w.toString();
        return code;
    }

    /** Every regular file under {@code root} by relative path, with its bytes. */
    private static Map<String, byte[]> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toMap(p -> root.relativize(p).toString(), p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, (x, y) -> x, TreeMap::new));
        }
    }

    private static Map<String, byte[]> outputs(Path root) throws IOException {
        Map<String, byte[]> t = tree(root);
        // the hidden manifests (.NAME.erm-decap) hold the time they were written: compared by manifests()
        t.keySet().removeIf(k -> k.startsWith("_erm_stats") || k.equals("_SUCCESS") || isManifest(k));
        return t;
    }

    private static boolean isManifest(String relative) {
        return Path.of(relative).getFileName().toString().startsWith(".") && relative.endsWith(".erm-decap");
    }

    /** The manifests under {@code root}, each without its comment line (the time it was written). */
    private static Map<String, String> manifests(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : tree(root).entrySet()) {
            if (isManifest(e.getKey())) {
                m.put(e.getKey(), new String(e.getValue(), StandardCharsets.ISO_8859_1).lines()
                        .filter(l -> !l.startsWith("#")).sorted().collect(Collectors.joining("\n")));
            }
        }
        return m;
    }

    private static void assertSameOutputs(Path batch, Path spark) throws IOException {
        Map<String, byte[]> b = outputs(batch);
        Map<String, byte[]> s = outputs(spark);
        assertEquals(b.keySet(), s.keySet());
        for (String k : b.keySet()) {
            assertArrayEquals(b.get(k), s.get(k), k + ": differs from batch mode's output");
        }
        assertEquals(manifests(batch), manifests(spark), "the manifests batch mode writes");
    }

    private static String stats(Path out, String relative) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("_erm_stats/" + relative + ".json"), StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    @Test
    void everyOutputIsBatchModesBytesSplitOrNot() throws IOException {
        Path batchOut = dir.resolve("batch");
        BatchResult batch = batch(conversion(), batchOut).run(List.of(in));
        Path out = dir.resolve("spark");
        String[] log = new String[1];
        int code = spark(log, "-p", "7932,7933", "--task-size", "64k", in.toString(), out.toUri().toString());
        assertEquals(batch.exitCode().code(), code, log[0]);
        assertEquals(1, code, log[0]);
        assertSameOutputs(batchOut, out);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(outputs(out).keySet().stream().noneMatch(k -> k.contains(".erm-decap-tmp") || k.contains("_erm_tmp")),
                outputs(out).keySet().toString());

        for (String split : List.of("big.pcap", "sub/big-nanos.pcap", "big-corrupt.pcap", "big-truncated.pcap")) {
            String line = stats(out, split);
            int splits = Integer.parseInt(line.replaceAll(".*\"splits\":(\\d+).*", "$1"));
            assertTrue(splits > 1, split + ": " + line);
        }
        assertTrue(stats(out, "jumbo.pcap").contains("\"splits\":1,"), stats(out, "jumbo.pcap"));
        assertFalse(stats(out, "jumbo.pcap").contains("\"one_task_reason\":null"), stats(out, "jumbo.pcap"));
        assertTrue(stats(out, "c.pcap.gz").contains("\"one_task_reason\":\"gzip input\""), stats(out, "c.pcap.gz"));
        // inputs by content, as batch mode: whatever the name; the others listed, left alone
        assertTrue(stats(out, "fake.pcap").contains("\"status\":\"not_capture\",\"exit_code\":0"),
                stats(out, "fake.pcap"));
        assertTrue(stats(out, "modified").contains("editcap"), stats(out, "modified"));
        assertTrue(stats(out, "sub/dump.pcap1").contains("\"status\":\"converted\""), stats(out, "sub/dump.pcap1"));
        assertTrue(log[0].contains("notes.txt: not a capture, left alone"), log[0]);
        long notCaptures = batch.count(FileResult.Status.NOT_CAPTURE);
        assertEquals(3, notCaptures);
        assertTrue(log[0].contains((batch.files().size() - notCaptures) + " files: "
                + batch.count(FileResult.Status.CONVERTED) + " converted, 0 skipped, "
                + batch.count(FileResult.Status.FAILED) + " failed; 3 other files not captures, left alone"), log[0]);

        for (FileResult f : batch.files()) {
            if (f.result() == null) {
                continue; // not a capture
            }
            String rel = in.relativize(f.input()).toString();
            String line = stats(out, rel);
            assertTrue(line.contains("\"records_read\":" + f.result().recordsRead() + ","), rel + ": " + line);
            assertTrue(line.contains("\"decapsulated\":" + f.result().decapsulated() + ","), rel + ": " + line);
            assertTrue(line.contains("\"bytes_read\":" + f.result().bytesRead() + ","), rel + ": " + line);
            assertTrue(line.contains("\"stats\":" + f.result().stats().toJson() + "}"), rel + ": " + line);
            if (f.result().inputError() instanceof CaptureFormatException) {
                CaptureFormatException e = (CaptureFormatException) f.result().inputError();
                assertTrue(line.contains("\"error_record\":" + e.recordNumber() + ",\"error_byte\":" + e.byteOffset()),
                        rel + ": " + line + " (batch: " + e.getMessage() + ")");
            }
        }
        assertTrue(log[0].contains("files: "), log[0]);

        // A re-run skips what is finished, as batch mode does, and leaves the outputs as they are.
        Map<String, byte[]> before = outputs(out);
        BatchResult batchAgain = batch(conversion(), batchOut).run(List.of(in));
        code = spark(log, "-p", "7932,7933", "--task-size", "64k", in.toString(), out.toString());
        assertEquals(batchAgain.exitCode().code(), code, log[0]);
        assertTrue(log[0].contains("big.pcap: skipped (up to date)"), log[0]);
        Map<String, byte[]> after = outputs(out);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    @Test
    void optionsMapAsInErmDecapAndAKilledRunsLeftoversGo() throws IOException {
        Path small = dir.resolve("in2");
        Files.createDirectories(small);
        Files.copy(in.resolve("big.pcap"), small.resolve("big.pcap"));
        Files.copy(in.resolve("sub/b.pcapng"), small.resolve("b.pcapng"));
        Path batchOut = dir.resolve("batch2");
        Conversion c = new Conversion(DecapOptions.DEFAULT.withPorts(7932).withVlanMode(VlanMode.TAGGED)
                .withMaxDepth(2).withNonErmPolicy(NonErmPolicy.DROP))
                .withFormat(CaptureFormat.PCAPNG).withReadLimits(ReadLimits.DEFAULT.withMaxCapturedLength(70_000));
        batch(c, batchOut).run(List.of(small));

        Path out = dir.resolve("spark2");
        Files.createDirectories(out.resolve("_erm_tmp/dead"));
        Files.write(out.resolve("_erm_tmp/dead/part-000000"), new byte[10]);
        Files.write(out.resolve(".big.pcapng.erm-decap-tmp-spark-dead"), new byte[10]);
        Files.writeString(out.resolve("mine.txt"), "the user's");
        String[] log = new String[1];
        int code = spark(log, "-p", "7932", "--vlan", "tagged", "--depth", "2", "--drop-other", "-F", "pcapng",
                "--max-record", "70000", "--task-size", "64k", small.toString(), out.toString());
        assertEquals(0, code, log[0]);
        Files.delete(out.resolve("mine.txt"));
        assertSameOutputs(batchOut, out);
        assertFalse(stats(out, "big.pcap").contains("\"splits\":1,"), stats(out, "big.pcap")); // pcap to pcapng, split

        // Forced: converted again, the same bytes.
        code = spark(log, "-f", "-p", "7932", "--vlan", "tagged", "--depth", "2", "--drop-other", "-F", "pcapng",
                "--max-record", "70000", "--task-size", "64k", small.toString(), out.toString());
        assertEquals(0, code, log[0]);
        assertFalse(log[0].contains("skipped ("), log[0]);
        assertSameOutputs(batchOut, out);
    }

    /** A fresh input directory with copies of some of the fixtures. */
    private static Path inputs(String name, String... files) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        for (String f : files) {
            Files.copy(in.resolve(f), d.resolve(Path.of(f).getFileName().toString()));
        }
        return d;
    }

    private static Map<String, FileResult.Status> statuses(BatchResult r, Path root) {
        Map<String, FileResult.Status> m = new TreeMap<>();
        r.files().forEach(f -> m.put(root.relativize(f.input()).toString(), f.status()));
        return m;
    }

    @Test
    void reRunsFollowBatchManifestsBothWays() throws IOException {
        Path src = inputs("in3", "a.pcap", "big.pcap", "damaged.pcap");
        Path out = dir.resolve("spark3");
        String[] log = new String[1];
        String[] job = {"-p", "7932,7933", "--task-size", "64k", src.toString(), out.toUri().toString()};
        assertEquals(1, spark(log, job), log[0]);
        Map<String, byte[]> first = outputs(out);
        String statsOfA = stats(out, "a.pcap");

        // Spark, then batch mode on the same tree: finished outputs are up to date, the damaged one is not.
        BatchResult b = batch(conversion(), out).run(List.of(src));
        assertEquals(1, b.exitCode().code());
        assertEquals(Map.of("a.pcap", FileResult.Status.SKIPPED, "big.pcap", FileResult.Status.SKIPPED,
                "damaged.pcap", FileResult.Status.CONVERTED), statuses(b, src));
        Map<String, byte[]> second = outputs(out);
        first.forEach((k, v) -> assertArrayEquals(v, second.get(k), k));

        // Spark again (after batch mode's manifest for the damaged file): skipped, the damage reported again.
        assertEquals(1, spark(log, job), log[0]);
        assertTrue(log[0].contains("a.pcap: skipped (up to date)"), log[0]);
        assertTrue(log[0].contains("big.pcap: skipped (up to date)"), log[0]);
        assertTrue(log[0].contains("damaged.pcap -> "), log[0]);
        assertTrue(log[0].contains("3 files: 1 converted, 2 skipped, 0 failed"), log[0]);
        assertEquals(statsOfA, stats(out, "a.pcap"), "a skipped file keeps the line of the run that converted it");
        assertTrue(stats(out, "damaged.pcap").contains("\"status\":\"converted\",\"exit_code\":1"),
                stats(out, "damaged.pcap"));

        // Batch mode first, then Spark: the same, and the outputs are batch mode's.
        Path batchFirst = dir.resolve("batch3");
        batch(conversion(), batchFirst).run(List.of(src));
        assertEquals(1, spark(log, "-p", "7932,7933", "--task-size", "64k", src.toString(), batchFirst.toString()),
                log[0]);
        assertTrue(log[0].contains("a.pcap: skipped (up to date)"), log[0]);
        assertTrue(log[0].contains("3 files: 1 converted, 2 skipped, 0 failed"), log[0]);
        assertTrue(stats(batchFirst, "a.pcap").contains("\"status\":\"skipped\""), stats(batchFirst, "a.pcap"));
        assertSameOutputs(out, batchFirst);

        // Another option: both convert again, and each then skips the other's.
        assertEquals(1, spark(log, "-p", "7932,7933", "--vlan", "always", "--task-size", "64k", src.toString(),
                out.toString()), log[0]);
        assertTrue(log[0].contains("3 files: 3 converted, 0 skipped, 0 failed"), log[0]);
        Conversion always = new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933).withVlanMode(VlanMode.ALWAYS));
        assertEquals(2, batch(always, out).run(List.of(src)).count(FileResult.Status.SKIPPED));
        assertEquals(3, batch(conversion(), out).run(List.of(src)).count(FileResult.Status.CONVERTED));
        assertEquals(1, spark(log, job), log[0]);
        assertTrue(log[0].contains("3 files: 1 converted, 2 skipped, 0 failed"), log[0]);
        assertSameOutputs(batchFirst, out);

        // A changed input (its time): converted again by either.
        Path a = src.resolve("a.pcap");
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(a).toMillis() + 10_000));
        assertEquals(1, spark(log, job), log[0]);
        assertTrue(log[0].contains("a.pcap -> "), log[0]);
        assertTrue(log[0].contains("3 files: 2 converted, 1 skipped, 0 failed"), log[0]);
        assertEquals(FileResult.Status.SKIPPED, statuses(batch(conversion(), out).run(List.of(src)), src).get("a.pcap"));
        Files.write(a, Files.readAllBytes(a)); // the same bytes, a new time
        assertEquals(FileResult.Status.CONVERTED, statuses(batch(conversion(), out).run(List.of(src)), src)
                .get("a.pcap"));
        assertEquals(1, spark(log, job), log[0]);
        assertTrue(log[0].contains("a.pcap: skipped (up to date)"), log[0]);
        batch(conversion(), batchFirst).run(List.of(src)); // the touched input: its manifest there too
        assertSameOutputs(batchFirst, out);
    }

    @Test
    void aCrashedAttemptIsTriedAgainAndLeavesNothingBehind() throws IOException {
        Path src = inputs("in5", "a.pcap", "big.pcap", "c.pcap.gz");
        Path batchOut = dir.resolve("batch5");
        batch(conversion(), batchOut).run(List.of(src));
        Path out = dir.resolve("spark5");
        String[] log = new String[1];
        int before = Tasks.TEST_CRASHES.get();
        System.setProperty(Tasks.TEST_CRASH_PROPERTY, "a.pcap,big.pcap,c.pcap.gz");
        try {
            assertEquals(0, spark(log, "-p", "7932,7933", "--task-size", "64k", src.toString(), out.toString()),
                    log[0]);
        } finally {
            System.clearProperty(Tasks.TEST_CRASH_PROPERTY);
        }
        assertTrue(Tasks.TEST_CRASHES.get() - before >= 3, "crashes: " + (Tasks.TEST_CRASHES.get() - before));
        assertTrue(stats(out, "big.pcap").matches(".*\"splits\":[2-9].*"), stats(out, "big.pcap"));
        assertSameOutputs(batchOut, out);
        assertNoTemporaries(out);
    }

    private static void assertNoTemporaries(Path out) throws IOException {
        assertFalse(Files.exists(out.resolve(SparkConversion.PARTS_DIR)), "no " + SparkConversion.PARTS_DIR);
        for (String k : tree(out).keySet()) {
            assertFalse(k.contains(".erm-decap-tmp") || k.contains(".attempt-"), k + ": left behind");
        }
    }

    @Test
    void twoAttemptsOfOneTaskBothFinishingLeaveOneOutput() throws IOException {
        Path src = inputs("in6", "a.pcap");
        Path batchOut = dir.resolve("batch6");
        batch(conversion(), batchOut).run(List.of(src));
        Path out = dir.resolve("spark6");
        // as speculation does: two attempts of the same work at once, both converting and committing
        WorkItem w = WorkItem.whole(0, src.resolve("a.pcap").toUri().toString(),
                out.resolve("a.pcap").toUri().toString());
        JobSettings s = new JobSettings(new int[] {7932, 7933}, false, VlanMode.NEVER, DecapOptions.DEFAULT_MAX_DEPTH,
                false, null, ReadLimits.DEFAULT.maxCapturedLength(), false, JobSettings.DEFAULT_TASK_SIZE);
        HadoopFiles.Conf c = new HadoopFiles.Conf(sc.hadoopConfiguration());
        List<PartResult> r = sc.parallelize(List.of(w, w), 2).map(x -> Tasks.convert(x, s, c.get())).collect();
        assertEquals(2, r.size());
        assertTrue(r.get(0).ok() && r.get(1).ok(), r.get(0).failureMessage + " / " + r.get(1).failureMessage);
        assertEquals(r.get(0).recordsWritten, r.get(1).recordsWritten);
        assertArrayEquals(Files.readAllBytes(batchOut.resolve("a.pcap")), Files.readAllBytes(out.resolve("a.pcap")));
        assertEquals(List.of("a.pcap"), List.copyOf(tree(out).keySet()), "one output, no temporary file");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        String[] log = new String[1];
        assertEquals(2, spark(log, "--depth", "17", in.toString(), dir.resolve("x").toString()));
        assertTrue(log[0].startsWith("erm-spark: --depth: 17"), log[0]);
        assertEquals(2, spark(log, "--task-size", "lots", in.toString(), dir.resolve("x").toString()));
        assertEquals(2, spark(log, dir.resolve("missing").toString(), dir.resolve("x").toString()));
        assertTrue(log[0].contains("no such file"), log[0]);
        assertEquals(2, spark(log, in.toString()));
        assertEquals(65536, ErmSparkJob.size("64k"));
        assertEquals(256L << 20, ErmSparkJob.size("256m"));
    }

    /** Unused by the build; keeps the little-endian helper near the fixtures that need it. */
    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
