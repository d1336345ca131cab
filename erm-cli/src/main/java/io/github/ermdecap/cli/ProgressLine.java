// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line on a terminal's stderr: bytes and records done, rate, and percentage and time left when
 * the input size is known. Redrawn in place at most four times a second, erased by {@link #finish()}.
 */
final class ProgressLine implements ProgressListener {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private long lastDraw = start;
    private int width;

    /** @param totalBytes the input's size in bytes, or -1 when unknown (stdin, compressed input) */
    ProgressLine(PrintWriter err, long totalBytes) {
        this.err = err;
        this.totalBytes = totalBytes;
    }

    @Override
    public void progress(long bytes, long records) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = text(bytes, records, now - start);
        int pad = Math.max(0, width - line.length());
        width = line.length();
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
    }

    String text(long bytes, long records, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s, %,d records, %s/s",
                Summary.bytes(bytes), records, Summary.bytes((long) (bytes / seconds))));
        if (totalBytes > 0 && bytes <= totalBytes) {
            double done = (double) bytes / totalBytes;
            long left = done > 0 ? (long) (seconds / done - seconds) : 0;
            sb.append(String.format(Locale.ROOT, ", %.1f%%, %d:%02d left", done * 100, left / 60, left % 60));
        }
        return sb.toString();
    }

    /** Erases the line, if one was drawn. */
    void finish() {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
