// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.VlanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchConversionTest {
    @TempDir
    Path dir;

    private static final Conversion PLAIN = new Conversion(DecapOptions.DEFAULT);

    private Path capture(Path p, boolean pcapng) throws IOException {
        Files.createDirectories(p.toAbsolutePath().getParent());
        new FlowCaptures(1, 20).write(p, pcapng);
        return p;
    }

    private List<BatchPlan.Job> plan(BatchConversion b, Path out, List<Path> inputs) throws IOException {
        Files.createDirectories(out);
        return b.plan(inputs, out.toRealPath()).jobs;
    }

    @Test
    void capturesAreTakenByContentWhateverTheirNames() throws IOException {
        Path in = dir.resolve("in");
        capture(in.resolve("rotated/dump.pcap1"), false);       // tcpdump -C / -W
        capture(in.resolve("rotated/trace-0930"), true);         // tcpdump -G, no extension
        capture(in.resolve("x.trc"), false);
        Path plain = capture(dir.resolve("plain.pcap"), false);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(in.resolve("zipped.pcap.gz")))) {
            gz.write(Files.readAllBytes(plain));
        }
        Files.writeString(in.resolve("notes.txt"), "not a capture");
        Files.writeString(in.resolve("fake.pcap"), "not a capture either, whatever the name");
        Files.write(in.resolve(".x.pcap" + SafeOutput.TEMP_MARKER + "1"), Files.readAllBytes(plain));
        Files.write(in.resolve("modified"), new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xcd, 0x34, 0, 2, 0, 4});
        Path out = in.resolve("out");
        capture(out.resolve("old.pcap"), false);
        List<BatchPlan.Job> jobs = plan(new BatchConversion(PLAIN, out), out, List.of(in));
        List<String> taken = jobs.stream().filter(j -> j.early == null)
                .map(j -> in.relativize(j.input).toString()).collect(Collectors.toList());
        assertEquals(List.of("rotated/dump.pcap1", "rotated/trace-0930", "x.trc", "zipped.pcap.gz"), taken);
        assertEquals(out.resolve("rotated/dump.pcap1"), jobs.stream().filter(j -> j.early == null)
                .findFirst().orElseThrow().output, "the name is kept as it is");
        List<String> notCaptures = jobs.stream().filter(j -> j.early != null)
                .filter(j -> j.early.status() == FileResult.Status.NOT_CAPTURE)
                .map(j -> in.relativize(j.input) + ": " + j.early.message()).collect(Collectors.toList());
        assertEquals(List.of("fake.pcap: not a capture",
                "modified: an old \"modified pcap\" file (magic a1b2cd34): convert it first with editcap -F pcap",
                "notes.txt: not a capture"), notCaptures);
    }

    @Test
    void theSameOutputTwiceIsAFailureOfTheSecond() throws IOException {
        Path one = capture(dir.resolve("one/x.pcap"), false);
        Path two = capture(dir.resolve("two/x.pcap"), false);
        List<BatchPlan.Job> jobs = plan(new BatchConversion(PLAIN, dir.resolve("out")), dir.resolve("out"),
                List.of(one, two));
        assertNull(jobs.get(0).early);
        assertEquals(ExitCode.USAGE, jobs.get(1).early.exitCode());
    }

    @Test
    void resultsKeepInputOrderWhateverFinishesFirst() throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(Files.write(dir.resolve("f" + i + ".pcap"), new byte[] {1, 2, 3}));
        }
        Collections.reverse(inputs);
        List<FileResult> seen = Collections.synchronizedList(new ArrayList<>());
        BatchResult r = new BatchConversion(PLAIN, dir.resolve("out"))
                .withThreads(3).withListener(seen::add).run(inputs);
        assertEquals(inputs, r.files().stream().map(FileResult::input).collect(Collectors.toList()));
        assertEquals(6, seen.size(), "one call per file");
        assertEquals(ExitCode.INPUT_DAMAGED, r.exitCode(), "named files that are not captures are damage");
        assertEquals(6, r.count(FileResult.Status.FAILED));
    }

    @Test
    void changedOptionsMakeOutputsOutOfDate() throws IOException {
        Path in = capture(dir.resolve("in/a.pcap"), false);
        Path out = dir.resolve("out");
        assertEquals(1, new BatchConversion(PLAIN, out).run(List.of(in)).count(FileResult.Status.CONVERTED));
        assertTrue(Files.isRegularFile(out.resolve(".a.pcap" + BatchManifest.SUFFIX)), "manifest beside it");
        assertEquals(1, new BatchConversion(PLAIN, out).run(List.of(in)).count(FileResult.Status.SKIPPED));
        Conversion tagged = new Conversion(DecapOptions.DEFAULT.withVlanMode(VlanMode.ALWAYS));
        assertEquals(1, new BatchConversion(tagged, out).run(List.of(in)).count(FileResult.Status.CONVERTED));
        assertEquals(1, new BatchConversion(tagged, out).run(List.of(in)).count(FileResult.Status.SKIPPED));
        assertEquals(1, new BatchConversion(tagged, out).withVersion("9.9").run(List.of(in))
                .count(FileResult.Status.CONVERTED), "another version");
    }

    @Test
    void anIncompleteShardSetIsConvertedAgain() throws IOException {
        Path in = capture(dir.resolve("in/a.pcap"), false);
        Path out = dir.resolve("out");
        Conversion c = PLAIN.withRouting(OutputRouting.shards(3, false));
        assertEquals(1, new BatchConversion(c, out).run(List.of(in)).count(FileResult.Status.CONVERTED));
        Files.delete(out.resolve("a-2.pcap"));                  // as if killed between two renames
        BatchResult again = new BatchConversion(c, out).run(List.of(in));
        assertEquals(1, again.count(FileResult.Status.CONVERTED), again::toJson);
        assertTrue(Files.isRegularFile(out.resolve("a-2.pcap")));
        Files.delete(out.resolve(".a.pcap" + BatchManifest.SUFFIX));   // as if killed before the marker
        assertEquals(1, new BatchConversion(c, out).run(List.of(in)).count(FileResult.Status.CONVERTED));
    }

    @Test
    void aDamagedInputIsReportedAgainOnEveryRun() throws IOException {
        Path good = capture(dir.resolve("good.pcap"), false);
        byte[] b = Files.readAllBytes(good);
        Path bad = Files.write(Files.createDirectories(dir.resolve("in")).resolve("bad.pcap"), java.util.Arrays.copyOf(b, b.length - 5));
        Path out = dir.resolve("out");
        for (int run = 0; run < 2; run++) {
            BatchResult r = new BatchConversion(PLAIN, out).run(List.of(bad));
            assertEquals(ExitCode.INPUT_DAMAGED, r.exitCode(), "run " + run);
            assertEquals(1, r.count(FileResult.Status.CONVERTED), "run " + run);
        }
    }

    @Test
    void anInputInsideTheOutputDirectoryIsRefused() throws IOException {
        Path in = capture(dir.resolve("d/a.pcap"), false);
        Path link = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("d"));
        BatchResult r = new BatchConversion(PLAIN, link).run(List.of(in));
        assertEquals(ExitCode.USAGE, r.exitCode(), r::toJson);
        assertFalse(Files.exists(dir.resolve("d/.a.pcap" + BatchManifest.SUFFIX)));
    }
}
