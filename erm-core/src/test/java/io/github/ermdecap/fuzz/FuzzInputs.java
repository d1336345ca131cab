// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes the seed inputs of a Jazzer fuzz test where Jazzer replays them in regression mode:
 * {@code <resources>/<package path>/<TestClass>Inputs/<method>/<name>}. The fuzz tests' {@code main} methods
 * call it; {@code src/test/fuzz/make-seeds.sh} runs them.
 */
public final class FuzzInputs {
    private final Path dir;

    private FuzzInputs(Path dir) {
        this.dir = dir;
    }

    /** The inputs folder of {@code test}'s {@code method} under {@code resources}, emptied of earlier seeds. */
    public static FuzzInputs of(Path resources, Class<?> test, String method) {
        Path dir = resources.resolve(test.getPackageName().replace('.', '/'))
                .resolve(test.getSimpleName() + "Inputs").resolve(method);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                // seeds are regenerated; findings (crash-*, named after what they reproduce) are kept
                for (Path p : (Iterable<Path>) old::iterator) {
                    if (p.getFileName().toString().startsWith("seed-")) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FuzzInputs(dir);
    }

    /** Writes one seed, named {@code seed-<name>}. */
    public FuzzInputs put(String name, byte[] input) {
        try {
            Files.write(dir.resolve("seed-" + name), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code control} followed by {@code body}: the layout of the capture targets' inputs. */
    public static byte[] prefixed(int control, byte[] body) {
        byte[] b = new byte[body.length + 1];
        b[0] = (byte) control;
        System.arraycopy(body, 0, b, 1, body.length);
        return b;
    }
}
