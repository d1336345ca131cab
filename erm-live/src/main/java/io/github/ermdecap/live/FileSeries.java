// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.convert.ConversionException;
import io.github.ermdecap.convert.SafeOutput;
import io.github.ermdecap.route.OutputNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A series of capture files from one output name, rotated by {@link Rotation}. Each file is written under a
 * hidden temporary name ({@link SafeOutput}) and appears under its final name only once complete and synced.
 *
 * <p>Names: with {@code -G} the file name is an strftime pattern ({@link Strftime}) filled with the period's
 * start; with {@code -C} the second and later files of a period get a counter before the capture extension
 * ({@code out.pcap}, {@code out.1.pcap}, {@code out.2.pcap} ...). Every file is in the directory of the
 * output name; nothing in a frame takes part in a name. Files are opened at their first frame; a file whose
 * period is over is finished at the next tick even when no frame comes.
 */
public final class FileSeries implements FrameOutput {
    private final Path target;
    private final Path dir;
    private final String pattern;
    private final CaptureFormat format;
    private final Rotation rotation;
    private final ZoneId zone;
    private final Consumer<Path> onFinished;
    private final int bufferSize;
    private final Deque<Path> kept = new ArrayDeque<>();
    private final List<Path> finished = new ArrayList<>();
    private SafeOutput file;
    private FrameEncoder encoder;
    private long period = Long.MIN_VALUE;
    private int counter;

    /**
     * @param onFinished called with each file once it is under its final name (for {@code -z}); may be null
     */
    public FileSeries(Path target, CaptureFormat format, Rotation rotation, ZoneId zone, Consumer<Path> onFinished,
                      int bufferSize) {
        Path name = Objects.requireNonNull(target, "target").getFileName();
        if (name == null) {
            throw new IllegalArgumentException("output: " + target + " (expected: a file name)");
        }
        this.target = target;
        this.dir = target.toAbsolutePath().getParent();
        this.pattern = name.toString();
        this.format = Objects.requireNonNull(format, "format");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.zone = zone == null ? ZoneId.systemDefault() : zone;
        this.onFinished = onFinished;
        this.bufferSize = bufferSize;
        if (rotation.seconds() > 0) {
            Strftime.check(pattern);
        }
    }

    /** The name the user gave (a pattern with {@code -G}). */
    public Path target() {
        return target;
    }

    /** The name of the file for a period (its start, epoch seconds) and counter; always inside the directory. */
    Path fileFor(long periodStart, int count) {
        String n = rotation.seconds() > 0 ? Strftime.format(pattern, periodStart, zone) : pattern;
        if (count > 0) {
            String extension = OutputNames.extension(n);
            n = n.substring(0, n.length() - extension.length()) + "." + count + extension;
        }
        if (n.isEmpty() || n.equals(".") || n.equals("..") || n.indexOf('/') >= 0 || n.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("file name " + n + " from " + pattern
                    + " (expected: a file name without /)");
        }
        return dir.resolve(n);
    }

    @Override
    public void write(long seconds, int nanos, byte[] data, int offset, int length, long originalLength)
            throws IOException {
        long p = rotation.periodStart(seconds);
        if (encoder != null && p != period) {
            finish();
        }
        if (encoder != null && rotation.full(encoder.size(), encoder.recordSize(length), encoder.frames())) {
            finish();
            counter++;
        }
        if (encoder == null) {
            if (p != period) {
                period = p;
                counter = 0;
            }
            open();
        }
        encoder.write(seconds, nanos, data, offset, length, originalLength);
    }

    private void open() throws IOException {
        Path next = fileFor(period, counter);
        try {
            file = SafeOutput.create(next, false);
        } catch (ConversionException e) {
            throw new IOException(e.getMessage(), e);
        }
        encoder = new FrameEncoder(file.stream(), format, bufferSize);
    }

    @Override
    public void tick(long nowSeconds, int nowNanos) throws IOException {
        if (encoder == null) {
            return;
        }
        if (rotation.seconds() > 0 && rotation.periodStart(nowSeconds) > period) {
            finish();
        } else {
            encoder.flush();
        }
    }

    /** Closes, syncs and renames the current file, runs the hook, and trims the ring. */
    private void finish() throws IOException {
        SafeOutput f = file;
        FrameEncoder e = encoder;
        file = null;
        encoder = null;
        try {
            e.close();
            f.commit();
        } catch (ConversionException ex) {
            throw new IOException(ex.getMessage(), ex);
        } finally {
            f.close();
        }
        Path done = f.target();
        finished.add(done);
        if (onFinished != null) {
            onFinished.accept(done);
        }
        kept.remove(done);
        kept.addLast(done);
        while (rotation.maxFiles() > 0 && kept.size() > rotation.maxFiles()) {
            Files.deleteIfExists(kept.removeFirst());
        }
    }

    /** Finishes the current file; a series that never had a frame leaves one empty capture, as tcpdump does. */
    @Override
    public void close() throws IOException {
        if (encoder == null && finished.isEmpty()) {
            period = rotation.periodStart(java.time.Instant.now().getEpochSecond());
            open();
        }
        if (encoder != null) {
            finish();
        }
    }

    /** Every file finished so far, in order (a file the ring deleted included); read after {@link #close()}. */
    public List<Path> finishedFiles() {
        return List.copyOf(finished);
    }
}
