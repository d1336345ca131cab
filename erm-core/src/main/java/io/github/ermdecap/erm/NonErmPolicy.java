// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/**
 * What happens to a record that is not decapsulated: not ERM, or malformed ERM. Under {@link #DROP} only
 * decapsulated frames come out; the records left out are still counted by outcome in {@link DecapStats}.
 *
 * <pre>{@code
 * DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT.withNonErmPolicy(NonErmPolicy.DROP)).decapsulate(rec);
 * if (r.keep()) { write(r); }
 * }</pre>
 */
public enum NonErmPolicy {
    /** Pass records that are not decapsulated through unchanged (the default). */
    PASS,
    /** Leave out every record that is not decapsulated, malformed ERM too: {@link DecapResult#keep()} is false. */
    DROP
}
