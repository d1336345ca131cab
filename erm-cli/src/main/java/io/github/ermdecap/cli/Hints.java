// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.convert.OutputFormats;
import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.erm.Outcome;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** What to try next, added to messages and summaries where the likely fix is known. */
final class Hints {
    private static final int BUSIEST = 3;

    private Hints() {
    }

    /** A damage message, with the option that raises the limit when a record was over {@code --max-record}. */
    static String damage(String message) {
        if (message == null) {
            return null;
        }
        if ((message.contains("captured length ") || message.contains("block total length "))
                && message.contains(" exceeds the limit ") && !message.endsWith("of a skipped block")) {
            return message + " (expected: a larger --max-record BYTES for such records)";
        }
        return message;
    }

    /** After a run: no ERM found, but UDP on ports not in the list: try {@code -p auto}, name the busiest. */
    static void noErm(PrintWriter err, DecapStats s) {
        if (s.count(Outcome.DECAPSULATED) > 0 || s.count(Outcome.NOT_ERM_PORT) == 0) {
            return;
        }
        StringJoiner ports = new StringJoiner(", ");
        for (Map.Entry<Integer, Long> e : s.busiestOtherUdpPorts(BUSIEST).entrySet()) {
            ports.add(String.format(Locale.ROOT, "%d (%s)", e.getKey(), Summary.count(e.getValue(), "record")));
        }
        err.println(Errors.PREFIX + "hint: no ERM found on the ports given, but UDP to other ports: "
                + "try -p auto, or -p with one of the busiest: " + ports);
    }

    /** {@code -o DIR} given a name that looks like a capture file, and that is not an existing directory. */
    static String outputDirLooksLikeAFile(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean captureName = OutputFormats.gzip(name) || name.endsWith(".pcap") || name.endsWith(".pcapng")
                || name.endsWith(".cap");
        if (Files.isRegularFile(dir)) {
            return "-o " + dir + ": is a file; -o names a directory for batch mode (expected: erm-decap IN OUT"
                    + " for one file, or -o DIR IN...)";
        }
        if (captureName && !Files.isDirectory(dir)) {
            return "-o " + dir + ": looks like a capture file name, but -o names a directory for batch mode"
                    + " (expected: erm-decap IN OUT for one file, or -o DIR IN...)";
        }
        return null;
    }

    /** OUT (a file name) in a directory that does not exist: say so rather than failing to create it. */
    static String missingDirectory(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) {
            return out + ": create failed: no such directory " + parent + " (expected: an existing directory;"
                    + " batch mode -o DIR creates its directories)";
        }
        return null;
    }
}
