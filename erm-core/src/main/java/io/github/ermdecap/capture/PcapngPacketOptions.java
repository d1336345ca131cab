// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.util.List;

/**
 * The options a {@link PcapngWriter} gives an Enhanced Packet Block (pcapng section 4.3.1): each
 * {@code opt_comment} in order, then {@code epb_flags}, then {@code opt_endofopt}; nothing at all when the
 * record has neither. Reused from packet to packet; only comments allocate (their UTF-8 encoding).
 */
final class PcapngPacketOptions {
    private static final int FLAGS_LENGTH = 4;

    private byte[][] encoded = new byte[4][];
    private int comments;

    /** Encodes the record's comments and returns the length of all its options. */
    int prepare(PacketRecord meta) throws IOException {
        List<String> list = meta.comments();
        comments = list.size();
        if (comments > encoded.length) {
            encoded = new byte[Math.max(comments, encoded.length * 2)][];
        }
        long length = 0;
        for (int i = 0; i < comments; i++) {
            byte[] value = Utf8.encode(list.get(i));
            if (value.length > Pcapng.MAX_OPTION_LENGTH) {
                throw new RecordNotWritableException(meta.recordNumber(), meta.byteOffset(), "opt_comment of "
                        + value.length + " bytes (expected: at most " + Pcapng.MAX_OPTION_LENGTH + ")");
            }
            encoded[i] = value;
            length += Pcapng.OPTION_HEADER + Pcapng.pad4(value.length);
        }
        if (meta.hasFlags()) {
            length += Pcapng.OPTION_HEADER + FLAGS_LENGTH;
        }
        if (length > 0) {
            length += Pcapng.OPTION_HEADER;
        }
        if (length > ReadLimits.MAX_BUFFERED) {
            throw new RecordNotWritableException(meta.recordNumber(), meta.byteOffset(), "options of " + length
                    + " bytes (expected: at most " + ReadLimits.MAX_BUFFERED + ")");
        }
        return (int) length;
    }

    /** Writes the options {@link #prepare} measured at {@code b[p]} and returns the position after them. */
    int write(byte[] b, int p, PacketRecord meta) {
        for (int i = 0; i < comments; i++) {
            byte[] value = encoded[i];
            encoded[i] = null;
            p = header(b, p, Pcapng.OPT_COMMENT, value.length);
            System.arraycopy(value, 0, b, p, value.length);
            p += value.length;
            for (int end = Pcapng.pad4(value.length) - value.length; end > 0; end--) {
                b[p++] = 0;
            }
        }
        if (meta.hasFlags()) {
            p = header(b, p, Pcapng.EPB_FLAGS, FLAGS_LENGTH);
            Bytes.putI32LE(b, p, (int) meta.flags());
            p += FLAGS_LENGTH;
        }
        if (comments > 0 || meta.hasFlags()) {
            p = header(b, p, Pcapng.OPT_ENDOFOPT, 0);
        }
        return p;
    }

    private static int header(byte[] b, int p, int code, int length) {
        Bytes.putU16LE(b, p, code);
        Bytes.putU16LE(b, p + 2, length);
        return p + Pcapng.OPTION_HEADER;
    }
}
