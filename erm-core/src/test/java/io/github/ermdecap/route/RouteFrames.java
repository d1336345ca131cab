// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds test frames one header field at a time: a link header, any VLAN tags, then IPv4/IPv6 (with IPv6
 * extension headers and fragments), ARP, TCP, UDP, SCTP and payload. Shares no code with {@link FlowHash}.
 * Network layers write their EtherType (or SLL protocol) first when the link header asks for one.
 */
final class RouteFrames {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int SCTP = 132;
    static final int ICMP = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean typeNext;
    private int ipv4At = -1;
    private int ipv6At = -1;

    private RouteFrames(boolean typeNext) {
        this.typeNext = typeNext;
    }

    /** An Ethernet II header without its EtherType: the next layer writes it. */
    static RouteFrames ethernet(byte[] dst, byte[] src) {
        RouteFrames f = new RouteFrames(true);
        f.out.writeBytes(dst);                    // destination MAC
        f.out.writeBytes(src);                    // source MAC
        return f;
    }

    /** No link header: raw IP (link types RAW, IPV4, IPV6). */
    static RouteFrames raw() {
        return new RouteFrames(false);
    }

    /** Linux cooked v1 header without its protocol field: the next layer writes it. */
    static RouteFrames sll(byte[] linkAddress) {
        RouteFrames f = new RouteFrames(true);
        f.u16(0);                                 // packet type: to us
        f.u16(1);                                 // ARPHRD_ETHER
        f.u16(linkAddress.length);                // link-layer address length
        f.out.writeBytes(pad8(linkAddress));      // link-layer address, 8 bytes
        return f;
    }

    /** Linux cooked v2 header; its protocol field comes first, so it is given here. */
    static RouteFrames sll2(int protocol, byte[] linkAddress) {
        RouteFrames f = new RouteFrames(false);
        f.u16(protocol);                          // protocol type
        f.u16(0);                                 // reserved
        f.u32(2);                                 // interface index
        f.u16(1);                                 // ARPHRD_ETHER
        f.out.write(0);                           // packet type
        f.out.write(linkAddress.length);          // link-layer address length
        f.out.writeBytes(pad8(linkAddress));      // link-layer address, 8 bytes
        return f;
    }

    /** BSD loopback: 4-byte address family in the given byte order. */
    static RouteFrames loopback(int family, ByteOrder order) {
        RouteFrames f = new RouteFrames(false);
        f.out.writeBytes(ByteBuffer.allocate(4).order(order).putInt(family).array());
        return f;
    }

    RouteFrames vlan(int tpid, int vlanId) {
        u16(tpid);                                // TPID
        u16(vlanId & 0xFFF);                      // TCI: PCP 0, DEI 0, VLAN id
        return this;
    }

    /** An option-less IPv4 header; {@code moreFragments} and {@code fragmentOffset} (8-byte units). */
    RouteFrames ipv4(String src, String dst, int protocol, int id, boolean moreFragments, int fragmentOffset) {
        type(0x0800);
        ipv4At = out.size();
        out.write(0x45);                          // version 4, IHL 5
        out.write(0);                             // DSCP/ECN
        u16(0);                                   // total length, set by build()
        u16(id);                                  // identification
        u16((moreFragments ? 0x2000 : 0) | fragmentOffset); // flags, fragment offset
        out.write(64);                            // TTL
        out.write(protocol);                      // protocol
        u16(0);                                   // header checksum (not checked)
        out.writeBytes(address(src));             // source address
        out.writeBytes(address(dst));             // destination address
        return this;
    }

    RouteFrames ipv4(String src, String dst, int protocol) {
        return ipv4(src, dst, protocol, 1, false, 0);
    }

    RouteFrames ipv6(String src, String dst, int nextHeader) {
        type(0x86DD);
        ipv6At = out.size();
        u32(0x6000_0000);                         // version 6, traffic class 0, flow label 0
        u16(0);                                   // payload length, set by build()
        out.write(nextHeader);                    // next header
        out.write(64);                            // hop limit
        out.writeBytes(address(src));             // source address
        out.writeBytes(address(dst));             // destination address
        return this;
    }

    /** An 8-byte IPv6 extension header (hop-by-hop, routing, destination options) of PadN. */
    RouteFrames ipv6Extension(int nextHeader) {
        out.write(nextHeader);                    // next header
        out.write(0);                             // header extension length: 8 bytes
        out.writeBytes(new byte[] {1, 4, 0, 0, 0, 0}); // PadN option
        return this;
    }

    /** IPv6 fragment header; {@code fragmentOffset} in 8-byte units. */
    RouteFrames ipv6Fragment(int nextHeader, int fragmentOffset, boolean moreFragments, int id) {
        out.write(nextHeader);                    // next header
        out.write(0);                             // reserved
        u16(fragmentOffset << 3 | (moreFragments ? 1 : 0)); // offset, res, M
        u32(id);                                  // identification
        return this;
    }

    RouteFrames tcp(int srcPort, int dstPort) {
        u16(srcPort);                             // source port
        u16(dstPort);                             // destination port
        u32(1000);                                // sequence number
        u32(0);                                   // acknowledgment number
        u16(0x5002);                              // data offset 5, SYN
        u16(65535);                               // window
        u32(0);                                   // checksum, urgent pointer
        return this;
    }

    RouteFrames udp(int srcPort, int dstPort, int payloadLength) {
        u16(srcPort);                             // source port
        u16(dstPort);                             // destination port
        u16(8 + payloadLength);                   // length
        u16(0);                                   // checksum
        return this;
    }

    RouteFrames sctp(int srcPort, int dstPort) {
        u16(srcPort);                             // source port
        u16(dstPort);                             // destination port
        u32(0x1234_5678);                         // verification tag
        u32(0);                                   // checksum
        return this;
    }

    /** ARP for IPv4 over Ethernet; {@code op} 1 request, 2 reply. */
    RouteFrames arp(int op, byte[] senderMac, String senderIp, byte[] targetMac, String targetIp) {
        type(0x0806);
        u16(1);                                   // hardware type: Ethernet
        u16(0x0800);                              // protocol type: IPv4
        out.write(6);                             // hardware address length
        out.write(4);                             // protocol address length
        u16(op);                                  // operation
        out.writeBytes(senderMac);                // sender hardware address
        out.writeBytes(address(senderIp));        // sender protocol address
        out.writeBytes(targetMac);                // target hardware address
        out.writeBytes(address(targetIp));        // target protocol address
        return this;
    }

    /** Any other EtherType, e.g. 0x88CC LLDP, with no payload of its own. */
    RouteFrames etherType(int type) {
        type(type);
        return this;
    }

    RouteFrames payload(int length) {
        for (int i = 0; i < length; i++) {
            out.write(i * 7 + 3);
        }
        return this;
    }

    byte[] build() {
        byte[] frame = out.toByteArray();
        if (ipv4At >= 0) {
            put16(frame, ipv4At + 2, frame.length - ipv4At);
        }
        if (ipv6At >= 0) {
            put16(frame, ipv6At + 4, frame.length - ipv6At - 40);
        }
        return frame;
    }

    static byte[] mac(int last) {
        return new byte[] {2, 0, 0, 0, 0, (byte) last};
    }

    static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // literals only: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private void type(int type) {
        if (typeNext) {
            u16(type);                            // EtherType / SLL protocol
            typeNext = false;
        }
    }

    private void u16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private void u32(int v) {
        u16(v >>> 16);
        u16(v);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static byte[] pad8(byte[] address) {
        byte[] padded = new byte[8];
        System.arraycopy(address, 0, padded, 0, Math.min(8, address.length));
        return padded;
    }
}
