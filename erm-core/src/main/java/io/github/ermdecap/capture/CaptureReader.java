// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** Opens a file, read a few MiB ahead on a background thread; messages name it as given. */
    static CaptureReader open(Path path, ReadLimits limits) throws IOException {
        InputStream in = new ReadAheadInputStream(FileChannel.open(path, StandardOpenOption.READ));
        try {
            return open(in, path.toString(), limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
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
}
