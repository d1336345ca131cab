// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/** How the command reports failures: one line prefixed {@code erm-decap: }, never a stack trace for users. */
final class Errors {
    static final String PREFIX = "erm-decap: ";

    private Errors() {
    }

    /** Bad options or arguments: the message and a pointer to --help, exit 2. */
    static int usage(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(PREFIX + e.getMessage());
        err.println("Try 'erm-decap --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** An exception escaped the command: a conversion failure (its code) or a bug (exit 3). */
    static int internal(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof ConversionException) {
            err.println(PREFIX + e.getMessage());
        } else {
            err.println(PREFIX + "internal error: " + e + " (please report it; ERM_DECAP_DEBUG=1 shows where)");
            if (System.getenv("ERM_DECAP_DEBUG") != null) {
                e.printStackTrace(err);
            }
        }
        err.flush();
        return exitCode(e);
    }

    /** Usage errors exit 2, conversion failures with their own code, anything else 3. */
    static int exitCode(Throwable t) {
        if (t instanceof ParameterException) {
            return ExitCode.USAGE.code();
        }
        if (t instanceof ConversionException) {
            return ((ConversionException) t).exitCode().code();
        }
        return ExitCode.OUTPUT_FAILED.code();
    }

    /** Prints a failure and returns its code. */
    static ExitCode report(PrintWriter err, ConversionException e) {
        err.println(PREFIX + e.getMessage());
        err.flush();
        return e.exitCode();
    }

    /** True when writing failed because the reader of a pipe went away ({@code erm-decap - - | head}). */
    static boolean brokenPipe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (c instanceof java.io.IOException && m != null
                    && (m.contains("Broken pipe") || m.contains("pipe is being closed"))) {
                return true;
            }
        }
        return false;
    }
}
