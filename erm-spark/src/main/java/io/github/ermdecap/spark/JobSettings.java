// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import io.github.ermdecap.erm.VlanMode;

import java.io.Serializable;

/**
 * The conversion options of a job, checked, in a form that travels to the executors: each task builds its own
 * {@link Conversion} from them, as {@code erm-decap} does from its command line.
 */
final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default {@code --task-size}: 256 MiB. */
    static final long DEFAULT_TASK_SIZE = 256L << 20;

    final int[] ports;
    final boolean autoDetect;
    final VlanMode vlan;
    final int depth;
    final boolean dropOther;
    final CaptureFormat format;
    final int maxRecord;
    final boolean force;
    final long taskSize;

    JobSettings(int[] ports, boolean autoDetect, VlanMode vlan, int depth, boolean dropOther, CaptureFormat format,
                int maxRecord, boolean force, long taskSize) {
        this.ports = ports == null ? null : ports.clone();
        this.autoDetect = autoDetect;
        this.vlan = vlan;
        this.depth = depth;
        this.dropOther = dropOther;
        this.format = format;
        this.maxRecord = maxRecord;
        this.force = force;
        this.taskSize = taskSize;
        conversion(); // fails early (IllegalArgumentException) on a bad depth or record limit
        if (taskSize < 1) {
            throw new IllegalArgumentException("--task-size: " + taskSize + " (expected: 1 or more bytes)");
        }
    }

    /** The settings of {@code erm-decap -o OUT IN} without options. */
    static JobSettings defaults() {
        return new JobSettings(null, false, VlanMode.NEVER, DecapOptions.DEFAULT_MAX_DEPTH, false, null,
                ReadLimits.DEFAULT.maxCapturedLength(), false, DEFAULT_TASK_SIZE);
    }

    JobSettings withTaskSize(long bytes) {
        return new JobSettings(ports, autoDetect, vlan, depth, dropOther, format, maxRecord, force, bytes);
    }

    JobSettings withForce(boolean on) {
        return new JobSettings(ports, autoDetect, vlan, depth, dropOther, format, maxRecord, on, taskSize);
    }

    JobSettings withFormat(CaptureFormat f) {
        return new JobSettings(ports, autoDetect, vlan, depth, dropOther, f, maxRecord, force, taskSize);
    }

    /** The conversion these settings stand for, exactly as {@code erm-decap} builds it from the same options. */
    Conversion conversion() {
        DecapOptions o = DecapOptions.DEFAULT;
        if (ports != null) {
            o = ports.length > 0 ? o.withPorts(ports).withAutoDetect(autoDetect) : o.withNoPorts();
        }
        o = o.withVlanMode(vlan).withMaxDepth(depth).withNonErmPolicy(dropOther ? NonErmPolicy.DROP : NonErmPolicy.PASS);
        return new Conversion(o).withReadLimits(ReadLimits.DEFAULT.withMaxCapturedLength(maxRecord)).withFormat(format);
    }
}
