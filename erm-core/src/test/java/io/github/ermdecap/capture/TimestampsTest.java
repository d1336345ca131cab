// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0} units at tsresol {1}")
    @CsvSource({
        // units,                tsresol, offset, seconds,    nanos
        "1700000000123456,       6,       0,      1700000000, 123456000",
        "1700000000123456789,    9,       0,      1700000000, 123456789",
        "17000000001234567891,   10,      0,      1700000000, 123456789",   // 10^-10, rounds down
        "17000000001234567895,   10,      0,      1700000000, 123456790",   // half rounds up
        "17000000001,            1,       0,      1700000000, 100000000",
        "5,                      0,       100,    105,        0",
        "3,                      131,     0,      0,          375000000",   // 2^-3
        "1048577,                148,     0,      1,          954",          // 2^-20: 1 unit = 953.67 ns
        "1048576,                148,     -10,    -9,         0",
    })
    void convertsUnitsExactly(String units, int tsresol, long offset, long seconds, long nanos) {
        long[] out = new long[2];
        assertTrue(Timestamps.toEpoch(Long.parseUnsignedLong(units), tsresol, offset, out));
        assertEquals(seconds, out[0]);
        assertEquals(nanos, out[1]);
    }

    @Test
    void picosecondsRoundToTheNearestNanosecond() {
        long[] out = new long[2];
        assertTrue(Timestamps.toEpoch(1_999_999_999_500L, 12, 0, out)); // 1.9999999995 s
        assertEquals(2, out[0]);
        assertEquals(0, out[1]);
    }

    @Test
    void unsignedUnitsAboveLongMaxStillConvert() {
        long[] out = new long[2];
        long units = -1L; // 2^64 - 1 microseconds
        assertTrue(Timestamps.toEpoch(units, 6, 0, out));
        assertEquals(new BigInteger("18446744073709551615").divide(BigInteger.valueOf(1_000_000)).longValue(), out[0]);
        assertEquals(551_615_000, out[1]);
    }

    @Test
    void anOffsetThatOverflowsIsReported() {
        assertFalse(Timestamps.toEpoch(Long.MAX_VALUE, 0, Long.MAX_VALUE, new long[2]));
        assertFalse(Timestamps.toEpoch(-1L, 0, 0, new long[2]), "2^64-1 seconds do not fit a long");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 19, 40, 127, 128 + 63, 128 + 100, 128 + 127})
    void exoticResolutionsNeverThrow(int tsresol) {
        Random random = new Random(tsresol);
        long[] out = new long[2];
        for (int i = 0; i < 1000; i++) {
            if (Timestamps.toEpoch(random.nextLong(), tsresol, random.nextInt(), out)) {
                assertTrue(out[1] >= 0 && out[1] < 1_000_000_000L);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 9, 128 + 10, 128 + 20, 128 + 29})
    void unitsCoarserThanANanosecondSurviveARoundTrip(int tsresol) {
        Random random = new Random(42 + tsresol);
        long[] out = new long[2];
        int shift = (tsresol & 0x80) != 0 ? 64 - (tsresol & 0x7F) - 2 : 2;
        for (int i = 0; i < 10_000; i++) {
            long units = random.nextLong() >>> shift;
            assertTrue(Timestamps.toEpoch(units, tsresol, 7, out));
            assertEquals(units, Timestamps.toUnits(out[0], (int) out[1], tsresol, 7), "units " + units);
        }
    }

    @Test
    void toUnitsTruncatesToACoarserResolution() {
        assertEquals(1_000_000_123L, Timestamps.toUnits(1000, 123_999, 6, 0));
        assertEquals(1000L, Timestamps.toUnits(1000, 999_999_999, 0, 0));
    }

    @Test
    void toUnitsReportsWhatDoesNotFit() {
        assertThrows(ArithmeticException.class, () -> Timestamps.toUnits(Long.MAX_VALUE / 10, 0, 9, 0));
        assertThrows(ArithmeticException.class, () -> Timestamps.toUnits(-1, 0, 128 + 20, 0));
        assertThrows(ArithmeticException.class, () -> Timestamps.toUnits(0, 0, 19, 0));
    }

    @Test
    void exactnessIsKnownPerResolution() {
        assertTrue(Timestamps.isExact(6));
        assertTrue(Timestamps.isExact(9));
        assertFalse(Timestamps.isExact(12));
        assertTrue(Timestamps.isExact(128 + 29));
        assertFalse(Timestamps.isExact(128 + 30));
    }
}
