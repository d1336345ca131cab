// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

/** What {@link SplitRouter} makes one output per: an ERM session (switch address and port) or a VLAN id. */
public enum SplitMode {
    /** One output per ERM session: switch address and UDP port, labelled {@code 10.1.0.1-7932}. */
    SWITCH,
    /** One output per VLAN id from the ERM header, labelled {@code vlan-10}. */
    VLAN
}
