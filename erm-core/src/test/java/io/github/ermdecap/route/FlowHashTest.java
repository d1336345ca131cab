// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static io.github.ermdecap.route.RouteFrames.ICMP;
import static io.github.ermdecap.route.RouteFrames.SCTP;
import static io.github.ermdecap.route.RouteFrames.TCP;
import static io.github.ermdecap.route.RouteFrames.UDP;
import static io.github.ermdecap.route.RouteFrames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ermdecap.capture.LinkType;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowHashTest {
    private static final FlowHash FLOWS = FlowHash.DEFAULT;
    private static final int[] TPIDS = {0x8100, 0x88A8, 0x9100};

    static Stream<Arguments> transports() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (int protocol : new int[] {TCP, UDP, SCTP}) {
            for (boolean v6 : new boolean[] {false, true}) {
                for (int tags = 0; tags <= 3; tags++) {
                    all.add(Arguments.of(protocol, v6, tags));
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "protocol {0}, IPv6 {1}, {2} VLAN tags")
    @MethodSource("transports")
    void bothDirectionsHashAlike(int protocol, boolean v6, int tags) {
        String a = v6 ? "2001:db8::a" : "10.0.0.1";
        String b = v6 ? "2001:db8:ff::b" : "172.16.9.200";
        long forward = ethernet(flow(protocol, v6, tags, mac(1), mac(2), a, 40000, b, 443));
        long backward = ethernet(flow(protocol, v6, tags, mac(2), mac(1), b, 443, a, 40000));
        assertEquals(forward, backward);
        long untagged = ethernet(flow(protocol, v6, 0, mac(1), mac(2), a, 40000, b, 443));
        assertEquals(untagged, forward, "VLAN tags are skipped, not hashed");
        String c = v6 ? "2001:db8::c" : "10.0.0.3";
        long other = ethernet(flow(protocol, v6, tags, mac(1), mac(2), a, 40000, c, 443));
        assertNotEquals(forward, other, "another conversation");
    }

    @Test
    void everyTpidIsSkipped() {
        long plain = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.0.0.1", "10.0.0.2", UDP)
                .udp(1, 2, 0).build());
        for (int tpid : TPIDS) {
            long tagged = ethernet(RouteFrames.ethernet(mac(1), mac(2)).vlan(tpid, 7)
                    .ipv4("10.0.0.1", "10.0.0.2", UDP).udp(1, 2, 0).build());
            assertEquals(plain, tagged, Integer.toHexString(tpid));
        }
    }

    @Test
    void ipv4FirstFragmentHashesAsItsFlowLaterOnesAsTheAddressPair() {
        String a = "192.0.2.10";
        String b = "198.51.100.20";
        long flow = ethernet(udp4(a, b, 1, false, 0).udp(5353, 53, 40).payload(40).build());
        long pair = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv4(b, a, ICMP).payload(8).build());
        assertNotEquals(flow, pair);
        FlowKey key = new FlowKey();
        byte[] first = udp4(a, b, 77, true, 0).udp(5353, 53, 3000).payload(1472).build();
        assertEquals(flow, key(first, key).hash());
        assertEquals(FlowKey.Fragment.FIRST, key.fragment());
        long datagram = key.datagram();
        byte[] middle = udp4(a, b, 77, true, 185).payload(1480).build();
        assertEquals(pair, key(middle, key).hash());
        assertEquals(FlowKey.Fragment.LATER, key.fragment());
        assertEquals(datagram, key.datagram());
        byte[] lastBackwards = RouteFrames.ethernet(mac(2), mac(1)).ipv4(b, a, UDP, 77, false, 370).payload(48).build();
        assertEquals(pair, key(lastBackwards, key).hash());
        assertEquals(datagram, key.datagram(), "addresses ordered: same fingerprint either way");
        key(udp4(a, b, 78, false, 370).payload(48).build(), key);
        assertNotEquals(datagram, key.datagram(), "another identification");
        key(RouteFrames.ethernet(mac(1), mac(2)).ipv4(a, b, TCP, 77, false, 370).payload(48).build(), key);
        assertNotEquals(datagram, key.datagram(), "another protocol");
        key(udp4(a, b, 1, false, 0).udp(5353, 53, 40).payload(40).build(), key);
        assertEquals(FlowKey.Fragment.NONE, key.fragment());
        assertEquals(0, key.datagram());
    }

    @Test
    void ipv6FragmentsBehindExtensionHeaders() {
        String a = "2001:db8::1";
        String b = "2001:db8:1::2";
        long flow = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv6(a, b, UDP).udp(1000, 2000, 8)
                .payload(8).build());
        long pair = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv6(a, b, 58).payload(8).build());
        FlowKey key = new FlowKey();
        byte[] first = RouteFrames.ethernet(mac(1), mac(2)).ipv6(a, b, 0)
                .ipv6Extension(43).ipv6Extension(44).ipv6Fragment(60, 0, true, 5).ipv6Extension(UDP)
                .udp(1000, 2000, 3000).payload(1000).build();
        assertEquals(flow, key(first, key).hash());
        assertEquals(FlowKey.Fragment.FIRST, key.fragment());
        long datagram = key.datagram();
        byte[] later = RouteFrames.ethernet(mac(1), mac(2)).ipv6(a, b, 0).ipv6Extension(44)
                .ipv6Fragment(60, 126, false, 5).payload(600).build();
        assertEquals(pair, key(later, key).hash());
        assertEquals(FlowKey.Fragment.LATER, key.fragment());
        assertEquals(datagram, key.datagram());
        byte[] reverseFirst = RouteFrames.ethernet(mac(2), mac(1)).ipv6(b, a, 44)
                .ipv6Fragment(UDP, 0, true, 9).udp(2000, 1000, 2000).payload(900).build();
        assertEquals(flow, key(reverseFirst, key).hash());
        byte[] atomic = RouteFrames.ethernet(mac(2), mac(1)).ipv6(b, a, 44)
                .ipv6Fragment(UDP, 0, false, 9).udp(2000, 1000, 20).payload(20).build();
        assertEquals(flow, key(atomic, key).hash());
        assertEquals(FlowKey.Fragment.NONE, key.fragment(), "atomic fragment");
        byte[] unknown = RouteFrames.ethernet(mac(1), mac(2)).ipv6(a, b, 135).ipv6Extension(UDP)
                .udp(1000, 2000, 8).payload(8).build();
        assertEquals(pair, ethernet(unknown), "stops at an unknown header");
    }

    @Test
    void firstFragmentWithoutItsPortsHashesAsTheAddressPair() {
        byte[] first = udp4("10.0.0.1", "10.0.0.2", 5, true, 0).udp(1, 2, 100).payload(100).build();
        long pair = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.0.0.1", "10.0.0.2", ICMP).build());
        FlowKey key = FLOWS.key(LinkType.ETHERNET, first, 0, 14 + 20 + 3, 0, new FlowKey());
        assertEquals(pair, key.hash());
        assertEquals(FlowKey.Fragment.FIRST, key.fragment());
    }

    @Test
    void transportsApartOtherProtocolsOnTheAddressPair() {
        long https = ethernet(flow(TCP, false, 0, mac(1), mac(2), "10.1.1.1", 50000, "10.2.2.2", 443));
        long dns = ethernet(flow(UDP, false, 0, mac(1), mac(2), "10.2.2.2", 53, "10.1.1.1", 5353));
        long sctp = ethernet(flow(SCTP, false, 0, mac(1), mac(2), "10.2.2.2", 53, "10.1.1.1", 5353));
        long ping = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.1.1.1", "10.2.2.2", ICMP)
                .payload(16).build());
        long gre = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.2.2.2", "10.1.1.1", 47)
                .payload(16).build());
        assertNotEquals(https, dns);
        assertNotEquals(dns, sctp, "protocol is part of the 5-tuple key");
        assertNotEquals(https, ping);
        assertEquals(ping, gre, "other protocols: the address pair only");
    }

    @Test
    void arpHashesOnItsMacPair() {
        long request = ethernet(RouteFrames.ethernet(mac(2), mac(1))
                .arp(1, mac(1), "10.0.0.1", new byte[6], "10.0.0.2").build());
        long reply = ethernet(RouteFrames.ethernet(mac(1), mac(2))
                .arp(2, mac(2), "10.0.0.2", mac(1), "10.0.0.1").build());
        long tagged = ethernet(RouteFrames.ethernet(mac(1), mac(2)).vlan(0x8100, 30)
                .arp(2, mac(2), "10.0.0.2", mac(1), "10.0.0.1").build());
        long lldp = ethernet(RouteFrames.ethernet(mac(1), mac(2)).etherType(0x88CC).payload(30).build());
        long otherPair = ethernet(RouteFrames.ethernet(mac(3), mac(1))
                .arp(2, mac(3), "10.0.0.3", mac(1), "10.0.0.1").build());
        assertEquals(request, reply);
        assertEquals(request, tagged);
        assertEquals(request, lldp, "any non-IP frame: MAC pair");
        assertNotEquals(request, otherPair);
    }

    @Test
    void ipCutShortFallsBackToTheMacPair() {
        byte[] whole = RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.0.0.1", "10.0.0.2", TCP).tcp(1, 2).build();
        long macPair = ethernet(RouteFrames.ethernet(mac(2), mac(1)).etherType(0x0806).build());
        assertEquals(macPair, FLOWS.hash(LinkType.ETHERNET, whole, 0, 14 + 19));
        assertNotEquals(macPair, FLOWS.hash(LinkType.ETHERNET, whole, 0, 14 + 20));
        byte[] badVersion = whole.clone();
        badVersion[14] = 0x55;
        assertEquals(macPair, ethernet(badVersion));
    }

    @Test
    void everyLinkTypeReachesTheSameIpKey() {
        long ethernet = ethernet(RouteFrames.ethernet(mac(1), mac(2)).ipv4("10.9.8.7", "10.1.2.3", UDP)
                .udp(1, 2, 0).build());
        byte[] ip = RouteFrames.raw().ipv4("10.1.2.3", "10.9.8.7", UDP).udp(2, 1, 0).build();
        assertEquals(ethernet, FLOWS.hash(LinkType.RAW, ip, 0, ip.length));
        assertEquals(ethernet, FLOWS.hash(LinkType.IPV4, ip, 0, ip.length));
        assertEquals(ethernet, hash(LinkType.NULL, RouteFrames.loopback(2, ByteOrder.LITTLE_ENDIAN)
                .ipv4("10.1.2.3", "10.9.8.7", UDP).udp(2, 1, 0).build()));
        assertEquals(ethernet, hash(LinkType.NULL, RouteFrames.loopback(2, ByteOrder.BIG_ENDIAN)
                .ipv4("10.1.2.3", "10.9.8.7", UDP).udp(2, 1, 0).build()));
        assertEquals(ethernet, hash(LinkType.LOOP, RouteFrames.loopback(2, ByteOrder.BIG_ENDIAN)
                .ipv4("10.1.2.3", "10.9.8.7", UDP).udp(2, 1, 0).build()));
        assertEquals(ethernet, hash(LinkType.LINUX_SLL, RouteFrames.sll(mac(9)).vlan(0x8100, 5)
                .ipv4("10.1.2.3", "10.9.8.7", UDP).udp(2, 1, 0).build()));
        assertEquals(ethernet, hash(LinkType.LINUX_SLL2, RouteFrames.sll2(0x0800, mac(9))
                .ipv4("10.1.2.3", "10.9.8.7", UDP).udp(2, 1, 0).build()));
        assertEquals(FLOWS.hash(LinkType.IPV6, v6(), 0, v6().length), FLOWS.hash(LinkType.RAW, v6(), 0, v6().length));
        for (int family : new int[] {24, 28, 30}) {
            byte[] bsd = RouteFrames.loopback(family, ByteOrder.LITTLE_ENDIAN).ipv6("2001:db8::2", "2001:db8::1", TCP)
                    .tcp(2, 1).build();
            assertEquals(FLOWS.hash(LinkType.IPV6, v6(), 0, v6().length), hash(LinkType.NULL, bsd), "AF " + family);
        }
    }

    @Test
    void linkTypeMustAgreeWithTheIpVersion() {
        byte[] ip = RouteFrames.raw().ipv4("10.1.2.3", "10.9.8.7", UDP).build();
        long none = hash(147, ip);
        assertEquals(none, FLOWS.hash(LinkType.IPV6, ip, 0, ip.length));
        assertEquals(none, FLOWS.hash(LinkType.RAW, new byte[] {0x70, 0}, 0, 2));
        assertEquals(none, hash(LinkType.LOOP, RouteFrames.loopback(7, ByteOrder.BIG_ENDIAN).payload(40).build()));
        assertNotEquals(none, hash(LinkType.IPV4, ip));
    }

    @Test
    void nonIpSllHashesOnItsLinkAddress() {
        long one = hash(LinkType.LINUX_SLL, RouteFrames.sll(mac(1)).etherType(0x0806).payload(28).build());
        long again = hash(LinkType.LINUX_SLL2, RouteFrames.sll2(0x0806, mac(1)).payload(28).build());
        long two = hash(LinkType.LINUX_SLL, RouteFrames.sll(mac(2)).etherType(0x0806).payload(28).build());
        assertEquals(one, again);
        assertNotEquals(one, two);
    }

    @Test
    void vlanIdTakesPartOnlyWhenAsked() {
        FlowHash vlans = FlowHash.WITH_VLAN;
        byte[] ten = RouteFrames.ethernet(mac(1), mac(2)).vlan(0x8100, 10)
                .ipv4("10.0.0.1", "10.0.0.2", TCP).tcp(1, 2).build();
        byte[] tenBack = RouteFrames.ethernet(mac(2), mac(1)).vlan(0x88A8, 10)
                .ipv4("10.0.0.2", "10.0.0.1", TCP).tcp(2, 1).build();
        byte[] twenty = RouteFrames.ethernet(mac(1), mac(2)).vlan(0x8100, 20).vlan(0x8100, 10)
                .ipv4("10.0.0.1", "10.0.0.2", TCP).tcp(1, 2).build();
        byte[] untagged = flow(TCP, false, 0, mac(1), mac(2), "10.0.0.1", 1, "10.0.0.2", 2);
        assertEquals(vlans.hash(LinkType.ETHERNET, ten, 0, ten.length),
                vlans.hash(LinkType.ETHERNET, tenBack, 0, tenBack.length));
        assertNotEquals(vlans.hash(LinkType.ETHERNET, ten, 0, ten.length),
                vlans.hash(LinkType.ETHERNET, twenty, 0, twenty.length), "outermost tag counts");
        assertEquals(vlans.hash(LinkType.ETHERNET, ten, 0, ten.length),
                vlans.hash(LinkType.ETHERNET, untagged, 0, untagged.length, 10), "caller's VLAN id for untagged");
        assertEquals(vlans.hash(LinkType.ETHERNET, ten, 0, ten.length),
                vlans.hash(LinkType.ETHERNET, ten, 0, ten.length, 99), "the frame's tag wins");
        assertEquals(FLOWS.hash(LinkType.ETHERNET, ten, 0, ten.length),
                FLOWS.hash(LinkType.ETHERNET, untagged, 0, untagged.length, 10));
        assertNotEquals(FLOWS.hash(LinkType.ETHERNET, ten, 0, ten.length),
                vlans.hash(LinkType.ETHERNET, ten, 0, ten.length));
    }

    @Test
    void onlyTheSliceIsRead() {
        byte[] frame = flow(UDP, true, 2, mac(1), mac(2), "2001:db8::1", 1, "2001:db8::2", 2);
        byte[] padded = new byte[frame.length + 40];
        java.util.Arrays.fill(padded, (byte) 0x81);
        System.arraycopy(frame, 0, padded, 17, frame.length);
        assertEquals(ethernet(frame), FLOWS.hash(LinkType.ETHERNET, padded, 17, frame.length));
        assertThrows(IndexOutOfBoundsException.class, () -> FLOWS.hash(LinkType.ETHERNET, frame, 1, frame.length));
        assertThrows(IndexOutOfBoundsException.class, () -> FLOWS.hash(LinkType.ETHERNET, frame, -1, 2));
    }

    @Test
    void shardIsTheUnsignedRemainder() {
        assertEquals(5, FlowHash.shard(-1L, 10)); // 18446744073709551615 % 10
        assertEquals(3, FlowHash.shard(7L, 4));
        assertEquals(0, FlowHash.shard(123456789L, 1));
        assertThrows(IllegalArgumentException.class, () -> FlowHash.shard(1L, 0));
    }

    private static byte[] flow(int protocol, boolean v6, int tags, byte[] dstMac, byte[] srcMac,
            String src, int srcPort, String dst, int dstPort) {
        RouteFrames f = RouteFrames.ethernet(dstMac, srcMac);
        for (int i = 0; i < tags; i++) {
            f.vlan(TPIDS[i % TPIDS.length], 100 + i);
        }
        if (v6) {
            f.ipv6(src, dst, protocol);
        } else {
            f.ipv4(src, dst, protocol);
        }
        if (protocol == TCP) {
            f.tcp(srcPort, dstPort);
        } else if (protocol == UDP) {
            f.udp(srcPort, dstPort, 10).payload(10);
        } else {
            f.sctp(srcPort, dstPort);
        }
        return f.build();
    }

    private static RouteFrames udp4(String src, String dst, int id, boolean more, int offset) {
        return RouteFrames.ethernet(mac(1), mac(2)).ipv4(src, dst, UDP, id, more, offset);
    }

    private static byte[] v6() {
        return RouteFrames.raw().ipv6("2001:db8::1", "2001:db8::2", TCP).tcp(1, 2).build();
    }

    private static FlowKey key(byte[] frame, FlowKey into) {
        return FLOWS.key(LinkType.ETHERNET, frame, 0, frame.length, 0, into);
    }

    private static long ethernet(byte[] frame) {
        return hash(LinkType.ETHERNET, frame);
    }

    private static long hash(int linkType, byte[] frame) {
        return FLOWS.hash(linkType, frame, 0, frame.length);
    }
}
