// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream (stdin, a pipe) read on a background thread, which tells when the input goes idle: when no new
 * bytes have come for {@link #DEFAULT_IDLE_MILLIS} ms while the conversion waits for them, the {@link Flushable}
 * set with {@link #onIdle(Flushable)} is flushed, on the reading thread (the conversion's own, between two
 * records), so that a slow live capture ({@code tcpdump -w - | erm-decap - - | zeek -r -}) reaches the next
 * program at once instead of when a write buffer fills. A busy input never waits and so never flushes: bulk
 * runs keep their large writes. Bytes are handed over in reused chunks (bounded memory); a read error on the
 * background thread is thrown by the next {@code read}, after the bytes read before it.
 *
 * <pre>{@code
 * IdleInputStream stdin = new IdleInputStream(System.in);
 * CaptureReader in = conversion.open(stdin, "-");
 * conversion.run(in, out, format, "-", stdin);        // flushes out whenever stdin goes quiet
 * }</pre>
 */
public final class IdleInputStream extends InputStream {
    /** How long the input must stay quiet before the output is flushed. */
    public static final long DEFAULT_IDLE_MILLIS = 100;
    static final int CHUNK = 256 << 10;
    static final int CHUNKS = 8;

    private static final Chunk END = new Chunk(0);

    private final InputStream in;
    private final long idleNanos;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<Chunk> empty = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread reader;
    private volatile Flushable onIdle;
    private volatile boolean closed;
    private Chunk current;
    private boolean eof;
    private long idleFlushes;

    /** A reused buffer and what the background thread read into it (or the error it met). */
    private static final class Chunk {
        final byte[] bytes;
        int length;
        int pos;
        IOException error;

        Chunk(int size) {
            this.bytes = new byte[size];
        }
    }

    public IdleInputStream(InputStream in) {
        this(in, DEFAULT_IDLE_MILLIS);
    }

    public IdleInputStream(InputStream in, long idleMillis) {
        this.in = in;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, idleMillis));
        for (int i = 0; i < CHUNKS; i++) {
            empty.add(new Chunk(CHUNK));
        }
        this.reader = new Thread(this::fill, "erm-decap-input");
        reader.setDaemon(true);
        reader.start();
    }

    /** What to flush when the input goes idle; null for nothing. Errors of the flush are left to the next write. */
    public void onIdle(Flushable target) {
        this.onIdle = target;
    }

    /** How many times the input went idle with something to flush (for tests and diagnostics). */
    public long idleFlushes() {
        return idleFlushes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (current == null || current.pos == current.length) {
                if (n > 0 && filled.isEmpty()) {
                    break; // hand back what we have rather than wait
                }
                if (!nextChunk()) {
                    break;
                }
            }
            int k = Math.min(len - n, current.length - current.pos);
            System.arraycopy(current.bytes, current.pos, b, off + n, k);
            current.pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - current.pos;
    }

    /** Recycles the current chunk and takes the next, flushing {@link #onIdle} if it is long in coming. */
    private boolean nextChunk() throws IOException {
        if (eof) {
            return false;
        }
        if (current != null) {
            current.pos = 0;
            current.length = 0;
            empty.offer(current);
            current = null;
        }
        Chunk next;
        try {
            next = filled.poll();
            if (next == null) {
                next = filled.poll(idleNanos, TimeUnit.NANOSECONDS);
            }
            if (next == null) {
                idle();
                next = filled.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading");
        }
        if (next == END) {
            eof = true;
            return false;
        }
        if (next.error != null) {
            eof = true;
            throw next.error;
        }
        current = next;
        return true;
    }

    private void idle() {
        Flushable f = onIdle;
        if (f == null) {
            return;
        }
        idleFlushes++;
        try {
            f.flush();
        } catch (IOException | RuntimeException ignored) {
            // A broken pipe or full device fails the next write too, which reports it where writes are reported.
        }
    }

    /** The background thread: reads into free chunks, handing each over as soon as a read returns. */
    private void fill() {
        try {
            while (!closed) {
                Chunk c = empty.take();
                int r;
                try {
                    r = in.read(c.bytes, 0, c.bytes.length);
                } catch (IOException e) {
                    c.error = e;
                    c.length = 0;
                    filled.put(c);
                    return;
                }
                if (r < 0) {
                    filled.put(END);
                    return;
                }
                c.length = r;
                c.pos = 0;
                filled.put(c);
            }
        } catch (InterruptedException e) {
            filled.offer(END);
        }
    }

    /** Stops handing over bytes; the background thread ends at its next read (it cannot be woken from it). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        in.close();
    }
}
