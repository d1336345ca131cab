// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

/**
 * Link-layer header types (tcpdump.org/linktypes.html) that matter here. An open set: plain {@code int}
 * constants, so unknown values pass through untouched.
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in host byte order. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP, version from the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    /** The low 28 bits of a pcap header's link-type field hold the link type; the rest are FCS bits. */
    public static final int PCAP_LINKTYPE_MASK = 0x0FFF_FFFF;

    private LinkType() {
    }

    /** A short name for messages: {@code ETHERNET}, or {@code LINKTYPE_147} for values not listed here. */
    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "NULL";
            case ETHERNET: return "ETHERNET";
            case RAW: return "RAW";
            case LOOP: return "LOOP";
            case LINUX_SLL: return "LINUX_SLL";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case LINUX_SLL2: return "LINUX_SLL2";
            default: return "LINKTYPE_" + linkType;
        }
    }
}
