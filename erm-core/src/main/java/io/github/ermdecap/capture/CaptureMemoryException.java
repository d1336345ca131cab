// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;

/**
 * The heap cannot hold a record whose bytes did arrive: not damage in the input but a heap too small for
 * {@link ReadLimits#maxCapturedLength()}. The reader's buffer grows only as bytes arrive, so a length that merely
 * claims a huge record never raises this; a record that is really there and really that large can.
 */
public final class CaptureMemoryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long bytes;

    public CaptureMemoryException(long bytes) {
        super("out of memory for a read buffer of " + bytes + " bytes (expected: a larger heap, e.g."
                + " JAVA_OPTS=-Xmx1g, or a lower --max-record)");
        this.bytes = bytes;
    }

    /** The size of the buffer that could not be allocated. */
    public long bytes() {
        return bytes;
    }
}
