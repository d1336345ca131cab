// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/** Ethernet II header offsets (IEEE 802.3 clause 3) and the EtherTypes the engine follows. */
final class Ethernet {
    static final int DST = 0;
    static final int SRC = DST + 6;
    static final int TYPE = SRC + 6;
    static final int HEADER = TYPE + 2;
    /** An 802.1Q/802.1ad tag: TPID (where the EtherType was) + TCI, 4 bytes. */
    static final int TAG = 4;
    static final int MAC_PAIR = 12;

    static final int TYPE_IPV4 = 0x0800;
    static final int TYPE_IPV6 = 0x86DD;
    static final int TPID_8021Q = 0x8100;
    static final int TPID_8021AD = 0x88A8;
    static final int TPID_QINQ_OLD = 0x9100;
    /** EtherType values start here; 0..1500 are 802.3 length fields. */
    static final int MIN_ETHERTYPE = 0x0600;
    static final int MAX_LENGTH_FIELD = 1500;

    private Ethernet() {
    }

    static boolean isTag(int type) {
        return type == TPID_8021Q || type == TPID_8021AD || type == TPID_QINQ_OLD;
    }

    /**
     * Skips VLAN tags: {@code typeAt} is where an EtherType/TPID field lies; returns where the final EtherType
     * lies, or -1 when the tags run past {@code end}.
     */
    static int skipTags(byte[] b, int typeAt, int end) {
        int at = typeAt;
        while (at + 2 <= end && isTag(Wire.u16(b, at))) {
            at += TAG;
        }
        return at + 2 <= end ? at : -1;
    }
}
