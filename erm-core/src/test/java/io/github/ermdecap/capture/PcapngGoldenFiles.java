// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.PcapngBuilder.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates the pcapng golden files of {@code testdata/pcapng} with {@link PcapngBuilder}.
 * {@link PcapngGoldenFilesTest} checks that the files on disk are exactly what this produces; to regenerate
 * them after a deliberate change, run {@code main} with the folder as argument.
 */
public final class PcapngGoldenFiles {
    /** 2023-11-14T22:13:20.123456789Z in seconds. */
    public static final long SECOND = 1_700_000_000L;
    public static final long T_US = SECOND * 1_000_000L + 123_456L;
    public static final long T_NS = SECOND * 1_000_000_000L + 123_456_789L;
    /** SECOND plus 1/2^20 s (953.67431640625 ns, read as 954 ns) at if_tsresol 0x94. */
    public static final long T_BINARY = SECOND << 20 | 1;
    /** 100000000.123 s at if_tsresol 3 (ms); with if_tsoffset 1600000000 it is SECOND + 0.123 s. */
    public static final long T_MS = 100_000_000_123L;
    public static final long TS_OFFSET = 1_600_000_000L;

    public static final String TWO_SECTIONS = "two-sections-mixed-endian.pcapng";
    public static final String RESOLUTIONS = "interfaces-resolutions.pcapng";
    public static final String SKIPPED_BLOCKS = "spb-opb-custom-unknown.pcapng";
    public static final String COMMENTS_FLAGS = "comments-flags.pcapng";
    public static final String ROUND_TRIP = "round-trip-canonical.pcapng";
    public static final String MISMATCHED_TRAILER = "mismatched-trailing-length-fail.pcapng";
    public static final String TRUNCATED = "truncated-block-fail.pcapng";

    private PcapngGoldenFiles() {
    }

    /** Every golden file by name, in a stable order. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(TWO_SECTIONS, twoSectionsMixedEndian());
        files.put(RESOLUTIONS, interfacesResolutions());
        files.put(SKIPPED_BLOCKS, spbOpbCustomUnknown());
        files.put(COMMENTS_FLAGS, commentsFlags());
        files.put(ROUND_TRIP, roundTripCanonical());
        files.put(MISMATCHED_TRAILER, mismatchedTrailingLength());
        files.put(TRUNCATED, truncatedBlock());
        return files;
    }

    /** A deterministic frame of {@code length} bytes. */
    public static byte[] frame(int length, int seed) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (seed * 31 + i * 7);
        }
        return f;
    }

    /** A big-endian section then a little-endian one, each with its own interfaces. */
    static byte[] twoSectionsMixedEndian() {
        return new PcapngBuilder()
                .shb(true, Option.comment("big-endian section"), Option.string(2, "hw-be"),
                        Option.string(3, "os-be"), Option.string(4, "app-be"))
                .idb(LinkType.ETHERNET, 65535, Option.string(2, "eth0"))
                .epb(0, T_US, frame(60, 1))
                .epb(0, T_US + 1, frame(61, 2), 1514)
                .shb(false, Option.comment("little-endian section"))
                .idb(LinkType.LINUX_SLL, 262144, Option.u8(9, 9))
                .idb(LinkType.ETHERNET, 0)
                .epb(0, T_NS, frame(42, 3))
                .epb(1, T_US + 2, frame(43, 4))
                .bytes();
    }

    /** Five interfaces: default µs, ns, binary 2^-20, ms with an offset, explicit µs. */
    static byte[] interfacesResolutions() {
        return new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 65535)
                .idb(LinkType.LINUX_SLL, 65535, Option.u8(9, 9))
                .idb(LinkType.ETHERNET, 65535, Option.u8(9, 0x94))
                .idb(LinkType.RAW, 65535, Option.u8(9, 3), Option.i64(14, TS_OFFSET))
                .idb(LinkType.ETHERNET, 65535, Option.u8(9, 6), Option.u8(13, 4))
                .epb(0, T_US, frame(60, 1))
                .epb(1, T_NS, frame(44, 2))
                .epb(2, T_BINARY, frame(60, 3))
                .epb(3, T_MS, frame(20, 4))
                .epb(4, T_US, frame(64, 5))
                .bytes();
    }

    /** Simple and obsolete Packet Blocks among blocks that readers skip. */
    static byte[] spbOpbCustomUnknown() {
        return new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 64)
                .nrb(new byte[] {10, 0, 0, 1}, "router.example")
                .spb(100, frame(64, 1))
                .spb(10, frame(12, 2))
                .isb(0, T_US, 3)
                .opb(0, 5, T_US, frame(50, 3), 50, Option.comment("obsolete"), Option.u32(2, 1))
                .dsb("CLIENT_RANDOM 00 11\n")
                .custom(PcapngBuilder.CUSTOM, 32473, frame(9, 4))
                .custom(PcapngBuilder.CUSTOM_NO_COPY, 32473, frame(3, 5))
                .unknown(0x1234, frame(16, 6))
                .epb(0, T_US, frame(30, 7))
                .bytes();
    }

    /** Section and packet comments (UTF-8, NUL-padded), epb_flags, and options readers ignore. */
    static byte[] commentsFlags() {
        return new PcapngBuilder()
                .shb(false, Option.comment("section comment 1"), Option.comment("section comment 2"))
                .idb(LinkType.ETHERNET, 65535, Option.u8(9, 9))
                .epb(0, T_NS, frame(60, 1), Option.comment("first"), Option.comment("zweite Änderung ✓"))
                .epb(0, T_NS + 1, frame(60, 2), Option.u32(2, 0x1))
                .epb(0, T_NS + 2, frame(60, 3), Option.raw(3, new byte[] {2, 1, 2, 3, 4}),
                        Option.comment("padded\0\0"), Option.i64(4, 7), Option.u32(2, 0x82))
                .epb(0, T_NS + 3, frame(60, 4))
                .bytes();
    }

    /** What {@link PcapngWriter} writes: canonical options, IDBs just before their first packet, two sections. */
    static byte[] roundTripCanonical() {
        return new PcapngBuilder()
                .shb(false, Option.comment("canonical"), Option.string(2, "x86_64"), Option.string(3, "Linux 6.1"),
                        Option.string(4, "erm-decap tests"))
                .idb(LinkType.ETHERNET, 65535, Option.string(2, "eth0"), Option.string(3, "uplink"),
                        Option.u8(9, 9), Option.u8(13, 4))
                .epb(0, T_NS, frame(61, 1), Option.comment("a"), Option.u32(2, 1))
                .epb(0, T_NS + 1000, frame(62, 2))
                .idb(LinkType.LINUX_SLL, 0)
                .epb(1, T_US, frame(63, 3), 1514)
                .idb(LinkType.ETHERNET, 65535, Option.u8(9, 0x94), Option.i64(14, -1000))
                .epb(2, T_BINARY, frame(64, 4), Option.u32(2, 0x82))
                .epb(0, T_NS + 2000, frame(65, 5), Option.comment("x"), Option.comment("y"))
                .shb(false)
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, T_US, frame(42, 6))
                .shb(false, Option.string(4, "second"))
                .idb(LinkType.RAW, 1500, Option.string(2, "tun0"))
                .epb(0, T_US + 5, frame(20, 7))
                .bytes();
    }

    /** Two good packets, then one whose trailing block total length is 4 less than the leading one. */
    static byte[] mismatchedTrailingLength() {
        byte[] b = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, T_US, frame(60, 1))
                .epb(0, T_US + 1, frame(60, 2))
                .epb(0, T_US + 2, frame(60, 3))
                .bytes();
        b[b.length - 4] -= 4;
        return b;
    }

    /** Two good packets, then the first 40 bytes of a third. */
    static byte[] truncatedBlock() {
        byte[] b = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 65535)
                .epb(0, T_US, frame(60, 1))
                .epb(0, T_US + 1, frame(60, 2))
                .epb(0, T_US + 2, frame(60, 3))
                .bytes();
        return Arrays.copyOf(b, b.length - 92 + 40);
    }

    /** Writes every golden file into the folder given as argument. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}
