// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

/**
 * A split would need more distinct outputs than its limit allows. The message names the limit and the label
 * the next output would have had: {@code split outputs: more than 4096 (expected: at most 4096; next:
 * vlan-4095)}.
 */
public final class OutputLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int limit;
    private final String label;

    OutputLimitException(int limit, String label) {
        super("split outputs: more than " + limit + " (expected: at most " + limit + "; next: " + label + ")");
        this.limit = limit;
        this.label = label;
    }

    public int limit() {
        return limit;
    }

    /** The label of the output that was refused. */
    public String label() {
        return label;
    }
}
