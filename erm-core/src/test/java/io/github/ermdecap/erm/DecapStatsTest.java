// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, VLANs, depths, merging and the JSON form of {@link DecapStats}. */
class DecapStatsTest {
    private static final byte[] SWITCH_2 = ErmFrames.ip(10, 1, 0, 2);

    private static void feed(ErmDecapsulator engine, byte[]... packets) {
        for (byte[] p : packets) {
            engine.decapsulate(LinkType.ETHERNET, p, 0, p.length, p.length);
        }
    }

    @Test
    void sessionsAreSwitchAddressAndPortWithTheirVlans() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withPorts(7932, 7933));
        byte[] a10 = ErmFrames.erm().vlan(10).build();
        byte[] a20 = ErmFrames.erm().vlan(20).build();
        byte[] a7933 = ErmFrames.erm().ports(5, 7933).vlan(2011).build();
        byte[] b10 = ErmFrames.erm().addresses(SWITCH_2, ErmFrames.COLLECTOR_IP).vlan(10).build();
        byte[] v6 = ErmFrames.erm().addresses(ErmDecapsulatorTest.V6_SWITCH, ErmDecapsulatorTest.V6_COLLECTOR)
                .vlan(10).build();
        feed(engine, a10, b10, a10, a20, a7933, v6, ErmFrames.icmpEcho(1, 1));
        List<SessionStats> s = engine.stats().sessions();
        assertEquals(4, s.size());
        assertEquals("10.1.0.1:7932 packets=3 bytes=294 vlans=[10, 20]", s.get(0).toString());
        assertEquals("10.1.0.1:7933 packets=1 bytes=98 vlans=[2011]", s.get(1).toString());
        assertEquals("10.1.0.2:7932 packets=1 bytes=98 vlans=[10]", s.get(2).toString());
        assertEquals("2001:db8::1:7932 packets=1 bytes=98 vlans=[10]", s.get(3).toString());
        assertEquals("{10=4, 20=1, 2011=1}", engine.stats().vlanCounts().toString());
        assertEquals(7, engine.stats().records());
        assertEquals(1, engine.stats().count(Outcome.NOT_ERM_NOT_UDP));
    }

    @Test
    void nestedFramesCountPerDepthUnderTheOutermostSession() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        byte[] inner = ErmFrames.erm().addresses(SWITCH_2, ErmFrames.COLLECTOR_IP).vlan(2011).build();
        feed(engine, ErmFrames.erm().vlan(10).inner(inner).build(), ErmFrames.erm().build());
        assertEquals(1, engine.stats().decapsulatedAtDepth(1));
        assertEquals(1, engine.stats().decapsulatedAtDepth(2));
        assertEquals(0, engine.stats().decapsulatedAtDepth(99));
        assertEquals(1, engine.stats().sessions().size());
        assertEquals("[10, 2011]", engine.stats().sessions().get(0).vlans().toString());
    }

    @Test
    void manySessionsGrowTheTableAndStayDistinct() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 300; i++) {
                feed(engine, ErmFrames.erm().addresses(ErmFrames.ip(10, 2, i >> 8, i & 0xFF), ErmFrames.COLLECTOR_IP)
                        .build());
            }
        }
        List<SessionStats> s = engine.stats().sessions();
        assertEquals(300, s.size());
        assertTrue(s.stream().allMatch(x -> x.packets() == 2));
        assertEquals("10.2.0.0", s.get(0).switchAddress());
        assertEquals("10.2.1.43", s.get(299).switchAddress());
    }

    @Test
    void mergeAddsEverything() {
        ErmDecapsulator one = new ErmDecapsulator(DecapOptions.DEFAULT.withAutoDetect(true));
        ErmDecapsulator two = new ErmDecapsulator(DecapOptions.DEFAULT.withAutoDetect(true));
        feed(one, ErmFrames.erm().vlan(10).build(), ErmFrames.erm().ports(5, 7999).build());
        ErmFrames odd = ErmFrames.erm().vlan(20);
        odd.reserved[7] = 9;
        feed(two, ErmFrames.erm().vlan(10).build(), odd.build(), ErmFrames.icmpEcho(1, 1),
                ErmFrames.erm().addresses(SWITCH_2, ErmFrames.COLLECTOR_IP).build());
        DecapStats total = new DecapStats().merge(one.stats()).merge(two.stats());
        assertEquals(6, total.records());
        assertEquals(5, total.count(Outcome.DECAPSULATED));
        assertEquals(5, total.decapsulatedAtDepth(1));
        assertEquals(1, total.anomalies());
        assertEquals("[7999]", total.autoDetectedPorts().toString());
        assertEquals("{10=4, 20=1}", total.vlanCounts().toString());
        assertEquals(3, total.sessions().size());
        assertEquals("10.1.0.1:7932 packets=3 bytes=294 vlans=[10, 20]", total.sessions().get(0).toString());
        assertEquals(2, one.stats().records(), "merge leaves its argument alone");
    }

    @Test
    void jsonHasTheDocumentedShape() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        feed(engine, ErmFrames.erm().vlan(10).build(), ErmFrames.icmpEcho(1, 1));
        String json = engine.stats().toJson();
        assertEquals("{\"records\":2,\"outcomes\":{\"decapsulated\":1,\"not_erm_link_type\":0,\"not_erm_not_ip\":0,"
                + "\"not_erm_not_udp\":1,\"not_erm_port\":0,\"not_erm_no_signature\":0,\"not_erm_fragment\":0,"
                + "\"not_erm_truncated\":0,\"malformed_ip_header\":0,\"malformed_udp_length\":0,"
                + "\"malformed_short_payload\":0,\"malformed_inner_frame\":0},\"decapsulated_at_depth\":{\"1\":1},"
                + "\"anomalies\":0,\"sessions\":[{\"switch\":\"10.1.0.1\",\"port\":7932,\"packets\":1,\"bytes\":98,"
                + "\"vlans\":[10]}],\"vlans\":{\"10\":1},\"auto_detected_ports\":[]}", json);
    }

    @Test
    void emptyStatsAreValidJson() {
        String json = new DecapStats().toJson();
        assertTrue(json.startsWith("{\"records\":0,") && json.endsWith("\"sessions\":[],\"vlans\":{},"
                + "\"auto_detected_ports\":[]}"), json);
    }

    @Test
    void ipv6AddressesAreWrittenInRfc5952Form() {
        assertEquals("2001:db8::1", Addresses.format(ErmDecapsulatorTest.V6_SWITCH, 0, 16));
        assertEquals("::", Addresses.format(new byte[16], 0, 16));
        byte[] a = ErmFrames.ip(0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0);
        assertEquals("1::1:0:0:1:0", Addresses.format(a, 0, 16));
        byte[] b = ErmFrames.ip(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertEquals("fe80::1", Addresses.format(b, 0, 16));
    }

    /** erm-spark sends a task's statistics to the driver with Java serialization; nothing may be lost. */
    @Test
    void serializationKeepsEveryCountAndMergesAfterwards() throws Exception {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withPorts(7932, 7933).withAutoDetect(true));
        feed(engine, ErmFrames.erm().vlan(10).build(), ErmFrames.erm().ports(5, 7933).vlan(2011).build(),
                ErmFrames.erm().addresses(SWITCH_2, ErmFrames.COLLECTOR_IP).vlan(10).build(),
                ErmFrames.icmpEcho(1, 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(engine.stats());
        }
        DecapStats copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (DecapStats) in.readObject();
        }
        assertEquals(engine.stats().toJson(), copy.toJson());
        copy.merge(engine.stats());
        feed(engine, ErmFrames.erm().vlan(10).build(), ErmFrames.erm().ports(5, 7933).vlan(2011).build(),
                ErmFrames.erm().addresses(SWITCH_2, ErmFrames.COLLECTOR_IP).vlan(10).build(),
                ErmFrames.icmpEcho(1, 1));
        assertEquals(engine.stats().toJson(), copy.toJson());
        assertEquals(3, copy.sessions().size());
    }
}
