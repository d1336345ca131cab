// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static io.github.ermdecap.capture.PcapngGoldenFiles.SECOND;
import static io.github.ermdecap.capture.PcapngGoldenFiles.T_US;
import static io.github.ermdecap.capture.PcapngGoldenFiles.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapngWriterTest {
    private static final InterfaceInfo ETH_US = InterfaceInfo.of(LinkType.ETHERNET, 65535, Timestamps.MICROS);
    private static final InterfaceInfo SLL_NS = InterfaceInfo.of(LinkType.LINUX_SLL, 0, Timestamps.NANOS);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static PacketRecord record(InterfaceInfo iface, long second, int nanos) {
        return new PacketRecord().setInterface(iface).setTimestamp(second, nanos);
    }

    @Test
    void defaultSectionHeaderNamesThisLibrary() throws IOException {
        new PcapngWriter(out).close();
        assertArrayEquals(new PcapngBuilder().shb(false, Option.string(4, "erm-decap")).bytes(), out.toByteArray());
    }

    @Test
    void sectionHeaderCarriesCommentsHardwareOsAndApplicationInThatOrder() throws IOException {
        SectionInfo section = new SectionInfo(3, true, 1, 2, List.of("one", "two"), "hw", "os", "app");
        new PcapngWriter(out, section).close();
        assertArrayEquals(new PcapngBuilder().shb(false, Option.comment("one"), Option.comment("two"),
                Option.string(2, "hw"), Option.string(3, "os"), Option.string(4, "app")).bytes(), out.toByteArray());
    }

    @Test
    void sectionHeaderWithoutOptionsHasNoOptionList() throws IOException {
        new PcapngWriter(out, new SectionInfo(0, false, 1, 0, List.of(), null, null, null)).close();
        assertArrayEquals(new PcapngBuilder().shb(false).bytes(), out.toByteArray());
        assertEquals(28, out.size());
    }

    @Test
    void oneInterfaceDescriptionPerDistinctInterfaceJustBeforeItsFirstPacket() throws IOException {
        InterfaceInfo sameAsEth = new InterfaceInfo(4, 7, LinkType.ETHERNET, 65535, 6, 0, -1, null, null);
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(record(ETH_US, SECOND, 1000), ETH_US, frame(10, 1), 0, 10, 10);
            w.write(record(SLL_NS, SECOND, 2), SLL_NS, frame(11, 2), 0, 11, 20);
            w.write(record(sameAsEth, SECOND, 3000), sameAsEth, frame(12, 3), 0, 12, 12);
            w.write(record(ETH_US, SECOND, 4000), ETH_US, frame(13, 4), 0, 13, 13);
            assertEquals(4, w.recordCount());
            assertEquals(CaptureFormat.PCAPNG, w.format());
        }
        byte[] expected = new PcapngBuilder()
                .shb(false, Option.string(4, "erm-decap"))
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, SECOND * 1_000_000 + 1, frame(10, 1))
                .idb(LinkType.LINUX_SLL, 0, Option.u8(9, 9))
                .epb(1, SECOND * 1_000_000_000 + 2, frame(11, 2), 20)
                .epb(0, SECOND * 1_000_000 + 3, frame(12, 3))
                .epb(0, SECOND * 1_000_000 + 4, frame(13, 4))
                .bytes();
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void interfaceOptionsInCanonicalOrderOnlyWhenNotDefault() throws IOException {
        InterfaceInfo full = new InterfaceInfo(0, 0, LinkType.RAW, 1500, 9, -5, 0, "tun0", "VPN ✓");
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(record(full, SECOND, 7), full, frame(3, 1), 0, 3, 3);
        }
        byte[] expected = new PcapngBuilder()
                .shb(false, Option.string(4, "erm-decap"))
                .idb(LinkType.RAW, 1500, Option.string(2, "tun0"), Option.string(3, "VPN ✓"), Option.u8(9, 9),
                        Option.u8(13, 0), Option.i64(14, -5))
                .epb(0, (SECOND + 5) * 1_000_000_000 + 7, frame(3, 1))
                .bytes();
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void packetCommentsThenFlagsThenEndOfOptions() throws IOException {
        PacketRecord r = record(ETH_US, SECOND, 5000).addComment("é").addComment("").setFlags(0x82);
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(r, ETH_US, frame(5, 1), 0, 5, 64);
        }
        byte[] expected = new PcapngBuilder()
                .shb(false, Option.string(4, "erm-decap"))
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, SECOND * 1_000_000 + 5, frame(5, 1), 64, Option.comment("é"), Option.comment(""),
                        Option.u32(2, 0x82))
                .bytes();
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void timestampIsConvertedWhenTheInterfaceResolutionDiffers() throws IOException {
        PacketRecord r = record(ETH_US, SECOND, 123_456_000);
        InterfaceInfo ns = ETH_US.withTimestampResolution(Timestamps.NANOS, 0);
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(r, ns, frame(8, 1), 0, 8, 8);
        }
        PacketRecord back = Captures.readAll(out.toByteArray()).get(0);
        assertEquals(SECOND * 1_000_000_000 + 123_456_000, back.timestampUnits());
        assertEquals(ns, back.iface());
    }

    @Test
    void ownTimestampUnitsAreKeptWhenTheResolutionIsTheSame() throws IOException {
        // picoseconds: finer than the record's nanoseconds, so only the stored units survive unrounded
        byte[] file = new PcapngBuilder().shb(false)
                .idb(LinkType.ETHERNET, 0, Option.u8(9, 12), Option.i64(14, SECOND - 1))
                .epb(0, 1_123_456_789_012L, frame(4, 1)).bytes();
        PacketRecord r = Captures.readAll(file).get(0);
        assertEquals(123_456_789, r.nanos());
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(r);
        }
        assertEquals(1_123_456_789_012L, Captures.readAll(out.toByteArray()).get(0).timestampUnits());
    }

    @Test
    void staleTimestampUnitsOfAHandBuiltRecordAreNotTrusted() throws IOException {
        PacketRecord r = record(SLL_NS, SECOND, 5_000).setInterface(ETH_US);
        assertEquals(SECOND * 1_000_000_000 + 5_000, r.timestampUnits(), "units of the first interface");
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(r, ETH_US, frame(4, 1), 0, 4, 4);
        }
        PacketRecord back = Captures.readAll(out.toByteArray()).get(0);
        assertEquals(SECOND, back.epochSecond());
        assertEquals(5_000, back.nanos());
    }

    @Test
    void unrepresentableTimestampIsAnIOExceptionWithAClearMessage() throws IOException {
        try (PcapngWriter w = new PcapngWriter(out)) {
            PacketRecord before1970 = record(ETH_US, -5, 0);
            before1970.setPosition(12, 0);
            IOException e = assertThrows(IOException.class, () -> w.write(before1970));
            assertEquals("record 12 at byte 0: timestamp -5.000000000 s cannot be written at if_tsresol 6"
                    + " with if_tsoffset 0"
                    + " (time -5 s is before 1970 plus the interface's offset)", e.getMessage());
            PacketRecord far = record(SLL_NS, Long.MAX_VALUE / 2, 0);
            IOException overflow = assertThrows(IOException.class, () -> w.write(far));
            assertTrue(overflow.getMessage().contains("cannot be written at if_tsresol 9"), overflow.getMessage());
        }
    }

    @Test
    void newSectionDeclaresInterfacesAgain() throws IOException {
        SectionInfo second = new SectionInfo(1, false, 1, 0, List.of("2nd"), null, null, null);
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(record(ETH_US, SECOND, 0), ETH_US, frame(4, 1), 0, 4, 4);
            w.newSection(second);
            w.write(record(ETH_US, SECOND, 0), ETH_US, frame(4, 2), 0, 4, 4);
        }
        byte[] expected = new PcapngBuilder()
                .shb(false, Option.string(4, "erm-decap"))
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, SECOND * 1_000_000, frame(4, 1))
                .shb(false, Option.comment("2nd"))
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, SECOND * 1_000_000, frame(4, 2))
                .bytes();
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void packetsLargerThanTheWriteBufferAreWritten() throws IOException {
        byte[] big = frame(3 << 20, 1);
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(record(ETH_US, SECOND, 0).addComment("big"), ETH_US, big, 0, big.length, big.length);
        }
        PacketRecord back = Captures.readAll(out.toByteArray(), ReadLimits.DEFAULT.withMaxCapturedLength(4 << 20))
                .get(0);
        assertArrayEquals(big, PcapngReaderTest.data(back));
        assertEquals(List.of("big"), back.comments());
    }

    @Test
    void commentTooLongForAnOptionIsAnIOException() throws IOException {
        try (PcapngWriter w = new PcapngWriter(out)) {
            PacketRecord r = record(ETH_US, SECOND, 0).addComment("x".repeat(70_000));
            IOException e = assertThrows(IOException.class, () -> w.write(r));
            assertEquals("record 0 at byte 0: opt_comment of 70000 bytes (expected: at most 65535)", e.getMessage());
        }
    }

    @Test
    void linkTypeBeyondSixteenBitsIsRejected() throws IOException {
        InterfaceInfo wide = InterfaceInfo.of(70_000, 0, 6);
        try (PcapngWriter w = new PcapngWriter(out)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(record(wide, SECOND, 0), wide,
                    frame(4, 1), 0, 4, 4));
        }
    }

    @Test
    void timestampUnitsFromRecordsOfAnotherReaderFormatAreConverted() throws IOException {
        // a classic pcap record: its interface is microseconds, units = seconds * 10^6 + micros
        PacketRecord r = record(ETH_US, SECOND, 1_000);
        try (PcapngWriter w = new PcapngWriter(out)) {
            w.write(r, SLL_NS, frame(4, 1), 0, 4, 4);
        }
        assertEquals(SECOND * 1_000_000_000 + 1_000, Captures.readAll(out.toByteArray()).get(0).timestampUnits());
        assertEquals(T_US / 1_000_000, SECOND);
    }
}
