// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/** IPv4 header offsets (RFC 791 section 3.1). */
final class Ipv4 {
    static final int VERSION_IHL = 0;
    static final int TOTAL_LENGTH = 2;
    static final int FLAGS_FRAGMENT_OFFSET = 6;
    static final int PROTOCOL = 9;
    static final int SRC = 12;
    static final int DST = 16;
    static final int MIN_HEADER = 20;
    static final int ADDRESS_LENGTH = 4;

    static final int MORE_FRAGMENTS = 0x2000;
    static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private Ipv4() {
    }

    static int headerLength(byte[] b, int ip) {
        return (b[ip + VERSION_IHL] & 0x0F) * 4;
    }

    static boolean isFragment(byte[] b, int ip) {
        return (Wire.u16(b, ip + FLAGS_FRAGMENT_OFFSET) & (MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }
}
