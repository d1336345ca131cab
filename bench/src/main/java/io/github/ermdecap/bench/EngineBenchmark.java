// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.ErmDecapsulator;
import io.github.ermdecap.erm.VlanMode;
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
 * Nanoseconds per record of {@link ErmDecapsulator#decapsulate(int, byte[], int, int, long)} over pre-generated
 * frames (95% ERM). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation per record, and
 * must stay at 0 B/op.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar EngineBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class EngineBenchmark {
    @Param({"NEVER", "ALWAYS"})
    public VlanMode vlanMode;

    @Param({"false", "true"})
    public boolean autoDetect;

    /** How many distinct frames cycle: 1024 (about 0.8 MB) stay in cache, 65536 (about 50 MB) do not. */
    @Param({"1024", "65536"})
    public int frameCount;

    private FrameSet frames;
    private ErmDecapsulator engine;
    private int next;

    @Setup
    public void generate() {
        if (Integer.bitCount(frameCount) != 1) {
            throw new IllegalArgumentException("frameCount: " + frameCount + " (expected: a power of 2)");
        }
        frames = FrameSet.generate(1, frameCount);
        DecapOptions options = autoDetect ? DecapOptions.DEFAULT.withAutoDetect(true)
                : DecapOptions.DEFAULT.withPorts(7932, 7933);
        engine = new ErmDecapsulator(options.withVlanMode(vlanMode));
    }

    @Benchmark
    public int decapsulate() {
        int i = next;
        next = (i + 1) & (frameCount - 1);
        int len = frames.length[i];
        return engine.decapsulate(LinkType.ETHERNET, frames.data, frames.offset[i], len, len).length();
    }
}
