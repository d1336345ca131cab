// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import java.util.Iterator;
import java.util.Map;

/** Writes {@link DecapStats} as JSON by hand (erm-core has no dependencies); schema in DecapStats. */
final class StatsJson {
    private StatsJson() {
    }

    static String write(DecapStats s) {
        StringBuilder j = new StringBuilder(512);
        j.append("{\"records\":").append(s.records()).append(",\"outcomes\":{");
        String sep = "";
        for (Outcome o : Outcome.values()) {
            j.append(sep).append('"').append(o.label()).append("\":").append(s.count(o));
            sep = ",";
        }
        j.append("},\"decapsulated_at_depth\":{");
        sep = "";
        for (int d = 1; d <= DecapOptions.MAX_DEPTH_LIMIT; d++) {
            if (s.decapsulatedAtDepth(d) != 0) {
                j.append(sep).append('"').append(d).append("\":").append(s.decapsulatedAtDepth(d));
                sep = ",";
            }
        }
        j.append("},\"anomalies\":").append(s.anomalies()).append(",\"sessions\":[");
        sessions(j, s);
        j.append(']');
        SessionStats other = s.otherSessions();
        if (other.packets() > 0) {
            j.append(",\"other_sessions\":{\"packets\":").append(other.packets()).append(",\"bytes\":")
                    .append(other.bytes()).append(",\"vlans\":[");
            numbers(j, other.vlans().iterator());
            j.append("]}");
        }
        j.append(",\"vlans\":{");
        sep = "";
        for (Map.Entry<Integer, Long> e : s.vlanCounts().entrySet()) {
            j.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        j.append("},\"auto_detected_ports\":[");
        numbers(j, s.autoDetectedPorts().iterator());
        return j.append("]}").toString();
    }

    private static void sessions(StringBuilder j, DecapStats s) {
        String sep = "";
        for (SessionStats x : s.sessions()) {
            j.append(sep).append("{\"switch\":\"").append(x.switchAddress()).append("\",\"port\":").append(x.port())
                    .append(",\"packets\":").append(x.packets()).append(",\"bytes\":").append(x.bytes())
                    .append(",\"vlans\":[");
            numbers(j, x.vlans().iterator());
            j.append("]}");
            sep = ",";
        }
    }

    private static void numbers(StringBuilder j, Iterator<Integer> it) {
        while (it.hasNext()) {
            j.append(it.next()).append(it.hasNext() ? "," : "");
        }
    }
}
