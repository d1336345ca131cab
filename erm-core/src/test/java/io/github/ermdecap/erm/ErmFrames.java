// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;

import java.io.ByteArrayOutputStream;

/**
 * Test fixtures: ERM packets built field by field, outer link (Ethernet with tags, SLL, SLL2, raw IP, NULL,
 * LOOP) + IPv4 (with options) or IPv6 (with extension headers) + UDP + ERM header + inner frame, and inner
 * frames (ICMP echo, UDP, TCP over IPv4/IPv6, ARP). Lengths and checksums are computed unless overridden.
 *
 * <pre>{@code
 * byte[] pkt = ErmFrames.erm().vlan(10).inner(ErmFrames.icmpEcho(1, 7)).build();
 * }</pre>
 */
final class ErmFrames {
    static final byte[] COLLECTOR_MAC = mac(0x00, 0x0c, 0x29, 0x9f, 0xdf, 0x96);
    static final byte[] SWITCH_MAC = mac(0x14, 0x58, 0xd0, 0xe0, 0x69, 0x00);
    static final byte[] HOST_A_MAC = mac(0x00, 0x0c, 0x29, 0x10, 0xc4, 0xa5);
    static final byte[] HOST_B_MAC = mac(0x00, 0x0c, 0x29, 0x9f, 0xdf, 0x97);
    static final byte[] SWITCH_IP = ip(10, 1, 0, 1);
    static final byte[] COLLECTOR_IP = ip(10, 1, 0, 100);
    static final byte[] HOST_A_IP = ip(192, 168, 10, 6);
    static final byte[] HOST_B_IP = ip(192, 168, 10, 5);

    int linkType = LinkType.ETHERNET;
    int[] outerTags = {};
    byte[] outerSrcMac = SWITCH_MAC;
    int ipId = 0x00a0;
    int nullFamily = 2;
    boolean nullLittleEndian = true;
    byte[] srcIp = SWITCH_IP;
    byte[] dstIp = COLLECTOR_IP;
    byte[] ipv4Options = {};
    int ipv4FlagsFragment = 0x4000;
    int ipv4Ihl = -1;
    int ipv4TotalLength = -1;
    int ipProtocol = Udp.PROTOCOL_NUMBER;
    int[] ipv6ExtensionHeaders = {};
    int srcPort = 5;
    int dstPort = 7932;
    int udpLength = -1;
    byte[] reserved = new byte[8];
    int word = word(2, false, 10, false);
    byte[] inner = icmpEcho(1, 1);
    byte[] trailer = {};

    static ErmFrames erm() {
        return new ErmFrames();
    }

    ErmFrames link(int type) {
        linkType = type;
        return this;
    }

    ErmFrames tags(int... tpids) {
        outerTags = tpids;
        return this;
    }

    ErmFrames addresses(byte[] src, byte[] dst) {
        srcIp = src;
        dstIp = dst;
        return this;
    }

    ErmFrames ports(int src, int dst) {
        srcPort = src;
        dstPort = dst;
        return this;
    }

    ErmFrames word(int w) {
        word = w;
        return this;
    }

    ErmFrames vlan(int vlan) {
        word = (word & ~ErmHeader.VLAN) | vlan << ErmHeader.VLAN_SHIFT;
        return this;
    }

    /** The outer frame's source MAC and IPv4 identification: what tells one switch's stream from another's. */
    ErmFrames sender(byte[] mac, int ipIdentification) {
        outerSrcMac = mac;
        ipId = ipIdentification;
        return this;
    }

    ErmFrames inner(byte[] frame) {
        inner = frame;
        return this;
    }

    /** The ERM word: priority (ERM numbering), CFI, VLAN id, is_tagged. */
    static int word(int priority, boolean cfi, int vlan, boolean tagged) {
        return priority << ErmHeader.PRIORITY_SHIFT | (cfi ? ErmHeader.CFI : 0) | vlan << ErmHeader.VLAN_SHIFT
                | (tagged ? ErmHeader.IS_TAGGED : 0);
    }

    byte[] build() {
        return link(network(udpDatagram(ermPayload())));
    }

    byte[] ermPayload() {
        Out o = new Out();
        o.bytes(reserved);                 // ERM bytes 0..7: unknown, zero
        o.u32(word);                       // ERM bytes 8..11: priority, CFI, VLAN, is_tagged
        o.bytes(inner);                    // the mirrored frame
        return o.toByteArray();
    }

    byte[] udpDatagram(byte[] payload) {
        Out o = new Out();
        o.u16(srcPort);                    // source port
        o.u16(dstPort);                    // destination port
        o.u16(udpLength >= 0 ? udpLength : Udp.HEADER + payload.length); // length
        o.u16(0);                          // checksum: 0, as the switches send it
        o.bytes(payload);
        return o.toByteArray();
    }

    byte[] network(byte[] udp) {
        boolean v6 = srcIp.length == 16;
        return v6 ? ipv6(srcIp, dstIp, ipv6ExtensionHeaders, ipProtocol, udp) : ipv4Packet(udp);
    }

    private byte[] ipv4Packet(byte[] payload) {
        int ihl = ipv4Ihl >= 0 ? ipv4Ihl : 5 + ipv4Options.length / 4;
        int total = ipv4TotalLength >= 0 ? ipv4TotalLength : 20 + ipv4Options.length + payload.length;
        return ipv4(ihl, total, ipId, ipv4FlagsFragment, 85, ipProtocol, srcIp, dstIp, ipv4Options, payload);
    }

    static byte[] ipv4(int ihl, int total, int id, int flagsFragment, int ttl, int protocol, byte[] src,
                       byte[] dst, byte[] options, byte[] payload) {
        Out o = new Out();
        o.u8(0x40 | ihl);                  // version 4, IHL
        o.u8(0);                           // DSCP/ECN
        o.u16(total);                      // total length
        o.u16(id);                         // identification
        o.u16(flagsFragment);              // flags (DF = 0x4000, MF = 0x2000), fragment offset
        o.u8(ttl);                         // TTL
        o.u8(protocol);                    // protocol
        o.u16(0);                          // header checksum, filled in below
        o.bytes(src);                      // source address
        o.bytes(dst);                      // destination address
        o.bytes(options);                  // options (multiple of 4 bytes)
        byte[] h = o.toByteArray();
        int sum = checksum(h, 0, Math.min(h.length, Math.max(20, ihl * 4)), 0);
        h[10] = (byte) (sum >>> 8);
        h[11] = (byte) sum;
        return concat(h, payload);
    }

    /** IPv6 with extension headers (hop-by-hop 0, routing 43, fragment 44, destination options 60, ...). */
    static byte[] ipv6(byte[] src, byte[] dst, int[] extensions, int protocol, byte[] payload) {
        Out ext = new Out();
        for (int i = 0; i < extensions.length; i++) {
            int next = i + 1 < extensions.length ? extensions[i + 1] : protocol;
            ext.u8(next);                  // extension: next header
            ext.u8(extensions[i] == Ipv6.FRAGMENT ? 0 : 1); // extension: length in 8-octet units beyond 8
            ext.bytes(new byte[extensions[i] == Ipv6.FRAGMENT ? 6 : 14]); // extension: body (padding)
        }
        byte[] body = concat(ext.toByteArray(), payload);
        Out o = new Out();
        o.u32(0x6000_0000);                // version 6, traffic class, flow label
        o.u16(body.length);                // payload length
        o.u8(extensions.length > 0 ? extensions[0] : protocol); // next header
        o.u8(64);                          // hop limit
        o.bytes(src);                      // source address
        o.bytes(dst);                      // destination address
        return concat(o.toByteArray(), body);
    }

    byte[] link(byte[] ip) {
        int type = ip.length > 0 && (ip[0] & 0xF0) == 0x60 ? Ethernet.TYPE_IPV6 : Ethernet.TYPE_IPV4;
        Out o = new Out();
        switch (linkType) {
            case LinkType.ETHERNET:
                return concat(ethernet(COLLECTOR_MAC, outerSrcMac, outerTags, type, ip), trailer);
            case LinkType.LINUX_SLL:
                o.u16(0);                  // packet type: to us
                o.u16(1);                  // ARPHRD_ETHER
                o.u16(6);                  // link-layer address length
                o.bytes(SWITCH_MAC);       // link-layer address
                o.u16(0);                  // (address padding to 8 bytes)
                o.u16(type);               // protocol type
                break;
            case LinkType.LINUX_SLL2:
                o.u16(type);               // protocol type
                o.u16(0);                  // reserved
                o.u32(2);                  // interface index
                o.u16(1);                  // ARPHRD_ETHER
                o.u8(0);                   // packet type: to us
                o.u8(6);                   // link-layer address length
                o.bytes(SWITCH_MAC);       // link-layer address
                o.u16(0);                  // (address padding to 8 bytes)
                break;
            case LinkType.NULL:
                int af = type == Ethernet.TYPE_IPV6 ? 30 : nullFamily;
                o.u32(nullLittleEndian ? Integer.reverseBytes(af) : af); // address family, host order
                break;
            case LinkType.LOOP:
                o.u32(type == Ethernet.TYPE_IPV6 ? 24 : 2); // address family, network order
                break;
            default:
                break;                     // RAW, IPV4, IPV6: no link header
        }
        return concat(o.toByteArray(), ip);
    }

    static byte[] ethernet(byte[] dst, byte[] src, int[] tags, int type, byte[] payload) {
        Out o = new Out();
        o.bytes(dst);                      // destination MAC
        o.bytes(src);                      // source MAC
        for (int i = 0; i < tags.length; i++) {
            o.u16(tags[i]);                // TPID (0x8100, 0x88a8, 0x9100)
            o.u16(100 + i);                // TCI: PCP 0, VLAN 100 + i
        }
        o.u16(type);                       // EtherType
        o.bytes(payload);
        return o.toByteArray();
    }

    // ---- inner frames ----

    /** An Ethernet/IPv4/ICMP echo request from host A to host B with 56 data bytes, like ping. */
    static byte[] icmpEcho(int id, int seq) {
        return icmpEcho(HOST_A_MAC, HOST_B_MAC, HOST_A_IP, HOST_B_IP, 8, id, seq, 56);
    }

    static byte[] icmpEcho(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int type, int id, int seq,
                           int dataLength) {
        Out icmp = new Out();
        icmp.u8(type);                     // type: 8 request, 0 reply
        icmp.u8(0);                        // code
        icmp.u16(0);                       // checksum, filled in below
        icmp.u16(id);                      // identifier
        icmp.u16(seq);                     // sequence number
        for (int i = 0; i < dataLength; i++) {
            icmp.u8(i);                    // data
        }
        byte[] m = icmp.toByteArray();
        int sum = checksum(m, 0, m.length, 0);
        m[2] = (byte) (sum >>> 8);
        m[3] = (byte) sum;
        byte[] ip = ipv4(5, 20 + m.length, seq, 0x4000, 64, 1, srcIp, dstIp, new byte[0], m);
        return ethernet(dstMac, srcMac, new int[0], Ethernet.TYPE_IPV4, ip);
    }

    /** An Ethernet frame carrying UDP over IPv4 or IPv6 (by address length), with its checksum. */
    static byte[] udpFrame(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int sport, int dport,
                           byte[] data) {
        Out u = new Out();
        u.u16(sport);                      // source port
        u.u16(dport);                      // destination port
        u.u16(8 + data.length);            // length
        u.u16(0);                          // checksum, filled in below
        u.bytes(data);
        byte[] segment = u.toByteArray();
        putChecksum(segment, 6, srcIp, dstIp, Udp.PROTOCOL_NUMBER);
        return ipFrame(srcMac, dstMac, srcIp, dstIp, Udp.PROTOCOL_NUMBER, segment);
    }

    /** An Ethernet frame carrying a TCP segment over IPv4 or IPv6 (by address length). */
    static byte[] tcpFrame(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int sport, int dport,
                           long seq, long ack, int flags, byte[] data) {
        Out t = new Out();
        t.u16(sport);                      // source port
        t.u16(dport);                      // destination port
        t.u32((int) seq);                  // sequence number
        t.u32((int) ack);                  // acknowledgment number
        t.u8(5 << 4);                      // data offset 5 words
        t.u8(flags);                       // flags (SYN 0x02, ACK 0x10, PSH 0x08, FIN 0x01)
        t.u16(64240);                      // window
        t.u16(0);                          // checksum, filled in below
        t.u16(0);                          // urgent pointer
        t.bytes(data);
        byte[] segment = t.toByteArray();
        putChecksum(segment, 16, srcIp, dstIp, 6);
        return ipFrame(srcMac, dstMac, srcIp, dstIp, 6, segment);
    }

    static byte[] ipFrame(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int protocol, byte[] l4) {
        if (srcIp.length == 16) {
            return ethernet(dstMac, srcMac, new int[0], Ethernet.TYPE_IPV6,
                    ipv6(srcIp, dstIp, new int[0], protocol, l4));
        }
        byte[] ip = ipv4(5, 20 + l4.length, 0x1234, 0x4000, 64, protocol, srcIp, dstIp, new byte[0], l4);
        return ethernet(dstMac, srcMac, new int[0], Ethernet.TYPE_IPV4, ip);
    }

    /** A broadcast ARP request: who has {@code target}, tell {@code sender}. */
    static byte[] arpRequest(byte[] senderMac, byte[] senderIp, byte[] targetIp) {
        Out a = new Out();
        a.u16(1);                          // hardware type: Ethernet
        a.u16(Ethernet.TYPE_IPV4);         // protocol type
        a.u8(6);                           // hardware address length
        a.u8(4);                           // protocol address length
        a.u16(1);                          // operation: request
        a.bytes(senderMac);                // sender hardware address
        a.bytes(senderIp);                 // sender protocol address
        a.bytes(new byte[6]);              // target hardware address
        a.bytes(targetIp);                 // target protocol address
        a.bytes(new byte[18]);             // padding to the 60-byte minimum
        return ethernet(mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), senderMac, new int[0], 0x0806, a.toByteArray());
    }

    // ---- helpers ----

    /** Writes a TCP/UDP checksum over the IPv4 or IPv6 pseudo-header and the segment (RFC 768, RFC 8200 8.1). */
    static void putChecksum(byte[] segment, int at, byte[] srcIp, byte[] dstIp, int protocol) {
        Out pseudo = new Out();
        pseudo.bytes(srcIp).bytes(dstIp);
        if (srcIp.length == 16) {
            pseudo.u32(segment.length).u16(0).u8(0).u8(protocol);
        } else {
            pseudo.u8(0).u8(protocol).u16(segment.length);
        }
        int sum = checksum(concat(pseudo.toByteArray(), segment), 0, pseudo.size() + segment.length, 0);
        if (sum == 0 && protocol == Udp.PROTOCOL_NUMBER) {
            sum = 0xFFFF;
        }
        segment[at] = (byte) (sum >>> 8);
        segment[at + 1] = (byte) sum;
    }

    static int checksum(byte[] b, int off, int len, int initial) {
        long sum = initial;
        for (int i = off; i + 1 < off + len; i += 2) {
            sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xFF) << 8;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }

    static byte[] mac(int... b) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) b[i];
        }
        return m;
    }

    static byte[] ip(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return a;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A growable big-endian byte sink. */
    static final class Out extends ByteArrayOutputStream {
        Out u8(int v) {
            write(v);
            return this;
        }

        Out u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Out u32(int v) {
            u16(v >>> 16);
            return u16(v);
        }

        Out bytes(byte[] b) {
            write(b, 0, b.length);
            return this;
        }
    }
}
