// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.ReadLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read throughput of {@link CaptureReader} over a generated capture held in memory: one operation reads the
 * whole capture; the {@code records} and {@code bytes} secondary results are per second.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar ReaderBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ReaderBenchmark {
    @Param({"PCAP", "PCAPNG"})
    public CaptureFormat format;

    @Param("33554432")
    public long size;

    private byte[] capture;
    private long records;

    @Setup
    public void generate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records = ErmCaptureGenerator.generate(out, format, 1, size).records();
        capture = out.toByteArray();
    }

    @Benchmark
    public long read(Throughput t) throws IOException {
        long sum = 0;
        try (CaptureReader in = CaptureReader.open(new ByteArrayInputStream(capture), "memory", ReadLimits.DEFAULT)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                sum += r.capturedLength() + r.nanos();
            }
            if (in.recordCount() != records) {
                throw new IllegalStateException("records read: " + in.recordCount() + " (expected: " + records + ")");
            }
        }
        t.records += records;
        t.bytes += capture.length;
        return sum;
    }
}
