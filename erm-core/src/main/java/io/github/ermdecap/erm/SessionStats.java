package io.github.ermdecap.erm;

import java.util.Collections;
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
    private final int hash;
    private final long[] vlanBits = new long[VLAN_WORDS];
    private long packets;
    private long bytes;

    SessionStats(byte[] data, int off, int len, int port, int hash) {
        this.address = new byte[len];
        System.arraycopy(data, off, address, 0, len);
        this.port = port;
        this.hash = hash;
    }

    /** The key's hash as {@link SessionTable} computes it, over address bytes and port. */
    static int hash(byte[] data, int off, int len, int port) {
        int h = port;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + data[i];
        }
        return h ^ h >>> 16;
    }

    boolean matches(byte[] data, int off, int len, int p, int h) {
        if (h != hash || p != port || len != address.length) {
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

    int keyHash() {
        return hash;
    }

    /** The switch's IP address as text (dotted quad, or RFC 5952 IPv6). */
    public String switchAddress() {
        return Addresses.format(address, 0, address.length);
    }

    /** The ERM UDP port of the session. */
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
