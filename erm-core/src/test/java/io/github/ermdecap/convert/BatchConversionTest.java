// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchConversionTest {
    @TempDir
    Path dir;

    @Test
    void captureNamesOnlyAndNeverTemporaryFiles() {
        assertTrue(BatchConversion.isCaptureName("a.pcap"));
        assertTrue(BatchConversion.isCaptureName("a.PCAPNG"));
        assertTrue(BatchConversion.isCaptureName("a.cap.gz"));
        assertFalse(BatchConversion.isCaptureName("a.txt"));
        assertFalse(BatchConversion.isCaptureName(".a.pcap.erm-decap-tmp-12ab"));
        assertFalse(BatchConversion.isCaptureName(".hidden.pcap"));
    }

    @Test
    void planIsSortedMirrorsTheTreeAndSkipsTheOutputDirectory() throws IOException {
        Path in = dir.resolve("in");
        for (String name : List.of("z.pcap", "b/y.pcap", "a/x.pcapng", "out/old.pcap", "notes.txt")) {
            Files.createDirectories(in.resolve(name).getParent());
            Files.write(in.resolve(name), new byte[] {0});
        }
        Path out = in.resolve("out");
        BatchConversion b = new BatchConversion(new Conversion(DecapOptions.DEFAULT), out);
        List<BatchConversion.Job> jobs = b.plan(List.of(in));
        assertEquals(List.of("a/x.pcapng", "b/y.pcap", "z.pcap"),
                jobs.stream().map(j -> in.relativize(j.input).toString()).collect(Collectors.toList()));
        assertEquals(out.resolve("a/x.pcapng"), jobs.get(0).output);
    }

    @Test
    void theSameOutputTwiceIsAFailureOfTheSecond() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one")).resolve("x.pcap");
        Path two = Files.createDirectories(dir.resolve("two")).resolve("x.pcap");
        Files.write(one, new byte[] {0});
        Files.write(two, new byte[] {0});
        BatchConversion b = new BatchConversion(new Conversion(DecapOptions.DEFAULT), dir.resolve("out"));
        List<BatchConversion.Job> jobs = b.plan(List.of(one, two));
        assertEquals(null, jobs.get(0).early);
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
        BatchResult r = new BatchConversion(new Conversion(DecapOptions.DEFAULT), dir.resolve("out"))
                .withThreads(3).withListener(seen::add).run(inputs);
        assertEquals(inputs, r.files().stream().map(FileResult::input).collect(Collectors.toList()));
        assertEquals(6, seen.size(), "one call per file");
        assertEquals(ExitCode.INPUT_DAMAGED, r.exitCode(), "not captures");
        assertEquals(6, r.count(FileResult.Status.FAILED));
    }
}
