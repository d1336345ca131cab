// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapWriter;
import io.github.ermdecap.capture.PcapngWriter;
import io.github.ermdecap.capture.Timestamps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded capture of thousands of inner conversations mirrored by ERM, for the sharding and split tests:
 * TCP, UDP and SCTP over IPv4 and IPv6 in both directions, ICMP, fragmented IPv4 UDP datagrams (in order),
 * some inner 802.1Q tags, three switches, several VLANs, and non-ERM records (ARP, plain UDP). Every frame ends
 * with its record number (4 bytes), so an output frame names the input record it came from.
 */
final class FlowCaptures {
    /** The conversation of each record, by record index (0-based); non-ERM records have their own. */
    final List<String> conversation = new ArrayList<>();
    /** The ERM switch (last octet of 10.1.0.x) of each record, 0 for non-ERM. */
    final List<Integer> switches = new ArrayList<>();
    /** The ERM VLAN id of each record, -1 for non-ERM. */
    final List<Integer> vlans = new ArrayList<>();
    /** The input interface (0 or 1) of each record. */
    final List<Integer> interfaces = new ArrayList<>();
    final List<byte[]> frames = new ArrayList<>();

    private final Random random;

    FlowCaptures(long seed, int flows) {
        random = new Random(seed);
        List<Flow> active = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            active.add(new Flow(i));
            if (active.size() > 40 || i == flows - 1) {
                while (!active.isEmpty()) {                 // interleave the packets of up to 40 flows
                    Flow f = active.get(random.nextInt(active.size()));
                    if (!f.next()) {
                        active.remove(f);
                    }
                }
            }
        }
    }

    /** The record index written at the end of an output frame. */
    static int index(byte[] frame) {
        int n = frame.length;
        return (frame[n - 4] & 0xFF) << 24 | (frame[n - 3] & 0xFF) << 16 | (frame[n - 2] & 0xFF) << 8
                | frame[n - 1] & 0xFF;
    }

    /** One conversation: its packets, alternating direction at random. */
    private final class Flow {
        final int id;
        final int protocol;
        final boolean v6;
        final byte[] a;
        final byte[] b;
        final int portA;
        final int portB;
        final int switchIp;
        final int vlan;
        final boolean innerTag;
        int left;
        int ipId;

        Flow(int id) {
            this.id = id;
            int kind = random.nextInt(20);
            protocol = kind < 9 ? 6 : kind < 15 ? 17 : kind < 17 ? 132 : kind < 19 ? 1 : -1; // -1: non-ERM
            v6 = protocol != 1 && protocol != -1 && random.nextInt(4) == 0;
            a = address(v6);
            b = address(v6);
            portA = 1024 + random.nextInt(60000);
            portB = random.nextBoolean() ? 443 : 1 + random.nextInt(65535);
            switchIp = 1 + random.nextInt(3);
            vlan = 1 + random.nextInt(5) * 10;
            innerTag = random.nextInt(8) == 0;
            left = 1 + random.nextInt(12);
            ipId = random.nextInt(65536);
        }

        boolean next() {
            boolean forward = random.nextBoolean();
            if (protocol == 17 && !v6 && random.nextInt(10) == 0) {
                fragmented(forward);
            } else {
                add(forward, frame(forward, protocol, 0, false, true, 40 + random.nextInt(60)));
            }
            return --left > 0;
        }

        /** A UDP datagram in three IPv4 fragments, in order. */
        private void fragmented(boolean forward) {
            ipId = (ipId + 1) & 0xFFFF;
            add(forward, frame(forward, 17, 0, true, true, 96));
            add(forward, frame(forward, 17, 13, true, false, 96));
            add(forward, frame(forward, 17, 26, false, false, 40));
        }

        private void add(boolean forward, byte[] inner) {
            int index = frames.size();
            put32(inner, inner.length - 4, index);
            if (protocol == -1) {
                frames.add(inner);
                switches.add(0);
                vlans.add(-1);
            } else {
                frames.add(erm(inner, switchIp, vlan));
                switches.add(switchIp);
                vlans.add(vlan);
            }
            conversation.add("flow-" + id);
            interfaces.add(id % 5 == 0 ? 1 : 0);
        }

        /** An inner Ethernet frame; {@code offset} in 8-byte units; L4 header only when {@code ports}. */
        private byte[] frame(boolean forward, int proto, int offset, boolean more, boolean ports, int payload) {
            byte[] src = forward ? a : b;
            byte[] dst = forward ? b : a;
            int ipProto = proto == -1 ? 17 : proto;
            int l4 = ports && ipProto != 1 ? (ipProto == 6 ? 20 : ipProto == 132 ? 12 : 8) : 0;
            int tag = innerTag ? 4 : 0;
            int ipLength = v6 ? 40 : 20;
            byte[] f = new byte[14 + tag + ipLength + l4 + payload + 4];
            f[0] = 2; f[5] = (byte) (forward ? 1 : 2);           // destination MAC
            f[6] = 2; f[11] = (byte) (forward ? 2 : 1);          // source MAC
            int p = 12;
            if (innerTag) {
                put16(f, p, 0x8100);                             // TPID
                put16(f, p + 2, vlan);                           // TCI
                p += 4;
            }
            put16(f, p, v6 ? 0x86DD : 0x0800);                   // EtherType
            p += 2;
            int ip = p;
            if (v6) {
                f[ip] = 0x60;                                    // version 6
                put16(f, ip + 4, f.length - ip - 40);            // payload length
                f[ip + 6] = (byte) ipProto;                      // next header
                f[ip + 7] = 64;                                  // hop limit
                System.arraycopy(src, 0, f, ip + 8, 16);         // source
                System.arraycopy(dst, 0, f, ip + 24, 16);        // destination
            } else {
                f[ip] = 0x45;                                    // version 4, IHL 5
                put16(f, ip + 2, f.length - ip);                 // total length
                put16(f, ip + 4, ipId);                          // identification
                put16(f, ip + 6, (more ? 0x2000 : 0) | offset);  // flags, fragment offset
                f[ip + 8] = 64;                                  // TTL
                f[ip + 9] = (byte) ipProto;                      // protocol
                System.arraycopy(src, 0, f, ip + 12, 4);         // source
                System.arraycopy(dst, 0, f, ip + 16, 4);         // destination
            }
            if (l4 > 0) {
                put16(f, ip + ipLength, forward ? portA : portB); // source port
                put16(f, ip + ipLength + 2, forward ? portB : portA); // destination port
            }
            return f;
        }

        private byte[] address(boolean six) {
            byte[] x = new byte[six ? 16 : 4];
            random.nextBytes(x);
            x[0] = (byte) (six ? 0x20 : 10);
            return x;
        }
    }

    /** {@code inner} inside Ethernet/IPv4 10.1.0.{switchIp} -> 10.1.0.100/UDP 5 -> 7932/ERM (VLAN {@code vlan}). */
    static byte[] erm(byte[] inner, int switchIp, int vlan) {
        byte[] f = ConversionTest.erm(inner);
        f[29] = (byte) switchIp;                                 // switch address, last octet
        f[42 + 9] = (byte) (vlan >> 8 & 0x0F);                   // ERM word: VLAN id, high 4 bits
        f[42 + 10] = (byte) vlan;                                // ERM word: VLAN id, low 8 bits
        return f;
    }

    /** The capture as pcap (one interface) or pcapng (records of every fifth flow on a second interface). */
    byte[] write(boolean pcapng) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InterfaceInfo[] ifaces = {
            new InterfaceInfo(0, 0, LinkType.ETHERNET, 65535, Timestamps.NANOS, 0, -1, "eth0", null),
            new InterfaceInfo(0, 1, LinkType.ETHERNET, 65535, Timestamps.NANOS, 0, -1, "eth1", null),
        };
        try (CaptureWriter w = pcapng ? new PcapngWriter(out) : new PcapWriter(out, true, 65535, LinkType.ETHERNET)) {
            PacketRecord r = new PacketRecord();
            for (int i = 0; i < frames.size(); i++) {
                InterfaceInfo iface = pcapng ? ifaces[interfaces.get(i)] : ((PcapWriter) w).iface();
                r.setInterface(iface).setTimestamp(1_700_000_000L + i / 1000, i % 1000 * 1000);
                r.setData(frames.get(i), 0, frames.get(i).length, frames.get(i).length);
                w.write(r);
            }
        }
        return out.toByteArray();
    }

    Path write(Path file, boolean pcapng) throws IOException {
        Files.write(file, write(pcapng));
        return file;
    }

    /** Every frame of a capture file, in order. */
    static List<byte[]> read(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            for (PacketRecord p; (p = r.next()) != null; ) {
                out.add(Arrays.copyOfRange(p.array(), p.offset(), p.offset() + p.capturedLength()));
            }
        }
        return out;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, int v) {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }
}
