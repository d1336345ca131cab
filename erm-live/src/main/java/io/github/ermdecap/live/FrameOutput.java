// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where an output's thread puts the frames it takes from its queue: capture files, a stream, a socket. Called on
 * that one thread only, so implementations need no locking; they may block (the receiver never waits for them).
 */
public interface FrameOutput extends Closeable {
    /** Writes one frame received at {@code seconds}.{@code nanos} (epoch). The bytes are valid only during the call. */
    void write(long seconds, int nanos, byte[] data, int offset, int length, long originalLength) throws IOException;

    /**
     * Called whenever the queue is empty, and at least every {@value QueuedSink#TICK_MILLIS} ms under load, with
     * the wall-clock time: flush buffered frames, finish a file whose time is up.
     */
    void tick(long nowSeconds, int nowNanos) throws IOException;

    /** Finishes the output: everything written is flushed, synced and, for files, under its final name. */
    @Override
    void close() throws IOException;
}
