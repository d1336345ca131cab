// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes classic little-endian pcap, version 2.4, with microsecond or nanosecond timestamps. Every packet must
 * be on the file's link type. Timestamps finer than the file's resolution are truncated, as libpcap does.
 * pcapng-only metadata (interface names, {@code epb_flags}, comments) has no place here and is not written.
 * A timestamp outside 1970..2106 (pcap's unsigned 32-bit seconds) is a {@link RecordNotWritableException},
 * thrown before any byte of that record is written.
 */
public final class PcapWriter implements CaptureWriter {
    private final OutputBuffer out;
    private final boolean nanosecond;
    private final int linkType;
    private final InterfaceInfo iface;
    private long count;

    /** A writer whose header says {@code snaplen} and {@code linkType}. */
    public PcapWriter(OutputStream out, boolean nanosecond, long snaplen, int linkType) {
        this(out, nanosecond, snaplen, linkType, linkType, OutputBuffer.DEFAULT_CAPACITY);
    }

    /**
     * A writer whose header says {@code snaplen} and {@code linkType}, buffering at most about {@code bufferSize}
     * bytes ({@link #MIN_BUFFER_SIZE} or more; {@link #DEFAULT_BUFFER_SIZE} for the other constructors): for
     * programs that keep many files open at once.
     */
    public PcapWriter(OutputStream out, boolean nanosecond, long snaplen, int linkType, int bufferSize) {
        this(out, nanosecond, snaplen, linkType, linkType, OutputBuffer.checkSize(bufferSize));
    }

    /**
     * A writer whose header link-type field is written as given, FCS bits (28..31) included, so that a pcap file
     * is written back byte for byte.
     */
    public static PcapWriter withLinkTypeField(OutputStream out, boolean nanosecond, long snaplen, int linkTypeField) {
        return new PcapWriter(out, nanosecond, snaplen, linkTypeField & LinkType.PCAP_LINKTYPE_MASK, linkTypeField,
                OutputBuffer.DEFAULT_CAPACITY);
    }

    private PcapWriter(OutputStream out, boolean nanosecond, long snaplen, int linkType, int linkTypeField,
                       int bufferSize) {
        if (snaplen < 0 || snaplen > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("snaplen: " + snaplen + " (expected: 0..4294967295)");
        }
        this.out = new OutputBuffer(out, bufferSize);
        this.nanosecond = nanosecond;
        this.linkType = linkType;
        this.iface = InterfaceInfo.of(linkType, snaplen, nanosecond ? Timestamps.NANOS : Timestamps.MICROS);
        byte[] b = this.out.reserveUnchecked(PcapReader.FILE_HEADER_LENGTH);
        int p = this.out.pos();
        Bytes.putI32LE(b, p, nanosecond ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
        Bytes.putU16LE(b, p + 4, 2);
        Bytes.putU16LE(b, p + 6, 4);
        Bytes.putI32LE(b, p + 8, 0);
        Bytes.putI32LE(b, p + 12, 0);
        Bytes.putI32LE(b, p + PcapReader.SNAPLEN, (int) snaplen);
        Bytes.putI32LE(b, p + PcapReader.LINKTYPE, linkTypeField);
        this.out.advance(PcapReader.FILE_HEADER_LENGTH);
    }

    @Override
    public void write(PacketRecord meta, InterfaceInfo on, byte[] data, int offset, int length, long originalLength)
            throws IOException {
        if (on.linkType() != linkType) {
            throw new IllegalArgumentException("link type " + LinkType.name(on.linkType())
                    + " cannot go into a pcap file of link type " + LinkType.name(linkType));
        }
        long sec = meta.epochSecond();
        if (sec < 0 || sec > 0xFFFF_FFFFL) {
            throw new RecordNotWritableException(meta.recordNumber(), meta.byteOffset(), "timestamp " + sec + "."
                    + String.format("%09d", meta.nanos()) + " s cannot be held by pcap (expected: 0..4294967295 s;"
                    + " pcapng output keeps it)");
        }
        byte[] b = out.reserve(PcapReader.RECORD_HEADER_LENGTH);
        int p = out.pos();
        Bytes.putI32LE(b, p + PcapReader.TS_SEC, (int) sec);
        Bytes.putI32LE(b, p + PcapReader.TS_FRAC, nanosecond ? meta.nanos() : meta.nanos() / 1000);
        Bytes.putI32LE(b, p + PcapReader.INCL_LEN, length);
        Bytes.putI32LE(b, p + PcapReader.ORIG_LEN, (int) Math.min(Math.max(originalLength, 0), 0xFFFF_FFFFL));
        out.advance(PcapReader.RECORD_HEADER_LENGTH);
        out.put(data, offset, length);
        count++;
    }

    /** The one interface this file describes. */
    public InterfaceInfo iface() {
        return iface;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
    }

    @Override
    public long recordCount() {
        return count;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
