// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.OutputCount;
import io.github.ermdecap.convert.SafeOutput;
import io.github.ermdecap.route.OutputNames;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --stats FILE}: the run summary as JSON, for scripts. Checked before anything is converted: FILE must
 * not be the input, OUT or any other output (refused, exit 2), and must be writable (else exit 3 with the
 * reason, before converting). Written as OUT is: through a temporary file synced and renamed into place, so a
 * full disk never leaves an empty or partial JSON file; a device, FIFO or descriptor is written into.
 */
final class StatsFile implements AutoCloseable {
    private final ErmDecapCommand cmd;
    /** The file, or null for none or {@code -}. */
    private final Path path;
    /** Files it must not be, each with what it is (for the message). */
    private final Map<Path, String> taken;
    /** Opened up front (a temporary file beside it), or null: none, stdout, or a device opened at the end. */
    private SafeOutput out;

    private StatsFile(ErmDecapCommand cmd, Path path, Map<Path, String> taken) {
        this.cmd = cmd;
        this.path = path;
        this.taken = taken;
    }

    /**
     * Checks {@code --stats} against {@code taken} (file → what it is, e.g. "the input") and opens its
     * temporary file, before anything is converted.
     *
     * @throws ConversionException {@link ExitCode#USAGE} when FILE is one of {@code taken},
     *         {@link ExitCode#OUTPUT_FAILED} when it cannot be written (the message says why)
     */
    static StatsFile prepare(ErmDecapCommand cmd, Map<Path, String> taken) throws ConversionException {
        if (cmd.statsFile == null || "-".equals(cmd.statsFile)) {
            return new StatsFile(cmd, null, taken);
        }
        Path p = Path.of(cmd.statsFile);
        StatsFile s = new StatsFile(cmd, p, taken);
        s.refuse(taken);
        if (SafeOutput.writesDirectly(p)) {
            if (!Files.isWritable(p)) {
                throw new ConversionException(ExitCode.OUTPUT_FAILED, "--stats " + p
                        + ": cannot write statistics: Permission denied");
            }
            return s;                         // a FIFO's reader may come later: opened at the end
        }
        try {
            s.out = SafeOutput.create(p, false);
        } catch (ConversionException e) {
            throw new ConversionException(e.exitCode(), "--stats " + e.getMessage(), e);
        }
        return s;
    }

    /**
     * The files a single run's {@code --stats} must not be: the input, OUT, every shard of OUT and, with several
     * outputs ({@code routed}), the set's completion marker.
     */
    static Map<Path, String> singleRunFiles(Path input, Path stdinFile, Path out, Path stdoutFile, Integer shards,
                                            boolean routed) {
        Map<Path, String> m = new LinkedHashMap<>();
        if (input != null) {
            m.put(input, "the input " + input);
        }
        if (stdinFile != null) {
            m.put(stdinFile, "the input (stdin)");
        }
        if (out != null) {
            m.put(out, "the output " + out);
            for (int i = 0; shards != null && i < shards; i++) {
                Path shard = OutputNames.shard(out, i);
                m.put(shard, "the output " + shard);
            }
            if (routed) {
                m.put(OutputNames.marker(out), "the set marker " + OutputNames.marker(out));
            }
        }
        if (stdoutFile != null) {
            m.put(stdoutFile, "the output (stdout)");
        }
        return m;
    }

    /** The files a batch's {@code --stats} must not be: every named input file. */
    static Map<Path, String> batchFiles(List<Path> inputs) {
        Map<Path, String> m = new LinkedHashMap<>();
        for (Path in : inputs) {
            if (!Files.isDirectory(in)) {
                m.put(in, "the input " + in);
            }
        }
        return m;
    }

    /**
     * For a batch: refuses a stats file inside the output directory, where any output may land (the batch's
     * outputs mirror input trees that are only walked later).
     */
    void refuseInside(Path outputDir) throws ConversionException {
        if (path == null) {
            return;
        }
        try {
            Path dir = outputDir.toRealPath();
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && Files.isDirectory(parent) && parent.toRealPath().startsWith(dir)) {
                throw new ConversionException(ExitCode.USAGE, "--stats " + path + ": inside the output directory "
                        + outputDir + ", where it could overwrite an output (expected: a file outside it)");
            }
        } catch (IOException e) {
            if (e instanceof ConversionException) {
                throw (ConversionException) e;
            }
            // The output directory does not exist yet: nothing can be inside it.
        }
    }

    private void refuse(Map<Path, String> files) throws ConversionException {
        for (Map.Entry<Path, String> e : files.entrySet()) {
            if (SafeOutput.sameFile(path, e.getKey())) {
                throw new ConversionException(ExitCode.USAGE, "--stats " + path + ": refusing to overwrite "
                        + e.getValue() + " (expected: another file for the JSON summary)");
            }
        }
    }

    /**
     * Writes {@code json}; {@code outputs} are the files the run wrote (split outputs, named only as they
     * came), which FILE must not be either. Returns the exit code of writing it.
     */
    ExitCode write(PrintWriter err, String json, List<OutputCount> outputs) {
        if (cmd.statsFile == null) {
            return ExitCode.SUCCESS;
        }
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (path == null) {
                cmd.stdout().write(bytes);
                cmd.stdout().flush();
                return ExitCode.SUCCESS;
            }
            Map<Path, String> written = new LinkedHashMap<>();
            for (OutputCount o : outputs) {
                written.put(o.file(), "the output " + o.file());
            }
            refuse(written);
            if (out == null) {
                out = SafeOutput.create(path, false);
            }
            out.stream().write(bytes);
            out.commit();
            return ExitCode.SUCCESS;
        } catch (ConversionException e) {
            Errors.println(err, e.getMessage().startsWith("--stats") ? e.getMessage() : "--stats " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            Errors.println(err, "--stats " + path + ": cannot write statistics: " + e.getMessage());
            return ExitCode.OUTPUT_FAILED;
        } finally {
            close();
        }
    }

    /** Writes {@code json} when {@code --stats} was given, checked against nothing (kept for callers of old). */
    static ExitCode write(ErmDecapCommand cmd, PrintWriter err, String json) {
        try (StatsFile s = prepare(cmd, Map.of())) {
            return s.write(err, json, List.of());
        } catch (ConversionException e) {
            Errors.println(err, e.getMessage());
            return e.exitCode();
        }
    }

    /** Deletes the temporary file unless the JSON was committed. */
    @Override
    public void close() {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
