// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.convert.ExitCode;

import java.util.ArrayList;
import java.util.List;

/** The driver's record of one input file: where it goes, how it is split, and how it ended. */
final class FilePlan {
    enum Status { CONVERTED, SKIPPED, FAILED, NOT_CAPTURE }

    final int index;
    final String input;
    /** Path relative to the input directory (its name for a file given by name). */
    final String relative;
    /** The output file; null for a file that is not a capture. */
    final String output;
    final long length;
    /** The input's modification time (milliseconds), recorded in the manifest. */
    long modified;
    /** Range boundaries when split ({@code [24, ..., length]}), else null. */
    long[] boundaries;
    /** Split points asked of the resync (split candidates only). */
    long[] points;
    /** Bytes read before each range: 24 (pcap file header), or pcapng's blocks before the first packet. */
    long headerLength = PcapResync.FILE_HEADER;
    /** pcapng: interfaces declared before the first packet (every part's state at its start); else -1. */
    int prefixInterfaces = -1;
    /** The input's format when split (pcapng found by {@link Splitter}). */
    io.github.ermdecap.capture.CaptureFormat inputFormat = io.github.ermdecap.capture.CaptureFormat.PCAP;
    /** Why a large file is converted by one task, for the statistics; null when split or small. */
    String oneTaskReason;

    Status status;
    ExitCode exitCode = ExitCode.SUCCESS;
    String message;
    /** The merged result of its parts (null when failed before converting). */
    Merged result;

    FilePlan(int index, String input, String relative, String output, long length) {
        this.index = index;
        this.input = input;
        this.relative = relative;
        this.output = output;
        this.length = length;
    }

    int splits() {
        return boundaries == null ? 1 : boundaries.length - 1;
    }

    void fail(ExitCode code, String why) {
        status = Status.FAILED;
        exitCode = code;
        message = why;
    }

    /** The sum of a file's parts as one conversion's result. */
    static final class Merged {
        final List<PartResult> parts = new ArrayList<>();
        String format;
        long recordsRead;
        long recordsWritten;
        long passedThrough;
        long droppedPolicy;
        long droppedLinkType;
        long bytesRead;
        long elapsedNanos;
        io.github.ermdecap.erm.DecapStats stats = new io.github.ermdecap.erm.DecapStats();
        String error;
        long errorRecord = -1;
        long errorOffset = -1;

        long decapsulated() {
            return stats.count(io.github.ermdecap.erm.Outcome.DECAPSULATED);
        }
    }
}
