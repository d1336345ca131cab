// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputFormatsTest {
    @ParameterizedTest
    @CsvSource({
        // explicit, output name,   input,  expected
        "PCAPNG,     out.pcap,       PCAP,   PCAPNG",
        "PCAP,       out.pcapng,     PCAPNG, PCAP",
        ",           out.pcapng,     PCAP,   PCAPNG",
        ",           OUT.PCAPNG.GZ,  PCAP,   PCAPNG",
        ",           out.pcap.gz,    PCAPNG, PCAP",
        ",           out.cap,        PCAPNG, PCAPNG",
        ",           out,            PCAP,   PCAP",
        ",           ,               PCAPNG, PCAPNG",
    })
    void explicitThenExtensionThenInput(CaptureFormat explicit, String name, CaptureFormat input,
                                        CaptureFormat expected) {
        assertEquals(expected, OutputFormats.choose(explicit, name, input));
    }

    @Test
    void gzipByName() {
        assertTrue(OutputFormats.gzip("a.pcap.gz"));
        assertTrue(OutputFormats.gzip("A.PCAPNG.GZ"));
        assertFalse(OutputFormats.gzip("a.pcap"));
        assertFalse(OutputFormats.gzip(null));
    }

    @ParameterizedTest
    @CsvSource({
        "a.pcap,        PCAPNG, a.pcapng",
        "a.cap,         PCAPNG, a.pcapng",
        "a.pcapng.gz,   PCAP,   a.pcap.gz",
        "a.cap,         PCAP,   a.cap",
        "a.pcapng,      PCAPNG, a.pcapng",
        "trace,         PCAP,   trace.pcap",
    })
    void renameForAnotherFormat(String name, CaptureFormat format, String expected) {
        assertEquals(expected, OutputFormats.rename(name, format));
    }

    @ParameterizedTest
    @CsvSource({
        "6,    false",   // 10^-6
        "3,    false",   // milliseconds
        "7,    true",    // 10^-7
        "9,    true",    // nanoseconds
        "147,  false",   // 0x80 | 19: 2^-19 s, coarser than a microsecond
        "148,  true",    // 0x80 | 20: 2^-20 s, finer
    })
    void finerThanMicros(int tsresol, boolean expected) {
        assertEquals(expected, OutputFormats.finerThanMicros(tsresol));
    }
}
