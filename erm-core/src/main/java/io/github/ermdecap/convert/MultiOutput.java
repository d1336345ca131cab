// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.erm.DecapResult;
import io.github.ermdecap.erm.ErmDecapsulator;
import io.github.ermdecap.erm.NonErmPolicy;
import io.github.ermdecap.route.OutputLimitException;
import io.github.ermdecap.route.OutputNames;
import io.github.ermdecap.route.ShardRouter;
import io.github.ermdecap.route.SplitMode;
import io.github.ermdecap.route.SplitRouter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One run of a {@link Conversion} with {@link OutputRouting}: every kept record goes to the output its router
 * picks, each output a complete capture of its own written through a {@link SafeOutput}. Shards are all created
 * up front (an empty one is a valid capture without records); split outputs when their first record comes.
 * All outputs are committed at the end, or none is left under its name. The set's completion marker
 * ({@link BatchManifest#forSet}, {@code .<name>.erm-decap} beside the output name) is removed before the first
 * rename and written after the last, so a set cut short while committing (a kill, a power cut) is decidably
 * incomplete; files of the previous set that this one does not write again are then removed.
 */
final class MultiOutput implements RecordSink {
    private final Conversion conversion;
    private final OutputRouting routing;
    private final CaptureReader in;
    private final Path target;
    private final Path input;
    private final CaptureFormat format;
    private final boolean gzip;
    private final boolean keepNonErm;
    private final ShardRouter shards;
    private final SplitRouter split;
    private final SplitSessions sessions;
    private final List<Output> outputs = new ArrayList<>();

    MultiOutput(Conversion conversion, CaptureReader in, Path target, Path input) {
        this.conversion = conversion;
        this.routing = conversion.routing();
        this.in = in;
        this.target = target;
        this.input = input;
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        this.format = conversion.outputFormat(in, name);
        this.gzip = OutputFormats.gzip(name);
        this.keepNonErm = conversion.options().nonErmPolicy() == NonErmPolicy.PASS;
        this.shards = routing.split() == null ? new ShardRouter(routing.shards(), routing.vlanInHash()) : null;
        this.split = routing.split() == null ? null : new SplitRouter(routing.split(), routing.maxOutputs());
        this.sessions = new SplitSessions();
    }

    ConversionResult run() throws ConversionException {
        long start = System.nanoTime();
        try {
            FrameWriter.refuse(in, format, keepNonErm);
            refuseMarker();
            for (int i = 0; shards != null && i < shards.shards(); i++) {
                open(Integer.toString(i), OutputNames.shard(target, i));
            }
            ErmDecapsulator decapsulator = new ErmDecapsulator(conversion.options());
            long[] counts = new long[2]; // written, dropped by policy
            IOException inputError = conversion.copy(in, this, decapsulator, counts);
            BatchManifest previous = marked() ? BatchManifest.read(target) : null;
            finish();
            conversion.progressListener().progress(in.position(), in.recordCount());
            ConversionResult result = new ConversionResult(in.source(), target.toString(), format,
                    in.recordCount(), counts[0], counts[1], droppedLinkType(), in.position(), decapsulator.stats(),
                    System.nanoTime() - start, inputError, counts()).withWarnings(in.warnings());
            mark(previous, result.exitCode());
            return result;
        } catch (ConversionException e) {
            abort();
            throw e;
        } catch (IOException e) {
            abort();
            throw ConversionException.outputFailed(target.toString(), "write", e);
        } finally {
            for (int i = 0; i < outputs.size(); i++) {
                outputs.get(i).safe.close();
            }
        }
    }

    @Override
    public boolean write(PacketRecord r, DecapResult d) throws IOException {
        int out;
        if (shards != null) {
            out = shards.route(d.linkType(), d.array(), d.offset(), d.length(), d.decapsulated() ? d.vlanId() : 0);
        } else {
            out = splitOutput(r, d);
        }
        Output o = outputs.get(out);
        boolean written;
        try {
            written = o.writer.write(r, d);
        } catch (IOException e) {
            throw ConversionException.outputFailed(o.safe.target().toString(), "write", e);
        }
        if (written) {
            o.records++;
            o.bytes += d.length();
        }
        return written;
    }

    private int splitOutput(PacketRecord r, DecapResult d) throws ConversionException {
        int out;
        try {
            if (d.decapsulated() && split.mode() == SplitMode.SWITCH) {
                out = sessions.output(d, split);
            } else {
                out = split.route(d.decapsulated(), null, d.port(), d.vlanId(), d.length());
            }
        } catch (OutputLimitException e) {
            throw new ConversionException(ExitCode.USAGE, in.source() + ": record " + r.recordNumber() + ": "
                    + e.getMessage() + "; no output was written", e);
        }
        if (out == outputs.size()) {
            String label = split.label(out);
            open(label, OutputNames.split(target, label));
        }
        return out;
    }

    private void open(String label, Path file) throws ConversionException {
        SafeOutput safe = SafeOutput.create(file, routing.backgroundWriters(), input);
        Output o = new Output(label, safe);
        outputs.add(o);
        try {
            OutputStream stream = safe.stream();
            if (gzip) {
                stream = new GZIPOutputStream(stream, routing.gzipBufferSize());
            }
            o.writer = FrameWriter.open(in, stream, format, keepNonErm, routing.bufferSize());
        } catch (ConversionException e) {
            throw e;
        } catch (IOException e) {
            throw ConversionException.outputFailed(file.toString(), "write", e);
        } catch (OutOfMemoryError e) {
            abort();                              // drops every buffer before anything else is allocated
            throw new ConversionException(ExitCode.OUTPUT_FAILED, file + ": out of memory for output "
                    + outputs.size() + " (expected: a larger heap for " + routing.bufferSize() / 1024
                    + " KiB per output, e.g. JAVA_OPTS=-Xmx512m)");
        }
    }

    /** Finishes every output (header of empty ones, flush, sync), then renames them all into place. */
    private void finish() throws IOException {
        for (Output o : outputs) {
            try {
                o.writer.finish();
            } catch (IOException e) {
                throw ConversionException.outputFailed(o.safe.target().toString(), "write", e);
            }
        }
        if (marked()) {
            try {
                BatchManifest.remove(target);
            } catch (IOException e) {
                throw ConversionException.outputFailed(BatchManifest.of(target).toString(), "remove", e);
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            try {
                outputs.get(i).safe.commit();
            } catch (ConversionException e) {
                deleteCommitted(i);
                throw e;
            }
        }
    }

    /** Deletes the first {@code n} outputs, already renamed into place: a set is all there, or none of it. */
    private void deleteCommitted(int n) {
        for (int j = 0; j < n; j++) {
            SafeOutput done = outputs.get(j).safe;
            if (!done.direct()) {               // a FIFO or device is never deleted
                deleteQuietly(done.file());     // the file renamed into place, not a link to it
            }
        }
    }

    /**
     * Refuses, before anything is written, a marker path that is the input in disguise, or that holds something
     * other than a marker of ours (a user's file, a directory, a FIFO): the run replaces the marker.
     */
    private void refuseMarker() throws ConversionException {
        Path marker = BatchManifest.of(target);
        SafeOutput.refuseInputs(marker, input);
        if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS)
                && (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || BatchManifest.read(target) == null)) {
            throw new ConversionException(ExitCode.USAGE, marker + ": exists and is not an erm-decap set marker;"
                    + " refusing to replace it (expected: remove or rename it, or another output name)");
        }
    }

    /** Whether the set gets a completion marker: every output is a file (FIFOs and devices are not a set). */
    private boolean marked() {
        for (Output o : outputs) {
            if (o.safe.direct()) {
                return false;
            }
        }
        return target.getFileName() != null;
    }

    /** Writes the completion marker of the committed set, then removes what is left of the previous set. */
    private void mark(BatchManifest previous, ExitCode exit) throws ConversionException {
        if (!marked()) {
            return;
        }
        List<Path> files = new ArrayList<>();
        for (Output o : outputs) {
            files.add(o.safe.target());
        }
        try {
            BatchManifest.forSet(conversion.producer()).write(target, files, exit);
        } catch (IOException e) {
            deleteCommitted(outputs.size());
            throw ConversionException.outputFailed(BatchManifest.of(target).toString(), "write", e);
        }
        if (previous != null) {
            Path dir = target.toAbsolutePath().getParent();
            previous.removeStale(dir, files);
        }
    }

    /**
     * Lets go of every writer and its buffer after a failure, writing nothing more: the temporary files are
     * deleted when their {@link SafeOutput}s close. Allocates nothing (it may run out of memory).
     */
    private void abort() {
        for (int i = 0; i < outputs.size(); i++) {
            outputs.get(i).writer = null;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Reporting the commit failure matters more.
        }
    }

    private long droppedLinkType() {
        long n = 0;
        for (Output o : outputs) {
            n += o.writer.droppedLinkType();
        }
        return n;
    }

    private List<OutputCount> counts() {
        List<OutputCount> list = new ArrayList<>();
        for (Output o : outputs) {
            list.add(new OutputCount(o.label, o.safe.target(), o.records, o.bytes));
        }
        return list;
    }

    /** One output file. */
    private static final class Output {
        final String label;
        final SafeOutput safe;
        FrameWriter writer;
        long records;
        long bytes;

        Output(String label, SafeOutput safe) {
            this.label = label;
            this.safe = safe;
        }
    }
}
