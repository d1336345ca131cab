// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real switch captures of {@code ../shared/samples} (Wireshark wiki, licence unknown: read in place,
 * never copied into the project). Tests that need them skip, saying so, when the folder is absent.
 */
public final class RealSamples {
    private RealSamples() {
    }

    public static Path dir() {
        String dir = System.getProperty("erm.samples.dir");
        Path p = dir == null ? null : Path.of(dir);
        Assumptions.assumeTrue(p != null && Files.isDirectory(p),
                "the real samples folder " + dir + " is absent: tests on real captures skipped");
        return p;
    }

    public static Path get(String name) {
        Path p = dir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), p + " is absent: skipped");
        return p;
    }

    public static List<Path> all() {
        return List.of(get("hp-erm-1.cap"), get("hp-erm-2.cap"));
    }

    /** The packet counts the samples' README gives. */
    static int expectedCount(Path sample) throws IOException {
        return sample.getFileName().toString().equals("hp-erm-1.cap") ? 8 : 16;
    }

    static long size(Path p) throws IOException {
        return Files.size(p);
    }
}
