// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One packet of a capture, as a reused view: a {@link CaptureReader} returns the same instance from every
 * {@code next()} and overwrites it, and {@link #array()} is the reader's own buffer. Read what you need
 * before the next call, or keep a {@link #copy()}.
 *
 * <pre>{@code
 * try (CaptureReader in = CaptureReader.open(path)) {
 *     for (PacketRecord r; (r = in.next()) != null; ) {
 *         handle(r.array(), r.offset(), r.capturedLength());
 *     }
 * }
 * }</pre>
 */
public final class PacketRecord {
    private long epochSecond;
    private int nanos;
    private long timestampUnits;
    /** The interface whose resolution and offset {@link #timestampUnits} are in, or null when they are unset. */
    private InterfaceInfo unitsIface;
    private InterfaceInfo iface;
    private byte[] data;
    private int offset;
    private int capturedLength;
    private long originalLength;
    private long flags;
    private boolean hasFlags;
    private final List<String> comments;
    private final List<String> commentsView;
    private long recordNumber;
    private long byteOffset;

    public PacketRecord() {
        this(new ArrayList<>(0));
    }

    private PacketRecord(List<String> comments) {
        this.comments = comments;
        this.commentsView = Collections.unmodifiableList(comments);
    }

    /** Seconds since 1970-01-01T00:00:00Z (the interface's {@code if_tsoffset} included). */
    public long epochSecond() {
        return epochSecond;
    }

    /** Nanoseconds within {@link #epochSecond()}, 0..999999999. Finer pcapng resolutions are rounded. */
    public int nanos() {
        return nanos;
    }

    /**
     * The timestamp as the file stored it, in units of the interface's {@link InterfaceInfo#tsresol()} without
     * its offset (0 when the file gave none, as for a Simple Packet Block). Writers use it to write timestamps back without rounding when the resolution is unchanged.
     */
    public long timestampUnits() {
        return timestampUnits;
    }

    /** The interface the packet was captured on. */
    public InterfaceInfo iface() {
        return iface;
    }

    public int linkType() {
        return iface.linkType();
    }

    /** The interface ID of the packet within its pcapng section; 0 for classic pcap. */
    public int interfaceId() {
        return iface.id();
    }

    /** The array holding the packet bytes: the reader's buffer, valid until the next {@code next()}. */
    public byte[] array() {
        return data;
    }

    /** Where the packet bytes start in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** How many bytes of the packet were captured and are in {@link #array()}. */
    public int capturedLength() {
        return capturedLength;
    }

    /** The length the packet had on the wire; never less than {@link #capturedLength()} in a sound file. */
    public long originalLength() {
        return originalLength;
    }

    /** The pcapng {@code epb_flags} word (direction, reception type, FCS length, link-layer errors). */
    public long flags() {
        return flags;
    }

    public boolean hasFlags() {
        return hasFlags;
    }

    /** The packet's {@code opt_comment} values in file order; empty when none. Reused like the record. */
    public List<String> comments() {
        return commentsView;
    }

    /** The number of this record in the file, from 1 (Wireshark's frame number). */
    public long recordNumber() {
        return recordNumber;
    }

    /** Where the record (pcap record header or pcapng block) starts in the uncompressed input. */
    public long byteOffset() {
        return byteOffset;
    }

    /** An independent copy whose bytes start at offset 0 of a new array. */
    public PacketRecord copy() {
        PacketRecord c = new PacketRecord(new ArrayList<>(comments));
        c.epochSecond = epochSecond;
        c.nanos = nanos;
        c.timestampUnits = timestampUnits;
        c.unitsIface = unitsIface;
        c.iface = iface;
        c.data = Arrays.copyOfRange(data, offset, offset + capturedLength);
        c.offset = 0;
        c.capturedLength = capturedLength;
        c.originalLength = originalLength;
        c.flags = flags;
        c.hasFlags = hasFlags;
        c.recordNumber = recordNumber;
        c.byteOffset = byteOffset;
        return c;
    }

    // ---- filled in by readers (and by callers building records of their own) ----

    /** Sets the timestamp from an epoch time; {@link #timestampUnits()} becomes the units at the interface's resolution. */
    public PacketRecord setTimestamp(long epochSecond, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos: " + nanos + " (expected: 0..999999999)");
        }
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.timestampUnits = 0;
        this.unitsIface = null;
        if (iface != null) {
            try {
                this.timestampUnits = Timestamps.toUnits(epochSecond, nanos, iface.tsresol(), iface.tsOffset());
                this.unitsIface = iface;
            } catch (ArithmeticException e) {
                // not representable at the interface's resolution: writers convert the epoch time instead
            }
        }
        return this;
    }

    /**
     * Sets the timestamp as a reader found it: {@code units} at {@code unitsIface}'s resolution and offset (null
     * when the file gave none), and the epoch time they stand for.
     */
    void setTimestamp(long epochSecond, int nanos, long units, InterfaceInfo unitsIface) {
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.timestampUnits = units;
        this.unitsIface = unitsIface;
    }

    /** The interface {@link #timestampUnits()} are measured at, or null when there are none. */
    InterfaceInfo unitsIface() {
        return unitsIface;
    }

    /** Sets the interface; call before {@link #setTimestamp(long, int)}. */
    public PacketRecord setInterface(InterfaceInfo iface) {
        this.iface = iface;
        return this;
    }

    /** Points the record at packet bytes (not copied). */
    public PacketRecord setData(byte[] data, int offset, int capturedLength, long originalLength) {
        if (offset < 0 || capturedLength < 0 || offset > data.length - capturedLength) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + capturedLength
                    + " (expected: within an array of " + data.length + ")");
        }
        this.data = data;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        return this;
    }

    /** Sets {@code epb_flags}; a negative value clears them. */
    public PacketRecord setFlags(long flags) {
        this.hasFlags = flags >= 0;
        this.flags = hasFlags ? flags & 0xFFFF_FFFFL : 0;
        return this;
    }

    public PacketRecord clearComments() {
        comments.clear();
        return this;
    }

    public PacketRecord addComment(String comment) {
        comments.add(comment);
        return this;
    }

    void setPosition(long recordNumber, long byteOffset) {
        this.recordNumber = recordNumber;
        this.byteOffset = byteOffset;
    }
}
