// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What the process's own stdin and stdout really are, seen through {@code /proc/self/fd} (Linux; elsewhere
 * nothing is known and every check passes): closed, or a regular file that may be the input or an output in
 * disguise ({@code erm-decap - in.pcap < in.pcap}).
 */
final class StdStreams {
    private static final Path FDS = Path.of("/proc/self/fd");

    private StdStreams() {
    }

    /**
     * True when fd 0 is closed ({@code <&-}): missing, or taken by a file the JVM opened for itself (its
     * {@code lib/modules}, a jar or class-data archive), which would otherwise be read as the capture.
     */
    static boolean stdinClosed() {
        return closed("0");
    }

    /** As {@link #stdinClosed()} for fd 1 ({@code >&-}). */
    static boolean stdoutClosed() {
        return closed("1");
    }

    private static boolean closed(String fdNumber) {
        if (!Files.isDirectory(FDS)) {
            return false;
        }
        Path fd = FDS.resolve(fdNumber);
        if (!Files.exists(fd, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        Path target;
        try {
            target = Files.readSymbolicLink(fd);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return ownFile(target);
    }

    /** True for a file of the running JVM or of this program: under java.home, or on the class path. */
    private static boolean ownFile(Path target) {
        String home = System.getProperty("java.home");
        if (home != null && target.startsWith(Path.of(home))) {
            return true;
        }
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        if (name.endsWith(".jsa")) {
            return true;
        }
        String cp = System.getProperty("java.class.path", "");
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path e = Path.of(entry).toAbsolutePath();
            Path dir = e.getParent();
            if (target.equals(e) || (dir != null && target.startsWith(dir) && name.endsWith(".jar"))) {
                return true;
            }
        }
        return false;
    }

    /** fd 0 when it is a regular file (stdin redirected from a file), else null. */
    static Path stdinFile() {
        return regular(FDS.resolve("0"));
    }

    /** fd 1 when it is a regular file (stdout redirected to a file), else null. */
    static Path stdoutFile() {
        return regular(FDS.resolve("1"));
    }

    private static Path regular(Path fd) {
        return Files.isDirectory(FDS) && Files.isRegularFile(fd) ? fd : null;
    }
}
