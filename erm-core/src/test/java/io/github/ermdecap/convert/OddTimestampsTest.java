// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PcapngBuilder;
import io.github.ermdecap.capture.PcapngBuilder.Option;
import io.github.ermdecap.erm.DecapOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A timestamp the output format cannot hold is an odd input record: the records before it are written, the
 * output is finished, and the damage names the record (issue 15, item 7). It used to fail the whole output.
 */
class OddTimestampsTest {
    private static final byte[] F1 = ConversionTest.erm(ConversionTest.inner(10));
    private static final byte[] F2 = ConversionTest.erm(ConversionTest.inner(11));
    private static final byte[] F3 = ConversionTest.erm(ConversionTest.inner(12));

    /** A microsecond pcap of F1, F2, F3; F2 at ts_sec {@code sec}, ts_usec {@code usec}. */
    private static byte[] pcap(long sec, long usec) {
        ByteBuffer b = ByteBuffer.allocate(24 + 3 * 16 + F1.length + F2.length + F3.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        long[][] ts = {{1000, 0}, {sec, usec}, {1002, 0}};
        byte[][] frames = {F1, F2, F3};
        for (int i = 0; i < 3; i++) {
            b.putInt((int) ts[i][0]).putInt((int) ts[i][1]);   // ts_sec, ts_usec
            b.putInt(frames[i].length).putInt(frames[i].length); // incl_len, orig_len
            b.put(frames[i]);
        }
        return b.array();
    }

    private static ConversionResult convert(byte[] in, CaptureFormat format, ByteArrayOutputStream out)
            throws IOException {
        try (CaptureReader reader = ConversionTest.reader(in)) {
            return new Conversion(DecapOptions.DEFAULT).run(reader, out, format, "out");
        }
    }

    private static CaptureFormatException assertDamagedAtSecondRecord(ConversionResult r, ByteArrayOutputStream out,
                                                                      long offset) throws IOException {
        assertEquals(ExitCode.INPUT_DAMAGED, r.exitCode());
        CaptureFormatException e = assertInstanceOf(CaptureFormatException.class, r.inputError());
        assertEquals(2, e.recordNumber());
        assertEquals(offset, e.byteOffset());
        assertEquals("in", e.source());
        List<byte[]> frames = ConversionTest.frames(out.toByteArray());
        assertEquals(1, frames.size(), "the prefix, finished and readable");
        assertArrayEquals(ConversionTest.inner(10), frames.get(0));
        return e;
    }

    @Test
    void aMicrosecondFieldCarryingPastThe32BitSecondsIsDamageInPcapOutput() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversionResult r = convert(pcap(0xFFFF_FFFFL, 1_500_000), CaptureFormat.PCAP, out);
        CaptureFormatException e = assertDamagedAtSecondRecord(r, out, 24 + 16 + F1.length);
        assertEquals("timestamp 4294967296.500000000 s cannot be held by pcap (expected: 0..4294967295 s;"
                + " pcapng output keeps it)", e.detail());
    }

    @Test
    void pcapngOutputKeepsThatTimestamp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversionResult r = convert(pcap(0xFFFF_FFFFL, 1_500_000), CaptureFormat.PCAPNG, out);
        assertNull(r.inputError());
        assertEquals(3, ConversionTest.frames(out.toByteArray()).size());
    }

    @Test
    void aNegativeInterfaceOffsetOrAllOnesUnitsAreDamageInPcapOutput() throws IOException {
        PcapngBuilder head = new PcapngBuilder().shb(false)
                .idb(LinkType.ETHERNET, 0)
                .idb(LinkType.ETHERNET, 0, Option.i64(14, -2_000_000_000L)); // if_tsoffset
        int second = head.epb(0, 1_000_000, F1).size();
        byte[] offset = head.epb(1, 5_000_000, F2).epb(0, 3_000_000, F3).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaptureFormatException e = assertDamagedAtSecondRecord(convert(offset, CaptureFormat.PCAP, out), out, second);
        assertEquals("timestamp -1999999995.000000000 s cannot be held by pcap (expected: 0..4294967295 s;"
                + " pcapng output keeps it)", e.detail());

        PcapngBuilder b = new PcapngBuilder().shb(false).idb(LinkType.ETHERNET, 0);
        int at = b.epb(0, 1_000_000, F1).size();
        byte[] allOnes = b.epb(0, -1L, F2).epb(0, 3_000_000, F3).bytes();
        out = new ByteArrayOutputStream();
        assertDamagedAtSecondRecord(convert(allOnes, CaptureFormat.PCAP, out), out, at);
        out = new ByteArrayOutputStream();
        assertNull(convert(allOnes, CaptureFormat.PCAPNG, out).inputError(), "pcapng holds its own units");
    }

    @Test
    void aSimplePacketBlockOnAnOffsetInterfaceIsWrittenToEitherFormat() throws IOException {
        byte[] in = new PcapngBuilder().shb(false)
                .idb(LinkType.ETHERNET, 0, Option.i64(14, 100))
                .spb(F1.length, F1).bytes();
        for (CaptureFormat format : CaptureFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertNull(convert(in, format, out).inputError(), format.name());
            assertEquals(1, ConversionTest.frames(out.toByteArray()).size());
        }
    }
}
