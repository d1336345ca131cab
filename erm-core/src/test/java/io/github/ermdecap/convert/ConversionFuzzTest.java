// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapngBuilder;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import io.github.ermdecap.erm.VlanMode;
import io.github.ermdecap.fuzz.FuzzInputs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzzing (Jazzer) of a whole conversion: capture bytes in, {@link Conversion#run} to pcap and
 * to pcapng, the output read back by our own reader.
 *
 * <p>An input is one control byte, then the capture. Control byte: bit 0 gzip-compresses the capture, bits
 * 1-2 the VLAN mode, bit 3 drops non-ERM records, bit 4 turns auto-detection on (ports 7932 and 7933 always).
 *
 * <p>Checked, for each output format: the conversion ends with a result, or with the documented usage error
 * when the output cannot hold the link type of a pcap input that keeps non-ERM records (pcap output: other
 * than Ethernet; pcapng output: above 65535); damage of the input is a
 * {@link CaptureFormatException} in {@link ConversionResult#inputError()}; every record read is written or
 * counted as dropped; the output reads back cleanly with exactly as many records as were written; every
 * output record's captured length is at most its original length when every input record's was; the input is
 * read as far as a plain reader reads it.
 */
public class ConversionFuzzTest {
    static final ReadLimits LIMITS = ReadLimits.DEFAULT.withMaxCapturedLength(65_536).withMaxOptionsLength(8192)
            .withMaxSkippedBlockLength(1 << 20).withMaxInterfaces(256);
    private static final VlanMode[] VLAN_MODES = {VlanMode.NEVER, VlanMode.TAGGED, VlanMode.ALWAYS, VlanMode.NEVER};

    @FuzzTest
    void convert(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        byte[] file = java.util.Arrays.copyOfRange(input, 1, input.length);
        if ((control & 1) != 0) {
            file = gzip(file);
        }
        DecapOptions options = DecapOptions.DEFAULT.withPorts(7932, 7933)
                .withVlanMode(VLAN_MODES[(control >> 1) & 3])
                .withNonErmPolicy((control & 8) != 0 ? NonErmPolicy.DROP : NonErmPolicy.PASS)
                .withAutoDetect((control & 16) != 0);
        Conversion conversion = new Conversion(options).withReadLimits(LIMITS);
        long[] plain = plainRead(file); // records, unsound records; -1 when not a capture
        if (plain[0] < 0) {
            return;
        }
        for (CaptureFormat format : CaptureFormat.values()) {
            convert(conversion, file, format, plain);
        }
    }

    /**
     * Reads the input with a plain reader: how many records, how many with caplen above len, and the number of the
     * first record whose timestamp classic pcap's unsigned 32-bit seconds cannot hold (0 when none).
     */
    private static long[] plainRead(byte[] file) throws IOException {
        long[] counts = new long[3];
        CaptureReader in;
        try {
            in = CaptureReader.open(new ByteArrayInputStream(file), "in", LIMITS);
        } catch (CaptureFormatException e) {
            return new long[] {-1, 0, 0};
        }
        try (in) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                counts[0]++;
                if (r.capturedLength() > r.originalLength()) {
                    counts[1]++;
                }
                if ((r.epochSecond() < 0 || r.epochSecond() > 0xFFFF_FFFFL) && counts[2] == 0) {
                    counts[2] = counts[0];
                }
            }
        } catch (CaptureFormatException e) {
            // the conversion stops at the same record
        }
        return counts;
    }

    private static void convert(Conversion conversion, byte[] file, CaptureFormat format, long[] plain)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversionResult r;
        try (CaptureReader in = conversion.open(new ByteArrayInputStream(file), "in")) {
            try {
                r = conversion.run(in, out, format, "out");
            } catch (ConversionException e) {
                if (e.exitCode() == ExitCode.USAGE && in.format() == CaptureFormat.PCAP
                        && conversion.options().nonErmPolicy() == NonErmPolicy.PASS) {
                    int linkType = in.interfaces().get(0).linkType();
                    if (format == CaptureFormat.PCAP ? linkType != LinkType.ETHERNET : linkType > 0xFFFF) {
                        return; // documented: the output format cannot hold that link type
                    }
                }
                throw new AssertionError(format + " output: " + e.getMessage(), e);
            }
        }
        String what = format + " output of " + r.recordsRead() + " records";
        if (r.inputError() != null && !(r.inputError() instanceof CaptureFormatException)) {
            throw new AssertionError(what + ": input error is not a capture exception", r.inputError());
        }
        // pcap output stops, as at damage, at the first kept record whose time it cannot hold: that record is
        // read, not written, and the conversion reports it as input damage (records dropped by policy never are)
        long unwritable = format == CaptureFormat.PCAP && plain[2] > 0 && r.inputError() != null
                && r.inputError().getMessage().contains("cannot be held by pcap")
                ? 1 : 0;
        if (unwritable > 0 && r.recordsRead() < plain[2]) {
            throw new AssertionError(what + ": stopped before record " + plain[2] + ", the first whose time pcap"
                    + " cannot hold: " + r.inputError().getMessage());
        }
        if (unwritable == 0 && r.recordsRead() != plain[0]) {
            throw new AssertionError(what + ": a plain reader reads " + plain[0]);
        }
        if (r.recordsRead() != r.recordsWritten() + r.droppedByPolicy() + r.droppedLinkType() + unwritable) {
            throw new AssertionError(what + ": " + r.recordsWritten() + " written, " + r.droppedByPolicy() + " + "
                    + r.droppedLinkType() + " dropped");
        }
        long records = 0;
        try (CaptureReader back = CaptureReader.open(new ByteArrayInputStream(out.toByteArray()), "out",
                ReadLimits.DEFAULT)) {
            if (back.format() != format) {
                throw new AssertionError(what + ": reads back as " + back.format());
            }
            for (PacketRecord b; (b = back.next()) != null; ) {
                records++;
                if (plain[1] == 0 && b.capturedLength() > b.originalLength()) {
                    throw new AssertionError(what + ": record " + records + " has captured length "
                            + b.capturedLength() + " above its original length " + b.originalLength());
                }
            }
        } catch (CaptureFormatException e) {
            throw new AssertionError(what + ": the output does not read back after " + records + " records", e);
        }
        if (records != r.recordsWritten()) {
            throw new AssertionError(what + ": " + records + " read back, " + r.recordsWritten() + " written");
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** Writes the seeds: the sample capture and golden files of {@code testdata/} (args[1]), and a generated pcapng. */
    public static void main(String[] args) throws IOException {
        FuzzInputs seeds = FuzzInputs.of(Path.of(args[0]), ConversionFuzzTest.class, "convert");
        Path testdata = Path.of(args[1]);
        byte[] sample = Files.readAllBytes(testdata.resolve("sample-erm.pcap"));
        seeds.put("sample-erm.pcap", FuzzInputs.prefixed(0, sample));
        seeds.put("sample-erm.pcap-gzip-tagged-drop", FuzzInputs.prefixed(1 | 2 | 8, sample));
        seeds.put("sample-erm.pcap-always-auto", FuzzInputs.prefixed(4 | 16, sample));
        for (String name : new String[] {"pcap/le-nano-sll.pcap", "pcap/be-micro-ethernet.pcap",
            "pcap/truncated-record-fail.pcap", "pcapng/two-sections-mixed-endian.pcapng",
            "pcapng/comments-flags.pcapng", "pcapng/interfaces-resolutions.pcapng"}) {
            seeds.put(name.replace('/', '-'), FuzzInputs.prefixed(0, Files.readAllBytes(testdata.resolve(name))));
        }
        FlowCaptures flows = new FlowCaptures(1, 3);
        PcapngBuilder b = new PcapngBuilder().shb(false)
                .idb(LinkType.ETHERNET, 65535, PcapngBuilder.Option.u8(9, 9))
                .idb(LinkType.LINUX_SLL, 0);
        for (int i = 0; i < Math.min(flows.frames.size(), 24); i++) {
            byte[] f = flows.frames.get(i);
            b.epb(i % 5 == 4 ? 1 : 0, 1_700_000_000_000_000_000L + i, f, f.length + (i % 3 == 0 ? 100 : 0),
                    PcapngBuilder.Option.comment("record " + i));
        }
        seeds.put("flows.pcapng", FuzzInputs.prefixed(2, b.bytes()));
    }
}
