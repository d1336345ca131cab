// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.PacketRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * Write throughput of {@link CaptureWriter} to a stream that discards: one operation writes every frame of a
 * pre-generated {@link FrameSet}; the {@code records} and {@code bytes} (of output) secondary results are per
 * second.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar WriterBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class WriterBenchmark {
    @Param({"PCAP", "PCAPNG"})
    public CaptureFormat format;

    @Param("50000")
    public int records;

    private FrameSet frames;
    private long outputBytes;

    @Setup
    public void generate() throws IOException {
        frames = FrameSet.generate(1, records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAll(out);
        outputBytes = out.size();
    }

    @Benchmark
    public long write(Throughput t) throws IOException {
        long n = writeAll(OutputStream.nullOutputStream());
        t.records += n;
        t.bytes += outputBytes;
        return n;
    }

    private long writeAll(OutputStream out) throws IOException {
        PacketRecord meta = new PacketRecord();
        try (CaptureWriter w = CaptureWriters.open(out, format)) {
            InterfaceInfo iface = CaptureWriters.iface(w);
            meta.setInterface(iface);
            FrameSet f = frames;
            for (int i = 0; i < f.size(); i++) {
                meta.setTimestamp(f.epochSecond[i], f.nanos[i]);
                w.write(meta, iface, f.data, f.offset[i], f.length[i], f.length[i]);
            }
            return w.recordCount();
        }
    }
}
