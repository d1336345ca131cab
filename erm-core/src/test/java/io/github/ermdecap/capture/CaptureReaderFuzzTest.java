// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ermdecap.capture.PcapngBuilder.Option;
import io.github.ermdecap.fuzz.FuzzInputs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link CaptureReader#open}: the pcap reader, the pcapng reader, and both
 * behind gzip. In the normal build the inputs under {@code CaptureReaderFuzzTestInputs/} are replayed; with
 * {@code JAZZER_FUZZ=1} ({@code src/test/fuzz/run.sh}) Jazzer mutates them.
 *
 * <p>An input is one control byte, then the capture: bit 0 of the control byte gzip-compresses the capture
 * before it is read (so the fuzzer mutates the uncompressed bytes), bit 1 reads it with tight limits. The
 * {@code pcap} target writes a pcap magic over the first 4 bytes when they hold none (bits 2-3 choose which),
 * the {@code pcapng} target a Section Header Block type, so each stays in its reader.
 *
 * <p>Checked for every input: only {@link CaptureFormatException} escapes, never another exception or
 * error (an {@code OutOfMemoryError} under the small heap of {@code run.sh} included); every record's bytes
 * lie inside its array and within the limits; its timestamp is normalised; record numbers count from 1 and
 * byte offsets only grow; the record's interface is one the reader lists.
 */
public class CaptureReaderFuzzTest {
    /** Limits a fuzzer can reach in a few mutations; what memory one reader may use stays small. */
    static final ReadLimits TIGHT = ReadLimits.DEFAULT.withMaxCapturedLength(4096).withMaxOptionsLength(1024)
            .withMaxSkippedBlockLength(1 << 16).withMaxInterfaces(16);
    /** Bounded, but large enough for every seed. */
    static final ReadLimits FUZZ = ReadLimits.DEFAULT.withMaxCapturedLength(65_536).withMaxOptionsLength(8192)
            .withMaxSkippedBlockLength(1 << 20).withMaxInterfaces(256);

    private static final int[] PCAP_MAGICS = {
        0xD4C3B2A1, // microseconds, little-endian (as stored)
        0xA1B2C3D4, // microseconds, big-endian
        0x4D3CB2A1, // nanoseconds, little-endian
        0xA1B23C4D, // nanoseconds, big-endian
    };
    private static final int SHB = 0x0A0D0D0A;

    @FuzzTest
    void pcap(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] file = capture(input);
        if (file.length >= 4 && !PcapReader.matches(file) && !gzipped(file)) {
            put32(file, PCAP_MAGICS[(input[0] >> 2) & 3]);
        }
        readAll(input[0], file);
    }

    @FuzzTest
    void pcapng(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] file = capture(input);
        if (file.length >= 4 && !PcapngReader.matches(file) && !gzipped(file)) {
            put32(file, SHB);
        }
        readAll(input[0], file);
    }

    private static byte[] capture(byte[] input) {
        return java.util.Arrays.copyOfRange(input, 1, input.length);
    }

    /** Raw gzip input (a compressed seed) is left alone, so that damaged gzip streams are fuzzed too. */
    private static boolean gzipped(byte[] file) {
        return (file[0] & 0xFF) == 0x1F && (file[1] & 0xFF) == 0x8B;
    }

    private static void put32(byte[] b, int v) {
        b[0] = (byte) (v >>> 24);
        b[1] = (byte) (v >>> 16);
        b[2] = (byte) (v >>> 8);
        b[3] = (byte) v;
    }

    /** Reads a capture to its end with the control byte's options, checking every record. */
    static void readAll(byte control, byte[] file) throws IOException {
        boolean gzip = (control & 1) != 0;
        ReadLimits limits = (control & 2) != 0 ? TIGHT : FUZZ;
        InputStream in = new ByteArrayInputStream(gzip ? gzip(file) : file);
        try (CaptureReader reader = CaptureReader.open(in, "fuzz", limits)) {
            boolean compressed = gzip || (file.length >= 2 && gzipped(file));
            if (reader.compressed() != compressed) {
                throw new AssertionError("compressed() is " + reader.compressed() + " (expected: " + compressed
                        + ")");
            }
            long lastOffset = -1;
            for (PacketRecord r; (r = reader.next()) != null; ) {
                check(reader, r, limits, lastOffset);
                lastOffset = r.byteOffset();
            }
        } catch (CaptureFormatException expected) {
            // damage is reported with this exception, and only with it
            if (expected.getMessage() == null || expected.getMessage().isEmpty()) {
                throw new AssertionError("a capture exception without a message", expected);
            }
        }
    }

    static void check(CaptureReader reader, PacketRecord r, ReadLimits limits, long lastOffset) {
        byte[] a = r.array();
        int caplen = r.capturedLength();
        if (r.offset() < 0 || caplen < 0 || r.offset() > a.length - caplen) {
            fail(r, "bytes " + r.offset() + "+" + caplen + " outside an array of " + a.length);
        }
        if (caplen > limits.maxCapturedLength()) {
            fail(r, "captured length " + caplen + " above the limit " + limits.maxCapturedLength());
        }
        if (r.originalLength() < 0 || r.originalLength() > 0xFFFF_FFFFL) {
            fail(r, "original length " + r.originalLength() + " is not a 32-bit unsigned field");
        }
        if (r.nanos() < 0 || r.nanos() > 999_999_999) {
            fail(r, "nanos " + r.nanos());
        }
        if (r.recordNumber() != reader.recordCount()) {
            fail(r, "record number " + r.recordNumber() + " (expected: " + reader.recordCount() + ")");
        }
        if (r.byteOffset() <= lastOffset || r.byteOffset() >= reader.position()) {
            fail(r, "byte offset " + r.byteOffset() + " (previous record at " + lastOffset + ", position "
                    + reader.position() + ")");
        }
        List<InterfaceInfo> interfaces = reader.interfaces();
        if (r.iface() == null || r.interfaceId() < 0 || r.interfaceId() >= interfaces.size()
                || interfaces.get(r.interfaceId()) != r.iface()) {
            fail(r, "interface " + r.iface() + " is not among the reader's " + interfaces.size());
        }
        r.comments().forEach(c -> {
            if (c == null) {
                fail(r, "null comment");
            }
        });
    }

    private static void fail(PacketRecord r, String what) {
        throw new AssertionError("record " + r.recordNumber() + " at byte " + r.byteOffset() + ": " + what);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /**
     * Writes the seeds: the golden files of {@code testdata/} (args[1]) as they are, gzip-compressed by the
     * target and with tight limits, and captures made by {@link PcapBuilder} and {@link PcapngBuilder}.
     */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        Path testdata = Path.of(args[1]);
        FuzzInputs pcap = FuzzInputs.of(resources, CaptureReaderFuzzTest.class, "pcap");
        FuzzInputs pcapng = FuzzInputs.of(resources, CaptureReaderFuzzTest.class, "pcapng");
        for (String dir : new String[] {"pcap", "pcapng"}) {
            FuzzInputs target = dir.equals("pcap") ? pcap : pcapng;
            try (var files = Files.list(testdata.resolve(dir))) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".md")) {
                        continue;
                    }
                    byte[] b = Files.readAllBytes(f);
                    target.put("testdata-" + name, FuzzInputs.prefixed(0, b));
                    if (name.equals("le-micro-ethernet.pcap") || name.equals(PcapngGoldenFiles.TWO_SECTIONS)) {
                        target.put("testdata-" + name + "-gzip", FuzzInputs.prefixed(1, b));
                    }
                    if (name.equals("le-nano-sll.pcap") || name.equals(PcapngGoldenFiles.COMMENTS_FLAGS)) {
                        target.put("testdata-" + name + "-tight", FuzzInputs.prefixed(2, b));
                    }
                }
            }
        }
        pcap.put("testdata-sample-erm.pcap", FuzzInputs.prefixed(0, Files.readAllBytes(
                testdata.resolve("sample-erm.pcap"))));
        pcapSeeds(pcap);
        pcapngSeeds(pcapng);
    }

    private static void pcapSeeds(FuzzInputs pcap) {
        pcap.put("built-be-nano-fcs", FuzzInputs.prefixed(0,
                PcapBuilder.header(ByteOrder.BIG_ENDIAN, true, 65535, 0x3000_0001)
                        .record(1_700_000_000L, 999_999_999L, PcapBuilder.packet(60, 1))
                        .record(1_700_000_001L, 1_500_000_000L, PcapBuilder.packet(64, 2), 1514)
                        .build()));
        pcap.put("built-le-micro-caplen-above-len", FuzzInputs.prefixed(0,
                PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 96, LinkType.LINUX_SLL)
                        .record(0, 0, PcapBuilder.packet(40, 3), 20)
                        .record(0xFFFF_FFFFL, 0xFFFF_FFFFL, new byte[0], 0)
                        .build()));
        pcap.put("built-le-micro-raw-truncated", FuzzInputs.prefixed(2,
                PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 262144, LinkType.RAW)
                        .record(1, 2, PcapBuilder.packet(100, 4))
                        .raw(new byte[] {1, 0, 0, 0, 2, 0, 0, 0, (byte) 0xE8, 3, 0, 0})
                        .build()));
    }

    private static void pcapngSeeds(FuzzInputs pcapng) {
        byte[] frame = PcapBuilder.packet(60, 5);
        pcapng.put("built-options", FuzzInputs.prefixed(0, new PcapngBuilder()
                .shb(false, Option.comment("fuzz"), Option.string(2, "hw"), Option.string(3, "os"),
                        Option.string(4, "app"))
                .idb(LinkType.ETHERNET, 65535, Option.string(2, "eth0"), Option.string(3, "uplink"),
                        Option.u8(9, 9), Option.u8(13, 4), Option.i64(14, 1_600_000_000L))
                .idb(LinkType.LINUX_SLL2, 0, Option.u8(9, 0x94))
                .epb(0, 1_700_000_000_123_456_789L, frame, 1514, Option.comment("one"), Option.comment("two"),
                        Option.u32(2, 0x82))
                .epb(1, 1L << 40, frame)
                .bytes()));
        pcapng.put("built-every-block", FuzzInputs.prefixed(0, new PcapngBuilder()
                .shb(true)
                .idb(LinkType.RAW, 128, Option.u8(9, 3))
                .spb(200, PcapBuilder.packet(128, 6))
                .opb(0, 5, 123_456L, frame, 70, Option.u32(2, 1))
                .nrb(new byte[] {10, 0, 0, 1}, "host")
                .isb(0, 99, 7)
                .dsb("CLIENT_RANDOM 00 11")
                .custom(PcapngBuilder.CUSTOM, 32473, new byte[] {1, 2, 3})
                .custom(PcapngBuilder.CUSTOM_NO_COPY, 32473, new byte[] {4})
                .unknown(0x7777, new byte[] {9, 9, 9, 9})
                .shb(false)
                .idb(LinkType.NULL, 65535)
                .epb(0, 0, frame)
                .bytes()));
        pcapng.put("built-lying-option", FuzzInputs.prefixed(2, new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 65535, Option.lying(2, 4000, new byte[] {'e', 't', 'h'}))
                .epb(0, 1, frame)
                .bytes()));
    }
}
