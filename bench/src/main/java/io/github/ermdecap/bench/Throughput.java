// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH secondary results: records and bytes processed, reported per second next to the primary score. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {
    public long records;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        records = 0;
        bytes = 0;
    }
}
