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
        err.println(PREFIX + oneLine(e.getMessage()));
        err.println("Try 'erm-decap --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** An exception escaped the command: a conversion failure (its code) or a bug (exit 3). */
    static int internal(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof ConversionException) {
            err.println(PREFIX + oneLine(e.getMessage()));
        } else {
            err.println(PREFIX + "internal error: " + oneLine(String.valueOf(e)) + " (please report it; ERM_DECAP_DEBUG=1 shows where)");
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
        err.println(PREFIX + oneLine(e.getMessage()));
        err.flush();
        return e.exitCode();
    }

    /** Prints {@code message} as one line after the prefix (control characters escaped). */
    static void println(PrintWriter err, String message) {
        err.println(PREFIX + oneLine(message));
        err.flush();
    }

    /**
     * {@code s} with every control character escaped, so that a file name holding a newline, a carriage return
     * or a terminal escape cannot break a one-line message or the terminal: newline, carriage return and tab as
     * backslash-n, -r and -t, other C0 and C1 controls and DEL as backslash-x and two hex digits, the Unicode
     * line and paragraph separators as backslash-u and four.
     */
    static String oneLine(String s) {
        if (s == null) {
            return "null";
        }
        int i = 0;
        while (i < s.length() && !special(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!special(c)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean special(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
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
