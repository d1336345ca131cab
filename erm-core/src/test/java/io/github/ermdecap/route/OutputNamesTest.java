// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OutputNamesTest {
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "out.pcap,          0, out-0.pcap",
        "out.pcapng,        3, out-3.pcapng",
        "out.pcapng.gz,     0, out-0.pcapng.gz",
        "out.pcap.gz,       7, out-7.pcap.gz",
        "OUT.PCAP,          1, OUT-1.PCAP",
        "sample.cap,        2, sample-2.cap",
        "out.gz,            0, out-0.gz",
        "out,               0, out-0",
        "out.data,          0, out.data-0",
        "my.trace.pcap,     5, my.trace-5.pcap",
        ".pcap,             0, .pcap-0",
        "out-10.1.0.1-7932.pcap, 0, out-10.1.0.1-7932-0.pcap",
    })
    void shardIndexGoesBeforeTheCaptureExtension(String name, int index, String expected) {
        assertEquals(Path.of("dir", expected), OutputNames.shard(Path.of("dir", name), index));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "out.pcap,      10.1.0.1-7932,    out-10.1.0.1-7932.pcap",
        "out.pcapng.gz, 2001-db8--1-7932, out-2001-db8--1-7932.pcapng.gz",
        "out.pcap,      vlan-10,          out-vlan-10.pcap",
        "out,           other,            out-other",
    })
    void splitLabelGoesBeforeTheCaptureExtension(String name, String label, String expected) {
        assertEquals(Path.of(expected), OutputNames.split(Path.of(name), label));
    }

    @Test
    void namesCompose() {
        Path split = OutputNames.split(Path.of("/data/out.pcapng"), SplitRouter.sessionLabel("2001:db8::1", 7932));
        assertEquals(Path.of("/data/out-2001-db8--1-7932-3.pcapng"), OutputNames.shard(split, 3));
    }

    @Test
    void rejectsUnsafeLabelsAndIndices() {
        assertThrows(IllegalArgumentException.class, () -> OutputNames.split(Path.of("out.pcap"), "a/b"));
        assertThrows(IllegalArgumentException.class, () -> OutputNames.split(Path.of("out.pcap"), "2001:db8::1"));
        assertThrows(IllegalArgumentException.class, () -> OutputNames.split(Path.of("out.pcap"), ""));
        assertThrows(IllegalArgumentException.class, () -> OutputNames.split(Path.of("out.pcap"), "x".repeat(101)));
        assertEquals("shard index: -1 (expected: 0 or more)", assertThrows(IllegalArgumentException.class,
                () -> OutputNames.shard(Path.of("out.pcap"), -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutputNames.shard(Path.of("/"), 0));
    }
}
