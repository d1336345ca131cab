// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

/** Big-endian field writers and the Internet checksum (RFC 1071), for building frames by hand. */
final class Wire {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ICMPV6 = 58;

    private Wire() {
    }

    static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void putU32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Writes a 48-bit MAC address held in the low bits of {@code mac}. */
    static void putMac(byte[] b, int i, long mac) {
        for (int k = 0; k < 6; k++) {
            b[i + k] = (byte) (mac >>> (40 - 8 * k));
        }
    }

    /** Adds the 16-bit big-endian words of {@code b[off, off+len)} to {@code acc} (odd tail padded with zero). */
    static long sum(byte[] b, int off, int len, long acc) {
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) {
            acc += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            acc += (b[off + len - 1] & 0xFF) << 8;
        }
        return acc;
    }

    /** Folds a running sum into the 16-bit one's-complement checksum. */
    static int checksum(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) (~acc & 0xFFFF);
    }

    /** Writes the IPv4 header checksum of the 20-byte header at {@code ip}. */
    static void ipv4Checksum(byte[] b, int ip) {
        putU16(b, ip + 10, 0);
        putU16(b, ip + 10, checksum(sum(b, ip, 20, 0)));
    }
}
