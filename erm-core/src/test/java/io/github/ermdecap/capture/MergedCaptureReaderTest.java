// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link MergedCaptureReader}: timestamp order across inputs, ties, interfaces and damage. */
class MergedCaptureReaderTest {
    private static CaptureReader pcap(boolean nanos, ByteOrder order, long[][] stamps, int seed) throws IOException {
        PcapBuilder b = PcapBuilder.header(order, nanos, 65535, LinkType.ETHERNET);
        for (long[] s : stamps) {
            b.record(s[0], s[1], PcapBuilder.packet(60, seed));
        }
        return CaptureReader.open(new ByteArrayInputStream(b.build()), "in" + seed, ReadLimits.DEFAULT);
    }

    /** Each record as "input-seed@seconds.nanos" (the seed is the packet's first byte pattern). */
    private static List<String> drain(CaptureReader in) throws IOException {
        List<String> out = new ArrayList<>();
        for (PacketRecord r; (r = in.next()) != null; ) {
            out.add(r.array()[r.offset()] + "@" + r.epochSecond() + "." + r.nanos() + "/if" + r.interfaceId());
        }
        return out;
    }

    @Test
    void recordsComeInTimestampOrderAndTiesKeepInputOrder() throws IOException {
        // Input 1 is µs, input 2 ns: 10.000002 s (µs) is after 10.000001500 s (ns).
        CaptureReader a = pcap(false, ByteOrder.LITTLE_ENDIAN, new long[][] {{10, 2}, {12, 0}, {12, 0}}, 1);
        CaptureReader b = pcap(true, ByteOrder.BIG_ENDIAN, new long[][] {{10, 1500}, {12, 0}, {13, 0}}, 2);
        byte first1 = PcapBuilder.packet(60, 1)[0];
        byte first2 = PcapBuilder.packet(60, 2)[0];
        try (MergedCaptureReader m = MergedCaptureReader.of(List.of(a, b))) {
            // Interfaces are numbered in order of first use: input 2's came first.
            assertEquals(List.of(first2 + "@10.1500/if0", first1 + "@10.2000/if1", first1 + "@12.0/if1",
                    first1 + "@12.0/if1", first2 + "@12.0/if0", first2 + "@13.0/if0"), drain(m));
            assertEquals(6, m.recordCount());
            assertEquals(2, m.interfaces().size(), "one interface per input, both µs and ns kept");
            assertEquals(0, m.interfaces().get(1).sectionIndex());
        }
    }

    @Test
    void damageEndsOneInputAndIsThrownAtTheEnd() throws IOException {
        byte[] whole = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkType.ETHERNET)
                .record(1, 0, PcapBuilder.packet(60, 3)).record(5, 0, PcapBuilder.packet(60, 3)).build();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
        CaptureReader bad = CaptureReader.open(new ByteArrayInputStream(cut), "bad", ReadLimits.DEFAULT);
        CaptureReader good = pcap(false, ByteOrder.LITTLE_ENDIAN, new long[][] {{2, 0}, {9, 0}}, 4);
        try (MergedCaptureReader m = MergedCaptureReader.of(List.of(bad, good))) {
            int n = 0;
            CaptureFormatException e = null;
            try {
                while (m.next() != null) {
                    n++;
                }
            } catch (CaptureFormatException x) {
                e = x;
            }
            assertEquals(3, n, "the damaged input's first record and both of the good one");
            assertEquals("bad", e.source());
            assertEquals(2, e.recordNumber());
        }
    }

    @Test
    void noInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MergedCaptureReader.of(List.of()));
    }
}
