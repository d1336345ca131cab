// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Whether the process's stderr or stdout is a terminal, and how wide it is, without native code. */
final class Terminal {
    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /** True when stderr is a terminal ({@code test -t 2}) and the {@code CI} environment variable is unset. */
    static boolean stderr() {
        return System.getenv("CI") == null && isTerminal(2);
    }

    /** True when stdout is a terminal ({@code test -t 1}): binary output is refused there. */
    static boolean stdout() {
        return isTerminal(1);
    }

    /**
     * True when file descriptor {@code fd} is a terminal device, as {@code /proc/self/fd} tells; where there is
     * no {@code /proc}, the JDK's console check (stdin and stdout are terminals) stands in for it.
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            return isTerminalDevice(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return !Files.isDirectory(Path.of("/proc/self/fd")) && System.console() != null;
        }
    }

    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    /** The terminal's width: {@code COLUMNS}, else {@code stty size} on {@code /dev/tty}, else 80. */
    static int columns() {
        Integer env = positive(System.getenv("COLUMNS"));
        if (env != null) {
            return env;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(1, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                        .trim().split("\\s+");
                Integer cols = rowsCols.length == 2 ? positive(rowsCols[1]) : null;
                if (cols != null) {
                    return cols;
                }
            } else {
                p.destroy();
            }
        } catch (IOException | RuntimeException e) {
            // no stty or no /dev/tty: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }

    private static Integer positive(String s) {
        try {
            int n = s == null ? 0 : Integer.parseInt(s.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
