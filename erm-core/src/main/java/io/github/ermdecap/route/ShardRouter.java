// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

/**
 * Picks the shard a frame goes to and counts records and captured bytes per shard: {@code FlowHash.shard(hash,
 * shards)}, except for IP fragments at a nonzero offset, which go where the first fragment of their datagram
 * went (remembered by datagram fingerprint, {@link FlowKey#datagram()}, for the last
 * {@value #DEFAULT_FRAGMENT_TABLE} first fragments). Both directions of a conversation, and the fragments of its
 * datagrams when they come in order, go to one shard; a later fragment whose first fragment was not seen
 * (reordered, forgotten) falls back to the address-pair hash. Not thread-safe (one per output set); no
 * allocation per record: the table is allocated up front (under 2 MB for the default size).
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
    /** First fragments remembered by default. */
    public static final int DEFAULT_FRAGMENT_TABLE = 65536;

    private final int shards;
    private final FlowHash flowHash;
    private final long[] records;
    private final long[] bytes;
    private final FlowKey key = new FlowKey();
    private final FragmentTable fragments;

    public ShardRouter(int shards, boolean vlanInHash) {
        this(shards, vlanInHash, DEFAULT_FRAGMENT_TABLE);
    }

    /** A router remembering the shards of the last {@code fragmentTable} first fragments (1..16777216). */
    public ShardRouter(int shards, boolean vlanInHash, int fragmentTable) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards: " + shards + " (expected: 1.." + MAX_SHARDS + ")");
        }
        this.shards = shards;
        this.flowHash = FlowHash.of(vlanInHash);
        this.records = new long[shards];
        this.bytes = new long[shards];
        this.fragments = new FragmentTable(fragmentTable);
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
        flowHash.key(linkType, data, off, len, vlanId, key);
        int shard = -1;
        if (key.fragment() == FlowKey.Fragment.LATER) {
            shard = fragments.get(key.datagram());
        }
        if (shard < 0) {
            shard = FlowHash.shard(key.hash(), shards);
        }
        if (key.fragment() == FlowKey.Fragment.FIRST) {
            fragments.put(key.datagram(), shard);
        }
        records[shard]++;
        bytes[shard] += len;
        return shard;
    }

    public int shards() {
        return shards;
    }

    /** How many first fragments this router remembers. */
    public int fragmentTable() {
        return fragments.capacity();
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
