// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code listen --tap}: in a network namespace this test creates (root, iproute2, tcpdump; skipped with a message
 * otherwise), frames written into the TAP are captured on it by tcpdump, the TAP is up without ARP, and it is gone
 * after the command exits. Everything, the UDP too, stays inside the namespace.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ListenTapTest {
    private static final String TAP = "ermtap0";
    @TempDir
    Path dir;
    private String ns;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "TAP tests need root: skipped");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun: skipped");
        assumeTrue(run(5, "tcpdump", "--version") == 0, "tcpdump not installed: skipped");
        ns = "erm-test-" + ProcessHandle.current().pid();
        assumeTrue(run(10, "ip", "netns", "add", ns) == 0, "cannot create a network namespace (ip netns add): skipped");
        assertEquals(0, run(10, "ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"));
    }

    @AfterEach
    void cleanup() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
        }
        if (ns != null) {
            run(10, "ip", "netns", "del", ns);
        }
    }

    @Test
    void framesWrittenIntoTheTapAreCapturedOnIt() throws Exception {
        List<byte[]> payloads = ListenOutputsTest.traffic(20, 200, 4);
        int port = 47000 + (int) (ProcessHandle.current().pid() % 1000);
        Process listen = start("listen.log", "ip", "netns", "exec", ns, java(), "-cp",
                System.getProperty("java.class.path"), ErmDecapCommand.class.getName(), "listen", "--bind",
                "127.0.0.1", "-p", Integer.toString(port), "--rcvbuf", "1048576", "--tap", TAP);
        long deadline = System.currentTimeMillis() + 20_000;
        while (run(5, "ip", "netns", "exec", ns, "ip", "link", "show", TAP) != 0) {
            assertTrue(listen.isAlive() && System.currentTimeMillis() < deadline, log("listen.log"));
            Thread.sleep(100);
        }
        String link = output("ip", "netns", "exec", ns, "ip", "link", "show", TAP);
        assertTrue(link.contains("NOARP") && link.contains(",UP"), link);
        String ipv6 = output("ip", "netns", "exec", ns, "cat", "/proc/sys/net/ipv6/conf/" + TAP + "/disable_ipv6");
        assertTrue(ipv6.contains("No such file") || ipv6.trim().equals("1"), "IPv6 off on the TAP: " + ipv6);
        Path pcap = dir.resolve("tap.pcap");
        Process tcpdump = start("tcpdump.log", "ip", "netns", "exec", ns, "tcpdump", "-i", TAP, "-n", "-U", "--immediate-mode", "-c",
                "20", "-w", pcap.toString());
        while (!log("tcpdump.log").contains("listening on")) {
            assertTrue(tcpdump.isAlive() && System.currentTimeMillis() < deadline, log("tcpdump.log"));
            Thread.sleep(50);
        }
        Path data = dir.resolve("payloads.bin");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data))) {
            for (byte[] p : payloads) {
                out.writeInt(p.length);
                out.write(p);
            }
        }
        assertEquals(0, run(30, "ip", "netns", "exec", ns, java(), "-cp", System.getProperty("java.class.path"),
                PayloadSender.class.getName(), data.toString(), Integer.toString(port)));
        assertTrue(tcpdump.waitFor(20, TimeUnit.SECONDS), log("tcpdump.log"));
        listen.destroy();                                     // SIGTERM (ip netns exec execs java itself)
        assertTrue(listen.waitFor(20, TimeUnit.SECONDS), log("listen.log"));
        assertEquals(0, listen.exitValue(), log("listen.log"));
        List<String> want = new ArrayList<>();
        for (byte[] p : payloads) {
            want.add(Listener.frame(p, 12, p.length - 12, p.length - 12));
        }
        assertEquals(want, Listener.frames(pcap));
        assertNotEquals(0, run(5, "ip", "netns", "exec", ns, "ip", "link", "show", TAP), "the TAP it made is gone");
        assertTrue(log("listen.log").contains("created, now removed"), log("listen.log"));
    }

    @Test
    void withoutCapNetAdminItIsOneLineAndExitTwo() throws Exception {
        assumeTrue(run(5, "setpriv", "--version") == 0, "setpriv (util-linux) not installed: skipped");
        Process p = start("nocap.log", "ip", "netns", "exec", ns, "setpriv", "--bounding-set=-net_admin",
                "--inh-caps=-net_admin", java(), "-cp", System.getProperty("java.class.path"),
                ErmDecapCommand.class.getName(), "listen", "--bind", "127.0.0.1", "-p", "47999", "--rcvbuf", "1048576",
                "--tap", TAP);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String log = log("nocap.log").trim();
        assertEquals(2, p.exitValue(), log);
        assertTrue(log.startsWith("erm-decap: --tap " + TAP + ": TUNSETIFF: Operation not permitted"), log);
        assertEquals(1, log.lines().count(), log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process start(String log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
        started.add(p);
        return p;
    }

    private String log(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return s;
    }

    private static int run(int seconds, String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException notInstalled) {
            return -1;
        }
    }
}
