// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.DecapResult;
import io.github.ermdecap.erm.ErmDecapsulator;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@code erm-decap listen} in-process on a thread (the real command, through picocli), sends it UDP on
 * 127.0.0.1 only, and stops it as SIGTERM would. Every wait is bounded.
 */
final class Listener implements AutoCloseable {
    final int port;
    final AtomicBoolean stop = new AtomicBoolean();
    final StringWriter err = new StringWriter();
    final OutputStream stdout;
    private final Thread thread;
    private volatile int code = -1;

    private Listener(int port, OutputStream stdout, String... args) {
        this.port = port;
        this.stdout = stdout;
        List<String> all = new ArrayList<>(List.of("listen", "--bind", "127.0.0.1", "-p", Integer.toString(port),
                "--rcvbuf", "4194304"));
        all.addAll(Arrays.asList(args));
        CommandLine cl = ErmDecapCommand.commandLine(
                new ErmDecapCommand(new ByteArrayInputStream(new byte[0]), stdout, false), stop::get);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        thread = new Thread(() -> code = cl.execute(all.toArray(new String[0])), "listen-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    static Listener start(String... args) throws Exception {
        return start(new ByteArrayOutputStream(), args);
    }

    static Listener start(OutputStream stdout, String... args) throws Exception {
        return startOn(freeUdpPort(), stdout, args);
    }

    static Listener startOn(int port, OutputStream stdout, String... args) throws Exception {
        Listener l = new Listener(port, stdout, args);
        l.awaitBound();
        return l;
    }

    /** Waits until the socket is bound, as /proc/net/udp shows it (probing by binding would race the command). */
    private void awaitBound() throws InterruptedException {
        String local = String.format(":%04X ", port);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && thread.isAlive()) {
            try {
                for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
                    for (String line : java.nio.file.Files.readAllLines(Path.of(table))) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 1 && f[1].endsWith(local.trim())) {
                            return;
                        }
                    }
                }
            } catch (IOException noProc) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("listen did not bind port " + port + ": " + err);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Sends every payload to the command from one socket, pausing now and then so loopback never overflows. */
    void send(List<byte[]> payloads) throws IOException, InterruptedException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int i = 0;
            for (byte[] p : payloads) {
                s.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
                if (++i % 200 == 0) {
                    Thread.sleep(2);
                }
            }
        }
    }

    /** Waits for the command to end (by -c, or after {@link #stop}) and returns its exit code. */
    int await() throws InterruptedException {
        thread.join(20_000);
        if (thread.isAlive()) {
            stop.set(true);
            thread.join(5_000);
            throw new AssertionError("listen did not end: " + err);
        }
        return code;
    }

    int stopAndAwait() throws InterruptedException {
        stop.set(true);
        return await();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }

    /** The UDP payloads (ERM header and inner frame) of a capture's ERM records, as the switch sent them. */
    static List<byte[]> ermPayloads(Path capture, int... ports) throws IOException {
        ErmDecapsulator e = new ErmDecapsulator(DecapOptions.DEFAULT.withPorts(ports).withMaxDepth(1));
        List<byte[]> out = new ArrayList<>();
        try (CaptureReader in = CaptureReader.open(capture)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                DecapResult d = e.decapsulate(r);
                if (d.decapsulated()) {
                    out.add(Arrays.copyOfRange(d.array(), d.offset() - 12, d.offset() + d.length()));
                }
            }
        }
        return out;
    }

    /** Frames of a capture: bytes and original length (timestamps differ between live and offline). */
    static List<String> frames(Path capture) throws IOException {
        List<String> out = new ArrayList<>();
        try (CaptureReader in = CaptureReader.open(capture)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                out.add(frame(r.array(), r.offset(), r.capturedLength(), r.originalLength()));
            }
        }
        return out;
    }

    static String frame(byte[] b, int off, int len, long orig) {
        StringBuilder s = new StringBuilder(len * 2 + 16);
        for (int i = off; i < off + len; i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.append('/').append(orig).toString();
    }
}
