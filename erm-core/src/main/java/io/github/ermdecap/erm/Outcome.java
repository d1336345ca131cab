package io.github.ermdecap.erm;

import java.util.Locale;

/** TEMP stub. */
public enum Outcome {
    DECAPSULATED, NOT_ERM_LINK_TYPE, NOT_ERM_NOT_IP, NOT_ERM_NOT_UDP, NOT_ERM_PORT, NOT_ERM_NO_SIGNATURE,
    NOT_ERM_FRAGMENT, NOT_ERM_TRUNCATED, MALFORMED_IP_HEADER, MALFORMED_UDP_LENGTH, MALFORMED_SHORT_PAYLOAD,
    MALFORMED_INNER_FRAME;

    public boolean decapsulated() {
        return this == DECAPSULATED;
    }

    public boolean malformed() {
        return name().startsWith("MALFORMED");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
