// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapWriter;
import io.github.ermdecap.capture.PcapngBuilder;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read -> decapsulate -> write loop on in-memory captures. */
class ConversionTest {
    /** An Ethernet/IPv4/UDP frame 192.168.0.{n} -> 192.168.0.1 with {@code n} payload bytes. */
    static byte[] inner(int n) {
        byte[] f = new byte[14 + 20 + 8 + n];
        f[12] = 0x08;                                   // EtherType IPv4
        f[14] = 0x45;                                   // version 4, IHL 5
        f[16] = (byte) ((28 + n) >> 8);                 // total length
        f[17] = (byte) (28 + n);
        f[22] = 64;                                     // TTL
        f[23] = 17;                                     // UDP
        f[26] = (byte) 192; f[27] = (byte) 168; f[29] = (byte) n;   // source
        f[30] = (byte) 192; f[31] = (byte) 168; f[33] = 1;          // destination
        f[38] = (byte) ((8 + n) >> 8);                  // UDP length
        f[39] = (byte) (8 + n);
        return f;
    }

    /** {@code inner} inside Ethernet/IPv4 10.1.0.1 -> 10.1.0.100/UDP 5 -> 7932/ERM header (VLAN 10). */
    static byte[] erm(byte[] inner) {
        byte[] f = new byte[14 + 20 + 8 + 12 + inner.length];
        f[12] = 0x08;                                   // EtherType IPv4
        f[14] = 0x45;
        int ipLength = f.length - 14;
        f[16] = (byte) (ipLength >> 8);
        f[17] = (byte) ipLength;
        f[20] = 0x40;                                   // DF
        f[22] = 64;
        f[23] = 17;
        f[26] = 10; f[27] = 1; f[29] = 1;               // switch 10.1.0.1
        f[30] = 10; f[31] = 1; f[33] = 100;             // collector 10.1.0.100
        f[35] = 5;                                      // UDP source port 5
        f[36] = (byte) (7932 >> 8);                     // UDP destination port 7932
        f[37] = (byte) 7932;
        f[38] = (byte) ((ipLength - 20) >> 8);          // UDP length
        f[39] = (byte) (ipLength - 20);
        f[42 + 9] = 0x00; f[42 + 10] = 0x0A;            // ERM word: VLAN 10
        System.arraycopy(inner, 0, f, 54, inner.length);
        return f;
    }

    static byte[] pcap(boolean nanos, List<byte[]> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, nanos, 65535, LinkType.ETHERNET)) {
            PacketRecord r = new PacketRecord().setInterface(w.iface());
            for (int i = 0; i < frames.size(); i++) {
                r.setTimestamp(1000 + i, 123_456_789);
                r.setData(frames.get(i), 0, frames.get(i).length, frames.get(i).length);
                w.write(r);
            }
        }
        return out.toByteArray();
    }

    static CaptureReader reader(byte[] bytes) throws IOException {
        return CaptureReader.open(new ByteArrayInputStream(bytes), "in", ReadLimits.DEFAULT);
    }

    static List<byte[]> frames(byte[] capture) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (CaptureReader r = reader(capture)) {
            for (PacketRecord p; (p = r.next()) != null; ) {
                out.add(Arrays.copyOfRange(p.array(), p.offset(), p.offset() + p.capturedLength()));
            }
        }
        return out;
    }

    @Test
    void decapsulatesAndPassesThrough() throws IOException {
        byte[] plain = inner(3);
        byte[] in = pcap(true, List.of(erm(inner(10)), plain, erm(inner(20))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversionResult r;
        try (CaptureReader reader = reader(in)) {
            r = new Conversion(DecapOptions.DEFAULT).run(reader, out, CaptureFormat.PCAP, "out");
        }
        assertEquals(3, r.recordsRead());
        assertEquals(3, r.recordsWritten());
        assertEquals(2, r.decapsulated());
        assertEquals(1, r.passedThrough());
        assertEquals(0, r.dropped());
        assertNull(r.inputError());
        assertEquals(ExitCode.SUCCESS, r.exitCode());
        List<byte[]> frames = frames(out.toByteArray());
        assertArrayEquals(inner(10), frames.get(0));
        assertArrayEquals(plain, frames.get(1));
        assertArrayEquals(inner(20), frames.get(2));
        assertEquals(0x4D, out.toByteArray()[0] & 0xFF, "nanosecond pcap kept");
    }

    @Test
    void damagedInputKeepsThePrefixAndReportsTheDamage() throws IOException {
        byte[] whole = pcap(false, List.of(erm(inner(10)), erm(inner(11)), erm(inner(12))));
        byte[] cut = Arrays.copyOf(whole, whole.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversionResult r;
        try (CaptureReader reader = reader(cut)) {
            r = new Conversion(DecapOptions.DEFAULT).run(reader, out, CaptureFormat.PCAP, "out");
        }
        assertEquals(ExitCode.INPUT_DAMAGED, r.exitCode());
        CaptureFormatException e = assertInstanceOf(CaptureFormatException.class, r.inputError());
        assertEquals(3, e.recordNumber());
        assertEquals(2, r.recordsWritten());
        List<byte[]> frames = frames(out.toByteArray());
        assertEquals(2, frames.size(), "finished and readable");
        assertArrayEquals(inner(11), frames.get(1));
        assertTrue(r.toJson().contains("\"exit_code\":1"), r.toJson());
    }

    @Test
    void progressIsReportedEveryNRecordsAndAtTheEnd() throws IOException {
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(erm(inner(i + 1)));
        }
        List<Long> calls = new ArrayList<>();
        Conversion c = new Conversion(DecapOptions.DEFAULT).withProgress((bytes, records) -> calls.add(records), 4);
        try (CaptureReader reader = reader(pcap(false, many))) {
            c.run(reader, new ByteArrayOutputStream(), CaptureFormat.PCAP, "out");
        }
        assertEquals(List.of(4L, 8L, 10L), calls);
        assertThrows(IllegalArgumentException.class, () -> c.withProgress(ProgressListener.NONE, 0));
    }

    @Test
    void dropPolicyCountsWhatItDrops() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversionResult r;
        try (CaptureReader reader = reader(pcap(false, List.of(inner(1), erm(inner(2)), inner(3))))) {
            r = new Conversion(DecapOptions.DEFAULT.withNonErmPolicy(NonErmPolicy.DROP))
                    .run(reader, out, CaptureFormat.PCAP, "out");
        }
        assertEquals(2, r.droppedByPolicy());
        assertEquals(1, r.recordsWritten());
        assertEquals(1, frames(out.toByteArray()).size());
    }

    @Test
    void pcapngOutputMakesOneEthernetInterfacePerInputInterface() throws IOException {
        byte[] in = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.string(2, "eth0"))
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.string(2, "eth1"))
                .epb(0, 1, erm(inner(1)))
                .epb(1, 2, erm(inner(2)))
                .epb(0, 3, erm(inner(3)))
                .epb(1, 4, inner(4))
                .bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader reader = reader(in)) {
            new Conversion(DecapOptions.DEFAULT).run(reader, out, CaptureFormat.PCAPNG, "out");
        }
        Set<String> names = new HashSet<>();
        List<InterfaceInfo> ifaces = new ArrayList<>();
        try (CaptureReader reader = reader(out.toByteArray())) {
            for (PacketRecord p; (p = reader.next()) != null; ) {
                names.add(p.iface().name());
                ifaces.add(p.iface());
            }
        }
        assertEquals(Set.of("eth0", "eth1"), names, "interface names kept");
        assertEquals(ifaces.get(0), ifaces.get(2), "same input interface, same output interface");
        assertEquals(4, ifaces.size());
    }

    @Test
    void pcapOutputIsNanosecondWhenAnyDeclaredInterfaceIsFinerThanTheFirstPacketsOne() throws IOException {
        byte[] in = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 0)                                  // if_tsresol absent: microseconds
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.u8(9, 9))   // if_tsresol 9: nanoseconds
                .epb(0, 1_700_000_000_000_001L, erm(inner(1)))              // the first packet: microseconds
                .epb(1, 1_700_000_000_123_456_789L, erm(inner(2)))          // then a nanosecond one
                .bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader reader = reader(in)) {
            new Conversion(DecapOptions.DEFAULT).run(reader, out, CaptureFormat.PCAP, "out");
        }
        try (CaptureReader reader = reader(out.toByteArray())) {
            assertEquals(9, reader.interfaces().get(0).tsresol(), "nanosecond pcap");
            assertEquals(1_000, reader.next().nanos());
            PacketRecord second = reader.next();
            assertEquals(1_700_000_000L, second.epochSecond());
            assertEquals(123_456_789, second.nanos(), "no digit lost");
        }
    }
}
