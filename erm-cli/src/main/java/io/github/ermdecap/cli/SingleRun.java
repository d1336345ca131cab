// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.MergedCaptureReader;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.IdleInputStream;
import io.github.ermdecap.convert.RecordSelection;
import io.github.ermdecap.convert.SafeOutput;
import io.github.ermdecap.convert.SelectedCaptureReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code erm-decap IN OUT}, {@code --merge IN... OUT} and {@code --report IN}: one conversion (of one input or
 * of several merged in timestamp order), with progress line, summary, stats file and exit code. Everything
 * that can be refused is refused before a byte is converted: OUT or {@code --stats} being an input (also
 * when the input is stdin redirected from a file), {@code --stats} being an output or unwritable, stdin
 * closed. A stream input (stdin, a FIFO) flushes the output whenever it goes idle, when the output is stdout
 * or a FIFO or device; a reader closing the pipe ends the run normally, with its summary and stats.
 */
final class SingleRun {
    private final ErmDecapCommand cmd;
    private final Conversion conversion;
    private final RecordSelection selection;
    private final PrintWriter err;
    private final List<String> inputs;
    private final String in;
    /** The output, or null for {@code --report}. */
    private final String out;
    /** The stream the (one) stream input is read through, else null. */
    private IdleInputStream idle;

    SingleRun(ErmDecapCommand cmd, Conversion conversion, RecordSelection selection, List<String> inputs,
              String out) {
        this.cmd = cmd;
        this.conversion = conversion;
        this.selection = selection;
        this.err = cmd.spec.commandLine().getErr();
        this.inputs = List.copyOf(inputs);
        this.in = inputs.get(0);
        this.out = out;
    }

    ExitCode run() {
        if ("-".equals(cmd.statsFile) && out != null && !ErmDecapCommand.isPath(out)) {
            throw cmd.usage("--stats -: stdout already carries the capture (expected: a file name)");
        }
        List<Path> inPaths = new ArrayList<>();
        boolean readsStdin = false;
        for (String name : inputs) {
            if (ErmDecapCommand.isPath(name)) {
                inPaths.add(Path.of(name));
            } else {
                readsStdin = true;
            }
        }
        Path outPath = out != null && ErmDecapCommand.isPath(out) ? Path.of(out) : null;
        Path stdinFile = readsStdin && cmd.processStdio() ? StdStreams.stdinFile() : null;
        Path stdoutFile = out != null && outPath == null && cmd.processStdio() ? StdStreams.stdoutFile() : null;
        StatsFile stats = null;
        CaptureReader reader;
        try {
            refuse(readsStdin, inPaths, outPath, stdinFile, stdoutFile);
            Map<Path, String> taken = StatsFile.singleRunFiles(inPaths.isEmpty() ? null : inPaths.get(0), stdinFile,
                    outPath, stdoutFile, conversion.routing() == null ? null : conversion.routing().shards(),
                    conversion.routing() != null);
            for (Path p : inPaths) {
                taken.putIfAbsent(p, "the input " + p);
            }
            stats = StatsFile.prepare(cmd, taken);
            reader = open();
        } catch (ConversionException e) {
            if (stats != null) {
                stats.close();
            }
            return Errors.report(err, e);
        }
        try (StatsFile s = stats) {
            return convert(reader, inPaths.size() == 1 && !readsStdin ? inPaths.get(0) : null, outPath, s);
        } finally {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Everything needed was read.
            }
        }
    }

    /** Refuses to write over an input, however it is reached, and to read a closed stdin. */
    private void refuse(boolean readsStdin, List<Path> inPaths, Path outPath, Path stdinFile, Path stdoutFile)
            throws ConversionException {
        if (readsStdin && cmd.processStdio() && StdStreams.stdinClosed()) {
            throw new ConversionException(ExitCode.USAGE,
                    "-: stdin is closed (expected: a capture on stdin, or an input file name)");
        }
        if (out != null && outPath == null && cmd.processStdio() && StdStreams.stdoutClosed()) {
            throw new ConversionException(ExitCode.USAGE,
                    "-: stdout is closed (expected: stdout open for the capture, or an output file name)");
        }
        if (outPath != null && !inPaths.isEmpty()) {
            SafeOutput.refuseInputs(outPath, inPaths.toArray(new Path[0]));
        }
        if (outPath != null && stdinFile != null && Files.exists(outPath) && SafeOutput.sameFile(outPath, stdinFile)) {
            throw new ConversionException(ExitCode.USAGE, outPath + ": refusing to overwrite the input"
                    + " (stdin is that file) (expected: another output file)");
        }
        for (Path inPath : inPaths) {
            if (stdoutFile != null && SafeOutput.sameFile(stdoutFile, inPath)) {
                throw new ConversionException(ExitCode.USAGE, "-: refusing to overwrite the input " + inPath
                        + " (stdout is that file) (expected: another output file)");
            }
        }
    }

    /** The input, or the inputs merged; with the selection of -c, -A and -B applied. */
    private CaptureReader open() throws ConversionException {
        CaptureReader reader;
        if (inputs.size() == 1) {
            reader = open(in);
        } else {
            List<CaptureReader> readers = new ArrayList<>();
            try {
                for (String name : inputs) {
                    readers.add(open(name));
                }
                reader = MergedCaptureReader.of(readers);
            } catch (ConversionException e) {
                closeAll(readers);
                throw e;
            } catch (IOException e) {
                closeAll(readers);
                throw new ConversionException(ExitCode.INPUT_DAMAGED, e.getMessage(), e);
            }
        }
        return selection.all() ? reader : selection.select(reader);
    }

    /** A regular file through the library's file reader; stdin, a FIFO or a descriptor as a stream. */
    private CaptureReader open(String name) throws ConversionException {
        if (!ErmDecapCommand.isPath(name)) {
            return conversion.open(idle(cmd.stdin()), "-");
        }
        Path inPath = Path.of(name);
        if (Files.exists(inPath) && !Files.isRegularFile(inPath) && !Files.isDirectory(inPath)) {
            InputStream s;
            try {
                s = Files.newInputStream(inPath);
            } catch (IOException e) {
                return conversion.open(inPath); // reports it as for any input
            }
            return conversion.open(idle(s), name);
        }
        return conversion.open(inPath);
    }

    /** The stream input watched for idleness; with several inputs merged, none is (the merge waits for each). */
    private InputStream idle(InputStream s) {
        if (inputs.size() > 1) {
            return s;
        }
        idle = new IdleInputStream(s);
        return idle;
    }

    private static void closeAll(List<CaptureReader> readers) {
        for (CaptureReader r : readers) {
            try {
                r.close();
            } catch (IOException ignored) {
                // Reporting the first failure.
            }
        }
    }

    private ExitCode convert(CaptureReader reader, Path inPath, Path outPath, StatsFile stats) {
        ProgressLine progress = cmd.progress()
                ? new ProgressLine(err, totalBytes(reader), reader, Terminal.columns()) : null;
        Conversion c = progress == null ? conversion : conversion.withProgress(progress, 4096);
        ConversionResult r;
        boolean toPipe = out != null && outPath == null;
        try {
            if (out == null) {
                r = c.run(reader, OutputStream.nullOutputStream(), CaptureFormat.PCAPNG, "(report only)");
            } else if (outPath == null) {
                r = c.run(reader, cmd.stdout(), c.outputFormat(reader, null), "-", idle);
            } else if (c.routing() != null) {
                r = c.convert(reader, outPath, inPath);
            } else {
                SafeOutput o = Conversion.safeOutput(reader, outPath, inPath);   // gathering writes when mapped
                toPipe = o.direct();
                try {
                    r = c.convert(reader, o, o.direct() ? idle : null);
                } catch (ConversionException e) {
                    if (inPath == null || toPipe || !Conversion.inputShrank(e)) {
                        throw e;
                    }
                    // cut by another program below the records being written from its mapping (nothing was
                    // written): the library's file conversion converts what the file holds now
                    r = c.convert(inPath, outPath);
                }
            }
        } catch (ConversionException e) {
            if (toPipe && Errors.brokenPipe(e)) {
                // The reader of our output went away (| head): nothing more is wanted, and that is no error.
                return e.partialResult() == null ? ExitCode.SUCCESS : finish(e.partialResult(), reader, stats, true);
            }
            return Errors.report(err, e);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        return finish(r, reader, stats, false);
    }

    private ExitCode finish(ConversionResult r, CaptureReader reader, StatsFile stats, boolean brokenPipe) {
        SelectedCaptureReader selected = reader instanceof SelectedCaptureReader ? (SelectedCaptureReader) reader : null;
        if (!cmd.quiet) {
            Summary.print(err, r);
            if (selected != null) {
                SelectionReport.print(err, selected, selection);
            }
            Hints.noErm(err, r.stats());
        }
        if (r.droppedLinkType() > 0) {
            err.printf("%swarning: %,d records not written: pcap output holds only Ethernet frames"
                    + " (expected: -F pcapng to keep them, or --drop-other)%n", Errors.PREFIX, r.droppedLinkType());
        }
        for (String w : r.warnings()) {
            err.printf("%swarning: %s: %s%n", Errors.PREFIX, r.source(), w);
        }
        ExitCode code = brokenPipe ? ExitCode.SUCCESS : r.exitCode();
        if (r.inputError() != null) {
            Errors.println(err, Hints.damage(r.inputError().getMessage()));
        }
        err.flush();
        String json = selected == null ? r.toJson() : SelectionReport.json(r.toJson(), selected, selection);
        return code.worst(stats.write(err, json, r.outputs() == null ? List.of() : r.outputs()));
    }

    /** The bytes the inputs hold, for the progress percentage; -1 when unknown (stdin, FIFOs, gzip). */
    private long totalBytes(CaptureReader reader) {
        if (idle != null || (inputs.size() > 1 && reader.compressed())) {
            return -1;
        }
        long sum = 0;
        for (String name : inputs) {
            long size = ErmDecapCommand.isPath(name) && Files.isRegularFile(Path.of(name))
                    ? ErmDecapCommand.sizeOrUnknown(Path.of(name)) : -1;
            if (size < 0) {
                return -1;
            }
            sum += size;
        }
        return sum;
    }
}
