// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/** Text forms of IP addresses for statistics and messages (RFC 5952 for IPv6). */
final class Addresses {
    private Addresses() {
    }

    /** Dotted quad for 4 bytes, compressed IPv6 for 16, hex otherwise. */
    static String format(byte[] a, int off, int len) {
        StringBuilder s = new StringBuilder(40);
        if (len == 4) {
            for (int i = 0; i < 4; i++) {
                s.append(i == 0 ? "" : ".").append(a[off + i] & 0xFF);
            }
        } else if (len == 16) {
            ipv6(a, off, s);
        } else {
            for (int i = 0; i < len; i++) {
                s.append(String.format("%02x", a[off + i]));
            }
        }
        return s.toString();
    }

    private static void ipv6(byte[] a, int off, StringBuilder s) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && Wire.u16(a, off + 2 * j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(Wire.u16(a, off + 2 * i)));
        }
    }
}
