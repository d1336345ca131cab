// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/** What the engine does to a recovered inner frame: original-length recovery and 802.1Q tag insertion. */
final class InnerFrame {
    private InnerFrame() {
    }

    /**
     * The length the frame had before a switch's truncation, from its IPv4 total length or IPv6 payload length
     * (behind any VLAN tags), or {@code known} when the headers say no more or cannot be read.
     */
    static long originalLength(byte[] b, int frame, int captured, long known) {
        int end = frame + captured;
        int typeAt = Ethernet.skipTags(b, frame + Ethernet.TYPE, end);
        if (typeAt < 0) {
            return known;
        }
        int ip = typeAt + 2;
        int type = Wire.u16(b, typeAt);
        long claimed = -1;
        if (type == Ethernet.TYPE_IPV4 && end - ip >= Ipv4.TOTAL_LENGTH + 2 && (b[ip] & 0xF0) == 0x40) {
            claimed = ip - frame + Wire.u16(b, ip + Ipv4.TOTAL_LENGTH);
        } else if (type == Ethernet.TYPE_IPV6 && end - ip >= Ipv6.PAYLOAD_LENGTH + 2 && (b[ip] & 0xF0) == 0x60) {
            claimed = ip - frame + Ipv6.HEADER + Wire.u16(b, ip + Ipv6.PAYLOAD_LENGTH);
        }
        return Math.max(known, claimed);
    }

    /**
     * Copies the frame into {@code into} (at least {@code length + 4} bytes) with an 802.1Q tag after the MAC
     * addresses; {@code length} is at least 12.
     */
    static void insertTag(byte[] b, int frame, int length, int tci, byte[] into) {
        System.arraycopy(b, frame, into, 0, Ethernet.MAC_PAIR);
        Wire.putU16(into, Ethernet.MAC_PAIR, Ethernet.TPID_8021Q);
        Wire.putU16(into, Ethernet.MAC_PAIR + 2, tci);
        System.arraycopy(b, frame + Ethernet.MAC_PAIR, into, Ethernet.MAC_PAIR + Ethernet.TAG,
                length - Ethernet.MAC_PAIR);
    }
}
