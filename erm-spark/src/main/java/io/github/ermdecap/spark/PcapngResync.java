// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import java.io.IOException;

/**
 * Finds a block boundary of a pcapng file at or after a byte offset, without reading the file from its start:
 * the pcapng counterpart of {@link PcapResync}, with the same decision rule.
 *
 * <p>Every block of a pcapng file has a total length that is a multiple of 4 and the file starts with a block,
 * so every block starts at an offset that is a multiple of 4. A candidate is such an offset in the window
 * {@code [start, start + W)} ({@code W} = the longest packet block the read limit allows, with 4 KiB of
 * options) where a block is plausible and so are the next {@link #CHAIN} blocks (or the chain ends exactly at
 * the end of the file): a known block type, a total length of at least 12 (more for the types with fixed
 * fields), a multiple of 4, at most {@code W}, repeated at the block's end, and for a packet block a captured
 * length within the read limit that fits the block. Every candidate's chain is then followed a whole window past
 * the last candidate; the answer is where all of them arrive, else -1 (the file is converted in one task). The
 * byte order is the first section's. A boundary found is proven afterwards by the part before it, which must
 * read its range to exactly that offset (see {@link Runner}), so a fake chain in a payload can only cost time.
 */
final class PcapngResync {
    /** Blocks after a candidate that must be plausible too (fewer when the file ends exactly after them). */
    static final int CHAIN = 6;
    /**
     * Options a packet block may carry beyond its data, for the window: a few comments. A longer block (big
     * options, a large skipped block) on the true chain only makes the resync decline or, if fake chains inside
     * it meet, answer an offset that the part before cannot end on: the split is not proven and the file is
     * converted in one task.
     */
    static final int OPTIONS_SLACK = 4096;

    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int NRB = 4;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int SYSTEMD_JOURNAL = 9;
    static final int DSB = 10;
    static final int CUSTOM = 0x0000_0BAD;
    static final int CUSTOM_NO_COPY = 0x4000_0BAD;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;


    private final boolean bigEndian;
    private final long maxCaptured;
    private final int window;

    private PcapngResync(boolean bigEndian, int maxRecord) {
        this.bigEndian = bigEndian;
        this.maxCaptured = maxRecord;
        this.window = (int) Math.min(Integer.MAX_VALUE / (CHAIN + 3), 32L + maxRecord + 3 + OPTIONS_SLACK) & ~3;
    }

    /**
     * A resync for the pcapng file whose first bytes are {@code head} (at least 12: a Section Header Block's
     * type, length and byte-order magic), or null when it does not start with a Section Header Block.
     */
    static PcapngResync forHead(byte[] head, int maxRecord) {
        if (head.length < 12 || PcapResync.i32(head, 0, true) != SHB) {
            return null;
        }
        if (PcapResync.i32(head, 8, true) == BYTE_ORDER_MAGIC) {
            return new PcapngResync(true, maxRecord);
        }
        if (PcapResync.i32(head, 8, false) == BYTE_ORDER_MAGIC) {
            return new PcapngResync(false, maxRecord);
        }
        return null;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    int window() {
        return window;
    }

    /** The first boundary this resync proves at or after {@code start}, or -1 when it cannot decide. */
    long find(PcapResync.Source src, long start) throws IOException {
        long len = src.length();
        long first = (start + 3) & ~3L; // blocks start at multiples of 4
        if (first >= len) {
            return len;
        }
        return ChainMeet.find(src, first, 4, window, CHAIN + 2, new ChainMeet.Chain() {
            @Override
            public boolean candidate(byte[] buf, int o, boolean eof) {
                return chainPlausible(buf, o, eof);
            }

            @Override
            public long next(byte[] buf, int p, boolean eof) {
                long length = plausible(buf, p);
                return length < 0 || (!eof && p + length == buf.length) ? -1 : p + length;
            }
        });
    }

    private boolean chainPlausible(byte[] b, int o, boolean atEof) {
        int p = o;
        for (int i = 0; i <= CHAIN; i++) {
            if (atEof && p == b.length && i > 0) {
                return true;
            }
            long length = plausible(b, p);
            if (length < 0) {
                return false;
            }
            p += (int) length;
        }
        return true;
    }

    /** The total length of a plausible block wholly in the buffer at {@code p}, or -1. */
    private long plausible(byte[] b, int p) {
        if (p + 12 > b.length) {
            return -1;
        }
        int type = PcapResync.i32(b, p, bigEndian);
        long length = u32(b, p + 4);
        int min = minimum(type);
        if (min < 0 || length < min || (length & 3) != 0 || length > window || p + length > b.length
                || u32(b, p + (int) length - 4) != length) {
            return -1;
        }
        if (type == EPB || type == PB) {
            long captured = u32(b, p + 20);
            if (captured > maxCaptured || 32 + ((captured + 3) & ~3L) > length) {
                return -1;
            }
        } else if (type == SHB && PcapResync.i32(b, p + 8, bigEndian) != BYTE_ORDER_MAGIC) {
            return -1;
        }
        return length;
    }

    /** The least total length of a known block type, or -1 for an unknown type. */
    private static int minimum(int type) {
        switch (type) {
            case EPB:
            case PB:
                return 32;
            case SPB:
                return 16;
            case IDB:
                return 20;
            case SHB:
                return 28;
            case ISB:
                return 24;
            case NRB:
            case DSB:
            case CUSTOM:
            case CUSTOM_NO_COPY:
            case SYSTEMD_JOURNAL:
                return 12;
            default:
                return -1;
        }
    }

    private long u32(byte[] b, int p) {
        return PcapResync.i32(b, p, bigEndian) & 0xFFFF_FFFFL;
    }
}
