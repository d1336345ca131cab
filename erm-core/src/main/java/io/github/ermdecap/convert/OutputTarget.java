// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;

/**
 * What an output path really is, decided before anything is written: a regular file or a name not yet taken
 * (written to a temporary file and renamed into place), a directory (refused), or something that must be
 * written into directly and never replaced: a character or block device, a FIFO, a socket, or a descriptor
 * reached through {@code /proc} ({@code /dev/stdout}, {@code /dev/fd/N}, {@code >(...)}). A symbolic link is
 * followed: {@link #file()} is the file it leads to (also when that does not exist yet), so that the temporary
 * file goes beside the link's target and the link stays.
 */
final class OutputTarget {
    /** The kinds of output path. */
    enum Kind {
        /** An existing regular file: replaced by temporary file + rename. */
        REGULAR,
        /** Nothing there yet: created by temporary file + rename. */
        NEW,
        /** A device, FIFO, socket or /proc descriptor: written into directly. */
        DIRECT,
        /** A directory: refused. */
        DIRECTORY
    }

    private static final int MAX_LINKS = 40;

    private final Path given;
    private final Path file;
    private final Kind kind;
    private final boolean blockDevice;

    private OutputTarget(Path given, Path file, Kind kind, boolean blockDevice) {
        this.given = given;
        this.file = file;
        this.kind = kind;
        this.blockDevice = blockDevice;
    }

    /** Classifies {@code path}, following symbolic links (at most 40, as the kernel does). */
    static OutputTarget of(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        for (int hops = 0; ; hops++) {
            if (underProc(p)) {
                return new OutputTarget(path, p, Kind.DIRECT, false);
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new OutputTarget(path, p, Kind.NEW, false);
            }
            if (a.isSymbolicLink()) {
                if (hops >= MAX_LINKS) {
                    throw new IOException("Too many levels of symbolic links");
                }
                Path parent = p.getParent();
                p = parent == null ? Files.readSymbolicLink(p) : parent.resolve(Files.readSymbolicLink(p));
                continue;
            }
            if (a.isDirectory()) {
                return new OutputTarget(path, p, Kind.DIRECTORY, false);
            }
            if (a.isRegularFile()) {
                return new OutputTarget(path, p, Kind.REGULAR, false);
            }
            return new OutputTarget(path, p, Kind.DIRECT, isBlockDevice(p));
        }
    }

    /** True when {@code p}'s directory is in /proc (a descriptor such as /proc/self/fd/1, reached from /dev/fd). */
    private static boolean underProc(Path p) {
        if (p.startsWith("/proc/")) {
            return true;
        }
        Path parent = p.getParent();
        if (parent == null) {
            return false;
        }
        try {
            return parent.toRealPath().startsWith("/proc/");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBlockDevice(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            return mode instanceof Integer && (((Integer) mode) & 0170000) == 0060000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The path as given. */
    Path given() {
        return given;
    }

    /** The file written: the path with every symbolic link followed (absolute). */
    Path file() {
        return file;
    }

    Kind kind() {
        return kind;
    }

    /** A device, FIFO, socket or descriptor: written into, never replaced. */
    boolean direct() {
        return kind == Kind.DIRECT;
    }

    /** A block device: the only direct kind that a sync makes sense for. */
    boolean blockDevice() {
        return blockDevice;
    }

    /**
     * True when {@code a} and {@code b} name the same file: the same device and inode when both exist (through
     * any link, hard link or descriptor), else the same path once links are followed and the directory resolved.
     */
    static boolean same(Path a, Path b) {
        if (a == null || b == null) {
            return false;
        }
        Object ka = key(a);
        Object kb = key(b);
        if (ka != null && kb != null) {
            return ka.equals(kb);
        }
        if (ka != null || kb != null) {
            return false;
        }
        Path ra = canonical(a);
        Path rb = canonical(b);
        return ra != null && ra.equals(rb);
    }

    /** Device and inode of an existing file (links followed), or null when it does not exist. */
    static Object key(Path p) {
        try {
            Map<String, Object> m = Files.readAttributes(p, "unix:dev,ino");
            return m.get("dev") + ":" + m.get("ino");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return a.fileKey() != null ? a.fileKey() : p.toRealPath();
            } catch (IOException e2) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** A file that does not exist yet: its resolved directory and its name, links followed; null if unknown. */
    private static Path canonical(Path p) {
        try {
            Path f = of(p).file();
            Path parent = f.getParent();
            if (parent == null || f.getFileName() == null) {
                return f;
            }
            return parent.toRealPath().resolve(f.getFileName());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return kind + " " + Objects.toString(file);
    }
}
