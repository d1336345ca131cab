// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureReader;

import java.time.Instant;

/**
 * Which input records a conversion takes: those whose timestamp lies in {@code [from, to)} (editcap's
 * {@code -A} and {@code -B}), and at most {@code limit} of them ({@code -c}: reading stops there). Records
 * outside the window are read and counted, never written. Immutable.
 *
 * <pre>{@code
 * RecordSelection s = RecordSelection.ALL.withLimit(1000).withWindow(Instant.parse("2026-12-01T10:00:00Z"), null);
 * SelectedCaptureReader in = s.select(CaptureReader.open(path));
 * }</pre>
 */
public final class RecordSelection {
    /** Every record. */
    public static final RecordSelection ALL = new RecordSelection(-1, null, null);

    private final long limit;
    private final Instant from;
    private final Instant to;

    private RecordSelection(long limit, Instant from, Instant to) {
        this.limit = limit;
        this.from = from;
        this.to = to;
    }

    /** At most {@code count} records (1 or more); -1 for no limit. */
    public RecordSelection withLimit(long count) {
        if (count < 1 && count != -1) {
            throw new IllegalArgumentException("count: " + count + " (expected: 1 or more)");
        }
        return new RecordSelection(count, from, to);
    }

    /** Only records at or after {@code start} and before {@code stop}; null leaves that side open. */
    public RecordSelection withWindow(Instant start, Instant stop) {
        if (start != null && stop != null && !start.isBefore(stop)) {
            throw new IllegalArgumentException("window: " + start + " .. " + stop
                    + " (expected: the start before the stop)");
        }
        return new RecordSelection(limit, start, stop);
    }

    /** The record limit, or -1. */
    public long limit() {
        return limit;
    }

    /** The window's start (inclusive), or null. */
    public Instant from() {
        return from;
    }

    /** The window's end (exclusive), or null. */
    public Instant to() {
        return to;
    }

    /** Whether this selection takes every record. */
    public boolean all() {
        return limit < 0 && from == null && to == null;
    }

    /** A reader over {@code in} that delivers only the selected records; closing it closes {@code in}. */
    public SelectedCaptureReader select(CaptureReader in) {
        return new SelectedCaptureReader(in, this);
    }
}
