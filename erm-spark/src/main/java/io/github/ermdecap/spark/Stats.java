// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.erm.Outcome;
import io.github.ermdecap.erm.SessionStats;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The job's account: one JSON line per input under {@code OUT/_erm_stats/} (its relative path plus
 * {@code .json}), the per-file lines and the total on stderr in batch mode's words.
 */
final class Stats {
    static final String PREFIX = "erm-spark: ";

    private final FileSystem fs;
    private final Path dir;

    Stats(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    /** Writes a file's line, under a temporary name first; a skipped file keeps the line of the run that made it. */
    void write(FilePlan f) throws IOException {
        Path target = new Path(dir, f.relative + ".json");
        if (f.status == FilePlan.Status.SKIPPED && fs.exists(target)) {
            return;
        }
        fs.mkdirs(target.getParent());
        Path temp = HadoopFiles.temporary(target, "stats");
        try (OutputStream out = HadoopFiles.create(fs, temp)) {
            out.write((json(f) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        HadoopFiles.commit(fs, temp, target);
    }

    /** The JSON object of one input. */
    static String json(FilePlan f) {
        FilePlan.Merged m = f.result;
        StringBuilder sb = new StringBuilder();
        sb.append("{\"input\":").append(str(f.input))
                .append(",\"output\":").append(str(f.output))
                .append(",\"status\":").append(str(f.status.name().toLowerCase(Locale.ROOT)))
                .append(",\"exit_code\":").append(f.exitCode.code())
                .append(",\"message\":").append(str(f.message))
                .append(",\"splits\":").append(f.status == FilePlan.Status.CONVERTED ? f.splits() : 0)
                .append(",\"one_task_reason\":").append(str(f.oneTaskReason));
        if (m != null) {
            sb.append(",\"format\":").append(str(m.format == null ? null : m.format.toLowerCase(Locale.ROOT)))
                    .append(",\"error\":").append(str(m.error));
            if (m.error != null && m.errorRecord >= 0) {
                sb.append(",\"error_record\":").append(m.errorRecord)
                        .append(",\"error_byte\":").append(m.errorOffset);
            }
            sb.append(",\"records_read\":").append(m.recordsRead)
                    .append(",\"records_written\":").append(m.recordsWritten)
                    .append(",\"decapsulated\":").append(m.decapsulated())
                    .append(",\"passed_through\":").append(m.passedThrough)
                    .append(",\"dropped_policy\":").append(m.droppedPolicy)
                    .append(",\"dropped_link_type\":").append(m.droppedLinkType)
                    .append(",\"bytes_read\":").append(m.bytesRead)
                    .append(",\"task_seconds\":").append(String.format(Locale.ROOT, "%.6f", m.elapsedNanos / 1e9))
                    .append(",\"stats\":").append(m.stats.toJson());
        }
        return sb.append('}').toString();
    }

    /** One file's line on stderr, as batch mode prints it. */
    static void line(PrintWriter err, FilePlan f) {
        switch (f.status) {
            case SKIPPED:
                err.println(f.input + ": skipped (" + f.message + ")");
                return;
            case NOT_CAPTURE:
                err.println(f.input + ": " + f.message + ", left alone");
                return;
            case FAILED:
                err.println(PREFIX + f.message);
                return;
            default:
                FilePlan.Merged m = f.result;
                String line = String.format(Locale.ROOT, "%s -> %s%s: %,d records, %,d decapsulated, %,d passed"
                        + " through, %,d dropped", f.input, f.output,
                        f.splits() > 1 ? " (" + f.splits() + " tasks)" : "", m.recordsRead, m.decapsulated(),
                        m.passedThrough, m.droppedPolicy + m.droppedLinkType);
                err.println(m.error == null ? line : PREFIX + line + "; " + m.error);
        }
    }

    /** The total, as batch mode's summary. */
    static void summary(PrintWriter err, List<FilePlan> files, long elapsedNanos) {
        long converted = 0;
        long skipped = 0;
        long failed = 0;
        long notCaptures = 0;
        long read = 0;
        long passed = 0;
        long policy = 0;
        long linkType = 0;
        long bytes = 0;
        DecapStats s = new DecapStats();
        for (FilePlan f : files) {
            if (f.status == FilePlan.Status.CONVERTED) {
                converted++;
            } else if (f.status == FilePlan.Status.SKIPPED) {
                skipped++;
            } else if (f.status == FilePlan.Status.NOT_CAPTURE) {
                notCaptures++;
            } else {
                failed++;
            }
            if (f.result != null) {
                read += f.result.recordsRead;
                passed += f.result.passedThrough;
                policy += f.result.droppedPolicy;
                linkType += f.result.droppedLinkType;
                bytes += f.result.bytesRead;
                s.merge(f.result.stats);
            }
        }
        err.printf(Locale.ROOT, "%d files: %d converted, %d skipped, %d failed%s%n", files.size() - notCaptures,
                converted, skipped, failed, notCaptures == 0 ? "" : "; " + notCaptures + " other "
                + (notCaptures == 1 ? "file not a capture" : "files not captures") + ", left alone");
        err.printf(Locale.ROOT, "  records read     %,15d%n", read);
        err.printf(Locale.ROOT, "  decapsulated     %,15d%n", s.count(Outcome.DECAPSULATED));
        err.printf(Locale.ROOT, "  passed through   %,15d%n", passed);
        err.printf(Locale.ROOT, "  dropped          %,15d%s%n", policy + linkType,
                linkType == 0 ? "" : String.format(Locale.ROOT, " (%,d not ERM, %,d link type)", policy, linkType));
        err.println("  outcomes:");
        for (Outcome o : Outcome.values()) {
            if (s.count(o) > 0) {
                err.printf(Locale.ROOT, "    %-24s %,15d%n", o.label(), s.count(o));
            }
        }
        if (!s.autoDetectedPorts().isEmpty()) {
            err.println("  auto-detected ERM ports: " + s.autoDetectedPorts());
        }
        for (SessionStats ss : s.sessions()) {
            StringJoiner vlans = new StringJoiner(",");
            ss.vlans().forEach(v -> vlans.add(Integer.toString(v)));
            err.printf(Locale.ROOT, "    %s port %d: %,d packets, %,d bytes, VLANs %s%n", ss.switchAddress(), ss.port(),
                    ss.packets(), ss.bytes(), vlans.length() == 0 ? "none" : vlans);
        }
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        err.printf(Locale.ROOT, "  elapsed %.3f s, %,.0f records/s, %,.1f MB/s%n", elapsedNanos / 1e9,
                read / seconds, bytes / seconds / 1e6);
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
