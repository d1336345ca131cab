// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files of a batch: directories walked in sorted order (an unreadable one is a failed entry and the rest
 * goes on; a symlinked directory is reported, not followed), every regular file whose content is a capture
 * taken whatever its name, the rest listed as not captures. Real paths decide what lies in the output directory
 * and which files are inputs (by device and inode), so that no output is ever an input in disguise.
 */
final class BatchPlan {
    /** A file to convert and where its output goes; {@code early} is its result when decided already. */
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

    private final Path outputDir;
    private final Path outReal;
    private final Conversion conversion;
    final List<Job> jobs = new ArrayList<>();
    /** Device+inode of every input file: no output may be one of them. */
    final Set<Object> inputKeys = new HashSet<>();
    private final Set<Path> outputs = new HashSet<>();

    BatchPlan(Conversion conversion, Path outputDir, Path outReal) {
        this.conversion = conversion;
        this.outputDir = outputDir;
        this.outReal = outReal;
    }

    BatchPlan add(List<Path> inputs) {
        for (Path input : inputs) {
            Path real;
            try {
                real = input.toRealPath();
            } catch (IOException e) {
                early(input, Files.exists(input, LinkOption.NOFOLLOW_LINKS)
                        ? FileResult.failed(input, null, new ConversionException(ExitCode.USAGE,
                                input + ": cannot read: " + ConversionException.describe(e)))
                        : FileResult.failed(input, null, new ConversionException(ExitCode.USAGE,
                                input + ": no such file")));
                continue;
            }
            if (real.startsWith(outReal)) {
                early(input, FileResult.failed(input, null, new ConversionException(ExitCode.USAGE, input
                        + ": is inside the output directory " + outputDir + " (" + outReal
                        + "; expected: inputs outside it)")));
            } else if (Files.isDirectory(real)) {
                walk(input, real);
            } else {
                take(input, real, rename(input.getFileName()));
            }
        }
        return this;
    }

    private void early(Path input, FileResult r) {
        jobs.add(new Job(input, r.output(), r));
    }

    private void walk(Path root, Path rootReal) {
        List<Path> found = new ArrayList<>();
        List<Job> notes = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    return dir.toRealPath().startsWith(outReal) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
                        notes.add(new Job(file, null, FileResult.skipped(file, null,
                                "a symlinked directory: not followed")));
                    } else {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    notes.add(new Job(file, null, FileResult.failed(file, null, new ConversionException(
                            ExitCode.USAGE, file + ": cannot read: " + ConversionException.describe(e)
                            + "; the rest of the tree is converted"))));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            notes.add(new Job(root, null, FileResult.failed(root, null, new ConversionException(ExitCode.USAGE,
                    root + ": cannot list: " + ConversionException.describe(e)))));
        }
        found.sort(null);
        for (Path f : found) {
            String name = f.getFileName().toString();
            Path real;
            try {
                real = f.toRealPath();
            } catch (IOException e) {
                continue; // a dangling symlink: nothing to read
            }
            if (name.contains(SafeOutput.TEMP_MARKER) || real.startsWith(outReal) || !Files.isRegularFile(real)) {
                continue;
            }
            if (!CaptureSniffer.isCapture(f)) {
                String hint = CaptureSniffer.hint(f);
                jobs.add(new Job(f, null, FileResult.notCapture(f, hint == null ? "not a capture" : hint)));
                continue;
            }
            take(f, real, rename(root.relativize(f)));
        }
        notes.sort((a, b) -> a.input.compareTo(b.input));
        jobs.addAll(notes);
    }

    private void take(Path input, Path real, Path relative) {
        try {
            inputKeys.add(Files.readAttributes(real, BasicFileAttributes.class).fileKey());
        } catch (IOException ignored) {
            // opening it will say what is wrong
        }
        Path output = outputDir.resolve(relative);
        if (!outputs.add(outReal.resolve(relative).normalize())) {
            jobs.add(new Job(input, output, FileResult.failed(input, output, new ConversionException(ExitCode.USAGE,
                    input + ": another input already goes to " + output + " (expected: distinct file names)"))));
        } else {
            jobs.add(new Job(input, output, null));
        }
    }

    /** The output's name: the input's, the extension changed by {@code -F} only when it is a capture's. */
    private Path rename(Path relative) {
        String name = relative.getFileName().toString();
        if (conversion.format() == null || !hasCaptureExtension(name)) {
            return relative;
        }
        return relative.resolveSibling(OutputFormats.rename(name, conversion.format()));
    }

    static boolean hasCaptureExtension(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".cap");
    }
}
