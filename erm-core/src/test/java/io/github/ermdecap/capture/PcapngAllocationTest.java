// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;

import static io.github.ermdecap.capture.PcapngGoldenFiles.T_NS;
import static io.github.ermdecap.capture.PcapngGoldenFiles.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reading and writing Enhanced Packet Blocks without comments allocates nothing per packet: the bytes allocated
 * by the thread over thousands of packets stay below what even one object per packet would take.
 */
class PcapngAllocationTest {
    private static final int PACKETS = 20_000;
    /** Far below PACKETS * 16 bytes (the smallest object), above the noise of the measurement itself. */
    private static final long BUDGET = 16 * 1024;

    @Test
    void readingEnhancedPacketBlocksAllocatesNothingPerPacket() throws IOException {
        PcapngBuilder b = new PcapngBuilder().shb(false).idb(LinkType.ETHERNET, 0, Option.u8(9, 9));
        byte[] data = frame(61, 1);
        for (int i = 0; i < PACKETS; i++) {
            b.epb(0, T_NS + i, data, Option.u32(2, 1));
        }
        try (CaptureReader in = Captures.open(b.bytes())) {
            for (int i = 0; i < 100; i++) {
                in.next();
            }
            long before = allocated();
            long sum = 0;
            for (PacketRecord r; (r = in.next()) != null; ) {
                sum += r.nanos() + r.capturedLength();
            }
            long used = allocated() - before;
            assertEquals(PACKETS, in.recordCount());
            assertTrue(sum > 0);
            assertTrue(used < BUDGET, "allocated " + used + " bytes for " + (PACKETS - 100) + " packets");
        }
    }

    @Test
    void writingEnhancedPacketBlocksAllocatesNothingPerPacket() throws IOException {
        InterfaceInfo iface = InterfaceInfo.of(LinkType.ETHERNET, 0, Timestamps.NANOS);
        PacketRecord r = new PacketRecord().setInterface(iface).setTimestamp(1_700_000_000L, 5).setFlags(1);
        byte[] data = frame(61, 1);
        try (PcapngWriter w = new PcapngWriter(OutputStream.nullOutputStream())) {
            for (int i = 0; i < 100; i++) {
                w.write(r, iface, data, 0, data.length, 64);
            }
            long before = allocated();
            for (int i = 0; i < PACKETS; i++) {
                w.write(r, iface, data, 0, data.length, 64);
            }
            long used = allocated() - before;
            assertTrue(used < BUDGET, "allocated " + used + " bytes for " + PACKETS + " packets");
        }
    }

    private static long allocated() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot measure allocation");
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure allocation");
        return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
