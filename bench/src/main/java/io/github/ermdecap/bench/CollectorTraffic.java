// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import java.nio.charset.StandardCharsets;

/**
 * The collector's own traffic, captured beside the ERM stream and not ERM: switches ARPing for the collector,
 * the collector's DNS queries, and an SSH session to it.
 */
final class CollectorTraffic {
    private static final int ARP_FRAME = 60;
    private final SplitMix64 rnd;
    private final OuterHeaders outer;
    private final Flow dns;
    private final Flow ssh;
    private final byte[] query;

    CollectorTraffic(SplitMix64 rnd, OuterHeaders outer) {
        this.rnd = rnd;
        this.outer = outer;
        byte[] resolver = {10, (byte) 205, 0, 53};
        byte[] admin = {10, (byte) 205, 0, (byte) 200};
        this.dns = Flow.plain(rnd, OuterHeaders.COLLECTOR_MAC, 0x0200_0000_0053L, OuterHeaders.COLLECTOR_IP,
                resolver, Wire.PROTO_UDP, 53);
        this.ssh = Flow.plain(rnd, 0x0200_0000_00C8L, OuterHeaders.COLLECTOR_MAC, admin, OuterHeaders.COLLECTOR_IP,
                Wire.PROTO_TCP, 22);
        this.query = dnsQuery("sw1.mgmt.example.net");
    }

    /**
     * Writes a frame at {@code b[0]} and returns its length: ARP when {@code choice} (0..99) is below 20, a DNS
     * query below 60, else an SSH segment of about {@code len} bytes whose payload comes from {@code payload[p]}.
     */
    int write(byte[] b, int choice, int len, byte[] payload, int p) {
        if (choice < 20) {
            return arpRequest(b, rnd.nextInt(4));
        }
        if (choice < 60) {
            Wire.putU16(query, 0, rnd.nextInt(65536));
            query[15] = (byte) ('1' + rnd.nextInt(4));
            return dns.write(b, 0, 14 + 20 + 8 + query.length, query, 0);
        }
        return ssh.write(b, 0, Math.max(len, ssh.minLength()), payload, p);
    }

    /** Switch {@code s} asks who has the collector's address (ARP request padded to 60 bytes). */
    private int arpRequest(byte[] b, int s) {
        Wire.putMac(b, 0, 0xFFFF_FFFF_FFFFL);
        Wire.putMac(b, 6, outer.switchMac(s));
        Wire.putU16(b, 12, Wire.ETHERTYPE_ARP);
        Wire.putU16(b, 14, 1);
        Wire.putU16(b, 16, Wire.ETHERTYPE_IPV4);
        b[18] = 6;
        b[19] = 4;
        Wire.putU16(b, 20, 1);
        Wire.putMac(b, 22, outer.switchMac(s));
        System.arraycopy(OuterHeaders.switchIp(s), 0, b, 28, 4);
        Wire.putMac(b, 32, 0);
        System.arraycopy(OuterHeaders.COLLECTOR_IP, 0, b, 38, 4);
        for (int i = 42; i < ARP_FRAME; i++) {
            b[i] = 0;
        }
        return ARP_FRAME;
    }

    /** A DNS query (RFC 1035 4.1) for the A record of {@code name}, recursion desired. */
    private static byte[] dnsQuery(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        byte[] q = new byte[12 + ascii.length + 2 + 4];
        Wire.putU16(q, 2, 0x0100);
        Wire.putU16(q, 4, 1);
        int i = 12;
        int label = 0;
        for (int k = 0; k <= ascii.length; k++) {
            if (k == ascii.length || ascii[k] == '.') {
                q[i] = (byte) (k - label);
                System.arraycopy(ascii, label, q, i + 1, k - label);
                i += 1 + k - label;
                label = k + 1;
            }
        }
        q[i] = 0;
        Wire.putU16(q, i + 1, 1);
        Wire.putU16(q, i + 3, 1);
        return q;
    }
}
