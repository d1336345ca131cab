// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.PacketRecord;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a realistic ERM capture of a given size, the same bytes for the same seed: the input of the benchmarks
 * and of {@code bench/run.sh}. Memory use does not grow with the size, so it can feed a pipe for hours.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.github.ermdecap.bench.ErmCaptureGenerator \
 *     --size 1G --format pcapng --seed 1 --out big.pcapng
 * java -cp bench/target/benchmarks.jar io.github.ermdecap.bench.ErmCaptureGenerator \
 *     --stream --size 6G | erm-decap - out.pcap
 * }</pre>
 */
public final class ErmCaptureGenerator {
    static final String USAGE = "usage: ErmCaptureGenerator --size BYTES[K|M|G|T] [--format pcap|pcapng] [--seed N]"
            + " [--out FILE|-] [--stream]";
    /** Upper bound of the pcapng section and interface blocks, for sizing only. */
    private static final int PCAPNG_HEAD = 100;

    /** What a generation wrote. */
    public record Summary(long records, long ermRecords, long bytes) {
    }

    private ErmCaptureGenerator() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /**
     * Writes records until about {@code size} bytes are written (the last record crosses it), then closes
     * {@code out}.
     */
    public static Summary generate(OutputStream out, CaptureFormat format, long seed, long size) throws IOException {
        ErmTraffic traffic = new ErmTraffic(seed);
        CountingStream counted = new CountingStream(out);
        PacketRecord meta = new PacketRecord();
        try (CaptureWriter w = CaptureWriters.open(counted, format)) {
            InterfaceInfo iface = CaptureWriters.iface(w);
            meta.setInterface(iface);
            long estimate = format == CaptureFormat.PCAP ? 24 : PCAPNG_HEAD;
            while (estimate < size) {
                int len = traffic.next();
                meta.setTimestamp(traffic.epochSecond(), traffic.nanos());
                w.write(meta, iface, traffic.frame(), 0, len, len);
                estimate += format == CaptureFormat.PCAP ? 16 + len : 32 + ((len + 3) & ~3);
            }
        }
        return new Summary(traffic.records(), traffic.ermRecords(), counted.count);
    }

    static int run(String[] args, PrintStream err) {
        GeneratorOptions o;
        try {
            o = GeneratorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ErmCaptureGenerator: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        long start = System.nanoTime();
        try {
            OutputStream out = o.out().equals("-") ? new FileOutputStream(FileDescriptor.out)
                    : Files.newOutputStream(Path.of(o.out()));
            Summary s = generate(out, o.format(), o.seed(), o.size());
            double secs = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "ErmCaptureGenerator: %s: %d records (%d ERM, %d other), %d bytes in %.1f s"
                            + " (%.0f MB/s)%n", o.out(), s.records(), s.ermRecords(), s.records() - s.ermRecords(),
                    s.bytes(), secs, s.bytes() / secs / 1e6);
            return 0;
        } catch (IOException e) {
            if (o.stream() && isBrokenPipe(e)) {
                err.println("ErmCaptureGenerator: the reader closed the pipe; stopped");
                return 0;
            }
            err.println("ErmCaptureGenerator: " + o.out() + ": " + e.getMessage());
            return 1;
        }
    }

    private static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
    }

    /** Counts the bytes that reach the stream. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
