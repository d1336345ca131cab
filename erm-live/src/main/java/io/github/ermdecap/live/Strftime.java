// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The strftime conversions a rotation pattern ({@code -G}) may use, as tcpdump's: {@code %Y %m %d %H %M %S %y
 * %j %s %z %%}. Others are refused up front, so a pattern never gives a surprising name.
 */
final class Strftime {
    private static final String KNOWN = "YmdHMSyjsz%";

    private Strftime() {
    }

    /** Throws {@link IllegalArgumentException} naming the first conversion that is not supported. */
    static void check(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '%') {
                if (i + 1 == pattern.length() || KNOWN.indexOf(pattern.charAt(i + 1)) < 0) {
                    String bad = i + 1 == pattern.length() ? "%" : "%" + pattern.charAt(i + 1);
                    throw new IllegalArgumentException("pattern " + pattern + ": " + bad
                            + " (expected: %Y %m %d %H %M %S %y %j %s %z %%)");
                }
                i++;
            }
        }
    }

    /** True when the pattern holds any conversion other than {@code %%}. */
    static boolean hasConversion(String pattern) {
        for (int i = 0; i + 1 < pattern.length(); i++) {
            if (pattern.charAt(i) == '%') {
                if (pattern.charAt(i + 1) != '%') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    static String format(String pattern, long epochSecond, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(zone);
        StringBuilder s = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                s.append(c);
                continue;
            }
            char k = pattern.charAt(++i);
            switch (k) {
                case 'Y': s.append(t.getYear()); break;
                case 'm': two(s, t.getMonthValue()); break;
                case 'd': two(s, t.getDayOfMonth()); break;
                case 'H': two(s, t.getHour()); break;
                case 'M': two(s, t.getMinute()); break;
                case 'S': two(s, t.getSecond()); break;
                case 'y': two(s, t.getYear() % 100); break;
                case 'j': s.append(String.format("%03d", t.getDayOfYear())); break;
                case 's': s.append(epochSecond); break;
                case 'z': zone(s, t.getOffset().getTotalSeconds()); break;
                default: s.append(k); break;
            }
        }
        return s.toString();
    }

    private static void two(StringBuilder s, int v) {
        s.append(v < 10 ? "0" : "").append(v);
    }

    private static void zone(StringBuilder s, int offsetSeconds) {
        int m = Math.abs(offsetSeconds) / 60;
        s.append(offsetSeconds < 0 ? '-' : '+');
        two(s, m / 60);
        two(s, m % 60);
    }
}
