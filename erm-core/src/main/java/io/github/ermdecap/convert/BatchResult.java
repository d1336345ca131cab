// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapStats;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link BatchConversion}: one {@link FileResult} per file in a stable order, the engine
 * statistics of all converted files merged, and the worst exit code.
 *
 * <pre>{@code
 * BatchResult b = batch.run(List.of(Path.of("captures")));
 * System.exit(b.exitCode().code());
 * }</pre>
 */
public final class BatchResult {
    private final List<FileResult> files;
    private final DecapStats stats;
    private final long elapsedNanos;

    BatchResult(List<FileResult> files, DecapStats stats, long elapsedNanos) {
        this.files = List.copyOf(files);
        this.stats = stats;
        this.elapsedNanos = elapsedNanos;
    }

    public List<FileResult> files() {
        return files;
    }

    /** The statistics of every converted file, merged. */
    public DecapStats stats() {
        return stats;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    public long count(FileResult.Status status) {
        return files.stream().filter(f -> f.status() == status).count();
    }

    /** Sum over converted files of {@code field} (records read, written...). */
    public long sum(java.util.function.ToLongFunction<ConversionResult> field) {
        return files.stream().filter(f -> f.result() != null).mapToLong(f -> field.applyAsLong(f.result())).sum();
    }

    /** The worst exit code of any file; success for an empty batch. */
    public ExitCode exitCode() {
        ExitCode worst = ExitCode.SUCCESS;
        for (FileResult f : files) {
            worst = worst.worst(f.exitCode());
        }
        return worst;
    }

    /** The batch as JSON: totals, merged {@code "stats"}, and one object per file. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"exit_code\":").append(exitCode().code())
                .append(",\"files_converted\":").append(count(FileResult.Status.CONVERTED))
                .append(",\"files_skipped\":").append(count(FileResult.Status.SKIPPED))
                .append(",\"files_failed\":").append(count(FileResult.Status.FAILED))
                .append(",\"files_not_captures\":").append(count(FileResult.Status.NOT_CAPTURE))
                .append(",\"records_read\":").append(sum(ConversionResult::recordsRead))
                .append(",\"records_written\":").append(sum(ConversionResult::recordsWritten))
                .append(",\"decapsulated\":").append(sum(ConversionResult::decapsulated))
                .append(",\"passed_through\":").append(sum(ConversionResult::passedThrough))
                .append(",\"dropped_policy\":").append(sum(ConversionResult::droppedByPolicy))
                .append(",\"dropped_link_type\":").append(sum(ConversionResult::droppedLinkType))
                .append(",\"elapsed_seconds\":").append(String.format(Locale.ROOT, "%.6f", elapsedNanos / 1e9))
                .append(",\"stats\":").append(stats.toJson())
                .append(",\"files\":[");
        String sep = "";
        for (FileResult f : files) {
            sb.append(sep).append("{\"input\":").append(Json.string(f.input().toString()))
                    .append(",\"output\":").append(Json.string(f.output() == null ? null : f.output().toString()))
                    .append(",\"status\":").append(Json.string(f.status().name().toLowerCase(Locale.ROOT)))
                    .append(",\"exit_code\":").append(f.exitCode().code())
                    .append(",\"message\":").append(Json.string(f.message()))
                    .append(",\"result\":").append(f.result() == null ? "null" : f.result().toJson()).append('}');
            sep = ",";
        }
        return sb.append("]}").toString();
    }
}
