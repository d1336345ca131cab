// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Builds capture bytes field by field, independently of the code under test: inner frames, ERM datagrams
 * around them, and classic pcap files. Expected outputs are built the same way, so a golden comparison does
 * not trust the writers it checks.
 */
final class Fixtures {
    static final int ERM_PORT = 7932;
    static final long BASE_SECONDS = 1_700_000_000L;

    private Fixtures() {
    }

    /** An Ethernet II / IPv4 / UDP frame between 192.168.10.{src} and 192.168.10.{dst}, with valid checksum. */
    static byte[] inner(int src, int dst, int payloadLength) {
        byte[] udp = new byte[8 + payloadLength];
        put16(udp, 0, 40000 + src);      // source port
        put16(udp, 2, 53);               // destination port
        put16(udp, 4, udp.length);       // length
        for (int i = 8; i < udp.length; i++) {
            udp[i] = (byte) (i * 7 + src);
        }
        return ethernet(mac(0x0a, dst), mac(0x0a, src), 0x0800, ipv4(ip(192, 168, 10, src), ip(192, 168, 10, dst), udp));
    }

    /**
     * An ERM datagram: Ethernet (collector MAC, switch MAC) / IPv4 10.1.0.{switchHost} -> 10.1.0.100 / UDP 5 ->
     * {@code port} / 12-byte ERM header (8 zero bytes, word with VLAN and is_tagged) / the inner frame.
     */
    static byte[] erm(int switchHost, int port, int vlan, boolean tagged, byte[] inner) {
        byte[] payload = new byte[8 + 12 + inner.length];
        put16(payload, 0, 5);                           // UDP source port, as switches send
        put16(payload, 2, port);                        // UDP destination port
        put16(payload, 4, payload.length);              // UDP length; checksum 0
        int word = 2 << 21 | vlan << 8 | (tagged ? 0x80 : 0);  // priority 2 (best effort), VLAN, is_tagged
        put32(payload, 8 + 8, word);                    // ERM bytes 8..11
        System.arraycopy(inner, 0, payload, 20, inner.length);
        return ethernet(mac(0x0c, 100), mac(0x14, switchHost), 0x0800,
                ipv4(ip(10, 1, 0, switchHost), ip(10, 1, 0, 100), payload));
    }

    static byte[] ethernet(byte[] dst, byte[] src, int type, byte[] payload) {
        byte[] f = new byte[14 + payload.length];
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        put16(f, 12, type);
        System.arraycopy(payload, 0, f, 14, payload.length);
        return f;
    }

    /** IPv4 header without options, DF set, TTL 64, protocol UDP, correct header checksum. */
    static byte[] ipv4(byte[] src, byte[] dst, byte[] udp) {
        byte[] p = new byte[20 + udp.length];
        p[0] = 0x45;                                    // version 4, IHL 5
        put16(p, 2, p.length);                          // total length
        put16(p, 4, 0x1234);                            // identification
        put16(p, 6, 0x4000);                            // DF
        p[8] = 64;                                      // TTL
        p[9] = 17;                                      // UDP
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += (p[i] & 0xFF) << 8 | (p[i + 1] & 0xFF);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        put16(p, 10, ~sum & 0xFFFF);
        System.arraycopy(udp, 0, p, 20, udp.length);
        return p;
    }

    /** A Linux cooked (SLL) header in front of an IPv4 packet taken from an Ethernet frame. */
    static byte[] sll(byte[] ethernetFrame) {
        byte[] f = new byte[16 + ethernetFrame.length - 14];
        put16(f, 0, 0);                                 // packet type: to us
        put16(f, 2, 1);                                 // ARPHRD_ETHER
        put16(f, 4, 6);                                 // address length
        System.arraycopy(ethernetFrame, 6, f, 6, 6);    // source MAC
        put16(f, 14, 0x0800);                           // protocol
        System.arraycopy(ethernetFrame, 14, f, 16, ethernetFrame.length - 14);
        return f;
    }

    /** A little-endian pcap file, record i stamped BASE_SECONDS + i and 1000*i + 7 micro- or nanoseconds. */
    static byte[] pcap(boolean nanos, int linkType, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pcapHeader(nanos, 262_144, linkType));
        for (int i = 0; i < frames.size(); i++) {
            out.writeBytes(pcapRecord(nanos, i, frames.get(i), frames.get(i).length));
        }
        return out.toByteArray();
    }

    /** Like {@link #pcap}, with record {@code j} stamped as record {@code indices[j]} of the input was. */
    static byte[] pcap(boolean nanos, int linkType, int[] indices, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pcapHeader(nanos, 262_144, linkType));
        for (int j = 0; j < frames.size(); j++) {
            out.writeBytes(pcapRecord(nanos, indices[j], frames.get(j), frames.get(j).length));
        }
        return out.toByteArray();
    }

    static byte[] pcapHeader(boolean nanos, long snaplen, int linkType) {
        byte[] h = new byte[24];
        put32le(h, 0, nanos ? 0xA1B23C4D : 0xA1B2C3D4);  // magic
        put16le(h, 4, 2);                               // version major
        put16le(h, 6, 4);                               // version minor
        put32le(h, 16, (int) snaplen);                  // snaplen
        put32le(h, 20, linkType);                       // link type
        return h;
    }

    static byte[] pcapRecord(boolean nanos, int i, byte[] frame, long originalLength) {
        byte[] r = new byte[16 + frame.length];
        put32le(r, 0, (int) (BASE_SECONDS + i));         // ts_sec
        put32le(r, 4, nanos ? 1000 * i + 7 : i + 7);      // ts_usec or ts_nsec
        put32le(r, 8, frame.length);                     // incl_len
        put32le(r, 12, (int) originalLength);            // orig_len
        System.arraycopy(frame, 0, r, 16, frame.length);
        return r;
    }

    static byte[] mac(int first, int last) {
        return new byte[] {(byte) first, 0x00, 0x5e, 0x00, 0x00, (byte) last};
    }

    static byte[] ip(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }

    static void put16le(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void put32le(byte[] b, int i, int v) {
        put16le(b, i, v);
        put16le(b, i + 2, v >>> 16);
    }
}
