// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.nio.file.Path;

/**
 * One output of a sharded or split conversion: its label (the shard index, or the split label such as
 * {@code vlan-10}), its file, and the records and frame bytes (captured bytes, without capture-format headers)
 * written to it. Immutable.
 *
 * <pre>{@code
 * for (OutputCount o : result.outputs()) {
 *     System.out.println(o.label() + " " + o.file() + " " + o.records());
 * }
 * }</pre>
 */
public final class OutputCount {
    private final String label;
    private final Path file;
    private final long records;
    private final long bytes;

    OutputCount(String label, Path file, long records, long bytes) {
        this.label = label;
        this.file = file;
        this.records = records;
        this.bytes = bytes;
    }

    public String label() {
        return label;
    }

    public Path file() {
        return file;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    String toJson() {
        return "{\"label\":" + Json.string(label) + ",\"file\":" + Json.string(file.toString())
                + ",\"records\":" + records + ",\"bytes\":" + bytes + "}";
    }
}
