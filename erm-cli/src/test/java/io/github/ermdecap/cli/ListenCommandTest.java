// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code erm-decap listen} through the real command, on 127.0.0.1: what it writes equals offline conversion. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenCommandTest {
    static final Path SAMPLE = Path.of(System.getProperty("erm.testdata.dir", "../testdata"), "sample-erm.pcap");

    @TempDir
    Path dir;

    @Test
    void framesEqualTheOfflineConversionOfTheCapture() throws Exception {
        List<byte[]> payloads = Listener.ermPayloads(SAMPLE, 7932, 7933);
        assertTrue(payloads.size() > 10, "sample has ERM: " + payloads.size());
        Path offline = dir.resolve("offline.pcap");
        new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933).withMaxDepth(1)
                        .withNonErmPolicy(NonErmPolicy.DROP))
                .convert(SAMPLE, offline);
        Path live = dir.resolve("live.pcap");
        try (Listener l = Listener.start("-w", live.toString(), "-c", Integer.toString(payloads.size()), "--depth", "1", "-q")) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
        }
        assertEquals(decapsulatedOnly(offline), Listener.frames(live));
        try (var in = io.github.ermdecap.capture.CaptureReader.open(live)) {
            assertEquals(9, in.next().iface().tsresol(), "nanosecond pcap");
        }
    }

    @Test
    void theJdkChannelFallbackWritesTheSameFramesAndSaysWhereTimestampsComeFrom() throws Exception {
        List<byte[]> payloads = Listener.ermPayloads(SAMPLE, 7932, 7933);
        Path offline = dir.resolve("offline.pcap");
        new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933).withMaxDepth(1)
                .withNonErmPolicy(NonErmPolicy.DROP)).convert(SAMPLE, offline);
        Path live = dir.resolve("fallback.pcap");
        Path stats = dir.resolve("fallback.json");
        System.setProperty("erm.decap.recvmmsg", "false");
        try (Listener l = Listener.start("-w", live.toString(), "-c", Integer.toString(payloads.size()), "--depth",
                "1", "--stats", stats.toString())) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
            assertTrue(l.err.toString().contains("timestamps: clock at receipt"), l.err.toString());
        } finally {
            System.clearProperty("erm.decap.recvmmsg");
        }
        assertEquals(decapsulatedOnly(offline), Listener.frames(live));
        assertTrue(Files.readString(stats).contains("\"timestamps\": \"clock at receipt\""));
    }

    @Test
    void nestedErmOnTheListenedPortIsRemovedUpToTheDepth() throws Exception {
        int port = Listener.freeUdpPort();
        byte[] frame = Fixtures.inner(1, 2, 20);
        byte[] twice = Fixtures.erm(1, port, 10, false, frame);       // a switch mirrored another's ERM stream
        Path out = dir.resolve("n.pcap");
        try (Listener l = Listener.startOn(port, new ByteArrayOutputStream(), "-w", out.toString(), "-c", "1", "-q")) {
            l.send(List.of(erm(twice)));
            assertEquals(0, l.await(), l.err.toString());
        }
        assertEquals(List.of(Listener.frame(frame, 0, frame.length, frame.length)), Listener.frames(out));
    }

    @Test
    void pcapngByExtension() throws Exception {
        List<byte[]> payloads = Listener.ermPayloads(SAMPLE, 7932, 7933);
        Path offline = dir.resolve("offline.pcapng");
        new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933).withMaxDepth(1)
                        .withNonErmPolicy(NonErmPolicy.DROP))
                .convert(SAMPLE, offline);
        Path live = dir.resolve("live.pcapng");
        try (Listener l = Listener.start("-w", live.toString(), "-c", Integer.toString(payloads.size()), "--depth", "1", "-q")) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
        }
        assertEquals(decapsulatedOnly(offline), Listener.frames(live));
    }

    @Test
    void stdoutStreamIsFlushedWhileIdle() throws Exception {
        List<byte[]> payloads = Listener.ermPayloads(SAMPLE, 7932, 7933).subList(0, 3);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (Listener l = Listener.start(stdout, "-w", "-", "-q")) {
            l.send(payloads);
            int expected = 24;
            for (byte[] p : payloads) {
                expected += 16 + p.length - 12;
            }
            long deadline = System.currentTimeMillis() + 3000;
            while (stdout.size() < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(expected, stdout.size(), "the 3 frames reached stdout while the command still runs");
            assertEquals(0, l.stopAndAwait());
        }
    }

    @Test
    void statsHaveTheFixedTopLevelKeysAndAllowRefuses() throws Exception {
        List<byte[]> payloads = Listener.ermPayloads(SAMPLE, 7932, 7933).subList(0, 5);
        Path stats = dir.resolve("stats.json");
        Path out = dir.resolve("a.pcap");
        try (Listener l = Listener.start("-w", out.toString(), "--allow", "10.0.0.0/8,2001:db8::/32", "-c", "5",
                "--stats", stats.toString(), "-q")) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
        }
        String json = Files.readString(stats);
        assertTrue(json.startsWith("{\"received\": 5, "), json);
        assertTrue(json.contains("\"kernel_drops\": 0"), json);
        assertTrue(json.contains("\"refused\": 5"), json);
        assertTrue(json.contains("\"127.0.0.1\": {\"refused\": 5, \"not_erm\": 0}"), json);
        assertEquals(List.of(), Listener.frames(out));
        try (Listener l = Listener.start("-w", out.toString(), "--allow", "127.0.0.0/8", "-c", "5", "-q")) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
        }
        assertEquals(5, Listener.frames(out).size());
    }

    @Test
    void hostileDatagramsAreCountedNeverWritten() throws Exception {
        List<byte[]> hostile = new ArrayList<>();
        hostile.add(new byte[0]);
        hostile.add(new byte[5]);
        hostile.add(new byte[11]);
        hostile.add(new byte[25]);                       // ERM header and 13 bytes: no inner Ethernet header
        int port = Listener.freeUdpPort();
        byte[] frame = Fixtures.inner(1, 2, 20);
        byte[] nested = frame;
        for (int i = 0; i < 100; i++) {                  // ERM inside ERM, 100 deep
            nested = Fixtures.erm(1, port, 10, false, nested);
        }
        hostile.add(erm(nested));
        byte[] hugeUdp = Fixtures.erm(1, port, 10, false, frame);
        Fixtures.put16(hugeUdp, 14 + 20 + 4, 65535);     // inner ERM layer's UDP length: far beyond the frame
        hostile.add(erm(hugeUdp));
        hostile.add(new byte[65507]);                    // the largest IPv4 UDP payload, all zero
        Path out = dir.resolve("h.pcap");
        Path stats = dir.resolve("h.json");
        try (Listener l = Listener.startOn(port, new ByteArrayOutputStream(), "-w", out.toString(), "-c",
                Integer.toString(hostile.size()),
                "--stats", stats.toString(), "-q")) {
            l.send(hostile);
            assertEquals(0, l.await(), l.err.toString());
        }
        String json = Files.readString(stats);
        assertTrue(json.contains("\"received\": 7"), json);
        assertTrue(json.contains("\"not_erm\": 4"), json);
        assertTrue(json.contains("\"decapsulated\": 3"), json);
        List<String> frames = Listener.frames(out);
        assertEquals(3, frames.size());
        assertTrue(json.contains("\"decapsulated_at_depth\":{\"1\":2,\"4\":1}"), json);
    }

    /**
     * The frames of an offline conversion that were decapsulated: malformed ERM records are kept offline,
     * unchanged, but a datagram that is not ERM is never written live.
     */
    static List<String> decapsulatedOnly(Path offline) throws Exception {
        List<String> input = Listener.frames(SAMPLE);
        List<String> out = new ArrayList<>(Listener.frames(offline));
        out.removeIf(input::contains);
        return out;
    }

    /** An ERM payload (12-byte header, VLAN 10) around a frame. */
    static byte[] erm(byte[] frame) {
        byte[] p = new byte[12 + frame.length];
        Fixtures.put32(p, 8, 10 << 8);
        System.arraycopy(frame, 0, p, 12, frame.length);
        return p;
    }
}
