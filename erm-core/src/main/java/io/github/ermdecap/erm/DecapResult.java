// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;

/**
 * What {@link ErmDecapsulator#decapsulate} made of one record: the outcome, the frame to write as
 * array/offset/length, and the ERM fields of the innermost header. Reused: the next call overwrites it, and
 * {@link #array()} may be the input array or the engine's own buffer (when a VLAN tag was inserted).
 *
 * <pre>{@code
 * DecapResult r = engine.decapsulate(record);
 * if (r.keep()) {
 *     out.write(record, r.decapsulated() ? ethernetIface : record.iface(), r.array(), r.offset(), r.length(),
 *             r.originalLength());
 * }
 * }</pre>
 */
public final class DecapResult {
    private Outcome outcome = Outcome.NOT_ERM_LINK_TYPE;
    private boolean keep;
    private byte[] array = new byte[0];
    private int offset;
    private int length;
    private long originalLength;
    private int linkType;
    private int depth;
    private int word;
    private boolean anomalous;
    private boolean tagInserted;
    private int port;
    private final byte[] address = new byte[16];
    private int addressLength;

    DecapResult() {
    }

    void passThrough(Outcome o, boolean keepIt, int inputLinkType, byte[] data, int off, int len, long orig) {
        outcome = o;
        keep = keepIt;
        set(data, off, len, orig);
        linkType = inputLinkType;
        depth = 0;
        word = 0;
        anomalous = false;
        tagInserted = false;
        port = 0;
        addressLength = 0;
    }

    void decapsulated(int levels, int ermWord, boolean unknownBitsSet, int ermPort) {
        outcome = Outcome.DECAPSULATED;
        keep = true;
        linkType = LinkType.ETHERNET;
        depth = levels;
        word = ermWord;
        anomalous = unknownBitsSet;
        port = ermPort;
        tagInserted = false;
    }

    void set(byte[] data, int off, int len, long orig) {
        array = data;
        offset = off;
        length = len;
        originalLength = orig;
    }

    void tagInserted(byte[] buffer, int len, long orig) {
        set(buffer, 0, len, orig);
        tagInserted = true;
    }

    void address(byte[] data, int off, int len) {
        System.arraycopy(data, off, address, 0, len);
        addressLength = len;
    }

    byte[] addressBytes() {
        return address;
    }

    int addressLength() {
        return addressLength;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean decapsulated() {
        return outcome == Outcome.DECAPSULATED;
    }

    /** False only for a record that was not decapsulated (not ERM or malformed ERM) under {@link NonErmPolicy#DROP}. */
    public boolean keep() {
        return keep;
    }

    /** The bytes to write: the inner frame, or the input unchanged when not decapsulated. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    /** Captured bytes of the frame; at most the input's length + 4 (an inserted tag). */
    public int length() {
        return length;
    }

    /** The frame's length on the wire; never less than {@link #length()} when the input's was not. */
    public long originalLength() {
        return originalLength;
    }

    /** {@link LinkType#ETHERNET} when decapsulated, else the input's link type. */
    public int linkType() {
        return linkType;
    }

    /** How many ERM layers were removed: 0 when not decapsulated, 2 for ERM inside ERM, ... */
    public int depth() {
        return depth;
    }

    /** The innermost ERM header's VLAN id (0 when not decapsulated). */
    public int vlanId() {
        return ErmHeader.vlanId(word);
    }

    /** The innermost ERM header's priority, ERM numbering (traffic-class rank). */
    public int priority() {
        return ErmHeader.priority(word);
    }

    /** The 802.1Q PCP for {@link #priority()}: 0 -> 1, 1 -> 2, 2 -> 0, 3..7 unchanged. */
    public int pcp() {
        return ErmHeader.pcp(priority());
    }

    public boolean cfi() {
        return ErmHeader.cfi(word);
    }

    /** The innermost ERM header's is_tagged bit. */
    public boolean tagged() {
        return ErmHeader.isTagged(word);
    }

    /** The innermost ERM word's unknown bits (mask 0xFF00007F); 0 in every capture seen so far. */
    public int unknownBits() {
        return word & ErmHeader.UNKNOWN_BITS;
    }

    /**
     * True when any ERM layer had nonzero unknown bits (header bytes 0..7 included), or when the frame holds a
     * malformed ERM layer under the last one decapsulated (decapsulation stopped above it).
     */
    public boolean anomalous() {
        return anomalous;
    }

    /** The whole innermost ERM word (bytes 8..11 of the header), for diagnostics. */
    public int ermWord() {
        return word;
    }

    /** True when an 802.1Q tag was inserted; {@link #array()} is then the engine's buffer. */
    public boolean tagInserted() {
        return tagInserted;
    }

    /** The outermost ERM layer's UDP port (the one that matched), 0 when not decapsulated. */
    public int port() {
        return port;
    }

    /** The outermost ERM layer's IP source (the switch) as text; null when not decapsulated. Allocates. */
    public String switchAddress() {
        return addressLength == 0 ? null : Addresses.format(address, 0, addressLength);
    }

    /**
     * Copies the outermost ERM layer's IP source (4 or 16 bytes) into {@code into} (16 bytes or more) and returns
     * its length, 0 when not decapsulated. Allocates nothing, unlike {@link #switchAddress()}.
     */
    public int switchAddress(byte[] into) {
        System.arraycopy(address, 0, into, 0, addressLength);
        return addressLength;
    }

    @Override
    public String toString() {
        return "DecapResult[" + outcome.label() + ", depth=" + depth + ", length=" + length + ", originalLength="
                + originalLength + ", vlan=" + vlanId() + ", priority=" + priority() + "]";
    }
}
