// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What produced a batch output, kept beside it as {@code .<output name>.erm-decap}: the tool version, the options
 * that change its bytes, the input's size and modification time, the exit code, and every file of the output
 * set with its size. It is removed before a conversion starts and written (atomically) only after every file of
 * the set was committed, so it is also the set's completion marker: no manifest, or one that does not match,
 * means the output is out of date and converted again.
 *
 * <p>A single-file run with several outputs ({@code --shards}, {@code --split}) keeps the same file beside its
 * output name as the set's completion marker ({@link #forSet}): removed before the first file of the set is
 * renamed into place, written after the last, so a set interrupted while being committed has none.
 */
final class BatchManifest {
    static final String SUFFIX = ".erm-decap";
    private static final String FORMAT = "erm-decap batch manifest 1";

    private final Properties p;

    private BatchManifest(Properties p) {
        this.p = p;
    }

    /** The manifest file of {@code output}. */
    static Path of(Path output) {
        return io.github.ermdecap.route.OutputNames.marker(output);
    }

    /** What a conversion of {@code input} with {@code producer} (version and options) would record. */
    static BatchManifest expected(String producer, BasicFileAttributes input) {
        return expected(producer, input.size(), input.lastModifiedTime().toMillis());
    }

    /** The same for an input of {@code size} bytes modified at {@code mtimeMillis} (on any file system). */
    static BatchManifest expected(String producer, long size, long mtimeMillis) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("producer", producer);
        p.setProperty("input.size", Long.toString(size));
        p.setProperty("input.mtime", Long.toString(mtimeMillis));
        return new BatchManifest(p);
    }

    /** The marker of a set written outside batch mode: its producer (options), no input recorded. */
    static BatchManifest forSet(String producer) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("producer", producer);
        return new BatchManifest(p);
    }

    /** The manifest recorded for {@code output}, or null when absent or unreadable. */
    static BatchManifest read(Path output) {
        Path file = of(output);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** The manifest in {@code in} (not closed), or null when it is not one. */
    static BatchManifest read(InputStream in) {
        Properties p = new Properties();
        try {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return FORMAT.equals(p.getProperty("format")) ? new BatchManifest(p) : null;
    }

    /**
     * Why the recorded output is not what {@code expected} would produce, or null when it is: same producer and
     * input, a clean exit, and every file of the set present with its recorded size.
     */
    String outOfDate(BatchManifest expected, Path dir) {
        return outOfDate(expected, name -> {
            Path f = dir.resolve(name);
            return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.size(f) : -1;
        });
    }

    /** The same, the files of the set looked up by {@code sizes}. */
    String outOfDate(BatchManifest expected, BatchManifests.Sizes sizes) {
        if (!same(expected, "producer")) {
            return "options or version changed";
        }
        if (!same(expected, "input.size") || !same(expected, "input.mtime")) {
            return "input changed";
        }
        if (!"0".equals(p.getProperty("exit.code"))) {
            return "the last conversion failed";
        }
        for (int i = 0; ; i++) {
            String name = p.getProperty("output." + i);
            if (name == null) {
                return i == 0 ? "no outputs recorded" : null;
            }
            try {
                long size = sizes.of(name);
                if (size < 0 || size != Long.parseLong(p.getProperty("output." + i + ".size", "-1"))) {
                    return "output " + name + " missing or changed";
                }
            } catch (IOException | NumberFormatException e) {
                return "output " + name + " unreadable";
            }
        }
    }

    private boolean same(BatchManifest other, String key) {
        String a = p.getProperty(key);
        return a != null && a.equals(other.p.getProperty(key));
    }

    /** The files of the output set recorded, in order. */
    List<String> outputs() {
        List<String> names = new ArrayList<>();
        for (int i = 0; p.getProperty("output." + i) != null; i++) {
            names.add(p.getProperty("output." + i));
        }
        return names;
    }

    /**
     * Deletes the files of this (earlier) set that the new set {@code current} does not hold: a re-run with
     * other traffic or options replaces the whole set, not only the names it writes again. Only plain names
     * recorded here, in {@code dir}, that are still regular files of the recorded size are deleted (a file
     * since replaced by a user is left alone). Never fails.
     */
    void removeStale(Path dir, List<Path> current) {
        List<String> keep = new ArrayList<>();
        for (Path f : current) {
            keep.add(f.getFileName().toString());
        }
        for (int i = 0; ; i++) {
            String name = p.getProperty("output." + i);
            if (name == null) {
                return;
            }
            if (keep.contains(name) || name.isEmpty() || name.equals(".") || name.equals("..")
                    || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
                continue;
            }
            try {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && Files.size(f) == Long.parseLong(p.getProperty("output." + i + ".size", "-1"))) {
                    Files.delete(f);
                }
            } catch (IOException | RuntimeException ignored) {
                // a stale file that cannot be removed stays; the new set is complete without it
            }
        }
    }

    /** Removes the manifest of {@code output}, so that an interrupted conversion is never taken as complete. */
    static void remove(Path output) throws IOException {
        Files.deleteIfExists(of(output));
    }

    /** The manifest's content for the committed set: {@code names} (in the output's directory), their sizes. */
    byte[] bytes(List<String> names, List<Long> sizes, ExitCode exit) throws IOException {
        Properties out = new Properties();
        out.putAll(p);
        out.setProperty("exit.code", Integer.toString(exit.code()));
        for (int i = 0; i < names.size(); i++) {
            out.setProperty("output." + i, names.get(i));
            out.setProperty("output." + i + ".size", Long.toString(sizes.get(i)));
        }
        // Properties.store writes a date comment and its keys in hash order: drop the one, sort the other, so
        // the same set always gives the same bytes (store escapes line breaks, so one line per key, and its
        // stream form escapes every non-ASCII character, so the text is ASCII)
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        out.store(b, null);
        List<String> lines = new ArrayList<>();
        for (String line : b.toString(java.nio.charset.StandardCharsets.ISO_8859_1).split("\\R")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                lines.add(line);
            }
        }
        java.util.Collections.sort(lines);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Records the committed set: {@code files} (all in the output's directory) and the exit code. */
    void write(Path output, List<Path> files, ExitCode exit) throws IOException {
        List<String> names = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (Path f : files) {
            names.add(f.getFileName().toString());
            sizes.add(Files.size(f));
        }
        byte[] bytes = bytes(names, sizes, exit);
        Path target = of(output);
        // a temporary name a later run recognises as a dead run's leftover
        Path temp = target.resolveSibling(TempFiles.name(target.getFileName().toString()));
        try {
            Files.deleteIfExists(temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
                os.write(bytes);
                os.flush();
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
