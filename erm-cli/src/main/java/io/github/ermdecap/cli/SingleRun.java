package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.MergedCaptureReader;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.RecordSelection;
import io.github.ermdecap.convert.SafeOutput;
import io.github.ermdecap.convert.SelectedCaptureReader;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code erm-decap IN OUT}, {@code --merge IN... OUT} and {@code --report IN}: one conversion (of one input or
 * of several merged in timestamp order), with progress line, summary, stats file and exit code.
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
        CaptureReader reader;
        try {
            if (out != null && ErmDecapCommand.isPath(out)) {
                SafeOutput.refuseInputs(Path.of(out), inputPaths());
            }
            reader = open();
        } catch (ConversionException e) {
            return Errors.report(err, e);
        }
        try {
            return convert(reader);
        } finally {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Everything needed was read.
            }
        }
    }

    private Path[] inputPaths() {
        List<Path> paths = new ArrayList<>();
        for (String name : inputs) {
            if (ErmDecapCommand.isPath(name)) {
                paths.add(Path.of(name));
            }
        }
        return paths.toArray(new Path[0]);
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

    private CaptureReader open(String name) throws ConversionException {
        return ErmDecapCommand.isPath(name) ? conversion.open(Path.of(name)) : conversion.open(cmd.stdin(), "-");
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

    private ExitCode convert(CaptureReader reader) {
        ProgressLine progress = cmd.progress() ? new ProgressLine(err, totalBytes(reader)) : null;
        Conversion c = progress == null ? conversion : conversion.withProgress(progress, 4096);
        ConversionResult r;
        try {
            if (out == null) {
                r = c.run(reader, OutputStream.nullOutputStream(), CaptureFormat.PCAPNG, "(report only)");
            } else if (ErmDecapCommand.isPath(out)) {
                Path inPath = inputs.size() == 1 && ErmDecapCommand.isPath(in) ? Path.of(in) : null;
                r = c.convert(reader, Path.of(out), inPath);
            } else {
                r = c.run(reader, cmd.stdout(), c.outputFormat(reader, null), "-");
            }
        } catch (ConversionException e) {
            if (out != null && !ErmDecapCommand.isPath(out) && Errors.brokenPipe(e)) {
                return ExitCode.SUCCESS; // the reader of our stdout went away: nothing more is wanted
            }
            return Errors.report(err, e);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        return finish(r, reader instanceof SelectedCaptureReader ? (SelectedCaptureReader) reader : null);
    }

    private ExitCode finish(ConversionResult r, SelectedCaptureReader selected) {
        if (!cmd.quiet) {
            Summary.print(err, r);
            if (selected != null) {
                SelectionReport.print(err, selected, selection);
            }
        }
        if (r.droppedLinkType() > 0) {
            err.printf("%swarning: %,d records not written: pcap output holds only Ethernet frames"
                    + " (expected: -F pcapng to keep them, or --drop-other)%n", Errors.PREFIX, r.droppedLinkType());
        }
        ExitCode code = r.exitCode();
        if (r.inputError() != null) {
            err.println(Errors.PREFIX + r.inputError().getMessage());
        }
        err.flush();
        String json = selected == null ? r.toJson() : SelectionReport.json(r.toJson(), selected, selection);
        return code.worst(StatsFile.write(cmd, err, json));
    }

    /** The bytes the inputs hold, for the progress percentage; -1 when unknown (stdin, gzip). */
    private long totalBytes(CaptureReader reader) {
        if (reader.compressed()) {
            return -1;
        }
        long sum = 0;
        for (String name : inputs) {
            long size = ErmDecapCommand.isPath(name) ? ErmDecapCommand.sizeOrUnknown(Path.of(name)) : -1;
            if (size < 0) {
                return -1;
            }
            sum += size;
        }
        return sum;
    }
}
