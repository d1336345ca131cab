// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds classic pcap files field by field, in either byte order and either resolution, for tests. It shares
 * no code with {@link PcapWriter}, so it can check the writer.
 */
final class PcapBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    private PcapBuilder(ByteOrder order) {
        this.order = order;
    }

    /** A file header with version 2.4, thiszone 0, sigfigs 0. */
    static PcapBuilder header(ByteOrder order, boolean nanosecond, int snaplen, int linkTypeField) {
        PcapBuilder b = new PcapBuilder(order);
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanosecond ? 0xA1B23C4D : 0xA1B2C3D4); // magic
        h.putShort((short) 2);                           // version_major
        h.putShort((short) 4);                           // version_minor
        h.putInt(0);                                     // thiszone
        h.putInt(0);                                     // sigfigs
        h.putInt(snaplen);                               // snaplen
        h.putInt(linkTypeField);                         // linktype (+ FCS bits)
        b.out.writeBytes(h.array());
        return b;
    }

    /** A record with the given timestamp fraction (µs or ns as the header says) and original length. */
    PcapBuilder record(long tsSec, long tsFrac, byte[] data, long origLen) {
        ByteBuffer h = ByteBuffer.allocate(16).order(order);
        h.putInt((int) tsSec);          // ts_sec
        h.putInt((int) tsFrac);         // ts_usec or ts_nsec
        h.putInt(data.length);          // incl_len
        h.putInt((int) origLen);        // orig_len
        out.writeBytes(h.array());
        out.writeBytes(data);
        return this;
    }

    PcapBuilder record(long tsSec, long tsFrac, byte[] data) {
        return record(tsSec, tsFrac, data, data.length);
    }

    /** Raw bytes, for damaged files. */
    PcapBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** Deterministic packet bytes of a given length. */
    static byte[] packet(int length, int seed) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (seed * 31 + i * 7);
        }
        return p;
    }
}
