// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class MappedInputTest {
    private static final int RECORD = 1000;
    private static final int STRIDE = PcapReader.RECORD_HEADER_LENGTH + RECORD;

    @TempDir
    Path dir;

    /** A pcap of {@code records} packets of {@link #RECORD} bytes each. */
    private Path pcap(String name, int records) throws IOException {
        Path p = dir.resolve(name);
        try (var out = Files.newOutputStream(p)) {
            out.write(PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 65535, 1).build());
            for (int i = 0; i < records; i++) {
                PcapBuilder b = PcapBuilder.header(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
                byte[] rec = b.record(i, 0, PcapBuilder.packet(RECORD, i)).build();
                out.write(rec, PcapReader.FILE_HEADER_LENGTH, rec.length - PcapReader.FILE_HEADER_LENGTH);
            }
        }
        return p;
    }

    @Test
    void everyByteArrivesAcrossWindowsWhateverTheReadSizes() throws IOException {
        Random random = new Random(5);
        byte[] data = new byte[(int) (2 * MappedInput.WINDOW + MappedInput.OVERLAP + 12345)];
        random.nextBytes(data);
        Path p = dir.resolve("bytes");
        Files.write(p, data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = mappedStream(p)) {
            byte[] buf = new byte[3 << 20];
            for (int n; (n = in.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0; ) {
                got.write(buf, 0, n);
            }
            assertEquals(-1, in.read());
        }
        assertArrayEquals(data, got.toByteArray());
    }

    private static InputStream mappedStream(Path p) throws IOException {
        return new MappedInput(FileChannel.open(p, StandardOpenOption.READ));
    }

    @Test
    void aFileTruncatedWhileMappedEndsWithTheUsualLocatedDamage() throws IOException {
        int records = 10_000; // about 10 MB: far more than the reader buffers
        Path p = pcap("cut.pcap", records);
        int keep = 5_000;
        long cut = PcapReader.FILE_HEADER_LENGTH + (long) keep * STRIDE + 300;
        try (CaptureReader in = CaptureReader.open(p)) {
            assertNotNull(MappedInput.of(in), "a regular file is mapped");
            for (int i = 0; i < 10; i++) {
                assertNotNull(in.next());
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(cut); // another program cuts the file while we read it
            }
            long read = 10;
            CaptureFormatException e = null;
            try {
                for (PacketRecord r; (r = in.next()) != null; ) {
                    assertEquals(read, r.epochSecond(), "records arrive intact and in order");
                    assertArrayEquals(PcapBuilder.packet(RECORD, (int) read),
                            java.util.Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.capturedLength()));
                    read++;
                }
            } catch (CaptureFormatException damage) {
                e = damage;
            }
            assertNotNull(e, "the cut is reported, not taken for a clean end");
            assertEquals(keep, read, "every record before the cut is delivered");
            assertEquals(CaptureFormatException.Kind.TRUNCATED, e.kind());
            assertEquals(p + ": record " + (keep + 1) + " at byte " + (cut - 300)
                    + ": record truncated: 300 of " + STRIDE + " bytes present", e.getMessage());
        }
    }

    /** Cut below what was already read: the records read before are delivered, then damage, not a clean end. */
    @Test
    void aFileCutBelowWhatWasReadIsDamageNotACleanEnd() throws IOException {
        Path p = pcap("below.pcap", 10_000);
        long cut = PcapReader.FILE_HEADER_LENGTH + 2_000L * STRIDE;   // a record boundary, far behind
        long read = 0;
        IOException e = null;
        try (CaptureReader in = CaptureReader.open(p)) {
            for (; read < 6_000; read++) {
                assertNotNull(in.next());
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            try {
                for (PacketRecord r; (r = in.next()) != null; read++) {
                    assertEquals(read, r.epochSecond(), "records read before the cut arrive intact");
                }
            } catch (IOException damage) {
                e = damage;
            }
        }
        assertNotNull(e, "not a clean end: the file ends below what was read");
        assertTrue(read >= 6_000 && read < 10_000, "read " + read);
        assertTrue(e.getMessage().contains("the file was cut to " + cut + " bytes by another program"),
                e.getMessage());
    }

    @Test
    void aStreamCutInsideAPageDeliversNothingPastTheNewEnd() throws IOException {
        byte[] data = new byte[3 << 20];
        new Random(9).nextBytes(data);
        Path p = dir.resolve("page");
        Files.write(p, data);
        try (InputStream in = mappedStream(p)) {
            byte[] buf = new byte[1000];
            assertEquals(1000, in.read(buf, 0, 1000));
            int cut = (1 << 20) + 123; // inside a page: the rest of the page would read as zeros
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.write(buf);
            byte[] big = new byte[4 << 20];
            for (int n; (n = in.read(big, 0, big.length)) >= 0; ) {
                got.write(big, 0, n);
            }
            assertArrayEquals(java.util.Arrays.copyOf(data, cut), got.toByteArray());
        }
    }

    @Test
    void compressedAndNonRegularInputsHaveNoMapping() throws IOException {
        Path p = pcap("small.pcap", 3);
        Path gz = dir.resolve("small.pcap.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(p));
        }
        try (CaptureReader in = CaptureReader.open(gz)) {
            assertTrue(in.compressed());
            assertNull(MappedInput.of(in), "gzip stream positions are not file positions");
            assertNotNull(in.next());
        }
    }

    /** On the caller's thread and on a writer thread, within one window and across several (40 MB). */
    @ParameterizedTest
    @CsvSource({"6000, false", "6000, true", "40000, true"})
    void aGatheringWriterWritesSlicesOfTheMappingByteForByte(int records, boolean background) throws IOException {
        Path p = pcap("in.pcap", records);
        Path out = dir.resolve("out.pcap");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        GatheringOutput g;
        try (CaptureReader in = CaptureReader.open(p);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            g = new GatheringOutput(ch, MappedInput.of(in), background, background);
            PcapWriter viaSlices = new PcapWriter(g, false, 65535, LinkType.ETHERNET);
            PcapWriter viaCopies = new PcapWriter(expected, false, 65535, LinkType.ETHERNET);
            for (PacketRecord r; (r = in.next()) != null; ) {
                // part of each packet, as a decapsulated frame is
                int skip = (int) (r.recordNumber() % 50);
                viaSlices.write(r, viaSlices.iface(), r.array(), r.offset() + skip, r.capturedLength() - skip,
                        r.originalLength());
                viaCopies.write(r, viaCopies.iface(), r.array(), r.offset() + skip, r.capturedLength() - skip,
                        r.originalLength());
            }
            viaSlices.close();
            viaCopies.close();
        }
        assertTrue(g.slicedBytes() > (records - 1000L) * 900, "packet bytes went out as slices: " + g.slicedBytes());
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
        assertEquals(0, writerThreads(), "close ends the writer thread");
    }

    /** A write that fails on the writer thread is thrown by a later call, and the thread still ends. */
    @Test
    void aFailureOnTheWriterThreadIsThrownToTheCaller() throws IOException {
        Path p = pcap("in.pcap", 6_000);
        Path out = dir.resolve("out.pcap");
        try (CaptureReader in = CaptureReader.open(p)) {
            FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            GatheringOutput g = new GatheringOutput(ch, MappedInput.of(in), true, true);
            PcapWriter w = new PcapWriter(g, false, 65535, LinkType.ETHERNET);
            w.write(in.next());
            w.flush();
            assertEquals(2, writerThreads(), "a writer and a sync thread");
            ch.close();   // every later write fails, on the writer thread
            IOException e = assertThrows(IOException.class, () -> {
                for (PacketRecord r; (r = in.next()) != null; ) {
                    w.write(r);
                }
                w.close();
            });
            assertTrue(e instanceof java.nio.channels.ClosedChannelException, e.toString());
            assertThrows(IOException.class, g::close);
            assertEquals(0, writerThreads());
        }
    }

    /**
     * Slices waiting to be written when the input is cut below them: the write fails with the located reason
     * (not a fault of the JVM), on the caller's thread and on the writer thread alike.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void slicesOfAnInputCutBeforeTheyAreWrittenFailWithTheReason(boolean background) throws IOException {
        Path p = pcap("cut-slices.pcap", 2_000);
        Path out = dir.resolve("out.pcap");
        try (CaptureReader in = CaptureReader.open(p);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            GatheringOutput g = new GatheringOutput(ch, MappedInput.of(in), background, false);
            PcapWriter w = new PcapWriter(g, false, 65535, LinkType.ETHERNET);
            for (int i = 0; i < 100; i++) {
                w.write(in.next());   // 100 slices recorded, none written yet
            }
            try (FileChannel cut = FileChannel.open(p, StandardOpenOption.WRITE)) {
                cut.truncate(PcapReader.FILE_HEADER_LENGTH);
            }
            IOException e = assertThrows(IOException.class, w::flush);
            assertTrue(e.getMessage().startsWith("the input shrank while it was being converted"), e.toString());
            assertThrows(IOException.class, g::close);
            assertEquals(0, writerThreads());
        }
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive()
                        && (t.getName().equals("erm-decap-write") || t.getName().equals("erm-decap-sync")))
                .count();
    }

    @Test
    void aClosedGatheringOutputRefusesWrites() throws IOException {
        Path out = dir.resolve("closed");
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            GatheringOutput g = new GatheringOutput(ch, null);
            g.write(new byte[] {1, 2, 3}, 0, 3);
            g.close();
            assertThrows(IOException.class, () -> g.write(new byte[1], 0, 1));
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out));
    }

    @Test
    void theMappedAndGatheringPathAllocatesNothingPerRecord() throws IOException {
        com.sun.management.ThreadMXBean threads = AllocationTest.threadBean();
        Path p = pcap("alloc.pcap", 30_000); // 30 MB: two windows
        mappedCopy(p, dir.resolve("warm.pcap")); // class loading and JIT-time allocation are not counted
        long before = threads.getCurrentThreadAllocatedBytes();
        long n = mappedCopy(p, dir.resolve("alloc-out.pcap"));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(30_000, n);
        // buffers once per file and slice views once per window; nothing per record
        assertTrue(allocated < 4L << 20, "allocated " + allocated + " bytes for " + n + " records");
    }

    private static long mappedCopy(Path in, Path out) throws IOException {
        try (CaptureReader r = CaptureReader.open(in);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            GatheringOutput g = new GatheringOutput(ch, MappedInput.of(r));
            PcapWriter w = new PcapWriter(g, false, 65535, LinkType.ETHERNET);
            for (PacketRecord rec; (rec = r.next()) != null; ) {
                w.write(rec);
            }
            w.close();
            assertTrue(g.slicedBytes() > 0);
            return w.recordCount();
        }
    }
}
