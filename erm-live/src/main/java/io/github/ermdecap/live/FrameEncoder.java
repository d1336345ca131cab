// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapWriter;
import io.github.ermdecap.capture.PcapngWriter;
import io.github.ermdecap.capture.Timestamps;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes received frames with erm-core's capture writers: nanosecond pcap, or pcapng with one Ethernet
 * interface at nanosecond resolution. Counts the bytes it produces (exactly for pcap, the block sizes for
 * pcapng), for size-based rotation.
 */
final class FrameEncoder {
    /** The snaplen written: Wireshark's maximum, above any frame a UDP datagram can carry. */
    static final long SNAPLEN = 262_144;
    static final String INTERFACE_NAME = "erm-decap listen";
    private static final int PCAP_HEADER = 24;
    private static final int PCAP_RECORD = 16;
    private static final int PCAPNG_HEADERS = 28 + 20 + 4 + 20 + 4 + 8 + 4; // SHB, IDB with if_name, if_tsresol
    private static final int EPB = 32;

    private final CaptureWriter writer;
    private final CaptureFormat format;
    private final InterfaceInfo iface;
    private final PacketRecord meta = new PacketRecord();
    private long size;

    FrameEncoder(OutputStream out, CaptureFormat format, int bufferSize) {
        this.format = format;
        if (format == CaptureFormat.PCAP) {
            PcapWriter pcap = new PcapWriter(out, true, SNAPLEN, LinkType.ETHERNET, bufferSize);
            this.writer = pcap;
            this.iface = pcap.iface();
            this.size = PCAP_HEADER;
        } else {
            this.writer = new PcapngWriter(out, null, bufferSize);
            this.iface = new InterfaceInfo(0, 0, LinkType.ETHERNET, SNAPLEN, Timestamps.NANOS, 0, -1,
                    INTERFACE_NAME, null);
            this.size = PCAPNG_HEADERS;
        }
        meta.setInterface(iface);
    }

    void write(long seconds, int nanos, byte[] data, int offset, int length, long originalLength) throws IOException {
        meta.setTimestamp(seconds, nanos);
        writer.write(meta, iface, data, offset, length, originalLength);
        size += recordSize(length);
    }

    /** The bytes a frame of {@code length} adds to the file. */
    long recordSize(int length) {
        return format == CaptureFormat.PCAP ? PCAP_RECORD + length : EPB + ((length + 3) & ~3);
    }

    /** Bytes of the file so far, written or still buffered. */
    long size() {
        return size;
    }

    long frames() {
        return writer.recordCount();
    }

    void flush() throws IOException {
        writer.flush();
    }

    /** Flushes and closes the stream under it. */
    void close() throws IOException {
        writer.close();
    }
}
