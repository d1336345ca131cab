// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import java.util.Arrays;

/**
 * The shards recent first fragments went to, by datagram fingerprint: a key is remembered, with the shard of its
 * latest {@link #put}, until {@code capacity} more puts have been made (a ring in put order; putting a key again
 * moves it to the newest place). All arrays are allocated up front; {@link #put} and {@link #get} allocate
 * nothing. An open-addressing index (linear probing, at most a quarter full) finds ring slots.
 */
final class FragmentTable {
    private final long[] keys;
    private final int[] shards;
    private final int[] index;
    private final int mask;
    private int next;

    FragmentTable(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("fragment table: " + capacity + " (expected: 1.." + (1 << 24) + ")");
        }
        keys = new long[capacity];
        shards = new int[capacity];
        Arrays.fill(shards, -1);
        index = new int[Integer.highestOneBit(capacity) * 4];
        mask = index.length - 1;
    }

    int capacity() {
        return keys.length;
    }

    /** The shard stored for {@code key}, or -1. */
    int get(long key) {
        int at = find(key);
        return index[at] == 0 ? -1 : shards[index[at] - 1];
    }

    /** Stores {@code key} as the newest entry, replacing an entry with the same key; forgets the oldest put. */
    void put(long key, int shard) {
        int at = find(key);
        if (index[at] != 0) {
            shards[index[at] - 1] = -1;          // its ring slot becomes a hole
            remove(at);
        }
        int slot = next;
        next = next + 1 == keys.length ? 0 : next + 1;
        if (shards[slot] >= 0) {
            remove(find(keys[slot]));            // evict the oldest
        }
        keys[slot] = key;
        shards[slot] = shard;
        index[find(key)] = slot + 1;
    }

    /** The index position holding {@code key}, or the empty position where it would go. */
    private int find(long key) {
        int i = home(key);
        while (index[i] != 0 && keys[index[i] - 1] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Empties index position {@code i}, moving later entries of the probe run back (no tombstones). */
    private void remove(int i) {
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (index[j] == 0) {
                break;
            }
            int k = home(keys[index[j] - 1]);
            boolean stays = i <= j ? i < k && k <= j : i < k || k <= j;
            if (!stays) {
                index[i] = index[j];
                i = j;
            }
        }
        index[i] = 0;
    }

    private int home(long key) {
        return (int) (key ^ key >>> 32) & mask;
    }
}
