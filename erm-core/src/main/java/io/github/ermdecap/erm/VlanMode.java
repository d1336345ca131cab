// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/**
 * Whether a decapsulated frame gets back the 802.1Q tag the switch removed. The tag is built from the ERM
 * header: TPID 0x8100, PCP mapped from the ERM priority, CFI, VLAN id; it is inserted after the two MAC
 * addresses, outside any tag the frame already has.
 *
 * <pre>{@code
 * new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED));
 * }</pre>
 */
public enum VlanMode {
    /** Never insert a tag: the inner frame exactly as the switch sent it (the default). */
    NEVER,
    /** Insert a tag when the ERM header's is_tagged bit is set (not fully reliable on real switches). */
    TAGGED,
    /** Insert a tag into every decapsulated frame (the ERM header always carries the VLAN id). */
    ALWAYS
}
