// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An output stream into a file channel, written on the caller's thread, that lets {@link PcapWriter} and
 * {@link PcapngWriter} write packet bytes without copying them: when the bytes of a packet are those a
 * {@link MappedInput} just read, the writer's buffer records a slice of the input's mapping instead, and a
 * batch goes out as one gathering write ({@code writev}) of the new record headers and the slices, so the
 * kernel copies each payload byte once, from the input's pages to the output's. Only the headers (and payloads
 * shorter than {@link #MIN_SLICE}, which cost more as a separate piece than as a copy) pass through Java.
 *
 * <p>Neither syncs nor closes the channel: its owner does ({@code SafeOutput} syncs once before its rename).
 * With a null source this is a plain unbuffered channel stream.
 */
public final class GatheringOutput extends OutputStream {
    /** Payloads shorter than this are copied into the header buffer rather than written as a slice. */
    static final int MIN_SLICE = 128;
    /**
     * Bytes between two syncs on the caller's thread, from the system property {@code erm.decap.syncEvery};
     * 0 (the default) syncs never here: the owner syncs once before its rename, which measured cheapest
     * (bench/run.sh section 7).
     */
    static final long SYNC_EVERY = Long.getLong("erm.decap.syncEvery", 0);
    /** Slices per gathering write (each with its header piece: under Linux's IOV_MAX of 1024). */
    static final int MAX_SLICES = 384;

    private final FileChannel channel;
    private final MappedInput source;
    private final int[] sliceAt = new int[MAX_SLICES];
    private final long[] slicePos = new long[MAX_SLICES];
    private final int[] sliceLen = new int[MAX_SLICES];
    private int slices;
    private long slicedBytes;
    private final ByteBuffer[] iov = new ByteBuffer[2 * MAX_SLICES + 1];
    private final ByteBuffer[] headerViews = new ByteBuffer[MAX_SLICES + 1];
    private final ByteBuffer[] sliceViews = new ByteBuffer[MAX_SLICES];
    private ByteBuffer headers = ByteBuffer.allocateDirect(0);
    /** The window {@link #sliceViews} are views of. */
    private ByteBuffer viewsOf;
    private OutputBuffer owner;
    private long written;
    private long syncedAt;
    private IOException failure;
    private boolean closed;

    /**
     * A stream into {@code channel} (at its position) whose writers may write slices of {@code source}'s
     * mapping (null: none).
     */
    public GatheringOutput(FileChannel channel, MappedInput source) {
        this.channel = channel;
        this.source = source;
    }

    /** Called by the writer's buffer that assembles headers: it drains into this stream before a window moves. */
    void bind(OutputBuffer buffer) {
        this.owner = buffer;
        if (source != null) {
            source.beforeUnmap(this::drainOwner);
        }
    }

    private void drainOwner() {
        if (owner != null && failure == null) {
            try {
                owner.drainGathered();
            } catch (IOException e) {
                failure = e;
                slices = 0;
            }
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

    /** Writes {@code heap[0 .. heapLen)} with the recorded slices in their places, all in order. */
    void writeBatch(byte[] heap, int heapLen) throws IOException {
        check();
        if (headers.capacity() < heapLen) {
            headers = ByteBuffer.allocateDirect(Math.max(heapLen, 1 << 16));
            java.util.Arrays.fill(headerViews, null);
        }
        headers.clear();
        headers.put(heap, 0, heapLen);
        if (slices == 0) {
            headers.flip();
            while (headers.hasRemaining()) {
                written += channel.write(headers);
            }
            syncMaybe();
            return;
        }
        ByteBuffer win = source.window();
        if (win != viewsOf) {
            java.util.Arrays.fill(sliceViews, null);
            viewsOf = win;
        }
        long winStart = source.windowStart();
        int n = 0;
        int h = 0;
        int from = 0;
        long total = heapLen;
        long end = 0;
        for (int i = 0; i < slices; i++) {
            if (sliceAt[i] > from) {
                iov[n++] = headerView(h++, from, sliceAt[i]);
                from = sliceAt[i];
            }
            ByteBuffer v = sliceViews[i];
            if (v == null) {
                v = win.duplicate();
                sliceViews[i] = v;
            }
            int p = (int) (slicePos[i] - winStart);
            v.clear();
            v.position(p);
            v.limit(p + sliceLen[i]);
            iov[n++] = v;
            total += sliceLen[i];
            end = Math.max(end, slicePos[i] + sliceLen[i]);
        }
        if (heapLen > from) {
            iov[n++] = headerView(h, from, heapLen);
        }
        slices = 0;
        try {
            int first = 0;
            while (total > 0) {
                long w = channel.write(iov, first, n - first);
                total -= w;
                written += w;
                while (first < n && !iov[first].hasRemaining()) {
                    first++;
                }
            }
        } catch (IOException e) {
            if (source.shrankBelow(end)) {
                failure = new IOException("the input shrank while it was being converted ("
                        + e.getMessage() + ")", e);
                throw failure;
            }
            failure = e;
            throw e;
        } finally {
            java.util.Arrays.fill(iov, 0, n, null);
        }
        syncMaybe();
    }

    private void syncMaybe() throws IOException {
        if (SYNC_EVERY > 0 && written - syncedAt >= SYNC_EVERY) {
            channel.force(false);
            syncedAt = written;
        }
    }

    private ByteBuffer headerView(int k, int from, int to) {
        ByteBuffer v = headerViews[k];
        if (v == null) {
            v = headers.duplicate();
            headerViews[k] = v;
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
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            written += channel.write(buf);
        }
        syncMaybe();
    }

    /** Stops referring to the input's mapping; leaves the channel open for its owner to sync and close. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (source != null) {
                source.beforeUnmap(null);
            }
            owner = null;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
