// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.OutputStream;

/** A large reused write buffer: records are assembled in place and written in big chunks. */
final class OutputBuffer {
    static final int DEFAULT_CAPACITY = CaptureWriter.DEFAULT_BUFFER_SIZE;

    private final OutputStream out;
    /** Non-null when packet bytes may go out as slices of a mapped input instead of being copied. */
    private final GatheringOutput gather;
    private byte[] buf;
    private int pos;
    private long written;

    /** Checks a buffer size asked for by a writer's caller. */
    static int checkSize(int bufferSize) {
        if (bufferSize < CaptureWriter.MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException("buffer size: " + bufferSize
                    + " (expected: " + CaptureWriter.MIN_BUFFER_SIZE + " or more)");
        }
        return bufferSize;
    }

    OutputBuffer(OutputStream out, int capacity) {
        this.out = out;
        this.buf = new byte[capacity];
        this.gather = out instanceof GatheringOutput ? (GatheringOutput) out : null;
        if (gather != null) {
            gather.bind(this);
        }
    }

    /**
     * Makes room for {@code n} more bytes, flushing first if needed, and returns the array to write into from
     * {@link #pos()}. Call {@link #advance(int)} after filling it.
     */
    byte[] reserve(int n) throws IOException {
        if (buf.length - pos < n) {
            drain();
            if (buf.length < n) {
                buf = new byte[n];
            }
        }
        return buf;
    }

    /** {@link #reserve(int)} for a fresh buffer, which always has room: no I/O. */
    byte[] reserveUnchecked(int n) {
        if (buf.length - pos < n) {
            throw new IllegalStateException("no room for " + n + " bytes");
        }
        return buf;
    }

    int pos() {
        return pos;
    }

    void advance(int n) {
        pos += n;
    }

    void put(byte[] src, int off, int len) throws IOException {
        if (gather != null) {
            long at = gather.locate(src, off, len);
            if (at >= 0) {
                if (gather.full()) {
                    drain();
                }
                gather.addSlice(pos, at, len);
                written += len;
                return;
            }
        }
        if (len > buf.length - pos) {
            drain();
            if (len >= buf.length) {
                out.write(src, off, len);
                written += len;
                return;
            }
        }
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    /** Bytes handed to the stream or still buffered. */
    long position() {
        return written + pos;
    }

    /** Writes out what is buffered, slices included; for {@link GatheringOutput} before the input's window moves. */
    void drainGathered() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        if (gather != null) {
            if (pos > 0 || gather.hasSlices()) {
                gather.writeBatch(buf, pos);
                written += pos;
                pos = 0;
            }
            return;
        }
        if (pos > 0) {
            out.write(buf, 0, pos);
            written += pos;
            pos = 0;
        }
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
