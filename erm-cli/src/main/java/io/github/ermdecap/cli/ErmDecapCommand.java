package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.ReadLimits;
import io.github.ermdecap.convert.Conversion;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.convert.OutputRouting;
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
            "       erm-decap [OPTIONS] --shards N IN OUT      (OUT-0 .. OUT-<N-1>)",
            "       erm-decap [OPTIONS] --split switch|vlan IN OUT", ""},
        description = {"Turns HP/Aruba ERM (Encapsulated Remote Mirroring) captures back into the mirrored "
                + "traffic. IN and OUT are pcap or pcapng files, maybe gzip-compressed; either may be - "
                + "for stdin/stdout. Every record comes out: decapsulated, or passed through unchanged.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:input damaged or not a capture (the good prefix is converted, kept and finished)",
            "2:usage error (bad option, missing or unreadable input, refusing to overwrite the input, "
                + "a split needing more than 4096 outputs)",
            "3:output failure (write error, disk full); no partial file is left under OUT's name"},
        footerHeading = "%nExamples:%n",
        footer = {"  erm-decap in.pcap out.pcap",
            "  erm-decap -p 7932,7933 --vlan tagged in.pcapng out.pcapng",
            "  tcpdump -i eth0 -w - udp port 7932 | erm-decap - - | zeek -r -",
            "  erm-decap -j 8 -o decapsulated/ captures/",
            "  erm-decap --shards 4 big.pcap part.pcap   # part-0.pcap .. part-3.pcap",
            "  source <(erm-decap --completion)   # bash completion"})
public final class ErmDecapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "IN OUT; or, with -o, inputs: files and directories (searched recursively).")
    List<String> files = new ArrayList<>();

    @Option(names = "-F", paramLabel = "pcap|pcapng", converter = Converters.Format.class,
            completionCandidates = Converters.FormatNames.class,
            description = "Output format. Default: from OUT's extension (.pcap, .pcapng, maybe + .gz), "
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

    @Option(names = "--drop-other", description = "Keep only decapsulated frames; drop everything else.")
    boolean dropOther;

    @Option(names = "--max-record", paramLabel = "BYTES", defaultValue = "262144",
            description = "Largest record accepted; larger ones count as damage. Default: ${DEFAULT-VALUE}.")
    int maxRecord;

    @Option(names = "--shards", paramLabel = "N",
            description = "Write N outputs (1..1024), OUT-0 .. OUT-<N-1> (out.pcap: out-0.pcap ...), each holding "
                    + "whole conversations: both directions and their fragments, by a documented flow hash.")
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

    @Option(names = "--stats", paramLabel = "FILE",
            description = "Also write the summary as JSON to FILE (- for stdout when OUT is a file).")
    String statsFile;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Batch mode: convert every IN into DIR, mirroring the input tree.")
    Path outputDir;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Batch mode: files converted at once. Default: the number of cores.")
    Integer jobs;

    @Option(names = {"-f", "--force"},
            description = "Batch mode: convert even when the output is newer than its input.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No summary and no progress; errors are still printed.")
    boolean quiet;

    @Option(names = "--completion", description = "Print a bash/zsh completion script and exit.")
    boolean completion;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final boolean stderrTerminal;

    /** The command on the process's own stdin and stdout (shielded from closing). */
    public ErmDecapCommand() {
        this(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), Terminal.stderr());
    }

    /**
     * The command on other streams, for tests and embedding; neither is ever closed.
     *
     * @param stderrTerminal whether to draw the progress line
     */
    public ErmDecapCommand(InputStream stdin, OutputStream stdout, boolean stderrTerminal) {
        this.stdin = CloseShieldInputStream.wrap(stdin);
        this.stdout = CloseShieldOutputStream.wrap(stdout);
        this.stderrTerminal = stderrTerminal;
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
        if (outputDir != null) {
            return new BatchRun(this, conversion).run().code();
        }
        if (files.size() != 2) {
            throw usage("expected IN and OUT (or -o DIR with inputs), got " + files.size() + " file name"
                    + (files.size() == 1 ? "" : "s"));
        }
        return new SingleRun(this, conversion).run().code();
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
        if (outputDir == null && files.size() == 2 && !isPath(files.get(1))) {
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
