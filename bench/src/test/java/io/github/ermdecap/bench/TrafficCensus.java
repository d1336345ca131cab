// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts generated frames by parsing them independently of the generator (offsets from RFC 791, 768 and the
 * ERM layout), checking lengths and IPv4 checksums on the way, then judges the mix against issue 5.
 */
final class TrafficCensus {
    long records;
    long erm;
    private long small;
    private long medium;
    private long full;
    private long innerIpv6;
    private final Set<Integer> vlans = new HashSet<>();
    private final Set<Integer> tagBits = new HashSet<>();
    private final Set<Integer> priorities = new HashSet<>();
    private final Set<String> sessions = new HashSet<>();

    void add(byte[] b, int o, int len) {
        records++;
        if (!isErm(b, o, len)) {
            return;
        }
        erm++;
        assertEquals(0xFFFF, sum(b, o + 14, 20), "outer IPv4 checksum of record " + records);
        assertEquals(len - 14, u16(b, o + 16), "outer IPv4 total length");
        assertEquals(len - 34, u16(b, o + 38), "UDP length");
        int inner = len - 54;
        if (inner >= 64 && inner <= 128) {
            small++;
        } else if (inner >= 500 && inner <= 600) {
            medium++;
        } else if (inner >= 1400 && inner <= 1514) {
            full++;
        }
        int word = (int) ((u16(b, o + 50) << 16) | u16(b, o + 52));
        vlans.add((word >>> 8) & 0xFFF);
        tagBits.add(word & 0x80);
        priorities.add((word >>> 21) & 7);
        sessions.add((b[o + 29] & 0xFF) + ":" + u16(b, o + 36));
        int type = u16(b, o + 54 + 12);
        if (type == 0x86DD) {
            innerIpv6++;
        } else {
            assertEquals(0x0800, type, "inner EtherType");
            assertEquals(0xFFFF, sum(b, o + 54 + 14, 20), "inner IPv4 checksum of record " + records);
        }
    }

    private static boolean isErm(byte[] b, int o, int len) {
        if (len < 54 || u16(b, o + 12) != 0x0800 || b[o + 23] != 17) {
            return false;
        }
        int port = u16(b, o + 36);
        if (port != 7932 && port != 7933) {
            return false;
        }
        for (int i = 42; i < 50; i++) {
            if (b[o + i] != 0) {
                return false;
            }
        }
        return true;
    }

    void assertRealistic() {
        assertBetween("non-ERM share", 1 - (double) erm / records, 0.035, 0.065);
        assertBetween("small inner frames", (double) small / erm, 0.37, 0.43);
        assertBetween("medium inner frames", (double) medium / erm, 0.18, 0.22);
        assertBetween("full-size inner frames", (double) full / erm, 0.37, 0.43);
        assertEquals(erm, small + medium + full, "every inner frame in a size class");
        assertBetween("inner IPv6", (double) innerIpv6 / erm, 0.15, 0.45);
        assertEquals(5, sessions.size(), "switch sessions " + sessions);
        assertEquals(6, vlans.size(), "VLANs " + vlans);
        assertEquals(2, tagBits.size(), "tagged and untagged ERM words");
        assertTrue(priorities.size() >= 6, "ERM priorities " + priorities);
    }

    private static void assertBetween(String what, double actual, double from, double to) {
        assertTrue(actual >= from && actual <= to, what + ": " + actual + " (expected: " + from + ".." + to + ")");
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    /** The one's-complement sum of a header including its checksum: 0xFFFF when the checksum is right. */
    private static int sum(byte[] b, int i, int len) {
        int s = 0;
        for (int k = 0; k < len; k += 2) {
            s += u16(b, i + k);
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return s;
    }
}
