// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.convert.ConversionResult;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.erm.DecapStats;

import java.io.IOException;
import java.io.Serializable;

/**
 * What a task sends back to the driver: the counts of its conversion, its statistics and, when reading stopped
 * early, where (record number and byte offset, local to the task's range for a split file), or why it failed.
 */
final class PartResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int file;
    final int part;
    /** SUCCESS when converted (maybe with an input error), else the failure's exit code. */
    final ExitCode failure;
    final String failureMessage;
    final String format;
    final long recordsRead;
    final long recordsWritten;
    final long passedThrough;
    final long droppedPolicy;
    final long droppedLinkType;
    final long bytesRead;
    final DecapStats stats;
    final long elapsedNanos;
    /** The input error's message, or null when the input was read to its end. */
    final String errorMessage;
    /** The kind of a capture error (TRUNCATED, CORRUPT, NOT_A_CAPTURE), or null for another read error. */
    final CaptureFormatException.Kind errorKind;
    final long errorRecord;
    final long errorOffset;
    final String errorDetail;
    /** The section index and number of interfaces the reader had at its end (pcapng split proof), or -1. */
    int endSection = -1;
    int endInterfaces = -1;

    private PartResult(int file, int part, ExitCode failure, String failureMessage, ConversionResult r) {
        this.file = file;
        this.part = part;
        this.failure = failure;
        this.failureMessage = failureMessage;
        this.format = r == null ? null : r.format().name();
        this.recordsRead = r == null ? 0 : r.recordsRead();
        this.recordsWritten = r == null ? 0 : r.recordsWritten();
        this.passedThrough = r == null ? 0 : r.passedThrough();
        this.droppedPolicy = r == null ? 0 : r.droppedByPolicy();
        this.droppedLinkType = r == null ? 0 : r.droppedLinkType();
        this.bytesRead = r == null ? 0 : r.bytesRead();
        this.stats = r == null ? new DecapStats() : r.stats();
        this.elapsedNanos = r == null ? 0 : r.elapsedNanos();
        IOException e = r == null ? null : r.inputError();
        this.errorMessage = e == null ? null : e.getMessage();
        CaptureFormatException c = e instanceof CaptureFormatException ? (CaptureFormatException) e : null;
        this.errorKind = c == null ? null : c.kind();
        this.errorRecord = c == null ? -1 : c.recordNumber();
        this.errorOffset = c == null ? -1 : c.byteOffset();
        this.errorDetail = c == null ? null : c.detail();
    }

    static PartResult converted(WorkItem w, ConversionResult r) {
        return new PartResult(w.file, w.part, ExitCode.SUCCESS, null, r);
    }

    static PartResult failed(WorkItem w, ExitCode code, String message) {
        return new PartResult(w.file, w.part, code, message, null);
    }

    boolean ok() {
        return failure == ExitCode.SUCCESS;
    }
}
