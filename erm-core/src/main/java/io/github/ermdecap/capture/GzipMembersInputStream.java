// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip (RFC 1952) member after member until the compressed stream ends, whatever
 * {@code available()} says: JDK 17's {@code GZIPInputStream} looks for another member only when bytes are
 * already buffered or announced, so a pipe that pauses, or a member boundary at a read edge, silently ended the
 * input after the first member. bgzip files (many members) and {@code cat a.gz b.gz} read whole.
 *
 * <p>A damaged member (bad header, unknown method, corrupt deflate data, CRC or size mismatch, cut short) is a
 * {@link ZipException} or {@link EOFException} naming the member and its compressed offset, thrown after every
 * byte decompressed before it. Zero bytes after the last member are ignored, as {@code gzip} does; any other
 * trailing bytes end the input with a {@link #warning()}, as {@code gzip -t} warns.
 */
final class GzipMembersInputStream extends InputStream {
    private static final int MAGIC1 = 0x1F;
    private static final int MAGIC2 = 0x8B;
    private static final int DEFLATE = 8;
    // Header flags (RFC 1952 section 2.3.1)
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;

    private final InputStream in;
    private final byte[] buf;
    private int bufPos;
    private int bufLimit;
    /** Compressed bytes read from {@link #in} so far. */
    private long filled;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    private long memberStart;
    private int member;
    private long memberSize;
    private boolean inflating;
    private boolean eof;
    private String warning;

    GzipMembersInputStream(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** Reads the first member's header: the stream must start with one. */
    GzipMembersInputStream start() throws IOException {
        startMember(readByte(), readByte());
        return this;
    }

    /** Why the input ended before the last compressed byte (trailing garbage), or null. */
    String warning() {
        return warning;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            continue;
        }
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            if (!inflating) {
                nextMember();
                continue;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw damaged("invalid deflate data (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) {
                bufPos = bufLimit - inflater.getRemaining();
                inflating = false;
                readTrailer();
            } else if (inflater.needsDictionary()) {
                throw damaged("deflate data asks for a preset dictionary");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw new EOFException(where() + "cut short inside the compressed data");
                }
                inflater.setInput(buf, bufPos, bufLimit - bufPos);
                bufPos = bufLimit;
            } else {
                throw damaged("the deflate decoder made no progress");
            }
        }
        return -1;
    }

    /** After a member: the next member's header, the end, zero padding, or trailing garbage. */
    private void nextMember() throws IOException {
        int first = readByte();
        if (first < 0) {
            eof = true;
            return;
        }
        long at = position() - 1;
        int second = readByte();
        if (first == MAGIC1 && second == MAGIC2) {
            memberStart = at;
            startMember(first, second);
            return;
        }
        boolean zeros = first == 0 && (second == 0 || second < 0);
        while (zeros && bufPos < bufLimit || zeros && fill()) {
            zeros = buf[bufPos++] == 0;
        }
        if (!zeros) {
            warning = "trailing garbage after gzip member " + member + " at compressed byte " + at + " ignored";
        }
        eof = true;
    }

    /** The fixed and optional header fields of a member (RFC 1952 section 2.3). */
    private void startMember(int id1, int id2) throws IOException {
        member++;
        headerCrc.reset();
        headerCrc.update(id1);
        headerCrc.update(id2);
        if (id1 != MAGIC1 || id2 != MAGIC2) {
            throw damaged("not gzip data (expected: 1f 8b)");
        }
        int method = headerByte();
        if (method != DEFLATE) {
            throw damaged("unknown compression method " + method + " (expected: 8, deflate)");
        }
        int flags = headerByte();
        if ((flags & RESERVED) != 0) {
            throw damaged("reserved header flags 0x" + Integer.toHexString(flags) + " are set");
        }
        for (int i = 0; i < 6; i++) {
            headerByte(); // MTIME, XFL, OS
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = headerByte() | headerByte() << 8;
            for (int i = 0; i < xlen; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte() != 0) {
                continue;
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte() != 0) {
                continue;
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int stored = requiredByte() | requiredByte() << 8;
            if (stored != expected) {
                throw damaged("header CRC mismatch");
            }
        }
        inflater.reset();
        crc.reset();
        memberSize = 0;
        inflater.setInput(buf, bufPos, bufLimit - bufPos);
        bufPos = bufLimit;
        inflating = true;
    }

    /** CRC32 and ISIZE (the size modulo 2^32), both little-endian (RFC 1952 section 2.3.1). */
    private void readTrailer() throws IOException {
        long storedCrc = 0;
        long storedSize = 0;
        for (int i = 0; i < 4; i++) {
            storedCrc |= (long) requiredByte() << (8 * i);
        }
        for (int i = 0; i < 4; i++) {
            storedSize |= (long) requiredByte() << (8 * i);
        }
        if (storedCrc != crc.getValue()) {
            throw damaged("CRC mismatch (stored 0x" + Long.toHexString(storedCrc) + ", computed 0x"
                    + Long.toHexString(crc.getValue()) + ")");
        }
        if (storedSize != (memberSize & 0xFFFF_FFFFL)) {
            throw damaged("size mismatch (stored " + storedSize + ", decompressed " + memberSize + " mod 2^32)");
        }
    }

    private int headerByte() throws IOException {
        int b = requiredByte();
        headerCrc.update(b);
        return b;
    }

    private int requiredByte() throws IOException {
        int b = readByte();
        if (b < 0) {
            throw new EOFException(where() + "cut short in its header or trailer");
        }
        return b;
    }

    private int readByte() throws IOException {
        if (bufPos == bufLimit && !fill()) {
            return -1;
        }
        return buf[bufPos++] & 0xFF;
    }

    /** Refills the buffer when it is used up; false at the end of the compressed stream. */
    private boolean fill() throws IOException {
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        bufPos = 0;
        bufLimit = r;
        filled += r;
        return true;
    }

    /** The offset in the compressed stream of the next byte not yet used. */
    private long position() {
        return filled - (bufLimit - bufPos) - (inflating ? inflater.getRemaining() : 0);
    }

    private String where() {
        return "gzip member " + member + " at compressed byte " + memberStart + ": ";
    }

    private ZipException damaged(String detail) {
        return new ZipException(where() + detail);
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
