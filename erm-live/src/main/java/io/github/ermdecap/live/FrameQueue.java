// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer, single-consumer queue of frames in one byte ring: the receiver thread
 * {@link #offer}s, an output's thread {@link #poll}s. Never blocks and allocates nothing after construction;
 * a frame that does not fit is refused (the caller counts it as a drop). Each entry is a 20-byte header
 * (captured length, original length, seconds, nanoseconds) and the frame bytes, 4-byte aligned and never
 * split across the end of the ring, so the consumer reads it in place.
 */
public final class FrameQueue {
    /** The largest frame accepted: a UDP payload cannot be longer. */
    public static final int MAX_FRAME = 65536 + 8;
    private static final int HEADER = 20;
    private static final int WRAP = -1;

    private final byte[] ring;
    private final int capacity;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private long producerHead;
    private long consumerTail;
    /** The producer's last reading of {@link #tail}: read again only when the ring looks full. */
    private long knownTail;
    /** The consumer's last reading of {@link #head}: read again only when the ring looks empty. */
    private long knownHead;

    /** A queue of {@code capacity} bytes, at least 4 times {@link #MAX_FRAME}. */
    public FrameQueue(int capacity) {
        if (capacity < 4 * MAX_FRAME) {
            throw new IllegalArgumentException("queue capacity: " + capacity + " (expected: " + 4 * MAX_FRAME
                    + " or more)");
        }
        this.capacity = capacity & ~3;
        this.ring = new byte[this.capacity];
    }

    /** The receiver's side: true when the frame was queued, false when it is too large or the ring is full. */
    public boolean offer(long seconds, int nanos, byte[] data, int offset, int length, long originalLength) {
        if (length < 0 || length > MAX_FRAME) {
            return false;
        }
        int need = (HEADER + length + 3) & ~3;
        long h = producerHead;
        int pos = (int) (h % capacity);
        int toEnd = capacity - pos;
        int room = need > toEnd ? toEnd + need : need;
        long used = h - knownTail;
        if (capacity - used < room) {
            knownTail = tail.get();               // the consumer's side is read only when the cached view is short
            used = h - knownTail;
        }
        if (need > toEnd) {
            if (capacity - used < room) {
                return false;
            }
            putInt(pos, WRAP);
            h += toEnd;
            pos = 0;
        } else if (capacity - used < need) {
            return false;
        }
        putInt(pos, length);
        putInt(pos + 4, (int) Math.min(Math.max(originalLength, length), 0xFFFF_FFFFL));
        putLong(pos + 8, seconds);
        putInt(pos + 16, nanos);
        System.arraycopy(data, offset, ring, pos + HEADER, length);
        producerHead = h + need;
        head.lazySet(producerHead);
        return true;
    }

    /** The consumer's side: hands the oldest frame to {@code to} and returns true, or false when empty. */
    public <E extends Exception> boolean poll(Consumer<E> to) throws E {
        long t = consumerTail;
        if (t == knownHead) {
            knownHead = head.get();
            if (t == knownHead) {
                return false;
            }
        }
        int pos = (int) (t % capacity);
        int length = getInt(pos);
        if (length == WRAP) {
            t += capacity - pos;
            pos = 0;
            length = getInt(0);
        }
        long original = getInt(pos + 4) & 0xFFFF_FFFFL;
        try {
            to.frame(getLong(pos + 8), getInt(pos + 16), ring, pos + HEADER, length, original);
        } finally {
            consumerTail = t + ((HEADER + length + 3) & ~3);
            tail.lazySet(consumerTail);
        }
        return true;
    }

    /** True when nothing is queued (exact on the consumer's thread, a hint elsewhere). */
    public boolean isEmpty() {
        return tail.get() == head.get();
    }

    /** Bytes queued now (a hint on any thread). */
    public long queuedBytes() {
        return head.get() - tail.get();
    }

    public int capacity() {
        return capacity;
    }

    private void putInt(int at, int v) {
        ring[at] = (byte) (v >>> 24);
        ring[at + 1] = (byte) (v >>> 16);
        ring[at + 2] = (byte) (v >>> 8);
        ring[at + 3] = (byte) v;
    }

    private void putLong(int at, long v) {
        putInt(at, (int) (v >>> 32));
        putInt(at + 4, (int) v);
    }

    private int getInt(int at) {
        return (ring[at] & 0xFF) << 24 | (ring[at + 1] & 0xFF) << 16 | (ring[at + 2] & 0xFF) << 8 | ring[at + 3] & 0xFF;
    }

    private long getLong(int at) {
        return (long) getInt(at) << 32 | getInt(at + 4) & 0xFFFF_FFFFL;
    }

    /** What receives a polled frame; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Consumer<E extends Exception> {
        void frame(long seconds, int nanos, byte[] data, int offset, int length, long originalLength) throws E;
    }
}
