// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names of {@link SafeOutput}'s temporary files, and the removal of those a killed run left behind.
 *
 * <p>A temporary file is named {@code .<name><marker><host>-<pid>-<start>-<random>}: the target's name
 * (shortened so that the whole fits in {@link #MAX_NAME_BYTES} bytes, whatever the target's length), then
 * {@link SafeOutput#TEMP_MARKER}, a hash of the host name, the writing process's id and start time (epoch
 * milliseconds), all in base 36, and a random part. That makes liveness decidable: a file of this host whose
 * process no longer exists, or exists with another start time (the id was reused), belongs to a dead run. The
 * writer also holds an advisory lock on it while it writes, and the cleaner takes that lock before deleting,
 * so a file whose writer still holds it is never removed. Files of other hosts (a shared file system) and files
 * whose name does not parse are never touched.
 */
final class TempFiles {
    /** The longest file name Linux, macOS and Windows file systems take, in bytes. */
    static final int MAX_NAME_BYTES = 255;
    /** Start times within this distance are taken as the same process (the clock-tick rounding of /proc). */
    private static final long START_TOLERANCE_MILLIS = 2_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = startMillis(ProcessHandle.current());
    private static final String HOST = hostTag();
    /** Directories already cleaned by this process (one scan each, however many outputs go there). */
    private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();

    private TempFiles() {
    }

    /** A fresh temporary name for a file named {@code targetName}; at most {@link #MAX_NAME_BYTES} bytes. */
    static String name(String targetName) {
        return name(targetName, HOST, PID, START);
    }

    /** The temporary name a process {@code pid} started at {@code startMillis} on {@code host} would use. */
    static String name(String targetName, String host, long pid, long startMillis) {
        String tail = SafeOutput.TEMP_MARKER + host + "-" + Long.toString(pid, 36) + "-"
                + Long.toString(startMillis, 36) + "-" + Long.toString(RANDOM.nextInt() & 0x7fffffffL, 36);
        int room = MAX_NAME_BYTES - 1 - tail.length();
        return "." + prefix(targetName, room) + tail;
    }

    /** The longest prefix of {@code s} (whole code points) that takes at most {@code maxBytes} in UTF-8. */
    static String prefix(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** Takes the writer's advisory lock on a temporary file; null when the file system has no locks. */
    static FileLock lock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Removes, once per process and directory, the temporary files in {@code dir} that dead runs of this host
     * left behind. Never fails: what cannot be decided or removed stays.
     */
    static void cleanOnce(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        if (!CLEANED.add(key)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + SafeOutput.TEMP_MARKER + "*")) {
            for (Path p : s) {
                if (deadRun(p.getFileName().toString())) {
                    removeIfUnlocked(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Cleaning is a courtesy: the run itself goes on.
        }
    }

    /** True when {@code name} is a temporary name of this host whose process is certainly gone. */
    static boolean deadRun(String name) {
        int at = name.lastIndexOf(SafeOutput.TEMP_MARKER);
        if (!name.startsWith(".") || at < 0) {
            return false;
        }
        String[] f = name.substring(at + SafeOutput.TEMP_MARKER.length()).split("-", -1);
        if (f.length != 4 || !f[0].equals(HOST)) {
            return false;
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(f[1], 36);
            start = Long.parseLong(f[2], 36);
            Long.parseLong(f[3], 36);
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != PID && !alive(pid, start);
    }

    /** Whether process {@code pid}, started at {@code startMillis} (0: unknown), may still be running. */
    static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        long start = startMillis(h.get());
        if (start == 0 || startMillis == 0) {
            return true; // cannot tell: assume it is ours and alive
        }
        return Math.abs(start - startMillis) <= START_TOLERANCE_MILLIS;
    }

    private static void removeIfUnlocked(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (IOException e) {
                Files.deleteIfExists(p); // no locks on this file system: the process check decided
                return;
            } catch (OverlappingFileLockException e) {
                return; // this process holds it
            }
            if (lock == null) {
                return; // someone is still writing it
            }
            try {
                Files.deleteIfExists(p);
            } finally {
                lock.release();
            }
        }
    }

    /** This host's tag in temporary names. */
    static String host() {
        return HOST;
    }

    /** Forgets which directories were cleaned (tests run several "next runs" in one process). */
    static void forgetCleaned() {
        CLEANED.clear();
    }

    static long startMillis(ProcessHandle h) {
        try {
            return h.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Four base-36 digits from the host name, so runs on a shared file system leave each other's files alone. */
    private static String hostTag() {
        String host = null;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            host = System.getenv("HOSTNAME");
            if (host == null) {
                host = System.getenv("COMPUTERNAME");
            }
        }
        int h = (host == null ? "" : host).hashCode() & 0x7fffffff;
        String s = Long.toString(h % (36L * 36 * 36 * 36), 36);
        return "0000".substring(s.length()) + s;
    }
}
