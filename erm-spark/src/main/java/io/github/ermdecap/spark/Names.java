// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.convert.SafeOutput;

import java.util.Locale;

/**
 * Which files of a directory are inputs: batch mode's rule today (capture extensions {@code .pcap},
 * {@code .pcapng}, {@code .cap}, each maybe {@code .gz}; no hidden or temporary files), repeated here because
 * erm-core keeps it private. Keep in step with {@code BatchConversion}.
 */
final class Names {
    private static final String[] CAPTURE_EXTENSIONS = {".pcap", ".pcapng", ".cap"};

    private Names() {
    }

    static boolean isCaptureName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains(SafeOutput.TEMP_MARKER) || n.startsWith(".")) {
            return false;
        }
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        for (String ext : CAPTURE_EXTENSIONS) {
            if (n.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }
}
