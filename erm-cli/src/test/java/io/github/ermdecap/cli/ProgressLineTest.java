// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
    @Test
    void bytesRecordsRatePercentAndTimeLeft() {
        ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), 4_000_000_000L, null, 80);
        assertEquals("1.0 GB, 1,234,567 records, 100.0 MB/s, 25.0%, 0:30 left",
                line.text(1_000_000_000L, 1_234_567, 1_000_000_000L, 10_000_000_000L));
    }

    @Test
    void thePercentageMayComeFromCompressedBytes() {
        ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), 1_000_000L, null, 80);
        assertEquals("4.0 MB, 1 record, 2.0 MB/s, 50.0%, 0:02 left",
                line.text(4_000_000L, 1, 500_000L, 2_000_000_000L), "4 MB uncompressed from 0.5 of 1 MB");
    }

    @Test
    void noPercentWhenTheSizeIsUnknown() {
        ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), -1, null, 80);
        assertEquals("512 B, 3 records, 256 B/s", line.text(512, 3, 512, 2_000_000_000L));
    }

    @Test
    void batchFilesBytesRateAndTimeLeft() {
        assertEquals("1 of 4 files, 250.0 MB of 1.0 GB, 25.0 MB/s, 25.0%, 0:30 left",
                ProgressLine.batchText(1, 4, 250_000_000L, 1_000_000_000L, 10_000_000_000L));
        assertEquals("0 of 1 file, 0 B of 0 B, 0 B/s", ProgressLine.batchText(0, 1, 0, 0, 1));
    }

    @Test
    void aNarrowTerminalGetsACutLineRedrawnInPlace() throws InterruptedException {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out), -1, null, 20);
        Thread.sleep(300);                      // past the redraw interval
        line.progress(123_456_789L, 1_000_000L);
        String drawn = out.toString();
        assertTrue(drawn.startsWith(ProgressLine.ERASE), drawn);
        assertEquals(19, drawn.length() - ProgressLine.ERASE.length(), "one column less than the width: " + drawn);
        assertFalse(drawn.contains("\n"));
        line.finish();
        assertTrue(out.toString().endsWith(ProgressLine.ERASE));
    }

    @Test
    void finishErasesOnlyWhatWasDrawn() {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out), -1, null, 80);
        line.finish();
        assertEquals("", out.toString(), "nothing drawn, nothing erased");
    }
}
