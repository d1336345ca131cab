// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static io.github.ermdecap.route.RouteFrames.SCTP;
import static io.github.ermdecap.route.RouteFrames.TCP;
import static io.github.ermdecap.route.RouteFrames.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ermdecap.capture.LinkType;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeded random conversations (IPv4 and IPv6; TCP, UDP, SCTP; 1..30 packets each way, some
 * behind a VLAN tag) through {@link ShardRouter}: every conversation lands in one shard, and the largest
 * shard holds at most 1.15 times the mean record count for 2, 4 and 8 shards.
 */
class ShardBalanceTest {
    private static final int FLOWS = 5000;
    private static final int[] PROTOCOLS = {TCP, UDP, SCTP};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261127})
    void largestShardWithin115PercentOfTheMean(long seed) {
        for (int shards : new int[] {2, 4, 8}) {
            ShardRouter router = new ShardRouter(shards, false);
            Random random = new Random(seed);
            for (int i = 0; i < FLOWS; i++) {
                routeConversation(router, random);
            }
            double mean = router.records() / (double) shards;
            long largest = 0;
            for (int s = 0; s < shards; s++) {
                largest = Math.max(largest, router.records(s));
            }
            assertTrue(largest <= 1.15 * mean,
                    "largest shard of " + shards + ": " + largest + " (expected: at most 1.15 x mean " + mean + ")");
        }
    }

    /**
     * Hosts numbered in steps of 4 (10.0.0.4, .8, ...) make the low bits of every key byte alike; plain FNV-1a
     * would then put every pair in one shard of 4. The finaliser spreads them like random addresses.
     */
    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 4, 8})
    void addressesWithAlikeLowBitsSpreadToo(int shards) {
        ShardRouter router = new ShardRouter(shards, false);
        for (int x = 1; x <= 60; x++) {
            for (int y = 1; y <= 60; y++) {
                byte[] frame = frame(false, TCP, -1, "10.0.0." + 4 * x, 1000, "10.0.1." + 4 * y, 80);
                router.route(LinkType.ETHERNET, frame, 0, frame.length);
            }
        }
        double mean = router.records() / (double) shards;
        for (int s = 0; s < shards; s++) {
            assertTrue(router.records(s) <= 1.15 * mean,
                    "shard " + s + ": " + router.records(s) + " (expected: at most 1.15 x mean " + mean + ")");
        }
    }

    /** Routes both directions of one random conversation, asserting they all land in one shard. */
    private static void routeConversation(ShardRouter router, Random random) {
        boolean v6 = random.nextInt(10) < 3;
        String a = v6 ? v6Address(random) : v4Address(random);
        String b = v6 ? v6Address(random) : v4Address(random);
        int protocol = PROTOCOLS[random.nextInt(PROTOCOLS.length)];
        int portA = 1024 + random.nextInt(64000);
        int portB = random.nextBoolean() ? 443 : 1 + random.nextInt(65535);
        int vlan = random.nextInt(4) == 0 ? 1 + random.nextInt(4094) : -1;
        byte[] forward = frame(v6, protocol, vlan, a, portA, b, portB);
        byte[] backward = frame(v6, protocol, vlan, b, portB, a, portA);
        int packets = 1 + random.nextInt(30);
        int shard = router.route(LinkType.ETHERNET, forward, 0, forward.length);
        for (int i = 1; i < packets; i++) {
            assertEquals(shard, router.route(LinkType.ETHERNET, forward, 0, forward.length));
        }
        for (int i = 0; i < packets; i++) {
            assertEquals(shard, router.route(LinkType.ETHERNET, backward, 0, backward.length));
        }
    }

    private static byte[] frame(boolean v6, int protocol, int vlan, String src, int srcPort, String dst,
            int dstPort) {
        RouteFrames f = RouteFrames.ethernet(RouteFrames.mac(1), RouteFrames.mac(2));
        if (vlan >= 0) {
            f.vlan(0x8100, vlan);
        }
        if (v6) {
            f.ipv6(src, dst, protocol);
        } else {
            f.ipv4(src, dst, protocol);
        }
        if (protocol == TCP) {
            f.tcp(srcPort, dstPort);
        } else if (protocol == UDP) {
            f.udp(srcPort, dstPort, 0);
        } else {
            f.sctp(srcPort, dstPort);
        }
        return f.build();
    }

    private static String v4Address(Random random) {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static String v6Address(Random random) {
        return "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::"
                + Integer.toHexString(random.nextInt(65536));
    }
}
