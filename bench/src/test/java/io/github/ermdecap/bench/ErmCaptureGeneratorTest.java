// SPDX-License-Identifier: Apache-2.0
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
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.DecapResult;
import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.erm.ErmDecapsulator;
import io.github.ermdecap.erm.Outcome;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(CaptureFormat.class)
    void sameSeedGivesTheSameBytes(CaptureFormat format) throws Exception {
        byte[] first = sha256(generate(format, 7, SIZE));
        byte[] second = sha256(generate(format, 7, SIZE));
        assertArrayEquals(first, second);
        assertFalse(MessageDigest.isEqual(first, sha256(generate(format, 8, SIZE))),
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
    @CsvSource({"PCAP, 1", "PCAP, 2", "PCAPNG, 3", "PCAPNG, 4"})
    void theReaderReadsEveryRecordInTimeOrder(CaptureFormat format, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErmCaptureGenerator.Summary s = ErmCaptureGenerator.generate(out, format, seed, SIZE);
        TrafficCensus census = new TrafficCensus();
        long previous = -1;
        try (CaptureReader in = CaptureReader.open(new ByteArrayInputStream(out.toByteArray()), "gen",
                ReadLimits.DEFAULT)) {
            assertEquals(format, in.format());
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

    @ParameterizedTest
    @EnumSource(CaptureFormat.class)
    void theEngineDecapsulatesEveryErmRecordAndNothingElse(CaptureFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErmCaptureGenerator.Summary s = ErmCaptureGenerator.generate(out, format, 11, SIZE);
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withPorts(7932, 7933));
        try (CaptureReader in = CaptureReader.open(new ByteArrayInputStream(out.toByteArray()), "gen",
                ReadLimits.DEFAULT)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                DecapResult d = engine.decapsulate(r);
                assertFalse(d.outcome().malformed(), "record " + r.recordNumber() + ": " + d.outcome());
                assertEquals(d.decapsulated() ? r.capturedLength() - 54 : r.capturedLength(), d.length());
            }
        }
        DecapStats stats = engine.stats();
        assertEquals(s.records(), stats.records());
        assertEquals(s.ermRecords(), stats.count(Outcome.DECAPSULATED));
        assertEquals(s.ermRecords(), stats.decapsulatedAtDepth(1));
        double share = (double) s.ermRecords() / s.records();
        assertTrue(share > 0.93 && share < 0.97, "decapsulated share: " + share + " (expected: about 0.95)");
        assertEquals(5, stats.sessions().size(), "switch sessions");
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
