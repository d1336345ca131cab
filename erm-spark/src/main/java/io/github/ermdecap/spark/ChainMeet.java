// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import java.io.IOException;
import java.util.Arrays;

/**
 * The decision rule of {@link PcapResync} and {@link PcapngResync}: given a buffer read at a split point, every
 * offset of the window whose record (or block) and the next few are plausible is a candidate; every candidate's
 * chain is followed a whole window past the last candidate, so that a fake chain that only looked good up to
 * there breaks off and is dropped; the answer is where all surviving chains arrive, else {@link #DECLINED}.
 * The true chain is among the candidates, so an answer is a true boundary.
 */
final class ChainMeet {
    static final int DECLINED = -1;
    private static final int UNKNOWN = -2;
    /** The most bytes one resync reads and holds; a window that needs more declines (the file is one task). */
    static final long MAX_READ = 64 << 20;

    /** A format's records as seen by the rule. */
    interface Chain {
        /** The record at {@code o} and the next ones are plausible (or the chain ends at the end of file). */
        boolean candidate(byte[] b, int o, boolean atEof);

        /** The offset after the plausible record at {@code p}, or -1 (also when it ends at the buffer's end). */
        long next(byte[] b, int p, boolean atEof);
    }

    private ChainMeet() {
    }

    /**
     * Reads {@code windows} windows of the file from {@code first} (fewer at its end) and returns the file offset
     * where all candidate chains meet, or {@link #DECLINED}, also when that read would pass {@link #MAX_READ}
     * (a {@code --max-record} of many MiB: one task rather than a huge buffer).
     */
    static long find(PcapResync.Source src, long first, int step, int window, int windows, Chain chain)
            throws IOException {
        long len = src.length();
        if ((long) window * windows > MAX_READ) {
            return DECLINED;
        }
        long end = Math.min(len, first + (long) window * windows);
        byte[] b = new byte[(int) (end - first)];
        src.read(first, b, 0, b.length);
        int span = (int) Math.min(window, len - first);
        int meet = meet(b, span, step, window, len - first, end == len, chain);
        return meet == DECLINED ? DECLINED : first + meet;
    }

    /**
     * Where all candidate chains of {@code b} meet, as an offset in {@code b}, or {@link #DECLINED}.
     *
     * @param span      the window: candidates are offsets below it (and {@code span} itself when the file ends
     *                  within a window: {@code remaining <= window})
     * @param step      the alignment of records (1 for pcap, 4 for pcapng)
     * @param window    the longest record the header allows
     * @param remaining bytes of the file from {@code b}'s start
     * @param atEof     {@code b} ends at the end of the file
     */
    private static int meet(byte[] b, int span, int step, int window, long remaining, boolean atEof, Chain chain) {
        boolean[] candidate = new boolean[span + 1];
        int last = -1;
        for (int o = 0; o < span; o += step) {
            if (chain.candidate(b, o, atEof)) {
                candidate[o] = true;
                last = o;
            }
        }
        if (remaining <= window) {
            // The end of the file is a boundary of every chain that ends cleanly, and may be the only one left.
            candidate[span] = true;
            last = span;
        }
        if (last < 0) {
            return DECLINED;
        }
        int limit = (int) Math.min(last + (long) window, remaining);
        int[] arrival = new int[limit + 1];
        Arrays.fill(arrival, UNKNOWN);
        int meet = DECLINED;
        for (int o = 0; o <= last; o++) {
            if (!candidate[o]) {
                continue;
            }
            int a = arrive(b, o, limit, arrival, atEof, chain);
            if (a == DECLINED) {
                continue;
            }
            if (meet == DECLINED) {
                meet = a;
            } else if (meet != a) {
                return DECLINED;
            }
        }
        return meet;
    }

    /** Where the chain from {@code o} first reaches {@code limit} or beyond, memoised; DECLINED when it breaks. */
    private static int arrive(byte[] b, int o, int limit, int[] arrival, boolean atEof, Chain chain) {
        int[] path = new int[16];
        int n = 0;
        int p = o;
        int result;
        while (true) {
            if (p >= limit) {
                result = p;
                break;
            }
            if (arrival[p] != UNKNOWN) {
                result = arrival[p];
                break;
            }
            if (n == path.length) {
                path = Arrays.copyOf(path, n * 2);
            }
            path[n++] = p;
            long next = chain.next(b, p, atEof);
            if (next < 0) {
                result = DECLINED;
                break;
            }
            p = (int) next;
        }
        for (int i = 0; i < n; i++) {
            arrival[path[i]] = result;
        }
        return result;
    }
}
