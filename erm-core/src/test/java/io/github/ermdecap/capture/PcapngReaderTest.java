// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.github.ermdecap.capture.PcapngGoldenFiles.SECOND;
import static io.github.ermdecap.capture.PcapngGoldenFiles.TS_OFFSET;
import static io.github.ermdecap.capture.PcapngGoldenFiles.T_BINARY;
import static io.github.ermdecap.capture.PcapngGoldenFiles.T_MS;
import static io.github.ermdecap.capture.PcapngGoldenFiles.T_NS;
import static io.github.ermdecap.capture.PcapngGoldenFiles.T_US;
import static io.github.ermdecap.capture.PcapngGoldenFiles.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapngReaderTest {

    @Test
    void matchesOnlyTheSectionHeaderBlockType() {
        assertTrue(PcapngReader.matches(new byte[] {0x0A, 0x0D, 0x0D, 0x0A}));
        assertFalse(PcapngReader.matches(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1}));
        assertFalse(PcapngReader.matches(new byte[] {0x0A, 0x0D}));
    }

    @Test
    void twoSectionsOfDifferentByteOrderEachWithItsOwnInterfaces() throws IOException {
        try (CaptureReader in = Captures.open(PcapngGoldenFiles.twoSectionsMixedEndian())) {
            assertEquals(CaptureFormat.PCAPNG, in.format());
            assertFalse(in.compressed());
            assertEquals(Captures.SOURCE, in.source());
            SectionInfo first = in.section();
            assertEquals(0, first.index());
            assertTrue(first.bigEndian());
            assertEquals(1, first.majorVersion());
            assertEquals(0, first.minorVersion());
            assertEquals(List.of("big-endian section"), first.comments());
            assertEquals("hw-be", first.hardware());
            assertEquals("os-be", first.os());
            assertEquals("app-be", first.userApplication());

            PacketRecord r = in.next();
            assertEquals(new InterfaceInfo(0, 0, LinkType.ETHERNET, 65535, 6, 0, -1, "eth0", null), r.iface());
            assertEquals(0, r.iface().sectionIndex());
            assertEquals(SECOND, r.epochSecond());
            assertEquals(123_456_000, r.nanos());
            assertEquals(60, r.capturedLength());
            assertEquals(60, r.originalLength());
            r = in.next();
            assertEquals(61, r.capturedLength());
            assertEquals(1514, r.originalLength());
            assertEquals(123_457_000, r.nanos());

            r = in.next();
            SectionInfo second = in.section();
            assertEquals(1, second.index());
            assertFalse(second.bigEndian());
            assertEquals(List.of("little-endian section"), second.comments());
            assertNull(second.hardware());
            assertNull(second.userApplication());
            assertEquals(0, r.interfaceId());
            assertEquals(1, r.iface().sectionIndex());
            assertEquals(LinkType.LINUX_SLL, r.linkType());
            assertEquals(262144, r.iface().snaplen());
            assertEquals(123_456_789, r.nanos());
            assertArrayEquals(frame(42, 3), data(r));
            r = in.next();
            assertEquals(1, r.interfaceId());
            assertEquals(LinkType.ETHERNET, r.linkType());
            assertEquals(0, r.iface().snaplen());
            assertEquals(123_458_000, r.nanos());
            assertEquals(4, r.recordNumber());
            assertNull(in.next());
            assertEquals(4, in.recordCount());
        }
    }

    @Test
    void interfacesWithDifferentResolutionsAndOffsetGiveExactTimestamps() throws IOException {
        List<PacketRecord> records = Captures.readAll(PcapngGoldenFiles.interfacesResolutions());
        assertEquals(5, records.size());
        assertTimestamp(records.get(0), SECOND, 123_456_000, T_US);
        assertTimestamp(records.get(1), SECOND, 123_456_789, T_NS);
        // 1 / 2^20 s = 953.67431640625 ns, rounded to the nearest nanosecond
        assertTimestamp(records.get(2), SECOND, 954, T_BINARY);
        assertTimestamp(records.get(3), SECOND, 123_000_000, T_MS);
        assertTimestamp(records.get(4), SECOND, 123_456_000, T_US);
        assertEquals(new InterfaceInfo(0, 0, LinkType.ETHERNET, 65535, 6, 0, -1, null, null), records.get(0).iface());
        assertEquals(9, records.get(1).iface().tsresol());
        assertEquals(LinkType.LINUX_SLL, records.get(1).linkType());
        assertEquals(0x94, records.get(2).iface().tsresol());
        assertEquals(3, records.get(3).iface().tsresol());
        assertEquals(TS_OFFSET, records.get(3).iface().tsOffset());
        assertEquals(LinkType.RAW, records.get(3).linkType());
        assertEquals(6, records.get(4).iface().tsresol());
        assertEquals(4, records.get(4).iface().fcsLength());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, records.get(i).interfaceId());
            assertEquals(i + 1, records.get(i).recordNumber());
        }
    }

    @Test
    void simpleAndObsoletePacketBlocksAreReadAndOtherBlocksSkipped() throws IOException {
        byte[] file = PcapngGoldenFiles.spbOpbCustomUnknown();
        try (CaptureReader in = Captures.open(file)) {
            PacketRecord r = in.next();
            // SPB: captured = min(block data 64, original 100, snaplen 64); no timestamp
            assertEquals(64, r.capturedLength());
            assertEquals(100, r.originalLength());
            assertEquals(0, r.epochSecond());
            assertEquals(0, r.nanos());
            assertEquals(0, r.interfaceId());
            assertFalse(r.hasFlags());
            long firstSpb = r.byteOffset();
            r = in.next();
            assertEquals(firstSpb + 16 + 64, r.byteOffset());
            assertEquals(10, r.capturedLength());
            assertEquals(10, r.originalLength());
            assertArrayEquals(Arrays.copyOf(frame(12, 2), 10), data(r));
            r = in.next();
            assertArrayEquals(frame(50, 3), data(r));
            assertEquals(List.of("obsolete"), r.comments());
            assertTrue(r.hasFlags());
            assertEquals(1, r.flags());
            assertEquals(SECOND, r.epochSecond());
            r = in.next();
            assertArrayEquals(frame(30, 7), data(r));
            assertEquals(file.length - (28 + 32 + 4), r.byteOffset());
            assertEquals(List.of(), r.comments());
            assertFalse(r.hasFlags());
            assertNull(in.next());
            assertEquals(file.length, in.position());
            assertEquals(4, in.recordCount());
        }
    }

    @Test
    void commentsAndFlagsAreReadAndClearedPerRecord() throws IOException {
        try (CaptureReader in = Captures.open(PcapngGoldenFiles.commentsFlags())) {
            assertEquals(List.of("section comment 1", "section comment 2"), in.section().comments());
            PacketRecord r = in.next();
            assertEquals(List.of("first", "zweite Änderung ✓"), r.comments());
            assertFalse(r.hasFlags());
            assertSame(r, in.next());
            assertEquals(List.of(), r.comments());
            assertEquals(0x1, r.flags());
            r = in.next();
            assertEquals(List.of("padded"), r.comments());
            assertEquals(0x82, r.flags());
            assertEquals(123_456_791, r.nanos());
            r = in.next();
            assertEquals(List.of(), r.comments());
            assertFalse(r.hasFlags());
            assertEquals(0, r.flags());
        }
    }

    @Test
    void gzipCompressedPcapngIsReadThroughOpen() throws IOException {
        byte[] file = PcapngGoldenFiles.twoSectionsMixedEndian();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(file);
        }
        try (CaptureReader in = CaptureReader.open(new ByteArrayInputStream(gz.toByteArray()), "x.pcapng.gz",
                ReadLimits.DEFAULT)) {
            assertTrue(in.compressed());
            assertEquals(CaptureFormat.PCAPNG, in.format());
            int n = 0;
            List<PacketRecord> plain = Captures.readAll(file);
            for (PacketRecord r; (r = in.next()) != null; n++) {
                assertArrayEquals(data(plain.get(n)), data(r));
                assertEquals(plain.get(n).nanos(), r.nanos());
                assertEquals(plain.get(n).iface(), r.iface());
            }
            assertEquals(4, n);
            assertEquals(file.length, in.position());
        }
    }

    @Test
    void sectionWithoutPacketsEndsCleanly() throws IOException {
        byte[] file = new PcapngBuilder().shb(false).idb(LinkType.ETHERNET, 0).bytes();
        try (CaptureReader in = Captures.open(file)) {
            assertNull(in.next());
            assertEquals(0, in.recordCount());
        }
    }

    @Test
    void packetsLargerThanTheReadBufferAreRead() throws IOException {
        byte[] big = frame(200_000, 9);
        byte[] file = new PcapngBuilder().shb(false).idb(LinkType.ETHERNET, 0)
                .epb(0, T_US, big).epb(0, T_US, big, Option.comment("c")).bytes();
        List<PacketRecord> records = Captures.readAll(file);
        assertEquals(2, records.size());
        assertArrayEquals(big, data(records.get(1)));
        assertEquals(List.of("c"), records.get(1).comments());
    }

    private static void assertTimestamp(PacketRecord r, long second, int nanos, long units) {
        assertEquals(second, r.epochSecond(), "epoch second of record " + r.recordNumber());
        assertEquals(nanos, r.nanos(), "nanoseconds of record " + r.recordNumber());
        assertEquals(units, r.timestampUnits(), "units of record " + r.recordNumber());
    }

    static byte[] data(PacketRecord r) {
        return Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.capturedLength());
    }
}
