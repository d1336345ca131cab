// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.RecordSelection;
import io.github.ermdecap.convert.SelectedCaptureReader;

import java.io.PrintWriter;
import java.util.Locale;

/** What {@code -c}, {@code -A} and {@code -B} left out, for the summary and {@code --stats}. */
final class SelectionReport {
    private SelectionReport() {
    }

    /** One summary line: records outside the window, and whether -c stopped the reading. */
    static void print(PrintWriter err, SelectedCaptureReader r, RecordSelection s) {
        StringBuilder b = new StringBuilder("  selection:");
        if (s.from() != null || s.to() != null) {
            b.append(String.format(Locale.ROOT, " %,d record%s outside the time window [%s, %s) not written",
                    r.outsideWindow(), r.outsideWindow() == 1 ? "" : "s",
                    s.from() == null ? "-" : s.from(), s.to() == null ? "-" : s.to()));
        }
        if (s.limit() >= 0) {
            b.append(s.from() != null || s.to() != null ? ";" : "")
                    .append(r.limitReached() ? " stopped after -c " + s.limit() + " records"
                            : " -c " + s.limit() + " not reached (the input ended)");
        }
        err.println(b);
    }

    /** The run's JSON with a {@code "selection"} object added at the top level. */
    static String json(String runJson, SelectedCaptureReader r, RecordSelection s) {
        String selection = "\"selection\":{\"from\":" + quoted(s.from()) + ",\"to\":" + quoted(s.to())
                + ",\"limit\":" + (s.limit() < 0 ? "null" : Long.toString(s.limit()))
                + ",\"outside_window\":" + r.outsideWindow() + ",\"limit_reached\":" + r.limitReached() + "}";
        int end = runJson.lastIndexOf('}');
        return runJson.substring(0, end) + "," + selection + runJson.substring(end);
    }

    private static String quoted(Object o) {
        return o == null ? "null" : "\"" + o + "\"";
    }
}
