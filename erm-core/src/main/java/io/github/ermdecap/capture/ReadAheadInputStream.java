// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream whose reads from a channel run on a background thread, a few blocks ahead of the reader:
 * the record loop parses one block while the next ones are read. {@link #BLOCKS} blocks of {@link #BLOCK}
 * bytes (bounded memory). A read error on the background thread is thrown by the next {@code read}, after the
 * bytes read before it.
 */
final class ReadAheadInputStream extends InputStream {
    static final int BLOCK = 1 << 20;
    static final int BLOCKS = 4;

    private final ReadableByteChannel channel;
    private final BlockingQueue<Object> filled = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread reader;
    private volatile boolean closed;
    private ByteBuffer current;
    private boolean eof;

    /** Marks the end of the channel in the queue of filled blocks. */
    private static final Object END = new Object();

    ReadAheadInputStream(ReadableByteChannel channel) {
        this.channel = channel;
        for (int i = 0; i < BLOCKS; i++) {
            empty.add(ByteBuffer.allocateDirect(BLOCK));
        }
        this.reader = new Thread(this::fill, "erm-decap-reader");
        reader.setDaemon(true);
        reader.start();
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
            if (current == null || !current.hasRemaining()) {
                if (n > 0 && filled.isEmpty()) {
                    break; // hand back what we have rather than wait
                }
                if (!nextBlock()) {
                    break;
                }
            }
            int k = Math.min(len - n, current.remaining());
            current.get(b, off + n, k);
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    /** Recycles the current block and takes the next; false at the end of the channel. */
    private boolean nextBlock() throws IOException {
        if (eof) {
            return false;
        }
        if (current != null) {
            current.clear();
            empty.offer(current);
            current = null;
        }
        Object next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading");
        }
        if (next == END) {
            eof = true;
            return false;
        }
        if (next instanceof IOException) {
            eof = true;
            throw (IOException) next;
        }
        current = (ByteBuffer) next;
        return true;
    }

    /** The reader thread: fills empty blocks in order until the end, an error, or {@link #close()}. */
    private void fill() {
        ByteBuffer block = null;
        try {
            while (!closed) {
                block = empty.take();
                int r = 0;
                while (block.hasRemaining() && (r = channel.read(block)) >= 0) {
                    continue;
                }
                hand(block);
                block = null;
                if (r < 0) {
                    filled.put(END);
                    return;
                }
            }
        } catch (IOException e) {
            if (block != null && !closed) {
                hand(block); // the bytes read before the error come first
            }
            filled.offer(closed ? END : e);
        } catch (InterruptedException e) {
            filled.offer(END);
        }
    }

    /** Queues a block if it holds anything; the queue has room for every block plus the end marker. */
    private void hand(ByteBuffer block) {
        block.flip();
        if (block.hasRemaining()) {
            filled.offer(block);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt(); // wakes it if it waits for an empty block; may close the channel, which we close anyway
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
