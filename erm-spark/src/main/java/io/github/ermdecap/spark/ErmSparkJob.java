// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.VlanMode;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code erm-spark [OPTIONS] IN_URI OUT_URI}: {@code erm-decap -o OUT IN} on Spark. Every capture under IN (any
 * Hadoop file system) is converted into the same relative path under OUT, byte for byte as batch mode writes it.
 *
 * <pre>{@code
 * spark-submit --class io.github.ermdecap.spark.ErmSparkJob erm-spark-VERSION-job.jar -p 7932,7933 \
 *     hdfs:///captures hdfs:///decapsulated
 * }</pre>
 */
@Command(name = "erm-spark", mixinStandardHelpOptions = true, sortOptions = false, version = "erm-spark",
        description = "Decapsulates HP/Aruba ERM captures of IN (a file or a directory on any Hadoop file system:"
                + " file://, hdfs://, s3a://) into OUT on Spark, exactly as erm-decap -o OUT IN.",
        exitCodeListHeading = "%nExit codes (the worst of any file's):%n",
        exitCodeList = {"0:success", "1:an input is damaged (its good prefix is converted) or IN_URI names a file that is not a capture",
                "2:usage error", "3:output failure"})
public final class ErmSparkJob implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN_URI", description = "Input file or directory.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT_URI", description = "Output directory.")
    String out;

    @Option(names = "-F", paramLabel = "pcap|pcapng", description = "Output format (default: as erm-decap).")
    String format;

    @Option(names = {"-p", "--port"}, paramLabel = "LIST", description = "ERM UDP ports (default 7932), or auto.")
    String ports;

    @Option(names = "--vlan", paramLabel = "never|tagged|always", defaultValue = "never",
            description = "Restore the 802.1Q tag (default never).")
    String vlan;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "4", description = "Nested ERM layers (1..16).")
    int depth;

    @Option(names = "--drop-other", description = "Keep only decapsulated frames.")
    boolean dropOther;

    @Option(names = "--max-record", paramLabel = "BYTES", defaultValue = "262144",
            description = "Largest record accepted (default 262144).")
    int maxRecord;

    @Option(names = {"-f", "--force"}, description = "Convert even when the output is up to date.")
    boolean force;

    @Option(names = "--task-size", paramLabel = "SIZE", defaultValue = "256m",
            description = "Bytes of uncompressed pcap per task (k, m, g suffixes; default 256m).")
    String taskSize;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not set by spark-submit (default local[*]).")
    String master;

    /** Set by tests: run on this context instead of making one. */
    private final JavaSparkContext given;
    private final PrintWriter err;

    ErmSparkJob(JavaSparkContext given, PrintWriter err) {
        this.given = given;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(null, err, args));
    }

    /** Runs the command line on {@code sc} (null: a context of its own); returns the exit code. */
    static int execute(JavaSparkContext sc, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new ErmSparkJob(sc, err));
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(Stats.PREFIX + e.getMessage());
            err.println("Try 'erm-spark --help' for more information.");
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            err.println(Stats.PREFIX + "internal error: " + e);
            return ExitCode.OUTPUT_FAILED.code();
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        JobSettings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            err.println(Stats.PREFIX + e.getMessage());
            return ExitCode.USAGE.code();
        }
        JavaSparkContext sc = given;
        if (sc == null) {
            SparkConf conf = new SparkConf().setAppName("erm-spark");
            if (!conf.contains("spark.master")) {
                conf.setMaster(master != null ? master : "local[*]");
            } else if (master != null) {
                conf.setMaster(master);
            }
            sc = new JavaSparkContext(conf);
        }
        try {
            return new SparkConversion(s, sc, err).run(in, out).code();
        } catch (SparkConversion.UsageException e) {
            err.println(Stats.PREFIX + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (IOException e) {
            err.println(Stats.PREFIX + out + ": " + e.getMessage());
            return ExitCode.OUTPUT_FAILED.code();
        } finally {
            err.flush();
            if (given == null) {
                sc.stop();
            }
        }
    }

    /** The options, checked as erm-decap checks them. */
    JobSettings settings() {
        int[] p = null;
        boolean auto = false;
        if (ports != null) {
            TreeSet<Integer> set = new TreeSet<>();
            for (String token : ports.split(",", -1)) {
                String t = token.trim();
                if (t.equalsIgnoreCase("auto")) {
                    auto = true;
                } else {
                    set.add(port(t));
                }
            }
            p = set.stream().mapToInt(Integer::intValue).toArray();
        }
        VlanMode v;
        try {
            v = VlanMode.valueOf(vlan.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--vlan: '" + vlan + "' (expected: never, tagged or always)");
        }
        CaptureFormat f = null;
        if (format != null) {
            try {
                f = CaptureFormat.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-F: '" + format + "' (expected: pcap or pcapng)");
            }
        }
        if (depth < 1 || depth > DecapOptions.MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("--depth: " + depth + " (expected: 1..16)");
        }
        if (maxRecord < 1 || maxRecord > ReadLimits.MAX_BUFFERED) {
            throw new IllegalArgumentException("--max-record: " + maxRecord + " (expected: 1.."
                    + ReadLimits.MAX_BUFFERED + ")");
        }
        return new JobSettings(p, auto, v, depth, dropOther, f, maxRecord, force, size(taskSize));
    }

    private static int port(String t) {
        try {
            int p = Integer.parseInt(t);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException("-p: '" + t + "' (expected: a port 1..65535, a comma-separated list of"
                + " them, or auto)");
    }

    /** {@code 65536}, {@code 64k}, {@code 256m}, {@code 1g}. */
    static long size(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = t.endsWith("k") ? 1L << 10 : t.endsWith("m") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n >= 1 && n <= (1L << 40) / unit) {
                return n * unit;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException("--task-size: '" + s + "' (expected: a size such as 64k, 256m or 1g)");
    }
}
