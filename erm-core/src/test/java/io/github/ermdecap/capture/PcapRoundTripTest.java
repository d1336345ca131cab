// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The master test of the pcap pair: a well-formed little-endian file read and written back is identical. */
class PcapRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"le-micro-ethernet.pcap", "le-nano-sll.pcap", "le-micro-fcs.pcap", "empty-ethernet.pcap"})
    void littleEndianGoldenFilesComeBackByteForByte(String name) throws IOException {
        byte[] golden = CaptureIo.read(CaptureIo.testdata().resolve("pcap").resolve(name));
        assertArrayEquals(golden, rewrite(golden));
    }

    @Test
    void bigEndianFilesComeBackAsTheirLittleEndianTwin() throws IOException {
        for (boolean nano : new boolean[] {false, true}) {
            byte[] be = PcapGoldenFiles.sample(ByteOrder.BIG_ENDIAN, nano, 1500, LinkType.RAW);
            byte[] le = PcapGoldenFiles.sample(ByteOrder.LITTLE_ENDIAN, nano, 1500, LinkType.RAW);
            assertArrayEquals(le, rewrite(be));
        }
    }

    @Test
    void microsecondOutputTruncatesNanosecondsAsLibpcapDoes() throws IOException {
        byte[] nano = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, true, 100, 1)
                .record(10, 999_999_999L, PcapBuilder.packet(20, 1)).build();
        byte[] micro = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 100, 1)
                .record(10, 999_999L, PcapBuilder.packet(20, 1)).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader r = CaptureIo.open(nano); PcapWriter w = new PcapWriter(out, false, 100, 1)) {
            w.write(r.next());
        }
        assertArrayEquals(micro, out.toByteArray());
    }

    @Test
    void aPacketOfAnotherLinkTypeIsRefused() throws IOException {
        try (PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), false, 100, LinkType.ETHERNET)) {
            PacketRecord r = new PacketRecord().setInterface(InterfaceInfo.of(LinkType.RAW, 100, 6))
                    .setData(new byte[20], 0, 20, 20).setTimestamp(1, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(r));
            assertEquals("link type RAW cannot go into a pcap file of link type ETHERNET", e.getMessage());
        }
    }

    @Test
    void aTimestampBeforeTheEpochCannotBeWrittenToPcap() throws IOException {
        try (PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), false, 100, LinkType.ETHERNET)) {
            PacketRecord r = new PacketRecord().setInterface(InterfaceInfo.of(LinkType.ETHERNET, 100, 9))
                    .setData(new byte[20], 0, 20, 20).setTimestamp(-5, 0);
            assertThrows(IOException.class, () -> w.write(r));
        }
    }

    static byte[] rewrite(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader r = CaptureIo.open(file)) {
            PcapReader pcap = (PcapReader) r;
            try (PcapWriter w = PcapWriter.withLinkTypeField(out, pcap.nanosecond(), pcap.snaplen(),
                    pcap.linkTypeField())) {
                for (PacketRecord p; (p = r.next()) != null; ) {
                    w.write(p);
                }
                assertEquals(r.recordCount(), w.recordCount());
            }
        }
        return out.toByteArray();
    }
}
