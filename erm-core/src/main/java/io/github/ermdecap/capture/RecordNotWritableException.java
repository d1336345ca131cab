// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;

/**
 * A writer cannot hold one record of its input, such as a timestamp beyond what pcap's 32-bit seconds hold,
 * or before 1970: the input is odd, the output is sound. Thrown before any byte of the record is written, so
 * the output holds exactly the records before it and can be finished. Carries the record's number and byte
 * offset in its input, so a caller can report it as {@link CaptureFormatException} damage at that record.
 */
public final class RecordNotWritableException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long recordNumber;
    private final long byteOffset;
    private final String detail;

    public RecordNotWritableException(long recordNumber, long byteOffset, String detail) {
        super("record " + recordNumber + " at byte " + byteOffset + ": " + detail);
        this.recordNumber = recordNumber;
        this.byteOffset = byteOffset;
        this.detail = detail;
    }

    /** The record's number in its input, from 1 ({@link PacketRecord#recordNumber()}). */
    public long recordNumber() {
        return recordNumber;
    }

    /** Where the record starts in its (uncompressed) input ({@link PacketRecord#byteOffset()}). */
    public long byteOffset() {
        return byteOffset;
    }

    /** What cannot be written: {@code timestamp 4294967296.5 s cannot be held by pcap ...}. */
    public String detail() {
        return detail;
    }

    /** The same, as damage of the input named {@code source}. */
    public CaptureFormatException asInputDamage(String source) {
        return new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, recordNumber, byteOffset,
                detail);
    }
}
