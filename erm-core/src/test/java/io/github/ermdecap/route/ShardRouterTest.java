// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static io.github.ermdecap.route.RouteFrames.TCP;
import static io.github.ermdecap.route.RouteFrames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;

class ShardRouterTest {
    private static final byte[] FRAME = RouteFrames.ethernet(mac(1), mac(2))
            .ipv4("192.0.2.1", "198.51.100.7", TCP).tcp(40000, 443).build();

    @Test
    void shardIsTheDocumentedRemainderAndIsCounted() {
        ShardRouter router = new ShardRouter(4, false);
        assertEquals(2, router.route(LinkType.ETHERNET, FRAME, 0, FRAME.length), "0x65b0b10af9a896b6 % 4");
        assertEquals(3, router.route(LinkType.ETHERNET, FRAME, 0, 20), "MAC pair, 0xa97a847c7c5786e3 % 4");
        assertEquals(3, router.route(LinkType.ETHERNET, FRAME, 0, 20));
        assertEquals(0, router.records(0));
        assertEquals(0, router.records(1));
        assertEquals(1, router.records(2));
        assertEquals(FRAME.length, router.bytes(2));
        assertEquals(2, router.records(3));
        assertEquals(40, router.bytes(3));
        assertEquals(3, router.records());
    }

    @Test
    void oneShardTakesEverything() {
        ShardRouter router = new ShardRouter(1, true);
        assertEquals(0, router.route(LinkType.ETHERNET, FRAME, 0, FRAME.length));
        assertEquals(0, router.route(999, new byte[3], 0, 3, 4000));
        assertEquals(2, router.records(0));
        assertEquals(FRAME.length + 3, router.bytes(0));
    }

    @Test
    void vlanOptionReachesTheHash() {
        assertTrue(new ShardRouter(8, true).flowHash().vlanInHash());
        assertFalse(new ShardRouter(8, false).flowHash().vlanInHash());
        ShardRouter router = new ShardRouter(64, true);
        byte[] untagged = RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.0.0.1", "10.0.0.2", TCP).tcp(1, 2).build();
        int[] seen = new int[64];
        for (int vlan = 1; vlan <= 200; vlan++) {
            seen[router.route(LinkType.ETHERNET, untagged, 0, untagged.length, vlan)]++;
        }
        int used = 0;
        for (int count : seen) {
            used += count > 0 ? 1 : 0;
        }
        assertTrue(used > 32, "one conversation in 200 VLANs spreads over many shards: " + used);
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("shards: 0 (expected: 1..1024)",
                assertThrows(IllegalArgumentException.class, () -> new ShardRouter(0, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ShardRouter(ShardRouter.MAX_SHARDS + 1, false));
        ShardRouter router = new ShardRouter(2, false);
        assertEquals("shard: 2 (expected: 0..1)",
                assertThrows(IllegalArgumentException.class, () -> router.records(2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> router.bytes(-1));
    }
}
