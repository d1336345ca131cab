// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.Closeable;

/**
 * An output as the receiver sees it: {@link #offer} never blocks; a frame the output cannot take now is dropped
 * and counted in {@link #drops()}. Counters may be read from any thread.
 */
public interface FrameSink extends Closeable {
    /** Queues a frame, or counts it as dropped. Called on the receiver thread only. */
    void offer(long seconds, int nanos, byte[] data, int offset, int length, long originalLength);

    /** A name for summaries: the file name, {@code -}, {@code tcp://host:port}. */
    String name();

    /** Frames taken (queued, or sent to at least one client). */
    long frames();

    /** Captured bytes of those frames. */
    long bytes();

    /** Frames dropped because a queue was full (for a server: summed over its clients). */
    long drops();

    /** The failure that stopped the output, or null while it works. */
    Exception failure();

    /** Stops taking frames, writes what is queued and finishes the output. */
    @Override
    void close();

    /** A sink that queues frames for {@code output}, written on a thread of its own. */
    static FrameSink queued(String name, FrameOutput output, int queueBytes) {
        return new QueuedSink(name, output, queueBytes, 0);
    }
}
