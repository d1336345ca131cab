// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.BatchConversion;
import io.github.ermdecap.convert.BatchResult;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.FileResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code erm-decap -o DIR IN...}: a batch, one line per file as it finishes, a total, the worst exit code. */
final class BatchRun {
    private final ErmDecapCommand cmd;
    private final Conversion conversion;
    private final PrintWriter err;

    BatchRun(ErmDecapCommand cmd, Conversion conversion) {
        this.cmd = cmd;
        this.conversion = conversion;
        this.err = cmd.spec.commandLine().getErr();
    }

    ExitCode run() {
        if (cmd.files.isEmpty()) {
            throw cmd.usage("-o " + cmd.outputDir + ": no inputs (expected: files or directories to convert)");
        }
        List<Path> inputs = new ArrayList<>();
        for (String f : cmd.files) {
            if (!ErmDecapCommand.isPath(f)) {
                throw cmd.usage("-: stdin cannot be a batch input (expected: files or directories with -o)");
            }
            inputs.add(Path.of(f));
        }
        BatchConversion batch = new BatchConversion(conversion, cmd.outputDir)
                .withForce(cmd.force)
                .withListener(this::fileDone);
        if (cmd.jobs != null) {
            batch = batch.withThreads(cmd.jobs);
        }
        BatchResult result = batch.run(inputs);
        if (!cmd.quiet) {
            Summary.print(err, result);
        }
        err.flush();
        return result.exitCode().worst(StatsFile.write(cmd, err, result.toJson()));
    }

    private void fileDone(FileResult f) {
        boolean problem = f.exitCode() != ExitCode.SUCCESS;
        if (problem) {
            err.println(Errors.PREFIX + Summary.line(f));
        } else if (!cmd.quiet) {
            err.println(Summary.line(f));
        }
        err.flush();
    }
}
