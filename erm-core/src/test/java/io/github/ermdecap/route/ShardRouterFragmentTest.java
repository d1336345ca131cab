// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static io.github.ermdecap.route.RouteFrames.ICMP;
import static io.github.ermdecap.route.RouteFrames.UDP;
import static io.github.ermdecap.route.RouteFrames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ermdecap.capture.LinkType;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fragments follow their datagram's first fragment through the router's bounded table. */
class ShardRouterFragmentTest {
    private static final int SHARDS = 8;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void inOrderFragmentsLandWithTheirFlowBothWays(long seed) {
        Random random = new Random(seed);
        ShardRouter router = new ShardRouter(SHARDS, false);
        int apart = 0;
        for (int i = 0; i < 2000; i++) {
            boolean v6 = random.nextBoolean();
            String a = v6 ? "2001:db8::" + Integer.toHexString(1 + random.nextInt(65535)) : "10.0." + random.nextInt(256)
                    + "." + (1 + random.nextInt(254));
            String b = v6 ? "2001:db8:1::" + Integer.toHexString(1 + random.nextInt(65535)) : "10.1." + random.nextInt(256)
                    + "." + (1 + random.nextInt(254));
            int portA = 1024 + random.nextInt(60000);
            int id = random.nextInt(65536);
            int shard = route(router, datagram(v6, a, portA, b, 53, id, 0, true));
            assertEquals(shard, route(router, datagram(v6, b, 53, a, portA, id + 1, 0, false)), "reply");
            assertEquals(shard, route(router, datagram(v6, a, portA, b, 53, id, 185, true)), "middle");
            assertEquals(shard, route(router, datagram(v6, b, 53, a, portA, id + 2, 0, true)), "reply's first");
            assertEquals(shard, route(router, datagram(v6, a, portA, b, 53, id, 370, false)), "last");
            assertEquals(shard, route(router, datagram(v6, b, 53, a, portA, id + 2, 185, false)), "reply's last");
            byte[] ping = ping(v6, a, b);
            apart += shard == route(router, ping) ? 0 : 1;
        }
        assertTrue(apart > 1000, "flows are on their 5-tuple, not their address pair: " + apart);
    }

    @Test
    void laterFragmentWithoutItsFirstFallsBackToTheAddressPair() {
        ShardRouter router = new ShardRouter(SHARDS, false);
        for (int port = 1000; port < 1100; port++) {
            byte[] middle = datagram(false, "10.0.0.1", port, "10.0.0.2", 53, port, 185, true);
            assertEquals(route(router, ping(false, "10.0.0.2", "10.0.0.1")), route(router, middle), "before its first");
        }
    }

    @Test
    void oldestFirstFragmentsAreForgotten() {
        ShardRouter router = new ShardRouter(SHARDS, false, 4);
        int pairShard = route(router, ping(false, "10.0.0.1", "10.0.0.2"));
        int port = 1000;
        while (route(router, datagram(false, "10.0.0.1", port, "10.0.0.2", 53, 0, 0, true)) == pairShard) {
            port++;                                // a flow whose shard differs from the address pair's
        }
        int flowShard = route(router, datagram(false, "10.0.0.1", port, "10.0.0.2", 53, 0, 0, true));
        byte[] later = datagram(false, "10.0.0.1", port, "10.0.0.2", 53, 0, 185, false);
        assertEquals(flowShard, route(router, later));
        for (int id = 1; id <= 3; id++) {
            route(router, datagram(false, "10.0.0.1", port, "10.0.0.2", 53, id, 0, true));
        }
        assertEquals(flowShard, route(router, later), "4 entries: still remembered");
        route(router, datagram(false, "10.0.0.1", port, "10.0.0.2", 53, 4, 0, true));
        assertEquals(pairShard, route(router, later), "the fifth first fragment evicted the oldest");
        assertNotEquals(flowShard, pairShard);
    }

    /** The table remembers the keys of its last {@code capacity} puts, each with the shard of its latest put. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9, 10})
    void tableRemembersTheLastPuts(long seed) {
        Random random = new Random(seed);
        int capacity = 1 + random.nextInt(300);
        FragmentTable table = new FragmentTable(capacity);
        Map<Long, long[]> model = new HashMap<>();              // key -> {shard, number of its latest put}
        long puts = 0;
        for (int op = 0; op < 50_000; op++) {
            long key = random.nextInt(4 * capacity) * 0x9E3779B97F4A7C15L >>> random.nextInt(2) * 40;
            if (random.nextInt(3) == 0) {
                long[] entry = model.get(key);
                int expected = entry != null && entry[1] > puts - capacity ? (int) entry[0] : -1;
                assertEquals(expected, table.get(key), "get " + key + " at " + op);
            } else {
                int shard = random.nextInt(1000);
                model.put(key, new long[] {shard, ++puts});
                table.put(key, shard);
            }
        }
    }

    private static int route(ShardRouter router, byte[] frame) {
        return router.route(LinkType.ETHERNET, frame, 0, frame.length);
    }

    /** A UDP datagram or one of its fragments; offset in 8-byte units; the first carries the UDP header. */
    static byte[] datagram(boolean v6, String src, int srcPort, String dst, int dstPort, int id, int offset,
            boolean more) {
        RouteFrames f = RouteFrames.ethernet(mac(1), mac(2));
        if (v6) {
            f.ipv6(src, dst, 0).ipv6Extension(44).ipv6Fragment(UDP, offset, more, id * 31 + 7);
        } else {
            f.ipv4(src, dst, UDP, id & 0xFFFF, more, offset);
        }
        if (offset == 0) {
            f.udp(srcPort, dstPort, 1480);
        }
        return f.payload(64).build();
    }

    static byte[] ping(boolean v6, String src, String dst) {
        RouteFrames f = RouteFrames.ethernet(mac(1), mac(2));
        return (v6 ? f.ipv6(src, dst, 58) : f.ipv4(src, dst, ICMP)).payload(16).build();
    }
}
