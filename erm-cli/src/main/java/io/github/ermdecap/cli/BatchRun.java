// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.BatchConversion;
import io.github.ermdecap.convert.BatchResult;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.FileResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code erm-decap -o DIR IN...}: a batch, one line per file as it finishes (files that are not captures
 * listed too), a progress line on a terminal, a total, the worst exit code.
 */
final class BatchRun {
    private final ErmDecapCommand cmd;
    private final Conversion conversion;
    private final PrintWriter err;
    private ProgressLine progress;

    BatchRun(ErmDecapCommand cmd, Conversion conversion) {
        this.cmd = cmd;
        this.conversion = conversion;
        this.err = cmd.spec.commandLine().getErr();
    }

    ExitCode run() throws ConversionException {
        if (cmd.files.isEmpty()) {
            throw cmd.usage("-o " + cmd.outputDir + ": no inputs (expected: files or directories to convert)");
        }
        String notADirectory = Hints.outputDirLooksLikeAFile(cmd.outputDir);
        if (notADirectory != null) {
            throw cmd.usage(notADirectory);
        }
        List<Path> inputs = new ArrayList<>();
        for (String f : cmd.files) {
            if (!ErmDecapCommand.isPath(f)) {
                throw cmd.usage("-: stdin cannot be a batch input (expected: files or directories with -o)");
            }
            inputs.add(Path.of(f));
        }
        StatsFile stats = StatsFile.prepare(cmd, StatsFile.batchFiles(inputs));
        try {
            stats.refuseInside(cmd.outputDir);
        } catch (ConversionException e) {
            stats.close();
            throw e;
        }
        BatchConversion batch = new BatchConversion(conversion, cmd.outputDir)
                .withForce(cmd.force)
                .withVersion(VersionProvider.version())
                .withListener(this::fileDone);
        if (cmd.jobs != null) {
            batch = batch.withThreads(cmd.jobs);
        }
        if (cmd.progress()) {
            progress = new ProgressLine(err, -1, null, Terminal.columns());
            batch = batch.withProgress(progress);
        }
        BatchResult result;
        try {
            result = batch.run(inputs);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        if (!cmd.quiet) {
            Summary.print(err, result);
            Hints.noErm(err, result.stats());
        }
        err.flush();
        return result.exitCode().worst(stats.write(err, result.toJson(), java.util.List.of()));
    }

    private void fileDone(FileResult f) {
        if (progress == null) {
            print(f);
            return;
        }
        synchronized (progress) {
            progress.clear();
            print(f);
        }
    }

    private void print(FileResult f) {
        boolean problem = f.exitCode() != ExitCode.SUCCESS;
        if (problem) {
            err.println(Errors.PREFIX + Errors.oneLine(Summary.line(f)));
        } else if (!cmd.quiet) {
            err.println(Summary.line(f));
        }
        err.flush();
    }
}
