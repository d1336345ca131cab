package io.github.ermdecap.erm;

import java.util.ArrayList;
import java.util.List;

/**
 * An open-addressing table of sessions keyed by address bytes and port, probed without allocating; the last
 * session found is checked first, since ERM streams come in runs.
 */
final class SessionTable implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private SessionStats[] slots = new SessionStats[16];
    private int size;
    private SessionStats last;

    /** The session for the key, created on first sight (the only allocation). */
    SessionStats find(byte[] data, int off, int len, int port) {
        int h = SessionStats.hash(data, off, len, port);
        if (last != null && last.matches(data, off, len, port, h)) {
            return last;
        }
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            SessionStats s = slots[i];
            if (s == null) {
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

    List<SessionStats> all() {
        List<SessionStats> list = new ArrayList<>(size);
        for (SessionStats s : slots) {
            if (s != null) {
                list.add(s);
            }
        }
        return list;
    }
}
