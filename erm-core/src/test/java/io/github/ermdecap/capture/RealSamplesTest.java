// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RealSamplesTest {

    @Test
    void theRealSwitchCapturesReadWithTheExpectedCounts() throws IOException {
        for (Path sample : RealSamples.all()) {
            try (CaptureReader r = CaptureReader.open(sample)) {
                assertEquals(CaptureFormat.PCAP, r.format());
                int n = 0;
                for (PacketRecord p; (p = r.next()) != null; ) {
                    n++;
                    assertEquals(LinkType.ETHERNET, p.linkType());
                    assertEquals(262144, p.iface().snaplen());
                }
                assertEquals(RealSamples.expectedCount(sample), n, sample.toString());
                assertEquals(RealSamples.size(sample), r.position());
            }
        }
    }

    @Test
    void theRealSwitchCapturesComeBackByteForByte() throws IOException {
        for (Path sample : RealSamples.all()) {
            byte[] original = Files.readAllBytes(sample);
            assertArrayEquals(original, PcapRoundTripTest.rewrite(original), sample.toString());
        }
    }
}
