// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.erm.DecapResult;
import io.github.ermdecap.route.SplitRouter;

/**
 * The split outputs of the first {@value #CACHED} ERM sessions by raw address bytes and port, so that splitting
 * by switch formats no address text per record: only a session's first record (or every record of sessions
 * past the first {@value #CACHED}) goes through {@link SplitRouter}'s text labels.
 */
final class SplitSessions {
    static final int CACHED = 64;

    private final byte[] address = new byte[16];
    private final long[] high = new long[CACHED];
    private final long[] low = new long[CACHED];
    private final int[] ports = new int[CACHED];
    private final int[] outputs = new int[CACHED];
    private int size;

    /** The output of a decapsulated record's session. */
    int output(DecapResult d, SplitRouter split) {
        int length = d.switchAddress(address);
        long hi = length == 16 ? bits(0, 8) : 0;
        long lo = length == 16 ? bits(8, 8) : bits(0, length) | 1L << 40;
        int port = d.port();
        for (int i = 0; i < size; i++) {
            if (low[i] == lo && high[i] == hi && ports[i] == port) {
                return outputs[i];
            }
        }
        int out = split.route(true, d.switchAddress(), port, d.vlanId(), d.length());
        if (size < CACHED) {
            high[size] = hi;
            low[size] = lo;
            ports[size] = port;
            outputs[size++] = out;
        }
        return out;
    }

    private long bits(int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = v << 8 | (address[i] & 0xFF);
        }
        return v;
    }
}
