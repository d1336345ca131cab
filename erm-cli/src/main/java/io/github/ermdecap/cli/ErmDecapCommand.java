// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.OutputRouting;
import io.github.ermdecap.convert.RecordSelection;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.NonErmPolicy;
import io.github.ermdecap.erm.VlanMode;
import io.github.ermdecap.route.ShardRouter;
import io.github.ermdecap.route.SplitMode;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code erm-decap} command: {@code erm-decap IN OUT} or {@code erm-decap -o DIR IN...}. A thin shell over
 * {@link Conversion} and {@link io.github.ermdecap.convert.BatchConversion}; stdin and stdout are injectable
 * so that tests run it in-process.
 *
 * <pre>{@code
 * int code = ErmDecapCommand.commandLine(new ErmDecapCommand()).execute("in.pcap", "out.pcap");
 * }</pre>
 */
@Command(name = "erm-decap", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        headerHeading = "", synopsisHeading = "Usage: ",
        customSynopsis = {"erm-decap [OPTIONS] IN OUT", "       erm-decap [OPTIONS] -o DIR IN...",
            "       erm-decap [OPTIONS] --merge IN... OUT", "       erm-decap [OPTIONS] --report IN...",
            "       erm-decap [OPTIONS] --shards N IN OUT      (OUT-0 .. OUT-<N-1>)",
            "       erm-decap [OPTIONS] --split switch|vlan IN OUT", ""},
        description = {"Turns HP/Aruba ERM (Encapsulated Remote Mirroring) captures back into the mirrored "
                + "traffic. IN and OUT are pcap or pcapng files, maybe gzip-compressed; either may be - "
                + "for stdin/stdout. Every record comes out: decapsulated, or passed through unchanged.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also when a downstream reader closes the pipe, e.g. | head)",
            "1:input damaged or not a capture: every record before the damage is converted, the output is "
                + "finished, and the message names the file, record number and byte offset",
            "2:usage error: bad option, missing or unreadable input, refusing to overwrite the input (or, "
                + "with --stats, an output) or to write a capture to a terminal, stdin or stdout closed, pcap "
                + "output for a non-Ethernet pcap input without --drop-other, a split needing more than 4096 "
                + "outputs",
            "3:output failure (write error, disk full, OUT or --stats not writable; also an internal error): "
                + "no partial file is left under OUT's name",
            "In batch mode the exit code is the worst of any file's."},
        footerHeading = "%nExamples:%n",
        footer = {"  erm-decap in.pcap out.pcap",
            "  erm-decap -p 7932,7933 --vlan tagged in.pcapng out.pcapng",
            "  tcpdump -i eth0 -w - udp port 7932 | erm-decap - - | zeek -r -",
            "  erm-decap -j 8 -o decapsulated/ captures/",
            "  erm-decap --shards 4 big.pcap part.pcap   # part-0.pcap .. part-3.pcap",
            "  erm-decap --merge sw1.pcap sw2.pcap all.pcapng",
            "  erm-decap --report -p auto unknown.pcap",
            "  erm-decap -A '2026-12-01 10:00:00' -B '2026-12-01 10:05:00' -c 1000 in.pcap out.pcap",
            "  source <(erm-decap --completion)   # bash completion"})
public final class ErmDecapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "IN OUT; or, with -o, inputs: files and directories (searched recursively).")
    List<String> files = new ArrayList<>();

    @Option(names = "-F", paramLabel = "pcap|pcapng", converter = Converters.Format.class,
            completionCandidates = Converters.FormatNames.class,
            description = "Output format. Default: by OUT's extension (pcap, pcapng, either followed by gz), "
                    + "else the input's.")
    CaptureFormat format;

    @Option(names = {"-p", "--port"}, paramLabel = "LIST", converter = Converters.Ports.class,
            description = "ERM UDP ports, comma-separated; 'auto' finds ERM on any port by its signature "
                    + "(auto,7933: both). Default: 7932.")
    Converters.PortList ports;

    @Option(names = "--vlan", paramLabel = "never|tagged|always", converter = Converters.Vlan.class,
            completionCandidates = Converters.VlanNames.class, defaultValue = "never",
            description = "Restore the mirrored frame's 802.1Q tag: never, when the ERM header says it was "
                    + "tagged, or always. Default: ${DEFAULT-VALUE}.")
    VlanMode vlan;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "4",
            description = "Decapsulate ERM inside ERM up to N levels (1..16). Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--drop-other",
            description = "Keep only decapsulated frames; drop everything else, malformed ERM too (counted).")
    boolean dropOther;

    @Option(names = "--max-record", paramLabel = "BYTES", defaultValue = "262144",
            description = "Largest record accepted; larger ones count as damage. Default: ${DEFAULT-VALUE}.")
    int maxRecord;

    @Option(names = "--shards", paramLabel = "N",
            description = "Write N outputs (1..1024), OUT-0 .. OUT-<N-1> with the index before the extension, "
                    + "each holding whole conversations: both directions and their fragments, by a documented "
                    + "flow hash.")
    Integer shards;

    @Option(names = "--shard-vlan",
            description = "With --shards: the VLAN id takes part in the flow hash (the same addresses and ports "
                    + "in two VLANs are two conversations).")
    boolean shardVlan;

    @Option(names = "--split", paramLabel = "switch|vlan", converter = Converters.Split.class,
            completionCandidates = Converters.SplitNames.class,
            description = "One output per ERM session (OUT-10.1.0.1-7932) or per VLAN (OUT-vlan-10); records "
                    + "that are not ERM go to OUT-other. Does not combine with --shards.")
    SplitMode split;

    @Option(names = "-c", paramLabel = "COUNT",
            description = "Stop after COUNT records (of those in the -A/-B window), as tcpdump -c.")
    Long count;

    @Option(names = "-A", paramLabel = "START", converter = Converters.Time.class,
            description = "Only records at or after START: 'YYYY-MM-DD HH:MM:SS[.n]' (local time; a zone such as Z "
                    + "may follow) or seconds since 1970, as editcap -A. Records outside are counted, not written.")
    java.time.Instant from;

    @Option(names = "-B", paramLabel = "STOP", converter = Converters.Time.class,
            description = "Only records before STOP (same forms as -A), as editcap -B.")
    java.time.Instant to;

    @Option(names = "--merge",
            description = "IN... OUT: merge several inputs into one output in timestamp order, as mergecap "
                    + "(pcapng output keeps every input's interfaces).")
    boolean merge;

    @Option(names = "--report",
            description = "Only read and report: print the summary (and --stats) of IN (several with --merge); "
                    + "no capture is written.")
    boolean report;

    @Option(names = "--stats", paramLabel = "FILE",
            description = "Also write the summary as JSON to FILE (- for stdout when OUT is a file).")
    String statsFile;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Batch mode: convert every IN (files whose content is a capture, whatever their "
                    + "names) into DIR, mirroring the input tree; DIR is created.")
    Path outputDir;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Batch mode: files converted at once. Default: the number of cores.")
    Integer jobs;

    @Option(names = {"-f", "--force"},
            description = "Batch mode: convert even outputs that are up to date (same input, options and "
                    + "version, all files present).")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No summary and no progress; errors are still printed.")
    boolean quiet;

    @Option(names = "--completion", description = "Print a bash/zsh completion script and exit.")
    boolean completion;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final boolean stderrTerminal;
    private final boolean stdoutTerminal;
    /** True when stdin and stdout are the process's own fd 0 and 1 (what /proc/self/fd tells is about them). */
    private boolean processStdio;

    /** The command on the process's own stdin and stdout (shielded from closing). */
    public ErmDecapCommand() {
        this(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), Terminal.stderr(),
                Terminal.stdout());
        this.processStdio = true;
    }

    /**
     * The command on other streams, for tests and embedding; neither is ever closed.
     *
     * @param stderrTerminal whether to draw the progress line
     */
    public ErmDecapCommand(InputStream stdin, OutputStream stdout, boolean stderrTerminal) {
        this(stdin, stdout, stderrTerminal, false);
    }

    /**
     * As {@link #ErmDecapCommand(InputStream, OutputStream, boolean)}; {@code stdoutTerminal} true refuses
     * to write a capture to {@code -} (binary on a terminal), as tcpdump does.
     */
    public ErmDecapCommand(InputStream stdin, OutputStream stdout, boolean stderrTerminal, boolean stdoutTerminal) {
        this.stdin = CloseShieldInputStream.wrap(stdin);
        this.stdout = CloseShieldOutputStream.wrap(stdout);
        this.stderrTerminal = stderrTerminal;
        this.stdoutTerminal = stdoutTerminal;
    }

    /** A {@link CommandLine} for the command with its error handling: one-line messages, exit codes 0..3. */
    public static CommandLine commandLine(ErmDecapCommand command) {
        return commandLine(command, null);
    }

    /** As {@link #commandLine(ErmDecapCommand)}; {@code listenStop} stops {@code listen} (tests), null: signals. */
    static CommandLine commandLine(ErmDecapCommand command, java.util.function.BooleanSupplier listenStop) {
        CommandLine cl = new CommandLine(command);
        cl.addSubcommand("listen", new ListenCommand(command, listenStop));
        cl.setParameterExceptionHandler(Errors::usage);
        cl.setExecutionExceptionHandler(Errors::internal);
        cl.setExitCodeExceptionMapper(Errors::exitCode);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new ErmDecapCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (completion) {
            spec.commandLine().getOut().print(AutoComplete.bash("erm-decap", spec.commandLine()));
            spec.commandLine().getOut().flush();
            return ExitCode.SUCCESS.code();
        }
        Conversion conversion = conversion();
        RecordSelection selection = selection();
        if (outputDir != null) {
            if (!selection.all() || merge || report) {
                throw usage((merge ? "--merge" : report ? "--report" : "-c, -A and -B")
                        + " are not for batch mode (expected: IN OUT without -o)");
            }
            return new BatchRun(this, conversion).run().code();
        }
        int wanted = report ? 1 : 2;
        if (merge ? files.size() < wanted : files.size() != wanted) {
            throw usage("expected " + (report ? "IN" : merge ? "IN... OUT" : "IN and OUT (or -o DIR with inputs)")
                    + ", got " + files.size() + " file name" + (files.size() == 1 ? "" : "s"));
        }
        List<String> inputs = files.subList(0, report ? files.size() : files.size() - 1);
        if (inputs.stream().filter(f -> !isPath(f)).count() > 1) {
            throw usage("-: stdin can be read once (expected: at most one - among the inputs)");
        }
        String out = report ? null : files.get(files.size() - 1);
        if (out != null && !isPath(out) && stdoutTerminal) {
            throw usage("-: stdout is a terminal: refusing to write a binary capture to it (expected: a file name,"
                    + " or a pipe such as erm-decap IN - | tshark -r -)");
        }
        String missing = out != null && isPath(out) ? Hints.missingDirectory(Path.of(out)) : null;
        if (missing != null) {   // an output failure, as creating the file would be; said before reading
            Errors.println(spec.commandLine().getErr(), missing);
            spec.commandLine().getErr().flush();
            return ExitCode.OUTPUT_FAILED.code();
        }
        return new SingleRun(this, conversion, selection, inputs, out).run().code();
    }

    private Conversion conversion() {
        DecapOptions o = DecapOptions.DEFAULT;
        try {
            if (ports != null) {
                o = ports.ports.length > 0 ? o.withPorts(ports.ports).withAutoDetect(ports.auto) : o.withNoPorts();
            }
            o = o.withVlanMode(vlan).withMaxDepth(depth)
                    .withNonErmPolicy(dropOther ? NonErmPolicy.DROP : NonErmPolicy.PASS);
        } catch (IllegalArgumentException e) {
            throw usage("--depth: " + depth + " (expected: 1..16)");
        }
        ReadLimits limits;
        try {
            limits = ReadLimits.DEFAULT.withMaxCapturedLength(maxRecord);
        } catch (IllegalArgumentException e) {
            throw usage("--max-record: " + maxRecord + " (expected: 1.." + ReadLimits.MAX_BUFFERED + ")");
        }
        if (jobs != null && jobs < 1) {
            throw usage("-j: " + jobs + " (expected: 1 or more)");
        }
        if (outputDir == null && (jobs != null || force)) {
            throw usage((jobs != null ? "-j" : "--force") + " is for batch mode (expected: -o DIR)");
        }
        return new Conversion(o).withReadLimits(limits).withFormat(format).withRouting(routing());
    }

    /** {@code -c}, {@code -A} and {@code -B}, checked. */
    private RecordSelection selection() {
        RecordSelection s = RecordSelection.ALL;
        if (count != null) {
            if (count < 1) {
                throw usage("-c: " + count + " (expected: 1 or more)");
            }
            s = s.withLimit(count);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw usage("-A " + from + " is not before -B " + to + " (expected: START before STOP)");
        }
        return s.withWindow(from, to);
    }

    /** {@code --shards} or {@code --split}, checked; null for one output. */
    private OutputRouting routing() {
        if (shards != null && split != null) {
            throw usage("--shards and --split do not combine (expected: one of them)");
        }
        if (shardVlan && shards == null) {
            throw usage("--shard-vlan is for --shards (expected: --shards N)");
        }
        if (shards == null && split == null) {
            return null;
        }
        if (report) {
            throw usage("--report writes no capture (expected: --report without --shards or --split)");
        }
        if (outputDir == null && files.size() >= 2 && !isPath(files.get(files.size() - 1))) {
            throw usage("-: stdout cannot hold several outputs (expected: a file name with "
                    + (split != null ? "--split" : "--shards") + ")");
        }
        if (split != null) {
            return OutputRouting.split(split);
        }
        if (shards < 1 || shards > ShardRouter.MAX_SHARDS) {
            throw usage("--shards: " + shards + " (expected: 1.." + ShardRouter.MAX_SHARDS + ")");
        }
        return OutputRouting.shards(shards, shardVlan);
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    InputStream stdin() {
        return stdin;
    }

    OutputStream stdout() {
        return stdout;
    }

    /** True when stdin and stdout are the process's own (not streams given by a test or an embedding). */
    boolean processStdio() {
        return processStdio;
    }

    boolean progress() {
        return stderrTerminal && !quiet;
    }

    static boolean isPath(String name) {
        return !"-".equals(name);
    }

    static long sizeOrUnknown(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
