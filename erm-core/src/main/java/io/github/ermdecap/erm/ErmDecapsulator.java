// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;

import java.util.Objects;

/**
 * Turns one captured record into the mirrored frame it carries, or passes it through with the reason it is
 * not ERM. Not thread-safe: use one per thread or file. Allocates nothing per record in the steady state; the
 * returned {@link DecapResult} is reused by the next call. Never throws, whatever the bytes.
 *
 * <pre>{@code
 * ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withPorts(7932, 7933));
 * for (PacketRecord r; (r = in.next()) != null; ) {
 *     DecapResult d = engine.decapsulate(r);
 *     if (d.keep()) { write(r, d.linkType(), d.array(), d.offset(), d.length(), d.originalLength()); }
 * }
 * System.out.println(engine.stats().toJson());
 * }</pre>
 */
public final class ErmDecapsulator {
    private final DecapOptions options;
    private final ErmParser parser;
    private final DecapResult result = new DecapResult();
    private final DecapStats stats = new DecapStats();
    private byte[] tagBuffer = new byte[2048];

    public ErmDecapsulator(DecapOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.parser = new ErmParser(options);
    }

    public DecapOptions options() {
        return options;
    }

    /**
     * Decapsulates a record read from a capture (its bytes, link type and original length). A record without
     * an interface has no link type and comes back as {@link Outcome#NOT_ERM_LINK_TYPE}.
     */
    public DecapResult decapsulate(PacketRecord r) {
        int linkType = r.iface() == null ? -1 : r.linkType();
        return decapsulate(linkType, r.array(), r.offset(), r.capturedLength(), r.originalLength());
    }

    /**
     * Decapsulates raw frame bytes. Bounds that do not fit {@code data} (or a null array) are treated as an
     * empty record, so this never throws.
     *
     * @param originalLength the record's length on the wire; above {@code length} when the capture cut it
     */
    public DecapResult decapsulate(int linkType, byte[] data, int offset, int length, long originalLength) {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return notErm(Outcome.NOT_ERM_TRUNCATED, linkType, data == null ? new byte[0] : data, 0, 0, 0);
        }
        Outcome o = parser.parse(linkType, data, offset, length);
        if (o != Outcome.DECAPSULATED) {
            return notErm(o, linkType, data, offset, length, originalLength);
        }
        result.address(data, parser.address, parser.addressLength);
        return nested(data, parser.port);
    }

    /**
     * Decapsulates the payload of a UDP datagram received from a socket: {@code data[offset, offset + length)}
     * starts at the ERM header. The session is {@code sender} (the datagram's source address, 4 or 16 bytes) and
     * {@code port} (the ERM port it came to). A payload that is not ERM comes back with its outcome
     * ({@link Outcome#MALFORMED_SHORT_PAYLOAD}, {@link Outcome#MALFORMED_INNER_FRAME}) and link type -1; nested
     * ERM, VLAN restoration and statistics are as for {@link #decapsulate(int, byte[], int, int, long)}. Never
     * throws for any bytes; a sender that is not 4 or 16 bytes long is a programming error.
     */
    public DecapResult decapsulatePayload(byte[] sender, int senderLength, int port, byte[] data, int offset,
                                          int length) {
        if (sender == null || (senderLength != 4 && senderLength != 16) || sender.length < senderLength) {
            throw new IllegalArgumentException("sender: " + senderLength + " bytes (expected: 4 or 16)");
        }
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return notErm(Outcome.NOT_ERM_TRUNCATED, -1, data == null ? new byte[0] : data, 0, 0, 0);
        }
        Outcome o = parser.payload(data, offset, length);
        if (o != Outcome.DECAPSULATED) {
            return notErm(o, -1, data, offset, length, length);
        }
        result.address(sender, 0, senderLength);
        return nested(data, port & 0xFFFF);
    }

    /** Removes further ERM layers under the one the parser just found, then finishes the result. */
    private DecapResult nested(byte[] data, int port) {
        int depth = 1;
        boolean anomalous = parser.anomaly;
        noteAutoDetected();
        int inner = parser.inner;
        int captured = parser.innerCaptured;
        long original = parser.innerOriginal;
        while (depth < options.maxDepth()) {
            Outcome nested = parser.parse(LinkType.ETHERNET, data, inner, captured);
            if (nested != Outcome.DECAPSULATED) {
                // a malformed ERM layer inside: the frame stops at the sound layer above it, flagged
                anomalous |= nested.malformed();
                break;
            }
            depth++;
            anomalous |= parser.anomaly;
            noteAutoDetected();
            inner = parser.inner;
            captured = parser.innerCaptured;
            original = parser.innerOriginal;
        }
        return finish(data, depth, anomalous, port, inner, captured, original);
    }

    private DecapResult notErm(Outcome o, int linkType, byte[] data, int offset, int length, long original) {
        boolean keep = options.nonErmPolicy() == NonErmPolicy.PASS;
        result.passThrough(o, keep, linkType, data, offset, length, original);
        stats.tally(o);
        if (o == Outcome.NOT_ERM_PORT) {
            stats.otherUdpPort(parser.port);
        }
        return result;
    }

    private void noteAutoDetected() {
        if (parser.autoDetected) {
            stats.autoDetected(parser.port);
        }
    }

    /** Sets the result from the innermost layer, inserts the tag if asked, and counts it. */
    private DecapResult finish(byte[] data, int depth, boolean anomalous, int port, int inner, int captured,
                               long original) {
        // a failed nested parse may have overwritten the parser's fields: read the word from the header
        int word = Wire.i32(data, inner - ErmHeader.LENGTH + ErmHeader.WORD);
        long restored = InnerFrame.originalLength(data, inner, captured, Math.max(original, captured));
        result.decapsulated(depth, word, anomalous, port);
        result.set(data, inner, captured, restored);
        if (insertTag(word)) {
            if (tagBuffer.length < captured + Ethernet.TAG) {
                tagBuffer = new byte[Math.max(captured + Ethernet.TAG, tagBuffer.length * 2)];
            }
            InnerFrame.insertTag(data, inner, captured, ErmHeader.tci(word), tagBuffer);
            result.tagInserted(tagBuffer, captured + Ethernet.TAG, restored + Ethernet.TAG);
        }
        stats.decapsulated(result, captured);
        return result;
    }

    private boolean insertTag(int word) {
        VlanMode mode = options.vlanMode();
        return mode == VlanMode.ALWAYS || (mode == VlanMode.TAGGED && ErmHeader.isTagged(word));
    }

    /** The counters since construction; live (updated by later calls). */
    public DecapStats stats() {
        return stats;
    }
}
