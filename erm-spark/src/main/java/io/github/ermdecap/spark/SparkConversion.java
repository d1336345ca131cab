// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureFormatException;
import io.github.ermdecap.convert.BatchManifests;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.OutputFormats;
import io.github.ermdecap.convert.SafeOutput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The driver of a job: plans the files of IN (as batch mode does), resyncs the split points of large pcap files,
 * converts on the executors, proves and joins split files, writes batch mode's manifest beside each output (so
 * that a re-run, of this job or of {@code erm-decap -o}, skips what is up to date), {@code _erm_stats/} and
 * {@code _SUCCESS}.
 */
final class SparkConversion {
    /** Where split parts wait to be joined; removed at the end and at the start of the next run. */
    static final String PARTS_DIR = "_erm_tmp";
    static final String STATS_DIR = "_erm_stats";
    static final String SUCCESS = "_SUCCESS";

    private final JobSettings settings;
    private final JavaSparkContext sc;
    private final Configuration conf;
    private final PrintWriter err;
    private BatchManifests manifests;
    private final String runId = Long.toHexString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()));

    SparkConversion(JobSettings settings, JavaSparkContext sc, PrintWriter err) {
        this.settings = settings;
        this.sc = sc;
        this.conf = sc.hadoopConfiguration();
        this.err = err;
    }

    /** Runs the job; returns the worst exit code of any file, as batch mode. */
    ExitCode run(String inUri, String outUri) throws IOException {
        long start = System.nanoTime();
        Path in = new Path(inUri);
        Path out = new Path(outUri);
        FileSystem inFs = HadoopFiles.of(in, conf);
        FileSystem outFs = HadoopFiles.of(out, conf);
        in = inFs.makeQualified(in);
        out = outFs.makeQualified(out);
        if (!inFs.exists(in)) {
            throw new UsageException(inUri + ": no such file or directory");
        }
        if (outFs.exists(out) && !outFs.getFileStatus(out).isDirectory()) {
            throw new UsageException(outUri + ": is not a directory (expected: the output directory)");
        }
        List<FilePlan> files = plan(inFs, in, out);
        outFs.mkdirs(out);
        Path parts = new Path(out, PARTS_DIR);
        outFs.delete(parts, true);
        cleanLeftovers(outFs, files);
        List<FilePlan> todo = new ArrayList<>();
        for (FilePlan f : files) {
            if (f.status == null) {
                todo.add(f);
                outFs.delete(manifest(new Path(f.output)), false); // an interrupted conversion is never up to date
            }
        }
        Splitter.resync(sc, settings, conf, todo, inFs);
        new Runner(sc, settings, conf, outFs, new Path(parts, runId)).run(todo);
        outFs.delete(parts, true);
        cleanLeftovers(outFs, files); // what a crashed task attempt (a lost executor) could not delete itself
        writeManifests(outFs, todo);
        ExitCode worst = ExitCode.SUCCESS;
        Stats stats = new Stats(outFs, new Path(out, STATS_DIR));
        for (FilePlan f : files) {
            worst = worst.worst(f.exitCode);
            stats.write(f);
            Stats.line(err, f);
        }
        Stats.summary(err, files, System.nanoTime() - start);
        try (OutputStream s = outFs.create(new Path(out, SUCCESS), true)) {
            s.write(new byte[0]);
        }
        err.flush();
        return worst;
    }

    /**
     * Batch mode's plan: every file under IN (sorted) whose content is a capture, whatever its name (sniffed on
     * the executors), its output at the same relative path in OUT; the others listed as not captures.
     */
    private List<FilePlan> plan(FileSystem fs, Path in, Path out) throws IOException {
        String outPrefix = out.toString().endsWith("/") ? out.toString() : out + "/";
        List<FilePlan> files = new ArrayList<>();
        FileStatus top = fs.getFileStatus(in);
        List<FileStatus> found = new ArrayList<>();
        if (top.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(in, true);
            while (it.hasNext()) {
                LocatedFileStatus s = it.next();
                if (s.isFile() && !s.getPath().getName().contains(SafeOutput.TEMP_MARKER)
                        && !(s.getPath() + "/").startsWith(outPrefix)) {
                    found.add(s);
                }
            }
            found.sort(Comparator.comparing(s -> s.getPath().toString()));
        } else {
            found.add(top);
        }
        List<String> notCaptures = top.isDirectory() ? sniff(found) : null;
        String base = top.isDirectory() ? (in.toString().endsWith("/") ? in.toString() : in + "/") : null;
        FileSystem outFs = HadoopFiles.of(out, conf);
        Set<String> outputs = new LinkedHashSet<>();
        for (int i = 0; i < found.size(); i++) {
            FileStatus s = found.get(i);
            String path = s.getPath().toString();
            String rel = base == null ? s.getPath().getName() : path.substring(base.length());
            if (notCaptures != null && notCaptures.get(i) != null) {
                FilePlan f = new FilePlan(files.size(), path, rel, null, s.getLen());
                f.status = FilePlan.Status.NOT_CAPTURE;
                f.message = notCaptures.get(i);
                files.add(f);
                continue;
            }
            Path output = new Path(out, rename(rel));
            FilePlan f = new FilePlan(files.size(), path, rel, output.toString(), s.getLen());
            files.add(f);
            if (base == null && (path + "/").startsWith(outPrefix)) {
                f.status = FilePlan.Status.SKIPPED;
                f.message = "under the output directory";
            } else if (!outputs.add(f.output)) {
                f.fail(ExitCode.USAGE, path + ": another input already goes to " + f.output
                        + " (expected: distinct file names)");
            } else if (outFs.exists(output) && outFs.getFileStatus(output).isDirectory()) {
                f.fail(ExitCode.USAGE, f.output + ": is a directory (expected: a file name)");
            } else if (!settings.force && upToDate(outFs, output, s)) {
                f.status = FilePlan.Status.SKIPPED;
                f.message = "up to date";
            }
            f.modified = s.getModificationTime();
        }
        return files;
    }

    /** Batch mode's manifest of {@code output}: {@code .NAME.erm-decap} beside it. */
    static Path manifest(Path output) {
        return new Path(output.getParent(), BatchManifests.fileName(output.getName()));
    }

    /** The version recorded in manifests: the project's, as erm-decap records it. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = SparkConversion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown
        }
        return p.getProperty("version", "unknown");
    }

    private BatchManifests manifests() {
        if (manifests == null) {
            manifests = new BatchManifests(version(), settings.conversion());
        }
        return manifests;
    }

    /**
     * True when the manifest beside {@code output} says batch mode would skip it: same options and input, a clean
     * exit, the output of the recorded size. An unreadable manifest is out of date, as in batch mode.
     */
    private boolean upToDate(FileSystem fs, Path output, FileStatus input) {
        Path m = manifest(output);
        Path dir = output.getParent();
        try {
            if (!fs.exists(m)) {
                return false;
            }
            try (InputStream in = fs.open(m)) {
                return manifests().outOfDate(in, input.getLen(), input.getModificationTime(), name -> {
                    Path o = new Path(dir, name);
                    if (!fs.exists(o)) {
                        return -1;
                    }
                    FileStatus st = fs.getFileStatus(o);
                    return st.isFile() ? st.getLen() : -1;
                }) == null;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Writes the manifest of every converted file once its output is in place (temporary name, then rename), as
     * batch mode: its exit code (1 for a damaged input, so that a re-run reports it again) and the output's size.
     */
    private void writeManifests(FileSystem fs, List<FilePlan> files) {
        BatchManifests m = manifests();
        for (FilePlan f : files) {
            if (f.status != FilePlan.Status.CONVERTED) {
                continue;
            }
            Path output = new Path(f.output);
            Path target = manifest(output);
            Path temp = HadoopFiles.temporary(target, runId);
            try {
                byte[] bytes = m.bytes(f.length, f.modified, f.exitCode,
                        Map.of(output.getName(), fs.getFileStatus(output).getLen()));
                try (OutputStream out = HadoopFiles.create(fs, temp)) {
                    out.write(bytes);
                }
                HadoopFiles.commit(fs, temp, target);
            } catch (IOException | RuntimeException e) {
                HadoopFiles.deleteQuietly(fs, temp);
                f.fail(ExitCode.OUTPUT_FAILED, target + ": cannot write the manifest: " + e.getMessage());
            }
        }
    }

    /** For each file, null when it is a capture, else why not; one task per 64 files. */
    private List<String> sniff(List<FileStatus> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        found.forEach(s -> paths.add(s.getPath().toString()));
        HadoopFiles.Conf c = new HadoopFiles.Conf(conf);
        return sc.parallelize(paths, Math.max(1, (paths.size() + 63) / 64)).map(p -> Tasks.notCapture(p, c.get()))
                .collect();
    }

    private String rename(String relative) {
        if (settings.format == null) {
            return relative;
        }
        int slash = relative.lastIndexOf('/');
        return relative.substring(0, slash + 1) + OutputFormats.rename(relative.substring(slash + 1), settings.format);
    }

    /**
     * Deletes the temporary outputs (and manifests) a killed run of this job or a crashed task attempt left
     * beside the outputs (never anything else).
     */
    private static void cleanLeftovers(FileSystem fs, List<FilePlan> files) throws IOException {
        Map<Path, List<String>> byDir = new HashMap<>();
        for (FilePlan f : files) {
            if (f.output == null) {
                continue;
            }
            Path o = new Path(f.output);
            List<String> prefixes = byDir.computeIfAbsent(o.getParent(), d -> new ArrayList<>());
            prefixes.add("." + o.getName() + HadoopFiles.TEMP_MARKER);
            prefixes.add("." + manifest(o).getName() + HadoopFiles.TEMP_MARKER);
        }
        for (Map.Entry<Path, List<String>> e : byDir.entrySet()) {
            if (!fs.exists(e.getKey())) {
                continue;
            }
            for (FileStatus s : fs.listStatus(e.getKey())) {
                String name = s.getPath().getName();
                if (s.isFile() && e.getValue().stream().anyMatch(name::startsWith)) {
                    fs.delete(s.getPath(), false);
                }
            }
        }
    }

    /** Reads the first bytes of a file (fewer at its end). */
    static byte[] head(FileSystem fs, Path p, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        try (FSDataInputStream s = fs.open(p)) {
            while (got < n) {
                int r = s.read(b, got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        }
        return got == n ? b : java.util.Arrays.copyOf(b, got);
    }

    /** The output format of a file's output, decided as batch mode does for a pcap input. */
    static CaptureFormat outputFormat(JobSettings s, String outputName) {
        return OutputFormats.choose(s.format, outputName, CaptureFormat.PCAP);
    }

    /** Copies a stream. */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
    }

    /** The message of a damaged split file, with record and offset of the whole file. */
    static String damage(String source, long record, long offset, String detail) {
        return new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, record, offset, detail)
                .getMessage();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A command-line mistake found while planning: exit 2, one line. */
    static final class UsageException extends IOException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
