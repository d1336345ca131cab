// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal a progress line may be drawn on. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when the process has a console (Java 17: stdin and stdout are terminals), the {@code CI} environment
     * variable is unset, and, where {@code /proc} tells, stderr is itself a terminal device.
     */
    static boolean stderr() {
        if (System.console() == null || System.getenv("CI") != null) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }
}
