// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.route.OutputNames;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Converts many captures into an output directory that mirrors the input tree: a file given by name lands
 * in the directory itself, a file found under a given directory at the same relative path and under the same
 * name. Directories are walked recursively in sorted order; every regular file whose content is a capture is
 * taken, whatever its name ({@code dump.pcap1}, {@code .trc}, no extension), the others are listed as not
 * captures. Files run in parallel, one {@link Conversion} run each; a bad file does not stop the others.
 *
 * <p>Each output set has a manifest beside it ({@code .<name>.erm-decap}: version, options, the input's size and
 * time, exit code, the files of the set), written after the whole set was committed. A re-run skips a file only
 * when its manifest matches (same options, same input, clean exit, every file present): changed options, an
 * incomplete shard set or a damaged input are converted again; {@link #withForce} converts everything.
 *
 * <p>Real paths decide: inputs inside the output directory are refused, no output is written through a symlink
 * leading out of the output directory, and no output is any input's file (device and inode).
 *
 * <pre>{@code
 * BatchResult b = new BatchConversion(new Conversion(DecapOptions.DEFAULT), Path.of("out"))
 *         .withThreads(8)
 *         .run(List.of(Path.of("captures")));
 * }</pre>
 */
public final class BatchConversion {
    private final Conversion conversion;
    private final Path outputDir;
    private final int threads;
    private final boolean force;
    private final Consumer<FileResult> listener;
    private final BatchProgress progress;
    private final String version;

    public BatchConversion(Conversion conversion, Path outputDir) {
        this(conversion, outputDir, Runtime.getRuntime().availableProcessors(), false, f -> { }, null,
                defaultVersion());
    }

    private BatchConversion(Conversion conversion, Path outputDir, int threads, boolean force,
                            Consumer<FileResult> listener, BatchProgress progress, String version) {
        this.conversion = conversion;
        this.outputDir = outputDir;
        this.threads = threads;
        this.force = force;
        this.listener = listener;
        this.progress = progress;
        this.version = version;
    }

    /** Runs {@code n} files at a time (at least 1). */
    public BatchConversion withThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads: " + n + " (expected: 1 or more)");
        }
        return new BatchConversion(conversion, outputDir, n, force, listener, progress, version);
    }

    /** Converts even when the output is up to date. */
    public BatchConversion withForce(boolean always) {
        return new BatchConversion(conversion, outputDir, threads, always, listener, progress, version);
    }

    /** Called once per file as it finishes, from the converting threads, one call at a time. */
    public BatchConversion withListener(Consumer<FileResult> onFile) {
        return new BatchConversion(conversion, outputDir, threads, force, onFile, progress, version);
    }

    /** Told how far the whole batch has come, from the converting threads; null for none. */
    public BatchConversion withProgress(BatchProgress listener) {
        return new BatchConversion(conversion, outputDir, threads, force, this.listener, listener, version);
    }

    /** The version recorded in manifests: outputs of another version are out of date. */
    public BatchConversion withVersion(String toolVersion) {
        return new BatchConversion(conversion, outputDir, threads, force, listener, progress, toolVersion);
    }

    private static String defaultVersion() {
        String v = BatchConversion.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** What goes into a manifest as the producer: the version and every option that changes output bytes. */
    String producer() {
        return version + "; " + conversion.producer();
    }

    /** Expands directories and maps every input to its output; problems found here become results. */
    BatchPlan plan(List<Path> inputs, Path outReal) {
        return new BatchPlan(conversion, outputDir, outReal).add(inputs);
    }

    /** Converts every input; never throws for a bad file, only records it. */
    public BatchResult run(List<Path> inputs) {
        long start = System.nanoTime();
        Path outReal;
        try {
            Files.createDirectories(outputDir);
            outReal = outputDir.toRealPath();
        } catch (IOException e) {
            ConversionException ce = ConversionException.outputFailed(outputDir.toString(), "create directory", e);
            return new BatchResult(List.of(FileResult.failed(outputDir, outputDir, ce)), new DecapStats(),
                    System.nanoTime() - start);
        }
        BatchPlan plan = plan(inputs, outReal);
        List<BatchPlan.Job> jobs = plan.jobs;
        BatchTracker tracker = new BatchTracker(jobs, progress);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, jobs.size())));
        List<Future<FileResult>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                BatchPlan.Job job = jobs.get(i);
                int index = i;
                futures.add(pool.submit(() -> {
                    FileResult r = job.early != null ? job.early : convert(job, plan, outReal, tracker, index);
                    tracker.done(index);
                    return report(r);
                }));
            }
            List<FileResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), jobs.get(i)));
            }
            return new BatchResult(results, merge(results), System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    private FileResult await(Future<FileResult> f, BatchPlan.Job job) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FileResult.failed(job.input, job.output,
                    new ConversionException(ExitCode.OUTPUT_FAILED, job.input + ": interrupted"));
        } catch (ExecutionException e) {
            return FileResult.failed(job.input, job.output, new ConversionException(ExitCode.OUTPUT_FAILED,
                    job.input + ": " + e.getCause()));
        }
    }

    private synchronized FileResult report(FileResult r) {
        listener.accept(r);
        return r;
    }

    private FileResult convert(BatchPlan.Job job, BatchPlan plan, Path outReal, BatchTracker tracker, int index) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(job.input, BasicFileAttributes.class);
            BatchManifest expected = BatchManifest.expected(producer(), attrs);
            BatchManifest recorded = BatchManifest.read(job.output);
            Path dir = job.output.toAbsolutePath().getParent();
            if (!force && recorded != null && recorded.outOfDate(expected, dir) == null) {
                return FileResult.skipped(job.input, job.output, "up to date");
            }
            OutputGuard.check(outputDir, outReal, job.output, plan.inputKeys, candidates(job.output));
            BatchManifest.remove(job.output);
            Conversion c = progress == null ? conversion
                    : conversion.withProgress((bytes, records) -> tracker.progress(index, bytes), 4096);
            ConversionResult r = c.convert(job.input, job.output);
            List<Path> files = files(job.output, r);
            expected.write(job.output, files, r.exitCode());
            if (recorded != null) {
                recorded.removeStale(dir, files);      // split files the new traffic or options no longer make
            }
            return FileResult.converted(job.input, job.output, r);
        } catch (ConversionException e) {
            return FileResult.failed(job.input, job.output, e);
        } catch (IOException e) {
            return FileResult.failed(job.input, job.output,
                    ConversionException.outputFailed(job.output.toString(), "write", e));
        }
    }

    /** The output files whose names are known before converting: the output, or every shard; a split: none. */
    private List<Path> candidates(Path output) {
        OutputRouting routing = conversion.routing();
        if (routing == null) {
            return List.of(output);
        }
        List<Path> list = new ArrayList<>();
        if (routing.split() == null) {
            for (int i = 0; i < routing.shards(); i++) {
                list.add(OutputNames.shard(output, i));
            }
        } else {
            // split names depend on the content: every existing name of the output's family is checked
            String stem = OutputNames.shard(output, 0).getFileName().toString();
            stem = stem.substring(0, stem.lastIndexOf("-0") + 1);
            Path dir = output.toAbsolutePath().getParent();
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path p : ds) {
                        if (p.getFileName().toString().startsWith(stem)) {
                            list.add(p);
                        }
                    }
                } catch (IOException ignored) {
                    // creating the outputs will fail and say why
                }
            }
        }
        return list;
    }

    private static List<Path> files(Path output, ConversionResult r) {
        if (r.outputs().isEmpty()) {
            return List.of(output);
        }
        List<Path> list = new ArrayList<>();
        r.outputs().forEach(o -> list.add(o.file()));
        return list;
    }

    private static DecapStats merge(List<FileResult> results) {
        DecapStats total = new DecapStats();
        for (FileResult f : results) {
            if (f.result() != null) {
                total.merge(f.result().stats());
            }
        }
        return total;
    }
}
