// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.capture.CaptureMemoryException;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.GatheringOutput;
import io.github.ermdecap.capture.InputShrankException;
import io.github.ermdecap.capture.MappedInput;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.capture.RecordNotWritableException;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.DecapResult;
import io.github.ermdecap.erm.ErmDecapsulator;
import io.github.ermdecap.erm.NonErmPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Reads a capture, decapsulates every ERM record and writes the result: the library side of the
 * {@code erm-decap} command. Immutable and thread-safe: each run gets its own {@link ErmDecapsulator}.
 * A damaged input is not an exception: every record before the damage is written, the output is finished,
 * and the damage is in {@link ConversionResult#inputError()}.
 *
 * <pre>{@code
 * Conversion c = new Conversion(DecapOptions.DEFAULT.withPorts(7932, 7933));
 * ConversionResult r = c.convert(Path.of("in.pcap"), Path.of("out.pcapng"));
 * System.exit(r.exitCode().code());
 * }</pre>
 */
public final class Conversion {
    /** Default number of records between two {@link ProgressListener} calls. */
    public static final int DEFAULT_PROGRESS_INTERVAL = 16_384;

    private final DecapOptions options;
    private final ReadLimits limits;
    private final CaptureFormat format;
    private final ProgressListener progress;
    private final int progressInterval;
    private final OutputRouting routing;

    public Conversion(DecapOptions options) {
        this(options, ReadLimits.DEFAULT, null, ProgressListener.NONE, DEFAULT_PROGRESS_INTERVAL, null);
    }

    private Conversion(DecapOptions options, ReadLimits limits, CaptureFormat format, ProgressListener progress,
                       int progressInterval, OutputRouting routing) {
        this.options = options;
        this.limits = limits;
        this.format = format;
        this.progress = progress;
        this.progressInterval = progressInterval;
        this.routing = routing;
    }

    public DecapOptions options() {
        return options;
    }

    public ReadLimits readLimits() {
        return limits;
    }

    /** The output format asked for, or null to choose from the output name, else the input. */
    public CaptureFormat format() {
        return format;
    }

    public int progressInterval() {
        return progressInterval;
    }

    ProgressListener progressListener() {
        return progress;
    }

    public Conversion withReadLimits(ReadLimits readLimits) {
        return new Conversion(options, readLimits, format, progress, progressInterval, routing);
    }

    /** Forces the output format; null lets {@link OutputFormats#choose} decide. */
    public Conversion withFormat(CaptureFormat outputFormat) {
        return new Conversion(options, limits, outputFormat, progress, progressInterval, routing);
    }

    /** Calls {@code listener} every {@code everyRecords} records (at least 1) and once at the end. */
    public Conversion withProgress(ProgressListener listener, int everyRecords) {
        if (everyRecords < 1) {
            throw new IllegalArgumentException("everyRecords: " + everyRecords + " (expected: 1 or more)");
        }
        return new Conversion(options, limits, format, listener, everyRecords, routing);
    }

    /**
     * Writes several outputs instead of one ({@link OutputRouting}: shards by flow, or one per ERM session or
     * VLAN), named after the output file given to {@link #convert(Path, Path)}; null writes one output.
     */
    public Conversion withRouting(OutputRouting outputRouting) {
        return new Conversion(options, limits, format, progress, progressInterval, outputRouting);
    }

    /** Every setting that changes the output's bytes, as recorded in manifests and set markers. */
    String producer() {
        return options() + "; " + readLimits() + "; format=" + format() + "; routing=" + routing();
    }

    /** The routing to several outputs, or null for one output. */
    public OutputRouting routing() {
        return routing;
    }

    /**
     * Opens an input file with this conversion's read limits.
     *
     * @throws ConversionException {@link ExitCode#USAGE} when missing or unreadable,
     *         {@link ExitCode#INPUT_DAMAGED} when not a capture
     */
    public CaptureReader open(Path input) throws ConversionException {
        if (Files.isDirectory(input)) {
            throw new ConversionException(ExitCode.USAGE, input + ": is a directory (expected: a capture file)");
        }
        try {
            return CaptureReader.open(input, limits);
        } catch (CaptureFormatException e) {
            throw new ConversionException(ExitCode.INPUT_DAMAGED, e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ConversionException(ExitCode.USAGE, input + ": no such file", e);
        } catch (IOException e) {
            throw new ConversionException(ExitCode.USAGE, input + ": cannot read: "
                    + ConversionException.describe(e), e);
        }
    }

    /**
     * Opens a capture on a stream (stdin) with this conversion's read limits; closing the reader closes it.
     *
     * @throws ConversionException {@link ExitCode#INPUT_DAMAGED} when not a capture, {@link ExitCode#USAGE}
     *         when it cannot be read
     */
    public CaptureReader open(InputStream in, String source) throws ConversionException {
        try {
            return CaptureReader.open(in, source, limits);
        } catch (CaptureFormatException e) {
            throw new ConversionException(ExitCode.INPUT_DAMAGED, e.getMessage(), e);
        } catch (IOException e) {
            throw new ConversionException(ExitCode.USAGE, source + ": cannot read: "
                    + ConversionException.describe(e), e);
        }
    }

    /** The format output to {@code outputName} gets: {@link #format()}, else by name, else the input's. */
    public CaptureFormat outputFormat(CaptureReader in, String outputName) {
        return OutputFormats.choose(format, outputName, in.format());
    }

    /**
     * Converts one file into another, through a {@link SafeOutput}; refuses to overwrite the input. With a
     * {@link #routing()}, {@code output} names the outputs ({@link OutputRouting}). An input cut by another
     * program below the records being written from its mapping ({@link #inputShrank}) is converted once more, as
     * it now is, unless the output is a device or FIFO.
     */
    public ConversionResult convert(Path input, Path output) throws ConversionException {
        try {
            return convertOnce(input, output);
        } catch (ConversionException e) {
            if (!inputShrank(e) || directOutput(output)) {
                throw e;
            }
            // cut by another program below the records being written from its mapping: convert what it holds now
            return convertOnce(input, output);
        }
    }

    /**
     * Whether {@code e} failed because another program cut the input file below the records being written from
     * its mapping ({@link InputShrankException}): the output was not written, and converting the file again, as
     * it now is, gives the records before the cut and the located damage, as for a file cut before the run.
     */
    public static boolean inputShrank(ConversionException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {   // causes may form a cycle
            if (t instanceof InputShrankException) {
                return true;
            }
        }
        return false;
    }

    /** A device, FIFO or descriptor: what a failed attempt wrote into it stays there, so it is not retried. */
    private static boolean directOutput(Path output) {
        try {
            return OutputTarget.of(output).direct();
        } catch (IOException e) {
            return true;
        }
    }

    private ConversionResult convertOnce(Path input, Path output) throws ConversionException {
        SafeOutput.refuseInputs(output, input);
        CaptureReader in = open(input);
        try {
            return convert(in, output, input);
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // Everything needed was read.
            }
        }
    }

    /**
     * Converts an open capture (a file or stdin) into {@code output}, or into the outputs of {@link #routing()}
     * named after it, through {@link SafeOutput}s that must not be {@code input} (null when reading a stream);
     * commits them all, also when the input turned out damaged, or none. Does not close {@code in}.
     */
    public ConversionResult convert(CaptureReader in, Path output, Path input) throws ConversionException {
        if (routing != null) {
            return new MultiOutput(this, in, output, input).run();
        }
        return convert(in, safeOutput(in, output, input));
    }

    /**
     * The safe output that {@link #convert(CaptureReader, Path, Path)} writes {@code output} through, for
     * callers that pass it to {@link #convert(CaptureReader, SafeOutput, IdleInputStream)} themselves: a mapped
     * input is written from its mapping ({@link GatheringOutput}: each payload byte copied once, by the kernel,
     * on the gathering output's own writer thread), anything else (streams, gzip output) through the safe
     * output's background writer, which copies into its blocks.
     */
    public static SafeOutput safeOutput(CaptureReader in, Path output, Path input) throws ConversionException {
        Path name = output.getFileName();
        boolean gathering = MappedInput.of(in) != null && (name == null || !OutputFormats.gzip(name.toString()));
        return SafeOutput.create(output, !gathering, input);
    }

    /**
     * Converts into one safe output (gzip-compressed when its name ends in {@code .gz}) and commits it, also
     * when the input turned out damaged; closes {@code out} in any case. Without a {@link #routing()} only
     * (else {@link IllegalStateException}): {@link #convert(CaptureReader, Path, Path)} takes both.
     */
    public ConversionResult convert(CaptureReader in, SafeOutput out) throws ConversionException {
        return convert(in, out, null);
    }

    /**
     * As {@link #convert(CaptureReader, SafeOutput)}; when {@code idle} (the stream {@code in} reads) goes
     * quiet, what was written so far is flushed to {@code out} (for a FIFO or device written directly).
     */
    public ConversionResult convert(CaptureReader in, SafeOutput out, IdleInputStream idle)
            throws ConversionException {
        try (SafeOutput o = out) {
            String name = o.target().getFileName().toString();
            OutputStream stream = o.stream();
            FileChannel channel = o.directChannel();
            GatheringOutput gathering = null;
            if (channel != null && !OutputFormats.gzip(name)) {
                // from a mapping: the kernel's copy of one batch on a writer thread while the next is parsed,
                // and a regular file synced behind it as the write-behind stream does
                MappedInput source = MappedInput.of(in);
                stream = gathering = new GatheringOutput(channel, source, source != null, !o.direct());
            } else if (OutputFormats.gzip(name)) {
                try {
                    stream = new GZIPOutputStream(stream, 1 << 16, true); // flush() (when idle) reaches out
                } catch (IOException e) {
                    throw ConversionException.outputFailed(o.target().toString(), "write", e);
                }
            }
            ConversionResult r;
            try {
                r = run(in, stream, outputFormat(in, name), o.target().toString(), idle);
            } finally {
                if (gathering != null) {
                    closeQuietly(gathering);   // run closed it unless it failed unexpectedly: never leak its thread
                }
            }
            o.commit();
            return r;
        }
    }

    /**
     * Reads every record of {@code in}, decapsulates it and writes what is kept to {@code out} in
     * {@code outputFormat}, then closes {@code out} (not {@code in}).
     *
     * @param target a label for messages about the output, such as its file name or {@code "-"}
     * @throws ConversionException {@link ExitCode#OUTPUT_FAILED} when writing fails, {@link ExitCode#USAGE}
     *         when the output format cannot hold the input's link type (nothing is written then)
     */
    public ConversionResult run(CaptureReader in, OutputStream out, CaptureFormat outputFormat, String target)
            throws ConversionException {
        return run(in, out, outputFormat, target, null);
    }

    /**
     * As {@link #run(CaptureReader, OutputStream, CaptureFormat, String)}; when {@code idle} (the stream
     * {@code in} reads, or null) goes quiet, the records written so far are flushed to {@code out}, so that a
     * slow live capture reaches the next program in a pipeline at once. A write failure (a broken pipe) throws
     * a {@link ConversionException} whose {@link ConversionException#partialResult()} counts what was done.
     */
    public ConversionResult run(CaptureReader in, OutputStream out, CaptureFormat outputFormat, String target,
                                IdleInputStream idle) throws ConversionException {
        if (routing != null) {
            throw new IllegalStateException("routing: " + routing + " writes files (expected: convert to a Path)");
        }
        long start = System.nanoTime();
        FrameWriter w;
        try {
            w = FrameWriter.open(in, out, outputFormat, options.nonErmPolicy() == NonErmPolicy.PASS);
        } catch (ConversionException e) {
            closeQuietly(out);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            throw ConversionException.outputFailed(target, "write", asIo(e));
        }
        ErmDecapsulator decapsulator = new ErmDecapsulator(options);
        long[] counts = new long[2]; // written, dropped by policy
        IOException inputError;
        if (idle != null) {
            idle.onIdle(w::flush);
        }
        try {
            inputError = copy(in, w, decapsulator, counts);
            w.finish();
        } catch (ConversionException e) {
            w.abort();
            throw e;
        } catch (IOException e) {
            w.abort();
            throw ConversionException.outputFailed(target, "write", e).withPartialResult(
                    result(in, target, outputFormat, counts, w, decapsulator, start, null));
        } finally {
            if (idle != null) {
                idle.onIdle(null);
            }
        }
        progress.progress(in.position(), in.recordCount());
        return result(in, target, outputFormat, counts, w, decapsulator, start, inputError);
    }

    private static ConversionResult result(CaptureReader in, String target, CaptureFormat outputFormat,
                                           long[] counts, FrameWriter w, ErmDecapsulator decapsulator, long start,
                                           IOException inputError) {
        return new ConversionResult(in.source(), target, outputFormat, in.recordCount(), counts[0], counts[1],
                w.droppedLinkType(), in.position(), decapsulator.stats(), System.nanoTime() - start, inputError)
                .withWarnings(in.warnings());
    }

    /**
     * The record loop; returns the read error that ended it, or null at a clean end. Throws write errors, and a
     * {@link ConversionException} (output failed) when the heap cannot hold a record that is really there.
     */
    IOException copy(CaptureReader in, RecordSink w, ErmDecapsulator decapsulator, long[] counts)
            throws IOException {
        long nextReport = progressInterval;
        while (true) {
            PacketRecord r;
            try {
                r = in.next();
            } catch (CaptureFormatException e) {
                return e;
            } catch (CaptureMemoryException e) {
                throw new ConversionException(ExitCode.OUTPUT_FAILED, in.source() + ": record "
                        + (in.recordCount() + 1) + " at byte " + in.position() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                return new IOException(in.source() + ": record " + (in.recordCount() + 1) + " at byte "
                        + in.position() + ": read failed: " + ConversionException.describe(e), e);
            }
            if (r == null) {
                return null;
            }
            DecapResult d = decapsulator.decapsulate(r);
            try {
                if (!d.keep()) {
                    counts[1]++;
                } else if (w.write(r, d)) {
                    counts[0]++;
                }
            } catch (RecordNotWritableException e) {
                return e.asInputDamage(in.source()); // an odd input record: the output so far is sound
            }
            if (r.recordNumber() >= nextReport) {
                nextReport = r.recordNumber() + progressInterval;
                progress.progress(in.position(), r.recordNumber());
            }
        }
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // Reporting the first failure.
        }
    }
}
