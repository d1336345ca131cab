// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded sweep over every supported link type: valid ERM fixtures truncated, bit-flipped and with random
 * length fields, plus random bytes. The engine never throws, stays inside the slice (the same slice inside
 * different surrounding bytes gives the same answer), and returns bounds inside the array.
 */
class MutationSweepTest {
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2,
        LinkType.RAW, LinkType.IPV4, LinkType.IPV6, LinkType.NULL, LinkType.LOOP};

    static IntStream seeds() {
        return IntStream.rangeClosed(1, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverThrowsAndStaysInBounds(int seed) {
        Random rnd = new Random(seed);
        DecapOptions options = DecapOptions.DEFAULT.withVlanMode(VlanMode.values()[seed % 3])
                .withAutoDetect(seed % 2 == 0).withMaxDepth(1 + seed % 4)
                .withNonErmPolicy(NonErmPolicy.values()[seed % 2]);
        ErmDecapsulator a = new ErmDecapsulator(options);
        ErmDecapsulator b = new ErmDecapsulator(options);
        for (int linkType : LINK_TYPES) {
            for (int i = 0; i < 150; i++) {
                byte[] pkt = mutate(rnd, validFixture(rnd, linkType));
                check(a, b, rnd, i % 17 == 0 ? rnd.nextInt(300) : linkType, pkt);
            }
        }
        assertEquals(LINK_TYPES.length * 150, a.stats().records());
        long kinds = Arrays.stream(Outcome.values()).filter(o -> a.stats().count(o) > 0).count();
        assertTrue(a.stats().count(Outcome.DECAPSULATED) > 100 && kinds >= 6,
                "the sweep reaches too few outcomes: " + a.stats().toJson());
    }

    static byte[] validFixture(Random rnd, int linkType) {
        ErmFrames f = ErmFrames.erm().link(linkType).word(rnd.nextInt() & ~ErmHeader.UNKNOWN_BITS);
        boolean v6 = linkType == LinkType.IPV6 || (linkType != LinkType.IPV4 && rnd.nextInt(4) == 0);
        if (v6) {
            f.addresses(ErmDecapsulatorTest.V6_SWITCH, ErmDecapsulatorTest.V6_COLLECTOR);
            f.ipv6ExtensionHeaders = rnd.nextBoolean() ? new int[0] : new int[] {0, 60};
        } else if (rnd.nextInt(3) == 0) {
            f.ipv4Options = new byte[4 * rnd.nextInt(11)];
        }
        if (linkType == LinkType.ETHERNET && rnd.nextBoolean()) {
            f.tags(0x88a8, 0x8100);
        }
        if (rnd.nextInt(4) == 0) {
            f.inner(ErmFrames.erm().inner(ErmFrames.icmpEcho(rnd.nextInt(65536), 1)).build());
        } else {
            f.inner(ErmFrames.icmpEcho(rnd.nextInt(65536), rnd.nextInt(65536)));
        }
        if (rnd.nextInt(5) == 0) {
            f.ports(5, 40000 + rnd.nextInt(10));
        }
        return f.build();
    }

    static byte[] mutate(Random rnd, byte[] valid) {
        byte[] p = valid.clone();
        switch (rnd.nextInt(5)) {
            case 0:
                return Arrays.copyOf(p, rnd.nextInt(p.length + 1));
            case 1:
                for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
                    p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return p;
            case 2:
                int at = rnd.nextInt(p.length - 1);
                p[at] = (byte) rnd.nextInt();
                p[at + 1] = (byte) rnd.nextInt();
                return p;
            case 3:
                byte[] r = new byte[rnd.nextInt(200)];
                rnd.nextBytes(r);
                return r;
            default:
                return p;
        }
    }

    /** Decapsulates the same slice inside two arrays with different surroundings; answers must agree. */
    private static void check(ErmDecapsulator a, ErmDecapsulator b, Random rnd, int linkType, byte[] pkt) {
        int before = rnd.nextInt(20);
        byte[] one = embed(pkt, before, (byte) 0x00);
        byte[] two = embed(pkt, before + 3, (byte) 0xFF);
        long original = pkt.length + (rnd.nextBoolean() ? 0 : rnd.nextInt(100));
        DecapResult r1 = a.decapsulate(linkType, one, before, pkt.length, original);
        assertBounds(r1, one, before, pkt.length, original);
        Outcome o1 = r1.outcome();
        int rel1 = r1.tagInserted() ? -1 : r1.offset() - before;
        byte[] out1 = ErmDecapsulatorTest.slice(r1);
        long orig1 = r1.originalLength();
        DecapResult r2 = b.decapsulate(linkType, two, before + 3, pkt.length, original);
        assertBounds(r2, two, before + 3, pkt.length, original);
        assertEquals(o1, r2.outcome());
        assertEquals(rel1, r2.tagInserted() ? -1 : r2.offset() - before - 3);
        assertArrayEquals(out1, ErmDecapsulatorTest.slice(r2));
        assertEquals(orig1, r2.originalLength());
    }

    private static byte[] embed(byte[] pkt, int before, byte fill) {
        byte[] a = new byte[before + pkt.length + 16];
        Arrays.fill(a, fill);
        System.arraycopy(pkt, 0, a, before, pkt.length);
        return a;
    }

    private static void assertBounds(DecapResult r, byte[] in, int off, int len, long original) {
        assertNotNull(r.outcome());
        assertTrue(r.offset() >= 0 && r.length() >= 0 && r.offset() + r.length() <= r.array().length, r::toString);
        assertTrue(r.length() <= len + 4, r::toString);
        if (!r.decapsulated()) {
            assertSame(in, r.array());
            assertEquals(off, r.offset());
            assertEquals(len, r.length());
            assertEquals(original, r.originalLength());
            assertEquals(0, r.depth());
            return;
        }
        assertTrue(r.originalLength() >= r.length(), r::toString);
        assertTrue(r.depth() >= 1, r::toString);
        if (!r.tagInserted()) {
            assertSame(in, r.array());
            assertTrue(r.offset() >= off && r.offset() + r.length() <= off + len, r::toString);
        }
    }
}
