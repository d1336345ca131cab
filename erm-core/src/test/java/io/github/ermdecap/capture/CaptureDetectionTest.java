// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureDetectionTest {

    @Test
    void anEmptyInputIsNotACapture() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureIo.open(new byte[0]));
        assertEquals(CaptureFormatException.Kind.NOT_A_CAPTURE, e.kind());
        assertEquals("test.cap: at byte 0: the input is empty", e.getMessage());
    }

    @Test
    void textIsNotACaptureAndTheMessageShowsItsFirstBytes() {
        byte[] text = CaptureIo.read(CaptureIo.testdata().resolve("pcap/not-a-capture-fail.pcap"));
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureIo.open(text));
        assertEquals("test.cap: at byte 0: not a pcap or pcapng file (starts with 0x23212f62)", e.getMessage());
    }

    @Test
    void threeBytesAreNotACapture() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureIo.open(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2}));
        assertEquals(CaptureFormatException.Kind.NOT_A_CAPTURE, e.kind());
    }

    @Test
    void gzipOfSomethingElseIsNotACapture() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureIo.open(CaptureIo.gzip("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertEquals(CaptureFormatException.Kind.NOT_A_CAPTURE, e.kind());
    }

    @Test
    void aGzipHeaderWithGarbageBehindItIsReported() {
        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        assertThrows(CaptureFormatException.class, () -> CaptureIo.open(bad));
    }

    @Test
    void aCutGzipStreamDeliversWhatItHoldsThenReportsTheDamage() throws IOException {
        byte[] plain = PcapGoldenFiles.sample(java.nio.ByteOrder.LITTLE_ENDIAN, false, 262144, 1);
        byte[] gz = CaptureIo.gzip(plain);
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 20);
        int delivered = 0;
        try (CaptureReader r = CaptureIo.open(cut)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (r.next() != null) {
                    continue;
                }
            });
            delivered = (int) r.recordCount();
            assertEquals(delivered + 1, e.recordNumber());
        }
        assertTrue(delivered < 5, "the cut stream cannot hold every record");
    }

    @Test
    void theFileNameDoesNotMatterOnlyTheBytes(@TempDir Path dir) throws IOException {
        Path misnamed = dir.resolve("capture.pcapng");
        Files.write(misnamed, PcapGoldenFiles.sample(java.nio.ByteOrder.BIG_ENDIAN, true, 1500, 101));
        try (CaptureReader r = CaptureReader.open(misnamed)) {
            assertEquals(CaptureFormat.PCAP, r.format());
            assertEquals(misnamed.toString(), r.source());
            assertEquals(5, countAll(r));
        }
    }

    private static int countAll(CaptureReader r) throws IOException {
        int n = 0;
        while (r.next() != null) {
            n++;
        }
        return n;
    }
}
