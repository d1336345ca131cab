// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import java.util.Arrays;

/**
 * A fixed number of generated frames held in memory, packed into one array, with their timestamps: the input of
 * the writer and engine benchmarks, so that they measure the code under test and not the generator.
 */
public final class FrameSet {
    final byte[] data;
    final int[] offset;
    final int[] length;
    final long[] epochSecond;
    final int[] nanos;

    private FrameSet(byte[] data, int[] offset, int[] length, long[] epochSecond, int[] nanos) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.epochSecond = epochSecond;
        this.nanos = nanos;
    }

    /** The first {@code count} frames of {@link ErmTraffic} with this seed. */
    public static FrameSet generate(long seed, int count) {
        ErmTraffic t = new ErmTraffic(seed);
        byte[] data = new byte[count * ErmTraffic.MAX_FRAME];
        int[] offset = new int[count];
        int[] length = new int[count];
        long[] sec = new long[count];
        int[] ns = new int[count];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int len = t.next();
            System.arraycopy(t.frame(), 0, data, pos, len);
            offset[i] = pos;
            length[i] = len;
            sec[i] = t.epochSecond();
            ns[i] = t.nanos();
            pos += len;
        }
        return new FrameSet(Arrays.copyOf(data, pos), offset, length, sec, ns);
    }

    public int size() {
        return length.length;
    }

    /** The bytes of all frames together. */
    public long bytes() {
        return data.length;
    }
}
