// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.util.Objects;

/**
 * What a capture says about the interface a packet was captured on: link type, snapshot length, timestamp
 * resolution and offset, FCS length, name and description. Classic pcap files have one, built from the
 * file header; pcapng sections have one per Interface Description Block. Immutable.
 *
 * <p>{@link #equals(Object)} compares what a writer needs to describe the interface (everything but
 * {@link #sectionIndex()} and {@link #id()}), so a pcapng writer emits one IDB per distinct description.
 */
public final class InterfaceInfo {
    private final int sectionIndex;
    private final int id;
    private final int linkType;
    private final long snaplen;
    private final int tsresol;
    private final long tsOffset;
    private final int fcsLength;
    private final String name;
    private final String description;
    private final int hash;

    /**
     * @param snaplen   unsigned 32-bit; 0 in pcapng means "no limit"
     * @param tsresol   an {@code if_tsresol} byte ({@link Timestamps#MICROS}, {@link Timestamps#NANOS}, ...)
     * @param tsOffset  seconds added to every timestamp ({@code if_tsoffset})
     * @param fcsLength bytes of FCS at the end of each packet, or -1 when the capture does not say
     * @param name      {@code if_name}, or null
     * @param description {@code if_description}, or null
     */
    public InterfaceInfo(int sectionIndex, int id, int linkType, long snaplen, int tsresol, long tsOffset,
                         int fcsLength, String name, String description) {
        this.sectionIndex = sectionIndex;
        this.id = id;
        this.linkType = linkType;
        this.snaplen = snaplen & 0xFFFF_FFFFL;
        this.tsresol = tsresol & 0xFF;
        this.tsOffset = tsOffset;
        this.fcsLength = fcsLength;
        this.name = name;
        this.description = description;
        this.hash = Objects.hash(linkType, this.snaplen, this.tsresol, tsOffset, fcsLength, name, description);
    }

    /** An interface with only link type, snaplen and resolution: what a classic pcap header describes. */
    public static InterfaceInfo of(int linkType, long snaplen, int tsresol) {
        return new InterfaceInfo(0, 0, linkType, snaplen, tsresol, 0, -1, null, null);
    }

    /** The number of the pcapng section (from 0) that declared it; 0 for classic pcap. */
    public int sectionIndex() {
        return sectionIndex;
    }

    /** The interface ID packets refer to, within its section (from 0). */
    public int id() {
        return id;
    }

    public int linkType() {
        return linkType;
    }

    public long snaplen() {
        return snaplen;
    }

    /** The {@code if_tsresol} byte; {@link Timestamps#MICROS} when the file did not say. */
    public int tsresol() {
        return tsresol;
    }

    public long tsOffset() {
        return tsOffset;
    }

    public int fcsLength() {
        return fcsLength;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /**
     * The interface that frames rewritten from packets of this one go out on: same name, description and
     * timestamp resolution, another link type and snaplen, and no FCS (rewritten frames carry none).
     */
    public InterfaceInfo forRewrittenFrames(int newLinkType, long newSnaplen) {
        return new InterfaceInfo(sectionIndex, id, newLinkType, newSnaplen, tsresol, tsOffset, -1, name,
                description);
    }

    /** A copy that belongs to another section under another ID (a merge of several files renumbers them). */
    public InterfaceInfo renumbered(int newSectionIndex, int newId) {
        return new InterfaceInfo(newSectionIndex, newId, linkType, snaplen, tsresol, tsOffset, fcsLength, name,
                description);
    }

    /** A copy with another timestamp resolution and offset. */
    public InterfaceInfo withTimestampResolution(int newTsresol, long newTsOffset) {
        return new InterfaceInfo(sectionIndex, id, linkType, snaplen, newTsresol, newTsOffset, fcsLength, name,
                description);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InterfaceInfo)) {
            return false;
        }
        InterfaceInfo that = (InterfaceInfo) o;
        return linkType == that.linkType && snaplen == that.snaplen && tsresol == that.tsresol
                && tsOffset == that.tsOffset && fcsLength == that.fcsLength && Objects.equals(name, that.name)
                && Objects.equals(description, that.description);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "InterfaceInfo[section=" + sectionIndex + ", id=" + id + ", linkType=" + LinkType.name(linkType)
                + ", snaplen=" + snaplen + ", tsresol=" + tsresol + ", tsOffset=" + tsOffset + ", fcsLength="
                + fcsLength + ", name=" + name + ", description=" + description + "]";
    }
}
