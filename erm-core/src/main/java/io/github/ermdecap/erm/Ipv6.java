// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/** IPv6 header offsets (RFC 8200 section 3) and the extension headers the engine walks (section 4). */
final class Ipv6 {
    static final int PAYLOAD_LENGTH = 4;
    static final int NEXT_HEADER = 6;
    static final int SRC = 8;
    static final int DST = 24;
    static final int HEADER = 40;
    static final int ADDRESS_LENGTH = 16;

    static final int HOP_BY_HOP = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int DESTINATION_OPTIONS = 60;
    /** Extension header: next header at 0, length in 8-octet units not counting the first 8 at 1. */
    static final int EXT_NEXT_HEADER = 0;
    static final int EXT_LENGTH = 1;
    static final int EXT_UNIT = 8;

    private Ipv6() {
    }
}
