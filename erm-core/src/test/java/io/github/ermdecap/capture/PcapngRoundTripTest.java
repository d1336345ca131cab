// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.github.ermdecap.capture.PcapngGoldenFiles.T_NS;
import static io.github.ermdecap.capture.PcapngGoldenFiles.T_US;
import static io.github.ermdecap.capture.PcapngGoldenFiles.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The master test of the pcapng layer: a canonical file read and written back is the same file, byte for byte;
 * and exactly what a round trip drops from other files (the list in {@link PcapngWriter}'s documentation).
 */
class PcapngRoundTripTest {

    @Test
    void canonicalGoldenFileIsWrittenBackByteForByte() throws IOException {
        byte[] file = PcapngGoldenFiles.roundTripCanonical();
        assertArrayEquals(file, Captures.rewrite(file));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void seededCanonicalFilesAreWrittenBackByteForByte(long seed) throws IOException {
        byte[] file = canonicalFile(new Random(seed));
        assertArrayEquals(file, Captures.rewrite(file), "seed " + seed);
    }

    @Test
    void roundTripDropsSkippedBlocksAndTurnsSimpleAndObsoletePacketsIntoEnhancedOnes() throws IOException {
        byte[] expected = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 64)
                .epb(0, 0, frame(64, 1), 100)
                .epb(0, 0, Arrays.copyOf(frame(12, 2), 10), 10)
                .epb(0, T_US, frame(50, 3), 50, Option.comment("obsolete"), Option.u32(2, 1))
                .epb(0, T_US, frame(30, 7))
                .bytes();
        assertArrayEquals(expected, Captures.rewrite(PcapngGoldenFiles.spbOpbCustomUnknown()));
    }

    @Test
    void roundTripNormalisesByteOrderOptionOrderAndDropsUnsupportedOptions() throws IOException {
        byte[] input = new PcapngBuilder()
                .shb(true, Option.string(4, "app"), Option.comment("c1"), Option.string(2, "hw"),
                        Option.string(2, "hw2"), Option.raw(2988, new byte[] {0, 0, 0x7e, (byte) 0xd9, 'x'}),
                        Option.comment("c2"))
                .idb(LinkType.ETHERNET, 1500, Option.comment("idb comment"), Option.u8(9, 6),
                        Option.i64(8, 1_000_000_000L), Option.string(2, "eth0\0\0"), Option.string(12, "Linux"))
                .epb(0, T_US, frame(33, 1), 40, Option.comment("ok\0"), Option.raw(3, new byte[] {2, 9, 9, 9, 9}),
                        Option.i64(4, 17), Option.u32(2, 1), Option.i64(5, 99))
                .bytes();
        byte[] expected = new PcapngBuilder()
                .shb(false, Option.comment("c1"), Option.comment("c2"), Option.string(2, "hw2"),
                        Option.string(4, "app"))
                .idb(LinkType.ETHERNET, 1500, Option.string(2, "eth0"))
                .epb(0, T_US, frame(33, 1), 40, Option.comment("ok"), Option.u32(2, 1))
                .bytes();
        assertArrayEquals(expected, Captures.rewrite(input));
    }

    @Test
    void roundTripMergesEqualInterfacesAndDropsUnusedInterfacesAndEmptySections() throws IOException {
        byte[] input = new PcapngBuilder()
                .shb(false, Option.comment("first"))
                .idb(LinkType.RAW, 0)
                .idb(LinkType.ETHERNET, 1500, Option.u8(9, 9))
                .idb(LinkType.ETHERNET, 1500, Option.u8(9, 9))
                .isb(0, T_US, 0)
                .epb(2, T_NS, frame(20, 1))
                .epb(1, T_NS + 1, frame(21, 2))
                .shb(false, Option.comment("empty"))
                .idb(LinkType.ETHERNET, 0)
                .shb(false, Option.comment("third"))
                .idb(LinkType.ETHERNET, 0)
                .epb(0, T_US, frame(22, 3))
                .shb(false, Option.comment("empty at the end"))
                .bytes();
        byte[] expected = new PcapngBuilder()
                .shb(false, Option.comment("first"))
                .idb(LinkType.ETHERNET, 1500, Option.u8(9, 9))
                .epb(0, T_NS, frame(20, 1))
                .epb(0, T_NS + 1, frame(21, 2))
                .shb(false, Option.comment("third"))
                .idb(LinkType.ETHERNET, 0)
                .epb(0, T_US, frame(22, 3))
                .bytes();
        assertArrayEquals(expected, Captures.rewrite(input));
    }

    /** A random file in the form {@link PcapngWriter} writes: canonical options, IDBs just before first use. */
    static byte[] canonicalFile(Random rnd) {
        PcapngBuilder b = new PcapngBuilder();
        int sections = 1 + rnd.nextInt(3);
        for (int s = 0; s < sections; s++) {
            b.shb(false, sectionOptions(rnd));
            int interfaces = 1 + rnd.nextInt(4);
            int declared = 0;
            int packets = 1 + rnd.nextInt(8);
            for (int i = 0; i < packets; i++) {
                int id = rnd.nextInt(Math.min(declared + 1, interfaces));
                if (id == declared) {
                    b.idb(rnd.nextBoolean() ? LinkType.ETHERNET : LinkType.LINUX_SLL, 1000 + id,
                            interfaceOptions(rnd));
                    declared++;
                }
                int length = rnd.nextInt(100);
                b.epb(id, rnd.nextLong() >>> 2, frame(length, rnd.nextInt()), length + rnd.nextInt(3) * 100,
                        packetOptions(rnd));
            }
        }
        return b.bytes();
    }

    private static Option[] sectionOptions(Random rnd) {
        List<Option> options = new ArrayList<>();
        for (int i = rnd.nextInt(3); i > 0; i--) {
            options.add(Option.comment("section comment " + rnd.nextInt(1000)));
        }
        String[] values = {"hardware", "os ✓", "application"};
        for (int code = 2; code <= 4; code++) {
            if (rnd.nextBoolean()) {
                options.add(Option.string(code, values[code - 2].substring(0, 1 + rnd.nextInt(values[code - 2].length()))));
            }
        }
        return options.toArray(new Option[0]);
    }

    private static Option[] interfaceOptions(Random rnd) {
        List<Option> options = new ArrayList<>();
        if (rnd.nextBoolean()) {
            options.add(Option.string(2, "if" + rnd.nextInt(100)));
        }
        if (rnd.nextBoolean()) {
            options.add(Option.string(3, "description " + rnd.nextInt(1000)));
        }
        int[] resolutions = {6, 9, 3, 0x94, 12, 0x9E};
        int tsresol = resolutions[rnd.nextInt(resolutions.length)];
        if (tsresol != 6) {
            options.add(Option.u8(9, tsresol));
        }
        if (rnd.nextBoolean()) {
            options.add(Option.u8(13, rnd.nextInt(5)));
        }
        if (rnd.nextBoolean()) {
            options.add(Option.i64(14, rnd.nextInt(2_000_000) - 1_000_000));
        }
        return options.toArray(new Option[0]);
    }

    private static Option[] packetOptions(Random rnd) {
        List<Option> options = new ArrayList<>();
        for (int i = rnd.nextInt(4) - 1; i > 0; i--) {
            options.add(Option.comment("comment " + "ä".repeat(rnd.nextInt(5))));
        }
        if (rnd.nextBoolean()) {
            options.add(Option.u32(2, rnd.nextInt() & 0xFFFF_FFFFL));
        }
        return options.toArray(new Option[0]);
    }
}
