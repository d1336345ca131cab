// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream form of the sniffer (for other file systems) decides as the file form does. */
class CaptureSnifferStreamTest {
    @TempDir
    Path dir;

    @Test
    void streamsAreJudgedAsFiles() throws IOException {
        byte[] pcap = new FlowCaptures(1, 5).write(false);
        byte[] pcapng = new FlowCaptures(1, 5).write(true);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
            gz.write(pcap);
        }
        byte[] modified = {(byte) 0xa1, (byte) 0xb2, (byte) 0xcd, 0x34, 0, 2, 0, 4};
        byte[][] all = {pcap, pcapng, z.toByteArray(), "text".getBytes(StandardCharsets.UTF_8), modified, {}};
        boolean[] captures = {true, true, true, false, false, false};
        for (int i = 0; i < all.length; i++) {
            Path f = Files.write(dir.resolve("f" + i), all[i]);
            assertEquals(captures[i], CaptureSniffer.isCapture(new ByteArrayInputStream(all[i])), "file " + i);
            assertEquals(CaptureSniffer.isCapture(f), CaptureSniffer.isCapture(new ByteArrayInputStream(all[i])));
            assertEquals(CaptureSniffer.hint(f), CaptureSniffer.hint(new ByteArrayInputStream(all[i])));
        }
        assertTrue(CaptureSniffer.hint(new ByteArrayInputStream(modified)).contains("editcap"));
        assertNull(CaptureSniffer.hint(new ByteArrayInputStream(pcap)));
        assertFalse(CaptureSniffer.isCapture(new ByteArrayInputStream(new byte[] {0x1F, (byte) 0x8B, 8})));
    }
}
