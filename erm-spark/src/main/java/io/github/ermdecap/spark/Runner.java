// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.convert.OutputFormats;
import io.github.ermdecap.convert.ExitCode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Converts the planned files on the executors (one task per whole file or per range), then on the driver proves
 * and joins the parts of split files, converting again in one task any file whose split could not be proven.
 *
 * <p>The proof: part 0 starts at the true first record (byte 24); a part whose conversion read its range to the
 * end without error ends exactly at the next boundary, so by induction every boundary is on the file's true
 * record chain, and the records read are those {@code erm-decap} reads. A part that stops on a corrupt record
 * header found the damage batch mode finds (same record, same offset). A part other than the last that stops on
 * a truncated record means its end boundary was not a record boundary: the file is converted again in one task.
 */
final class Runner {
    private final JavaSparkContext sc;
    private final JobSettings settings;
    private final Configuration conf;
    private final FileSystem outFs;
    private final Path partsDir;

    Runner(JavaSparkContext sc, JobSettings settings, Configuration conf, FileSystem outFs, Path partsDir) {
        this.sc = sc;
        this.settings = settings;
        this.conf = conf;
        this.outFs = outFs;
        this.partsDir = partsDir;
    }

    void run(List<FilePlan> files) throws IOException {
        List<WorkItem> items = new ArrayList<>();
        for (FilePlan f : files) {
            if (f.boundaries == null) {
                items.add(WorkItem.whole(f.index, f.input, f.output));
            } else {
                for (int i = 0; i + 1 < f.boundaries.length; i++) {
                    items.add(WorkItem.range(f.index, i, f.input, partFile(f, i).toString(), f.output,
                            f.boundaries[i], f.boundaries[i + 1], f.headerLength));
                }
            }
        }
        List<PartResult> results = convert(items);
        List<FilePlan> again = new ArrayList<>();
        for (FilePlan f : files) {
            List<PartResult> mine = new ArrayList<>();
            for (PartResult r : results) {
                if (r.file == f.index) {
                    mine.add(r);
                }
            }
            mine.sort(Comparator.comparingInt(r -> r.part));
            if (f.boundaries == null) {
                finish(f, mine.get(0));
            } else if (!joinSplit(f, mine)) {
                f.boundaries = null;
                f.oneTaskReason = "split not proven";
                again.add(f);
            }
        }
        if (!again.isEmpty()) {
            List<WorkItem> whole = new ArrayList<>();
            for (FilePlan f : again) {
                whole.add(WorkItem.whole(f.index, f.input, f.output));
            }
            List<PartResult> second = convert(whole);
            for (FilePlan f : again) {
                for (PartResult r : second) {
                    if (r.file == f.index) {
                        finish(f, r);
                    }
                }
            }
        }
    }

    private Path partFile(FilePlan f, int part) {
        return new Path(partsDir, f.index + "/part-" + String.format("%06d", part));
    }

    private List<PartResult> convert(List<WorkItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        HadoopFiles.Conf c = new HadoopFiles.Conf(conf);
        JobSettings s = settings;
        return sc.parallelize(items, items.size()).map(w -> Tasks.convert(w, s, c.get())).collect();
    }

    /** A whole-file conversion's outcome. */
    private static void finish(FilePlan f, PartResult r) {
        if (!r.ok()) {
            f.fail(r.failure, r.failureMessage);
            return;
        }
        FilePlan.Merged m = new FilePlan.Merged();
        add(m, r);
        m.bytesRead = r.bytesRead;
        m.error = r.errorMessage;
        m.errorRecord = r.errorRecord;
        m.errorOffset = r.errorOffset;
        f.result = m;
        f.status = FilePlan.Status.CONVERTED;
        f.exitCode = m.error == null ? ExitCode.SUCCESS : ExitCode.INPUT_DAMAGED;
    }

    /** Proves and joins a split file's parts; false when it must be converted again in one task. */
    private boolean joinSplit(FilePlan f, List<PartResult> parts) throws IOException {
        try {
            for (PartResult p : parts) {
                if (!p.ok()) {
                    f.fail(p.failure, p.failureMessage);
                    return true;
                }
            }
            FilePlan.Merged m = new FilePlan.Merged();
            int last = parts.size() - 1;
            int used = parts.size();
            for (int i = 0; i <= last; i++) {
                PartResult p = parts.get(i);
                long from = f.boundaries[i];
                long to = f.boundaries[i + 1];
                if (p.errorMessage == null) {
                    if (p.bytesRead != f.headerLength + (to - from)) {
                        return false;
                    }
                    if (i < last && f.prefixInterfaces >= 0
                            && (p.endSection != 0 || p.endInterfaces != f.prefixInterfaces)) {
                        return false; // a section or interface block after the first packet: the next part's
                                      // reader would not know it
                    }
                    add(m, p);
                    continue;
                }
                boolean truncatedAtEnd = p.errorKind != CaptureFormatException.Kind.CORRUPT;
                if (i < last && truncatedAtEnd) {
                    return false;
                }
                long record = m.recordsRead + p.errorRecord;
                add(m, p);
                m.bytesRead = from + p.bytesRead - f.headerLength;
                if (p.errorKind != null) {
                    m.errorRecord = record;
                    m.errorOffset = from + p.errorOffset - f.headerLength;
                    m.error = SparkConversion.damage(f.input, record, m.errorOffset, p.errorDetail);
                } else {
                    m.error = p.errorMessage;
                }
                used = i + 1;
                break;
            }
            if (m.error == null) {
                m.bytesRead = f.length;
            }
            if (!join(f, parts, used)) {
                return true;
            }
            f.result = m;
            f.status = FilePlan.Status.CONVERTED;
            f.exitCode = m.error == null ? ExitCode.SUCCESS : ExitCode.INPUT_DAMAGED;
            return true;
        } finally {
            outFs.delete(new Path(partsDir, Integer.toString(f.index)), true);
        }
    }

    /**
     * Writes parts 0..used-1 into the output under a temporary name first ({@link PartJoin}: pcap, one file
     * header; pcapng, interfaces renumbered as one writer would); false (the file marked failed) when writing
     * fails.
     */
    private boolean join(FilePlan f, List<PartResult> parts, int used) throws IOException {
        Path target = new Path(f.output);
        Path temp = HadoopFiles.temporary(target, "join");
        outFs.mkdirs(target.getParent());
        CaptureFormat format = OutputFormats.choose(settings.format, target.getName(), f.inputFormat);
        try {
            try (OutputStream out = HadoopFiles.create(outFs, temp)) {
                PartJoin j = format == CaptureFormat.PCAPNG ? PartJoin.pcapng(out) : PartJoin.pcap(out,
                        pcapHeader(f, parts, used));
                for (int i = 0; i < used; i++) {
                    try (InputStream in = outFs.open(partFile(f, i), 1 << 20)) {
                        j.part(i, in);
                    }
                }
            }
            HadoopFiles.commit(outFs, temp, target);
            return true;
        } catch (IOException | RuntimeException e) {
            HadoopFiles.deleteQuietly(outFs, temp);
            f.fail(ExitCode.OUTPUT_FAILED, f.output + ": cannot write: " + e.getMessage());
            return false;
        }
    }

    /**
     * The 24-byte pcap header of the joined output: the one of the first part that wrote a record (its writer
     * started on the record the one-task writer starts on, with the same interfaces declared), or when none did,
     * of the last part used (its writer started at its end, as the one-task writer does at the file's end).
     */
    private byte[] pcapHeader(FilePlan f, List<PartResult> parts, int used) throws IOException {
        int from = used - 1;
        for (int i = 0; i < used; i++) {
            if (parts.get(i).recordsWritten + parts.get(i).droppedLinkType > 0) {
                from = i;
                break;
            }
        }
        try (InputStream in = outFs.open(partFile(f, from))) {
            return in.readNBytes(PcapResync.FILE_HEADER);
        }
    }

    private static void add(FilePlan.Merged m, PartResult p) {
        m.format = p.format;
        m.recordsRead += p.recordsRead;
        m.recordsWritten += p.recordsWritten;
        m.passedThrough += p.passedThrough;
        m.droppedPolicy += p.droppedPolicy;
        m.droppedLinkType += p.droppedLinkType;
        m.elapsedNanos += p.elapsedNanos;
        m.stats.merge(p.stats);
        m.parts.add(p);
    }
}
