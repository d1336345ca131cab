package io.github.ermdecap.erm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** TEMP stub. */
public final class DecapStats {
    private long records;
    private final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final long[] depths = new long[17];
    private final Map<String, SessionStats> sessions = new LinkedHashMap<>();
    private final TreeMap<Integer, Long> vlans = new TreeMap<>();

    void add(DecapResult r) {
        records++;
        outcomes.merge(r.outcome(), 1L, Long::sum);
        if (r.decapsulated()) {
            depths[r.depth()]++;
            SessionStats s = sessions.computeIfAbsent(r.switchAddress() + "/" + r.port(),
                    k -> new SessionStats(r.switchAddress(), r.port()));
            s.packets++;
            s.bytes += r.length();
            s.vlans.add(r.vlanId());
            vlans.merge(r.vlanId(), 1L, Long::sum);
        }
    }

    public long records() {
        return records;
    }

    public long count(Outcome o) {
        return outcomes.getOrDefault(o, 0L);
    }

    public long decapsulatedAtDepth(int depth) {
        return depth < 0 || depth >= depths.length ? 0 : depths[depth];
    }

    public long anomalies() {
        return 0;
    }

    public Collection<SessionStats> sessions() {
        return new ArrayList<>(sessions.values());
    }

    public SortedMap<Integer, Long> vlanCounts() {
        return vlans;
    }

    public SortedSet<Integer> autoDetectedPorts() {
        return new TreeSet<>();
    }

    public void merge(DecapStats o) {
        records += o.records;
        o.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        for (int i = 0; i < depths.length; i++) {
            depths[i] += o.depths[i];
        }
        for (SessionStats s : o.sessions.values()) {
            SessionStats t = sessions.computeIfAbsent(s.switchAddress + "/" + s.port,
                    k -> new SessionStats(s.switchAddress, s.port));
            t.packets += s.packets;
            t.bytes += s.bytes;
            t.vlans.addAll(s.vlans);
        }
        o.vlans.forEach((k, v) -> vlans.merge(k, v, Long::sum));
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"records\":").append(records).append(",\"outcomes\":{");
        String sep = "";
        for (Outcome o : Outcome.values()) {
            sb.append(sep).append('"').append(o.label()).append("\":").append(count(o));
            sep = ",";
        }
        sb.append("},\"sessions\":[");
        sep = "";
        for (SessionStats s : sessions.values()) {
            sb.append(sep).append("{\"switch\":\"").append(s.switchAddress).append("\",\"port\":").append(s.port)
                    .append(",\"packets\":").append(s.packets).append('}');
            sep = ",";
        }
        return sb.append("]}").toString();
    }
}
