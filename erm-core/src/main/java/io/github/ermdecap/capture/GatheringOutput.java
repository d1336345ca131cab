// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An output stream into a file channel that lets {@link PcapWriter} and {@link PcapngWriter} write packet bytes
 * without copying them: when the bytes of a packet are those a {@link MappedInput} just read, the writer's
 * buffer records a slice of the input's mapping instead, and a batch goes out as one gathering write
 * ({@code writev}) of the new record headers and the slices, so the kernel copies each payload byte once, from
 * the input's pages to the output's. Only the headers (and payloads shorter than {@link #MIN_SLICE}, which cost
 * more as a separate piece than as a copy) pass through Java.
 *
 * <p>Written on the caller's thread, or with {@code background} on one writer thread of its own: the caller
 * assembles the next batch while the kernel copies the previous one (two batches alternate), which on a
 * page-cache or tmpfs output, where the kernel's copy is the whole cost of a write, overlaps it with the
 * parsing. Either way the mapping's window is unmapped only after every write referencing it is done, and a
 * failure of a write is thrown by the next call. A writer thread can have a sync thread beside it, which every
 * {@link #SYNC_BEHIND} bytes asks the disk to catch up ({@code force(false)}) without holding up the writes, so
 * that the owner's final sync has little left to do (without it the kernel starts writing the file back only
 * then): the same policy as the write-behind stream of the other outputs.
 *
 * <p>Neither syncs nor closes the channel: its owner does ({@code SafeOutput} syncs once before its rename).
 * With a null source this is a plain unbuffered channel stream.
 */
public final class GatheringOutput extends OutputStream {
    /** Payloads shorter than this are copied into the header buffer rather than written as a slice. */
    static final int MIN_SLICE = 128;
    /**
     * Bytes between two syncs on the writing thread, from the system property {@code erm.decap.syncEvery};
     * 0 (the default) syncs never there, which measured cheaper (bench/run.sh section 7).
     */
    static final long SYNC_EVERY = Long.getLong("erm.decap.syncEvery", 0);
    /** Slices per gathering write (each with its header piece: under Linux's IOV_MAX of 1024). */
    static final int MAX_SLICES = 384;
    /**
     * Bytes between two syncs of the sync thread, from the system property {@code erm.decap.syncBehind}; 0: no
     * sync thread (only the owner's sync before its rename). Default 64 MiB, as the write-behind stream:
     * without it a 1 GB output on disk took about 1.3 times as long (bench/run.sh section 7 compares).
     */
    static final long SYNC_BEHIND = Long.getLong("erm.decap.syncBehind", 64L << 20);

    private final FileChannel channel;
    private final MappedInput source;
    private final int[] sliceAt = new int[MAX_SLICES];
    private final long[] slicePos = new long[MAX_SLICES];
    private final int[] sliceLen = new int[MAX_SLICES];
    private int slices;
    private long slicedBytes;
    /** One batch on the caller's thread; two alternating with a writer thread. */
    private final Batch[] batches;
    private int next;
    private final Thread writer;
    private final Thread syncer;
    /** Batches handed to the writer thread, oldest first; guarded by {@code this}. */
    private final java.util.ArrayDeque<Batch> queue = new java.util.ArrayDeque<>(2);
    private OutputBuffer owner;
    /** Bytes written (only the writing thread adds to it) and the position of its last {@link #SYNC_EVERY} sync. */
    private volatile long written;
    private long syncedAt;
    private volatile IOException failure;
    private volatile boolean closed;

    /** The pieces of one gathering write: the header bytes, and views of them and of the mapping, in order. */
    private static final class Batch {
        ByteBuffer headers = ByteBuffer.allocateDirect(0);
        final ByteBuffer[] iov = new ByteBuffer[2 * MAX_SLICES + 1];
        final ByteBuffer[] headerViews = new ByteBuffer[MAX_SLICES + 1];
        final ByteBuffer[] sliceViews = new ByteBuffer[MAX_SLICES];
        /** The window {@link #sliceViews} are views of. */
        ByteBuffer viewsOf;
        int pieces;
        long total;
        /** The file position past the last slice, to tell a shrunk input from another failure. */
        long end;
        /** Handed to the writer thread and not yet written; guarded by the stream. */
        boolean busy;
    }

    /**
     * A stream into {@code channel} (at its position) whose writers may write slices of {@code source}'s
     * mapping (null: none), written on the caller's thread.
     */
    public GatheringOutput(FileChannel channel, MappedInput source) {
        this(channel, source, false, false);
    }

    /**
     * As {@link #GatheringOutput(FileChannel, MappedInput)}; {@code background} writes on a thread of this
     * stream's own, and {@code syncBehind} (with {@code background}, for a regular file) syncs on another, both
     * daemons ended by {@link #close()}.
     */
    public GatheringOutput(FileChannel channel, MappedInput source, boolean background, boolean syncBehind) {
        this.channel = channel;
        this.source = source;
        this.batches = background ? new Batch[] {new Batch(), new Batch()} : new Batch[] {new Batch()};
        writer = background ? new Thread(this::writeLoop, "erm-decap-write") : null;
        syncer = background && syncBehind && SYNC_BEHIND > 0 ? new Thread(this::syncLoop, "erm-decap-sync") : null;
        for (Thread t : new Thread[] {writer, syncer}) {
            if (t != null) {
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** Called by the writer's buffer that assembles headers: it drains into this stream before a window moves. */
    void bind(OutputBuffer buffer) {
        this.owner = buffer;
        if (source != null) {
            source.beforeUnmap(this::drainOwner);
        }
    }

    /**
     * Writes out everything that refers to the current window and waits for it, after a failure too (a write
     * in progress still reads the window): the window is unmapped next.
     */
    private void drainOwner() {
        try {
            if (owner != null && failure == null) {
                owner.drainGathered();
            }
            awaitWritten();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            slices = 0;
        }
    }

    /** The file position of {@code b[off .. off + len)} in the mapped input, or -1 to copy them. */
    long locate(byte[] b, int off, int len) {
        return source == null || len < MIN_SLICE ? -1 : source.locate(b, off, len);
    }

    boolean full() {
        return slices == MAX_SLICES;
    }

    /** Records that {@code len} bytes of the input at file position {@code at} follow header byte {@code heapAt}. */
    void addSlice(int heapAt, long at, int len) {
        sliceAt[slices] = heapAt;
        slicePos[slices] = at;
        sliceLen[slices] = len;
        slices++;
        slicedBytes += len;
    }

    /** Packet bytes written as slices of the input's mapping so far. */
    long slicedBytes() {
        return slicedBytes;
    }

    boolean hasSlices() {
        return slices > 0;
    }

    /**
     * Writes {@code heap[0 .. heapLen)} with the recorded slices in their places, all in order; with a writer
     * thread, hands the batch to it and returns ({@code heap} may be reused at once: it is copied).
     */
    void writeBatch(byte[] heap, int heapLen) throws IOException {
        check();
        Batch b = batches[next];
        if (writer != null) {
            synchronized (this) {
                while (b.busy && failure == null) {
                    waitQuietly();
                }
            }
            check();
        }
        try {
            prepare(b, heap, heapLen);
        } finally {
            slices = 0;
        }
        if (writer == null) {
            send(b);
            return;
        }
        synchronized (this) {
            b.busy = true;
            queue.addLast(b);
            notifyAll();
        }
        next = (next + 1) % batches.length;
    }

    /** Fills {@code b} with the header bytes and the recorded slices, as the pieces of one gathering write. */
    private void prepare(Batch b, byte[] heap, int heapLen) {
        if (b.headers.capacity() < heapLen) {
            b.headers = ByteBuffer.allocateDirect(Math.max(heapLen, 1 << 16));
            java.util.Arrays.fill(b.headerViews, null);
        }
        b.headers.clear();
        b.headers.put(heap, 0, heapLen);
        int n = 0;
        long total = heapLen;
        long end = 0;
        if (slices == 0) {
            b.iov[n++] = headerView(b, 0, 0, heapLen);
        } else {
            ByteBuffer win = source.window();
            if (win != b.viewsOf) {
                java.util.Arrays.fill(b.sliceViews, null);
                b.viewsOf = win;
            }
            long winStart = source.windowStart();
            int h = 0;
            int from = 0;
            for (int i = 0; i < slices; i++) {
                if (sliceAt[i] > from) {
                    b.iov[n++] = headerView(b, h++, from, sliceAt[i]);
                    from = sliceAt[i];
                }
                ByteBuffer v = b.sliceViews[i];
                if (v == null) {
                    v = win.duplicate();
                    b.sliceViews[i] = v;
                }
                int p = (int) (slicePos[i] - winStart);
                v.clear();
                v.position(p);
                v.limit(p + sliceLen[i]);
                b.iov[n++] = v;
                total += sliceLen[i];
                end = Math.max(end, slicePos[i] + sliceLen[i]);
            }
            if (heapLen > from) {
                b.iov[n++] = headerView(b, h, from, heapLen);
            }
        }
        b.pieces = n;
        b.total = total;
        b.end = end;
    }

    /** Writes the pieces of {@code b}, on the writing thread. */
    private void send(Batch b) throws IOException {
        int n = b.pieces;
        long total = b.total;
        try {
            int first = 0;
            while (total > 0) {
                long w = channel.write(b.iov, first, n - first);
                total -= w;
                written += w;
                while (first < n && !b.iov[first].hasRemaining()) {
                    first++;
                }
            }
        } catch (IOException e) {
            if (b.end > 0 && source.shrankBelow(b.end)) {
                IOException shrank = new InputShrankException(e);
                failure = shrank;
                throw shrank;
            }
            failure = e;
            throw e;
        } finally {
            java.util.Arrays.fill(b.iov, 0, n, null);
        }
        syncMaybe();
    }

    /** The writer thread: writes the queued batches in order until the stream is closed or a write fails. */
    private void writeLoop() {
        while (true) {
            Batch b;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    waitQuietly();
                }
                b = queue.peekFirst();
                if (b == null) {
                    return;
                }
            }
            try {
                send(b);
            } catch (IOException | RuntimeException | Error e) {
                if (failure == null) {
                    failure = e instanceof IOException ? (IOException) e : new IOException(e);
                }
            }
            synchronized (this) {
                queue.pollFirst();
                b.busy = false;
                if (failure != null) {
                    for (Batch q : queue) {
                        q.busy = false;
                    }
                    queue.clear();
                }
                notifyAll();
            }
        }
    }

    /** The sync thread: every {@link #SYNC_BEHIND} bytes written, syncs them while the writer thread goes on. */
    private void syncLoop() {
        long synced = 0;
        try {
            while (true) {
                long target;
                synchronized (this) {
                    while (!closed && failure == null && written - synced < SYNC_BEHIND) {
                        waitQuietly();
                    }
                    if (closed || failure != null) {
                        return;
                    }
                    target = written;
                }
                channel.force(false);
                synced = target;
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e instanceof IOException ? (IOException) e : new IOException(e);
                }
                notifyAll();
            }
        }
    }

    /**
     * Waits until the writer thread is done with every batch handed to it: written, or dropped after a failure
     * (it drops the rest when one fails, and finishes the one it is writing).
     */
    private void awaitWritten() throws IOException {
        if (writer != null) {
            synchronized (this) {
                while (!queue.isEmpty()) {
                    waitQuietly();
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits on this stream's monitor (held); an interrupt is kept for the caller and does not stop the wait. */
    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                wait(10);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void syncMaybe() throws IOException {
        if (SYNC_EVERY > 0 && written - syncedAt >= SYNC_EVERY) {
            channel.force(false);
            syncedAt = written;
        }
    }

    private static ByteBuffer headerView(Batch b, int k, int from, int to) {
        ByteBuffer v = b.headerViews[k];
        if (v == null) {
            v = b.headers.duplicate();
            b.headerViews[k] = v;
        }
        v.clear();
        v.position(from);
        v.limit(to);
        return v;
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        awaitWritten();   // after the batches handed to the writer thread, in order
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            written += channel.write(buf);
        }
        syncMaybe();
    }

    /** Returns when everything handed to this stream is in the channel. */
    @Override
    public void flush() throws IOException {
        awaitWritten();
    }

    /**
     * Waits for the writes handed to the writer thread, ends that thread, and stops referring to the input's
     * mapping; leaves the channel open for its owner to sync and close.
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            try {
                awaitWritten();
            } catch (IOException e) {
                // thrown below
            } finally {
                synchronized (this) {
                    closed = true;
                    notifyAll();
                }
                boolean interrupted = false;
                for (Thread t : new Thread[] {writer, syncer}) {
                    while (t != null && t.isAlive()) {
                        try {
                            t.join();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (source != null) {
                    source.beforeUnmap(null);
                }
                owner = null;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
