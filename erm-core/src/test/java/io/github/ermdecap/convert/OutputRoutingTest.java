// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.route.SplitMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputRoutingTest {
    @Test
    void fewShardsKeepTheLargeBufferManyOutputsGetASmallOne() {
        assertEquals(1 << 20, OutputRouting.shards(8, false).bufferSize());
        assertEquals(32 * 1024, OutputRouting.shards(9, false).bufferSize());
        assertEquals(32 * 1024, OutputRouting.split(SplitMode.VLAN).bufferSize());
        assertEquals(8 * 1024, OutputRouting.split(SplitMode.SWITCH).gzipBufferSize());
        assertEquals(128L << 20, (long) OutputRouting.split(SplitMode.VLAN).maxOutputs()
                * OutputRouting.split(SplitMode.VLAN).bufferSize(), "the documented bound of a split: 128 MiB");
    }

    @Test
    void valuesAndRefusals() {
        OutputRouting shards = OutputRouting.shards(4, true);
        assertEquals(4, shards.shards());
        assertNull(shards.split());
        assertEquals("4 shards (VLAN in hash)", shards.toString());
        assertEquals("split by switch", OutputRouting.split(SplitMode.SWITCH).toString());
        assertEquals("shards: 0 (expected: 1..1024)",
                assertThrows(IllegalArgumentException.class, () -> OutputRouting.shards(0, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutputRouting.shards(1025, false));
        assertThrows(IllegalArgumentException.class, () -> OutputRouting.split(null));
        assertThrows(IllegalArgumentException.class, () -> OutputRouting.split(SplitMode.VLAN, 0));
        assertThrows(IllegalStateException.class, () -> new Conversion(io.github.ermdecap.erm.DecapOptions.DEFAULT)
                .withRouting(shards).run(null, new java.io.ByteArrayOutputStream(), null, "-"));
    }
}
