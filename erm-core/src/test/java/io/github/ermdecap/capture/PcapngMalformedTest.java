// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.CaptureFormatException.Kind;
import io.github.ermdecap.capture.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static io.github.ermdecap.capture.PcapngGoldenFiles.T_US;
import static io.github.ermdecap.capture.PcapngGoldenFiles.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each damage a pcapng file can have, read after every good packet before it was delivered. */
class PcapngMalformedTest {
    /** SHB (28 bytes) and IDB (20 bytes): packets start at byte 48, each EPB of 60 bytes of data is 92. */
    private static final int FIRST_PACKET = 48;
    private static final int EPB_60 = 92;
    private static final ReadLimits DEFAULT = ReadLimits.DEFAULT;

    private static PcapngBuilder twoPackets() {
        return new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, T_US, frame(60, 1))
                .epb(0, T_US + 1, frame(60, 2));
    }

    private static void assertFailure(CaptureFormatException e, Kind kind, long record, long offset, String detail) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(record, e.recordNumber(), e.getMessage());
        assertEquals(offset, e.byteOffset(), e.getMessage());
        assertEquals(detail, e.detail());
        assertEquals(Captures.SOURCE + ": " + (record > 0 ? "record " + record + " " : "") + "at byte " + offset
                + ": " + detail, e.getMessage());
    }

    @Test
    void mismatchedTrailingBlockLength() throws IOException {
        CaptureFormatException e = Captures.readFailing(PcapngGoldenFiles.mismatchedTrailingLength(), DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "block total length at end 88 differs from 92 at start");
    }

    @Test
    void mismatchedTrailingLengthOfASkippedBlock() throws IOException {
        byte[] file = twoPackets().unknown(0x99, frame(8, 1)).bytes();
        file[file.length - 4] = 24;
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "block total length at end 24 differs from 20 at start");
    }

    @Test
    void blockLengthBelowTwelve() throws IOException {
        byte[] file = twoPackets().raw(new byte[] {6, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0}).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "block total length: 8 (expected: a multiple of 4, at least 12)");
    }

    @Test
    void blockLengthNotAMultipleOfFour() throws IOException {
        byte[] file = twoPackets().epb(0, T_US, frame(60, 3)).bytes();
        file[FIRST_PACKET + 2 * EPB_60 + 4] = 93;
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "block total length: 93 (expected: a multiple of 4, at least 12)");
    }

    @Test
    void blockLengthBelowTheMinimumOfItsType() throws IOException {
        byte[] file = twoPackets().raw(new byte[] {6, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0}).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "Enhanced Packet Block total length: 12 (expected: at least 32)");
    }

    @Test
    void capturedLengthOverTheLimit() throws IOException {
        byte[] file = twoPackets().epb(0, T_US, frame(300, 3)).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT.withMaxCapturedLength(256), 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60, "captured length 300 exceeds the limit 256");
    }

    @Test
    void capturedLengthPastTheEndOfTheBlock() throws IOException {
        byte[] file = twoPackets().epb(0, T_US, frame(60, 3)).bytes();
        file[FIRST_PACKET + 2 * EPB_60 + 20] = 64;
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "captured length 64 does not fit in a block of 92 bytes");
    }

    @Test
    void optionLengthRunningPastTheBlock() throws IOException {
        byte[] file = twoPackets().epb(0, T_US, frame(60, 3), Option.lying(1, 200, frame(8, 1))).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        // options: comment header 4 + value 8 + opt_endofopt 4 = 16 bytes, 12 left after the comment's header
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "option 1 of length 200 runs past the end of the block (12 bytes left)");
    }

    @Test
    void optionsOverTheLimit() throws IOException {
        byte[] file = twoPackets().epb(0, T_US, frame(60, 3), Option.comment("x".repeat(200))).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT.withMaxOptionsLength(100), 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60, "options length 208 exceeds the limit 100");
    }

    @Test
    void fixedLengthOptionOfTheWrongLength() throws IOException {
        byte[] file = new PcapngBuilder().shb(false).idb(LinkType.ETHERNET, 0, Option.u32(9, 9)).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 0);
        assertFailure(e, Kind.CORRUPT, 1, 28, "if_tsresol option length: 4 (expected: 1)");
    }

    @Test
    void packetOnAnUndeclaredInterface() throws IOException {
        byte[] file = twoPackets().epb(1, T_US, frame(60, 3)).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "interface ID 1 is not declared in section 0 (expected: 0..0)");
    }

    @Test
    void packetBeforeAnyInterfaceOfItsSection() throws IOException {
        byte[] file = twoPackets().shb(true).spb(60, frame(60, 3)).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60 + 28,
                "interface ID 0 is not declared in section 1 (expected: no packet before an Interface Description Block)");
    }

    @Test
    void truncationInABlockHeader() throws IOException {
        byte[] whole = twoPackets().epb(0, T_US, frame(60, 3)).bytes();
        byte[] file = Arrays.copyOf(whole, FIRST_PACKET + 2 * EPB_60 + 5);
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.TRUNCATED, 3, FIRST_PACKET + 2 * EPB_60, "block header truncated: 5 of 8 bytes present");
    }

    @Test
    void truncationInABlockBody() throws IOException {
        CaptureFormatException e = Captures.readFailing(PcapngGoldenFiles.truncatedBlock(), DEFAULT, 2);
        assertFailure(e, Kind.TRUNCATED, 3, FIRST_PACKET + 2 * EPB_60,
                "Enhanced Packet Block truncated: 40 of 92 bytes present");
    }

    @Test
    void truncationInASkippedBlock() throws IOException {
        byte[] whole = twoPackets().unknown(0x99, frame(100, 1)).bytes();
        CaptureFormatException e = Captures.readFailing(Arrays.copyOf(whole, whole.length - 50), DEFAULT, 2);
        assertFailure(e, Kind.TRUNCATED, 3, FIRST_PACKET + 2 * EPB_60,
                "block of type 0x99 truncated: 62 of 112 bytes present");
    }

    @Test
    void truncatedCompressedStreamEndsAfterTheGoodPackets() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(twoPackets().epb(0, T_US, frame(60, 3)).bytes());
        }
        byte[] cut = Arrays.copyOf(gz.toByteArray(), gz.size() - 12);
        try (CaptureReader in = CaptureReader.open(new ByteArrayInputStream(cut), "x.gz", DEFAULT)) {
            int n = 0;
            CaptureFormatException e = null;
            try {
                while (in.next() != null) {
                    n++;
                }
            } catch (CaptureFormatException damage) {
                e = damage;
            }
            assertTrue(e != null, "a cut gzip stream must not end cleanly");
            assertEquals(Kind.CORRUPT, e.kind());
            assertTrue(e.detail().startsWith("compressed data is damaged"), e.getMessage());
            assertTrue(n <= 3, "records: " + n);
        }
    }

    @Test
    void tooManyInterfacesInASection() throws IOException {
        byte[] file = new PcapngBuilder().shb(false).idb(1, 0).idb(1, 0).idb(1, 0).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT.withMaxInterfaces(2), 0);
        assertFailure(e, Kind.CORRUPT, 1, 28 + 2 * 20, "interfaces in section 0: more than the limit 2");
        byte[] twoSections = new PcapngBuilder().shb(false).idb(1, 0).idb(1, 0).shb(false).idb(1, 0).idb(1, 0)
                .epb(1, T_US, frame(4, 1)).bytes();
        try (CaptureReader in = Captures.open(twoSections, DEFAULT.withMaxInterfaces(2))) {
            assertEquals(1, in.next().interfaceId(), "the limit applies per section");
            assertNull(in.next());
        }
    }

    @Test
    void badByteOrderMagicInTheFirstSection() throws IOException {
        byte[] file = twoPackets().bytes();
        file[8] = 0x4E;
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captures.open(file));
        assertFailure(e, Kind.NOT_A_CAPTURE, 0, 0,
                "byte-order magic: 0x4e3c2b1a (expected: 0x1a2b3c4d in either byte order)");
    }

    @Test
    void badByteOrderMagicInALaterSection() throws IOException {
        byte[] file = twoPackets().shb(true).bytes();
        file[FIRST_PACKET + 2 * EPB_60 + 8] = 0;
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "byte-order magic: 0x002b3c4d (expected: 0x1a2b3c4d in either byte order)");
    }

    @Test
    void unsupportedMajorVersion() throws IOException {
        byte[] file = new PcapngBuilder().shb(false, 2, 0).bytes();
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captures.open(file));
        assertFailure(e, Kind.CORRUPT, 0, 0, "section header version: 2.0 (expected: 1.x)");
    }

    @Test
    void truncatedFirstSectionHeader() {
        byte[] file = Arrays.copyOf(twoPackets().bytes(), 20);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captures.open(file));
        assertFailure(e, Kind.TRUNCATED, 0, 0, "Section Header Block truncated: 20 of 28 bytes present");
    }

    @Test
    void timestampBeyondSixtyFourBitSeconds() throws IOException {
        byte[] file = new PcapngBuilder().shb(false)
                .idb(LinkType.ETHERNET, 0, Option.u8(9, 0), Option.i64(14, Long.MAX_VALUE))
                .epb(0, 5, frame(4, 1)).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 0);
        assertFailure(e, Kind.CORRUPT, 1, 28 + 44, "timestamp 5 at if_tsresol 0 with if_tsoffset "
                + Long.MAX_VALUE + " does not fit 64-bit seconds");
    }

    @Test
    void skippedBlockOverItsLimit() throws IOException {
        byte[] file = twoPackets().unknown(0x99, frame(100, 1)).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT.withMaxSkippedBlockLength(64), 2);
        assertFailure(e, Kind.CORRUPT, 3, FIRST_PACKET + 2 * EPB_60,
                "block of type 0x99 total length 112 exceeds the limit 64 of a skipped block");
    }

    @Test
    void bufferedBlockOverItsLimit() throws IOException {
        byte[] file = new PcapngBuilder().shb(false).raw(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) 0x80}).bytes();
        CaptureFormatException e = Captures.readFailing(file, DEFAULT, 0);
        assertFailure(e, Kind.CORRUPT, 1, 28, "Interface Description Block total length 2147483648 exceeds the limit "
                + DEFAULT.maxBufferedBlockLength());
    }

    @Test
    void cleanEndAfterTheLastBlock() throws IOException {
        try (CaptureReader in = Captures.open(twoPackets().bytes())) {
            in.next();
            in.next();
            assertNull(in.next());
            assertNull(in.next());
        }
    }
}
