// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.github.ermdecap.erm.ErmDecapsulatorTest.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inner frame: bounds, original length, VLAN tag restoration, nesting. */
class InnerFrameTest {

    private static DecapResult run(DecapOptions o, byte[] pkt) {
        return new ErmDecapsulator(o).decapsulate(LinkType.ETHERNET, pkt, 0, pkt.length, pkt.length);
    }

    @Test
    void snaplenCutRecordKeepsTheUdpLengthAsOriginal() {
        byte[] pkt = ErmFrames.erm().build();
        int cut = 54 + 40;
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT).decapsulate(LinkType.ETHERNET, pkt, 0, cut,
                pkt.length);
        assertEquals(Outcome.DECAPSULATED, r.outcome());
        assertEquals(40, r.length());
        assertEquals(98, r.originalLength());
        assertArrayEquals(Arrays.copyOf(ErmFrames.icmpEcho(1, 1), 40), slice(r));
    }

    @Test
    void switchTruncatedFrameRecoversItsLengthFromInnerIpv4() {
        byte[] inner = Arrays.copyOf(ErmFrames.icmpEcho(1, 1), 64);
        DecapResult r = run(DecapOptions.DEFAULT, ErmFrames.erm().inner(inner).build());
        assertEquals(64, r.length());
        assertEquals(98, r.originalLength());
    }

    @Test
    void switchTruncatedFrameRecoversItsLengthFromInnerIpv6BehindTags() {
        byte[] v6a = ErmDecapsulatorTest.V6_SWITCH;
        byte[] v6b = ErmDecapsulatorTest.V6_COLLECTOR;
        byte[] full = ErmFrames.udpFrame(ErmFrames.HOST_A_MAC, ErmFrames.HOST_B_MAC, v6a, v6b, 1000, 53, new byte[200]);
        byte[] tagged = new byte[full.length + 8];
        System.arraycopy(full, 0, tagged, 0, 12);
        byte[] tags = {(byte) 0x88, (byte) 0xa8, 0, 5, (byte) 0x81, 0, 0, 7};
        System.arraycopy(tags, 0, tagged, 12, 8);
        System.arraycopy(full, 12, tagged, 20, full.length - 12);
        DecapResult r = run(DecapOptions.DEFAULT, ErmFrames.erm().inner(Arrays.copyOf(tagged, 80)).build());
        assertEquals(80, r.length());
        assertEquals(tagged.length, r.originalLength());
    }

    @Test
    void innerLengthFieldsSayingLessChangeNothing() {
        byte[] inner = ErmFrames.concat(ErmFrames.icmpEcho(1, 1), new byte[10]);
        DecapResult r = run(DecapOptions.DEFAULT, ErmFrames.erm().inner(inner).build());
        assertEquals(108, r.length());
        assertEquals(108, r.originalLength());
    }

    @Test
    void neverModeLeavesTheFrameAsSentEvenWhenTagged() {
        byte[] pkt = ErmFrames.erm().word(ErmFrames.word(6, false, 2011, true)).build();
        DecapResult r = run(DecapOptions.DEFAULT, pkt);
        assertSame(pkt, r.array());
        assertFalse(r.tagInserted());
        assertArrayEquals(ErmFrames.icmpEcho(1, 1), slice(r));
    }

    @ParameterizedTest(name = "is_tagged {0}")
    @ValueSource(booleans = {true, false})
    void taggedModeInsertsOnlyWhenIsTaggedIsSet(boolean isTagged) {
        byte[] pkt = ErmFrames.erm().word(ErmFrames.word(6, false, 2011, isTagged)).build();
        DecapResult r = run(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED), pkt);
        assertEquals(isTagged, r.tagInserted());
        assertEquals(isTagged ? 102 : 98, r.length());
        assertEquals(isTagged ? 102 : 98, r.originalLength());
    }

    @ParameterizedTest(name = "ERM priority {0} -> PCP {1}")
    @CsvSource({"0,1", "1,2", "2,0", "3,3", "4,4", "5,5", "6,6", "7,7"})
    void alwaysModeBuildsTheTciFromTheErmWord(int priority, int pcp) {
        byte[] inner = ErmFrames.icmpEcho(3, 4);
        byte[] pkt = ErmFrames.erm().word(ErmFrames.word(priority, true, 0xABC, false)).inner(inner).build();
        DecapResult r = run(DecapOptions.DEFAULT.withVlanMode(VlanMode.ALWAYS), pkt);
        assertTrue(r.tagInserted());
        assertEquals(pcp, r.pcp());
        int tci = pcp << 13 | 1 << 12 | 0xABC;
        byte[] expected = ErmFrames.concat(Arrays.copyOf(inner, 12),
                ErmFrames.concat(new byte[] {(byte) 0x81, 0, (byte) (tci >>> 8), (byte) tci},
                        Arrays.copyOfRange(inner, 12, inner.length)));
        assertArrayEquals(expected, slice(r));
        assertNotSame(pkt, r.array());
    }

    @Test
    void tagGoesOutsideATagTheFrameAlreadyHas() {
        byte[] inner = ErmFrames.ethernet(ErmFrames.HOST_B_MAC, ErmFrames.HOST_A_MAC, new int[] {0x8100}, 0x0800,
                new byte[46]);
        DecapResult r = run(DecapOptions.DEFAULT.withVlanMode(VlanMode.ALWAYS),
                ErmFrames.erm().vlan(20).inner(inner).build());
        byte[] out = slice(r);
        assertEquals(0x8100, Wire.u16(out, 12));
        assertEquals(20, Wire.u16(out, 14) & 0xFFF);
        assertEquals(0x8100, Wire.u16(out, 16));
        assertEquals(100, Wire.u16(out, 18));
    }

    @Test
    void tagBufferGrowsForJumboFramesAndIsReused() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.ALWAYS));
        byte[] jumbo = ErmFrames.ethernet(ErmFrames.HOST_B_MAC, ErmFrames.HOST_A_MAC, new int[0], 0x88b5,
                new byte[9000]);
        byte[] pkt = ErmFrames.erm().inner(jumbo).build();
        DecapResult r = engine.decapsulate(1, pkt, 0, pkt.length, pkt.length);
        assertEquals(jumbo.length + 4, r.length());
        byte[] buffer = r.array();
        r = engine.decapsulate(1, pkt, 0, pkt.length, pkt.length);
        assertSame(buffer, r.array());
    }

    @Test
    void nestedErmIsDecapsulatedUpToMaxDepth() {
        byte[] ping = ErmFrames.icmpEcho(9, 9);
        byte[] level3 = ErmFrames.erm().word(ErmFrames.word(5, false, 2011, true)).inner(ping).build();
        byte[] level2 = ErmFrames.erm().vlan(20).inner(level3).build();
        byte[] level1 = ErmFrames.erm().vlan(10).inner(level2).build();
        for (int max = 1; max <= 4; max++) {
            DecapResult r = run(DecapOptions.DEFAULT.withMaxDepth(max), level1);
            int depth = Math.min(max, 3);
            assertEquals(depth, r.depth());
            assertArrayEquals(depth == 3 ? ping : depth == 2 ? level3 : level2, slice(r));
            assertEquals(depth == 3 ? 2011 : depth == 2 ? 20 : 10, r.vlanId());
        }
    }

    @Test
    void malformedNestedLayerStopsAtTheLastGoodOne() {
        byte[] level2 = ErmFrames.erm().inner(new byte[5]).build();
        byte[] level1 = ErmFrames.erm().vlan(30).inner(level2).build();
        DecapResult r = run(DecapOptions.DEFAULT, level1);
        assertEquals(Outcome.DECAPSULATED, r.outcome());
        assertEquals(1, r.depth());
        assertEquals(30, r.vlanId());
        assertArrayEquals(level2, slice(r));
    }

    @Test
    void autoDetectFindsErmOnAnyPortAndRecordsIt() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withAutoDetect(true));
        byte[] pkt = ErmFrames.erm().ports(5, 40001).build();
        DecapResult r = engine.decapsulate(1, pkt, 0, pkt.length, pkt.length);
        assertEquals(Outcome.DECAPSULATED, r.outcome());
        assertEquals(40001, r.port());
        assertEquals("[40001]", engine.stats().autoDetectedPorts().toString());
        byte[] onSet = ErmFrames.erm().build();
        engine.decapsulate(1, onSet, 0, onSet.length, onSet.length);
        assertEquals("[40001]", engine.stats().autoDetectedPorts().toString());
    }

    @Test
    void autoDetectRejectsPayloadsWithoutTheSignatureOrAPlausibleFrame() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withAutoDetect(true));
        ErmFrames reserved = ErmFrames.erm().ports(5, 40001);
        reserved.reserved[0] = 1;
        ErmFrames zeros = ErmFrames.erm().ports(5, 40001).inner(new byte[60]);
        byte[] multicastSource = ErmFrames.icmpEcho(1, 1);
        multicastSource[6] = 1;
        byte[] oddType = ErmFrames.icmpEcho(1, 1);
        oddType[12] = 0x05;
        oddType[13] = (byte) 0xFF;
        for (byte[] pkt : new byte[][] {reserved.build(), zeros.build(), ErmFrames.erm().word(0x0000_0a01)
                .ports(5, 40001).build(), ErmFrames.erm().word(0x0100_0a00).ports(5, 40001).build(),
                ErmFrames.erm().inner(multicastSource).ports(5, 40001).build(),
                ErmFrames.erm().inner(oddType).ports(5, 40001).build()}) {
            assertEquals(Outcome.NOT_ERM_NO_SIGNATURE, engine.decapsulate(1, pkt, 0, pkt.length, pkt.length)
                    .outcome());
        }
        assertTrue(engine.stats().autoDetectedPorts().isEmpty());
    }

    @Test
    void withNoPortsOnlyTheSignatureCounts() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withNoPorts());
        ErmFrames unsigned = ErmFrames.erm();
        unsigned.reserved[2] = 1;
        byte[] a = ErmFrames.erm().build();
        byte[] b = unsigned.build();
        assertEquals(Outcome.DECAPSULATED, engine.decapsulate(1, a, 0, a.length, a.length).outcome());
        assertEquals(Outcome.NOT_ERM_NO_SIGNATURE, engine.decapsulate(1, b, 0, b.length, b.length).outcome());
        assertEquals("[7932]", engine.stats().autoDetectedPorts().toString());
        assertEquals(0, engine.options().ports().length);
    }

    @Test
    void portModeNeedsNoSignature() {
        ErmFrames f = ErmFrames.erm();
        f.reserved[0] = 1;
        DecapResult r = run(DecapOptions.DEFAULT, f.inner(new byte[20]).build());
        assertEquals(Outcome.DECAPSULATED, r.outcome());
        assertTrue(r.anomalous());
    }
}
