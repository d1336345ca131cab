// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import io.github.ermdecap.capture.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pcapng string options: malformed UTF-8 round-trips byte for byte instead of growing into U+FFFD and failing
 * the writer (issue 15, item 8); the strings a section keeps are bounded (item 6).
 */
class PcapngStringsTest {
    /** Malformed UTF-8 of every kind between well-formed characters. */
    private static final byte[] MALFORMED = {
            'a', (byte) 0xFF, (byte) 0xFE,                        // never in UTF-8
            (byte) 0x80,                                          // a lone continuation byte
            (byte) 0xC3, '(',                                     // a lead byte without its continuation
            (byte) 0xC0, (byte) 0xAF,                             // overlong '/'
            (byte) 0xED, (byte) 0xA0, (byte) 0x80,                // a surrogate
            (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80,   // beyond U+10FFFF
            (byte) 0xC3, (byte) 0xA9,                             // é
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80,   // U+1F600
            (byte) 0xE2, (byte) 0x82,                             // a cut euro sign at the end
    };

    private static byte[] file(byte[] name, byte[] comment) {
        return new PcapngBuilder()
                .shb(false, Option.raw(1, comment))
                .idb(LinkType.ETHERNET, 0, Option.raw(2, name), Option.raw(3, name))
                .epb(0, 1, PcapBuilder.packet(60, 1), Option.raw(1, comment))
                .bytes();
    }

    @Test
    void malformedUtf8RoundTripsByteForByte() throws IOException {
        byte[] in = file(MALFORMED, MALFORMED);
        assertArrayEquals(in, Captures.rewrite(in));
        PacketRecord r = Captures.readAll(in).get(0);
        assertTrue(r.iface().name().startsWith("a\uDCFF\uDCFE\uDC80\uDCC3("), r.iface().name());
        assertTrue(r.iface().name().endsWith("\u00E9\uD83D\uDE00\uDCE2\uDC82"), r.iface().name());
    }

    @Test
    void aLongMalformedOptionIsWrittenBackAtItsOwnLength() throws IOException {
        byte[] bad = new byte[65_000]; // as U+FFFD each: 195 000 bytes, more than an option holds
        Arrays.fill(bad, (byte) 0xFF);
        byte[] in = new PcapngBuilder()
                .shb(false, Option.raw(1, bad))
                .idb(LinkType.ETHERNET, 0, Option.raw(2, bad))
                .epb(0, 1, PcapBuilder.packet(60, 1), Option.raw(1, bad))
                .bytes();
        assertArrayEquals(in, Captures.rewrite(in));
    }

    @Test
    void wellFormedStringsDecodeAsUtf8() throws IOException {
        String text = "eth0 \u00E9\u20AC\uD83D\uDE00";
        byte[] in = file(text.getBytes(StandardCharsets.UTF_8), "c".getBytes(StandardCharsets.UTF_8));
        assertEquals(text, Captures.readAll(in).get(0).iface().name());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Utf8.encode(text));
    }

    @Test
    void theStringsOfASectionAreBounded() throws IOException {
        byte[] name = new byte[30_000];
        Arrays.fill(name, (byte) 'n');
        PcapngBuilder b = new PcapngBuilder().shb(false);
        int offsetOfLast = 0;
        for (int i = 0; i < 5; i++) {
            offsetOfLast = b.size();
            b.idb(LinkType.ETHERNET, 0, Option.raw(2, name), Option.raw(3, name));
        }
        byte[] file = b.epb(0, 1, PcapBuilder.packet(60, 1)).bytes();
        ReadLimits limits = ReadLimits.DEFAULT.withMaxRetainedOptionsLength(300_000);
        assertEquals(1, Captures.readAll(file, limits).size());
        CaptureFormatException e = Captures.readFailing(file, ReadLimits.DEFAULT.withMaxRetainedOptionsLength(
                250_000), 0);
        assertEquals(CaptureFormatException.Kind.CORRUPT, e.kind());
        assertEquals(offsetOfLast, e.byteOffset());
        assertEquals("section 0 keeps more than 250000 bytes of interface names, descriptions and section"
                + " options (the limit; ReadLimits.maxRetainedOptionsLength)", e.detail());
    }

    @Test
    void theBoundStartsAfreshInEverySection() throws IOException {
        byte[] name = new byte[50_000];
        Arrays.fill(name, (byte) 'n');
        PcapngBuilder b = new PcapngBuilder();
        for (int s = 0; s < 5; s++) {
            b.shb(false).idb(LinkType.ETHERNET, 0, Option.raw(2, name)).epb(0, 1, PcapBuilder.packet(60, s));
        }
        List<PacketRecord> all = Captures.readAll(b.bytes(), ReadLimits.DEFAULT.withMaxRetainedOptionsLength(
                100_000));
        assertEquals(5, all.size());
        assertEquals(8 << 20, ReadLimits.DEFAULT.maxRetainedOptionsLength());
    }
}
