// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import io.github.ermdecap.capture.CaptureFormat;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A nanosecond pcap stream (file header, then frames) on an {@link OutputStream}: stdout for {@code -w -}, or a
 * PCAP-over-IP client's socket. Flushed at every tick, so a reader sees frames within
 * {@value QueuedSink#TICK_MILLIS} ms under load and at once when the traffic pauses.
 */
public final class PcapStreamOutput implements FrameOutput {
    private final FrameEncoder encoder;
    private final OutputStream out;

    public PcapStreamOutput(OutputStream out, int bufferSize) {
        this.out = out;
        this.encoder = new FrameEncoder(out, CaptureFormat.PCAP, bufferSize);
    }

    @Override
    public void write(long seconds, int nanos, byte[] data, int offset, int length, long originalLength)
            throws IOException {
        encoder.write(seconds, nanos, data, offset, length, originalLength);
    }

    @Override
    public void tick(long nowSeconds, int nowNanos) throws IOException {
        encoder.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        encoder.close();
    }
}
