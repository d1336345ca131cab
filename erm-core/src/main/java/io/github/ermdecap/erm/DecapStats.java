// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counters kept by an {@link ErmDecapsulator}: records per outcome and per nesting depth, ERM sessions,
 * VLANs, anomalies and auto-detected ports. Updating them allocates nothing (only a new session does).
 * Per-thread engines' statistics combine with {@link #merge}.
 *
 * <pre>{@code
 * DecapStats total = new DecapStats();
 * total.merge(engine.stats());
 * System.out.println(total.toJson());
 * }</pre>
 *
 * <p>{@link #toJson()} writes one JSON object with these fields, names stable:
 * <pre>
 * {"records": n,
 *  "outcomes": {"decapsulated": n, "not_erm_link_type": n, ... every {@link Outcome#label()}, in enum order},
 *  "decapsulated_at_depth": {"1": n, "2": n, ...}      only depths seen,
 *  "anomalies": n                                       decapsulated records with nonzero unknown ERM bits
 *                                                       or a malformed nested ERM layer,
 *  "sessions": [{"switch": "10.1.0.1", "port": 7932, "packets": n, "bytes": n, "vlans": [10, 20]}, ...],
 *  "other_sessions": {"packets": n, "bytes": n, "vlans": [...]}   only when more than {@link #MAX_SESSIONS}
 *                                                       sessions were seen: the records of the rest,
 *  "vlans": {"10": n, ...}                               decapsulated records per innermost VLAN id,
 *  "auto_detected_ports": [7933, ...]}
 * </pre>
 * Sessions are ordered by address (IPv4 first) then port; a session is the outermost ERM layer's IP source and
 * port, its bytes the inner frames' captured bytes before any inserted tag. At most {@link #MAX_SESSIONS}
 * sessions are kept apart (the first seen); the records of any further session are counted together in
 * {@link #otherSessions()}, so memory stays bounded whatever the input holds.
 */
public final class DecapStats implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Most ERM sessions counted one by one; the rest are counted together in {@link #otherSessions()}. */
    public static final int MAX_SESSIONS = 4096;

    private static final Outcome[] OUTCOMES = Outcome.values();

    private long records;
    private final long[] outcomes = new long[OUTCOMES.length];
    private final long[] depths = new long[DecapOptions.MAX_DEPTH_LIMIT + 1];
    private long anomalies;
    private final SessionTable sessions = new SessionTable();
    private final long[] vlans = new long[4096];
    private final long[] autoPorts = new long[1024];
    /** Records per UDP destination port that was not an ERM port; allocated at the first one. */
    private long[] otherUdp;

    public DecapStats() {
    }

    void tally(Outcome o) {
        records++;
        outcomes[o.ordinal()]++;
    }

    /** Counts a decapsulated record under its outermost session, depth and innermost VLAN. */
    void decapsulated(DecapResult r, int innerBytes) {
        tally(Outcome.DECAPSULATED);
        depths[r.depth()]++;
        if (r.anomalous()) {
            anomalies++;
        }
        int vlan = r.vlanId();
        vlans[vlan]++;
        sessions.find(r.addressBytes(), 0, r.addressLength(), r.port()).count(1, innerBytes, vlan);
    }

    void otherUdpPort(int port) {
        if (otherUdp == null) {
            otherUdp = new long[65536];
        }
        otherUdp[port & 0xFFFF]++;
    }

    /**
     * The {@code n} UDP destination ports with most records that were not on an ERM port ({@link
     * Outcome#NOT_ERM_PORT}), busiest first, with their record counts: where ERM on an unexpected port hides.
     */
    public Map<Integer, Long> busiestOtherUdpPorts(int n) {
        Map<Integer, Long> top = new LinkedHashMap<>();
        if (otherUdp == null) {
            return top;
        }
        List<Integer> ports = new ArrayList<>();
        for (int p = 0; p < otherUdp.length; p++) {
            if (otherUdp[p] != 0) {
                ports.add(p);
            }
        }
        ports.sort((a, b) -> Long.compare(otherUdp[b], otherUdp[a]));
        for (int i = 0; i < Math.min(n, ports.size()); i++) {
            top.put(ports.get(i), otherUdp[ports.get(i)]);
        }
        return Collections.unmodifiableMap(top);
    }

    void autoDetected(int port) {
        autoPorts[port >>> 6] |= 1L << port;
    }

    /** Every record seen. */
    public long records() {
        return records;
    }

    public long count(Outcome outcome) {
        return outcomes[Objects.requireNonNull(outcome, "outcome").ordinal()];
    }

    /** Records decapsulated with exactly {@code depth} ERM layers removed (0 for depths out of range). */
    public long decapsulatedAtDepth(int depth) {
        return depth >= 0 && depth < depths.length ? depths[depth] : 0;
    }

    /** Decapsulated records whose ERM headers had nonzero unknown bits. */
    public long anomalies() {
        return anomalies;
    }

    /** Snapshots of the ERM sessions, ordered by address then port. */
    public List<SessionStats> sessions() {
        List<SessionStats> list = new ArrayList<>();
        for (SessionStats s : sessions.all()) {
            list.add(s.copy());
        }
        Collections.sort(list);
        return Collections.unmodifiableList(list);
    }

    /**
     * A snapshot of the records of the sessions beyond the first {@link #MAX_SESSIONS}, together: switch address
     * {@code "other"}, port 0, no packets when there were none.
     */
    public SessionStats otherSessions() {
        return sessions.other().copy();
    }

    /** Decapsulated records per VLAN id (innermost ERM header), VLANs seen only. */
    public SortedMap<Integer, Long> vlanCounts() {
        SortedMap<Integer, Long> m = new TreeMap<>();
        for (int v = 0; v < vlans.length; v++) {
            if (vlans[v] != 0) {
                m.put(v, vlans[v]);
            }
        }
        return Collections.unmodifiableSortedMap(m);
    }

    /** The UDP ports on which auto-detection (not the port set) recognised ERM. */
    public SortedSet<Integer> autoDetectedPorts() {
        SortedSet<Integer> s = new TreeSet<>();
        for (int p = 0; p < 65536; p++) {
            if ((autoPorts[p >>> 6] & 1L << p) != 0) {
                s.add(p);
            }
        }
        return Collections.unmodifiableSortedSet(s);
    }

    /** Adds {@code other}'s counters to these; returns this. */
    public DecapStats merge(DecapStats other) {
        records += other.records;
        anomalies += other.anomalies;
        addAll(outcomes, other.outcomes);
        addAll(depths, other.depths);
        addAll(vlans, other.vlans);
        for (int i = 0; i < autoPorts.length; i++) {
            autoPorts[i] |= other.autoPorts[i];
        }
        if (other.otherUdp != null) {
            if (otherUdp == null) {
                otherUdp = new long[65536];
            }
            addAll(otherUdp, other.otherUdp);
        }
        for (SessionStats s : other.sessions.all()) {
            byte[] a = s.addressBytes();
            sessions.find(a, 0, a.length, s.port()).add(s);
        }
        sessions.other().add(other.sessions.other());
        return this;
    }

    private static void addAll(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    /** The counters as one JSON object; the schema is in the class comment. */
    public String toJson() {
        return StatsJson.write(this);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
