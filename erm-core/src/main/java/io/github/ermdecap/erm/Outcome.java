// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import java.util.Locale;

/**
 * What the engine made of one record: decapsulated, not ERM (and why), or ERM-bound but malformed. Every
 * record gets exactly one outcome; {@link #label()} is the stable name used in JSON statistics.
 *
 * <pre>{@code
 * DecapResult r = engine.decapsulate(record);
 * if (r.outcome().malformed()) { warn(record.recordNumber() + ": " + r.outcome().label()); }
 * }</pre>
 */
public enum Outcome {
    /** The record held ERM and its inner frame was recovered. */
    DECAPSULATED,
    /** The link type is not one the engine parses (Ethernet, SLL, SLL2, raw IP, NULL, LOOP). */
    NOT_ERM_LINK_TYPE,
    /** The link layer carries something other than IPv4/IPv6, or an IP header that cannot be IP. */
    NOT_ERM_NOT_IP,
    /** The IP packet is not UDP (or an IPv6 extension header the engine does not follow comes first). */
    NOT_ERM_NOT_UDP,
    /** UDP, but neither port is in the configured port set (auto-detection off). */
    NOT_ERM_PORT,
    /** Auto-detection on, no port match, and the payload does not carry the ERM signature. */
    NOT_ERM_NO_SIGNATURE,
    /** An IPv4 fragment of a UDP datagram, or an IPv6 packet with a fragment header: never decapsulated. */
    NOT_ERM_FRAGMENT,
    /** The captured bytes end before the outer headers (link, IP, UDP, ERM, inner Ethernet) do. */
    NOT_ERM_TRUNCATED,
    /** A port-matched UDP packet whose IP header is impossible (IPv4 IHL below 5 or total length below IHL). */
    MALFORMED_IP_HEADER,
    /** A port-matched UDP datagram whose length is below 8 or beyond the IP payload. */
    MALFORMED_UDP_LENGTH,
    /** A port-matched UDP payload shorter than the 12-byte ERM header. */
    MALFORMED_SHORT_PAYLOAD,
    /** A complete ERM header followed by fewer than 14 bytes (no room for an Ethernet header). */
    MALFORMED_INNER_FRAME;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** True for {@link #DECAPSULATED}. */
    public boolean decapsulated() {
        return this == DECAPSULATED;
    }

    /** True for the {@code MALFORMED_*} outcomes: ERM-bound records the engine could not decapsulate. */
    public boolean malformed() {
        return ordinal() >= MALFORMED_IP_HEADER.ordinal();
    }

    /** The lower-case snake name, e.g. {@code "not_erm_port"}; stable, used as a JSON key. */
    public String label() {
        return label;
    }
}
