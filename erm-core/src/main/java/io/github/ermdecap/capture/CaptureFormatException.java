// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;

/**
 * A capture file is malformed: truncated, corrupt, or not a capture at all.
 *
 * <p>Carries where the damage was found: the number of the record being read (counting from 1, as
 * Wireshark numbers frames) and the byte offset of that record in the (uncompressed) input. Every record
 * before it was delivered intact. The message reads
 * {@code in.pcap: record 1234 at byte 56789: captured length 4294967295 exceeds the limit 262144}.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of damage this is, for callers that react differently (exit codes, retries). */
    public enum Kind {
        /** The input is not a capture format this library reads (bad magic, empty input). */
        NOT_A_CAPTURE,
        /** The input ends inside a record or block header or body. */
        TRUNCATED,
        /** A field holds a value that cannot be right (a length over its limit, mismatched block lengths). */
        CORRUPT
    }

    private final Kind kind;
    private final String source;
    private final long recordNumber;
    private final long byteOffset;
    private final String detail;

    public CaptureFormatException(Kind kind, String source, long recordNumber, long byteOffset, String detail) {
        super(format(source, recordNumber, byteOffset, detail));
        this.kind = kind;
        this.source = source;
        this.recordNumber = recordNumber;
        this.byteOffset = byteOffset;
        this.detail = detail;
    }

    private static String format(String source, long recordNumber, long byteOffset, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(": ");
        }
        if (recordNumber > 0) {
            sb.append("record ").append(recordNumber).append(' ');
        }
        sb.append("at byte ").append(byteOffset).append(": ").append(detail);
        return sb.toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The file name or other label of the input, or null when none was given. */
    public String source() {
        return source;
    }

    /** The number of the record being read when the damage was found, counting from 1; 0 for a file header. */
    public long recordNumber() {
        return recordNumber;
    }

    /** The byte offset in the uncompressed input of the record (or block) being read. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The message without source, record and offset: {@code captured length 99 exceeds the limit 10}. */
    public String detail() {
        return detail;
    }
}
