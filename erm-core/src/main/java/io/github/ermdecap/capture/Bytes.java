// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

/** Little- and big-endian field access on byte arrays. Callers check bounds first. */
final class Bytes {
    private Bytes() {
    }

    static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF)
                : (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF)
                : (b[i + 3] & 0xFF) << 24 | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xFFFF_FFFFL;
    }

    static long i64(byte[] b, int i, boolean bigEndian) {
        long first = u32(b, i, bigEndian);
        long second = u32(b, i + 4, bigEndian);
        return bigEndian ? first << 32 | second : second << 32 | first;
    }

    static void putU16LE(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void putI32LE(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    static void putI64LE(byte[] b, int i, long v) {
        putI32LE(b, i, (int) v);
        putI32LE(b, i + 4, (int) (v >>> 32));
    }
}
