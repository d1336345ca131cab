// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLineTest {
    @Test
    void bytesRecordsRatePercentAndTimeLeft() {
        ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), 4_000_000_000L);
        assertEquals("1.0 GB, 1,234,567 records, 100.0 MB/s, 25.0%, 0:30 left",
                line.text(1_000_000_000L, 1_234_567, 10_000_000_000L));
    }

    @Test
    void noPercentWhenTheSizeIsUnknown() {
        ProgressLine line = new ProgressLine(new PrintWriter(new StringWriter()), -1);
        assertEquals("512 B, 3 records, 256 B/s", line.text(512, 3, 2_000_000_000L));
    }

    @Test
    void finishErasesOnlyWhatWasDrawn() {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out), -1);
        line.finish();
        assertEquals("", out.toString(), "nothing drawn, nothing erased");
    }
}
