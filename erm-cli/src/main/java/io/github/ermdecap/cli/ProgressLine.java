// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.convert.BatchProgress;
import io.github.ermdecap.convert.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line on a terminal's stderr. One file: bytes and records done, rate, and percentage and time
 * left when the size is known (gzip input: from the compressed bytes consumed). A batch: files and bytes done
 * of all, rate, time left. Redrawn in place at most four times a second, cut to the terminal's width so that it
 * never wraps, erased by {@link #clear()}.
 */
final class ProgressLine implements ProgressListener, BatchProgress {
    private static final long REDRAW_NANOS = 250_000_000L;
    static final String ERASE = "\r\033[K";

    private final PrintWriter err;
    private final long totalBytes;
    private final CaptureReader compressed;
    private final int columns;
    private final long start = System.nanoTime();
    private long lastDraw = start;
    private boolean drawn;

    /**
     * @param totalBytes the input's size in bytes, or -1 when unknown (stdin)
     * @param reader     the input; when compressed, the percentage follows its compressed bytes
     */
    ProgressLine(PrintWriter err, long totalBytes, CaptureReader reader, int columns) {
        this.err = err;
        this.totalBytes = totalBytes;
        this.compressed = reader != null && reader.compressed() ? reader : null;
        this.columns = Math.max(columns, 10);
    }

    @Override
    public synchronized void progress(long bytes, long records) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long done = compressed == null ? bytes : compressed.compressedPosition();
        draw(text(bytes, records, done, now - start));
    }

    @Override
    public synchronized void progress(int filesDone, int filesTotal, long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(batchText(filesDone, filesTotal, bytesDone, bytesTotal, now - start));
    }

    private void draw(String line) {
        err.print(ERASE + fit(line, columns));
        err.flush();
        drawn = true;
    }

    /** The line cut to one column less than the terminal's width, so the cursor never wraps. */
    static String fit(String line, int columns) {
        return line.length() < columns ? line : line.substring(0, columns - 1);
    }

    /** One file: {@code done} is the (compressed, for gzip) byte count the percentage is taken from. */
    String text(long bytes, long records, long done, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s, %s, %s/s",
                Summary.bytes(bytes), Summary.count(records, "record"), Summary.bytes((long) (bytes / seconds))));
        return sb.append(left(done, totalBytes, seconds)).toString();
    }

    static String batchText(int filesDone, int filesTotal, long bytesDone, long bytesTotal, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        return String.format(Locale.ROOT, "%d of %s, %s of %s, %s/s", filesDone, Summary.count(filesTotal, "file"),
                Summary.bytes(bytesDone), Summary.bytes(bytesTotal), Summary.bytes((long) (bytesDone / seconds)))
                + left(bytesDone, bytesTotal, seconds);
    }

    private static String left(long done, long total, double seconds) {
        if (total <= 0 || done < 0 || done > total) {
            return "";
        }
        double fraction = (double) done / total;
        long left = fraction > 0 ? (long) (seconds / fraction - seconds) : 0;
        return String.format(Locale.ROOT, ", %.1f%%, %d:%02d left", fraction * 100, left / 60, left % 60);
    }

    /** Erases the line, if one is drawn (before other output, and at the end). */
    synchronized void clear() {
        if (drawn) {
            err.print(ERASE);
            err.flush();
            drawn = false;
        }
    }

    /** Erases the line at the end. */
    void finish() {
        clear();
    }
}
