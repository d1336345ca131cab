// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.Timestamps;

import java.util.Locale;

/**
 * How the output format is chosen: an explicit format (the command's {@code -F}) wins, else the output name's
 * extension ({@code .pcap}, {@code .pcapng}, either followed by {@code .gz}), else the input's format.
 * gzip is chosen by a {@code .gz} name alone.
 *
 * <pre>{@code
 * CaptureFormat f = OutputFormats.choose(null, "out.pcapng.gz", CaptureFormat.PCAP); // PCAPNG
 * boolean gz = OutputFormats.gzip("out.pcapng.gz");                                 // true
 * }</pre>
 */
public final class OutputFormats {
    private OutputFormats() {
    }

    /**
     * @param explicit    the format asked for, or null
     * @param outputName  the output file name, or null (stdout)
     * @param inputFormat the input's format, used when nothing else decides
     */
    public static CaptureFormat choose(CaptureFormat explicit, String outputName, CaptureFormat inputFormat) {
        if (explicit != null) {
            return explicit;
        }
        CaptureFormat byName = fromName(outputName);
        return byName != null ? byName : inputFormat;
    }

    /** The format a file name's extension names ({@code .pcap}, {@code .pcapng}, maybe + {@code .gz}), or null. */
    public static CaptureFormat fromName(String name) {
        if (name == null) {
            return null;
        }
        String n = stripGz(name.toLowerCase(Locale.ROOT));
        if (n.endsWith(".pcapng")) {
            return CaptureFormat.PCAPNG;
        }
        if (n.endsWith(".pcap")) {
            return CaptureFormat.PCAP;
        }
        return null;
    }

    /** True when the name ends in {@code .gz}: the output is gzip-compressed. */
    public static boolean gzip(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /**
     * The name a file gets when converted to {@code format}: a {@code .pcap}, {@code .pcapng} or {@code .cap}
     * extension that names another format is replaced ({@code .cap} counts as pcap); {@code .gz} is kept.
     */
    public static String rename(String name, CaptureFormat format) {
        boolean gz = gzip(name);
        String base = gz ? name.substring(0, name.length() - 3) : name;
        String lower = base.toLowerCase(Locale.ROOT);
        if (format == CaptureFormat.PCAPNG ? lower.endsWith(".pcapng")
                : lower.endsWith(".pcap") || lower.endsWith(".cap")) {
            return name;
        }
        for (String ext : new String[] {".pcapng", ".pcap", ".cap"}) {
            if (lower.endsWith(ext)) {
                base = base.substring(0, base.length() - ext.length());
                break;
            }
        }
        return base + (format == CaptureFormat.PCAPNG ? ".pcapng" : ".pcap") + (gz ? ".gz" : "");
    }

    /**
     * True when a timestamp resolution ({@code if_tsresol} byte) is finer than a microsecond: such input goes
     * into nanosecond pcap.
     */
    public static boolean finerThanMicros(int tsresol) {
        int v = tsresol & 0x7F;
        if ((tsresol & 0x80) == 0) {
            return v > Timestamps.MICROS;
        }
        return v >= 20; // 2^-20 s is the first binary resolution finer than 10^-6 s
    }

    private static String stripGz(String n) {
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }
}
