// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded test captures: classic pcap files of ERM records (IPv4/UDP to 7932 or 7933 from two switches, several
 * VLANs) mixed with non-ERM frames, some of whose payloads hold fake pcap record headers, for the resync.
 */
final class Captures {
    private final Random random;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Long> starts = new ArrayList<>();
    private final boolean nanos;
    private long sec = 1_700_000_000L;
    private long frac;

    Captures(long seed, boolean nanos, int snaplen) {
        this.random = new Random(seed);
        this.nanos = nanos;
        ByteBuffer h = le(24);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4); // magic
        h.putShort((short) 2);                     // version major
        h.putShort((short) 4);                     // version minor
        h.putInt(0);                               // thiszone
        h.putInt(0);                               // sigfigs
        h.putInt(snaplen);                         // snaplen
        h.putInt(1);                               // link type: Ethernet
        out.writeBytes(h.array());
    }

    /** Offsets of every record written, then of the end of the file: the true record boundaries. */
    List<Long> boundaries() {
        List<Long> b = new ArrayList<>(starts);
        b.add((long) out.size());
        return b;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    /** A record with this frame, the next timestamp (a few µs later). */
    Captures record(byte[] frame) {
        return record(frame, frame.length);
    }

    Captures record(byte[] frame, int origLen) {
        starts.add((long) out.size());
        frac += 1 + random.nextInt(5000);
        long per = nanos ? 1_000_000_000L : 1_000_000L;
        sec += frac / per;
        frac %= per;
        ByteBuffer h = le(16);
        h.putInt((int) sec);          // ts_sec
        h.putInt((int) frac);         // ts_usec / ts_nsec
        h.putInt(frame.length);       // incl_len
        h.putInt(origLen);            // orig_len
        out.writeBytes(h.array());
        out.writeBytes(frame);
        return this;
    }

    /** Raw bytes (damage). */
    Captures raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** {@code n} records: 80% ERM, the rest plain UDP whose payload holds fake record headers. */
    Captures mixed(int n) {
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                record(plainUdp(fakeHeaders(random.nextInt(400))));
            } else {
                record(erm(random.nextInt(2), 10 + random.nextInt(3), 14 + random.nextInt(600)));
            }
        }
        return this;
    }

    /** An ERM frame from switch {@code sw} (0 or 1, ports 7932 and 7933) of VLAN {@code vlan}. */
    byte[] erm(int sw, int vlan, int innerLength) {
        byte[] inner = new byte[innerLength];
        random.nextBytes(inner);
        inner[12] = 0x08;
        inner[13] = 0x00;
        ByteBuffer e = ByteBuffer.allocate(12 + inner.length);
        e.putLong(0);                     // ERM bytes 0..7: zero
        e.putInt(vlan << 8);              // ERM bytes 8..11: priority 0, VLAN id
        e.put(inner);
        return udp(sw, sw == 0 ? 7932 : 7933, e.array());
    }

    byte[] plainUdp(byte[] payload) {
        return udp(0, 5353, payload);
    }

    /** Random bytes with, every so often, a 16-byte pcap record header that is plausible on its own. */
    byte[] fakeHeaders(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        for (int at = random.nextInt(8); at + 16 <= length; at += 16 + random.nextInt(48)) {
            ByteBuffer h = ByteBuffer.wrap(b, at, 16).order(ByteOrder.LITTLE_ENDIAN);
            int caplen = random.nextInt(64);
            h.putInt((int) sec).putInt((int) frac).putInt(caplen).putInt(caplen + random.nextInt(8));
        }
        return b;
    }

    /** A payload that is a whole fake pcap record chain of {@code records} small records (no file header). */
    byte[] fakeChain(int records) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            int caplen = 20 + random.nextInt(40);
            ByteBuffer h = le(16);
            h.putInt((int) sec).putInt((int) frac).putInt(caplen).putInt(caplen);
            b.writeBytes(h.array());
            byte[] data = new byte[caplen];
            random.nextBytes(data);
            b.writeBytes(data);
        }
        return b.toByteArray();
    }

    private static byte[] udp(int sw, int dport, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(new byte[] {0, 0x0c, 0x29, (byte) 0x9f, (byte) 0xdf, (byte) 0x96}); // destination MAC
        f.put(new byte[] {0x14, 0x58, (byte) 0xd0, (byte) 0xe0, 0x69, (byte) sw}); // source MAC
        f.putShort((short) 0x0800);                                              // EtherType IPv4
        f.put((byte) 0x45).put((byte) 0);                                        // version, IHL; DSCP
        f.putShort((short) (20 + 8 + payload.length));                           // total length
        f.putShort((short) 0).putShort((short) 0);                               // id; flags, fragment
        f.put((byte) 64).put((byte) 17).putShort((short) 0);                     // TTL, UDP, checksum
        f.put(new byte[] {10, 1, 0, (byte) (1 + sw)});                           // source: the switch
        f.put(new byte[] {10, 1, 0, 100});                                       // destination: collector
        f.putShort((short) 40000).putShort((short) dport);                       // UDP ports
        f.putShort((short) (8 + payload.length)).putShort((short) 0);            // UDP length, checksum
        f.put(payload);
        return f.array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
