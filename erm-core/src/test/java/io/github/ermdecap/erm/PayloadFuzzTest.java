// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ermdecap.capture.LinkType;

import java.util.Arrays;

/**
 * The live datagram path ({@code erm-decap listen}): {@link ErmDecapsulator#decapsulatePayload} on any bytes a
 * sender can put in a UDP datagram. Input: byte 0 flags (as {@link DecapsulationFuzzTest#options}), byte 1 the
 * depth, bit 0 of byte 2 an IPv6 sender, then the payload. Invariants: never throws; the frame lies inside the
 * payload unless a tag was inserted (then it is the untagged frame plus an 802.1Q tag); a payload that is not
 * decapsulated is not turned into a frame; the same payload alone in its own array gives the same result; the
 * statistics count one datagram, for that sender.
 */
public class PayloadFuzzTest {
    private static final int HEADER = 3;

    @FuzzTest
    void payload(byte[] input) {
        if (input.length < HEADER) {
            return;
        }
        DecapOptions options = DecapsulationFuzzTest.options(input[0] & 0xFF & ~16, input[1] & 0xFF, 0);
        boolean v6 = (input[2] & 1) != 0;
        byte[] sender = v6 ? new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
                : new byte[] {10, 1, 0, 1};
        int off = HEADER;
        int len = input.length - HEADER;
        ErmDecapsulator engine = new ErmDecapsulator(options);
        DecapResult d = engine.decapsulatePayload(sender, sender.length, 7932, input, off, len);
        String what = d + " of a " + len + "-byte payload, " + options;
        byte[] frame = Arrays.copyOfRange(d.array(), d.offset(), d.offset() + d.length());

        byte[] alone = Arrays.copyOfRange(input, off, off + len);
        DecapResult a = new ErmDecapsulator(options).decapsulatePayload(sender, sender.length, 7932, alone, 0, len);
        if (a.outcome() != d.outcome() || a.depth() != d.depth() || a.tagInserted() != d.tagInserted()
                || !Arrays.equals(frame, Arrays.copyOfRange(a.array(), a.offset(), a.offset() + a.length()))) {
            fail(what, "alone in its own array it gives " + a);
        }
        if (engine.stats().records() != 1 || engine.stats().count(d.outcome()) != 1) {
            fail(what, "statistics count " + engine.stats().records() + " datagrams");
        }
        if (!d.decapsulated()) {
            return;
        }
        if (d.linkType() != LinkType.ETHERNET || d.depth() < 1 || d.depth() > options.maxDepth()
                || d.length() < 14 || d.originalLength() < d.length()) {
            fail(what, "link type " + d.linkType() + ", depth " + d.depth() + ", lengths " + d.length() + "/"
                    + d.originalLength());
        }
        if (!d.tagInserted()) {
            if (d.array() != input || d.offset() < off || d.offset() + d.length() > off + len) {
                fail(what, "the frame is not inside the payload");
            }
            return;
        }
        DecapResult u = new ErmDecapsulator(options.withVlanMode(VlanMode.NEVER))
                .decapsulatePayload(sender, sender.length, 7932, input, off, len);
        if (!u.decapsulated() || u.offset() < off || u.offset() + u.length() > off + len
                || d.length() != u.length() + 4) {
            fail(what, "untagged, it is " + u);
        }
        byte[] untagged = Arrays.copyOfRange(input, u.offset(), u.offset() + u.length());
        if (!Arrays.equals(frame, 0, 12, untagged, 0, 12)
                || !Arrays.equals(frame, 16, frame.length, untagged, 12, untagged.length)
                || (frame[12] & 0xFF) != 0x81 || frame[13] != 0) {
            fail(what, "the tagged frame is not the untagged one with an 802.1Q tag");
        }
    }

    private static void fail(String what, String why) {
        throw new AssertionError(what + ": " + why);
    }
}
