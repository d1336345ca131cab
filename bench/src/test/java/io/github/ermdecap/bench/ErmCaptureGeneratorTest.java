package io.github.ermdecap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.ReadLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErmCaptureGeneratorTest {
    private static final int SIZE = 2 << 20;

    static byte[] generate(CaptureFormat format, long seed, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErmCaptureGenerator.generate(out, format, seed, size);
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] b) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void sameSeedGivesTheSameBytes() throws Exception {
        byte[] first = sha256(generate(CaptureFormat.PCAP, 7, SIZE));
        byte[] second = sha256(generate(CaptureFormat.PCAP, 7, SIZE));
        assertArrayEquals(first, second);
        assertFalse(MessageDigest.isEqual(first, sha256(generate(CaptureFormat.PCAP, 8, SIZE))),
                "another seed, another capture");
    }

    @Test
    void writesAboutTheRequestedSize() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErmCaptureGenerator.Summary s = ErmCaptureGenerator.generate(out, CaptureFormat.PCAP, 1, SIZE);
        assertEquals(out.size(), s.bytes());
        assertTrue(s.bytes() >= SIZE && s.bytes() < SIZE + 16 + ErmTraffic.MAX_FRAME, "bytes: " + s.bytes());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theReaderReadsEveryRecordInTimeOrder(long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErmCaptureGenerator.Summary s = ErmCaptureGenerator.generate(out, CaptureFormat.PCAP, seed, SIZE);
        TrafficCensus census = new TrafficCensus();
        long previous = -1;
        try (CaptureReader in = CaptureReader.open(new ByteArrayInputStream(out.toByteArray()), "gen",
                ReadLimits.DEFAULT)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                long t = r.epochSecond() * 1_000_000_000L + r.nanos();
                assertTrue(t > previous, "record " + r.recordNumber() + " goes back in time");
                previous = t;
                assertEquals(LinkType.ETHERNET, r.linkType());
                assertEquals(r.capturedLength(), r.originalLength());
                census.add(r.array(), r.offset(), r.capturedLength());
            }
            assertEquals(s.records(), in.recordCount());
        }
        assertEquals(s.records(), census.records);
        assertEquals(s.ermRecords(), census.erm, "ERM records");
        census.assertRealistic();
    }

    @Test
    void theCommandLineWritesAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g.pcap");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ErmCaptureGenerator.run(new String[] {"--size", "1M", "--seed", "5", "--out", file.toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(generate(CaptureFormat.PCAP, 5, 1 << 20), Files.readAllBytes(file));
    }

    @Test
    void badArgumentsGiveUsageAndExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ErmCaptureGenerator.run(new String[] {"--size", "12X", "--out", "-"},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("ErmCaptureGenerator: --size: 12X (expected:"), message);
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(1536, GeneratorOptions.parseSize("1536"));
        assertEquals(100L << 20, GeneratorOptions.parseSize("100M"));
        assertEquals(1L << 30, GeneratorOptions.parseSize("1G"));
        assertEquals(6L << 30, GeneratorOptions.parseSize("6GiB"));
        assertEquals(GeneratorOptions.STREAM_SIZE,
                GeneratorOptions.parse(new String[] {"--stream"}).size());
        assertTrue(GeneratorOptions.STREAM_SIZE > 5_000_000_000L);
    }
}
