// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A pull reader over a capture file: classic pcap (micro- or nanosecond, either byte order) or pcapng, either
 * of them possibly gzip-compressed. The format is detected from the first bytes, never from the name.
 *
 * <pre>{@code
 * try (CaptureReader in = CaptureReader.open(Path.of("in.pcapng"))) {
 *     for (PacketRecord r; (r = in.next()) != null; ) {
 *         System.out.println(r.epochSecond() + "." + r.nanos() + " " + r.capturedLength());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #next()} returns the same reused {@link PacketRecord} each time, or null at a clean end of input.
 * Damage (a truncated or corrupt record) raises {@link CaptureFormatException}, always after every intact
 * record before it was delivered. No other runtime exception escapes, whatever the bytes are.
 */
public interface CaptureReader extends Closeable {

    /** Opens a file with {@link ReadLimits#DEFAULT}. */
    static CaptureReader open(Path path) throws IOException {
        return open(path, ReadLimits.DEFAULT);
    }

    /**
     * Opens a file; messages name it as given. A regular file is read through a memory mapping
     * ({@link MappedInput}), anything else a few MiB ahead on a background thread.
     */
    static CaptureReader open(Path path, ReadLimits limits) throws IOException {
        return MappedInput.open(path, limits);
    }

    /**
     * Reads a capture from a stream (stdin, a socket, an archive entry). Closing the reader closes the stream.
     *
     * @param source a label for messages, such as the file name or {@code "-"}; may be null
     */
    static CaptureReader open(InputStream in, String source, ReadLimits limits) throws IOException {
        return CaptureDetector.open(in, source, limits);
    }

    /** The format of the (decompressed) input. */
    CaptureFormat format();

    /** True when the input was gzip-compressed. */
    boolean compressed();

    /** The label messages use for the input; may be null. */
    String source();

    /** The section being read: the pcap file header, or the latest pcapng Section Header Block. */
    SectionInfo section();

    /**
     * The interfaces of the current section declared so far, by interface ID: the one interface of a classic
     * pcap file, or the Interface Description Blocks read of the current pcapng section. Unmodifiable.
     */
    List<InterfaceInfo> interfaces();

    /** The next packet, or null at a clean end of input. The record is reused by the following call. */
    PacketRecord next() throws IOException;

    /** How many packet records have been delivered. */
    long recordCount();

    /** Bytes consumed so far of the (uncompressed) input. */
    long position();

    /**
     * What was odd about the input without being damage, one line each, once {@link #next()} has returned
     * null: trailing garbage after the last gzip member (ignored, as {@code gzip -t} warns). Empty when nothing.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Bytes of the compressed input consumed so far (read ahead of the records by up to the decompressor's
     * buffer), for a progress percentage against the file's size; -1 when the input is not compressed.
     */
    default long compressedPosition() {
        return -1;
    }
}
