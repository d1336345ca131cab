// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Set;

/**
 * Where a batch output may go: inside the output directory by its real path, never through a symlink that leads
 * out of it, never onto a file that is one of the batch's inputs (device and inode). Creates the output's
 * directories once the path is known to stay inside.
 */
final class OutputGuard {
    private OutputGuard() {
    }

    /**
     * @param outputDir the output directory as given (for messages)
     * @param outReal   its real path
     * @param output    the job's output, {@code outputDir} resolved with a relative path
     * @param inputKeys the file keys of every input of the batch
     * @param files     the output files whose names are known (the output, its shards, existing split files)
     */
    static void check(Path outputDir, Path outReal, Path output, Set<Object> inputKeys, Collection<Path> files)
            throws ConversionException {
        Path relative = outputDir.relativize(output);
        Path cur = outReal;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            cur = cur.resolve(relative.getName(i));
            if (Files.isSymbolicLink(cur)) {
                inside(outputDir, outReal, output, cur);
            }
        }
        Path parent = output.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            if (!parent.toRealPath().startsWith(outReal)) {
                throw outside(outputDir, output, parent);
            }
        } catch (IOException e) {
            throw ConversionException.outputFailed(parent.toString(), "create directory", e);
        }
        for (Path f : files) {
            if (Files.isSymbolicLink(f)) {
                inside(outputDir, outReal, output, f);
            }
            Object key = Files.exists(f) ? key(f) : null;
            if (key != null && inputKeys.contains(key)) {
                throw new ConversionException(ExitCode.USAGE, f + ": refusing to overwrite an input of the batch"
                        + " (the same file under another name; expected: outputs that are not inputs)");
            }
        }
    }

    /** Refuses {@code link} unless its real target is inside the output directory. */
    private static void inside(Path outputDir, Path outReal, Path output, Path link) throws ConversionException {
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            real = null; // dangling: its target would be created wherever it points
        }
        if (real == null || !real.startsWith(outReal)) {
            throw outside(outputDir, output, link);
        }
    }

    private static ConversionException outside(Path outputDir, Path output, Path link) {
        return new ConversionException(ExitCode.USAGE, output + ": refusing to write through " + link
                + ", a symlink leading out of the output directory " + outputDir
                + " (expected: no symlinks to elsewhere inside it)");
    }

    private static Object key(Path f) {
        try {
            return Files.readAttributes(f, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
