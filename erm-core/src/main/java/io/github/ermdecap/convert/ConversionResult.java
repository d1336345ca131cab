// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.erm.Outcome;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What one conversion did: records read, written, passed through and dropped, the engine's {@link DecapStats},
 * the time it took, and the input damage that ended it early, if any. Immutable once returned.
 *
 * <pre>{@code
 * ConversionResult r = new Conversion(DecapOptions.DEFAULT).convert(in, out);
 * System.out.println(r.recordsRead() + " read, " + r.decapsulated() + " decapsulated");
 * if (r.inputError() != null) {
 *     System.err.println(r.inputError().getMessage());
 * }
 * }</pre>
 */
public final class ConversionResult {
    private final String source;
    private final String target;
    private final CaptureFormat format;
    private final long recordsRead;
    private final long recordsWritten;
    private final long droppedByPolicy;
    private final long droppedLinkType;
    private final long bytesRead;
    private final DecapStats stats;
    private final long elapsedNanos;
    private final IOException inputError;
    private final List<OutputCount> outputs;
    /** Set once, by the conversion, before the result is returned. */
    private List<String> warnings = List.of();

    ConversionResult(String source, String target, CaptureFormat format, long recordsRead, long recordsWritten,
                     long droppedByPolicy, long droppedLinkType, long bytesRead, DecapStats stats,
                     long elapsedNanos, IOException inputError) {
        this(source, target, format, recordsRead, recordsWritten, droppedByPolicy, droppedLinkType, bytesRead, stats,
                elapsedNanos, inputError, List.of());
    }

    ConversionResult(String source, String target, CaptureFormat format, long recordsRead, long recordsWritten,
                     long droppedByPolicy, long droppedLinkType, long bytesRead, DecapStats stats,
                     long elapsedNanos, IOException inputError, List<OutputCount> outputs) {
        this.outputs = List.copyOf(outputs);
        this.source = source;
        this.target = target;
        this.format = format;
        this.recordsRead = recordsRead;
        this.recordsWritten = recordsWritten;
        this.droppedByPolicy = droppedByPolicy;
        this.droppedLinkType = droppedLinkType;
        this.bytesRead = bytesRead;
        this.stats = stats;
        this.elapsedNanos = elapsedNanos;
        this.inputError = inputError;
    }

    /** The input's label ({@code "-"} for stdin). */
    public String source() {
        return source;
    }

    /** The output's label ({@code "-"} for stdout). */
    public String target() {
        return target;
    }

    public CaptureFormat format() {
        return format;
    }

    public long recordsRead() {
        return recordsRead;
    }

    public long recordsWritten() {
        return recordsWritten;
    }

    /** Records that were decapsulated (and written). */
    public long decapsulated() {
        return stats.count(Outcome.DECAPSULATED);
    }

    /** Records written unchanged: not ERM, or malformed ERM. */
    public long passedThrough() {
        return recordsWritten - decapsulated();
    }

    /** Records left out because they were not decapsulated and the policy was to drop them. */
    public long droppedByPolicy() {
        return droppedByPolicy;
    }

    /** Records left out because pcap output (Ethernet) cannot hold their link type. */
    public long droppedLinkType() {
        return droppedLinkType;
    }

    /** Records read and not written, for any reason. */
    public long dropped() {
        return droppedByPolicy + droppedLinkType;
    }

    /** Bytes of (uncompressed) input consumed. */
    public long bytesRead() {
        return bytesRead;
    }

    public DecapStats stats() {
        return stats;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    /**
     * Why reading stopped early: a {@link io.github.ermdecap.capture.CaptureFormatException} naming record and
     * byte offset, or another read error; null when the whole input was read.
     */
    public IOException inputError() {
        return inputError;
    }

    /**
     * The files of a sharded or split conversion, in shard order or in the order their labels were first seen;
     * empty for a conversion to one output.
     */
    public List<OutputCount> outputs() {
        return outputs;
    }

    /**
     * What was odd about the input without being damage, one line each (such as trailing garbage after the last
     * gzip member, which is ignored); empty when nothing. Does not change the {@link #exitCode()}.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** Sets the input's warnings ({@link io.github.ermdecap.capture.CaptureReader#warnings()}); returns this. */
    ConversionResult withWarnings(List<String> inputWarnings) {
        this.warnings = List.copyOf(inputWarnings);
        return this;
    }

    /** {@link ExitCode#INPUT_DAMAGED} when reading stopped early, else {@link ExitCode#SUCCESS}. */
    public ExitCode exitCode() {
        return inputError == null ? ExitCode.SUCCESS : ExitCode.INPUT_DAMAGED;
    }

    /**
     * This run as a JSON object: the summary fields, for a sharded or split run {@code "outputs"} (label, file,
     * records, bytes per output) and, under {@code "stats"}, {@link DecapStats#toJson()}.
     */
    public String toJson() {
        return "{\"input\":" + Json.string(source)
                + ",\"output\":" + Json.string(target)
                + ",\"format\":" + Json.string(format.name().toLowerCase(Locale.ROOT))
                + ",\"exit_code\":" + exitCode().code()
                + ",\"error\":" + Json.string(inputError == null ? null : inputError.getMessage())
                + ",\"records_read\":" + recordsRead
                + ",\"records_written\":" + recordsWritten
                + ",\"decapsulated\":" + decapsulated()
                + ",\"passed_through\":" + passedThrough()
                + ",\"dropped_policy\":" + droppedByPolicy
                + ",\"dropped_link_type\":" + droppedLinkType
                + ",\"bytes_read\":" + bytesRead
                + ",\"elapsed_seconds\":" + String.format(Locale.ROOT, "%.6f", elapsedNanos / 1e9)
                + outputsJson()
                + warningsJson()
                + ",\"stats\":" + stats.toJson() + "}";
    }

    /** {@code ,"warnings":["..."]} when there are any, else nothing. */
    private String warningsJson() {
        if (warnings.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner(",", ",\"warnings\":[", "]");
        warnings.forEach(w -> j.add(Json.string(w)));
        return j.toString();
    }

    /** {@code ,"outputs":[...]} for a sharded or split conversion, else nothing. */
    private String outputsJson() {
        if (outputs.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner(",", ",\"outputs\":[", "]");
        outputs.forEach(o -> j.add(o.toJson()));
        return j.toString();
    }
}
