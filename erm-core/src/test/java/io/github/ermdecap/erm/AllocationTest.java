// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** No allocation per record in the steady state: counted bytes, not time. */
class AllocationTest {
    private static final int RECORDS = 100_000;
    private static final long BOUND = 64 * 1024;

    @Test
    void steadyStateDecapsulationAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread: skipping");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "per-thread allocation counting unsupported: skipping");
        bean.setThreadAllocatedMemoryEnabled(true);
        byte[][] mix = {
            ErmFrames.erm().build(),
            ErmFrames.erm().addresses(ErmFrames.ip(10, 1, 0, 2), ErmFrames.COLLECTOR_IP).vlan(20)
                    .word(ErmFrames.word(5, false, 20, true)).build(),
            ErmFrames.erm().inner(ErmFrames.erm().vlan(30).build()).build(),
            ErmFrames.erm().ports(5, 7933).build(),
            ErmFrames.erm().addresses(ErmDecapsulatorTest.V6_SWITCH, ErmDecapsulatorTest.V6_COLLECTOR).build(),
            ErmFrames.erm().inner(new byte[5]).build(),
            ErmFrames.icmpEcho(1, 2),
        };
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.ALWAYS)
                .withAutoDetect(true));
        long sink = run(engine, mix, 20_000);
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        sink += run(engine, mix, RECORDS);
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < BOUND, allocated + " bytes allocated for " + RECORDS + " records (expected: < " + BOUND
                + ")");
        assertEquals(RECORDS + 20_000, engine.stats().records());
        assertTrue(sink > 0);
    }

    private static long run(ErmDecapsulator engine, byte[][] mix, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            byte[] p = mix[i % mix.length];
            sum += engine.decapsulate(LinkType.ETHERNET, p, 0, p.length, p.length).length();
        }
        return sum;
    }
}
