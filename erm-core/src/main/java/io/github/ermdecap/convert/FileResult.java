// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.nio.file.Path;

/**
 * The outcome of one file of a {@link BatchConversion}: converted (possibly from a damaged input), skipped
 * (its output is up to date, or a symlinked directory), failed before or while writing, or a file found in an
 * input directory that is not a capture (left alone).
 *
 * <pre>{@code
 * for (FileResult f : batch.files()) {
 *     System.out.println(f.input() + ": " + f.status() + " " + f.exitCode());
 * }
 * }</pre>
 */
public final class FileResult {
    /** What happened to one file. */
    public enum Status { CONVERTED, SKIPPED, FAILED, NOT_CAPTURE }

    private final Path input;
    private final Path output;
    private final Status status;
    private final ExitCode exitCode;
    private final ConversionResult result;
    private final String message;

    FileResult(Path input, Path output, Status status, ExitCode exitCode, ConversionResult result, String message) {
        this.input = input;
        this.output = output;
        this.status = status;
        this.exitCode = exitCode;
        this.result = result;
        this.message = message;
    }

    static FileResult converted(Path input, Path output, ConversionResult r) {
        String message = r.inputError() == null ? null : r.inputError().getMessage();
        return new FileResult(input, output, Status.CONVERTED, r.exitCode(), r, message);
    }

    static FileResult skipped(Path input, Path output, String why) {
        return new FileResult(input, output, Status.SKIPPED, ExitCode.SUCCESS, null, why);
    }

    static FileResult notCapture(Path input, String why) {
        return new FileResult(input, null, Status.NOT_CAPTURE, ExitCode.SUCCESS, null, why);
    }

    static FileResult failed(Path input, Path output, ConversionException e) {
        return new FileResult(input, output, Status.FAILED, e.exitCode(), null, e.getMessage());
    }

    public Path input() {
        return input;
    }

    public Path output() {
        return output;
    }

    public Status status() {
        return status;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** The conversion's result when {@link Status#CONVERTED}, else null. */
    public ConversionResult result() {
        return result;
    }

    /** Why it was skipped or failed, or the input damage of a converted file; null when all went well. */
    public String message() {
        return message;
    }
}
