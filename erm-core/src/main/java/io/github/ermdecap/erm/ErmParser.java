// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;

/**
 * Walks one ERM layer: link header, IPv4/IPv6, UDP, ERM header. {@link #parse} returns the outcome and, on
 * {@link Outcome#DECAPSULATED}, leaves where the inner frame and the session fields lie in public-to-the-package
 * fields. Reused for every record and level; allocation-free; reads only inside {@code [off, off + len)}.
 */
final class ErmParser {
    private static final int AF_INET = 2;
    private static final int SLL_PROTOCOL = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int NULL_HEADER = 4;
    /** ERM header plus an inner Ethernet header: the least a decapsulable payload holds. */
    static final int MIN_PAYLOAD = ErmHeader.LENGTH + Ethernet.HEADER;

    private final long[] portSet = new long[1024];
    private final boolean autoDetect;

    private int ipVersion;
    private int ip;
    private int ipEnd;
    private int udp;
    private int udpLength;

    /** Where the IP source (the switch) lies, and its length (4 or 16). */
    int address;
    int addressLength;
    /** The ERM port of the datagram: the destination when it matches, else the source. */
    int port;
    boolean autoDetected;
    int word;
    /** Nonzero unknown bits: bytes 0..7 or the word's masks 0xFF00007F. */
    boolean anomaly;
    int inner;
    int innerCaptured;
    int innerOriginal;

    ErmParser(DecapOptions options) {
        for (int p : options.ports()) {
            portSet[p >>> 6] |= 1L << p;
        }
        this.autoDetect = options.autoDetect();
    }

    boolean hasPort(int p) {
        return (portSet[p >>> 6] & 1L << p) != 0;
    }

    /** Parses one layer; any {@code len >= 0} with {@code [off, off + len)} inside {@code b} is safe. */
    Outcome parse(int linkType, byte[] b, int off, int len) {
        int end = off + len;
        Outcome o = link(linkType, b, off, end);
        if (o == null) {
            o = ipVersion == 4 ? ipv4(b, end) : ipv6(b, end);
        }
        return o != null ? o : udp(b, end);
    }

    /**
     * Parses a UDP payload that starts at the ERM header, as a socket receives it: no outer headers, the UDP
     * length is the payload's. The session fields ({@link #address}, {@link #port}) are the caller's to set.
     */
    Outcome payload(byte[] b, int off, int len) {
        udp = off - Udp.HEADER;
        udpLength = len + Udp.HEADER;
        autoDetected = false;
        return erm(b, off + len);
    }

    private Outcome link(int linkType, byte[] b, int off, int end) {
        switch (linkType) {
            case LinkType.ETHERNET:
                return etherType(b, off + Ethernet.TYPE, end);
            case LinkType.LINUX_SLL:
                return etherType(b, off + SLL_PROTOCOL, end);
            case LinkType.LINUX_SLL2:
                return sll2(b, off, end);
            case LinkType.RAW:
                return rawIp(b, off, end, 0);
            case LinkType.IPV4:
                return rawIp(b, off, end, 4);
            case LinkType.IPV6:
                return rawIp(b, off, end, 6);
            case LinkType.NULL:
            case LinkType.LOOP:
                return loopback(b, off, end, linkType == LinkType.NULL);
            default:
                return Outcome.NOT_ERM_LINK_TYPE;
        }
    }

    /** An EtherType field at {@code typeAt}, possibly a VLAN tag stack, payload right behind it. */
    private Outcome etherType(byte[] b, int typeAt, int end) {
        int at = Ethernet.skipTags(b, typeAt, end);
        return at < 0 ? Outcome.NOT_ERM_TRUNCATED : network(Wire.u16(b, at), at + 2);
    }

    /** SLL2: protocol type at 0, 20-byte header; a tagged protocol has its TCI + EtherType at 20. */
    private Outcome sll2(byte[] b, int off, int end) {
        if (end - off < SLL2_HEADER) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        int type = Wire.u16(b, off);
        return Ethernet.isTag(type) ? etherType(b, off + SLL2_HEADER + 2, end) : network(type, off + SLL2_HEADER);
    }

    private Outcome network(int etherType, int at) {
        ip = at;
        if (etherType == Ethernet.TYPE_IPV4) {
            ipVersion = 4;
        } else if (etherType == Ethernet.TYPE_IPV6) {
            ipVersion = 6;
        } else {
            return Outcome.NOT_ERM_NOT_IP;
        }
        return null;
    }

    /** Raw IP: {@code only} is 4 or 6 for the version-specific link types, 0 to take the first nibble. */
    private Outcome rawIp(byte[] b, int off, int end, int only) {
        if (end - off < 1) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        int version = (b[off] & 0xF0) >>> 4;
        if ((version != 4 && version != 6) || (only != 0 && version != only)) {
            return Outcome.NOT_ERM_NOT_IP;
        }
        ip = off;
        ipVersion = version;
        return null;
    }

    /** NULL: address family in host byte order (either accepted); LOOP: network byte order. */
    private Outcome loopback(byte[] b, int off, int end, boolean eitherOrder) {
        if (end - off < NULL_HEADER) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        int be = Wire.i32(b, off);
        int le = eitherOrder ? Wire.i32le(b, off) : be;
        ip = off + NULL_HEADER;
        if (be == AF_INET || le == AF_INET) {
            ipVersion = 4;
        } else if (isInet6(be) || isInet6(le)) {
            ipVersion = 6;
        } else {
            return Outcome.NOT_ERM_NOT_IP;
        }
        return null;
    }

    /** AF_INET6 differs between BSDs: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS). */
    private static boolean isInet6(int af) {
        return af == 24 || af == 28 || af == 30;
    }

    private Outcome ipv4(byte[] b, int end) {
        if (end - ip < 1) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        if ((b[ip] & 0xF0) != 0x40) {
            return Outcome.NOT_ERM_NOT_IP;
        }
        if (end - ip < Ipv4.MIN_HEADER) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        int ihl = Ipv4.headerLength(b, ip);
        int total = Wire.u16(b, ip + Ipv4.TOTAL_LENGTH);
        boolean isUdp = Wire.u8(b, ip + Ipv4.PROTOCOL) == Udp.PROTOCOL_NUMBER;
        if (ihl < Ipv4.MIN_HEADER || total < ihl) {
            return isUdp && portMatchedAt(b, ip + Math.max(ihl, Ipv4.MIN_HEADER), end)
                    ? Outcome.MALFORMED_IP_HEADER : Outcome.NOT_ERM_NOT_IP;
        }
        if (!isUdp) {
            return Outcome.NOT_ERM_NOT_UDP;
        }
        if (Ipv4.isFragment(b, ip)) {
            return Outcome.NOT_ERM_FRAGMENT;
        }
        udp = ip + ihl;
        ipEnd = ip + total;
        address = ip + Ipv4.SRC;
        addressLength = Ipv4.ADDRESS_LENGTH;
        return null;
    }

    private boolean portMatchedAt(byte[] b, int at, int end) {
        return end - at >= Udp.HEADER
                && (hasPort(Wire.u16(b, at + Udp.SRC_PORT)) || hasPort(Wire.u16(b, at + Udp.DST_PORT)));
    }

    private Outcome ipv6(byte[] b, int end) {
        if (end - ip < 1) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        if ((b[ip] & 0xF0) != 0x60) {
            return Outcome.NOT_ERM_NOT_IP;
        }
        if (end - ip < Ipv6.HEADER) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        ipEnd = ip + Ipv6.HEADER + Wire.u16(b, ip + Ipv6.PAYLOAD_LENGTH);
        address = ip + Ipv6.SRC;
        addressLength = Ipv6.ADDRESS_LENGTH;
        return extensionHeaders(b, Wire.u8(b, ip + Ipv6.NEXT_HEADER), ip + Ipv6.HEADER, end);
    }

    /** Follows hop-by-hop, routing and destination options headers to UDP; each step advances 8+ bytes. */
    private Outcome extensionHeaders(byte[] b, int first, int at0, int end) {
        int next = first;
        int at = at0;
        while (next != Udp.PROTOCOL_NUMBER) {
            if (next == Ipv6.FRAGMENT) {
                return Outcome.NOT_ERM_FRAGMENT;
            }
            if (next != Ipv6.HOP_BY_HOP && next != Ipv6.ROUTING && next != Ipv6.DESTINATION_OPTIONS) {
                return Outcome.NOT_ERM_NOT_UDP;
            }
            if (end - at < 2) {
                return Outcome.NOT_ERM_TRUNCATED;
            }
            next = Wire.u8(b, at + Ipv6.EXT_NEXT_HEADER);
            at += (Wire.u8(b, at + Ipv6.EXT_LENGTH) + 1) * Ipv6.EXT_UNIT;
        }
        udp = at;
        return null;
    }

    private Outcome udp(byte[] b, int end) {
        if (udp > end || end - udp < Udp.HEADER) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        int dst = Wire.u16(b, udp + Udp.DST_PORT);
        int src = Wire.u16(b, udp + Udp.SRC_PORT);
        udpLength = Wire.u16(b, udp + Udp.LENGTH);
        boolean lengthOk = udpLength >= Udp.HEADER && udpLength <= ipEnd - udp;
        autoDetected = false;
        if (hasPort(dst) || hasPort(src)) {
            port = hasPort(dst) ? dst : src;
            return lengthOk ? erm(b, end) : Outcome.MALFORMED_UDP_LENGTH;
        }
        if (!autoDetect) {
            port = dst;
            return Outcome.NOT_ERM_PORT;
        }
        port = dst;
        autoDetected = true;
        return lengthOk && signed(b, end) ? erm(b, end) : Outcome.NOT_ERM_NO_SIGNATURE;
    }

    /** Auto-detection: a payload long enough, the ERM signature, a plausible inner Ethernet header. */
    private boolean signed(byte[] b, int end) {
        int erm = udp + Udp.HEADER;
        int payload = udpLength - Udp.HEADER;
        if (payload < MIN_PAYLOAD || Math.min(end, udp + udpLength) - erm < MIN_PAYLOAD) {
            return false;
        }
        return ErmHeader.signature(b, erm) && plausibleEthernet(b, erm + ErmHeader.LENGTH, payload - ErmHeader.LENGTH);
    }

    /**
     * A unicast, non-zero source MAC and an EtherType (0x0600 and up) or an 802.3 length (1..1500) that fits
     * the frame.
     */
    static boolean plausibleEthernet(byte[] b, int frame, int frameLength) {
        int src = frame + Ethernet.SRC;
        if ((b[src] & 1) != 0) {
            return false;
        }
        int any = 0;
        for (int i = src; i < src + 6; i++) {
            any |= b[i];
        }
        int type = Wire.u16(b, frame + Ethernet.TYPE);
        return any != 0 && (type >= Ethernet.MIN_ETHERTYPE
                || (type >= 1 && type <= Ethernet.MAX_LENGTH_FIELD && type <= frameLength - Ethernet.HEADER));
    }

    private Outcome erm(byte[] b, int end) {
        int erm = udp + Udp.HEADER;
        int payload = udpLength - Udp.HEADER;
        if (payload < ErmHeader.LENGTH) {
            return Outcome.MALFORMED_SHORT_PAYLOAD;
        }
        if (payload < MIN_PAYLOAD) {
            return Outcome.MALFORMED_INNER_FRAME;
        }
        int capturedEnd = Math.min(end, udp + udpLength);
        if (capturedEnd - erm < MIN_PAYLOAD) {
            return Outcome.NOT_ERM_TRUNCATED;
        }
        word = Wire.i32(b, erm + ErmHeader.WORD);
        anomaly = !ErmHeader.reservedZero(b, erm) || (word & ErmHeader.UNKNOWN_BITS) != 0;
        inner = erm + ErmHeader.LENGTH;
        innerCaptured = capturedEnd - inner;
        innerOriginal = payload - ErmHeader.LENGTH;
        return Outcome.DECAPSULATED;
    }
}
