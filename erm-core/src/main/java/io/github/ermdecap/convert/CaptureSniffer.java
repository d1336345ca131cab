// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.PcapReader;
import io.github.ermdecap.capture.PcapngReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Tells from a file's first bytes whether it is a capture erm-decap reads (pcap, pcapng, either gzip-compressed),
 * whatever its name: how batch mode picks its inputs ({@code dump.pcap1}, {@code trace-0930}, {@code x.trc}).
 * For formats it does not read but knows, {@link #hint(Path)} says what to do.
 *
 * <pre>{@code
 * if (CaptureSniffer.isCapture(p)) { convert(p); }
 * }</pre>
 */
public final class CaptureSniffer {
    private static final int GZIP_1 = 0x1F;
    private static final int GZIP_2 = 0x8B;
    /** The "modified pcap" of old Red Hat tcpdump (a1b2cd34), both byte orders. */
    private static final int MODIFIED_PCAP = 0xA1B2CD34;
    private static final byte[] SNOOP = {'s', 'n', 'o', 'o', 'p', 0, 0, 0};

    private CaptureSniffer() {
    }

    /** True when the file starts like a pcap or pcapng, directly or inside gzip; false when unreadable. */
    public static boolean isCapture(Path file) {
        return isCapture(head(file));
    }

    /**
     * The same for a file read from its first byte through {@code in} (not closed), as from another file system
     * (erm-spark reads Hadoop streams); false when unreadable.
     */
    public static boolean isCapture(InputStream in) {
        return isCapture(head(in));
    }

    private static boolean isCapture(byte[] head) {
        return head.length >= 4 && (PcapReader.matches(head) || PcapngReader.matches(head));
    }

    /** True when the file starts with the gzip magic. */
    public static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = read(in, 2);
            return b.length == 2 && (b[0] & 0xFF) == GZIP_1 && (b[1] & 0xFF) == GZIP_2;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * For a file that is not a capture erm-decap reads but one another tool converts: what to do, such as
     * {@code "an old \"modified pcap\" file: convert it first with editcap -F pcap"}; else null.
     */
    public static String hint(Path file) {
        return hint(head(file));
    }

    /** The same for a file read from its first byte through {@code in} (not closed). */
    public static String hint(InputStream in) {
        return hint(head(in));
    }

    private static String hint(byte[] head) {
        if (head.length >= 4) {
            int be = (head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | (head[3] & 0xFF);
            if (be == MODIFIED_PCAP || Integer.reverseBytes(be) == MODIFIED_PCAP) {
                return "an old \"modified pcap\" file (magic a1b2cd34): convert it first with editcap -F pcap";
            }
        }
        if (head.length >= SNOOP.length && java.util.Arrays.equals(head, 0, SNOOP.length, SNOOP, 0, SNOOP.length)) {
            return "a snoop file: convert it first with editcap -F pcap";
        }
        return null;
    }

    /** Up to 8 bytes of the file's (decompressed, when gzip) content; empty when unreadable. */
    private static byte[] head(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            return head(raw);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    private static byte[] head(InputStream raw) {
        try {
            InputStream in = new java.io.BufferedInputStream(raw, 512);
            in.mark(8);
            byte[] head = read(in, 8);
            if (head.length >= 2 && (head[0] & 0xFF) == GZIP_1 && (head[1] & 0xFF) == GZIP_2) {
                in.reset();
                return read(new GZIPInputStream(in, 512), 8);
            }
            return head;
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    private static byte[] read(InputStream in, int max) throws IOException {
        byte[] b = new byte[max];
        int n = 0;
        while (n < max) {
            int r = in.read(b, n, max - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return java.util.Arrays.copyOf(b, n);
    }
}
