// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pcapng resync over hostile bytes: from many start offsets of seeded files whose payloads hold fake block
 * headers with matching trailing lengths, and whole fake block chains, it finds a true block boundary at or after
 * the start or declines, never anything else.
 */
class PcapngResyncTest {
    private static final int MAX_RECORD = 4096;

    private static PcapResync.Source source(byte[] file) {
        return new PcapResync.Source() {
            @Override
            public long length() {
                return file.length;
            }

            @Override
            public void read(long pos, byte[] b, int off, int len) {
                System.arraycopy(file, (int) pos, b, off, len);
            }
        };
    }

    /** Runs the resync from {@code points} offsets (seeded, every residue mod 4); returns how many it decided. */
    private static int sweep(PcapngCaptures c, long seed, int points) throws Exception {
        byte[] file = c.bytes();
        Set<Long> truth = new HashSet<>(c.boundaries());
        PcapngResync r = PcapngResync.forHead(Arrays.copyOf(file, 24), MAX_RECORD);
        PcapResync.Source src = source(file);
        Random random = new Random(seed);
        int decided = 0;
        for (int i = 0; i < points; i++) {
            long start = i < 64 ? file.length - i : 1 + random.nextInt(file.length);
            long b = r.find(src, start);
            if (b == -1) {
                continue;
            }
            if (!truth.contains(b) || b < start) {
                fail("seed " + seed + ", from byte " + start + ": resync says " + b
                        + ", which is not a block boundary at or after it");
            }
            decided++;
        }
        return decided;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void fakeBlocksInPayloadsNeverGiveAWrongBoundary(long seed) throws Exception {
        PcapngCaptures c = new PcapngCaptures(seed, seed % 3 == 0);
        c.idb(1, 65535).idb(1, 128).packets(700, 0, 1);
        int decided = sweep(c, seed, 600);
        assertTrue(decided > 400, "decided " + decided + " of 600");
        // From a start that is itself a block boundary (a split point falling exactly between two blocks).
        byte[] file = c.bytes();
        Set<Long> truth = new HashSet<>(c.boundaries());
        PcapngResync r = PcapngResync.forHead(file, MAX_RECORD);
        for (int i = 1; i < c.boundaries().size(); i += 7) {
            long start = c.boundaries().get(i);
            long b = r.find(source(file), start);
            assertTrue(b == -1 || (truth.contains(b) && b >= start), "from boundary " + start + ": " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void payloadsThatAreWholeFakeChainsNeverFool(long seed) throws Exception {
        // Every packet is a fake chain of blocks: the fake and the true chains run side by side.
        PcapngCaptures c = new PcapngCaptures(seed, false);
        c.idb(1, 65535);
        for (int i = 0; i < 400; i++) {
            c.custom(c.fakeChain(8 + c.random.nextInt(8)));
            c.packet(0);
        }
        sweep(c, seed, 500);
    }

    @Test
    void damageAndTheEndAreDecidedOrDeclinedNeverWrong() throws Exception {
        PcapngCaptures c = new PcapngCaptures(21, false);
        c.idb(1, 65535).packets(300, 0);
        c.raw(new byte[] {6, 0, 0, 0, 64, 0, 0, 0, 1, 2, 3, 4}); // a block cut short
        byte[] file = c.bytes();
        PcapngResync r = PcapngResync.forHead(file, MAX_RECORD);
        Set<Long> truth = new HashSet<>(c.boundaries());
        truth.add((long) file.length);
        for (long start = file.length - 3000; start <= file.length; start++) {
            long b = r.find(source(file), start);
            assertTrue(b == -1 || (truth.contains(b) && b >= start), "from " + start + ": " + b);
        }
    }

    @Test
    void onlyPcapngSectionHeadersAreTaken() {
        assertNull(PcapngResync.forHead(new byte[] {10, 13, 13, 10, 28, 0, 0, 0, 1, 2, 3, 4}, MAX_RECORD));
        assertNull(PcapngResync.forHead(new byte[8], MAX_RECORD));
        PcapngResync le = PcapngResync.forHead(new byte[] {10, 13, 13, 10, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A},
                MAX_RECORD);
        assertEquals(false, le.bigEndian());
        assertTrue(le.window() >= 32 + MAX_RECORD + 4096);
    }

    @Test
    void aHugeRecordLimitDeclinesRatherThanBufferingGigabytes() throws Exception {
        PcapngCaptures c = new PcapngCaptures(22, false);
        byte[] file = c.idb(1, 65535).packets(100, 0).bytes();
        assertEquals(-1, PcapngResync.forHead(file, 256 << 20).find(source(file), 1000));
        assertTrue(PcapngResync.forHead(file, 262_144).find(source(file), 1000) > 1000);
    }
}
