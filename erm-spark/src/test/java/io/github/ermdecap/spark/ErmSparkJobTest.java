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
 * The job on local[2] against batch mode on the same inputs: every output byte for byte, damaged, gzip, pcapng
 * and split files included; statistics, exit codes, re-runs and the leftovers of a killed run.
 */
class ErmSparkJobTest {
    private static JavaSparkContext sc;
    @TempDir
    static Path dir;
    private static Path in;

    @BeforeAll
    static void start() throws IOException {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("erm-spark-test")
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
        Files.writeString(in.resolve("notes.txt"), "ignored: not a capture name\n");
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
        // batch mode's hidden manifests (.NAME.erm-decap, what re-runs compare) have no Spark counterpart: the
        // job decides "up to date" by times, as batch mode did before them (README, "Archives on Spark")
        t.keySet().removeIf(k -> k.startsWith("_erm_stats") || k.equals("_SUCCESS")
                || (Path.of(k).getFileName().toString().startsWith(".") && k.endsWith(".erm-decap")));
        return t;
    }

    private static void assertSameOutputs(Path batch, Path spark) throws IOException {
        Map<String, byte[]> b = outputs(batch);
        Map<String, byte[]> s = outputs(spark);
        assertEquals(b.keySet(), s.keySet());
        for (String k : b.keySet()) {
            assertArrayEquals(b.get(k), s.get(k), k + ": differs from batch mode's output");
        }
    }

    private static String stats(Path out, String relative) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("_erm_stats/" + relative + ".json"), StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    @Test
    void everyOutputIsBatchModesBytesSplitOrNot() throws IOException {
        Path batchOut = dir.resolve("batch");
        BatchResult batch = new BatchConversion(conversion(), batchOut).withThreads(2).run(List.of(in));
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
        assertTrue(stats(out, "fake.pcap").contains("\"status\":\"failed\",\"exit_code\":1"), stats(out, "fake.pcap"));

        for (FileResult f : batch.files()) {
            if (f.result() == null) {
                continue; // skipped, or not a capture (batch mode lists those; the Spark job takes inputs by name)
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
        BatchResult batchAgain = new BatchConversion(conversion(), batchOut).run(List.of(in));
        code = spark(log, "-p", "7932,7933", "--task-size", "64k", in.toString(), out.toString());
        assertEquals(batchAgain.exitCode().code(), code, log[0]);
        assertTrue(log[0].contains("big.pcap: skipped (output is newer than the input)"), log[0]);
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
        new BatchConversion(c, batchOut).run(List.of(small));

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
