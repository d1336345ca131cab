// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classic pcap golden files of {@code testdata/pcap}, each built field by field by {@link PcapBuilder}.
 * {@code PcapGoldenFilesTest} checks the committed files equal these; run {@link #main} to write them anew.
 */
final class PcapGoldenFiles {
    static final int ETHERNET_FCS_4 = 0x5000_0001; // FCS present (bit 28), 2 words (bits 29..31), Ethernet

    private PcapGoldenFiles() {
    }

    /** File name to contents. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("le-micro-ethernet.pcap", sample(ByteOrder.LITTLE_ENDIAN, false, 262144, LinkType.ETHERNET));
        files.put("be-micro-ethernet.pcap", sample(ByteOrder.BIG_ENDIAN, false, 262144, LinkType.ETHERNET));
        files.put("le-nano-sll.pcap", sample(ByteOrder.LITTLE_ENDIAN, true, 65535, LinkType.LINUX_SLL));
        files.put("be-nano-raw.pcap", sample(ByteOrder.BIG_ENDIAN, true, 1500, LinkType.RAW));
        files.put("le-micro-fcs.pcap", sample(ByteOrder.LITTLE_ENDIAN, false, 9000, ETHERNET_FCS_4));
        files.put("empty-ethernet.pcap",
                PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 262144, LinkType.ETHERNET).build());
        files.put("le-micro-ethernet.pcap.gz", CaptureIo.gzip(files.get("le-micro-ethernet.pcap")));
        byte[] good = files.get("le-micro-ethernet.pcap");
        files.put("truncated-record-fail.pcap", java.util.Arrays.copyOf(good, good.length - 7));
        files.put("truncated-header-fail.pcap", java.util.Arrays.copyOf(good, 24 + 16 + 60 + 9));
        files.put("oversized-record-fail.pcap", PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 262144, 1)
                .record(1_500_000_000L, 1, PcapBuilder.packet(60, 1))
                .raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, 60, 0, 0, 0})
                .build());
        files.put("not-a-capture-fail.pcap", "#!/bin/sh\necho this is not a capture\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        return files;
    }

    /**
     * Five records exercising the fields: a minimal frame, an empty record, one cut by the snaplen
     * (original length larger), a maximum-size one, and timestamps at both ends of the fraction range.
     */
    static byte[] sample(ByteOrder order, boolean nanosecond, int snaplen, int linkTypeField) {
        long fracMax = nanosecond ? 999_999_999L : 999_999L;
        int big = Math.min(snaplen, 1514);
        return PcapBuilder.header(order, nanosecond, snaplen, linkTypeField)
                .record(1_700_000_000L, 1, PcapBuilder.packet(60, 1))
                .record(1_700_000_000L, fracMax, PcapBuilder.packet(0, 2), 0)
                .record(1_700_000_001L, nanosecond ? 123_456_789L : 123_456L, PcapBuilder.packet(64, 3), 1514)
                .record(4_294_967_295L, 0, PcapBuilder.packet(big, 4))
                .record(0L, nanosecond ? 500_000_000L : 500_000L, PcapBuilder.packet(42, 5))
                .build();
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : CaptureIo.testdata().resolve("pcap");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}
