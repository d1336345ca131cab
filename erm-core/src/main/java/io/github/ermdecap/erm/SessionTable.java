// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded open-addressing table of sessions keyed by address bytes and port, probed without allocating; the
 * last session found is checked first, since ERM streams come in runs. It holds at most
 * {@link DecapStats#MAX_SESSIONS} sessions, at most half full; records of any further session are counted
 * together in {@link #other()}, so anyone who can send UDP to the collector cannot make it grow without bound.
 * The hash is seeded per process and mixes every address byte, so crafted addresses do not cluster.
 */
final class SessionTable implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int maxSessions;
    private SessionStats[] slots = new SessionStats[16];
    private int size;
    private SessionStats last;
    private final SessionStats other = SessionStats.other();

    SessionTable() {
        this(DecapStats.MAX_SESSIONS);
    }

    SessionTable(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /**
     * The session for the key, created on first sight (the only allocation), or {@link #other()} when the table
     * is full and the key is not in it.
     */
    SessionStats find(byte[] data, int off, int len, int port) {
        SessionStats l = last;
        if (l != null && l.sameKey(data, off, len, port)) {
            return l;                             // the run of one session, the common case: no hash computed
        }
        int h = SessionStats.hash(data, off, len, port);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            SessionStats s = slots[i];
            if (s == null) {
                if (size >= maxSessions) {
                    return other;
                }
                s = new SessionStats(data, off, len, port, h);
                put(s);
                last = s;
                return s;
            }
            if (s.matches(data, off, len, port, h)) {
                last = s;
                return s;
            }
        }
    }

    private void put(SessionStats s) {
        if (2 * (size + 1) > slots.length) {
            SessionStats[] old = slots;
            slots = new SessionStats[old.length * 2];
            for (SessionStats o : old) {
                if (o != null) {
                    insert(o);
                }
            }
        }
        insert(s);
        size++;
    }

    private void insert(SessionStats s) {
        int mask = slots.length - 1;
        int i = s.keyHash() & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = s;
    }

    /** Re-places every session: hashes are seeded per process, so another JVM's slots are not this one's. */
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        SessionStats[] old = slots;
        slots = new SessionStats[old.length];
        for (SessionStats o : old) {
            if (o != null) {
                insert(o);
            }
        }
        last = null;
    }

    /** The sessions with a place of their own, in no particular order. */
    List<SessionStats> all() {
        List<SessionStats> list = new ArrayList<>(size);
        for (SessionStats s : slots) {
            if (s != null) {
                list.add(s);
            }
        }
        return list;
    }

    /** The records of sessions that found the table full, together. */
    SessionStats other() {
        return other;
    }

    int size() {
        return size;
    }
}
