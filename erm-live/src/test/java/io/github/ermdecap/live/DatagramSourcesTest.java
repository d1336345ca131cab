// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both sources deliver the same datagrams, senders and plausible timestamps, on 127.0.0.1 only. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramSourcesTest {
    @Test
    void channelSource() throws Exception {
        int port = freePort();
        try (DatagramSource s = ChannelSource.open(InetAddress.getLoopbackAddress(), new int[] {port}, 1 << 20)) {
            check(s, port);
        }
    }

    @Test
    void recvmmsgWithKernelTimestamps() throws Exception {
        assumeTrue(LinuxSockets.available(), "recvmmsg through JNA needs Linux on a 64-bit JVM: skipped");
        int port = freePort();
        try (DatagramSource s = MmsgSource.open(InetAddress.getLoopbackAddress(), new int[] {port}, 1 << 20)) {
            assertNotNull(s);
            assertTrue(s.timestamps().startsWith("kernel"));
            check(s, port);
        }
        int dual = freePort();                                // no bind address: IPv6 socket taking IPv4 too
        try (DatagramSource s = MmsgSource.open(null, new int[] {dual}, 1 << 20)) {
            check(s, dual);
        }
    }

    @Test
    void aCountedRunTakesNoMoreThanItCountsAndLeavesTheRestInTheSocket() throws Exception {
        int port = freePort();
        DatagramSource mmsg = LinuxSockets.available()
                ? MmsgSource.open(InetAddress.getLoopbackAddress(), new int[] {port}, 1 << 20) : null;
        for (DatagramSource s : mmsg == null
                ? new DatagramSource[] {ChannelSource.open(InetAddress.getLoopbackAddress(), new int[] {port}, 1 << 20)}
                : new DatagramSource[] {mmsg}) {
            try (s) {
                try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    for (int i = 0; i < 40; i++) {
                        byte[] p = payload(i);
                        out.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
                    }
                }
                Thread.sleep(100);                            // all 40 queued in the socket: one batch could take them
                LiveCollector c = new LiveCollector(s, io.github.ermdecap.erm.DecapOptions.DEFAULT, AllowList.ANY, 64);
                c.run(7, () -> false, null);
                assertEquals(7, c.received());
                DatagramBatch b = new DatagramBatch(64);
                int left = 0;
                int first = -1;
                for (int n; (n = s.receive(b, 50)) > 0; left += n) {
                    if (first < 0) {
                        first = b.length(0);
                    }
                }
                assertEquals(33, left, "the 33 datagrams after the count are still in the socket");
                assertEquals(payload(7).length, first, "and the next one is the 8th sent");
            }
        }
    }

    private static void check(DatagramSource s, int port) throws IOException, InterruptedException {
        long before = Instant.now().getEpochSecond();
        int localSender;
        try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            localSender = out.getLocalPort();
            for (int i = 0; i < 100; i++) {
                byte[] p = payload(i);
                out.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
            }
        }
        DatagramBatch b = new DatagramBatch(32);
        int seen = 0;
        long deadline = System.currentTimeMillis() + 5000;
        while (seen < 100 && System.currentTimeMillis() < deadline) {
            int n = s.receive(b, 100);
            for (int i = 0; i < n; i++, seen++) {
                assertArrayEquals(payload(seen), Arrays.copyOf(b.data(i), b.length(i)), "datagram " + seen);
                assertEquals(4, b.senderLength(i));
                assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOf(b.sender(i), 4));
                assertEquals(localSender, b.senderPort(i));
                assertEquals(port, b.localPort(i));
                assertTrue(b.seconds(i) >= before && b.seconds(i) <= Instant.now().getEpochSecond(), "timestamp");
                assertTrue(b.nanos(i) >= 0 && b.nanos(i) < 1_000_000_000);
            }
        }
        assertEquals(100, seen);
        assertEquals(0, s.receive(b, 10), "nothing more");
    }

    private static byte[] payload(int i) {
        byte[] p = new byte[1 + i * 13];                      // 1 .. 1288 bytes
        for (int k = 0; k < p.length; k++) {
            p[k] = (byte) (i + k);
        }
        return p;
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
