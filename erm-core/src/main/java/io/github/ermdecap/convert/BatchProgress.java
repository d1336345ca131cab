// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

/**
 * Told how far a {@link BatchConversion} has come: files finished of all, and input bytes done of all (a file
 * in progress counts with the bytes read so far; a compressed one only once finished). Called from the
 * converting threads, one call at a time, at most every few thousand records per file and once per file.
 *
 * <pre>{@code
 * batch.withProgress((files, total, bytes, totalBytes) -> System.err.print("\r" + files + "/" + total));
 * }</pre>
 */
@FunctionalInterface
public interface BatchProgress {
    void progress(int filesDone, int filesTotal, long bytesDone, long bytesTotal);
}
