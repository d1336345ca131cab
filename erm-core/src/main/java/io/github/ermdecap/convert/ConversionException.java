// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A conversion could not be done or finished: a usage problem found up front (missing input, output is the
 * input, a link type the output format cannot hold) or an output failure. Carries the {@link ExitCode}; the
 * message is one line, naming the file: {@code out.pcap: write failed: No space left on device}.
 *
 * <pre>{@code
 * try {
 *     conversion.convert(in, out);
 * } catch (ConversionException e) {
 *     System.err.println("erm-decap: " + e.getMessage());
 *     System.exit(e.exitCode().code());
 * }
 * }</pre>
 */
public final class ConversionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    /** What was done before an output failure, when known. */
    private transient ConversionResult partialResult;

    public ConversionException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ConversionException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /**
     * For a failure while writing: the records read, written and counted up to it (a broken pipe ends a
     * pipeline normally, and its summary is still wanted); null when not known.
     */
    public ConversionResult partialResult() {
        return partialResult;
    }

    ConversionException withPartialResult(ConversionResult result) {
        this.partialResult = result;
        return this;
    }

    /** An output failure, with the cause's message (or its type when it has none). */
    static ConversionException outputFailed(String target, String action, IOException cause) {
        return new ConversionException(ExitCode.OUTPUT_FAILED,
                target + ": " + action + " failed: " + describe(cause), cause);
    }

    /** A short text for an I/O exception: its message, or for file-system errors what went wrong. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            return f.getReason() != null ? f.getReason() : reason(f); // the caller names the file
        }
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        return e.getClass().getSimpleName();
    }
}
