// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.convert.OutputFormats;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which files are split and where: an uncompressed classic pcap or pcapng file larger than
 * {@code --task-size}, whose output is not gzip, gets a split point every task size; a Spark stage resyncs every
 * point ({@link PcapResync}, {@link PcapngResync}: one task per point, reading a few hundred KiB to a few MiB); a
 * point that cannot be decided makes the file one task. A pcapng file's blocks before its first packet (its
 * section header and interfaces) are read by every part before its range. Everything else is one task: gzip
 * input (a stream cannot be entered in the middle), gzip output (the deflate stream is not a concatenation of
 * parts), a pcapng file whose leading blocks are not one section's header and blocks before a first packet
 * within {@link #MAX_PREFIX} bytes.
 */
final class Splitter {
    /** The most bytes of pcapng blocks before the first packet that every part reads again. */
    static final int MAX_PREFIX = 1 << 20;

    private Splitter() {
    }

    /** One split point to resync. */
    static final class Point implements Serializable {
        private static final long serialVersionUID = 1L;
        final int file;
        final int index;
        final String input;
        final long offset;

        Point(int file, int index, String input, long offset) {
            this.file = file;
            this.index = index;
            this.input = input;
            this.offset = offset;
        }
    }

    static void resync(JavaSparkContext sc, JobSettings s, Configuration conf, List<FilePlan> files, FileSystem fs)
            throws IOException {
        List<Point> points = new ArrayList<>();
        List<FilePlan> byIndex = new ArrayList<>();
        for (FilePlan f : files) {
            if (f.length <= s.taskSize) {
                continue;
            }
            f.oneTaskReason = reason(s, f, fs);
            if (f.oneTaskReason != null) {
                continue;
            }
            int n = (int) Math.min(Integer.MAX_VALUE - 1, (f.length + s.taskSize - 1) / s.taskSize);
            f.points = new long[n - 1];
            for (int i = 1; i < n; i++) {
                f.points[i - 1] = i * s.taskSize;
                points.add(new Point(f.index, i - 1, f.input, i * s.taskSize));
            }
            while (byIndex.size() <= f.index) {
                byIndex.add(null);
            }
            byIndex.set(f.index, f);
        }
        if (points.isEmpty()) {
            return;
        }
        HadoopFiles.Conf c = new HadoopFiles.Conf(conf);
        int maxRecord = s.maxRecord;
        List<long[]> found = sc.parallelize(points, points.size())
                .map(p -> new long[] {p.file, p.index, Tasks.resync(p.input, p.offset, maxRecord, c.get())})
                .collect();
        long[][] at = new long[byIndex.size()][];
        for (long[] r : found) {
            FilePlan f = byIndex.get((int) r[0]);
            if (at[f.index] == null) {
                at[f.index] = new long[f.points.length];
            }
            at[f.index][(int) r[1]] = r[2];
        }
        for (FilePlan f : byIndex) {
            if (f != null) {
                f.boundaries = boundaries(f, at[f.index]);
                if (f.boundaries == null) {
                    f.oneTaskReason = "resync undecided";
                }
            }
        }
    }

    /** {@code [header, b1, ..., length]} strictly increasing, or null when a point was not decided. */
    static long[] boundaries(FilePlan f, long[] resynced) {
        List<Long> b = new ArrayList<>();
        b.add(f.headerLength);
        for (long p : resynced) {
            if (p < 0) {
                return null;
            }
            if (p > b.get(b.size() - 1) && p < f.length) {
                b.add(p);
            }
        }
        b.add(f.length);
        return b.size() < 3 ? null : b.stream().mapToLong(Long::longValue).toArray();
    }

    /** Why a large file is one task, or null when it can be split. */
    private static String reason(JobSettings s, FilePlan f, FileSystem fs) throws IOException {
        String name = new Path(f.output).getName();
        byte[] head = SparkConversion.head(fs, new Path(f.input), PcapResync.FILE_HEADER);
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return "gzip input";
        }
        if (OutputFormats.gzip(name)) {
            return "gzip output";
        }
        if (PcapResync.forHeader(head, s.maxRecord) != null) {
            return null;
        }
        PcapngResync ng = PcapngResync.forHead(head, s.maxRecord);
        if (ng == null) {
            return "neither pcap nor pcapng";
        }
        return pcapngPrefix(f, fs, ng.bigEndian());
    }

    /**
     * Finds a pcapng file's blocks before its first packet block (one Section Header Block, then interfaces and
     * other blocks) and records them in the plan; returns why the file is one task, or null.
     */
    static String pcapngPrefix(FilePlan f, FileSystem fs, boolean bigEndian) throws IOException {
        long pos = 0;
        int interfaces = 0;
        byte[] h = new byte[8];
        try (FSDataInputStream s = fs.open(new Path(f.input))) {
            while (true) {
                if (pos + 8 > f.length || pos > MAX_PREFIX) {
                    return "pcapng: no packet block in the first " + MAX_PREFIX + " bytes";
                }
                s.readFully(pos, h);
                int type = PcapResync.i32(h, 0, bigEndian);
                long length = PcapResync.i32(h, 4, bigEndian) & 0xFFFF_FFFFL;
                if (type == PcapngResync.EPB || type == PcapngResync.PB || type == PcapngResync.SPB) {
                    f.headerLength = pos;
                    f.prefixInterfaces = interfaces;
                    f.inputFormat = CaptureFormat.PCAPNG;
                    return null;
                }
                if (length < 12 || (length & 3) != 0 || pos + length > f.length) {
                    return "pcapng: damaged block before the first packet";
                }
                if (type == PcapngResync.SHB && pos > 0) {
                    return "pcapng: several sections before the first packet";
                }
                if (type == PcapngResync.IDB) {
                    interfaces++;
                }
                pos += length;
            }
        }
    }
}
