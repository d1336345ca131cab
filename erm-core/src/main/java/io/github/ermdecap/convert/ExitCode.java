// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

/**
 * How a conversion ended, as the process exit status of the {@code erm-decap} command. A batch ends with the
 * {@link #worst(ExitCode) worst} code of its files.
 *
 * <pre>{@code
 * ExitCode code = ExitCode.SUCCESS;
 * for (ConversionResult r : results) {
 *     code = code.worst(r.exitCode());
 * }
 * System.exit(code.code());
 * }</pre>
 */
public enum ExitCode {
    /** Every record was read and written. */
    SUCCESS(0),
    /** The input is damaged or not a capture; every record before the damage was converted and kept. */
    INPUT_DAMAGED(1),
    /** Bad option, missing or unreadable input, or refusing to overwrite the input. Nothing was written. */
    USAGE(2),
    /** The output could not be written (write error, disk full); no partial file is left under its name. */
    OUTPUT_FAILED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** The more severe of the two (the higher code). */
    public ExitCode worst(ExitCode other) {
        return other.code > code ? other : this;
    }
}
