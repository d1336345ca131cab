// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import java.util.Collections;
import java.util.SplittableRandom;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Counters of one ERM session: a switch (the outer IP source) sending to one UDP port. {@link DecapStats}
 * hands out snapshots; the engine updates its own copies without allocating.
 *
 * <pre>{@code
 * for (SessionStats s : engine.stats().sessions()) {
 *     System.out.println(s.switchAddress() + ":" + s.port() + " " + s.packets() + " " + s.vlans());
 * }
 * }</pre>
 */
public final class SessionStats implements Comparable<SessionStats>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VLAN_WORDS = 4096 / 64;

    private final byte[] address;
    private final int port;
    /** The seeded hash of the key: seeded per process, so recomputed when a session is deserialized. */
    private transient int hash;
    private final long[] vlanBits = new long[VLAN_WORDS];
    private long packets;
    private long bytes;

    SessionStats(byte[] data, int off, int len, int port, int hash) {
        this.address = new byte[len];
        System.arraycopy(data, off, address, 0, len);
        this.port = port;
        this.hash = hash;
    }

    /** Seeds {@link #hash} once per process, so that nobody can compute addresses that collide. */
    private static final long SEED = new SplittableRandom().nextLong();

    /** The pseudo-session of {@link DecapStats#otherSessions()}: no address, port 0. */
    static SessionStats other() {
        return new SessionStats(new byte[0], 0, 0, 0, 0);
    }

    /**
     * The key's hash as {@link SessionTable} computes it: the address bytes 4 at a time and the port, each word
     * folded into a seeded 64-bit state through MurmurHash3's {@code fmix64}, so that every bit of the key
     * moves every bit of the hash.
     */
    static int hash(byte[] data, int off, int len, int port) {
        long h = SEED ^ ((long) len << 32 | port);
        int i = off;
        for (int end = off + len - 3; i < end; i += 4) {
            h = fmix64(h ^ (Wire.i32(data, i) & 0xFFFF_FFFFL));
        }
        for (int end = off + len; i < end; i++) {
            h = fmix64(h ^ (data[i] & 0xFF));
        }
        h = fmix64(h);
        return (int) (h ^ h >>> 32);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ k >>> 33;
    }

    boolean matches(byte[] data, int off, int len, int p, int h) {
        return h == hash && sameKey(data, off, len, p);
    }

    /** The same address and port, compared byte by byte (no hash needed). */
    boolean sameKey(byte[] data, int off, int len, int p) {
        if (p != port || len != address.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (address[i] != data[off + i]) {
                return false;
            }
        }
        return true;
    }

    void count(long packetCount, long byteCount, int vlan) {
        packets += packetCount;
        bytes += byteCount;
        vlanBits[vlan >>> 6] |= 1L << vlan;
    }

    void add(SessionStats other) {
        packets += other.packets;
        bytes += other.bytes;
        for (int i = 0; i < VLAN_WORDS; i++) {
            vlanBits[i] |= other.vlanBits[i];
        }
    }

    SessionStats copy() {
        SessionStats c = new SessionStats(address, 0, address.length, port, hash);
        c.add(this);
        return c;
    }

    byte[] addressBytes() {
        return address;
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        hash = hash(address, 0, address.length, port);
    }

    int keyHash() {
        return hash;
    }

    /**
     * The switch's IP address as text (dotted quad, or RFC 5952 IPv6); {@code "other"} for
     * {@link DecapStats#otherSessions()}.
     */
    public String switchAddress() {
        return address.length == 0 ? "other" : Addresses.format(address, 0, address.length);
    }

    /** The ERM UDP port of the session; 0 for {@link DecapStats#otherSessions()}. */
    public int port() {
        return port;
    }

    /** Decapsulated records of the session. */
    public long packets() {
        return packets;
    }

    /** Captured bytes of their inner frames (as decapsulated, before any inserted VLAN tag). */
    public long bytes() {
        return bytes;
    }

    /** The VLAN ids seen in the session's innermost ERM headers, ascending. */
    public SortedSet<Integer> vlans() {
        TreeSet<Integer> s = new TreeSet<>();
        for (int v = 0; v < 4096; v++) {
            if ((vlanBits[v >>> 6] & 1L << v) != 0) {
                s.add(v);
            }
        }
        return Collections.unmodifiableSortedSet(s);
    }

    /** Orders by address family, address bytes, then port. */
    @Override
    public int compareTo(SessionStats o) {
        int c = Integer.compare(address.length, o.address.length);
        for (int i = 0; c == 0 && i < address.length; i++) {
            c = Integer.compare(address[i] & 0xFF, o.address[i] & 0xFF);
        }
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
        return switchAddress() + ":" + port + " packets=" + packets + " bytes=" + bytes + " vlans=" + vlans();
    }
}
