// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncates and damages every golden pcapng file, plain and gzip-compressed, in many seeded ways: the reader
 * must end normally or with a {@link CaptureFormatException}, never with any other exception or error.
 */
class PcapngSweepTest {
    private static final int MUTATIONS_PER_FILE = 400;
    /** Small limits, so that damaged lengths also reach every limit check. */
    private static final ReadLimits SMALL = ReadLimits.DEFAULT.withMaxCapturedLength(64).withMaxOptionsLength(48)
            .withMaxSkippedBlockLength(64).withMaxInterfaces(3);

    @Test
    void everyTruncationPointOfEveryGoldenFile() {
        for (Map.Entry<String, byte[]> e : PcapngGoldenFiles.all().entrySet()) {
            byte[] file = e.getValue();
            for (int n = 0; n <= file.length; n++) {
                read(Arrays.copyOf(file, n), ReadLimits.DEFAULT, e.getKey() + " truncated to " + n + " bytes");
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 0xE4D, 20261127})
    void seededDamageOfEveryGoldenFile(long seed) {
        Random rnd = new Random(seed);
        for (Map.Entry<String, byte[]> e : PcapngGoldenFiles.all().entrySet()) {
            for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
                byte[] file = e.getValue().clone();
                StringBuilder what = new StringBuilder("seed " + seed + ", " + e.getKey() + ":");
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    mutate(file, rnd, what);
                }
                if (rnd.nextInt(4) == 0) {
                    int n = rnd.nextInt(file.length + 1);
                    file = Arrays.copyOf(file, n);
                    what.append(" truncated to ").append(n);
                }
                read(file, i % 2 == 0 ? ReadLimits.DEFAULT : SMALL, what.toString());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void seededDamageOfCompressedGoldenFiles(long seed) throws IOException {
        Random rnd = new Random(seed);
        for (Map.Entry<String, byte[]> e : PcapngGoldenFiles.all().entrySet()) {
            byte[] gz = gzip(e.getValue());
            for (int i = 0; i < MUTATIONS_PER_FILE / 4; i++) {
                byte[] file = gz.clone();
                StringBuilder what = new StringBuilder("seed " + seed + ", " + e.getKey() + ".gz:");
                mutate(file, rnd, what);
                if (rnd.nextBoolean()) {
                    int n = rnd.nextInt(file.length + 1);
                    file = Arrays.copyOf(file, n);
                    what.append(" truncated to ").append(n);
                }
                read(file, ReadLimits.DEFAULT, what.toString());
            }
        }
    }

    /** One random change: a flipped bit, a random byte, or a length-like word set to an extreme. */
    private static void mutate(byte[] file, Random rnd, StringBuilder what) {
        if (file.length == 0) {
            return;
        }
        int at = rnd.nextInt(file.length);
        switch (rnd.nextInt(3)) {
            case 0:
                int bit = rnd.nextInt(8);
                file[at] ^= (byte) (1 << bit);
                what.append(" bit ").append(bit).append(" of byte ").append(at).append(" flipped;");
                break;
            case 1:
                byte b = (byte) rnd.nextInt(256);
                file[at] = b;
                what.append(" byte ").append(at).append(" set to ").append(b & 0xFF).append(';');
                break;
            default:
                byte fill = rnd.nextBoolean() ? (byte) 0xFF : 0;
                for (int i = at; i < Math.min(file.length, at + 4); i++) {
                    file[i] = fill;
                }
                what.append(" 4 bytes at ").append(at).append(" set to ").append(fill & 0xFF).append(';');
        }
    }

    /**
     * Reads through {@link CaptureReader#open} for compressed input, else straight into a reader with a small
     * buffer, so that requests larger than the buffer (growing and compacting it) are swept too.
     */
    private static void read(byte[] file, ReadLimits limits, String what) {
        try (CaptureReader in = PcapngReader.matches(file)
                ? new PcapngReader(new InputBuffer(new ByteArrayInputStream(file), 64), "sweep", limits, false)
                : CaptureReader.open(new ByteArrayInputStream(file), "sweep", limits)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                if (r.offset() < 0 || r.offset() + r.capturedLength() > r.array().length) {
                    fail(what + ": record " + r.recordNumber() + " lies outside its array");
                }
            }
        } catch (CaptureFormatException expected) {
            // damage reported as it must be
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    private static byte[] gzip(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(file);
        }
        return out.toByteArray();
    }
}
