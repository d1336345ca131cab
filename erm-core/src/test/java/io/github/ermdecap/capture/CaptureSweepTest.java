// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truncates every golden capture in {@code testdata} (and the real samples, when present) at many points and
 * flips bits and bytes in many places: reading must end normally or with {@link CaptureFormatException},
 * never with any other exception.
 */
class CaptureSweepTest {
    private static final int MUTATIONS_PER_FILE = 300;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 2024, 77_777})
    void truncatedAndBitFlippedCapturesFailOnlyWithTheCaptureException(long seed) throws IOException {
        List<Path> files = goldenFiles();
        assertFalse(files.isEmpty(), "no golden files found under " + CaptureIo.testdata());
        Random random = new Random(seed);
        for (Path file : files) {
            byte[] original = Files.readAllBytes(file);
            for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
                byte[] mutated = original.clone();
                String what = mutate(mutated, random);
                int length = mutated.length;
                if (random.nextInt(3) == 0 && length > 0) {
                    length = random.nextInt(length);
                    what += ", cut to " + length;
                }
                readToEnd(java.util.Arrays.copyOf(mutated, length), file + " seed " + seed + ": " + what);
            }
            for (int cut = 0; cut < original.length; cut += Math.max(1, original.length / 200)) {
                readToEnd(java.util.Arrays.copyOf(original, cut), file + " cut to " + cut);
            }
        }
    }

    private static String mutate(byte[] b, Random random) {
        if (b.length == 0) {
            return "empty";
        }
        StringBuilder what = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0:
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    what.append("bit@").append(at).append(' ');
                    break;
                case 1:
                    b[at] = (byte) random.nextInt(256);
                    what.append("byte@").append(at).append(' ');
                    break;
                default:
                    b[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
                    what.append("extreme@").append(at).append(' ');
                    break;
            }
        }
        return what.toString().trim();
    }

    static void readToEnd(byte[] data, String label) {
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(data), "sweep", ReadLimits.DEFAULT)) {
            for (PacketRecord p; (p = r.next()) != null; ) {
                if (p.offset() < 0 || p.capturedLength() < 0 || p.offset() + p.capturedLength() > p.array().length) {
                    fail(label + ": record view outside its array");
                }
            }
        } catch (CaptureFormatException expected) {
            // the only acceptable failure
        } catch (Throwable t) {
            throw new AssertionError(label + ": " + t, t);
        }
    }

    static List<Path> goldenFiles() throws IOException {
        Stream.Builder<Path> roots = Stream.builder();
        roots.add(CaptureIo.testdata());
        String samples = System.getProperty("erm.samples.dir");
        if (samples != null && Files.isDirectory(Path.of(samples))) {
            roots.add(Path.of(samples));
        }
        List<Path> all = new java.util.ArrayList<>();
        for (Path root : roots.build().collect(Collectors.toList())) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap|gz)$"))
                        .sorted()
                        .forEach(all::add);
            }
        }
        return all;
    }
}
