// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PcapReaderTest {

    @ParameterizedTest(name = "{0} nanosecond={1}")
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void readsAllFourMagicVariantsExactly(String orderName, boolean nanosecond) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = PcapGoldenFiles.sample(order, nanosecond, 65535, LinkType.LINUX_SLL);
        try (CaptureReader r = CaptureIo.open(file)) {
            assertEquals(CaptureFormat.PCAP, r.format());
            assertFalse(r.compressed());
            assertEquals(order == ByteOrder.BIG_ENDIAN, r.section().bigEndian());
            PcapReader pcap = (PcapReader) r;
            assertEquals(nanosecond, pcap.nanosecond());
            assertEquals(65535, pcap.snaplen());

            PacketRecord p = r.next();
            assertEquals(1_700_000_000L, p.epochSecond());
            assertEquals(nanosecond ? 1 : 1000, p.nanos());
            assertEquals(LinkType.LINUX_SLL, p.linkType());
            assertEquals(nanosecond ? Timestamps.NANOS : Timestamps.MICROS, p.iface().tsresol());
            assertEquals(60, p.capturedLength());
            assertEquals(60, p.originalLength());
            assertArrayEquals(PcapBuilder.packet(60, 1), Arrays.copyOfRange(p.array(), p.offset(), p.offset() + 60));
            assertEquals(1, p.recordNumber());
            assertEquals(24, p.byteOffset());

            p = r.next();
            assertEquals(nanosecond ? 999_999_999 : 999_999_000, p.nanos());
            assertEquals(0, p.capturedLength());
            assertEquals(24 + 16 + 60, p.byteOffset());

            p = r.next();
            assertEquals(1_700_000_001L, p.epochSecond());
            assertEquals(nanosecond ? 123_456_789 : 123_456_000, p.nanos());
            assertEquals(64, p.capturedLength());
            assertEquals(1514, p.originalLength());

            p = r.next();
            assertEquals(4_294_967_295L, p.epochSecond(), "ts_sec is unsigned");
            assertEquals(1514, p.capturedLength());

            p = r.next();
            assertEquals(0L, p.epochSecond());
            assertEquals(500_000_000, p.nanos());
            assertEquals(5, p.recordNumber());
            assertNull(r.next());
            assertNull(r.next(), "the end stays the end");
            assertEquals(5, r.recordCount());
            assertEquals(file.length, r.position());
        }
    }

    @Test
    void fcsBitsOfTheLinkTypeFieldGiveTheFcsLength() throws IOException {
        byte[] file = PcapGoldenFiles.sample(ByteOrder.LITTLE_ENDIAN, false, 9000, PcapGoldenFiles.ETHERNET_FCS_4);
        try (CaptureReader r = CaptureIo.open(file)) {
            PacketRecord p = r.next();
            assertEquals(LinkType.ETHERNET, p.linkType());
            assertEquals(4, p.iface().fcsLength());
            assertEquals(PcapGoldenFiles.ETHERNET_FCS_4, ((PcapReader) r).linkTypeField());
        }
        try (CaptureReader r = CaptureIo.open(PcapGoldenFiles.sample(ByteOrder.LITTLE_ENDIAN, false, 9000, 1))) {
            assertEquals(-1, r.next().iface().fcsLength(), "no FCS bits: unknown");
        }
    }

    @Test
    void gzipCompressedPcapIsDetectedByItsMagic() throws IOException {
        byte[] plain = PcapGoldenFiles.sample(ByteOrder.BIG_ENDIAN, true, 1500, LinkType.RAW);
        List<PacketRecord> expected = CaptureIo.readAll(plain);
        try (CaptureReader r = CaptureIo.open(CaptureIo.gzip(plain))) {
            assertTrue(r.compressed());
            for (PacketRecord e : expected) {
                PacketRecord p = r.next();
                assertEquals(e.epochSecond(), p.epochSecond());
                assertEquals(e.nanos(), p.nanos());
                assertArrayEquals(e.array(), Arrays.copyOfRange(p.array(), p.offset(), p.offset() + p.capturedLength()));
            }
            assertNull(r.next());
        }
    }

    @Test
    void recordsBeforeATruncatedRecordAreDeliveredFirst() throws IOException {
        byte[] good = PcapGoldenFiles.sample(ByteOrder.LITTLE_ENDIAN, false, 262144, LinkType.ETHERNET);
        byte[] cut = Arrays.copyOf(good, good.length - 7);
        try (CaptureReader r = CaptureIo.open(cut)) {
            for (int i = 0; i < 4; i++) {
                assertEquals(i + 1, r.next().recordNumber());
            }
            CaptureFormatException e = assertThrows(CaptureFormatException.class, r::next);
            assertEquals(CaptureFormatException.Kind.TRUNCATED, e.kind());
            assertEquals(5, e.recordNumber());
            assertEquals(good.length - 16 - 42, e.byteOffset());
            assertEquals("test.cap: record 5 at byte " + (good.length - 58)
                    + ": record truncated: 51 of 58 bytes present", e.getMessage());
        }
    }

    @Test
    void aPartialRecordHeaderIsATruncationNotAnEnd() throws IOException {
        byte[] good = PcapGoldenFiles.sample(ByteOrder.LITTLE_ENDIAN, false, 262144, LinkType.ETHERNET);
        try (CaptureReader r = CaptureIo.open(Arrays.copyOf(good, 24 + 16 + 60 + 9))) {
            r.next();
            CaptureFormatException e = assertThrows(CaptureFormatException.class, r::next);
            assertEquals("test.cap: record 2 at byte 100: record header truncated: 9 of 16 bytes present",
                    e.getMessage());
        }
    }

    @Test
    void aCapturedLengthOverTheLimitIsCorruptAndNamesTheLimit() throws IOException {
        byte[] file = CaptureIo.read(CaptureIo.testdata().resolve("pcap/oversized-record-fail.pcap"));
        try (CaptureReader r = CaptureIo.open(file)) {
            r.next();
            CaptureFormatException e = assertThrows(CaptureFormatException.class, r::next);
            assertEquals(CaptureFormatException.Kind.CORRUPT, e.kind());
            assertEquals("test.cap: record 2 at byte 100: captured length 4294967295 exceeds the limit 262144",
                    e.getMessage());
        }
    }

    @Test
    void theLimitCanBeRaisedForJumboCaptures() throws IOException {
        byte[] file = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 1 << 20, 1)
                .record(1, 0, PcapBuilder.packet(300_000, 9)).build();
        try (CaptureReader r = CaptureIo.open(file)) {
            assertThrows(CaptureFormatException.class, r::next);
        }
        try (CaptureReader r = CaptureReader.open(new java.io.ByteArrayInputStream(file), "jumbo",
                ReadLimits.DEFAULT.withMaxCapturedLength(1 << 20))) {
            assertEquals(300_000, r.next().capturedLength());
        }
    }

    @Test
    void aFileHeaderAloneIsAnEmptyCapture() throws IOException {
        try (CaptureReader r = CaptureIo.open(CaptureIo.read(CaptureIo.testdata().resolve("pcap/empty-ethernet.pcap")))) {
            assertNull(r.next());
            assertEquals(0, r.recordCount());
        }
    }

    @Test
    void aCutFileHeaderIsTruncated() {
        byte[] header = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 262144, 1).build();
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureIo.open(Arrays.copyOf(header, 10)));
        assertEquals("test.cap: at byte 0: pcap file header truncated: 10 of 24 bytes present", e.getMessage());
    }
}
