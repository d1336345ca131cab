// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.route.OutputNames;
import io.github.ermdecap.route.ShardRouter;
import io.github.ermdecap.route.SplitMode;
import io.github.ermdecap.route.SplitRouter;

/**
 * How a {@link Conversion} spreads its records over several outputs: {@link #shards} by conversation (every
 * conversation, both directions, in exactly one of N files, {@link io.github.ermdecap.route.FlowHash}), or
 * {@link #split} by ERM session or VLAN. Files are named from the output name with {@link OutputNames}:
 * {@code out.pcap} gives {@code out-0.pcap} ... {@code out-3.pcap}, or {@code out-10.1.0.1-7932.pcap},
 * {@code out-vlan-10.pcap} and {@code out-other.pcap}. The two do not combine. Immutable.
 *
 * <pre>{@code
 * Conversion c = new Conversion(DecapOptions.DEFAULT).withRouting(OutputRouting.shards(4, false));
 * ConversionResult r = c.convert(Path.of("big.pcap"), Path.of("part.pcap"));   // part-0.pcap .. part-3.pcap
 * r.outputs().forEach(o -> System.out.println(o.file() + ": " + o.records()));
 * }</pre>
 *
 * Memory: every output has its own write buffer: {@value #LARGE_BUFFER} bytes when there are at most
 * {@value #FEW_OUTPUTS} shards, else {@value #SMALL_BUFFER} bytes (a split of 4096 outputs: 128 MiB), plus,
 * for gzip output, a {@value #SMALL_GZIP_BUFFER}-byte buffer and the deflater's native state per output; with at
 * most {@value #FEW_OUTPUTS} shards each output also has a background writer thread with 4 MiB of blocks.
 */
public final class OutputRouting {
    /** Up to this many shards, each output gets the writers' default buffer. */
    public static final int FEW_OUTPUTS = 8;
    public static final int LARGE_BUFFER = CaptureWriter.DEFAULT_BUFFER_SIZE;
    public static final int SMALL_BUFFER = 32 * 1024;
    public static final int SMALL_GZIP_BUFFER = 8 * 1024;

    private final int shards;
    private final boolean vlanInHash;
    private final SplitMode split;
    private final int maxOutputs;

    private OutputRouting(int shards, boolean vlanInHash, SplitMode split, int maxOutputs) {
        this.shards = shards;
        this.vlanInHash = vlanInHash;
        this.split = split;
        this.maxOutputs = maxOutputs;
    }

    /** {@code n} shards (1..{@value ShardRouter#MAX_SHARDS}); with {@code vlanInHash}, the VLAN id is hashed too. */
    public static OutputRouting shards(int n, boolean vlanInHash) {
        if (n < 1 || n > ShardRouter.MAX_SHARDS) {
            throw new IllegalArgumentException("shards: " + n + " (expected: 1.." + ShardRouter.MAX_SHARDS + ")");
        }
        return new OutputRouting(n, vlanInHash, null, n);
    }

    /** One output per ERM session or VLAN, and {@code other} for the rest, at most {@value SplitRouter#DEFAULT_MAX_OUTPUTS}. */
    public static OutputRouting split(SplitMode mode) {
        return split(mode, SplitRouter.DEFAULT_MAX_OUTPUTS);
    }

    /** As {@link #split(SplitMode)}, at most {@code maxOutputs} outputs (1..{@value SplitRouter#MAX_OUTPUTS}). */
    public static OutputRouting split(SplitMode mode, int maxOutputs) {
        new SplitRouter(mode, maxOutputs); // checks both
        return new OutputRouting(0, false, mode, maxOutputs);
    }

    /** The number of shards, 0 when splitting. */
    public int shards() {
        return shards;
    }

    public boolean vlanInHash() {
        return vlanInHash;
    }

    /** What a split makes one output per, or null when sharding. */
    public SplitMode split() {
        return split;
    }

    public int maxOutputs() {
        return maxOutputs;
    }

    /** The write buffer of each output. */
    public int bufferSize() {
        return split == null && shards <= FEW_OUTPUTS ? LARGE_BUFFER : SMALL_BUFFER;
    }

    /** The gzip buffer of each output, for {@code .gz} names. */
    /**
     * Whether each output gets its own background writer thread ({@link WriteBehindStream}, 4 MiB of blocks):
     * only for a few shards; many outputs write on the conversion's thread.
     */
    boolean backgroundWriters() {
        return bufferSize() == LARGE_BUFFER;
    }

    int gzipBufferSize() {
        return bufferSize() == LARGE_BUFFER ? 1 << 16 : SMALL_GZIP_BUFFER;
    }

    @Override
    public String toString() {
        return split == null ? shards + " shards" + (vlanInHash ? " (VLAN in hash)" : "")
                : "split by " + split.name().toLowerCase(java.util.Locale.ROOT);
    }
}
