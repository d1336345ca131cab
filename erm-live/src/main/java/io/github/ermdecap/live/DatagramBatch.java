// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

/**
 * Datagrams received by one {@link DatagramSource#receive} call, in reused arrays: slot {@code i} of
 * {@link #count()} holds the payload ({@link #data(int)}, {@link #length(int)}), the sender's address (4 or 16
 * bytes; IPv4-mapped IPv6 senders are given as IPv4) and port, the local port it came to, and the receive time.
 */
public final class DatagramBatch {
    /** A payload buffer holds the largest UDP payload. */
    public static final int MAX_PAYLOAD = 65536;

    final byte[][] data;
    final int[] length;
    final byte[][] sender;
    final int[] senderLength;
    final int[] senderPort;
    final int[] localPort;
    final long[] seconds;
    final int[] nanos;
    int count;
    /** How many datagrams the next receive may take: at most {@link #capacity()}. */
    private int limit;

    public DatagramBatch(int capacity) {
        if (capacity < 1 || capacity > 1024) {
            throw new IllegalArgumentException("batch capacity: " + capacity + " (expected: 1..1024)");
        }
        data = new byte[capacity][MAX_PAYLOAD];
        length = new int[capacity];
        sender = new byte[capacity][16];
        senderLength = new int[capacity];
        senderPort = new int[capacity];
        localPort = new int[capacity];
        seconds = new long[capacity];
        nanos = new int[capacity];
        limit = capacity;
    }

    public int capacity() {
        return data.length;
    }

    /**
     * How many datagrams a receive fills at most: {@link #capacity()}, or fewer after {@link #limit(int)}. A
     * source never takes more from the kernel than this, so a run that stops after a count ({@code -c}) leaves
     * the datagrams it will not handle in the socket instead of discarding them uncounted.
     */
    public int limit() {
        return limit;
    }

    /** Sets {@link #limit()} to {@code n}, kept within 1..{@link #capacity()}. */
    public void limit(int n) {
        limit = Math.max(1, Math.min(n, data.length));
    }

    public int count() {
        return count;
    }

    public byte[] data(int i) {
        return data[i];
    }

    public int length(int i) {
        return length[i];
    }

    public byte[] sender(int i) {
        return sender[i];
    }

    public int senderLength(int i) {
        return senderLength[i];
    }

    public int senderPort(int i) {
        return senderPort[i];
    }

    public int localPort(int i) {
        return localPort[i];
    }

    public long seconds(int i) {
        return seconds[i];
    }

    public int nanos(int i) {
        return nanos[i];
    }

    /** Sets a sender from an address as a socket gives it; IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) becomes IPv4. */
    void setSender(int i, byte[] address, int offset, int len, int port) {
        if (len == 16 && isMapped(address, offset)) {
            System.arraycopy(address, offset + 12, sender[i], 0, 4);
            senderLength[i] = 4;
        } else {
            System.arraycopy(address, offset, sender[i], 0, len);
            senderLength[i] = len;
        }
        senderPort[i] = port;
    }

    private static boolean isMapped(byte[] a, int off) {
        for (int k = 0; k < 10; k++) {
            if (a[off + k] != 0) {
                return false;
            }
        }
        return a[off + 10] == (byte) 0xFF && a[off + 11] == (byte) 0xFF;
    }
}
