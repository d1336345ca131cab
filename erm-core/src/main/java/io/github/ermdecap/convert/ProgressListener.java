// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

/**
 * Told how far a conversion has come, at most once every {@link Conversion#progressInterval()} records and
 * once at the end, never per record. Called on the converting thread: keep it short.
 *
 * <pre>{@code
 * Conversion c = new Conversion(DecapOptions.DEFAULT)
 *         .withProgress((bytes, records) -> System.err.print("\r" + records + " records"), 65_536);
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (bytes, records) -> { };

    /**
     * @param bytes   bytes of (uncompressed) input consumed so far
     * @param records records read so far
     */
    void progress(long bytes, long records);
}
