// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.convert.CaptureSniffer;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.OutputFormats;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * What the executors run: a resync at a split point, or the conversion of a whole file or of one byte range.
 * Conversions are erm-core's {@link Conversion#run}, the record loop of batch mode, on a Hadoop stream.
 */
final class Tasks {
    /**
     * Test only: the output names (comma-separated) whose task's first attempt crashes, as a lost executor would,
     * after part of its temporary output was written, leaving it behind. Read in the task's JVM (a local master).
     */
    static final String TEST_CRASH_PROPERTY = "erm-spark.test.crash-first-attempt";
    /** Test only: how many attempts {@link #TEST_CRASH_PROPERTY} crashed. */
    static final java.util.concurrent.atomic.AtomicInteger TEST_CRASHES =
            new java.util.concurrent.atomic.AtomicInteger();

    private Tasks() {
    }

    /**
     * The boundary {@link PcapResync} or {@link PcapngResync} proves at or after {@code point} of a pcap or pcapng
     * file, or -1.
     */
    static long resync(String input, long point, int maxRecord, Configuration conf) throws IOException {
        Path in = new Path(input);
        FileSystem fs = HadoopFiles.of(in, conf);
        long len = fs.getFileStatus(in).getLen();
        try (FSDataInputStream s = fs.open(in)) {
            byte[] header = new byte[PcapResync.FILE_HEADER];
            s.readFully(0, header);
            PcapResync.Source source = new PcapResync.Source() {
                @Override
                public long length() {
                    return len;
                }

                @Override
                public void read(long pos, byte[] b, int off, int n) throws IOException {
                    s.readFully(pos, b, off, n);
                }
            };
            PcapResync r = PcapResync.forHeader(header, maxRecord);
            if (r != null) {
                return r.find(source, point);
            }
            PcapngResync ng = PcapngResync.forHead(header, maxRecord);
            return ng == null ? -1 : ng.find(source, point);
        }
    }

    /**
     * Null when the file's content is a capture (pcap, pcapng, maybe gzip), as batch mode decides with erm-core's
     * {@code CaptureSniffer}; else why it is left alone ("not a capture", or what to convert it with).
     */
    static String notCapture(String input, Configuration conf) {
        Path in = new Path(input);
        try {
            FileSystem fs = HadoopFiles.of(in, conf);
            try (InputStream s = fs.open(in)) {
                if (CaptureSniffer.isCapture(s)) {
                    return null;
                }
            }
            try (InputStream s = fs.open(in)) {
                String hint = CaptureSniffer.hint(s);
                return hint == null ? "not a capture" : hint;
            }
        } catch (IOException | RuntimeException e) {
            return "not a capture";
        }
    }

    /** Converts a whole file or a range, as the work item says; never throws for bad input or output. */
    static PartResult convert(WorkItem w, JobSettings settings, Configuration conf) {
        String tag = attempt();
        Path out = new Path(w.output);
        Path temp = w.split() ? new Path(out.getParent(), out.getName() + ".attempt-" + tag)
                : HadoopFiles.temporary(out, tag);
        FileSystem outFs;
        try {
            outFs = HadoopFiles.of(out, conf);
        } catch (IOException | RuntimeException e) {
            return PartResult.failed(w, ExitCode.OUTPUT_FAILED, w.target + ": cannot open the file system: " + e);
        }
        Conversion c = settings.conversion();
        CaptureReader reader;
        InputStream stream = null;
        try {
            stream = open(w, conf);
            reader = c.open(stream, w.input);
        } catch (ConversionException e) {
            closeQuietly(stream);
            return PartResult.failed(w, e.exitCode(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            closeQuietly(stream);
            return PartResult.failed(w, ExitCode.USAGE, w.input + ": cannot read: " + e.getMessage());
        }
        try (CaptureReader r = reader) {
            outFs.mkdirs(out.getParent());
            OutputStream sink = HadoopFiles.create(outFs, temp);
            String name = new Path(w.target).getName();
            sink = testCrash(sink, name);
            if (OutputFormats.gzip(name)) {
                sink = new GZIPOutputStream(sink, 1 << 16);
            }
            ConversionResult result = c.run(r, sink, c.outputFormat(r, name), w.target);
            HadoopFiles.commit(outFs, temp, out);
            PartResult p = PartResult.converted(w, result);
            p.endSection = r.section() == null ? 0 : r.section().index();
            p.endInterfaces = r.interfaces().size();
            return p;
        } catch (ConversionException e) {
            HadoopFiles.deleteQuietly(outFs, temp);
            return PartResult.failed(w, e.exitCode(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            HadoopFiles.deleteQuietly(outFs, temp);
            return PartResult.failed(w, ExitCode.OUTPUT_FAILED, w.target + ": cannot write: " + e.getMessage());
        }
    }

    /** The whole input, or for a range the file's first {@code head} bytes followed by the range's bytes. */
    private static InputStream open(WorkItem w, Configuration conf) throws IOException {
        Path in = new Path(w.input);
        FileSystem fs = HadoopFiles.of(in, conf);
        FSDataInputStream s = fs.open(in, 1 << 20);
        if (!w.split()) {
            return s;
        }
        try {
            if (w.head < 0 || w.head > w.from || w.head > Splitter.MAX_PREFIX) {
                throw new IOException(w.input + ": header of " + w.head + " bytes before the range at " + w.from);
            }
            byte[] header = new byte[(int) w.head];
            s.readFully(0, header);
            s.seek(w.from);
            return new SequenceInputStream(new ByteArrayInputStream(header), HadoopFiles.bounded(s, w.to - w.from));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // Reporting the first failure.
        }
    }

    /** The sink, or in a test one that crashes this first attempt after 1 KiB reached the temporary file. */
    private static OutputStream testCrash(OutputStream sink, String name) {
        String names = System.getProperty(TEST_CRASH_PROPERTY);
        TaskContext t = TaskContext.get();
        if (names == null || t == null || t.attemptNumber() != 0 || !List.of(names.split(",")).contains(name)) {
            return sink;
        }
        return new java.io.FilterOutputStream(sink) {
            private int written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int n = (int) Math.min(len, 1024 - written);
                out.write(b, off, n);
                written += n;
                if (written >= 1024) {
                    out.flush(); // 1 KiB of the output in the temporary file, the rest never written
                    TEST_CRASHES.incrementAndGet();
                    // an Error, not an IOException: the task ends without its cleanup, as if its executor died
                    throw new AssertionError(name + ": test crash of attempt 0 after " + written + " bytes");
                }
            }
        };
    }

    /** A name unique to this task attempt (outside Spark, as in tests: unique to the JVM's call). */
    private static String attempt() {
        TaskContext t = TaskContext.get();
        long id = t != null ? t.taskAttemptId() : System.nanoTime();
        return Long.toHexString(id) + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()) & 0xFFFFFFL);
    }
}
