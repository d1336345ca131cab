// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.math.BigInteger;

/**
 * Exact integer conversion between pcapng timestamp units and epoch seconds plus nanoseconds. An
 * {@code if_tsresol} byte whose top bit is clear means units of 10^-v s, set means 2^-v s, where v is the
 * low 7 bits (pcapng 4.2). Units finer than a nanosecond are rounded half up to the nearest nanosecond;
 * no floating point is used anywhere.
 */
public final class Timestamps {
    /** {@code if_tsresol} of microseconds, the pcapng default and classic pcap. */
    public static final int MICROS = 6;
    /** {@code if_tsresol} of nanoseconds. */
    public static final int NANOS = 9;

    private static final long[] POW10 = new long[19];
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Timestamps() {
    }

    /** True when a {@code tsresol} byte means units no finer than a nanosecond, so conversions are exact. */
    public static boolean isExact(int tsresol) {
        int v = tsresol & 0x7F;
        return (tsresol & 0x80) == 0 ? v <= 9 : v <= 29;
    }

    /**
     * Sets {@code out[0]} to epoch seconds and {@code out[1]} to nanoseconds for {@code units} (unsigned 64-bit)
     * at resolution {@code tsresol}, plus {@code offsetSeconds}. Returns false if the result does not fit
     * a signed 64-bit second count.
     */
    static boolean toEpoch(long units, int tsresol, long offsetSeconds, long[] out) {
        int v = tsresol & 0x7F;
        boolean binary = (tsresol & 0x80) != 0;
        long sec;
        long nanos;
        if (!binary && v <= 18 && units >= 0) {
            long div = POW10[v];
            sec = units / div;
            long rem = units % div;
            if (v <= 9) {
                nanos = rem * POW10[9 - v];
            } else {
                long d = POW10[v - 9];
                nanos = rem / d + ((rem % d) * 2 >= d ? 1 : 0);
            }
        } else if (binary && v >= 1 && v <= 62 && units >= 0) {
            sec = units >>> v;
            long frac = units & ((1L << v) - 1);
            long lo = frac * 1_000_000_000L;
            long hi = Math.multiplyHigh(frac, 1_000_000_000L);
            long rounded = lo + (1L << (v - 1));
            if (Long.compareUnsigned(rounded, lo) < 0) {
                hi++;
            }
            nanos = (hi << (64 - v)) | (rounded >>> v);
        } else {
            return toEpochSlow(units, binary, v, offsetSeconds, out);
        }
        if (nanos >= 1_000_000_000L) {
            nanos -= 1_000_000_000L;
            sec++;
        }
        long total = sec + offsetSeconds;
        if (((sec ^ total) & (offsetSeconds ^ total)) < 0) {
            return false;
        }
        out[0] = total;
        out[1] = nanos;
        return true;
    }

    private static boolean toEpochSlow(long units, boolean binary, int v, long offsetSeconds, long[] out) {
        BigInteger u = new BigInteger(Long.toUnsignedString(units));
        BigInteger perSecond = binary ? BigInteger.ONE.shiftLeft(v) : BigInteger.TEN.pow(v);
        BigInteger[] qr = u.divideAndRemainder(perSecond);
        BigInteger[] nanos = qr[1].multiply(BILLION).divideAndRemainder(perSecond);
        BigInteger n = nanos[0];
        if (nanos[1].shiftLeft(1).compareTo(perSecond) >= 0) {
            n = n.add(BigInteger.ONE);
        }
        BigInteger sec = qr[0].add(BigInteger.valueOf(offsetSeconds));
        if (n.equals(BILLION)) {
            n = BigInteger.ZERO;
            sec = sec.add(BigInteger.ONE);
        }
        if (sec.bitLength() > 63) {
            return false;
        }
        out[0] = sec.longValue();
        out[1] = n.longValue();
        return true;
    }

    /**
     * The units at resolution {@code tsresol} for an epoch time, minus {@code offsetSeconds}: decimal
     * resolutions (up to 10^-18) coarser than a nanosecond truncate toward the past, binary ones (up to 2^-62)
     * round to the nearest unit so that binary timestamps survive a read and write.
     *
     * @throws ArithmeticException if the time cannot be represented in 64 bits at that resolution, or is
     *                             before 1970 plus {@code offsetSeconds} (units are unsigned)
     */
    public static long toUnits(long epochSecond, int nanos, int tsresol, long offsetSeconds) {
        long s = Math.subtractExact(epochSecond, offsetSeconds);
        int v = tsresol & 0x7F;
        if ((tsresol & 0x80) == 0) {
            if (v > 18) {
                throw new ArithmeticException("resolution 10^-" + v + " is not supported for writing");
            }
            long frac = v <= 9 ? nanos / POW10[9 - v] : nanos * POW10[v - 9];
            return nonNegative(Math.addExact(Math.multiplyExact(s, POW10[v]), frac), epochSecond);
        }
        if (v > 62) {
            throw new ArithmeticException("resolution 2^-" + v + " is not supported for writing");
        }
        if (s < 0 || (v > 0 && s >>> (63 - v) != 0)) {
            throw new ArithmeticException("time " + epochSecond + " s does not fit 64 bits at 2^-" + v);
        }
        // round(nanos * 2^v / 10^9) with a 128-bit product, so that binary units survive a round trip.
        long frac;
        if (v <= 30) {
            frac = (((long) nanos << v) + 500_000_000L) / 1_000_000_000L;
        } else {
            BigInteger f = BigInteger.valueOf(nanos).shiftLeft(v).add(BILLION.shiftRight(1)).divide(BILLION);
            frac = f.longValue();
        }
        return nonNegative(Math.addExact(s << v, frac), epochSecond);
    }

    /** Units are unsigned: a negative count is a time before the epoch (plus offset), which has none. */
    private static long nonNegative(long units, long epochSecond) {
        if (units < 0) {
            throw new ArithmeticException("time " + epochSecond + " s is before 1970 plus the interface's offset");
        }
        return units;
    }
}
