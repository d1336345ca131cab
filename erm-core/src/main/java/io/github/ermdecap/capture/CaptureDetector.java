// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/** Detects the format of a capture from its first bytes and opens the matching reader. */
final class CaptureDetector {
    static final int GZIP_MAGIC = 0x1F8B;
    /** Old Red Hat tcpdump's "modified pcap" (Wireshark's pcap-ss991029 family), read by editcap. */
    private static final int MODIFIED_PCAP = 0xA1B2CD34;

    private CaptureDetector() {
    }

    static CaptureReader open(InputStream raw, String source, ReadLimits limits) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        PushbackInputStream in = new PushbackInputStream(counted, 4);
        byte[] head = new byte[4];
        int n = peek(in, head);
        boolean compressed = false;
        GzipMembersInputStream gzip = null;
        InputStream data = in;
        if (n >= 2 && ((head[0] & 0xFF) << 8 | (head[1] & 0xFF)) == GZIP_MAGIC) {
            compressed = true;
            PushbackInputStream unzipped;
            try {
                gzip = new GzipMembersInputStream(in, 1 << 16).start();
                unzipped = new PushbackInputStream(gzip, 4);
                n = peek(unzipped, head);
            } catch (IOException e) {
                throw new CaptureFormatException(CaptureFormatException.Kind.NOT_A_CAPTURE, source, 0, 0,
                        "gzip data is damaged (" + e.getMessage() + ")");
            }
            data = unzipped;
        }
        InputBuffer buffer = new InputBuffer(data, InputBuffer.DEFAULT_CAPACITY, gzip);
        CountingInputStream compressedCount = compressed ? counted : null;
        if (n == 4 && PcapngReader.matches(head)) {
            return new PcapngReader(buffer, source, limits, compressed).counting(compressedCount);
        }
        if (n == 4 && PcapReader.matches(head)) {
            return new PcapReader(buffer, source, limits, compressed).counting(compressedCount);
        }
        String what = n == 0 ? "the input is empty"
                : "not a pcap or pcapng file (starts with " + hex(head, n) + ")" + hint(head, n);
        throw new CaptureFormatException(CaptureFormatException.Kind.NOT_A_CAPTURE, source, 0, 0, what);
    }

    /** What to do with a format erm-decap does not read but another tool converts. */
    private static String hint(byte[] head, int n) {
        int be = n < 4 ? 0 : Bytes.i32(head, 0, true);
        if (be == MODIFIED_PCAP || Integer.reverseBytes(be) == MODIFIED_PCAP) {
            return ": an old \"modified pcap\" file; convert it first with editcap -F pcap";
        }
        if (n == 4 && head[0] == 's' && head[1] == 'n' && head[2] == 'o' && head[3] == 'o') {
            return ": a snoop file; convert it first with editcap -F pcap";
        }
        return "";
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
