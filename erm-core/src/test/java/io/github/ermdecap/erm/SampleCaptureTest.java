// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.PacketRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The committed {@code testdata/sample-erm.pcap}: identical to a fresh generation, with known outcomes. */
class SampleCaptureTest {

    static Path sample() {
        String dir = System.getProperty("erm.testdata.dir", "../testdata");
        return Path.of(dir, "sample-erm.pcap");
    }

    @Test
    void committedFileEqualsAFreshGeneration() throws IOException {
        ByteArrayOutputStream fresh = new ByteArrayOutputStream();
        SampleCaptureGenerator.write(fresh);
        byte[] committed = Files.readAllBytes(sample());
        assertArrayEquals(committed, fresh.toByteArray(), "regenerate with SampleCaptureGenerator " + sample());
        assertTrue(committed.length < 16 * 1024, committed.length + " bytes");
    }

    private static DecapStats decapsulate(DecapOptions options) throws IOException {
        ErmDecapsulator engine = new ErmDecapsulator(options);
        try (CaptureReader in = CaptureReader.open(sample())) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                assertTrue(r.nanos() % 1_000_000 != 0, "non-zero microseconds");
                DecapResult d = engine.decapsulate(r);
                if (r.recordNumber() == 28) {
                    assertEquals(128, d.length(), "switch-truncated frame");
                    assertEquals(14 + 20 + 8 + 900, d.originalLength(), "recovered from the inner IPv4 length");
                }
            }
        }
        return engine.stats();
    }

    @Test
    void bothPortsGiveTheListedOutcomes() throws IOException {
        DecapStats s = decapsulate(DecapOptions.DEFAULT.withPorts(7932, 7933));
        assertEquals(30, s.records());
        assertEquals(25, s.count(Outcome.DECAPSULATED));
        assertEquals(24, s.decapsulatedAtDepth(1));
        assertEquals(1, s.decapsulatedAtDepth(2));
        assertEquals(2, s.count(Outcome.NOT_ERM_NOT_IP), "ARP");
        assertEquals(2, s.count(Outcome.NOT_ERM_PORT), "DNS");
        assertEquals(1, s.count(Outcome.MALFORMED_INNER_FRAME));
        assertEquals("{10=8, 20=12, 2011=5}", s.vlanCounts().toString());
        List<SessionStats> sessions = s.sessions();
        assertEquals(5, sessions.size());
        assertEquals("10.1.0.1:7932 packets=7", head(sessions.get(0)));
        assertEquals("10.1.0.1:7933 packets=3", head(sessions.get(1)));
        assertEquals("10.1.0.2:7932 packets=5", head(sessions.get(2)));
        assertEquals("10.1.0.2:7933 packets=8", head(sessions.get(3)));
        assertEquals("10.1.0.3:7932 packets=2", head(sessions.get(4)));
        assertEquals(0, s.anomalies());
    }

    private static String head(SessionStats s) {
        return s.switchAddress() + ":" + s.port() + " packets=" + s.packets();
    }

    @Test
    void defaultPortLeavesPort7933Alone() throws IOException {
        DecapStats s = decapsulate(DecapOptions.DEFAULT);
        assertEquals(14, s.count(Outcome.DECAPSULATED));
        assertEquals(13, s.count(Outcome.NOT_ERM_PORT));
    }

    @Test
    void autoDetectionFindsPort7933() throws IOException {
        DecapStats s = decapsulate(DecapOptions.DEFAULT.withAutoDetect(true));
        assertEquals(25, s.count(Outcome.DECAPSULATED));
        assertEquals(2, s.count(Outcome.NOT_ERM_NO_SIGNATURE), "DNS");
        assertEquals("[7933]", s.autoDetectedPorts().toString());
    }

    @Test
    void tsharkDecodesTheSameErmRecords() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-r", sample().toString(), "-d", "udp.port==7932,hp_erm", "-d",
                    "udp.port==7933,hp_erm", "-Y", "hp_erm", "-T", "fields", "-e", "frame.number")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "tshark not installed: skipping the cross-check");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(26, out.split("\\s+").length, "25 decapsulated + 1 malformed: " + out);
    }
}
