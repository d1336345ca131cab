// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

/**
 * One inner conversation (addresses, ports, protocol) and the frames it sends: an Ethernet II frame without FCS
 * and without 802.1Q tag, over IPv4 or IPv6, carrying TCP, UDP or ICMP with correct lengths and checksums.
 */
final class Flow {
    private static final int ETH = 14;
    private static final int IPV4 = 20;
    private static final int IPV6 = 40;
    private static final int TCP = 20;
    private static final int UDP_OR_ICMP = 8;
    private static final int[] SERVER_PORTS = {443, 80, 53, 22, 25, 3389, 8080, 5060, 123, 445};

    final int session;
    final int ermWord;
    private final long srcMac;
    private final long dstMac;
    private final boolean ipv6;
    private final int proto;
    private final byte[] src;
    private final byte[] dst;
    private final int srcPort;
    private final int dstPort;
    private int seq;
    private int ipId;

    private Flow(int session, int ermWord, long srcMac, long dstMac, boolean ipv6, int proto, byte[] src,
                 byte[] dst, int srcPort, int dstPort, int seq) {
        this.session = session;
        this.ermWord = ermWord;
        this.srcMac = srcMac;
        this.dstMac = dstMac;
        this.ipv6 = ipv6;
        this.proto = proto;
        this.src = src;
        this.dst = dst;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq;
    }

    /** A random flow mirrored by session {@code session}, with the given ERM word. */
    static Flow random(SplitMix64 rnd, int session, int ermWord) {
        boolean v6 = rnd.nextInt(10) < 3;
        int p = rnd.nextInt(100);
        int proto = p < 70 ? Wire.PROTO_TCP : p < 95 ? Wire.PROTO_UDP : v6 ? Wire.PROTO_ICMPV6 : Wire.PROTO_ICMP;
        return new Flow(session, ermWord, mac(rnd), mac(rnd), v6, proto, address(rnd, v6), address(rnd, v6),
                rnd.between(32768, 60999), SERVER_PORTS[rnd.nextInt(SERVER_PORTS.length)], (int) rnd.nextLong());
    }

    /** A flow seen directly on the collector's link (not ERM): IPv4 from {@code src} to {@code dst}. */
    static Flow plain(SplitMix64 rnd, long srcMac, long dstMac, byte[] src, byte[] dst, int proto, int dstPort) {
        return new Flow(-1, 0, srcMac, dstMac, false, proto, src, dst, rnd.between(32768, 60999), dstPort,
                (int) rnd.nextLong());
    }

    private static long mac(SplitMix64 rnd) {
        return (rnd.nextLong() & 0xFCFF_FFFF_FFFFL) | 0x0200_0000_0000L; // unicast, locally administered
    }

    private static byte[] address(SplitMix64 rnd, boolean v6) {
        byte[] a = new byte[v6 ? 16 : 4];
        rnd.nextBytes(a);
        if (v6) {
            a[0] = 0x20;
            a[1] = 0x01;
            a[2] = 0x0d;
            a[3] = (byte) 0xb8;
        } else {
            a[0] = 10;
        }
        return a;
    }

    /** The smallest frame this flow can send. */
    int minLength() {
        return ETH + (ipv6 ? IPV6 : IPV4) + (proto == Wire.PROTO_TCP ? TCP : UDP_OR_ICMP);
    }

    /**
     * Writes a frame of {@code len} bytes (at least {@link #minLength()}) at {@code b[o]}, its payload taken from
     * {@code payload[p]}, and returns {@code len}.
     */
    int write(byte[] b, int o, int len, byte[] payload, int p) {
        Wire.putMac(b, o, dstMac);
        Wire.putMac(b, o + 6, srcMac);
        Wire.putU16(b, o + 12, ipv6 ? Wire.ETHERTYPE_IPV6 : Wire.ETHERTYPE_IPV4);
        int ip = o + ETH;
        int l4 = ip + (ipv6 ? IPV6 : IPV4);
        int l4Length = o + len - l4;
        int head = proto == Wire.PROTO_TCP ? TCP : UDP_OR_ICMP;
        System.arraycopy(payload, p, b, l4 + head, l4Length - head);
        if (ipv6) {
            ipv6Header(b, ip, l4Length);
        } else {
            ipv4Header(b, ip, l4Length);
        }
        l4Header(b, l4, l4Length);
        long acc = proto == Wire.PROTO_ICMP ? 0 : pseudoHeaderSum(l4Length);
        int sum = Wire.checksum(Wire.sum(b, l4, l4Length, acc));
        Wire.putU16(b, l4 + checksumOffset(), sum == 0 && proto == Wire.PROTO_UDP ? 0xFFFF : sum);
        return len;
    }

    private void ipv4Header(byte[] b, int ip, int l4Length) {
        b[ip] = 0x45;
        b[ip + 1] = 0;
        Wire.putU16(b, ip + 2, IPV4 + l4Length);
        Wire.putU16(b, ip + 4, ipId++);
        Wire.putU16(b, ip + 6, 0x4000);
        b[ip + 8] = 64;
        b[ip + 9] = (byte) proto;
        System.arraycopy(src, 0, b, ip + 12, 4);
        System.arraycopy(dst, 0, b, ip + 16, 4);
        Wire.ipv4Checksum(b, ip);
    }

    private void ipv6Header(byte[] b, int ip, int l4Length) {
        Wire.putU32(b, ip, 0x6000_0000 | (srcPort & 0xFFFFF));
        Wire.putU16(b, ip + 4, l4Length);
        b[ip + 6] = (byte) proto;
        b[ip + 7] = 64;
        System.arraycopy(src, 0, b, ip + 8, 16);
        System.arraycopy(dst, 0, b, ip + 24, 16);
    }

    private void l4Header(byte[] b, int l4, int l4Length) {
        if (proto == Wire.PROTO_TCP) {
            Wire.putU16(b, l4, srcPort);
            Wire.putU16(b, l4 + 2, dstPort);
            Wire.putU32(b, l4 + 4, seq);
            Wire.putU32(b, l4 + 8, ~seq);
            Wire.putU16(b, l4 + 12, 0x5018); // data offset 5, PSH+ACK
            Wire.putU16(b, l4 + 14, 64240);
            Wire.putU32(b, l4 + 16, 0);      // checksum, urgent pointer
            seq += l4Length - TCP;
        } else if (proto == Wire.PROTO_UDP) {
            Wire.putU16(b, l4, srcPort);
            Wire.putU16(b, l4 + 2, dstPort);
            Wire.putU16(b, l4 + 4, l4Length);
            Wire.putU16(b, l4 + 6, 0);
        } else {
            b[l4] = (byte) (proto == Wire.PROTO_ICMP ? 8 : 128); // echo request
            b[l4 + 1] = 0;
            Wire.putU16(b, l4 + 2, 0);
            Wire.putU16(b, l4 + 4, srcPort);
            Wire.putU16(b, l4 + 6, seq++);
        }
    }

    private int checksumOffset() {
        return proto == Wire.PROTO_TCP ? 16 : proto == Wire.PROTO_UDP ? 6 : 2;
    }

    private long pseudoHeaderSum(int l4Length) {
        long acc = Wire.sum(src, 0, src.length, 0);
        acc = Wire.sum(dst, 0, dst.length, acc);
        return acc + proto + l4Length;
    }
}
