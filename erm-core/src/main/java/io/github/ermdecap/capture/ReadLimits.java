// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

/**
 * Limits applied to every length read from a capture before it is used. Immutable; change one with the
 * {@code with...} methods: {@code ReadLimits.DEFAULT.withMaxCapturedLength(1 << 20)} for jumbo captures.
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><td>{@link #maxCapturedLength()}</td><td>262144 (256 KiB, Wireshark's maximum snaplen)</td></tr>
 * <tr><td>{@link #maxOptionsLength()}</td><td>65536: options and comments of one pcapng block</td></tr>
 * <tr><td>{@link #maxSkippedBlockLength()}</td><td>1 GiB: a pcapng block that is skipped, never buffered</td></tr>
 * <tr><td>{@link #maxInterfaces()}</td><td>65536 interfaces in one pcapng section</td></tr>
 * <tr><td>{@link #maxRetainedOptionsLength()}</td><td>8 MiB: the strings kept of one pcapng section (its
 *     comments and {@code shb_*} options, every interface's {@code if_name} and {@code if_description})</td></tr>
 * </table>
 */
public final class ReadLimits {
    public static final ReadLimits DEFAULT = new ReadLimits(262_144, 65_536, 1L << 30, 65_536, 8 << 20);

    /** The largest value any limit may be raised to: a buffered block must fit in a Java array. */
    public static final int MAX_BUFFERED = 256 << 20;

    private final int maxCapturedLength;
    private final int maxOptionsLength;
    private final long maxSkippedBlockLength;
    private final int maxInterfaces;
    private final int maxRetainedOptionsLength;

    private ReadLimits(int maxCapturedLength, int maxOptionsLength, long maxSkippedBlockLength, int maxInterfaces,
                       int maxRetainedOptionsLength) {
        this.maxCapturedLength = check("maxCapturedLength", maxCapturedLength, MAX_BUFFERED);
        this.maxOptionsLength = check("maxOptionsLength", maxOptionsLength, MAX_BUFFERED);
        if (maxSkippedBlockLength < 12 || maxSkippedBlockLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maxSkippedBlockLength: " + maxSkippedBlockLength
                    + " (expected: 12..4294967295)");
        }
        this.maxSkippedBlockLength = maxSkippedBlockLength;
        this.maxInterfaces = check("maxInterfaces", maxInterfaces, 1 << 20);
        this.maxRetainedOptionsLength = check("maxRetainedOptionsLength", maxRetainedOptionsLength,
                Integer.MAX_VALUE);
    }

    private static int check(String what, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 1.." + max + ")");
        }
        return value;
    }

    /** Largest captured length of one packet record; larger ones are {@link CaptureFormatException}s. */
    public int maxCapturedLength() {
        return maxCapturedLength;
    }

    /** Largest total length of the options of one pcapng block (comments included). */
    public int maxOptionsLength() {
        return maxOptionsLength;
    }

    /** Largest total length of a pcapng block that is skipped unread (statistics, name resolution, custom...). */
    public long maxSkippedBlockLength() {
        return maxSkippedBlockLength;
    }

    /** Most Interface Description Blocks one pcapng section may declare. */
    public int maxInterfaces() {
        return maxInterfaces;
    }

    /**
     * Largest total length, in the file's bytes, of the string options a pcapng section keeps for as long as it
     * lasts: its {@code opt_comment}s and {@code shb_*} options and every interface's {@code if_name} and
     * {@code if_description}. A section that holds more is a {@link CaptureFormatException} at the block that
     * crosses the limit, so that a file of many interfaces with long names cannot exhaust the heap.
     */
    public int maxRetainedOptionsLength() {
        return maxRetainedOptionsLength;
    }

    /** The largest pcapng block that is read into memory: a packet block with its options. */
    public int maxBufferedBlockLength() {
        return maxCapturedLength + maxOptionsLength + 64;
    }

    public ReadLimits withMaxCapturedLength(int bytes) {
        return new ReadLimits(bytes, maxOptionsLength, maxSkippedBlockLength, maxInterfaces, maxRetainedOptionsLength);
    }

    public ReadLimits withMaxOptionsLength(int bytes) {
        return new ReadLimits(maxCapturedLength, bytes, maxSkippedBlockLength, maxInterfaces, maxRetainedOptionsLength);
    }

    public ReadLimits withMaxSkippedBlockLength(long bytes) {
        return new ReadLimits(maxCapturedLength, maxOptionsLength, bytes, maxInterfaces, maxRetainedOptionsLength);
    }

    public ReadLimits withMaxInterfaces(int count) {
        return new ReadLimits(maxCapturedLength, maxOptionsLength, maxSkippedBlockLength, count,
                maxRetainedOptionsLength);
    }

    public ReadLimits withMaxRetainedOptionsLength(int bytes) {
        return new ReadLimits(maxCapturedLength, maxOptionsLength, maxSkippedBlockLength, maxInterfaces, bytes);
    }

    @Override
    public String toString() {
        return "ReadLimits[maxCapturedLength=" + maxCapturedLength + ", maxOptionsLength=" + maxOptionsLength
                + ", maxSkippedBlockLength=" + maxSkippedBlockLength + ", maxInterfaces=" + maxInterfaces
                + ", maxRetainedOptionsLength=" + maxRetainedOptionsLength + "]";
    }
}
