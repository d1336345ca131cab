// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The resync over hostile bytes: from every start offset of crafted files whose payloads hold fake record headers
 * and whole fake record chains, it finds a true record boundary or declines, never anything else.
 */
class PcapResyncTest {
    private static final int SNAPLEN = 1024;

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

    /** Runs the resync from every offset; returns how many offsets it decided. */
    private static int sweep(Captures c, boolean nanos) throws Exception {
        byte[] file = c.bytes();
        Set<Long> truth = new HashSet<>(c.boundaries());
        PcapResync r = PcapResync.forHeader(Arrays.copyOf(file, 24), 262_144);
        PcapResync.Source src = source(file);
        int decided = 0;
        for (long start = 25; start <= file.length; start++) {
            long b = r.find(src, start);
            if (b == -1) {
                continue;
            }
            if (!truth.contains(b) || b < start) {
                fail("from byte " + start + ": resync says " + b + ", which is not a record boundary at or after it"
                        + " (nanos " + nanos + ")");
            }
            decided++;
        }
        return decided;
    }

    @Test
    void fakeHeadersInPayloadsNeverGiveAWrongBoundary() throws Exception {
        Captures c = new Captures(1, false, SNAPLEN).mixed(250);
        int decided = sweep(c, false);
        assertTrue(decided > (c.size() - 24) * 9 / 10, "decided only " + decided + " of " + c.size() + " offsets");
    }

    @Test
    void wholeFakeChainsInPayloadsNeverGiveAWrongBoundary() throws Exception {
        Captures c = new Captures(2, true, SNAPLEN);
        Random random = new Random(2);
        for (int i = 0; i < 120; i++) {
            c.mixed(1);
            // A payload that is itself a chain of 10 plausible records, longer than the resync's chain check,
            // ending exactly where the true record ends (so the fake chain merges into the true one) or followed
            // by random bytes (so it breaks off).
            byte[] chain = c.fakeChain(10);
            byte[] tail = new byte[random.nextBoolean() ? 0 : 1 + random.nextInt(30)];
            random.nextBytes(tail);
            byte[] payload = Arrays.copyOf(chain, chain.length + tail.length);
            System.arraycopy(tail, 0, payload, chain.length, tail.length);
            c.record(c.plainUdp(payload));
        }
        int decided = sweep(c, true);
        assertTrue(decided > (c.size() - 24) / 2, "decided only " + decided + " of " + c.size() + " offsets");
    }

    @Test
    void aTruncatedLastRecordIsNoBoundaryAndRandomBytesAreDeclined() throws Exception {
        Captures c = new Captures(3, false, SNAPLEN).mixed(40);
        byte[] good = c.bytes();
        long lastStart = c.boundaries().get(c.boundaries().size() - 2);
        byte[] cut = Arrays.copyOf(good, good.length - 5);
        PcapResync r = PcapResync.forHeader(Arrays.copyOf(cut, 24), 262_144);
        long b = r.find(source(cut), lastStart - 3);
        // The end of the file is where every part ends; the cut record is not a boundary, but it starts at one.
        assertTrue(b == -1 || b == cut.length || b < cut.length && new HashSet<>(c.boundaries()).contains(b),
                "found " + b);

        byte[] noise = new byte[20_000];
        new Random(4).nextBytes(noise);
        System.arraycopy(good, 0, noise, 0, 24);
        PcapResync.Source src = source(noise);
        int decided = 0;
        for (long start = 25; start < noise.length; start += 97) {
            long b2 = r.find(src, start);
            // Within a record length of the end, the end of the file is the answer: no part starts there.
            if (b2 != -1 && b2 != noise.length) {
                decided++;
            }
        }
        assertEquals(0, decided, "random bytes hold no plausible record chain");
    }

    @Test
    void onlyClassicPcapHeadersAreAccepted() {
        assertNull(PcapResync.forHeader(new byte[24], 262_144));
        assertNull(PcapResync.forHeader(new byte[] {0x0a, 0x0d, 0x0d, 0x0a}, 262_144));
        byte[] be = {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 100, 0, 0, 0, 1};
        assertEquals(116, PcapResync.forHeader(be, 262_144).window());
    }
}
