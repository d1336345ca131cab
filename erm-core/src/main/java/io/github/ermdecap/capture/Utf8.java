// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for pcapng string options that keeps malformed bytes: each byte that is not part of a well-formed
 * sequence (RFC 3629) decodes to the lone surrogate {@code U+DC80..U+DCFF} (as Python's
 * {@code surrogateescape}) and encodes back to the same byte. Well-formed UTF-8 never decodes to a lone
 * surrogate, so reading and writing a string gives back exactly its bytes, and never more of them.
 */
final class Utf8 {
    private static final char ESCAPE = 0xDC00;

    private Utf8() {
    }

    static String decode(byte[] b, int off, int len) {
        if (wellFormed(b, off, len)) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder(len);
        int end = off + len;
        for (int i = off; i < end; ) {
            int n = sequence(b, i, end);
            if (n == 0) {
                s.append((char) (ESCAPE | (b[i] & 0xFF)));
                i++;
            } else {
                s.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            }
        }
        return s.toString();
    }

    static byte[] encode(String s) {
        if (!hasEscapes(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp >= 0xDC80 && cp <= 0xDCFF) {
                out.write(cp & 0xFF);
            } else {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(cp);
        }
        return out.toByteArray();
    }

    private static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF) {
                return true;
            }
        }
        return false;
    }

    private static boolean wellFormed(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; ) {
            int n = sequence(b, i, end);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** The length of the well-formed sequence at {@code b[i]} (RFC 3629 section 4), or 0. */
    private static int sequence(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            lo = b0 == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
            hi = b0 == 0xED ? 0x9F : 0xBF;   // no surrogates
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            lo = b0 == 0xF0 ? 0x90 : 0x80;
            hi = b0 == 0xF4 ? 0x8F : 0xBF;   // nothing beyond U+10FFFF
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int c = b[i + k] & 0xFF;
            if (c < 0x80 || c > 0xBF) {
                return 0;
            }
        }
        return n;
    }
}
