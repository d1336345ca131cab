package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.IdleInputStream;
import io.github.ermdecap.convert.SafeOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code erm-decap IN OUT}: one conversion, with progress line, summary, stats file and exit code. Everything
 * that can be refused is refused before a byte is converted: OUT or {@code --stats} being the input (also
 * when the input is stdin redirected from a file), {@code --stats} being an output or unwritable, stdin
 * closed. A stream input (stdin, a FIFO) flushes the output whenever it goes idle, when the output is stdout
 * or a FIFO or device; a reader closing the pipe ends the run normally, with its summary and stats.
 */
final class SingleRun {
    private final ErmDecapCommand cmd;
    private final Conversion conversion;
    private final PrintWriter err;
    private final String in;
    private final String out;
    /** The stream the input is read through when it is not a regular file, else null. */
    private IdleInputStream idle;

    SingleRun(ErmDecapCommand cmd, Conversion conversion) {
        this.cmd = cmd;
        this.conversion = conversion;
        this.err = cmd.spec.commandLine().getErr();
        this.in = cmd.files.get(0);
        this.out = cmd.files.get(1);
    }

    ExitCode run() {
        if ("-".equals(cmd.statsFile) && !ErmDecapCommand.isPath(out)) {
            throw cmd.usage("--stats -: stdout already carries the capture (expected: a file name)");
        }
        Path inPath = ErmDecapCommand.isPath(in) ? Path.of(in) : null;
        Path outPath = ErmDecapCommand.isPath(out) ? Path.of(out) : null;
        Path stdinFile = inPath == null && cmd.processStdio() ? StdStreams.stdinFile() : null;
        Path stdoutFile = outPath == null && cmd.processStdio() ? StdStreams.stdoutFile() : null;
        StatsFile stats = null;
        CaptureReader reader;
        try {
            refuse(inPath, outPath, stdinFile, stdoutFile);
            stats = StatsFile.prepare(cmd, StatsFile.singleRunFiles(inPath, stdinFile, outPath, stdoutFile,
                    conversion.routing() == null ? null : conversion.routing().shards()));
            reader = open(inPath);
        } catch (ConversionException e) {
            if (stats != null) {
                stats.close();
            }
            return Errors.report(err, e);
        }
        try (StatsFile s = stats) {
            return convert(reader, inPath, outPath, s);
        } finally {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Everything needed was read.
            }
        }
    }

    /** Refuses to write over the input, however it is reached, and to read a closed stdin. */
    private void refuse(Path inPath, Path outPath, Path stdinFile, Path stdoutFile) throws ConversionException {
        if (inPath == null && cmd.processStdio() && StdStreams.stdinClosed()) {
            throw new ConversionException(ExitCode.USAGE,
                    "-: stdin is closed (expected: a capture on stdin, or an input file name)");
        }
        if (outPath == null && cmd.processStdio() && StdStreams.stdoutClosed()) {
            throw new ConversionException(ExitCode.USAGE,
                    "-: stdout is closed (expected: stdout open for the capture, or an output file name)");
        }
        if (outPath != null && inPath != null) {
            SafeOutput.refuseInputs(outPath, inPath);
        }
        if (outPath != null && stdinFile != null && Files.exists(outPath) && SafeOutput.sameFile(outPath, stdinFile)) {
            throw new ConversionException(ExitCode.USAGE, outPath + ": refusing to overwrite the input"
                    + " (stdin is that file) (expected: another output file)");
        }
        if (stdoutFile != null && inPath != null && SafeOutput.sameFile(stdoutFile, inPath)) {
            throw new ConversionException(ExitCode.USAGE, "-: refusing to overwrite the input " + inPath
                    + " (stdout is that file) (expected: another output file)");
        }
    }

    /** A regular file through the library's file reader; stdin, a FIFO or a descriptor as a stream. */
    private CaptureReader open(Path inPath) throws ConversionException {
        if (inPath == null) {
            idle = new IdleInputStream(cmd.stdin());
            return conversion.open(idle, "-");
        }
        if (Files.exists(inPath) && !Files.isRegularFile(inPath) && !Files.isDirectory(inPath)) {
            InputStream s;
            try {
                s = Files.newInputStream(inPath);
            } catch (IOException e) {
                return conversion.open(inPath); // reports it as for any input
            }
            idle = new IdleInputStream(s);
            return conversion.open(idle, in);
        }
        return conversion.open(inPath);
    }

    private ExitCode convert(CaptureReader reader, Path inPath, Path outPath, StatsFile stats) {
        ProgressLine progress = cmd.progress() ? new ProgressLine(err, totalBytes(reader)) : null;
        Conversion c = progress == null ? conversion : conversion.withProgress(progress, 4096);
        ConversionResult r;
        boolean toPipe = outPath == null;
        try {
            if (outPath == null) {
                r = c.run(reader, cmd.stdout(), c.outputFormat(reader, null), "-", idle);
            } else if (c.routing() != null) {
                r = c.convert(reader, outPath, inPath);
            } else {
                SafeOutput o = SafeOutput.create(outPath, inPath);
                toPipe = o.direct();
                r = c.convert(reader, o, o.direct() ? idle : null);
            }
        } catch (ConversionException e) {
            if (toPipe && Errors.brokenPipe(e)) {
                // The reader of our output went away (| head): nothing more is wanted, and that is no error.
                return e.partialResult() == null ? ExitCode.SUCCESS : finish(e.partialResult(), stats, true);
            }
            return Errors.report(err, e);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        return finish(r, stats, false);
    }

    private ExitCode finish(ConversionResult r, StatsFile stats, boolean brokenPipe) {
        if (!cmd.quiet) {
            Summary.print(err, r);
        }
        if (r.droppedLinkType() > 0) {
            err.printf("%swarning: %,d records not written: pcap output holds only Ethernet frames"
                    + " (expected: -F pcapng to keep them, or --drop-other)%n", Errors.PREFIX, r.droppedLinkType());
        }
        ExitCode code = brokenPipe ? ExitCode.SUCCESS : r.exitCode();
        if (r.inputError() != null) {
            Errors.println(err, r.inputError().getMessage());
        }
        err.flush();
        return code.worst(stats.write(err, r.toJson(), r.outputs() == null ? List.of() : r.outputs()));
    }

    private long totalBytes(CaptureReader reader) {
        return ErmDecapCommand.isPath(in) && idle == null && !reader.compressed()
                ? ErmDecapCommand.sizeOrUnknown(Path.of(in)) : -1;
    }
}
