// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static io.github.ermdecap.route.RouteFrames.ICMP;
import static io.github.ermdecap.route.RouteFrames.SCTP;
import static io.github.ermdecap.route.RouteFrames.TCP;
import static io.github.ermdecap.route.RouteFrames.UDP;
import static io.github.ermdecap.route.RouteFrames.address;
import static io.github.ermdecap.route.RouteFrames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ermdecap.capture.LinkType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference vectors of the documented flow hash: fixed frames and the hash values other tools must
 * reproduce. The expected values were computed once by {@link #reference} below, a plain reading of the
 * javadoc of {@link FlowHash} that shares no code with it, and cross-checked with a Python script
 * (hashlib-free: FNV-1a and fmix64 in ten lines over {@code ipaddress.packed} bytes).
 */
class FlowHashVectorsTest {
    private static final int NO_VLAN = -1;
    private static final int NO_PROTOCOL = -1;

    static Stream<Arguments> vectors() {
        byte[] sllAddress = {2, 0, 0, 0, 0, 5, 0, 0};
        return Stream.of(
            vector("IPv4 TCP 192.0.2.1:40000 -> 198.51.100.7:443", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).ipv4("192.0.2.1", "198.51.100.7", TCP).tcp(40000, 443).build(),
                false, 0, 0x65b0b10af9a896b6L,
                FlowHash.KEY_IPV4_PORTS, NO_VLAN, TCP, endpoint("192.0.2.1", 40000), endpoint("198.51.100.7", 443)),
            vector("IPv4 TCP 198.51.100.7:443 -> 192.0.2.1:40000", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(1), mac(2)).ipv4("198.51.100.7", "192.0.2.1", TCP).tcp(443, 40000).build(),
                false, 0, 0x65b0b10af9a896b6L,
                FlowHash.KEY_IPV4_PORTS, NO_VLAN, TCP, endpoint("198.51.100.7", 443), endpoint("192.0.2.1", 40000)),
            vector("IPv4 ICMP 192.0.2.1 -> 198.51.100.7: address pair", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).ipv4("192.0.2.1", "198.51.100.7", ICMP).payload(8).build(),
                false, 0, 0x65e559680344a29dL,
                FlowHash.KEY_IPV4, NO_VLAN, NO_PROTOCOL, address("192.0.2.1"), address("198.51.100.7")),
            vector("IPv6 UDP [2001:db8::1]:5000 -> [2001:db8::2]:53", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).ipv6("2001:db8::1", "2001:db8::2", UDP).udp(5000, 53, 0).build(),
                false, 0, 0x54cdf2ff02b7819aL,
                FlowHash.KEY_IPV6_PORTS, NO_VLAN, UDP, endpoint("2001:db8::1", 5000), endpoint("2001:db8::2", 53)),
            vector("IPv4 SCTP, same ports both ways", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).ipv4("10.9.8.7", "10.9.8.6", SCTP).sctp(2905, 2905).build(),
                false, 0, 0x4ae38d1f9a198dccL,
                FlowHash.KEY_IPV4_PORTS, NO_VLAN, SCTP, endpoint("10.9.8.7", 2905), endpoint("10.9.8.6", 2905)),
            vector("raw IPv4 non-first fragment 203.0.113.5 -> 192.0.2.99", LinkType.RAW,
                RouteFrames.raw().ipv4("203.0.113.5", "192.0.2.99", UDP, 4242, false, 185).payload(100).build(),
                false, 0, 0x371df3dea980437fL,
                FlowHash.KEY_IPV4, NO_VLAN, NO_PROTOCOL, address("203.0.113.5"), address("192.0.2.99")),
            vector("IPv4 in 802.1Q VLAN 10, VLAN in hash", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).vlan(0x8100, 10).ipv4("10.0.0.1", "10.0.0.2", TCP).tcp(1, 2)
                    .build(),
                true, 0, 0xa269ac2c9451f4f5L,
                FlowHash.KEY_IPV4_PORTS, 10, TCP, endpoint("10.0.0.1", 1), endpoint("10.0.0.2", 2)),
            vector("IPv6 in 802.1ad 300 + 802.1Q 20, VLAN in hash", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).vlan(0x88A8, 300).vlan(0x8100, 20)
                    .ipv6("2001:db8::2", "2001:db8::1", TCP).tcp(1, 2).build(),
                true, 0, 0xcc735d51ff177100L,
                FlowHash.KEY_IPV6_PORTS, 300, TCP, endpoint("2001:db8::2", 1), endpoint("2001:db8::1", 2)),
            vector("ARP 02:00:00:00:00:01 -> 02:00:00:00:00:02, caller VLAN 10 in hash", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).arp(1, mac(1), "10.0.0.1", mac(2), "10.0.0.2").build(),
                true, 10, 0x2fcd3848b489c4d1L,
                FlowHash.KEY_MAC, 10, NO_PROTOCOL, mac(2), mac(1)),
            vector("ARP, no VLAN", LinkType.ETHERNET,
                RouteFrames.ethernet(mac(2), mac(1)).arp(1, mac(1), "10.0.0.1", mac(2), "10.0.0.2").build(),
                false, 10, 0xa97a847c7c5786e3L,
                FlowHash.KEY_MAC, NO_VLAN, NO_PROTOCOL, mac(2), mac(1)),
            vector("SLL LLDP from 02:00:00:00:00:05", LinkType.LINUX_SLL,
                RouteFrames.sll(mac(5)).etherType(0x88CC).payload(20).build(),
                false, 0, 0xcadd03a7e1563c30L,
                FlowHash.KEY_LINK_ADDRESS, NO_VLAN, NO_PROTOCOL, sllAddress),
            vector("unknown link type 147", 147, new byte[] {1, 2, 3, 4},
                false, 0, 0xb9034ad37056f5fbL,
                FlowHash.KEY_NONE, NO_VLAN, NO_PROTOCOL),
            vector("unknown link type 147, VLAN in hash", 147, new byte[0],
                true, 0, 0x6bc537b46c7f7bafL,
                FlowHash.KEY_NONE, 0, NO_PROTOCOL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void flowHashGivesTheReferenceValue(String name, int linkType, byte[] frame, boolean vlanInHash, int vlanId,
            long expected, int keyClass, int vlan, int protocol, byte[][] endpoints) {
        assertEquals(hex(expected), hex(FlowHash.of(vlanInHash).hash(linkType, frame, 0, frame.length, vlanId)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void referenceValueFollowsTheDocumentedAlgorithm(String name, int linkType, byte[] frame, boolean vlanInHash,
            int vlanId, long expected, int keyClass, int vlan, int protocol, byte[][] endpoints) {
        assertEquals(hex(expected), hex(reference(keyClass, vlan, protocol, endpoints)));
    }

    /** The javadoc, read literally: class byte, [VLAN u16 BE], [protocol], endpoints ordered; FNV-1a 64; fmix64. */
    static long reference(int keyClass, int vlan, int protocol, byte[]... endpoints) {
        byte[][] ordered = endpoints.clone();
        if (ordered.length == 2 && Arrays.compareUnsigned(ordered[0], ordered[1]) > 0) {
            ordered = new byte[][] {endpoints[1], endpoints[0]};
        }
        ByteBuffer key = ByteBuffer.allocate(64);
        key.put((byte) keyClass);
        if (vlan != NO_VLAN) {
            key.putShort((short) vlan);
        }
        if (protocol != NO_PROTOCOL) {
            key.put((byte) protocol);
        }
        for (byte[] endpoint : ordered) {
            key.put(endpoint);
        }
        key.flip();
        long h = 0xcbf29ce484222325L;
        while (key.hasRemaining()) {
            h ^= key.get() & 0xFF;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static Arguments vector(String name, int linkType, byte[] frame, boolean vlanInHash, int vlanId,
            long expected, int keyClass, int vlan, int protocol, byte[]... endpoints) {
        return Arguments.of(name, linkType, frame, vlanInHash, vlanId, expected, keyClass, vlan, protocol, endpoints);
    }

    /** An endpoint of a 5-tuple key: the address, then the port big-endian. */
    private static byte[] endpoint(String address, int port) {
        byte[] a = address(address);
        return ByteBuffer.allocate(a.length + 2).put(a).putShort((short) port).array();
    }

    private static String hex(long value) {
        return String.format("0x%016x", value);
    }
}
