// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;

/**
 * The general block structure of pcapng (section 3.1) for {@link PcapngReader}: the block total length (at least
 * 12, a multiple of 4, the same at both ends), blocks read whole into the buffer within
 * {@link ReadLimits#maxBufferedBlockLength()}, and blocks skipped unread within
 * {@link ReadLimits#maxSkippedBlockLength()}. Every method works on the block at {@link InputBuffer#pos()}.
 */
final class PcapngBlocks {
    private final InputBuffer in;
    private final String source;
    private final ReadLimits limits;

    PcapngBlocks(InputBuffer in, String source, ReadLimits limits) {
        this.in = in;
        this.source = source;
        this.limits = limits;
    }

    /** The block's total length, at least 12 and a multiple of 4; its first 8 bytes must be available. */
    long length(long start, boolean bigEndian, long number) throws CaptureFormatException {
        long length = Bytes.u32(in.array(), in.pos() + Pcapng.BLOCK_TOTAL_LENGTH, bigEndian);
        if (length < Pcapng.MIN_BLOCK || (length & 3) != 0) {
            throw corrupt(number, start, "block total length: " + length
                    + " (expected: a multiple of 4, at least 12)");
        }
        return length;
    }

    void requireMinimum(long start, int type, long length, int min, long number) throws CaptureFormatException {
        if (length < min) {
            throw corrupt(number, start, Pcapng.blockName(type) + " total length: " + length
                    + " (expected: at least " + min + ")");
        }
    }

    /** Makes the whole block available from {@link InputBuffer#pos()}, checks its trailer, returns its length. */
    int buffer(long start, int type, long length, int min, boolean bigEndian, long number) throws IOException {
        requireMinimum(start, type, length, min, number);
        if (length > limits.maxBufferedBlockLength()) {
            throw corrupt(number, start, Pcapng.blockName(type) + " total length " + length
                    + " exceeds the limit " + limits.maxBufferedBlockLength());
        }
        int len = (int) length;
        if (!in.request(len)) {
            throw in.truncated(source, number, start, Pcapng.blockName(type), in.available(), len);
        }
        checkTrailer(start, length, in.pos() + len - Pcapng.BLOCK_TRAILER, bigEndian, number);
        return len;
    }

    /**
     * Consumes a block the reader does not use (statistics, name resolution, decryption secrets, custom,
     * unknown) without buffering it, checking only its trailer.
     */
    void skip(long start, int type, long length, boolean bigEndian, long number) throws IOException {
        if (length > limits.maxSkippedBlockLength()) {
            throw corrupt(number, start, Pcapng.blockName(type) + " total length " + length
                    + " exceeds the limit " + limits.maxSkippedBlockLength() + " of a skipped block");
        }
        in.consume(Pcapng.BLOCK_HEADER);
        long body = length - Pcapng.MIN_BLOCK;
        long skipped = in.skip(body);
        if (skipped < body || !in.request(Pcapng.BLOCK_TRAILER)) {
            long have = Pcapng.BLOCK_HEADER + skipped + (skipped < body ? 0 : in.available());
            throw in.truncated(source, number, start, Pcapng.blockName(type), have, length);
        }
        checkTrailer(start, length, in.pos(), bigEndian, number);
        in.consume(Pcapng.BLOCK_TRAILER);
    }

    private void checkTrailer(long start, long length, int at, boolean bigEndian, long number)
            throws CaptureFormatException {
        long trailer = Bytes.u32(in.array(), at, bigEndian);
        if (trailer != length) {
            throw corrupt(number, start, "block total length at end " + trailer + " differs from " + length
                    + " at start");
        }
    }

    private CaptureFormatException corrupt(long number, long start, String detail) {
        return new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, number, start, detail);
    }
}
