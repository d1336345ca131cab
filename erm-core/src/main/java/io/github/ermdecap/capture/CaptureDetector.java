// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/** Detects the format of a capture from its first bytes and opens the matching reader. */
final class CaptureDetector {
    static final int GZIP_MAGIC = 0x1F8B;

    private CaptureDetector() {
    }

    static CaptureReader open(InputStream raw, String source, ReadLimits limits) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 4);
        byte[] head = new byte[4];
        int n = peek(in, head);
        boolean compressed = false;
        InputStream data = in;
        if (n >= 2 && ((head[0] & 0xFF) << 8 | (head[1] & 0xFF)) == GZIP_MAGIC) {
            compressed = true;
            PushbackInputStream unzipped;
            try {
                unzipped = new PushbackInputStream(new GZIPInputStream(in, 1 << 16), 4);
                n = peek(unzipped, head);
            } catch (IOException e) {
                throw new CaptureFormatException(CaptureFormatException.Kind.NOT_A_CAPTURE, source, 0, 0,
                        "gzip data is damaged (" + e.getMessage() + ")");
            }
            data = unzipped;
        }
        InputBuffer buffer = new InputBuffer(data, InputBuffer.DEFAULT_CAPACITY);
        if (n == 4 && PcapngReader.matches(head)) {
            return new PcapngReader(buffer, source, limits, compressed);
        }
        if (n == 4 && PcapReader.matches(head)) {
            return new PcapReader(buffer, source, limits, compressed);
        }
        String what = n == 0 ? "the input is empty"
                : "not a pcap or pcapng file (starts with " + hex(head, n) + ")";
        throw new CaptureFormatException(CaptureFormatException.Kind.NOT_A_CAPTURE, source, 0, 0, what);
    }

    /** Reads up to 4 bytes and pushes them back. */
    private static int peek(PushbackInputStream in, byte[] head) throws IOException {
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.unread(head, 0, n);
        return n;
    }

    static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }
}
