// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SplitRouterTest {
    @Test
    void oneOutputPerSessionInFirstUseOrder() {
        SplitRouter split = new SplitRouter(SplitMode.SWITCH);
        assertEquals(0, split.route(true, "10.1.0.1", 7932, 10, 100));
        assertEquals(1, split.route(true, "10.1.0.1", 7933, 10, 100));
        assertEquals(2, split.route(false, null, 0, 0, 60));
        assertEquals(3, split.route(true, "2001:db8::1", 7932, 20, 100));
        assertEquals(0, split.route(true, new String("10.1.0.1"), 7932, 99, 50));
        assertEquals(2, split.route(false, "10.9.9.9", 7932, 10, 40));
        assertEquals(4, split.outputs());
        assertEquals("10.1.0.1-7932", split.label(0));
        assertEquals("10.1.0.1-7933", split.label(1));
        assertEquals(SplitRouter.OTHER, split.label(2));
        assertEquals("2001-db8--1-7932", split.label(3));
        assertEquals(2, split.records(0));
        assertEquals(150, split.bytes(0));
        assertEquals(100, split.bytes(2));
    }

    @Test
    void oneOutputPerVlan() {
        SplitRouter split = new SplitRouter(SplitMode.VLAN);
        assertEquals(0, split.route(true, "10.1.0.1", 7932, 10, 1));
        assertEquals(0, split.route(true, "10.1.0.2", 7999, 10, 1));
        assertEquals(1, split.route(true, "10.1.0.1", 7932, 2011, 1));
        assertEquals(2, split.route(false, null, 0, 10, 1));
        assertEquals(1, split.route(true, "10.1.0.1", 7932, 2011, 1));
        assertEquals("vlan-10", split.label(0));
        assertEquals("vlan-2011", split.label(1));
        assertEquals("other", split.label(2));
        assertEquals(3, split.outputs());
    }

    @Test
    void labelsAreSafeFileNameParts() {
        assertEquals("10.205.0.2-7932", SplitRouter.sessionLabel("10.205.0.2", 7932));
        assertEquals("2001-db8--1-7932", SplitRouter.sessionLabel("2001:db8::1", 7932));
        assertEquals("--1-1", SplitRouter.sessionLabel("::1", 1));
        assertEquals("--ffff-10.0.0.1-65535", SplitRouter.sessionLabel("::ffff:10.0.0.1", 65535));
        assertEquals("fe80--1-eth0-7932", SplitRouter.sessionLabel("FE80::1%eth0", 7932));
        assertEquals("..-..-etc-passwd-1", SplitRouter.sessionLabel("../../etc/passwd", 1));
        assertEquals("vlan-0", SplitRouter.vlanLabel(0));
        assertEquals("vlan-4095", SplitRouter.vlanLabel(4095));
    }

    @Test
    void sessionsWithTheSameLabelShareAnOutput() {
        SplitRouter split = new SplitRouter(SplitMode.SWITCH);
        assertEquals(0, split.route(true, "2001:db8::a", 7932, 0, 1));
        assertEquals(0, split.route(true, "2001:DB8::A", 7932, 0, 1));
        assertEquals(1, split.outputs());
    }

    @Test
    void refusesOutputsPastTheLimit() {
        SplitRouter split = new SplitRouter(SplitMode.VLAN, 3);
        split.route(true, null, 0, 1, 1);
        split.route(true, null, 0, 2, 1);
        split.route(false, null, 0, 0, 1);
        OutputLimitException e = assertThrows(OutputLimitException.class, () -> split.route(true, null, 0, 3, 1));
        assertEquals("split outputs: more than 3 (expected: at most 3; next: vlan-3)", e.getMessage());
        assertEquals(3, e.limit());
        assertEquals("vlan-3", e.label());
        assertEquals(1, split.route(true, null, 0, 2, 1), "existing outputs still work");
    }

    @Test
    void defaultLimitIs4096Sessions() {
        SplitRouter split = new SplitRouter(SplitMode.SWITCH);
        for (int i = 0; i < 4096; i++) {
            assertEquals(i, split.route(true, "10.0." + (i >> 8) + "." + (i & 0xFF), 7932, 0, 1));
        }
        OutputLimitException e = assertThrows(OutputLimitException.class,
                () -> split.route(true, "10.99.0.1", 7932, 0, 1));
        assertEquals("split outputs: more than 4096 (expected: at most 4096; next: 10.99.0.1-7932)", e.getMessage());
    }

    @Test
    void rejectsBadValues() {
        SplitRouter vlans = new SplitRouter(SplitMode.VLAN);
        assertEquals("VLAN id: 4096 (expected: 0..4095)",
                assertThrows(IllegalArgumentException.class, () -> vlans.route(true, null, 0, 4096, 1)).getMessage());
        SplitRouter sessions = new SplitRouter(SplitMode.SWITCH);
        assertThrows(IllegalArgumentException.class, () -> sessions.route(true, null, 7932, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> sessions.route(true, "", 7932, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> sessions.route(true, "x".repeat(65), 7932, 0, 1));
        assertEquals("port: 65536 (expected: 0..65535)", assertThrows(IllegalArgumentException.class,
                () -> sessions.route(true, "10.0.0.1", 65536, 0, 1)).getMessage());
        assertEquals(0, sessions.outputs());
        assertThrows(IllegalArgumentException.class, () -> sessions.label(0));
        assertThrows(IllegalArgumentException.class, () -> new SplitRouter(null));
        assertThrows(IllegalArgumentException.class, () -> new SplitRouter(SplitMode.VLAN, 0));
    }
}
