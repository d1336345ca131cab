// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import java.io.IOException;

/**
 * Finds a record boundary of a classic pcap file at or after a byte offset, without reading the file from its
 * start: the resync that lets several tasks convert one capture.
 *
 * <p>A candidate is an offset in the window {@code [start, start + W)}, {@code W} the longest record the file
 * header allows (16 + min(snaplen, the read limit)), whose record header and the next {@link #CHAIN} records
 * are plausible: captured length within snaplen and the limit and not above the original length, original
 * length not zero, fraction of a second below 10^6 (µs) or 10^9 (ns), each timestamp within
 * {@link #MAX_GAP_SECONDS} of the previous one, the chain ending exactly at the end of the file if it gets
 * there. The true record chain has a boundary in the window (no record is longer than {@code W}); a payload
 * may hold fake headers, so there may be several candidates. Every candidate's chain is then followed (each
 * step plausible, else the candidate is dropped) to the first position a whole window past the last candidate;
 * the answer is the position where they all arrive, and it exists only when every remaining chain goes through
 * it: then it is on the true chain too (the boundary found is not the first one after {@code start}, but every
 * task computes the same one for the same start). Otherwise (chains that do not meet, no candidate) the resync
 * declines with -1, and the caller converts the file in one task.
 *
 * <p>This is a heuristic only in what it may decline: a true record that is implausible (a captured length
 * above snaplen, a timestamp jump of more than a day) can remove the true chain from the candidates. The job
 * therefore also proves each boundary afterwards: the task before it must end exactly there.
 */
final class PcapResync {
    /** Records after a candidate that must be plausible too (fewer when the file ends exactly after them). */
    static final int CHAIN = 6;
    /** Largest step between two timestamps of a chain. */
    static final long MAX_GAP_SECONDS = 86_400;
    /** Largest original length believed (16 MiB: more than any link's frame). */
    static final long MAX_ORIGINAL_LENGTH = 1 << 24;

    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;


    /** Random access to the file's bytes. */
    interface Source {
        long length();

        /** Reads exactly {@code len} bytes at {@code pos} (the caller keeps within the file). */
        void read(long pos, byte[] b, int off, int len) throws IOException;
    }

    private final boolean bigEndian;
    private final long perSecond;
    private final long maxCaptured;

    private PcapResync(boolean bigEndian, boolean nanos, long maxCaptured) {
        this.bigEndian = bigEndian;
        this.perSecond = nanos ? 1_000_000_000L : 1_000_000L;
        this.maxCaptured = maxCaptured;
    }

    /**
     * A resync for the file whose 24-byte header is {@code header}, or null when it is not a classic pcap header.
     *
     * @param maxRecord the read limit on captured lengths ({@code --max-record})
     */
    static PcapResync forHeader(byte[] header, int maxRecord) {
        if (header.length < FILE_HEADER) {
            return null;
        }
        int be = i32(header, 0, true);
        boolean bigEndian;
        if (be == 0xA1B2C3D4 || be == 0xA1B23C4D) {
            bigEndian = true;
        } else if (i32(header, 0, false) == 0xA1B2C3D4 || i32(header, 0, false) == 0xA1B23C4D) {
            bigEndian = false;
        } else {
            return null;
        }
        boolean nanos = i32(header, 0, bigEndian) == 0xA1B23C4D;
        long snaplen = i32(header, 16, bigEndian) & 0xFFFF_FFFFL;
        long cap = snaplen == 0 ? maxRecord : Math.min(snaplen, maxRecord);
        return new PcapResync(bigEndian, nanos, cap);
    }

    /** The longest record (header included) a plausible chain may hold. */
    int window() {
        return (int) (RECORD_HEADER + maxCaptured);
    }

    /**
     * The first boundary this resync proves at or after {@code start} (at most the file's length), or -1 when it
     * cannot decide.
     */
    long find(Source src, long start) throws IOException {
        long len = src.length();
        if (start <= FILE_HEADER) {
            return FILE_HEADER;
        }
        if (start >= len) {
            return len;
        }
        return ChainMeet.find(src, start, 1, window(), CHAIN + 2, new ChainMeet.Chain() {
            @Override
            public boolean candidate(byte[] buf, int o, boolean eof) {
                return chainPlausible(buf, o, eof);
            }

            @Override
            public long next(byte[] buf, int p, boolean eof) {
                return PcapResync.this.next(buf, p, eof);
            }
        });
    }

    /** The record at {@code o} and the next {@link #CHAIN} are plausible, or the chain ends at the end of file. */
    private boolean chainPlausible(byte[] b, int o, boolean atEof) {
        int p = o;
        long previous = -1;
        for (int i = 0; i <= CHAIN; i++) {
            if (atEof && p == b.length && i > 0) {
                return true;
            }
            if (!plausible(b, p)) {
                return false;
            }
            long sec = u32(b, p);
            if (previous >= 0 && Math.abs(sec - previous) > MAX_GAP_SECONDS) {
                return false;
            }
            previous = sec;
            long next = p + RECORD_HEADER + u32(b, p + 8);
            if (next > b.length) {
                return false;
            }
            p = (int) next;
        }
        return true;
    }

    /** The offset after the plausible record at {@code p}, or -1. */
    private long next(byte[] b, int p, boolean atEof) {
        if (!plausible(b, p)) {
            return -1;
        }
        long next = p + RECORD_HEADER + u32(b, p + 8);
        return next > b.length || (!atEof && next == b.length) ? -1 : next;
    }

    /** One record header at {@code p} (wholly in the buffer) that a real capture could hold. */
    private boolean plausible(byte[] b, int p) {
        if (p + RECORD_HEADER > b.length) {
            return false;
        }
        long frac = u32(b, p + 4);
        long caplen = u32(b, p + 8);
        long origlen = u32(b, p + 12);
        return frac < perSecond && caplen <= maxCaptured && caplen <= origlen && origlen > 0
                && origlen <= MAX_ORIGINAL_LENGTH;
    }

    private long u32(byte[] b, int p) {
        return i32(b, p, bigEndian) & 0xFFFF_FFFFL;
    }

    static int i32(byte[] b, int p, boolean bigEndian) {
        int x = (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
        return bigEndian ? x : Integer.reverseBytes(x);
    }
}
