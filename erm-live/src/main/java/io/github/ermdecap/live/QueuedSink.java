// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link FrameSink} with a bounded {@link FrameQueue} and a thread that drains it into a {@link FrameOutput}:
 * the output is ticked (flushed) whenever the queue runs empty and at least every {@value #TICK_MILLIS} ms
 * under load. When the output fails, its frames are counted as drops from then on.
 */
final class QueuedSink implements FrameSink {
    static final long TICK_MILLIS = 100;
    private static final int BATCH = 256;

    private final String name;
    private final FrameOutput output;
    private final FrameQueue queue;
    private final Thread thread;
    private final long closeTimeoutMillis;
    private final AtomicLong drops = new AtomicLong();
    private volatile long frames;
    private volatile long bytes;
    private volatile boolean waiting;
    private volatile boolean closing;
    private volatile Exception failure;

    /** @param closeTimeoutMillis how long {@link #close()} waits for the queue to drain; 0: as long as it takes */
    QueuedSink(String name, FrameOutput output, int queueBytes, long closeTimeoutMillis) {
        this.name = name;
        this.output = output;
        this.queue = new FrameQueue(queueBytes);
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.thread = new Thread(this::drain, "erm-live-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void offer(long seconds, int nanos, byte[] data, int offset, int length, long originalLength) {
        if (failure != null || closing || !queue.offer(seconds, nanos, data, offset, length, originalLength)) {
            drops.incrementAndGet();
            return;
        }
        frames++;
        bytes += length;
        if (waiting) {
            waiting = false;                      // one wake-up per sleep, not one per frame of a burst
            LockSupport.unpark(thread);
        }
    }

    private void drain() {
        long lastTick = System.nanoTime();
        try {
            while (true) {
                int n = 0;
                while (n < BATCH && queue.poll(output::write)) {
                    n++;
                }
                long now = System.nanoTime();
                if (n == 0) {
                    tick();
                    lastTick = now;
                    if (closing && queue.isEmpty()) {
                        break;
                    }
                    waiting = true;
                    if (queue.isEmpty() && !closing) {
                        LockSupport.parkNanos(TICK_MILLIS * 1_000_000L / 2);
                    }
                    waiting = false;
                } else if (now - lastTick >= TICK_MILLIS * 1_000_000L) {
                    tick();
                    lastTick = now;
                }
            }
            output.close();
        } catch (Exception e) {
            failure = e;
            try {
                output.close();
            } catch (Exception ignored) {
                // the first failure is the one reported
            }
            while (queue.poll((s, ns, b, o, l, orig) -> drops.incrementAndGet())) {
                // frames queued behind the failure are lost: count them
            }
        }
    }

    private void tick() throws java.io.IOException {
        Instant now = Instant.now();
        output.tick(now.getEpochSecond(), now.getNano());
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(closeTimeoutMillis);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public long drops() {
        return drops.get();
    }

    @Override
    public Exception failure() {
        return failure;
    }

    /** True once the output's thread has ended (closed or failed). */
    boolean finished() {
        return !thread.isAlive();
    }
}
