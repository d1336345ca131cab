// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.VlanMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file converted into a file (mapped input, gathering writes of slices of the mapping on a writer thread, a
 * sync thread) gives the same bytes and the same result as the same capture converted as a stream (read
 * ahead, copied into the writer's buffer): intact, cut short, or with 64 random bytes in the middle (damage
 * or not, as the stream says), pcap and pcapng, small and across several windows of the mapping.
 */
class MappedConversionTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, flows {1}, pcapng {2}, damage {3}")
    @CsvSource({
        "1, 300, false, none", "2, 300, true, none", "3, 300, false, cut", "4, 300, true, cut",
        "5, 300, false, garbage", "6, 300, true, garbage", "7, 30000, false, none", "8, 30000, true, cut",
    })
    void aMappedFileConvertsAsTheSameBytesAsAStream(long seed, int flows, boolean pcapng, String damage)
            throws IOException {
        byte[] capture = new FlowCaptures(seed, flows).write(pcapng);
        Random random = new Random(seed);
        if (damage.equals("cut")) {
            capture = Arrays.copyOf(capture, capture.length / 2 + random.nextInt(capture.length / 3));
        } else if (damage.equals("garbage")) {
            int at = capture.length / 3 + random.nextInt(capture.length / 3);
            for (int i = 0; i < 64 && at + i < capture.length; i++) {
                capture[at + i] = (byte) random.nextInt();
            }
        }
        String name = pcapng ? "in.pcapng" : "in.pcap";
        Path in = Files.write(dir.resolve(name), capture);
        Path out = dir.resolve(pcapng ? "out.pcapng" : "out.pcap");
        Conversion c = new Conversion(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED));

        ConversionResult mapped = c.convert(in, out);

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ConversionResult s;
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(capture), name, ReadLimits.DEFAULT)) {
            s = c.run(r, streamed, pcapng ? CaptureFormat.PCAPNG : CaptureFormat.PCAP, "out");
        }
        assertArrayEquals(streamed.toByteArray(), Files.readAllBytes(out));
        assertEquals(s.recordsRead(), mapped.recordsRead());
        assertEquals(s.recordsWritten(), mapped.recordsWritten());
        assertEquals(s.decapsulated(), mapped.decapsulated());
        assertEquals(s.inputError() == null, mapped.inputError() == null, String.valueOf(mapped.inputError()));
        if (damage.equals("cut")) {
            assertTrue(mapped.inputError() != null, "a capture cut short is damage");
        }
        if (s.inputError() != null) {
            // the same damage at the same record and byte, named after the file instead of the stream
            assertEquals(s.inputError().getMessage().substring(name.length()),
                    mapped.inputError().getMessage().substring(in.toString().length()));
        }
        assertTrue(mapped.recordsWritten() > 0);
        if (flows > 10_000) {
            assertTrue(capture.length > 32 << 20 || damage.equals("cut") && capture.length > 16 << 20,
                    "more than one window of the mapping (16 MiB): " + capture.length + " bytes");
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left beside the output");
        }
    }

    /**
     * Another program cuts the input, inside a record and far below the records being read, while it is
     * converted. Either the records waiting to be written from the mapping were already out (the output keeps
     * every record read, then the cut is located damage), or their write failed and the file was converted
     * again as it now is (the records before the cut, then its truncated record). Never a crash, a half file
     * or an output failure.
     */
    @ParameterizedTest(name = "pcapng {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void anInputCutWhileItIsConvertedKeepsARecordPrefixAndReportsTheCut(boolean pcapng) throws IOException {
        byte[] capture = new FlowCaptures(9, 30000).write(pcapng);
        String name = pcapng ? "in.pcapng" : "in.pcap";
        Path in = Files.write(dir.resolve(name), capture);
        Path out = dir.resolve(pcapng ? "out.pcapng" : "out.pcap");
        long cut = capture.length / 5 + 3;
        boolean[] done = {false};
        Conversion c = new Conversion(DecapOptions.DEFAULT).withProgress((bytes, records) -> {
            if (!done[0] && bytes > capture.length / 2) {
                done[0] = true;
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(in,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(cut);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, 1000);

        ConversionResult r = c.convert(in, out);

        assertTrue(done[0]);
        assertTrue(r.inputError() != null, "the cut is reported");
        String message = r.inputError().getMessage();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ConversionResult s;
        byte[] source = message.contains("the file was cut to " + cut + " bytes by another program")
                ? capture                                  // every record read was written: the whole file's prefix
                : Arrays.copyOf(capture, (int) cut);      // converted again from what the file holds now
        try (CaptureReader reader = RecordSelection.ALL.withLimit(r.recordsRead()).select(
                CaptureReader.open(new ByteArrayInputStream(source), name, ReadLimits.DEFAULT))) {
            s = new Conversion(DecapOptions.DEFAULT)
                    .run(reader, expected, pcapng ? CaptureFormat.PCAPNG : CaptureFormat.PCAP, "out");
        }
        assertEquals(s.recordsWritten(), r.recordsWritten(), message);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out), message);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left beside the output");
        }
    }
}
