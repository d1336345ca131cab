// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

/**
 * The SplitMix64 generator (Steele, Lea, Flood 2014): tiny, fast, and defined here bit for bit, so a seed gives
 * the same capture on every JVM and every release of this project.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = state += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}, for {@code 0 < bound < 2^31}. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Uniform in {@code [from, to]}. */
    int between(int from, int to) {
        return from + nextInt(to - from + 1);
    }

    /** Uniform in {@code [0, 1)}. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    void nextBytes(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) nextLong();
        }
    }
}
