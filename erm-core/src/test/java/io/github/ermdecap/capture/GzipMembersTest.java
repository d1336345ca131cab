// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gzip input is read member after member until the compressed stream ends, whatever {@code available()} says
 * (issue 15, item 1): JDK 17's {@code GZIPInputStream} stopped after the first member when a read ended at the
 * member boundary, silently losing the rest.
 */
class GzipMembersTest {
    private static final int RECORDS = 200;

    /** A pcap of 200 records of 60..259 bytes. */
    private static byte[] pcap() {
        PcapBuilder b = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        for (int i = 0; i < RECORDS; i++) {
            b.record(1000 + i, i, PcapBuilder.packet(60 + i, i));
        }
        return b.build();
    }

    /** {@code data} compressed as one gzip member per piece, the pieces cut at {@code cuts}. */
    private static byte[] members(byte[] data, int level, int... cuts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : data.length;
            out.writeBytes(gzip(Arrays.copyOfRange(data, from, to), level));
            from = to;
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data, int level) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes) {
            {
                def.setLevel(level);
            }
        }) {
            z.write(data);
        }
        return bytes.toByteArray();
    }

    /** Every record's bytes, read through {@code in}; fails on any exception. */
    private static List<byte[]> read(InputStream in) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(in, "test.pcap.gz", ReadLimits.DEFAULT)) {
            assertTrue(r.compressed());
            for (PacketRecord p; (p = r.next()) != null; ) {
                records.add(Arrays.copyOfRange(p.array(), p.offset(), p.offset() + p.capturedLength()));
            }
            assertEquals(List.of(), r.warnings());
        }
        return records;
    }

    private static void assertAllRecords(List<byte[]> records) {
        assertEquals(RECORDS, records.size(), "records read");
        for (int i = 0; i < RECORDS; i++) {
            assertArrayEquals(PcapBuilder.packet(60 + i, i), records.get(i), "record " + (i + 1));
        }
    }

    @Test
    void twoMembersWithTheBoundaryAtEveryReadEdgeOfAPausingPipe() throws IOException {
        byte[] data = pcap();
        byte[] file = members(data, Deflater.DEFAULT_COMPRESSION, data.length / 2);
        int boundary = gzip(Arrays.copyOfRange(data, 0, data.length / 2), Deflater.DEFAULT_COMPRESSION).length;
        for (int edge = boundary - 20; edge <= boundary + 20; edge++) {
            assertAllRecords(read(new PausingStream(file, Integer.MAX_VALUE, edge)));
        }
    }

    @Test
    void twoMembersThroughAPipeThatHandsOutFewBytes() throws IOException {
        byte[] data = pcap();
        for (int cut : new int[] {1, 24, 25, 40, data.length / 3, data.length - 1}) {
            byte[] file = members(data, Deflater.DEFAULT_COMPRESSION, cut);
            for (int step : new int[] {1, 2, 3, 7, 8, 10, 26, 27, 512, 65536}) {
                assertAllRecords(read(new PausingStream(file, step)));
            }
        }
    }

    @Test
    void storedMembersWithTheBoundaryAroundTheDecompressorsBufferEdge() throws IOException {
        byte[] data = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 65535, 1).record(1, 0,
                PcapBuilder.packet(150_000, 9)).build();
        ReadLimits limits = ReadLimits.DEFAULT.withMaxCapturedLength(1 << 20);
        for (int cut = 65_400; cut < 65_560; cut += 3) {
            byte[] file = members(data, Deflater.NO_COMPRESSION, cut);
            try (CaptureReader r = CaptureReader.open(new PausingStream(file, 65536), "x.gz", limits)) {
                PacketRecord p = r.next();
                assertArrayEquals(PcapBuilder.packet(150_000, 9),
                        Arrays.copyOfRange(p.array(), p.offset(), p.offset() + p.capturedLength()), "cut " + cut);
                assertEquals(null, r.next());
            }
        }
    }

    @Test
    void bgzipStyleManyMembersReadCompletely() throws IOException {
        byte[] data = pcap();
        int[] cuts = new int[data.length / 97];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = 97 * (i + 1);
        }
        byte[] file = members(data, Deflater.BEST_SPEED, cuts);
        byte[] withEofBlock = Arrays.copyOf(file, file.length + gzip(new byte[0], 6).length);
        System.arraycopy(gzip(new byte[0], 6), 0, withEofBlock, file.length, withEofBlock.length - file.length);
        assertAllRecords(read(new PausingStream(withEofBlock, 4096)));
    }

    @Test
    void anInvalidSecondMemberIsDamageAfterTheFirstMembersRecords() throws IOException {
        byte[] data = pcap();
        byte[] first = gzip(Arrays.copyOf(data, recordBoundary(100)), 6);
        byte[] second = gzip(Arrays.copyOfRange(data, recordBoundary(100), data.length), 6);
        second[2] = 9; // CM: not deflate
        CaptureFormatException e = Captures.readFailing(concat(first, second), ReadLimits.DEFAULT, 100);
        assertEquals(CaptureFormatException.Kind.CORRUPT, e.kind());
        assertEquals(101, e.recordNumber());
        assertEquals(recordBoundary(100), e.byteOffset());
        assertTrue(e.detail().contains("gzip member 2 at compressed byte " + first.length
                + ": unknown compression method 9"), e.detail());
    }

    @Test
    void aCorruptOrCutSecondMemberIsDamage() throws IOException {
        byte[] data = pcap();
        byte[] first = gzip(Arrays.copyOf(data, recordBoundary(100)), 6);
        byte[] second = gzip(Arrays.copyOfRange(data, recordBoundary(100), data.length), 6);
        byte[] badCrc = second.clone();
        badCrc[badCrc.length - 8] ^= 1;
        CaptureFormatException e = Captures.readFailing(concat(first, badCrc), ReadLimits.DEFAULT, RECORDS);
        assertTrue(e.detail().contains("gzip member 2 at compressed byte " + first.length + ": CRC mismatch"),
                e.detail());
        byte[] cut = Arrays.copyOf(second, second.length / 2);
        e = Captures.readFailing(concat(first, cut), ReadLimits.DEFAULT, 100 + countWhole(cut));
        assertTrue(e.detail().contains("gzip member 2"), e.detail());
        byte[] cutHeader = Arrays.copyOf(second, 5);
        e = Captures.readFailing(concat(first, cutHeader), ReadLimits.DEFAULT, 100);
        assertTrue(e.detail().contains("gzip member 2 at compressed byte " + first.length + ": cut short"),
                e.detail());
    }

    @Test
    void trailingGarbageIsAWarningAndTrailingZerosAreIgnored() throws IOException {
        byte[] file = gzip(pcap(), 6);
        try (CaptureReader r = Captures.open(concat(file, "garbage\n".getBytes()))) {
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertEquals(RECORDS, n);
            assertEquals(List.of("trailing garbage after gzip member 1 at compressed byte " + file.length
                    + " ignored"), r.warnings());
        }
        try (CaptureReader r = Captures.open(concat(file, new byte[1000]))) {
            while (r.next() != null) {
                continue;
            }
            assertEquals(List.of(), r.warnings());
        }
    }

    @Test
    void aGzipFileWhoseFirstHeaderIsBadIsNotACapture() {
        byte[] file = gzip6(pcap());
        file[3] = (byte) 0xE0; // reserved flags
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captures.open(file));
        assertEquals(CaptureFormatException.Kind.NOT_A_CAPTURE, e.kind());
    }

    private static byte[] gzip6(byte[] data) {
        return CaptureIo.gzip(data);
    }

    /** How many whole records the (uncompressed) prefix of the second member would hold: read it to know. */
    private static int countWhole(byte[] cutMember) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream z = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(cutMember))) {
            byte[] b = new byte[4096];
            for (int n; (n = z.read(b)) > 0; ) {
                out.write(b, 0, n);
            }
        } catch (IOException expected) {
            // cut short: what came before is what counts
        }
        int have = out.size();
        int n = 0;
        for (int at = recordBoundary(100); n < RECORDS - 100; n++) {
            int next = at + 16 + 60 + 100 + n;
            if (next - recordBoundary(100) > have) {
                break;
            }
            at = next;
        }
        return n;
    }

    /** The offset after the first {@code records} records of {@link #pcap()}. */
    private static int recordBoundary(int records) {
        int at = 24;
        for (int i = 0; i < records; i++) {
            at += 16 + 60 + i;
        }
        return at;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * A pipe that pauses: each read returns at most {@code step} bytes and never crosses the next of the
     * {@code edges}, and {@code available()} is always 0.
     */
    static final class PausingStream extends InputStream {
        private final byte[] data;
        private final int step;
        private final int[] edges;
        private int pos;

        PausingStream(byte[] data, int step, int... edges) {
            this.data = data;
            this.step = step;
            this.edges = edges;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - pos);
            for (int edge : edges) {
                if (edge > pos && edge < pos + n) {
                    n = edge - pos;
                }
            }
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
