// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ErmDecapsulator#decapsulatePayload}: a datagram's payload, as a socket delivers it, starts at the ERM header. */
class PayloadDecapsulationTest {
    private static final byte[] SENDER = ErmFrames.ip(192, 0, 2, 7);

    @Test
    void payloadGivesTheSameFrameAsTheWholeRecord() {
        ErmFrames f = ErmFrames.erm().word(ErmFrames.word(5, true, 2011, true));
        byte[] record = f.build();
        byte[] payload = f.ermPayload();
        ErmDecapsulator offline = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED));
        ErmDecapsulator live = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED));
        DecapResult a = offline.decapsulate(LinkType.ETHERNET, record, 0, record.length, record.length);
        byte[] expected = slice(a);
        DecapResult b = live.decapsulatePayload(SENDER, 4, 7932, payload, 0, payload.length);
        assertEquals(Outcome.DECAPSULATED, b.outcome());
        assertArrayEquals(expected, slice(b));
        assertEquals(a.originalLength(), b.originalLength());
        assertEquals(2011, b.vlanId());
        assertEquals("192.0.2.7", b.switchAddress());
        assertEquals(7932, b.port());
        assertEquals(1, live.stats().sessions().size());
        assertEquals(7932, live.stats().sessions().get(0).port());
    }

    @Test
    void nestedErmInThePayloadIsRemovedUpToTheDepth() {
        ErmFrames inner = ErmFrames.erm();
        byte[] innerRecord = inner.build();                    // an ERM frame mirrored by a second switch
        byte[] payload = ErmFrames.erm().inner(innerRecord).ermPayload();
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        DecapResult r = engine.decapsulatePayload(SENDER, 4, 7932, payload, 0, payload.length);
        assertEquals(2, r.depth());
        assertArrayEquals(inner.inner, slice(r));
        ErmDecapsulator once = new ErmDecapsulator(DecapOptions.DEFAULT.withMaxDepth(1));
        assertArrayEquals(innerRecord, slice(once.decapsulatePayload(SENDER, 4, 7932, payload, 0, payload.length)));
    }

    @Test
    void shortPayloadsAreMalformedNotFrames() {
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        byte[] b = new byte[64];
        assertEquals(Outcome.MALFORMED_SHORT_PAYLOAD, engine.decapsulatePayload(SENDER, 4, 7932, b, 0, 11).outcome());
        assertEquals(Outcome.MALFORMED_INNER_FRAME, engine.decapsulatePayload(SENDER, 4, 7932, b, 0, 25).outcome());
        assertEquals(Outcome.MALFORMED_SHORT_PAYLOAD, engine.decapsulatePayload(SENDER, 4, 7932, b, 0, 0).outcome());
        assertEquals(Outcome.NOT_ERM_TRUNCATED, engine.decapsulatePayload(SENDER, 4, 7932, b, 60, 10).outcome());
        assertEquals(4, engine.stats().records());
        assertThrows(IllegalArgumentException.class, () -> engine.decapsulatePayload(SENDER, 3, 1, b, 0, 30));
    }

    @Test
    void ipv6SenderIsTheSession() {
        byte[] v6 = ErmFrames.ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        byte[] payload = ErmFrames.erm().ermPayload();
        ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT);
        DecapResult r = engine.decapsulatePayload(v6, 16, 7933, payload, 0, payload.length);
        assertTrue(r.decapsulated());
        assertEquals("2001:db8::1", r.switchAddress());
        assertEquals(7933, r.port());
    }

    private static byte[] slice(DecapResult r) {
        return Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.length());
    }
}
