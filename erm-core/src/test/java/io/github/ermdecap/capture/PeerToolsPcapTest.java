// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files our pcap writer makes, read by code we did not write: Wireshark's capinfos and tshark. */
class PeerToolsPcapTest {

    @Test
    void tsharkReadsOurNanosecondPcapWithExactTimestampsAndLengths(@TempDir Path dir) throws Exception {
        ExternalTool.assumeInstalled("tshark");
        Path file = dir.resolve("ours.pcap");
        InterfaceInfo on = InterfaceInfo.of(LinkType.ETHERNET, 65535, Timestamps.NANOS);
        try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os, true, 65535, 1)) {
            for (int i = 0; i < 100; i++) {
                byte[] frame = PcapBuilder.packet(60 + i * 7, i);
                PacketRecord r = new PacketRecord().setInterface(on).setTimestamp(1_700_000_000L + i, 123_456_789 - i);
                w.write(r, on, frame, 0, frame.length, frame.length + (i % 3) * 100);
            }
        }
        List<String> lines = List.of(ExternalTool.run("tshark", "-r", file.toString(), "-T", "fields",
                "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len").split("\n"));
        assertEquals(100, lines.size());
        for (int i = 0; i < 100; i++) {
            String[] f = lines.get(i).split("\t");
            assertEquals(String.format("%d.%09d", 1_700_000_000L + i, 123_456_789 - i), f[0], "frame " + (i + 1));
            assertEquals(String.valueOf(60 + i * 7 + (i % 3) * 100), f[1]);
            assertEquals(String.valueOf(60 + i * 7), f[2]);
        }
    }

    @Test
    void capinfosSeesTheHeaderWeWrote(@TempDir Path dir) throws Exception {
        ExternalTool.assumeInstalled("capinfos");
        Path file = dir.resolve("ours.pcap");
        try (CaptureReader r = CaptureIo.open(PcapGoldenFiles.sample(java.nio.ByteOrder.BIG_ENDIAN, false, 1500, 113));
             OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os, false, 1500, 113)) {
            for (PacketRecord p; (p = r.next()) != null; ) {
                w.write(p);
            }
        }
        String info = ExternalTool.run("capinfos", "-c", "-E", "-l", "-u", "-M", file.toString());
        assertTrue(info.matches("(?s).*Number of packets:\\s+5\\b.*"), info);
        assertTrue(info.contains("linux-sll"), info);
        assertTrue(info.matches("(?s).*file hdr: 1500 bytes.*"), info);
    }

    @Test
    void tsharkAgreesWithUsOnTheRealSamples() throws Exception {
        ExternalTool.assumeInstalled("tshark");
        for (Path sample : RealSamples.all()) {
            List<PacketRecord> ours = CaptureIo.readAll(Files.readAllBytes(sample));
            String[] lines = ExternalTool.run("tshark", "-r", sample.toString(), "-T", "fields",
                    "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len").split("\n");
            assertEquals(lines.length, ours.size(), sample.toString());
            for (int i = 0; i < lines.length; i++) {
                PacketRecord p = ours.get(i);
                assertEquals(String.format("%d.%09d\t%d\t%d", p.epochSecond(), p.nanos(), p.originalLength(),
                        p.capturedLength()), lines[i], sample + " frame " + (i + 1));
            }
        }
    }
}
