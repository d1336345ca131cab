// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.SafeOutput;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code erm-decap IN OUT}: one conversion, with progress line, summary, stats file and exit code. */
final class SingleRun {
    private final ErmDecapCommand cmd;
    private final Conversion conversion;
    private final PrintWriter err;
    private final String in;
    private final String out;

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
        CaptureReader reader;
        try {
            if (ErmDecapCommand.isPath(out) && ErmDecapCommand.isPath(in)) {
                SafeOutput.refuseInputs(Path.of(out), Path.of(in));
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

    private CaptureReader open() throws ConversionException {
        return ErmDecapCommand.isPath(in) ? conversion.open(Path.of(in)) : conversion.open(cmd.stdin(), "-");
    }

    private ExitCode convert(CaptureReader reader) {
        ProgressLine progress = cmd.progress() ? new ProgressLine(err, totalBytes(reader)) : null;
        Conversion c = progress == null ? conversion : conversion.withProgress(progress, 4096);
        ConversionResult r;
        try {
            if (ErmDecapCommand.isPath(out)) {
                Path inPath = ErmDecapCommand.isPath(in) ? Path.of(in) : null;
                r = c.convert(reader, Path.of(out), inPath);
            } else {
                r = c.run(reader, cmd.stdout(), c.outputFormat(reader, null), "-");
            }
        } catch (ConversionException e) {
            if (!ErmDecapCommand.isPath(out) && Errors.brokenPipe(e)) {
                return ExitCode.SUCCESS; // the reader of our stdout went away: nothing more is wanted
            }
            return Errors.report(err, e);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        return finish(r);
    }

    private ExitCode finish(ConversionResult r) {
        if (!cmd.quiet) {
            Summary.print(err, r);
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
        return code.worst(StatsFile.write(cmd, err, r.toJson()));
    }

    private long totalBytes(CaptureReader reader) {
        return ErmDecapCommand.isPath(in) && !reader.compressed() ? ErmDecapCommand.sizeOrUnknown(Path.of(in)) : -1;
    }
}
