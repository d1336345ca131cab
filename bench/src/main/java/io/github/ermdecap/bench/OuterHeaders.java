// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

/**
 * The outer headers switches put in front of a mirrored frame: Ethernet II to the collector, IPv4 (no options,
 * DF, one identification counter per switch, correct checksum), UDP from port 5 with checksum 0, and the 12-byte
 * ERM header. Four switches, five sessions: switch 2 mirrors on both 7932 and 7933.
 */
final class OuterHeaders {
    /** 14 + 20 + 8 + 12: what {@code editcap -C 54} chops. */
    static final int LENGTH = 54;
    static final int SESSIONS = 5;
    static final long COLLECTOR_MAC = 0x0200_5E10_0064L;
    static final byte[] COLLECTOR_IP = {10, (byte) 205, 0, 100};

    private static final int IP = 14;
    private static final int UDP = IP + 20;
    private static final int ERM = UDP + 8;
    private static final int ERM_WORD = ERM + 8;
    private static final int[] SESSION_SWITCH = {0, 1, 2, 2, 3};
    private static final int[] SESSION_PORT = {7932, 7932, 7932, 7933, 7933};
    private static final int[] SWITCH_TTL = {64, 64, 63, 62};

    private final long[] switchMac = new long[4];
    private final int[] ipId = new int[4];

    OuterHeaders(SplitMix64 rnd) {
        for (int s = 0; s < switchMac.length; s++) {
            switchMac[s] = 0x0016_3500_0000L | (rnd.nextLong() & 0xFF_FFFFL); // an HP-like OUI
            ipId[s] = rnd.nextInt(65536);
        }
    }

    /** The MAC address of switch {@code s} (0..3). */
    long switchMac(int s) {
        return switchMac[s];
    }

    /** The IPv4 address of switch {@code s}: 10.205.0.(s+1). */
    static byte[] switchIp(int s) {
        return new byte[] {10, (byte) 205, 0, (byte) (s + 1)};
    }

    /** Writes the 54 header bytes in front of an inner frame of {@code innerLength} bytes at {@code b[LENGTH]}. */
    void write(byte[] b, int session, int ermWord, int innerLength) {
        int sw = SESSION_SWITCH[session];
        Wire.putMac(b, 0, COLLECTOR_MAC);
        Wire.putMac(b, 6, switchMac[sw]);
        Wire.putU16(b, 12, Wire.ETHERTYPE_IPV4);
        b[IP] = 0x45;
        b[IP + 1] = 0;
        Wire.putU16(b, IP + 2, 20 + 8 + 12 + innerLength);
        Wire.putU16(b, IP + 4, ipId[sw]++);
        Wire.putU16(b, IP + 6, 0x4000);
        b[IP + 8] = (byte) SWITCH_TTL[sw];
        b[IP + 9] = Wire.PROTO_UDP;
        b[IP + 12] = 10;
        b[IP + 13] = (byte) 205;
        b[IP + 14] = 0;
        b[IP + 15] = (byte) (sw + 1);
        System.arraycopy(COLLECTOR_IP, 0, b, IP + 16, 4);
        Wire.ipv4Checksum(b, IP);
        Wire.putU16(b, UDP, 5);
        Wire.putU16(b, UDP + 2, SESSION_PORT[session]);
        Wire.putU16(b, UDP + 4, 8 + 12 + innerLength);
        Wire.putU16(b, UDP + 6, 0);
        for (int i = ERM; i < ERM_WORD; i++) {
            b[i] = 0;
        }
        Wire.putU32(b, ERM_WORD, ermWord);
    }
}
