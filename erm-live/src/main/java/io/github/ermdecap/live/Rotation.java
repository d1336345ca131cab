// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

/**
 * When a {@link FileSeries} starts a new file, with tcpdump's letters: {@code -G} every {@link #seconds()}, on the
 * clock (periods start at multiples of the interval since the epoch, so sparse traffic does not drift),
 * {@code -C} before a file would pass {@link #bytes()}, {@code -W} keeping at most {@link #maxFiles()} files.
 * Zero means "no limit". Immutable.
 */
public final class Rotation {
    /** One file, never rotated. */
    public static final Rotation NONE = new Rotation(0, 0, 0);

    private final long seconds;
    private final long bytes;
    private final int maxFiles;

    private Rotation(long seconds, long bytes, int maxFiles) {
        this.seconds = seconds;
        this.bytes = bytes;
        this.maxFiles = maxFiles;
    }

    /**
     * @param seconds  {@code -G}: 0, or 1..31622400 (a leap year)
     * @param bytes    {@code -C} in bytes: 0, or 4096 and more
     * @param maxFiles {@code -W}: 0, or 1..1000000; needs {@code seconds} or {@code bytes}
     */
    public static Rotation of(long seconds, long bytes, int maxFiles) {
        if (seconds < 0 || seconds > 31_622_400) {
            throw new IllegalArgumentException("-G: " + seconds + " (expected: 1..31622400 seconds)");
        }
        if (bytes != 0 && bytes < 4096) {
            throw new IllegalArgumentException("-C: " + bytes + " bytes (expected: 4096 or more)");
        }
        if (maxFiles < 0 || maxFiles > 1_000_000) {
            throw new IllegalArgumentException("-W: " + maxFiles + " (expected: 1..1000000)");
        }
        if (maxFiles > 0 && seconds == 0 && bytes == 0) {
            throw new IllegalArgumentException("-W: " + maxFiles + " needs -G or -C (expected: a rotation)");
        }
        return new Rotation(seconds, bytes, maxFiles);
    }

    public long seconds() {
        return seconds;
    }

    public long bytes() {
        return bytes;
    }

    public int maxFiles() {
        return maxFiles;
    }

    /** The start of the period holding {@code epochSecond} (0 when not rotating by time). */
    long periodStart(long epochSecond) {
        return seconds == 0 ? 0 : Math.floorDiv(epochSecond, seconds) * seconds;
    }

    /** Whether a frame adding {@code recordSize} bytes to a file of {@code size} bytes with frames starts a new one. */
    boolean full(long size, long recordSize, long framesInFile) {
        return bytes != 0 && framesInFile > 0 && size + recordSize > bytes;
    }

    @Override
    public String toString() {
        return "Rotation[seconds=" + seconds + ", bytes=" + bytes + ", maxFiles=" + maxFiles + "]";
    }
}
