// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Names the files of a sharded or split output from the one output name the user gave: {@code -} and the
 * shard index or split label go before the capture extension, in the same folder.
 *
 * <pre>{@code
 * OutputNames.shard(Path.of("out.pcap"), 0)          // out-0.pcap
 * OutputNames.shard(Path.of("out.pcapng.gz"), 3)     // out-3.pcapng.gz
 * OutputNames.shard(Path.of("out"), 0)               // out-0
 * OutputNames.split(Path.of("out.pcap"), "vlan-10")  // out-vlan-10.pcap
 * }</pre>
 *
 * The capture extension is {@code .pcap}, {@code .pcapng} or {@code .cap} (any case), optionally followed
 * by {@code .gz}, or {@code .gz} alone; any other name, dots included, is all stem, so {@code out.data}
 * becomes {@code out.data-0}. The two rules compose: {@code shard(split(out, label), i)} gives
 * {@code out-10.1.0.1-7932-0.pcap}.
 */
public final class OutputNames {
    private static final String[] CAPTURE_EXTENSIONS = {".pcapng", ".pcap", ".cap"};
    private static final String GZIP = ".gz";
    private static final int MAX_LABEL_LENGTH = 100;

    private OutputNames() {
    }

    /**
     * The hidden file beside {@code out} that records a complete set of outputs (batch mode's manifest, the
     * completion marker of a shard or split set): {@code out.pcap} gives {@code .out.pcap.erm-decap}.
     */
    public static Path marker(Path out) {
        return out.resolveSibling("." + fileName(out) + ".erm-decap");
    }

    /** The file of shard {@code index}: {@code out.pcap} gives {@code out-<index>.pcap}. */
    public static Path shard(Path out, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("shard index: " + index + " (expected: 0 or more)");
        }
        return out.resolveSibling(insert(fileName(out), Integer.toString(index)));
    }

    /**
     * The file of a split output: {@code out.pcap} gives {@code out-<label>.pcap}. The label must be 1..100
     * characters from {@code A-Z a-z 0-9 . _ -}, as every {@link SplitRouter} label is.
     */
    public static Path split(Path out, String label) {
        if (!isSafeLabel(label)) {
            throw new IllegalArgumentException("split label: " + label
                    + " (expected: 1.." + MAX_LABEL_LENGTH + " characters from A-Z a-z 0-9 . _ -)");
        }
        return out.resolveSibling(insert(fileName(out), label));
    }

    /** {@code fileName} with {@code -} and {@code part} inserted before its capture extension. */
    public static String insert(String fileName, String part) {
        String extension = extension(fileName);
        String stem = fileName.substring(0, fileName.length() - extension.length());
        return stem + '-' + part + extension;
    }

    /** The capture extension of a file name as written ({@code .pcapng.gz}, {@code .PCAP}), or "". */
    public static String extension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int gz = lower.endsWith(GZIP) ? GZIP.length() : 0;
        String base = lower.substring(0, lower.length() - gz);
        for (String candidate : CAPTURE_EXTENSIONS) {
            if (base.endsWith(candidate) && base.length() > candidate.length()) {
                return fileName.substring(base.length() - candidate.length());
            }
        }
        return gz > 0 && base.length() > 0 ? fileName.substring(base.length()) : "";
    }

    private static String fileName(Path out) {
        Path name = out.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("output: " + out + " (expected: a path ending in a file name)");
        }
        return name.toString();
    }

    private static boolean isSafeLabel(String label) {
        if (label == null || label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!safe) {
                return false;
            }
        }
        return true;
    }
}
