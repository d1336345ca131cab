// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outer variants the engine must recognise, and one fixture per outcome. */
class ErmDecapsulatorTest {
    static final byte[] V6_SWITCH = ErmFrames.ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    static final byte[] V6_COLLECTOR = ErmFrames.ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64);

    static Stream<Arguments> outerVariants() {
        return Stream.of(
                variant("ethernet", f -> { }),
                variant("ethernet 802.1Q", f -> f.tags(0x8100)),
                variant("ethernet 802.1ad + 802.1Q", f -> f.tags(0x88a8, 0x8100)),
                variant("ethernet 0x9100 + 802.1ad + 802.1Q", f -> f.tags(0x9100, 0x88a8, 0x8100)),
                variant("linux sll", f -> f.link(LinkType.LINUX_SLL)),
                variant("linux sll2", f -> f.link(LinkType.LINUX_SLL2)),
                variant("raw ipv4", f -> f.link(LinkType.RAW)),
                variant("raw ipv6", f -> f.link(LinkType.RAW).addresses(V6_SWITCH, V6_COLLECTOR)),
                variant("linktype ipv4", f -> f.link(LinkType.IPV4)),
                variant("linktype ipv6", f -> f.link(LinkType.IPV6).addresses(V6_SWITCH, V6_COLLECTOR)),
                variant("null little-endian", f -> f.link(LinkType.NULL)),
                variant("null big-endian", f -> { f.link(LinkType.NULL).nullLittleEndian = false; }),
                variant("null ipv6", f -> f.link(LinkType.NULL).addresses(V6_SWITCH, V6_COLLECTOR)),
                variant("loop ipv4", f -> f.link(LinkType.LOOP)),
                variant("loop ipv6", f -> f.link(LinkType.LOOP).addresses(V6_SWITCH, V6_COLLECTOR)),
                variant("ipv4 options (IHL 6)", f -> f.ipv4Options = new byte[] {1, 1, 1, 0}),
                variant("ipv4 options (IHL 15)", f -> f.ipv4Options = new byte[40]),
                variant("ipv6 hop-by-hop, routing, destination options",
                        f -> { f.addresses(V6_SWITCH, V6_COLLECTOR).ipv6ExtensionHeaders = new int[] {0, 43, 60}; }),
                variant("sll ipv6 + ext", f -> { f.link(LinkType.LINUX_SLL).addresses(V6_SWITCH, V6_COLLECTOR)
                        .ipv6ExtensionHeaders = new int[] {60}; }),
                variant("port on the source side", f -> f.ports(7932, 40000)),
                variant("ethernet padding and FCS behind the datagram",
                        f -> f.trailer = new byte[] {0, 0, 0, 0, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}));
    }

    private static Arguments variant(String name, Consumer<ErmFrames> setup) {
        return Arguments.of(name, setup);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outerVariants")
    void decapsulatesEveryOuterVariant(String name, Consumer<ErmFrames> setup) {
        ErmFrames f = ErmFrames.erm().word(ErmFrames.word(5, true, 2011, true));
        setup.accept(f);
        byte[] pkt = f.build();
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        DecapResult r = engine.decapsulate(f.linkType, pkt, 0, pkt.length, pkt.length);
        assertEquals(Outcome.DECAPSULATED, r.outcome(), name);
        assertArrayEquals(f.inner, slice(r), name);
        assertEquals(f.inner.length, r.originalLength());
        assertEquals(LinkType.ETHERNET, r.linkType());
        assertEquals(1, r.depth());
        assertEquals(2011, r.vlanId());
        assertEquals(5, r.priority());
        assertTrue(r.cfi());
        assertTrue(r.tagged());
        assertEquals(7932, r.port());
        assertEquals(f.srcIp.length == 4 ? "10.1.0.1" : "2001:db8::1", r.switchAddress());
        assertFalse(r.tagInserted());
        assertFalse(r.anomalous());
    }

    @Test
    void decapsulatesAtAnOffsetInsideALargerArray() {
        byte[] pkt = ErmFrames.erm().build();
        byte[] big = new byte[pkt.length + 100];
        Arrays.fill(big, (byte) 0x55);
        System.arraycopy(pkt, 0, big, 37, pkt.length);
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT).decapsulate(LinkType.ETHERNET, big, 37,
                pkt.length, pkt.length);
        assertEquals(Outcome.DECAPSULATED, r.outcome());
        assertSame(big, r.array());
        assertEquals(37 + 54, r.offset());
        assertArrayEquals(ErmFrames.icmpEcho(1, 1), slice(r));
    }

    static Stream<Arguments> notErm() {
        return Stream.of(
                outcome(Outcome.NOT_ERM_LINK_TYPE, f -> f.link(147)),
                outcome(Outcome.NOT_ERM_NOT_IP, f -> f.link(LinkType.IPV4).addresses(V6_SWITCH, V6_COLLECTOR)),
                outcome(Outcome.NOT_ERM_NOT_IP, f -> f.link(LinkType.IPV6)),
                outcome(Outcome.NOT_ERM_NOT_IP, f -> f.link(LinkType.NULL).nullFamily = 7),
                outcome(Outcome.NOT_ERM_NOT_IP, f -> { f.ipv4Ihl = 4; f.ports(5, 9999); }),
                outcome(Outcome.NOT_ERM_NOT_UDP, f -> f.ipProtocol = 6),
                outcome(Outcome.NOT_ERM_NOT_UDP, f -> { f.addresses(V6_SWITCH, V6_COLLECTOR)
                        .ipv6ExtensionHeaders = new int[] {51}; }),
                outcome(Outcome.NOT_ERM_PORT, f -> f.ports(5, 7933)),
                outcome(Outcome.NOT_ERM_FRAGMENT, f -> f.ipv4FlagsFragment = 0x2000),
                outcome(Outcome.NOT_ERM_FRAGMENT, f -> f.ipv4FlagsFragment = 0x00b9),
                outcome(Outcome.NOT_ERM_FRAGMENT, f -> { f.addresses(V6_SWITCH, V6_COLLECTOR)
                        .ipv6ExtensionHeaders = new int[] {0, 44}; }),
                outcome(Outcome.MALFORMED_IP_HEADER, f -> { f.ipv4Ihl = 4; f.ports(5, 7932); }),
                outcome(Outcome.MALFORMED_IP_HEADER, f -> f.ipv4TotalLength = 19),
                outcome(Outcome.MALFORMED_UDP_LENGTH, f -> f.udpLength = 7),
                outcome(Outcome.MALFORMED_UDP_LENGTH, f -> f.udpLength = 8 + 12 + 98 + 1),
                outcome(Outcome.MALFORMED_UDP_LENGTH, f -> { f.addresses(V6_SWITCH, V6_COLLECTOR).udpLength = 500; }),
                outcome(Outcome.MALFORMED_SHORT_PAYLOAD, f -> { f.reserved = new byte[3]; f.inner = new byte[0]; }),
                outcome(Outcome.MALFORMED_INNER_FRAME, f -> f.inner = Arrays.copyOf(f.inner, 13)),
                outcome(Outcome.MALFORMED_INNER_FRAME, f -> f.inner = new byte[0]));
    }

    private static Arguments outcome(Outcome o, Consumer<ErmFrames> setup) {
        return Arguments.of(o, setup);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notErm")
    void passesThroughUnchangedWithItsOutcome(Outcome expected, Consumer<ErmFrames> setup) {
        ErmFrames f = ErmFrames.erm();
        setup.accept(f);
        byte[] pkt = f.build();
        byte[] before = pkt.clone();
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        DecapResult r = engine.decapsulate(f.linkType, pkt, 0, pkt.length, pkt.length + 3);
        assertEquals(expected, r.outcome());
        assertSame(pkt, r.array());
        assertEquals(0, r.offset());
        assertEquals(pkt.length, r.length());
        assertEquals(pkt.length + 3, r.originalLength());
        assertEquals(f.linkType, r.linkType());
        assertEquals(0, r.depth());
        assertNull(r.switchAddress());
        assertTrue(r.keep());
        assertArrayEquals(before, pkt);
        assertEquals(1, engine.stats().count(expected));
        assertEquals(1, engine.stats().records());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notErm")
    void dropPolicyDropsEverythingNotDecapsulatedMalformedToo(Outcome expected, Consumer<ErmFrames> setup) {
        ErmFrames f = ErmFrames.erm();
        setup.accept(f);
        byte[] pkt = f.build();
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT.withNonErmPolicy(NonErmPolicy.DROP))
                .decapsulate(f.linkType, pkt, 0, pkt.length, pkt.length);
        assertEquals(expected, r.outcome());
        assertFalse(r.keep(), "--drop-other: only decapsulated frames come out");
    }

    @ParameterizedTest(name = "cut at {0}")
    @ValueSource(ints = {0, 1, 11, 13, 14, 15, 33, 41, 53, 54, 67})
    void headersCutByTheCaptureAreTruncated(int cut) {
        byte[] pkt = ErmFrames.erm().build();
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT).decapsulate(LinkType.ETHERNET, pkt, 0, cut,
                pkt.length);
        assertEquals(Outcome.NOT_ERM_TRUNCATED, r.outcome());
        assertEquals(cut, r.length());
        assertEquals(pkt.length, r.originalLength());
    }

    @Test
    void outcomeLabelsAreLowerSnakeAndClassified() {
        assertEquals("not_erm_port", Outcome.NOT_ERM_PORT.label());
        assertEquals("malformed_inner_frame", Outcome.MALFORMED_INNER_FRAME.label());
        for (Outcome o : Outcome.values()) {
            assertEquals(o.name().startsWith("MALFORMED_"), o.malformed(), o.name());
            assertEquals(o == Outcome.DECAPSULATED, o.decapsulated(), o.name());
        }
    }

    @Test
    void impossibleSliceBoundsAreAnEmptyRecordNotAnException() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        byte[] pkt = ErmFrames.erm().build();
        assertEquals(Outcome.NOT_ERM_TRUNCATED, engine.decapsulate(1, null, 0, 10, 10).outcome());
        assertEquals(Outcome.NOT_ERM_TRUNCATED, engine.decapsulate(1, pkt, -1, 10, 10).outcome());
        assertEquals(Outcome.NOT_ERM_TRUNCATED, engine.decapsulate(1, pkt, 10, pkt.length, 10).outcome());
        assertEquals(Outcome.NOT_ERM_TRUNCATED, engine.decapsulate(1, pkt, 0, -5, 10).outcome());
        assertEquals(0, engine.decapsulate(1, pkt, 10, pkt.length, 10).length());
        assertEquals(5, engine.stats().records());
    }

    @Test
    void portSetMatchesEitherSideAndReportsTheMatchingPort() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withPorts(7933, 9000));
        byte[] a = ErmFrames.erm().ports(5, 9000).build();
        byte[] b = ErmFrames.erm().ports(7933, 40000).build();
        byte[] c = ErmFrames.erm().ports(5, 7932).build();
        assertEquals(9000, engine.decapsulate(1, a, 0, a.length, a.length).port());
        assertEquals(7933, engine.decapsulate(1, b, 0, b.length, b.length).port());
        assertEquals(Outcome.NOT_ERM_PORT, engine.decapsulate(1, c, 0, c.length, c.length).outcome());
    }

    @Test
    void aMalformedNestedLayerStopsDecapsulationAboveItAndCountsAsAnAnomaly() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        byte[] broken = ErmFrames.erm().inner(new byte[4]).build();   // ERM whose inner frame is 4 bytes
        byte[] outer = ErmFrames.erm().inner(broken).build();
        DecapResult r = engine.decapsulate(1, outer, 0, outer.length, outer.length);
        assertTrue(r.decapsulated());
        assertEquals(1, r.depth());
        assertTrue(r.anomalous(), "the malformed layer inside is flagged");
        assertArrayEquals(broken, java.util.Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.length()));
        assertEquals(1, engine.stats().anomalies());
    }

    @Test
    void unknownBitsAreDecapsulatedButCountedAsAnomalies() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        ErmFrames f = ErmFrames.erm();
        f.reserved[3] = 1;
        byte[] a = f.build();
        byte[] b = ErmFrames.erm().word(0x0140_0a01).build();
        byte[] c = ErmFrames.erm().build();
        DecapResult r = engine.decapsulate(1, a, 0, a.length, a.length);
        assertTrue(r.decapsulated() && r.anomalous());
        assertEquals(0, r.unknownBits());
        r = engine.decapsulate(1, b, 0, b.length, b.length);
        assertTrue(r.decapsulated() && r.anomalous());
        assertEquals(0x0100_0001, r.unknownBits());
        assertEquals(10, r.vlanId());
        r = engine.decapsulate(1, c, 0, c.length, c.length);
        assertFalse(r.anomalous());
        assertEquals(2, engine.stats().anomalies());
    }

    static byte[] slice(DecapResult r) {
        return Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.length());
    }
}
