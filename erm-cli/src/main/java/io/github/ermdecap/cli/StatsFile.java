// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.ExitCode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --stats FILE}: the run summary as JSON, for scripts. */
final class StatsFile {
    private StatsFile() {
    }

    /** Writes {@code json} when {@code --stats} was given; returns {@link ExitCode#OUTPUT_FAILED} on failure. */
    static ExitCode write(ErmDecapCommand cmd, PrintWriter err, String json) {
        if (cmd.statsFile == null) {
            return ExitCode.SUCCESS;
        }
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if ("-".equals(cmd.statsFile)) {
                cmd.stdout().write(bytes);
                cmd.stdout().flush();
            } else {
                Files.write(Path.of(cmd.statsFile), bytes);
            }
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            err.println(Errors.PREFIX + cmd.statsFile + ": cannot write statistics: " + e.getMessage());
            err.flush();
            return ExitCode.OUTPUT_FAILED;
        }
    }
}
