// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.route.OutputNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Converts many captures into an output directory that mirrors the input tree: a file given by name lands
 * in the directory itself, a file found under a given directory at the same relative path. Directories are
 * walked recursively in sorted order and only capture names count ({@code .pcap}, {@code .pcapng},
 * {@code .cap}, each maybe {@code .gz}). Files run in parallel, one {@link Conversion} run each; a bad file
 * does not stop the others. Outputs newer than their input are skipped unless forced (sharded: shard 0 is
 * compared; split outputs are always converted again); files under the output directory and temporary files are
 * never taken as inputs. With {@link Conversion#routing()}, each file's outputs are named after its output.
 *
 * <pre>{@code
 * BatchResult b = new BatchConversion(new Conversion(DecapOptions.DEFAULT), Path.of("out"))
 *         .withThreads(8)
 *         .run(List.of(Path.of("captures")));
 * }</pre>
 */
public final class BatchConversion {
    private static final String[] CAPTURE_EXTENSIONS = {".pcap", ".pcapng", ".cap"};

    private final Conversion conversion;
    private final Path outputDir;
    private final int threads;
    private final boolean force;
    private final Consumer<FileResult> listener;

    public BatchConversion(Conversion conversion, Path outputDir) {
        this(conversion, outputDir, Runtime.getRuntime().availableProcessors(), false, f -> { });
    }

    private BatchConversion(Conversion conversion, Path outputDir, int threads, boolean force,
                            Consumer<FileResult> listener) {
        this.conversion = conversion;
        this.outputDir = outputDir;
        this.threads = threads;
        this.force = force;
        this.listener = listener;
    }

    /** Runs {@code n} files at a time (at least 1). */
    public BatchConversion withThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads: " + n + " (expected: 1 or more)");
        }
        return new BatchConversion(conversion, outputDir, n, force, listener);
    }

    /** Converts even when the output is newer than its input. */
    public BatchConversion withForce(boolean overwriteNewer) {
        return new BatchConversion(conversion, outputDir, threads, overwriteNewer, listener);
    }

    /** Called once per file as it finishes, from the converting threads, one call at a time. */
    public BatchConversion withListener(Consumer<FileResult> onFile) {
        return new BatchConversion(conversion, outputDir, threads, force, onFile);
    }

    /** A file to convert and where its output goes. */
    static final class Job {
        final Path input;
        final Path output;
        final FileResult early;

        Job(Path input, Path output, FileResult early) {
            this.input = input;
            this.output = output;
            this.early = early;
        }
    }

    /** Expands directories and maps every input to its output; problems found here become failed results. */
    List<Job> plan(List<Path> inputs) {
        Path outAbs = outputDir.toAbsolutePath().normalize();
        List<Job> jobs = new ArrayList<>();
        Set<Path> outputs = new HashSet<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                for (Path f : walk(input, outAbs, jobs)) {
                    add(jobs, outputs, f, outputDir.resolve(rename(input.relativize(f))));
                }
            } else if (!Files.exists(input)) {
                jobs.add(new Job(input, null, FileResult.failed(input, null,
                        new ConversionException(ExitCode.USAGE, input + ": no such file"))));
            } else if (isUnder(input, outAbs)) {
                jobs.add(new Job(input, null, FileResult.skipped(input, null, "under the output directory")));
            } else {
                add(jobs, outputs, input, outputDir.resolve(rename(input.getFileName())));
            }
        }
        return jobs;
    }

    private void add(List<Job> jobs, Set<Path> outputs, Path input, Path output) {
        if (!outputs.add(output.toAbsolutePath().normalize())) {
            jobs.add(new Job(input, output, FileResult.failed(input, output, new ConversionException(ExitCode.USAGE,
                    input + ": another input already goes to " + output + " (expected: distinct file names)"))));
        } else {
            jobs.add(new Job(input, output, null));
        }
    }

    private List<Path> walk(Path dir, Path outAbs, List<Job> jobs) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> isCaptureName(p.getFileName().toString()))
                    .filter(p -> !isUnder(p, outAbs))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            jobs.add(new Job(dir, null, FileResult.failed(dir, null,
                    new ConversionException(ExitCode.USAGE, dir + ": cannot list: " + e.getMessage()))));
            return List.of();
        }
    }

    /** True for capture file names that are not temporary files of a {@link SafeOutput}. */
    static boolean isCaptureName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains(SafeOutput.TEMP_MARKER) || n.startsWith(".")) {
            return false;
        }
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        for (String ext : CAPTURE_EXTENSIONS) {
            if (n.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnder(Path p, Path dirAbs) {
        return p.toAbsolutePath().normalize().startsWith(dirAbs);
    }

    private Path rename(Path relative) {
        if (conversion.format() == null) {
            return relative;
        }
        String name = OutputFormats.rename(relative.getFileName().toString(), conversion.format());
        return relative.resolveSibling(name);
    }

    /** Converts every input; never throws for a bad file, only records it. */
    public BatchResult run(List<Path> inputs) {
        long start = System.nanoTime();
        List<Job> jobs = plan(inputs);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, jobs.size())));
        List<Future<FileResult>> futures = new ArrayList<>();
        try {
            for (Job job : jobs) {
                futures.add(pool.submit(() -> report(job.early != null ? job.early : convert(job))));
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

    private FileResult await(Future<FileResult> f, Job job) {
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

    private FileResult convert(Job job) {
        try {
            if (!force && newer(upToDateProbe(job.output), job.input)) {
                return FileResult.skipped(job.input, job.output, "output is newer than the input");
            }
            Path parent = job.output.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw ConversionException.outputFailed(parent.toString(), "create directory", e);
            }
            return FileResult.converted(job.input, job.output, conversion.convert(job.input, job.output));
        } catch (ConversionException e) {
            return FileResult.failed(job.input, job.output, e);
        }
    }

    /**
     * The file whose age says whether a job is done: its output, shard 0 of sharded outputs, none (null: always
     * convert) for split outputs, whose names depend on the input's content.
     */
    private Path upToDateProbe(Path output) {
        OutputRouting routing = conversion.routing();
        if (routing == null) {
            return output;
        }
        return routing.split() == null ? OutputNames.shard(output, 0) : null;
    }

    private static boolean newer(Path output, Path input) {
        if (output == null) {
            return false;
        }
        try {
            if (!Files.isRegularFile(output)) {
                return false;
            }
            FileTime out = Files.getLastModifiedTime(output);
            return out.compareTo(Files.getLastModifiedTime(input)) > 0;
        } catch (IOException e) {
            return false;
        }
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
