// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

/**
 * Writes packets into a capture file through a large reused buffer. Timestamps, flags and comments come from a
 * {@link PacketRecord}; the bytes and the interface they go out on may differ from the record's (a rewritten
 * frame). {@link #close()} flushes and closes the underlying stream.
 *
 * <pre>{@code
 * try (CaptureReader in = CaptureReader.open(src);
 *      CaptureWriter out = new PcapngWriter(Files.newOutputStream(dst))) {
 *     for (PacketRecord r; (r = in.next()) != null; ) {
 *         out.write(r);
 *     }
 * }
 * }</pre>
 */
public interface CaptureWriter extends Closeable, Flushable {
    /** The write buffer of a writer made without a size: 1 MiB, a few large writes per second of traffic. */
    int DEFAULT_BUFFER_SIZE = 1 << 20;
    /** The smallest write buffer accepted; a record larger than the buffer is written around it. */
    int MIN_BUFFER_SIZE = 4096;

    /**
     * Writes one packet.
     *
     * @param meta           timestamp, {@code epb_flags} and comments come from it
     * @param iface          the interface the packet is written on (link type, snaplen, resolution, name)
     * @param originalLength the length on the wire, at least {@code length}
     */
    void write(PacketRecord meta, InterfaceInfo iface, byte[] data, int offset, int length, long originalLength)
            throws IOException;

    /** Writes a record unchanged, on its own interface. */
    default void write(PacketRecord r) throws IOException {
        write(r, r.iface(), r.array(), r.offset(), r.capturedLength(), r.originalLength());
    }

    /** The format this writer produces. */
    CaptureFormat format();

    /** How many packets have been written. */
    long recordCount();
}
