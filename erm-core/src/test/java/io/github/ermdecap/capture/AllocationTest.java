// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No object per record on the hot path: the bytes this thread allocates while reading and writing 200 000
 * records stay far below one byte per record. Counts allocation, not time.
 */
class AllocationTest {
    private static final int RECORDS = 200_000;

    @Test
    void readingAndWritingPcapAllocatesNothingPerRecord() throws IOException {
        com.sun.management.ThreadMXBean threads = threadBean();
        PcapBuilder b = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, true, 262144, 1);
        byte[] frame = PcapBuilder.packet(100, 1);
        for (int i = 0; i < RECORDS; i++) {
            b.record(1_700_000_000L + i, i, frame);
        }
        byte[] file = b.build();
        // warm up once so class loading and JIT-time allocation are not counted
        copy(file);
        long before = threads.getCurrentThreadAllocatedBytes();
        long n = copy(file);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(RECORDS, n);
        // the reader's and writer's 1 MiB buffers are allocated once per file; nothing per record
        assertTrue(allocated < 3L << 20, "allocated " + allocated + " bytes for " + RECORDS + " records");
    }

    private static long copy(byte[] file) throws IOException {
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file), "alloc", ReadLimits.DEFAULT);
             PcapWriter w = new PcapWriter(OutputStream.nullOutputStream(), true, 262144, 1)) {
            for (PacketRecord p; (p = r.next()) != null; ) {
                w.write(p);
            }
            return w.recordCount();
        }
    }

    static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemorySupported(),
                "this JVM cannot count allocated bytes per thread: skipped");
        return (com.sun.management.ThreadMXBean) bean;
    }
}
