// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.ZipException;

/**
 * A large reused read buffer over a stream, with a 64-bit position. Readers ask for the bytes of the next
 * header or record with {@link #request(int)} and get them contiguous in {@link #array()} from
 * {@link #pos()}; a request may move the unread bytes to the front, so an index taken before it is stale.
 * One {@code read} system call fills many records.
 */
final class InputBuffer {
    static final int DEFAULT_CAPACITY = 1 << 20;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Absolute stream offset of buf[0]. */
    private long base;
    private boolean eof;
    private String damage;
    private final GzipMembersInputStream gzip;

    InputBuffer(InputStream in, int capacity) {
        this(in, capacity, null);
    }

    /** @param gzip the decompressor {@code in} reads from, asked for its {@link #warnings()}; may be null */
    InputBuffer(InputStream in, int capacity, GzipMembersInputStream gzip) {
        this.in = in;
        this.buf = new byte[capacity];
        this.gzip = gzip;
    }

    byte[] array() {
        return buf;
    }

    int pos() {
        return pos;
    }

    /** Offset in the stream of {@link #pos()}. */
    long position() {
        return base + pos;
    }

    /** The size of the buffer now: grows only as bytes arrive. */
    int capacity() {
        return buf.length;
    }

    int available() {
        return limit - pos;
    }

    /**
     * Makes {@code n} bytes available from {@link #pos()}. Returns false when the stream ends first; then
     * {@link #available()} says how many there are. {@code n} is bounded by the caller's limits. The buffer
     * grows (doubling, up to {@code n}) only as bytes actually arrive, so a length that lies about a record
     * costs no memory beyond the bytes that are really there.
     *
     * @throws CaptureMemoryException if the heap cannot hold the bytes that did arrive
     */
    boolean request(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > buf.length - pos) {
            compact();
        }
        while (limit - pos < n && !eof) {
            if (limit == buf.length) {
                grow(n); // only after compact(): pos is 0 and buf.length < n
            }
            int r = read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** Moves the unread bytes to the front. */
    private void compact() {
        int unread = limit - pos;
        System.arraycopy(buf, pos, buf, 0, unread);
        base += pos;
        pos = 0;
        limit = unread;
    }

    /** Doubles the buffer, but never beyond the {@code n} bytes a request needs. */
    private void grow(int n) throws CaptureMemoryException {
        int length = (int) Math.min(2L * buf.length, n);
        byte[] target;
        try {
            target = new byte[length];
        } catch (OutOfMemoryError e) {
            throw new CaptureMemoryException(length);
        }
        System.arraycopy(buf, 0, target, 0, limit);
        buf = target;
    }

    /** Consumes {@code n} bytes that are available. */
    void consume(int n) {
        pos += n;
    }

    /** Skips {@code n} bytes, reading through the stream; returns how many were skipped (fewer at the end). */
    long skip(long n) throws IOException {
        long done = Math.min(n, limit - pos);
        pos += (int) done;
        while (done < n && !eof) {
            base += limit;
            pos = 0;
            limit = 0;
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                eof = true;
            } else {
                limit = r;
                pos = r;
                done += r;
            }
        }
        return done;
    }

    /**
     * Reads from the stream; a damaged compressed stream (its decoder's {@code ZipException}, or
     * {@code EOFException} for a cut one) ends the input there and is remembered in {@link #damage()}, so
     * that the records before it are still delivered.
     */
    private int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (ZipException | EOFException e) {
            damage = "compressed data is damaged (" + e.getMessage() + ")";
            return -1;
        }
    }

    /** What was odd but not damage, such as trailing garbage after the last gzip member; empty when nothing. */
    List<String> warnings() {
        String w = gzip == null ? null : gzip.warning();
        return w == null ? List.of() : List.of(w);
    }

    /** Why the input ended early, or null when it ended cleanly (or has not ended). */
    String damage() {
        return damage;
    }

    /**
     * The exception for an input that ended inside a record: "truncated", or the decompressor's complaint.
     * {@code have} and {@code need} are the bytes present and expected of the part named by {@code what}.
     */
    CaptureFormatException truncated(String source, long record, long offset, String what, long have, long need) {
        if (damage != null) {
            return new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, record, offset, damage);
        }
        return new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, source, record, offset,
                what + " truncated: " + have + " of " + need + " bytes present");
    }

    /** At a clean record boundary with no more input: null, or the exception if the stream was damaged. */
    CaptureFormatException damageAtBoundary(String source, long record, long offset) {
        return damage == null ? null
                : new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, record, offset, damage);
    }

    void close() throws IOException {
        in.close();
    }
}
