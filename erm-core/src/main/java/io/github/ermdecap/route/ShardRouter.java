package io.github.ermdecap.route;

/**
 * Picks the shard a frame goes to, {@code FlowHash.shard(hash, shards)}, and counts records and captured
 * bytes per shard. Both directions of a conversation, and all its fragments, go to one shard. Not
 * thread-safe (one per output set); no allocation per record.
 *
 * <pre>{@code
 * ShardRouter router = new ShardRouter(4, false);
 * for (PacketRecord r; (r = reader.next()) != null; ) {
 *     int shard = router.route(r.linkType(), r.array(), r.offset(), r.capturedLength());
 *     writers[shard].write(r);
 * }
 * }</pre>
 */
public final class ShardRouter {
    /** The largest number of shards: each is an open output. */
    public static final int MAX_SHARDS = 1024;

    private final int shards;
    private final FlowHash flowHash;
    private final long[] records;
    private final long[] bytes;

    public ShardRouter(int shards, boolean vlanInHash) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards: " + shards + " (expected: 1.." + MAX_SHARDS + ")");
        }
        this.shards = shards;
        this.flowHash = FlowHash.of(vlanInHash);
        this.records = new long[shards];
        this.bytes = new long[shards];
    }

    /** The shard of a frame, counted; see {@link FlowHash} for what decides it. */
    public int route(int linkType, byte[] data, int off, int len) {
        return route(linkType, data, off, len, 0);
    }

    /**
     * The shard of a frame, counted; {@code vlanId} stands for the VLAN of a frame without a tag (see
     * {@link FlowHash#hash(int, byte[], int, int, int)}), and matters only when the VLAN id is in the hash.
     */
    public int route(int linkType, byte[] data, int off, int len, int vlanId) {
        int shard = FlowHash.shard(flowHash.hash(linkType, data, off, len, vlanId), shards);
        records[shard]++;
        bytes[shard] += len;
        return shard;
    }

    public int shards() {
        return shards;
    }

    public FlowHash flowHash() {
        return flowHash;
    }

    /** Records routed to {@code shard} so far. */
    public long records(int shard) {
        return records[check(shard)];
    }

    /** Captured bytes (frame bytes, no capture-format headers) routed to {@code shard} so far. */
    public long bytes(int shard) {
        return bytes[check(shard)];
    }

    /** Records routed to all shards so far. */
    public long records() {
        long total = 0;
        for (long n : records) {
            total += n;
        }
        return total;
    }

    private int check(int shard) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard: " + shard + " (expected: 0.." + (shards - 1) + ")");
        }
        return shard;
    }
}
