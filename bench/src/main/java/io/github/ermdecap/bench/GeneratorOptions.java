// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import io.github.ermdecap.capture.CaptureFormat;
import java.util.Locale;

/** The command line of {@link ErmCaptureGenerator}. */
record GeneratorOptions(long size, CaptureFormat format, long seed, String out, boolean stream) {
    /** What {@code --stream} writes when no {@code --size} is given: more than 5 GiB. */
    static final long STREAM_SIZE = 6L << 30;

    static GeneratorOptions parse(String[] args) {
        long size = -1;
        CaptureFormat format = CaptureFormat.PCAP;
        long seed = 1;
        String out = null;
        boolean stream = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--stream")) {
                stream = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--size" -> size = parseSize(v);
                case "--format" -> format = parseFormat(v);
                case "--seed" -> seed = parseLong("--seed", v);
                case "--out" -> out = v;
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (stream) {
            return new GeneratorOptions(size < 0 ? STREAM_SIZE : size, format, seed, out == null ? "-" : out, true);
        }
        if (size < 0 || out == null) {
            throw new IllegalArgumentException("--size and --out are required (or --stream)");
        }
        return new GeneratorOptions(size, format, seed, out, false);
    }

    /** Bytes, with an optional binary suffix: {@code 1048576}, {@code 100M}, {@code 1G}, {@code 6GiB}. */
    static long parseSize(String v) {
        String s = v.toUpperCase(Locale.ROOT).replaceFirst("I?B$", "");
        int shift = 0;
        if (!s.isEmpty() && "KMGT".indexOf(s.charAt(s.length() - 1)) >= 0) {
            shift = 10 * ("KMGT".indexOf(s.charAt(s.length() - 1)) + 1);
            s = s.substring(0, s.length() - 1);
        }
        long n = parseLong("--size", s.isEmpty() ? v : s);
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("--size: " + v + " (expected: 0..8E, e.g. 100M or 1G)");
        }
        return n << shift;
    }

    private static CaptureFormat parseFormat(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "pcap":
                return CaptureFormat.PCAP;
            case "pcapng":
                return CaptureFormat.PCAPNG;
            default:
                throw new IllegalArgumentException("--format: " + v + " (expected: pcap or pcapng)");
        }
    }

    private static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + v + " (expected: a whole number)");
        }
    }
}
