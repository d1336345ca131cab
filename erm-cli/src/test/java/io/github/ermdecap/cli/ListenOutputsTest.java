// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.route.ShardRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation, SIGTERM, PCAP-over-IP with shards and splitting, through the real command on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenOutputsTest {
    @TempDir
    Path dir;

    /** {@code n} ERM payloads of inner UDP frames of about {@code size} bytes, from {@code flows} conversations. */
    static List<byte[]> traffic(int n, int size, int flows) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ListenCommandTest.erm(Fixtures.inner(1 + i % flows, 200 + i % flows, size)));
        }
        return out;
    }

    @Test
    void rotatesBySizeAndKeepsARingOfFiles() throws Exception {
        List<byte[]> payloads = traffic(2400, 1400, 4);            // about 3.5 MB of frames
        Path out = dir.resolve("s.pcap");
        try (Listener l = Listener.start("-w", out.toString(), "-C", "1", "-c", "2400", "-q")) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
        }
        List<Path> files = captures();
        assertEquals(List.of("s.1.pcap", "s.2.pcap", "s.3.pcap", "s.pcap"), names(files));
        int frames = 0;
        for (Path f : files) {
            assertTrue(Files.size(f) <= 1_000_000, f + ": " + Files.size(f));
            frames += Listener.frames(f).size();
        }
        assertEquals(2400, frames);

        Path ring = dir.resolve("ring").resolve("r.pcap");
        Files.createDirectories(ring.getParent());
        try (Listener l = Listener.start("-w", ring.toString(), "-C", "1", "-W", "2", "-c", "2400", "-q")) {
            l.send(payloads);
            assertEquals(0, l.await(), l.err.toString());
        }
        try (Stream<Path> s = Files.list(ring.getParent())) {
            assertEquals(List.of("r.2.pcap", "r.3.pcap"), s.map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList()));
        }
    }

    @Test
    void rotatesOnTheClockAndFinishesAFileWithoutWaitingForTraffic() throws Exception {
        Path out = dir.resolve("t-%s.pcap");
        try (Listener l = Listener.start("-w", out.toString(), "-G", "1", "-q")) {
            for (int i = 0; i < 3; i++) {
                l.send(traffic(5, 100, 1));
                Thread.sleep(600);
            }
            long deadline = System.currentTimeMillis() + 3000;
            while (captures().size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            List<Path> done = captures();
            assertTrue(done.size() >= 2, "files finished while the command runs: " + done);
            assertEquals(0, l.stopAndAwait(), l.err.toString());
        }
        int frames = 0;
        for (Path f : captures()) {
            String name = f.getFileName().toString();
            long start = Long.parseLong(name.substring(2, name.length() - 5));
            try (CaptureReader in = CaptureReader.open(f)) {
                for (PacketRecord r; (r = in.next()) != null; frames++) {
                    assertEquals(start, r.epochSecond(), name + " holds only its second");
                }
            }
        }
        assertEquals(15, frames);
        assertNoTemporaryFiles();
    }

    @Test
    void sigtermMidStreamLeavesCompleteFilesAndExitsZero() throws Exception {
        int port = Listener.freeUdpPort();
        Path out = dir.resolve("term.pcap");
        Path stats = dir.resolve("term.json");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ErmDecapCommand.class.getName(), "listen",
                "--bind", "127.0.0.1", "-p", Integer.toString(port), "--rcvbuf", "4194304", "-w", out.toString(),
                "-C", "1", "--stats", stats.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("term.log").toFile());
        Process p = pb.start();
        try {
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline && !isBound(port) && p.isAlive()) {
                Thread.sleep(50);
            }
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 50 && p.isAlive(); i++) {
                        send(port, traffic(100, 1200, 8));
                        Thread.sleep(20);
                    }
                } catch (Exception ignored) {
                    // the command went away
                }
            });
            sender.setDaemon(true);
            sender.start();
            Thread.sleep(700);
            p.destroy();                                      // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exited");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("term.log")));
            sender.join(5000);
        } finally {
            p.destroyForcibly();
        }
        List<Path> files = captures();
        assertFalse(files.isEmpty());
        long frames = 0;
        for (Path f : files) {
            frames += Listener.frames(f).size();              // reads each file to its clean end
        }
        String json = Files.readString(stats);
        assertTrue(json.contains("\"decapsulated\": " + frames + ","), frames + " frames in files; " + json);
        assertTrue(Files.readString(dir.resolve("term.log")).contains("received"), "summary printed");
        assertNoTemporaryFiles();
    }

    @Test
    void theNextRunRemovesTheTemporaryFileOfAKilledRun() throws Exception {
        int port = Listener.freeUdpPort();
        Path out = dir.resolve("killed.pcap");
        Process p = listenProcess(port, out, "killed.log");
        try {
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline && !isBound(port) && p.isAlive()) {
                Thread.sleep(50);
            }
            for (int i = 0; i < 40 && temporaryFiles().isEmpty(); i++) {
                send(port, traffic(10, 200, 2));
                Thread.sleep(50);
            }
            assertEquals(1, temporaryFiles().size(), "a file is being written");
            p.destroyForcibly();                              // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(1, temporaryFiles().size(), "the killed run's temporary file is left behind");
        try (Listener l = Listener.start("-w", out.toString(), "-c", "3", "-q")) {
            l.send(traffic(3, 100, 1));
            assertEquals(0, l.await(), l.err::toString);
        }
        assertNoTemporaryFiles();
        assertEquals(3, Listener.frames(out).size(), "and the new run's file is complete");
    }

    private Process listenProcess(int port, Path out, String log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ErmDecapCommand.class.getName(), "listen",
                "--bind", "127.0.0.1", "-p", Integer.toString(port), "--rcvbuf", "4194304", "-w", out.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        return pb.start();
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".erm-decap-tmp-")).collect(Collectors.toList());
        }
    }

    @Test
    void pcapOverIpServesEachShardOnItsPort() throws Exception {
        int base = Listener.freeUdpPort();                    // a TCP port is free as often; retried below
        List<byte[]> payloads = traffic(400, 80, 16);
        try (Listener l = Listener.start("--serve", "127.0.0.1:" + base, "--shards", "2", "-q")) {
            Socket s0 = connect(base);
            Socket s1 = connect(base + 1);
            Thread.sleep(200);                                // the server registers the clients
            l.send(payloads);
            List<String> got0 = readFrames(s0.getInputStream(), -1);
            List<String> got1 = readFrames(s1.getInputStream(), -1);
            ShardRouter router = new ShardRouter(2, false);
            List<String> want0 = new ArrayList<>();
            List<String> want1 = new ArrayList<>();
            for (byte[] p : payloads) {
                int shard = router.route(LinkType.ETHERNET, p, 12, p.length - 12);
                (shard == 0 ? want0 : want1).add(Listener.frame(p, 12, p.length - 12, p.length - 12));
            }
            assertFalse(want0.isEmpty() || want1.isEmpty(), "both shards get traffic");
            long until = System.currentTimeMillis() + 5000;
            while ((got0.size() < want0.size() || got1.size() < want1.size()) && System.currentTimeMillis() < until) {
                got0.addAll(readFrames(s0.getInputStream(), 0));
                got1.addAll(readFrames(s1.getInputStream(), 0));
            }
            assertEquals(want0, got0);
            assertEquals(want1, got1);
            s0.close();
            s1.close();
            assertEquals(0, l.stopAndAwait());
        }
    }

    @Test
    void splitBySwitchWritesOneSeriesPerSessionInOutsDirectory() throws Exception {
        Path out = dir.resolve("sp.pcap");
        try (Listener l = Listener.start("-w", out.toString(), "--split", "switch", "-c", "10", "-q")) {
            l.send(traffic(10, 60, 2));
            assertEquals(0, l.await(), l.err.toString());
            assertEquals(List.of("sp-127.0.0.1-" + l.port + ".pcap"), names(captures()));
        }
    }

    private List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".pcap")).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".erm-decap-tmp-"))
                    .collect(Collectors.toList()));
        }
    }

    private static boolean isBound(int port) throws IOException {
        String local = String.format(":%04X", port);
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && f[1].endsWith(local)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void send(int port, List<byte[]> payloads) throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (byte[] p : payloads) {
                s.send(new java.net.DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(300);
                return s;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Reads a pcap stream: with {@code header} -1 the 24-byte file header first (checked: nanosecond magic), then
     * frames until the socket is quiet for its timeout.
     */
    private static List<String> readFrames(InputStream in, int header) throws IOException {
        DataInputStream d = new DataInputStream(in);
        List<String> frames = new ArrayList<>();
        if (header == -1) {
            byte[] h = new byte[24];
            d.readFully(h);
            assertEquals(0x4d, h[0] & 0xFF, "nanosecond pcap magic, little-endian");
            assertEquals(0x3c, h[1] & 0xFF);
        }
        byte[] rec = new byte[16];
        while (true) {
            try {
                d.readFully(rec);
            } catch (java.net.SocketTimeoutException quiet) {
                return frames;
            }
            int incl = le32(rec, 8);
            int orig = le32(rec, 12);
            byte[] b = new byte[incl];
            d.readFully(b);
            frames.add(Listener.frame(b, 0, incl, orig));
        }
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
