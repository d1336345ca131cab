// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An output file that appears under its name only when complete. Bytes go to a hidden temporary file beside
 * the target ({@code .out.pcap.erm-decap-tmp-1a2b3c4d}); {@link #commit()} syncs it to disk and renames it
 * into place atomically. Closing without committing, a failure, or the JVM shutting down (Ctrl-C) deletes the
 * temporary file, so a half-written file never carries the target's name. Refuses a target that is one of the
 * inputs (same path, symlink or hard link).
 *
 * <pre>{@code
 * try (SafeOutput out = SafeOutput.create(Path.of("out.pcap"), Path.of("in.pcap"))) {
 *     write(out.stream());
 *     out.commit();
 * }
 * }</pre>
 */
public final class SafeOutput implements Closeable {
    /** Marks temporary files in their names, so that batch runs never take them for inputs. */
    public static final String TEMP_MARKER = ".erm-decap-tmp-";

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    /** The background writer, or null when the stream writes on the caller's thread. */
    private final WriteBehindStream behind;
    private boolean committed;

    private SafeOutput(Path target, Path temp, FileChannel channel, boolean background) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.behind = background ? new WriteBehindStream(channel) : null;
        this.stream = background ? behind : new ChannelStream(channel);
    }

    /**
     * Creates the temporary file beside {@code target}.
     *
     * @param inputs files the target must not be
     * @throws ConversionException {@link ExitCode#USAGE} when the target is an input or a directory,
     *         {@link ExitCode#OUTPUT_FAILED} when the temporary file cannot be created
     */
    public static SafeOutput create(Path target, Path... inputs) throws ConversionException {
        return create(target, true, inputs);
    }

    /**
     * As {@link #create(Path, Path...)}; {@code background} false writes on the caller's thread instead of a
     * {@link WriteBehindStream} (for many outputs at once: one thread and a few MiB each would not scale).
     */
    public static SafeOutput create(Path target, boolean background, Path... inputs) throws ConversionException {
        refuseInputs(target, inputs);
        if (Files.isDirectory(target)) {
            throw new ConversionException(ExitCode.USAGE, target + ": is a directory (expected: a file name)");
        }
        Path dir = target.toAbsolutePath().getParent();
        installHook();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + TEMP_MARKER + Long.toHexString(RANDOM.nextLong()));
            try {
                PENDING.add(temp);
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new SafeOutput(target, temp, ch, background);
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(temp);
                if (attempt > 10) {
                    throw ConversionException.outputFailed(target.toString(), "create", e);
                }
            } catch (IOException e) {
                PENDING.remove(temp);
                throw ConversionException.outputFailed(target.toString(), "create", e);
            }
        }
    }

    /** Throws a usage {@link ConversionException} when {@code target} exists and is one of {@code inputs}. */
    public static void refuseInputs(Path target, Path... inputs) throws ConversionException {
        for (Path input : inputs) {
            if (input != null && Files.exists(target) && Files.exists(input) && sameFile(target, input)) {
                throw new ConversionException(ExitCode.USAGE, target + ": refusing to overwrite the input "
                        + input + " (expected: another output file)");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void installHook() {
        if (HOOK.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(SafeOutput::deletePending, "erm-decap-cleanup"));
            } catch (IllegalStateException shuttingDown) {
                HOOK.set(false);
            }
        }
    }

    private static void deletePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Best effort while the JVM exits.
            }
        }
    }

    /** The final file name. */
    public Path target() {
        return target;
    }

    /** The temporary file being written (hidden, beside the target). */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * The stream into the temporary file: by default writes and periodic syncs run on a background thread
     * (see {@link WriteBehindStream}); closing it syncs the file to disk.
     */
    public OutputStream stream() {
        return stream;
    }

    /** Closes the stream if still open, syncs, and renames the temporary file over the target. */
    public void commit() throws ConversionException {
        try {
            stream.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            PENDING.remove(temp);
        } catch (IOException e) {
            throw ConversionException.outputFailed(target.toString(), "write", e);
        }
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        if (behind != null) {
            behind.abort();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Deleting is what matters.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Left for the shutdown hook.
            return;
        }
        PENDING.remove(temp);
    }
}
