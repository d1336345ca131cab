// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/**
 * What happens to a record that is not ERM. Malformed ERM records are always kept, whatever the policy, so
 * nothing that looked like ERM is lost silently.
 *
 * <pre>{@code
 * DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT.withNonErmPolicy(NonErmPolicy.DROP)).decapsulate(rec);
 * if (r.keep()) { write(r); }
 * }</pre>
 */
public enum NonErmPolicy {
    /** Pass non-ERM records through unchanged (the default). */
    PASS,
    /** Leave non-ERM records out: {@link DecapResult#keep()} is false for them. */
    DROP
}
