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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An output file that appears under its name only when complete. Bytes go to a hidden temporary file beside
 * the target ({@code .out.pcap.erm-decap-tmp-...}, see {@link TempFiles}); {@link #commit()} syncs it to disk
 * and renames it into place atomically. Closing without committing, a failure, or the JVM shutting down
 * (Ctrl-C) deletes the temporary file, so a half-written file never carries the target's name; temporary files
 * that a killed run (kill -9) left in the directory are removed by the next run there. Refuses a target that
 * is one of the inputs (same path, symlink, hard link or descriptor: same device and inode).
 *
 * <p>Only a regular file (or a name not yet taken) is replaced: a symbolic link is followed (the temporary file
 * goes beside the file it leads to, and the link stays); a device, FIFO, socket or descriptor
 * ({@code /dev/null}, {@code /dev/stdout}, {@code /dev/fd/N}, a named pipe) is written into directly, never
 * replaced ({@link #direct()}). A replaced file keeps its permissions, and its owner and group where the
 * process may set them; a new file gets the usual umask.
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

    private final Path target;
    /** The file renamed over: {@link #target} with its links followed. */
    private final Path file;
    /** The temporary file, or null when written directly. */
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    /** The background writer, or null when the stream writes on the caller's thread. */
    private final WriteBehindStream behind;
    private boolean committed;

    private SafeOutput(Path target, Path file, Path temp, FileChannel channel, boolean background, boolean sync) {
        this.target = target;
        this.file = file;
        this.temp = temp;
        this.channel = channel;
        this.behind = background ? new WriteBehindStream(channel) : null;
        this.stream = background ? behind : new ChannelStream(channel, sync);
    }

    /**
     * Creates the temporary file beside {@code target} (or opens a device, FIFO or descriptor to write into).
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
        OutputTarget t;
        try {
            t = OutputTarget.of(target);
        } catch (IOException e) {
            throw ConversionException.outputFailed(target.toString(), "create", e);
        }
        if (t.kind() == OutputTarget.Kind.DIRECTORY) {
            throw new ConversionException(ExitCode.USAGE, target + ": is a directory (expected: a file name)");
        }
        if (t.direct()) {
            return openDirect(target, t);
        }
        Path dir = t.file().getParent();
        TempFiles.cleanOnce(dir);
        installHook();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(TempFiles.name(t.file().getFileName().toString()));
            try {
                PENDING.add(temp);
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                TempFiles.lock(ch);
                if (t.kind() == OutputTarget.Kind.REGULAR) {
                    keepAttributes(t.file(), temp);
                }
                return new SafeOutput(target, t.file(), temp, ch, background, true);
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(temp);
                if (attempt > 10) {
                    throw ConversionException.outputFailed(target.toString(), "create", e);
                }
            } catch (IOException e) {
                PENDING.remove(temp);
                throw ConversionException.outputFailed(target.toString(), "create", describeCreate(target, e));
            }
        }
    }

    /** A device, FIFO or descriptor: opened for writing as it is (a FIFO waits for its reader, as tcpdump does). */
    private static SafeOutput openDirect(Path target, OutputTarget t) throws ConversionException {
        try {
            boolean regular = Files.isRegularFile(t.file());   // /dev/stdout redirected to a file: as cp does
            FileChannel ch = regular
                    ? FileChannel.open(t.file(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(t.file(), StandardOpenOption.WRITE);
            return new SafeOutput(target, t.file(), null, ch, false, regular || t.blockDevice());
        } catch (IOException e) {
            throw ConversionException.outputFailed(target.toString(), "open", e);
        }
    }

    /** Names the missing directory when that is why a file cannot be created. */
    private static IOException describeCreate(Path target, IOException e) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) {
            return new IOException("no such directory: " + parent, e);
        }
        return e;
    }

    /** Gives the temporary file the mode, owner and group of the file it replaces (owner: when permitted). */
    private static void keepAttributes(Path existing, Path temp) {
        PosixFileAttributes a;
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            a = Files.readAttributes(existing, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try {
            view.setGroup(a.group());
        } catch (IOException | RuntimeException ignored) {
            // Not a member of that group: the default group stays.
        }
        try {
            view.setOwner(a.owner());
        } catch (IOException | RuntimeException ignored) {
            // Only root may give a file away.
        }
        try {
            view.setPermissions(a.permissions());
        } catch (IOException | RuntimeException ignored) {
            // The umask's mode stays.
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

    /**
     * True when {@code a} and {@code b} are the same file: the same device and inode when both exist (whatever
     * links or descriptors lead there), else the same name in the same directory once links are followed.
     */
    public static boolean sameFile(Path a, Path b) {
        return OutputTarget.same(a, b);
    }

    /**
     * True when {@code target} would be written into directly, not replaced: it is (or a link leads to) a
     * device, FIFO, socket or descriptor ({@code /dev/stdout}, {@code /dev/fd/N}).
     */
    public static boolean writesDirectly(Path target) {
        try {
            return OutputTarget.of(target).direct();
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

    /** The final file name, as given. */
    public Path target() {
        return target;
    }

    /** The file the bytes end up in: {@link #target()} with its symbolic links followed (absolute). */
    public Path file() {
        return file;
    }

    /** The temporary file being written (hidden, beside the target's file), or null when written directly. */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * True when the target is a device, FIFO, socket or descriptor, written into directly: nothing is renamed,
     * and what was written stays written if the run fails.
     */
    public boolean direct() {
        return temp == null;
    }

    /**
     * The stream into the temporary file: by default writes and periodic syncs run on a background thread
     * (see {@link WriteBehindStream}); closing it syncs the file to disk. A direct target is written on the
     * caller's thread and synced only when it is a block device.
     */
    public OutputStream stream() {
        return stream;
    }

    /**
     * The temporary file's channel when this output writes on the caller's thread ({@code background} false),
     * for writers that write to it directly (gathering writes); null with a background writer. Closing
     * {@link #stream()} syncs and closes it.
     */
    FileChannel directChannel() {
        return behind == null ? channel : null;
    }

    /** Closes the stream if still open, syncs, and renames the temporary file over the target. */
    public void commit() throws ConversionException {
        try {
            stream.close();
            if (temp != null) {
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                PENDING.remove(temp);
            }
            committed = true;
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
        if (temp == null) {
            return;
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
