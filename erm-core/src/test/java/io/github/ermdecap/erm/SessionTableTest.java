// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session table is bounded and its hash does not cluster (issue 15, item 5): 300 000 switch addresses ran
 * a 64 MiB heap out of memory, and 80 000 IPv6 sources whose old hashes collided took minutes.
 */
class SessionTableTest {

    private static byte[] v4(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    /**
     * IPv6 addresses that had one hash under the old {@code 31 * h + b} hash in groups of 4096: bytes 13..15
     * trade off ({@code 961 a + 31 b + c} constant), byte 12 numbers the group.
     */
    private static byte[] collidingV6(int i) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        int x = i % 64;
        int y = i / 64 % 64;
        a[12] = (byte) (i / 4096);
        a[13] = (byte) x;
        a[14] = (byte) y;
        a[15] = (byte) (-961 * x - 31 * y);
        return a;
    }

    @Test
    void atMostMaxSessionsAreKeptApartAndTheRestAreCountedTogether() {
        SessionTable t = new SessionTable();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            byte[] a = v4(0x0A00_0000 + i);
            t.find(a, 0, 4, 7932).count(1, 100, i % 4096);
        }
        assertEquals(DecapStats.MAX_SESSIONS, t.size());
        assertEquals(DecapStats.MAX_SESSIONS, t.all().size());
        assertEquals(n - DecapStats.MAX_SESSIONS, t.other().packets());
        assertEquals(100L * (n - DecapStats.MAX_SESSIONS), t.other().bytes());
        assertEquals(4096, t.other().vlans().size());
        byte[] first = v4(0x0A00_0000);
        assertEquals(1, t.find(first, 0, 4, 7932).packets(), "an early session keeps its own counters");
        assertSame(t.other(), t.find(v4(0x0B00_0000), 0, 4, 7932), "a new session when full is 'other'");
    }

    @Test
    void addressesThatCollidedUnderTheOldHashSpreadOverTheTable() {
        Set<Integer> slots = new HashSet<>();
        int mask = 2 * DecapStats.MAX_SESSIONS - 1;
        for (int i = 0; i < DecapStats.MAX_SESSIONS; i++) {
            byte[] a = collidingV6(i);
            slots.add(SessionStats.hash(a, 0, 16, 7932) & mask);
        }
        // 4096 random keys fill about 3223 of 8192 slots; a clustering hash fills a handful.
        assertTrue(slots.size() > 3000, "distinct slots: " + slots.size());
    }

    @Test
    void collidingIpv6SessionsAreAllFoundAgain() {
        SessionTable t = new SessionTable();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 80_000; i++) {
                byte[] a = collidingV6(i);
                t.find(a, 0, 16, 7932).count(1, 1, 10);
            }
        }
        assertEquals(DecapStats.MAX_SESSIONS, t.size());
        for (SessionStats s : t.all()) {
            assertEquals(2, s.packets(), s.switchAddress());
        }
        assertEquals(2L * (80_000 - DecapStats.MAX_SESSIONS), t.other().packets());
    }

    @Test
    void otherSessionsAppearInTheStatsTheirJsonAndMerges() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        for (int i = 0; i < DecapStats.MAX_SESSIONS + 3; i++) {
            byte[] f = ErmFrames.erm().addresses(v4(0x0A01_0000 + i), ErmFrames.COLLECTOR_IP).vlan(7).build();
            engine.decapsulate(LinkType.ETHERNET, f, 0, f.length, f.length);
        }
        DecapStats s = engine.stats();
        List<SessionStats> sessions = s.sessions();
        assertEquals(DecapStats.MAX_SESSIONS, sessions.size());
        assertEquals("other:0 packets=3 bytes=294 vlans=[7]", s.otherSessions().toString());
        assertTrue(s.toJson().contains("],\"other_sessions\":{\"packets\":3,\"bytes\":294,\"vlans\":[7]},"
                + "\"vlans\":{"), s.toJson());
        DecapStats total = new DecapStats().merge(s).merge(s);
        assertEquals(DecapStats.MAX_SESSIONS, total.sessions().size());
        assertEquals(6, total.otherSessions().packets());
        assertEquals(2, total.sessions().get(0).packets());
        assertEquals(0, new DecapStats().otherSessions().packets());
        assertTrue(!new DecapStats().toJson().contains("other_sessions"));
    }
}
