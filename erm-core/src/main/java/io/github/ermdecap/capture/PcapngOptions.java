// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

/**
 * A reused cursor over the options of one pcapng block (pcapng section 3.5): code and length as 16-bit
 * words, then the value padded to 32 bits, until {@code opt_endofopt} or the end of the block body. Every
 * length is checked against the bytes left before it is used; a bad one is a {@link CaptureFormatException}.
 */
final class PcapngOptions {
    /** What {@link #next()} returns after the last option. */
    static final int END = -1;

    private final String source;
    private byte[] b;
    private int pos;
    private int end;
    private boolean bigEndian;
    private long recordNumber;
    private long blockOffset;
    private int code;
    private int valueOffset;
    private int length;

    PcapngOptions(String source) {
        this.source = source;
    }

    /** Starts on the options in {@code b[start..end)} of the block at {@code blockOffset}. */
    void reset(byte[] b, int start, int end, boolean bigEndian, long recordNumber, long blockOffset) {
        this.b = b;
        this.pos = start;
        this.end = end;
        this.bigEndian = bigEndian;
        this.recordNumber = recordNumber;
        this.blockOffset = blockOffset;
    }

    /** The code of the next option, or {@link #END}. */
    int next() throws CaptureFormatException {
        int left = end - pos;
        if (left < Pcapng.OPTION_HEADER) {
            return END;
        }
        code = Bytes.u16(b, pos, bigEndian);
        length = Bytes.u16(b, pos + 2, bigEndian);
        if (code == Pcapng.OPT_ENDOFOPT) {
            pos = end;
            return END;
        }
        int padded = Pcapng.pad4(length);
        if (padded > left - Pcapng.OPTION_HEADER) {
            throw corrupt("option " + code + " of length " + length + " runs past the end of the block ("
                    + (left - Pcapng.OPTION_HEADER) + " bytes left)");
        }
        valueOffset = pos + Pcapng.OPTION_HEADER;
        pos = valueOffset + padded;
        return code;
    }

    /** The length of the current option's value, without padding. */
    int length() {
        return length;
    }

    /** The current option's value as a string. */
    String string() {
        return Pcapng.string(b, valueOffset, length);
    }

    /** The current option's one-byte value. */
    int u8(String name) throws CaptureFormatException {
        expectLength(name, 1);
        return b[valueOffset] & 0xFF;
    }

    /** The current option's 32-bit unsigned value. */
    long u32(String name) throws CaptureFormatException {
        expectLength(name, 4);
        return Bytes.u32(b, valueOffset, bigEndian);
    }

    /** The current option's 64-bit signed value. */
    long i64(String name) throws CaptureFormatException {
        expectLength(name, 8);
        return Bytes.i64(b, valueOffset, bigEndian);
    }

    private void expectLength(String name, int expected) throws CaptureFormatException {
        if (length != expected) {
            throw corrupt(name + " option length: " + length + " (expected: " + expected + ")");
        }
    }

    private CaptureFormatException corrupt(String detail) {
        return new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, recordNumber, blockOffset,
                detail);
    }
}
