// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.PacketRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.github.ermdecap.erm.ErmDecapsulatorTest.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real switch captures of ERM-PROTOCOL.md: every ERM record decapsulates into a byte-exact copy of the
 * un-encapsulated ping beside it. Read from {@code erm.samples.dir}; skipped when that folder is absent.
 */
class RealSamplesTest {
    private static final Set<Long> NESTED = Set.of(5L, 8L, 13L, 16L);

    static List<PacketRecord> records(String name) throws IOException {
        String dir = System.getProperty("erm.samples.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "real ERM samples not found (erm.samples.dir=" + dir + "): skipping");
        Path file = Path.of(dir, name);
        assumeTrue(Files.isRegularFile(file), "sample " + file + " missing: skipping");
        List<PacketRecord> list = new ArrayList<>();
        try (CaptureReader in = CaptureReader.open(file)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                list.add(r.copy());
            }
        }
        return list;
    }

    private static boolean isErm(PacketRecord r) {
        byte[] b = r.array();
        return b.length > 37 && b[23] == 17 && Wire.u16(b, 36) == 7932;
    }

    /** The original of a ping: the un-encapsulated record with the same IPs, ICMP type, id and seq. */
    private static PacketRecord original(List<PacketRecord> all, byte[] inner) {
        String key = pingKey(inner);
        PacketRecord found = null;
        for (PacketRecord r : all) {
            if (!isErm(r) && key.equals(pingKey(untagged(r.array())))) {
                assertEquals(null, found, "two originals for " + key);
                found = r;
            }
        }
        assertTrue(found != null, "no original for " + key);
        return found;
    }

    /** src IP, dst IP, ICMP type, id, seq of an untagged Ethernet/IPv4/ICMP frame. */
    private static String pingKey(byte[] f) {
        return Arrays.toString(Arrays.copyOfRange(f, 26, 34)) + f[34] + "/" + Wire.u16(f, 38) + "/" + Wire.u16(f, 40);
    }

    static byte[] untagged(byte[] f) {
        if (Wire.u16(f, 12) != 0x8100) {
            return f;
        }
        return ErmFrames.concat(Arrays.copyOf(f, 12), Arrays.copyOfRange(f, 16, f.length));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hp-erm-1.cap", "hp-erm-2.cap"})
    void everyErmRecordGivesBackTheOriginalPing(String name) throws IOException {
        List<PacketRecord> all = records(name);
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        int erm = 0;
        for (PacketRecord rec : all) {
            DecapResult r = engine.decapsulate(rec);
            if (!isErm(rec)) {
                assertEquals(Outcome.NOT_ERM_NOT_UDP, r.outcome());
                assertArrayEquals(rec.array(), slice(r), "record " + rec.recordNumber());
                continue;
            }
            erm++;
            assertEquals(Outcome.DECAPSULATED, r.outcome(), "record " + rec.recordNumber());
            boolean nested = name.equals("hp-erm-2.cap") && NESTED.contains(rec.recordNumber());
            assertEquals(nested ? 2 : 1, r.depth(), "record " + rec.recordNumber());
            byte[] inner = slice(r);
            assertArrayEquals(untagged(original(all, inner).array()), inner, "record " + rec.recordNumber());
            assertEquals(inner.length, r.originalLength());
        }
        assertEquals(name.equals("hp-erm-1.cap") ? 4 : 12, erm);
        assertEquals(erm, engine.stats().count(Outcome.DECAPSULATED));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = VlanMode.class, names = {"TAGGED", "ALWAYS"})
    void restoredTagCarriesTheOriginalVlan(VlanMode mode) throws IOException {
        List<PacketRecord> all = records("hp-erm-2.cap");
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(mode));
        int exact = 0;
        for (PacketRecord rec : all) {
            DecapResult r = engine.decapsulate(rec);
            if (!r.decapsulated()) {
                assertArrayEquals(rec.array(), slice(r));
                continue;
            }
            assertEquals(mode == VlanMode.ALWAYS || r.tagged(), r.tagInserted());
            byte[] out = slice(r);
            byte[] stripped = r.tagInserted() ? untagged(out) : out;
            byte[] orig = original(all, stripped).array();
            assertArrayEquals(untagged(orig), stripped);
            if (r.tagInserted()) {
                assertEquals(r.vlanId(), Wire.u16(out, 14) & 0xFFF);
                assertEquals(r.originalLength(), out.length);
            }
            if (r.tagInserted() && Wire.u16(orig, 12) == 0x8100) {
                assertEquals(Wire.u16(orig, 14) & 0xFFF, r.vlanId());
                if (Wire.u16(orig, 14) >>> 13 == r.pcp()) {
                    assertArrayEquals(orig, out, "record " + rec.recordNumber() + " with its tag restored");
                    exact++;
                }
            }
        }
        assertTrue(exact >= 2, "tag restored byte for byte in " + exact + " records");
    }

    @Test
    void maxDepthOneDecapsulatesNestedErmOnceLikeRcdcap() throws IOException {
        List<PacketRecord> all = records("hp-erm-2.cap");
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withMaxDepth(1));
        for (PacketRecord rec : all) {
            DecapResult r = engine.decapsulate(rec);
            if (!NESTED.contains(rec.recordNumber())) {
                continue;
            }
            assertEquals(1, r.depth());
            assertEquals(10, r.vlanId(), "the outer switch's VLAN");
            byte[] once = slice(r);
            DecapResult again = new ErmDecapsulator(DecapOptions.DEFAULT).decapsulate(1, once, 0, once.length,
                    once.length);
            assertEquals(Outcome.DECAPSULATED, again.outcome(), "an ERM frame of 10.205.0.2 inside");
            assertEquals("10.205.0.2", again.switchAddress());
        }
        assertEquals(0, engine.stats().decapsulatedAtDepth(2));
        assertEquals(12, engine.stats().decapsulatedAtDepth(1));
    }

    @Test
    void statisticsOfTheSecondSample() throws IOException {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        for (PacketRecord rec : records("hp-erm-2.cap")) {
            engine.decapsulate(rec);
        }
        DecapStats s = engine.stats();
        assertEquals(16, s.records());
        assertEquals(8, s.decapsulatedAtDepth(1));
        assertEquals(4, s.decapsulatedAtDepth(2));
        assertEquals("{10=6, 2011=6}", s.vlanCounts().toString());
        assertEquals(2, s.sessions().size());
        assertEquals("10.205.0.1", s.sessions().get(0).switchAddress());
        assertEquals(8, s.sessions().get(0).packets());
        assertEquals("[10, 2011]", s.sessions().get(0).vlans().toString());
        assertEquals(7932, s.sessions().get(1).port());
        assertEquals(0, s.anomalies());
    }
}
