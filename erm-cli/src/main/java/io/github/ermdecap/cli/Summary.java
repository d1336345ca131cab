// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.BatchResult;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.FileResult;
import io.github.ermdecap.convert.OutputCount;
import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.erm.Outcome;
import io.github.ermdecap.erm.SessionStats;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.StringJoiner;

/** The human-readable summary printed on stderr at the end of a run. */
final class Summary {
    /** Sessions listed in the summary; more are summed in one line (and all are in --stats). */
    static final int MAX_SESSIONS_SHOWN = 20;

    private Summary() {
    }

    /** The summary of one conversion. */
    static void print(PrintWriter err, ConversionResult r) {
        err.printf(Locale.ROOT, "%s -> %s (%s)%n", r.source(), r.target(), r.format().name().toLowerCase(Locale.ROOT));
        counts(err, r.recordsRead(), r.stats(), r.passedThrough(), r.droppedByPolicy(), r.droppedLinkType());
        details(err, r.stats());
        outputs(err, r.outputs());
        rate(err, r.recordsRead(), r.bytesRead(), r.elapsedNanos());
    }

    /** The files of a sharded or split run: label, file, records, frame bytes. */
    private static void outputs(PrintWriter err, List<OutputCount> outputs) {
        if (outputs.isEmpty()) {
            return;
        }
        err.printf(Locale.ROOT, "  outputs (%d):%n", outputs.size());
        int width = 1;
        for (OutputCount o : outputs) {
            width = Math.max(width, o.label().length());
        }
        for (OutputCount o : outputs) {
            err.printf(Locale.ROOT, "    %-" + width + "s %,15d records %10s  %s%n", o.label(), o.records(),
                    bytes(o.bytes()), o.file());
        }
    }

    /** The total of a batch (the per-file lines were printed as files finished). */
    static void print(PrintWriter err, BatchResult b) {
        long notCaptures = b.count(FileResult.Status.NOT_CAPTURE);
        err.printf(Locale.ROOT, "%s: %d converted, %d skipped, %d failed%s%n",
                count(b.files().size() - notCaptures, "file"), b.count(FileResult.Status.CONVERTED),
                b.count(FileResult.Status.SKIPPED), b.count(FileResult.Status.FAILED), notCaptures == 0 ? ""
                        : "; " + count(notCaptures, "other file") + " not " + (notCaptures == 1 ? "a capture"
                        : "captures") + ", left alone");
        counts(err, b.sum(ConversionResult::recordsRead), b.stats(), b.sum(ConversionResult::passedThrough),
                b.sum(ConversionResult::droppedByPolicy), b.sum(ConversionResult::droppedLinkType));
        details(err, b.stats());
        rate(err, b.sum(ConversionResult::recordsRead), b.sum(ConversionResult::bytesRead), b.elapsedNanos());
    }

    /** One line for a file of a batch. */
    static String line(FileResult f) {
        switch (f.status()) {
            case SKIPPED:
                return f.input() + ": skipped (" + f.message() + ")";
            case NOT_CAPTURE:
                return f.input() + ": " + f.message() + ", left alone";
            case FAILED:
                return Hints.damage(f.message());
            default:
                ConversionResult r = f.result();
                String line = String.format(Locale.ROOT, "%s -> %s%s: %s, %,d decapsulated, %,d passed"
                        + " through, %,d dropped", f.input(), f.output(),
                        r.outputs().isEmpty() ? "" : " (" + count(r.outputs().size(), "file") + ")",
                        count(r.recordsRead(), "record"), r.decapsulated(), r.passedThrough(), r.dropped());
                for (String w : r.warnings()) {
                    line += "; warning: " + w;
                }
                return r.inputError() == null ? line : line + "; " + Hints.damage(r.inputError().getMessage());
        }
    }

    private static void counts(PrintWriter err, long read, DecapStats s, long passed, long policy, long linkType) {
        err.printf(Locale.ROOT, "  records read     %,15d%n", read);
        err.printf(Locale.ROOT, "  decapsulated     %,15d%s%n", s.count(Outcome.DECAPSULATED), depths(s));
        err.printf(Locale.ROOT, "  passed through   %,15d%n", passed);
        // under --drop-other every malformed record is dropped (without it, policy drops nothing)
        long malformed = policy == 0 ? 0 : malformed(s);
        StringJoiner why = new StringJoiner(", ", " (", ")");
        why.setEmptyValue("");
        if (malformed > 0 || linkType > 0) {
            why.add(String.format(Locale.ROOT, "%,d not ERM", policy - malformed));
            if (malformed > 0) {
                why.add(String.format(Locale.ROOT, "%,d malformed ERM", malformed));
            }
            if (linkType > 0) {
                why.add(String.format(Locale.ROOT, "%,d link type", linkType));
            }
        }
        err.printf(Locale.ROOT, "  dropped          %,15d%s%n", policy + linkType, why);
    }

    private static long malformed(DecapStats s) {
        long n = 0;
        for (Outcome o : Outcome.values()) {
            n += o.malformed() ? s.count(o) : 0;
        }
        return n;
    }

    private static String depths(DecapStats s) {
        StringJoiner j = new StringJoiner(", ", " (", ")");
        for (int depth = 1; depth <= 16; depth++) {
            long n = s.decapsulatedAtDepth(depth);
            if (n > 0) {
                j.add(String.format(Locale.ROOT, "depth %d: %,d", depth, n));
            }
        }
        return s.count(Outcome.DECAPSULATED) == 0 ? "" : j.toString();
    }

    static void details(PrintWriter err, DecapStats s) {
        err.println("  outcomes:");
        for (Outcome o : Outcome.values()) {
            long n = s.count(o);
            if (n > 0) {
                err.printf(Locale.ROOT, "    %-24s %,15d%n", o.label(), n);
            }
        }
        if (s.anomalies() > 0) {
            err.printf(Locale.ROOT, "  anomalies: %,d decapsulated records with nonzero unknown ERM bits%n",
                    s.anomalies());
        }
        if (!s.autoDetectedPorts().isEmpty()) {
            err.println("  auto-detected ERM ports: " + s.autoDetectedPorts());
        }
        List<SessionStats> sessions = s.sessions();
        if (!sessions.isEmpty()) {
            err.println("  ERM sessions:");
        }
        // a terminal's worth: the busiest sessions, VLANs as ranges; --stats lists every session and VLAN
        List<SessionStats> shown = sessions;
        if (sessions.size() > MAX_SESSIONS_SHOWN) {
            shown = new ArrayList<>(sessions);
            shown.sort(Comparator.comparingLong(SessionStats::packets).reversed());
            shown = shown.subList(0, MAX_SESSIONS_SHOWN);
        }
        for (SessionStats ss : shown) {
            String vlans = ranges(ss.vlans());
            err.printf(Locale.ROOT, "    %s port %d: %,d packets, %s, VLANs %s%n", ss.switchAddress(), ss.port(),
                    ss.packets(), bytes(ss.bytes()), vlans.isEmpty() ? "none" : vlans);
        }
        if (shown.size() < sessions.size()) {
            long packets = 0;
            for (SessionStats ss : sessions) {
                packets += ss.packets();
            }
            for (SessionStats ss : shown) {
                packets -= ss.packets();
            }
            err.printf(Locale.ROOT, "    %,d more sessions: %,d packets (every session is in --stats)%n",
                    sessions.size() - shown.size(), packets);
        }
        SessionStats other = s.otherSessions();
        if (other.packets() > 0) {
            err.printf(Locale.ROOT, "    other sessions (beyond the first %d): %,d packets, %s, %d VLANs%n",
                    DecapStats.MAX_SESSIONS, other.packets(), bytes(other.bytes()), other.vlans().size());
        }
    }

    /** {@code 10,20-25,4094}: sorted numbers with runs of three or more as ranges. */
    static String ranges(SortedSet<Integer> values) {
        StringJoiner j = new StringJoiner(",");
        Integer start = null;
        int prev = 0;
        for (int v : values) {
            if (start != null && v == prev + 1) {
                prev = v;
                continue;
            }
            if (start != null) {
                j.add(run(start, prev));
            }
            start = v;
            prev = v;
        }
        if (start != null) {
            j.add(run(start, prev));
        }
        return j.toString();
    }

    private static String run(int from, int to) {
        return from == to ? Integer.toString(from) : to == from + 1 ? from + "," + to : from + "-" + to;
    }

    private static void rate(PrintWriter err, long records, long bytes, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        err.printf(Locale.ROOT, "  elapsed %.3f s, %,.0f records/s, %s/s%n", elapsedNanos / 1e9, records / seconds,
                bytes((long) (bytes / seconds)));
    }

    /** {@code 1 file}, {@code 2 files}, {@code 1,234 records}. */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** A byte count for people: {@code 512 B}, {@code 1.5 MB}. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
