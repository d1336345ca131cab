// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.ReadLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.github.ermdecap.cli.Fixtures.erm;
import static io.github.ermdecap.cli.Fixtures.inner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code erm-decap IN OUT}: output bytes against independently built golden bytes, formats and options. */
class ConvertCommandTest {
    /** Inner frames of the mixed fixture, in order. */
    static final byte[] A = inner(6, 5, 30);
    static final byte[] PLAIN = inner(7, 8, 20);
    static final byte[] B = inner(5, 6, 40);
    static final byte[] NESTED = inner(9, 10, 25);
    static final byte[] C = inner(11, 12, 10);

    /** ERM from two switches, VLANs 10/20, a plain frame, ERM inside ERM, and ERM on port 7933. */
    static List<byte[]> mixed() {
        return List.of(
                erm(1, 7932, 10, false, A),
                PLAIN,
                erm(2, 7932, 20, true, B),
                erm(1, 7932, 10, false, erm(3, 7932, 30, false, NESTED)),
                erm(1, 7933, 10, false, C));
    }

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] expectedPcap(boolean nanos, List<byte[]> frames) {
        return Fixtures.pcap(nanos, LinkType.ETHERNET, frames);
    }

    @Test
    void goldenPcap() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        Cli r = Cli.run(in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(0, r.code, r::toString);
        List<byte[]> expected = List.of(A, PLAIN, B, NESTED, mixed().get(4));
        assertArrayEquals(expectedPcap(false, expected), Files.readAllBytes(dir.resolve("out.pcap")));
        assertEquals(List.of("in.pcap", "out.pcap"), names(dir), "no temporary file left behind");
    }

    @Test
    void summaryNamesCountsDepthsOutcomesAndSessions() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        Cli r = Cli.run(in.toString(), dir.resolve("out.pcap").toString());
        assertTrue(r.err.matches("(?s).*records read\\s+5\\n.*"), r.err);
        assertTrue(r.err.matches("(?s).*decapsulated\\s+3 \\(depth 1: 2, depth 2: 1\\).*"), r.err);
        assertTrue(r.err.matches("(?s).*passed through\\s+2\\n.*"), r.err);
        assertTrue(r.err.matches("(?s).*dropped\\s+0\\n.*"), r.err);
        assertTrue(r.err.matches("(?s).*not_erm_port\\s+2\\n.*"), r.err);
        assertTrue(r.err.contains("10.1.0.1 port 7932: 2 packets"), r.err);
        assertTrue(r.err.contains("10.1.0.2 port 7932: 1 packets"), r.err);
        assertTrue(r.err.matches("(?s).*elapsed [0-9.]+ s, .* records/s.*"), r.err);
    }

    @Test
    void nanosecondInputStaysNanosecond() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(true, LinkType.ETHERNET, mixed()));
        Cli r = Cli.run(in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(0, r.code, r::toString);
        List<byte[]> expected = List.of(A, PLAIN, B, NESTED, mixed().get(4));
        assertArrayEquals(expectedPcap(true, expected), Files.readAllBytes(dir.resolve("out.pcap")));
    }

    @Test
    void stdinToStdout() {
        Cli r = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, mixed()), "-", "-");
        assertEquals(0, r.code, r::toString);
        assertArrayEquals(expectedPcap(false, List.of(A, PLAIN, B, NESTED, mixed().get(4))), r.stdout);
        assertTrue(r.err.contains("- -> - (pcap)"), r.err);
    }

    @Test
    void quietPrintsNothing() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        Cli r = Cli.run("-q", in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(0, r.code);
        assertEquals("", r.err);
        assertEquals("", r.out);
    }

    @Test
    void dropOtherKeepsOnlyDecapsulatedFrames() {
        Cli r = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, mixed()), "--drop-other", "-", "-");
        assertEquals(0, r.code, r::toString);
        assertArrayEquals(Fixtures.pcap(false, LinkType.ETHERNET, new int[] {0, 2, 3}, List.of(A, B, NESTED)),
                r.stdout);
        assertTrue(r.err.matches("(?s).*dropped\\s+2\\n.*"), r.err);
    }

    @Test
    void portListReplacesTheDefault() {
        Cli r = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, mixed()), "-p", "7933", "--drop-other", "-", "-");
        assertEquals(0, r.code, r::toString);
        assertArrayEquals(Fixtures.pcap(false, LinkType.ETHERNET, new int[] {4}, List.of(C)), r.stdout);
        Cli both = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, mixed()), "--port", "7932,7933", "-", "-");
        assertArrayEquals(expectedPcap(false, List.of(A, PLAIN, B, NESTED, C)), both.stdout);
    }

    @Test
    void autoFindsErmOnAnyPort() {
        Cli r = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, mixed()), "-p", "auto", "-", "-");
        assertEquals(0, r.code, r::toString);
        assertArrayEquals(expectedPcap(false, List.of(A, PLAIN, B, NESTED, C)), r.stdout);
        assertTrue(r.err.contains("auto-detected ERM ports: [7932, 7933]") || r.err.contains("7933"), r.err);
    }

    @Test
    void depthOneRemovesOneLayer() {
        Cli r = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, mixed()), "--depth", "1", "-", "-");
        assertEquals(0, r.code, r::toString);
        byte[] once = erm(3, 7932, 30, false, NESTED);
        assertArrayEquals(expectedPcap(false, List.of(A, PLAIN, B, once, mixed().get(4))), r.stdout);
    }

    @Test
    void vlanAlwaysInsertsTheTag() throws IOException {
        Cli r = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, List.of(erm(1, 7932, 10, false, A))),
                "--vlan", "always", "-", "-");
        assertEquals(0, r.code, r::toString);
        byte[] frame = only(r.stdout);
        assertEquals(A.length + 4, frame.length);
        assertEquals(0x81, frame[12] & 0xFF);
        assertEquals(0x00, frame[13] & 0xFF);
        assertEquals(10, ((frame[14] & 0x0F) << 8) | (frame[15] & 0xFF), "VLAN id");
        Cli tagged = Cli.run(Fixtures.pcap(false, LinkType.ETHERNET, List.of(erm(1, 7932, 10, false, A))),
                "--vlan", "TAGGED", "-", "-");
        assertArrayEquals(A, only(tagged.stdout), "is_tagged clear: no tag");
    }

    @Test
    void pcapngByOptionByExtensionAndGzip() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(true, LinkType.ETHERNET, mixed()));
        assertEquals(0, Cli.run("-F", "pcapng", in.toString(), dir.resolve("a.out").toString()).code);
        assertEquals(0, Cli.run(in.toString(), dir.resolve("b.pcapng").toString()).code);
        assertEquals(0, Cli.run(in.toString(), dir.resolve("c.pcapng.gz").toString()).code);
        assertEquals(0, Cli.run(in.toString(), dir.resolve("d.out").toString()).code);
        for (String name : List.of("a.out", "b.pcapng", "c.pcapng.gz")) {
            try (CaptureReader reader = CaptureReader.open(dir.resolve(name))) {
                assertEquals(CaptureFormat.PCAPNG, reader.format(), name);
                assertEquals(name.endsWith(".gz"), reader.compressed(), name);
                List<byte[]> frames = frames(reader);
                assertEquals(5, frames.size(), name);
                assertArrayEquals(NESTED, frames.get(3), name);
                assertArrayEquals(PLAIN, frames.get(1), name);
            }
        }
        try (CaptureReader reader = CaptureReader.open(dir.resolve("d.out"))) {
            assertEquals(CaptureFormat.PCAP, reader.format(), "no extension: the input's format");
        }
        byte[] gz = Files.readAllBytes(dir.resolve("c.pcapng.gz"));
        assertEquals(0x1f, gz[0] & 0xFF);
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertEquals(0x0A0D0D0A, java.nio.ByteBuffer.wrap(z.readNBytes(4)).getInt(), "pcapng SHB");
        }
    }

    @Test
    void pcapngOutputKeepsNanosecondsAndInterfaces() throws IOException {
        Cli r = Cli.run(Fixtures.pcap(true, LinkType.ETHERNET, mixed()), "-F", "pcapng", "-", "-");
        assertEquals(0, r.code, r::toString);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(r.stdout), "out", ReadLimits.DEFAULT)) {
            PacketRecord p = reader.next();
            assertEquals(Fixtures.BASE_SECONDS, p.epochSecond());
            assertEquals(7, p.nanos(), "nanosecond resolution kept");
            assertEquals(LinkType.ETHERNET, p.linkType());
        }
    }

    @Test
    void maxRecordBoundsTheInput() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        Cli r = Cli.run("--max-record", "100", in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("erm-decap: " + in + ": record 1 at byte 24: captured length"), r.err);
        assertTrue(r.err.contains("exceeds the limit 100"), r.err);
        assertArrayEquals(expectedPcap(false, List.of()), Files.readAllBytes(dir.resolve("out.pcap")),
                "finished, with nothing before the damage");
    }

    @Test
    void statsFileIsJson() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        Path stats = dir.resolve("stats.json");
        Cli r = Cli.run("-q", "--stats", stats.toString(), in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(0, r.code, r::toString);
        String json = Files.readString(stats).trim();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertTrue(json.contains("\"records_read\":5"), json);
        assertTrue(json.contains("\"records_written\":5"), json);
        assertTrue(json.contains("\"decapsulated\":3"), json);
        assertTrue(json.contains("\"passed_through\":2"), json);
        assertTrue(json.contains("\"exit_code\":0"), json);
        assertTrue(json.contains("\"format\":\"pcap\""), json);
        assertTrue(json.matches(".*\"stats\":\\{\"records\":5,.*\"not_erm_port\":2.*"), json);
        assertTrue(json.matches(".*\"sessions\":\\[\\{\"switch\":\"10\\.1\\.0\\.1\",\"port\":7932,\"packets\":2.*"),
                json);
        assertEquals(count(json, '{'), count(json, '}'), "balanced braces");
        assertEquals(count(json, '['), count(json, ']'), "balanced brackets");
    }

    @Test
    void statsToStdoutWhenTheCaptureGoesToAFile() throws IOException {
        Path in = write("in.pcap", Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        Cli r = Cli.run("-q", "--stats", "-", in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(new String(r.stdout, java.nio.charset.StandardCharsets.UTF_8).startsWith("{\"input\":"));
        Cli refused = Cli.run("--stats", "-", in.toString(), "-");
        assertEquals(2, refused.code, refused::toString);
    }

    static byte[] only(byte[] pcap) {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(pcap), "out", ReadLimits.DEFAULT)) {
            List<byte[]> frames = frames(reader);
            assertEquals(1, frames.size());
            return frames.get(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<byte[]> frames(CaptureReader reader) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (PacketRecord p; (p = reader.next()) != null; ) {
            out.add(Arrays.copyOfRange(p.array(), p.offset(), p.offset() + p.capturedLength()));
        }
        return out;
    }

    static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    static ByteArrayOutputStream sink() {
        return new ByteArrayOutputStream();
    }

    static boolean noStackTrace(String err) {
        return !err.contains("\tat ") && !err.contains("Exception in thread");
    }

    static void assertNoStackTrace(Cli r) {
        assertFalse(!noStackTrace(r.err), r::toString);
    }
}
