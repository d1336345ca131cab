// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An output stream into a file whose writes and disk syncs run on background threads, so that the conversion
 * goes on while earlier bytes reach the disk. Bytes are gathered into a few fixed blocks ({@link #BLOCKS} of
 * {@link #BLOCK} bytes: bounded memory); a full block is handed to the writer thread, which writes it into the
 * page cache. A sync thread, every {@link #SYNC_EVERY} bytes written (divided among the streams open at once,
 * so that shards and parallel batch jobs keep as little unsynced data in all as one stream does), asks the disk
 * to catch up ({@code force(false)}) without holding up the writer, so that the final sync in {@link #close()}
 * has little left to do: without it the kernel would start writing the file back only at that final sync. A write or sync
 * error on a background thread is thrown by the next {@code write}, {@code flush} or {@code close}.
 */
final class WriteBehindStream extends OutputStream {
    static final int BLOCK = 1 << 20;
    static final int BLOCKS = 4;
    static final long SYNC_EVERY = 64L << 20;
    /** The least a stream writes between two syncs when many streams share the disk. */
    static final long MIN_SYNC = 8L << 20;
    /** Streams open in this JVM: they share {@link #SYNC_EVERY} between them (shards, batch jobs). */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread writer;
    private final Thread syncer;
    /** Bytes the writer thread has written; guarded by {@code this}. */
    private long written;
    private boolean writerDone;
    private ByteBuffer current;
    private volatile IOException failure;
    private boolean closed;

    WriteBehindStream(FileChannel channel) {
        this.channel = channel;
        for (int i = 0; i < BLOCKS - 1; i++) {
            free.add(ByteBuffer.allocateDirect(BLOCK));
        }
        this.current = ByteBuffer.allocateDirect(BLOCK);
        OPEN.incrementAndGet();
        this.writer = new Thread(this::drain, "erm-decap-writer");
        this.syncer = new Thread(this::syncBehind, "erm-decap-sync");
        writer.setDaemon(true);
        syncer.setDaemon(true);
        writer.start();
        syncer.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        while (len > 0) {
            int n = Math.min(len, current.remaining());
            current.put(b, off, n);
            off += n;
            len -= n;
            if (!current.hasRemaining()) {
                handOff();
            }
        }
    }

    /** Passes the current block to the writer thread and takes an empty one (waiting if all are in flight). */
    private void handOff() throws IOException {
        current.flip();
        try {
            full.put(current);
            current = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
        current.clear();
        check();
    }

    /** Hands what is gathered to the writer thread (the bytes reach the file soon, without waiting). */
    @Override
    public void flush() throws IOException {
        check();
        if (current.position() > 0) {
            handOff();
        }
    }

    /** Writes what is left, syncs the file to disk and closes it; the first error met is thrown. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null && current.position() > 0) {
                current.flip();
                full.put(current);
            }
            full.put(END);
            writer.join();
            syncer.join();
            check();
            channel.force(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } finally {
            OPEN.decrementAndGet();
            channel.close();
        }
    }

    /** Stops the writer thread without syncing, after a failure elsewhere; the caller deletes the file. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null) {
            failure = new IOException("aborted");
        }
        try {
            full.put(END);
            writer.join();
            syncer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            OPEN.decrementAndGet();
        }
    }

    private void check() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** The writer thread: writes blocks in order; after a failure it only recycles them. */
    private void drain() {
        try {
            while (true) {
                ByteBuffer block = full.take();
                if (block == END) {
                    return;
                }
                if (failure == null) {
                    write(block);
                }
                block.clear();
                free.offer(block);
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("writer interrupted");
        } finally {
            synchronized (this) {
                writerDone = true;
                notifyAll();
            }
        }
    }

    private void write(ByteBuffer block) {
        try {
            long n = 0;
            while (block.hasRemaining()) {
                n += channel.write(block);
            }
            synchronized (this) {
                written += n;
                notifyAll();
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** {@link #SYNC_EVERY} shared among the open streams, at least {@link #MIN_SYNC}. */
    private static long syncInterval() {
        return Math.max(MIN_SYNC, SYNC_EVERY / Math.max(1, OPEN.get()));
    }

    /** The sync thread: every {@link #syncInterval()} bytes written, syncs them while the writer goes on. */
    private void syncBehind() {
        long synced = 0;
        try {
            while (true) {
                long target;
                synchronized (this) {
                    while (!writerDone && written - synced < syncInterval()) {
                        wait();
                    }
                    if (writerDone || failure != null) {
                        return;
                    }
                    target = written;
                }
                channel.force(false);
                synced = target;
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("sync interrupted");
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
