// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.VlanMode;
import io.github.ermdecap.live.AllowList;
import io.github.ermdecap.live.Rotation;
import io.github.ermdecap.route.ShardRouter;
import io.github.ermdecap.route.SplitMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * {@code erm-decap listen}: receives ERM from the switches and writes the mirrored frames to rotating capture
 * files, stdout or PCAP-over-IP clients. Options and their checks; {@link ListenRun} does the work over
 * {@link io.github.ermdecap.live.LiveCollector}.
 */
@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class, synopsisHeading = "Usage: ",
        customSynopsis = {"erm-decap listen [--bind ADDR] [-p PORTS] [--allow PREFIXES] [--rcvbuf BYTES] [-c COUNT]",
            "                 [-w OUT [-F pcap|pcapng] [-G SECONDS] [-C MEGABYTES] [-W FILES] [-z COMMAND]]",
            "                 [--tap NAME] [--serve [HOST:]PORT] [--shards N [--shard-vlan] | --split switch|vlan]",
            "                 [--vlan never|tagged|always] [--depth N] [--stats FILE [--stats-interval SECONDS]] [-q]",
            ""},
        description = {"Receives ERM datagrams from the switches on UDP and writes the mirrored frames, as "
                + "offline conversion does: to capture files (-w), a pcap stream on stdout (-w -), or "
                + "PCAP-over-IP clients (--serve). SIGINT and SIGTERM finish every file and exit 0.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGINT/SIGTERM or after -c COUNT datagrams",
            "2:usage error, or a port or address that cannot be listened on",
            "3:an output failed (write error, disk full)"},
        footerHeading = "%nExamples:%n",
        footer = {"  erm-decap listen -p 7932 -w /var/spool/erm/%Y%m%d-%H%M%S.pcap -G 300 -W 288",
            "  erm-decap listen -w - | zeek -r - local",
            "  erm-decap listen --serve 127.0.0.1:57012 --shards 4    # shard i on port 57012+i"})
public final class ListenCommand implements Callable<Integer> {
    /** The receive buffer asked for by default: 32 MiB. */
    static final int DEFAULT_RCVBUF = 32 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on. Default: every IPv4 and IPv6 address.")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "PORTS", split = ",", defaultValue = "7932",
            description = "UDP ports to listen on, comma-separated. Default: ${DEFAULT-VALUE}.")
    int[] ports;

    @Option(names = "--allow", paramLabel = "PREFIXES",
            description = "Accept datagrams only from these addresses or prefixes (10.0.0.0/8,2001:db8::/32); "
                    + "others are counted and dropped.")
    String allow;

    @Option(names = "--rcvbuf", paramLabel = "BYTES", defaultValue = "33554432",
            description = "Kernel receive buffer per socket. Default: ${DEFAULT-VALUE} (32 MiB); a warning says "
                    + "which sysctl to raise when the kernel grants less.")
    int rcvbuf;

    @Option(names = "-c", paramLabel = "COUNT", description = "Exit after COUNT datagrams.")
    long count;

    @Option(names = "-w", paramLabel = "OUT",
            description = "Capture file (pcap with nanosecond timestamps, or pcapng by extension or -F); "
                    + "- for a pcap stream on stdout, flushed when idle and at least every 100 ms.")
    String out;

    @Option(names = "-F", paramLabel = "pcap|pcapng", converter = Converters.Format.class,
            completionCandidates = Converters.FormatNames.class,
            description = "Format of the -w files. Default: from OUT's extension (.pcapng), else pcap.")
    CaptureFormat format;

    @Option(names = "-G", paramLabel = "SECONDS",
            description = "Start a new file every SECONDS, on the clock; OUT is an strftime pattern "
                    + "(%Y %m %d %H %M %S %y %j %s %z).")
    long rotateSeconds;

    @Option(names = "-C", paramLabel = "MEGABYTES",
            description = "Start a new file before one would pass MEGABYTES (1000000 bytes); later files get a "
                    + "counter: out.pcap, out.1.pcap, out.2.pcap ...")
    long rotateMegabytes;

    @Option(names = "-W", paramLabel = "FILES", description = "With -G or -C: keep at most FILES files (a ring).")
    int maxFiles;

    @Option(names = "-z", paramLabel = "COMMAND",
            description = "Run COMMAND FILE (through sh) on every finished file, e.g. -z gzip.")
    String postRotate;

    @Option(names = "--tap", paramLabel = "NAME",
            description = "Write every frame into the Linux TAP interface NAME (created if absent, up, no address, "
                    + "IPv6 and ARP off; removed at exit if created). Needs CAP_NET_ADMIN.")
    String tap;

    @Option(names = "--serve", paramLabel = "[HOST:]PORT",
            description = "PCAP-over-IP: every TCP client gets a pcap stream; with --shards N, shard i on PORT+i.")
    String serve;

    @Option(names = "--shards", paramLabel = "N",
            description = "N outputs (1..1024) by conversation: OUT-0 .. OUT-<N-1> file series, PORT+i servers.")
    Integer shards;

    @Option(names = "--shard-vlan", description = "With --shards: the VLAN id takes part in the flow hash.")
    boolean shardVlan;

    @Option(names = "--split", paramLabel = "switch|vlan", converter = Converters.Split.class,
            completionCandidates = Converters.SplitNames.class,
            description = "With -w: one file series per ERM session (OUT-10.1.0.1-7932) or VLAN (OUT-vlan-10).")
    SplitMode split;

    @Option(names = "--vlan", paramLabel = "never|tagged|always", converter = Converters.Vlan.class,
            completionCandidates = Converters.VlanNames.class, defaultValue = "never",
            description = "Restore the mirrored frame's 802.1Q tag. Default: ${DEFAULT-VALUE}.")
    VlanMode vlan;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "4",
            description = "Decapsulate ERM inside ERM up to N levels (1..16). Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--stats", paramLabel = "FILE",
            description = "JSON statistics, rewritten atomically every --stats-interval seconds and at the end.")
    String statsFile;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between --stats rewrites. Default: ${DEFAULT-VALUE}.")
    int statsInterval;

    @Option(names = {"-q", "--quiet"}, description = "No status line and no summary; errors are still printed.")
    boolean quiet;

    private final ErmDecapCommand parent;
    private final BooleanSupplier externalStop;

    /**
     * @param parent       gives stdout and whether stderr is a terminal
     * @param externalStop checked with SIGINT/SIGTERM: a test's way to stop the command (null: signals only)
     */
    public ListenCommand(ErmDecapCommand parent, BooleanSupplier externalStop) {
        this.parent = parent;
        this.externalStop = externalStop;
    }

    @Override
    public Integer call() throws Exception {
        return new ListenRun(this, parent, externalStop).run().code();
    }

    DecapOptions options() {
        try {
            return DecapOptions.DEFAULT.withPorts(ports).withVlanMode(vlan).withMaxDepth(depth);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage().startsWith("maxDepth") ? "--depth: " + depth + " (expected: 1..16)"
                    : "-p: " + e.getMessage() + " (expected: ports 1..65535)");
        }
    }

    int[] distinctPorts() {
        TreeSet<Integer> s = new TreeSet<>();
        for (int p : ports) {
            s.add(p);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    InetAddress bindAddress() {
        if (bind == null) {
            return null;
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException | SecurityException e) {
            throw usage("--bind: " + bind + " (expected: a local address)");
        }
    }

    AllowList allowList() {
        try {
            return allow == null ? AllowList.ANY : AllowList.parse(allow);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    Rotation rotation() {
        if (rotateMegabytes < 0 || rotateMegabytes > 1_000_000_000L) {
            throw usage("-C: " + rotateMegabytes + " (expected: 1..1000000000 megabytes)");
        }
        if ((rotateSeconds != 0 || rotateMegabytes != 0 || maxFiles != 0 || postRotate != null)
                && (out == null || "-".equals(out))) {
            throw usage("-G, -C, -W and -z are for capture files (expected: -w FILE)");
        }
        try {
            return Rotation.of(rotateSeconds, rotateMegabytes * 1_000_000L, maxFiles);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The -w format: -F, else .pcapng, else pcap; gzip is not written live. */
    CaptureFormat fileFormat() {
        String lower = out.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) {
            throw usage("-w: " + out + ": gzip is not written live (expected: .pcap or .pcapng; -z gzip "
                    + "compresses finished files)");
        }
        if (format != null) {
            return format;
        }
        return lower.endsWith(".pcapng") ? CaptureFormat.PCAPNG : CaptureFormat.PCAP;
    }

    /** {@code --serve [HOST:]PORT} and the shard count: the address of server 0 (PORT+i for shard i). */
    InetSocketAddress serveAddress(int servers) {
        String host = null;
        String port = serve;
        int colon = serve.lastIndexOf(':');
        if (colon >= 0) {
            host = serve.substring(0, colon);
            port = serve.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p + servers - 1 > 65535) {
            throw usage("--serve: " + serve + " (expected: [HOST:]PORT with PORT+" + (servers - 1)
                    + " at most 65535)");
        }
        try {
            return host == null || host.isEmpty() ? new InetSocketAddress(p)
                    : new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException | SecurityException e) {
            throw usage("--serve: " + host + " (expected: a local address)");
        }
    }

    /** Checks the options that do not combine; returns the shard count (0: not sharding). */
    int checkRouting() {
        if (out == null && serve == null && tap == null) {
            throw usage("nowhere to write (expected: -w OUT, -w -, --tap NAME or --serve PORT)");
        }
        if (shards != null && split != null) {
            throw usage("--shards and --split do not combine (expected: one of them)");
        }
        if (shardVlan && shards == null) {
            throw usage("--shard-vlan is for --shards (expected: --shards N)");
        }
        if ("-".equals(out) && (shards != null || split != null)) {
            throw usage("-w -: stdout cannot hold several outputs (expected: a file name with "
                    + (split != null ? "--split" : "--shards") + ")");
        }
        if ("-".equals(out) && format == CaptureFormat.PCAPNG) {
            throw usage("-w -: the stream on stdout is pcap (expected: -F pcap, or a file name for pcapng)");
        }
        if (split != null && out == null) {
            throw usage("--split is for capture files (expected: -w OUT)");
        }
        if (shards != null && (shards < 1 || shards > ShardRouter.MAX_SHARDS)) {
            throw usage("--shards: " + shards + " (expected: 1.." + ShardRouter.MAX_SHARDS + ")");
        }
        if ("-".equals(statsFile)) {
            throw usage("--stats: - (expected: a file name; the file is rewritten while listening)");
        }
        if (statsInterval < 1) {
            throw usage("--stats-interval: " + statsInterval + " (expected: 1 or more seconds)");
        }
        if (count < 0) {
            throw usage("-c: " + count + " (expected: 1 or more)");
        }
        if (rcvbuf < 4096) {
            throw usage("--rcvbuf: " + rcvbuf + " (expected: 4096 or more bytes)");
        }
        return shards == null ? 0 : shards;
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
