// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver's single-producer, single-consumer ring: order, contents, full and empty, wrap-around, threads. */
class FrameQueueTest {
    private static final int CAPACITY = 4 * FrameQueue.MAX_FRAME;

    /** A frame whose bytes and length follow from its sequence number: checkable on the consumer side. */
    private static byte[] frame(long seq, SplittableRandom sizes) {
        int len = sizes.nextInt(4) == 0 ? sizes.nextInt(9000, FrameQueue.MAX_FRAME + 1) : sizes.nextInt(0, 1600);
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
        return b;
    }

    @Test
    void refusesWhenFullAndGivesBackInOrderWhenDrained() {
        FrameQueue q = new FrameQueue(CAPACITY);
        byte[] big = new byte[60_000];
        int queued = 0;
        while (q.offer(queued, queued, big, 0, big.length, big.length + 4)) {
            queued++;
        }
        assertEquals(4, queued, "four 60 000-byte frames fit a ring of four maximal frames");
        assertFalse(q.offer(9, 9, new byte[CAPACITY], 0, FrameQueue.MAX_FRAME + 1, 0), "longer than MAX_FRAME");
        long[] next = {0};
        while (q.poll((s, ns, d, o, l, orig) -> {
            assertEquals(next[0], s);
            assertEquals(next[0], ns);
            assertEquals(60_000, l);
            assertEquals(60_004, orig);
            next[0]++;
        })) {
            continue;
        }
        assertEquals(4, next[0]);
        assertTrue(q.isEmpty());
        assertTrue(q.offer(7, 8, big, 0, 10, 10), "room again once the consumer has drained the ring");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void oneThreadInterleavedWrapsAroundWithoutLosingOrCorrupting(long seed) {
        FrameQueue q = new FrameQueue(CAPACITY + 12);
        SplittableRandom r = new SplittableRandom(seed);
        SplittableRandom producerSizes = new SplittableRandom(seed * 7919);
        SplittableRandom consumerSizes = new SplittableRandom(seed * 7919);
        long produced = 0;
        long[] consumed = {0};
        byte[] pending = frame(0, producerSizes);
        for (int step = 0; step < 20_000; step++) {
            if (r.nextBoolean()) {
                if (q.offer(produced, (int) produced, pending, 0, pending.length, pending.length)) {
                    produced++;
                    pending = frame(produced, producerSizes);
                }
            } else {
                q.poll((s, ns, d, o, l, orig) -> {
                    byte[] want = frame(consumed[0], consumerSizes);
                    assertEquals(consumed[0], s);
                    assertArrayEquals(want, Arrays.copyOfRange(d, o, o + l));
                    consumed[0]++;
                });
            }
        }
        assertTrue(produced > 1000, "the ring wrapped many times: " + produced);
        assertTrue(consumed[0] <= produced);
    }

    @Test
    void aProducerAndAConsumerThreadSeeEveryFrameOnceInOrder() throws Exception {
        FrameQueue q = new FrameQueue(CAPACITY);
        long total = 50_000;
        Throwable[] failed = new Throwable[1];
        Thread consumer = new Thread(() -> {
            SplittableRandom sizes = new SplittableRandom(42);
            long[] next = {0};
            try {
                while (next[0] < total) {
                    if (!q.poll((s, ns, d, o, l, orig) -> {
                        byte[] want = frame(next[0], sizes);
                        if (s != next[0] || l != want.length || !Arrays.equals(want, 0, l, d, o, o + l)) {
                            throw new AssertionError("frame " + next[0] + ": got sequence " + s + ", " + l
                                    + " bytes");
                        }
                        next[0]++;
                    })) {
                        Thread.yield();
                    }
                }
            } catch (Throwable t) {
                failed[0] = t;
            }
        });
        consumer.start();
        SplittableRandom sizes = new SplittableRandom(42);
        for (long seq = 0; seq < total && failed[0] == null; seq++) {
            byte[] f = frame(seq, sizes);
            while (!q.offer(seq, 0, f, 0, f.length, f.length) && failed[0] == null) {
                Thread.yield();
            }
        }
        consumer.join(60_000);
        assertFalse(consumer.isAlive(), "the consumer got every frame");
        if (failed[0] != null) {
            throw new AssertionError(failed[0]);
        }
        assertTrue(q.isEmpty());
    }
}
