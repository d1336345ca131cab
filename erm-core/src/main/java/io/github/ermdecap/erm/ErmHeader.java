// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/**
 * The 12-byte ERM header (ERM-PROTOCOL.md, "The layers"): 8 unknown bytes, zero so far, then one big-endian
 * word holding priority, CFI, VLAN id and is_tagged.
 */
final class ErmHeader {
    /** Bytes 0..7: unknown, zero in every capture seen. */
    static final int RESERVED = 0;
    static final int RESERVED_LENGTH = 8;
    /** Bytes 8..11: the big-endian word. */
    static final int WORD = RESERVED + RESERVED_LENGTH;
    static final int LENGTH = WORD + 4;

    static final int UNKNOWN_HIGH = 0xFF00_0000;
    static final int PRIORITY = 0x00E0_0000;
    static final int PRIORITY_SHIFT = 21;
    static final int CFI = 0x0010_0000;
    static final int VLAN = 0x000F_FF00;
    static final int VLAN_SHIFT = 8;
    static final int IS_TAGGED = 0x0000_0080;
    static final int UNKNOWN_LOW = 0x0000_007F;
    static final int UNKNOWN_BITS = UNKNOWN_HIGH | UNKNOWN_LOW;

    /** PCP for each ERM priority: ERM ranks traffic classes, 802.1Q stores code points (0 -> 1, 1 -> 2, 2 -> 0). */
    private static final int[] PCP_OF_PRIORITY = {1, 2, 0, 3, 4, 5, 6, 7};

    private ErmHeader() {
    }

    static int priority(int word) {
        return (word & PRIORITY) >>> PRIORITY_SHIFT;
    }

    static boolean cfi(int word) {
        return (word & CFI) != 0;
    }

    static int vlanId(int word) {
        return (word & VLAN) >>> VLAN_SHIFT;
    }

    static boolean isTagged(int word) {
        return (word & IS_TAGGED) != 0;
    }

    static int pcp(int priority) {
        return PCP_OF_PRIORITY[priority & 7];
    }

    /** The 802.1Q TCI to restore: PCP &lt;&lt; 13 | CFI &lt;&lt; 12 | VLAN id. */
    static int tci(int word) {
        return pcp(priority(word)) << 13 | (cfi(word) ? 1 << 12 : 0) | vlanId(word);
    }

    /** True when bytes 0..7 (bounds checked by the caller) are all zero. */
    static boolean reservedZero(byte[] b, int erm) {
        for (int i = erm; i < erm + RESERVED_LENGTH; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The auto-detection signature: bytes 0..8 zero and the low 7 bits of byte 11 zero. */
    static boolean signature(byte[] b, int erm) {
        return reservedZero(b, erm) && b[erm + WORD] == 0 && (b[erm + WORD + 3] & UNKNOWN_LOW) == 0;
    }
}
