// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.convert.ExitCode;
import io.github.ermdecap.live.ChannelSource;
import io.github.ermdecap.live.DatagramSource;
import io.github.ermdecap.live.FileSeries;
import io.github.ermdecap.live.FrameSink;
import io.github.ermdecap.live.KernelDrops;
import io.github.ermdecap.live.LiveCollector;
import io.github.ermdecap.live.LiveStats;
import io.github.ermdecap.live.MmsgSource;
import io.github.ermdecap.live.PcapOverIpServer;
import io.github.ermdecap.live.PcapStreamOutput;
import io.github.ermdecap.live.Rotation;
import io.github.ermdecap.live.TapDevice;
import io.github.ermdecap.route.OutputNames;
import io.github.ermdecap.route.SplitRouter;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** One run of {@code erm-decap listen}: sockets, sinks, the collector loop, signals, statistics, summary. */
final class ListenRun {
    private static final int FILE_BUFFER = 256 * 1024;
    private static final int STREAM_BUFFER = 64 * 1024;
    private static final int CLIENT_QUEUE = 4 << 20;

    private final ListenCommand cmd;
    private final ErmDecapCommand parent;
    private final BooleanSupplier externalStop;
    private final PrintWriter err;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Process> hooks = new ArrayList<>();
    private TapDevice tap;

    ListenRun(ListenCommand cmd, ErmDecapCommand parent, BooleanSupplier externalStop) {
        this.cmd = cmd;
        this.parent = parent;
        this.externalStop = externalStop;
        this.err = cmd.spec.commandLine().getErr();
    }

    ExitCode run() throws IOException {
        int shards = cmd.checkRouting();
        Rotation rotation = cmd.rotation();
        CaptureFormat format = cmd.out == null || "-".equals(cmd.out) ? CaptureFormat.PCAP : cmd.fileFormat();
        Path target = cmd.out == null || "-".equals(cmd.out) ? null : Path.of(cmd.out);
        if (target != null && (target.getFileName() == null || Files.isDirectory(target))) {
            throw cmd.usage("-w: " + cmd.out + " (expected: a file name, not a directory)");
        }
        if (target != null && !Files.isDirectory(target.toAbsolutePath().getParent())) {
            throw cmd.usage("-w: " + cmd.out + ": no such directory " + target.toAbsolutePath().getParent());
        }
        InetSocketAddress serve = cmd.serve == null ? null : cmd.serveAddress(Math.max(1, shards));
        var options = cmd.options();
        var allow = cmd.allowList();
        DatagramSource source;
        try {
            source = openSource();
        } catch (IOException e) {
            err.println(Errors.PREFIX + "cannot listen on UDP " + (cmd.bind == null ? "*" : cmd.bind) + " port "
                    + joined(cmd.distinctPorts()) + ": " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        try (source) {
            warnBuffer(source);
            LiveCollector collector = new LiveCollector(source, options, allow);
            try {
                addSinks(collector, shards, target, format, rotation, serve);
            } catch (IOException e) {
                collector.close();
                err.println(Errors.PREFIX + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            }
            return collect(collector, source);
        }
    }

    /**
     * recvmmsg with kernel timestamps where the platform has it, else the JDK's channels; the system property
     * {@code erm.decap.recvmmsg=false} forces the latter.
     */
    private DatagramSource openSource() throws IOException {
        if (!"false".equals(System.getProperty("erm.decap.recvmmsg"))) {
            DatagramSource s = MmsgSource.open(cmd.bindAddress(), cmd.distinctPorts(), cmd.rcvbuf);
            if (s != null) {
                return s;
            }
        }
        return ChannelSource.open(cmd.bindAddress(), cmd.distinctPorts(), cmd.rcvbuf);
    }

    private ExitCode collect(LiveCollector collector, DatagramSource source) {
        if (externalStop == null) {
            Signals.install(stop);
        }
        LiveStats stats = new LiveStats(collector, new KernelDrops(source.ports()));
        StatusLine status = new StatusLine(collector, parent.progress() && !cmd.quiet);
        long[] nextStats = {System.nanoTime() + cmd.statsInterval * 1_000_000_000L};
        ExitCode code = ExitCode.SUCCESS;
        try {
            collector.run(cmd.count, () -> stop.get() || (externalStop != null && externalStop.getAsBoolean()),
                    () -> {
                        status.draw();
                        if (cmd.statsFile != null && System.nanoTime() - nextStats[0] >= 0) {
                            writeStats(stats);
                            nextStats[0] = System.nanoTime() + cmd.statsInterval * 1_000_000_000L;
                        }
                    });
        } catch (IOException e) {
            err.println(Errors.PREFIX + "receiving: " + e.getMessage());
            code = ExitCode.OUTPUT_FAILED;
        }
        collector.close();
        status.clear();
        for (FrameSink s : collector.sinks()) {
            if (s.failure() != null) {
                err.println(Errors.PREFIX + s.name() + ": " + s.failure().getMessage());
                code = ExitCode.OUTPUT_FAILED;
            }
        }
        if (cmd.statsFile != null && !writeStats(stats)) {
            code = ExitCode.OUTPUT_FAILED;
        }
        if (!cmd.quiet) {
            summary(collector, stats.kernelDrops());
        }
        err.flush();
        waitForHooks();
        return code;
    }

    private void addSinks(LiveCollector collector, int shards, Path target, CaptureFormat format, Rotation rotation,
                          InetSocketAddress serve) throws IOException {
        if (cmd.tap != null) {
            try {
                tap = TapDevice.open(cmd.tap);
            } catch (IllegalArgumentException e) {
                throw cmd.usage(e.getMessage());
            }
            collector.addSinkForAll(FrameSink.queued("tap:" + cmd.tap, tap, LiveCollector.DEFAULT_QUEUE_BYTES));
        }
        if ("-".equals(cmd.out)) {
            collector.addSinkForAll(FrameSink.queued("-", new PcapStreamOutput(parent.stdout(), STREAM_BUFFER),
                    LiveCollector.DEFAULT_QUEUE_BYTES));
        }
        if (shards > 0) {
            List<List<FrameSink>> routed = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                List<FrameSink> sinks = new ArrayList<>();
                if (target != null) {
                    sinks.add(series(OutputNames.shard(target, i), format, rotation));
                }
                if (serve != null) {
                    sinks.add(server(new InetSocketAddress(serve.getAddress(), serve.getPort() + i)));
                }
                routed.add(sinks);
            }
            collector.shards(routed, cmd.shardVlan);
            return;
        }
        if (serve != null) {
            collector.addSinkForAll(server(serve));
        }
        if (target != null && cmd.split != null) {
            collector.split(cmd.split, SplitRouter.DEFAULT_MAX_OUTPUTS,
                    label -> List.of(series(OutputNames.split(target, label), format, rotation)));
        } else if (target != null) {
            collector.addSinkForAll(series(target, format, rotation));
        }
    }

    private FrameSink series(Path file, CaptureFormat format, Rotation rotation) {
        FileSeries s = new FileSeries(file, format, rotation, ZoneId.systemDefault(),
                cmd.postRotate == null ? null : this::postRotate, FILE_BUFFER);
        return FrameSink.queued(file.toString(), s, LiveCollector.DEFAULT_QUEUE_BYTES);
    }

    private FrameSink server(InetSocketAddress address) throws IOException {
        try {
            return PcapOverIpServer.open(address, CLIENT_QUEUE);
        } catch (IOException e) {
            throw new IOException("--serve: cannot listen on TCP " + address + ": " + e.getMessage(), e);
        }
    }

    /** {@code -z}: {@code sh -c 'COMMAND "$1"' sh FILE}, not waited for (its output goes to stderr). */
    private void postRotate(Path file) {
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd.postRotate + " \"$1\"", "sh", file.toString());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
            synchronized (hooks) {
                hooks.removeIf(p -> !p.isAlive());
                hooks.add(pb.start());
            }
        } catch (IOException e) {
            err.println(Errors.PREFIX + "-z " + cmd.postRotate + ": " + e.getMessage());
            err.flush();
        }
    }

    /** Gives the last -z commands a few seconds to finish, so that a service stop leaves them done. */
    private void waitForHooks() {
        List<Process> running;
        synchronized (hooks) {
            running = new ArrayList<>(hooks);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        for (Process p : running) {
            try {
                p.waitFor(Math.max(1, deadline - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean writeStats(LiveStats stats) {
        try {
            LiveStats.writeAtomically(Path.of(cmd.statsFile), stats.toJson());
            return true;
        } catch (IOException e) {
            err.println(Errors.PREFIX + cmd.statsFile + ": cannot write statistics: " + e.getMessage());
            err.flush();
            return false;
        }
    }

    private void warnBuffer(DatagramSource source) {
        // Linux reports twice the size set (the kernel's bookkeeping share), capped at 2 * net.core.rmem_max
        if (source.receiveBuffer() < cmd.rcvbuf) {
            String max = readSysctl("/proc/sys/net/core/rmem_max");
            err.printf(Locale.ROOT, "%sreceive buffer: the kernel granted %,d of the %,d bytes asked for "
                    + "(net.core.rmem_max = %s): raise it with: sysctl -w net.core.rmem_max=%d%n",
                    Errors.PREFIX, source.receiveBuffer(), cmd.rcvbuf, max, cmd.rcvbuf);
            err.flush();
        }
    }

    private static String readSysctl(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() ? "unknown" : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void summary(LiveCollector c, long kernelDrops) {
        err.printf(Locale.ROOT, "listened on UDP port %s, timestamps: %s%n", joined(c.source().ports()),
                c.source().timestamps());
        err.printf(Locale.ROOT, "  received         %,15d datagrams, %s%n", c.received(),
                Summary.bytes(c.receivedBytes()));
        err.printf(Locale.ROOT, "  kernel drops     %15s%n", kernelDrops < 0 ? "unknown" : String.format(Locale.ROOT,
                "%,d", kernelDrops));
        err.printf(Locale.ROOT, "  decapsulated     %,15d%n", c.decapsulated());
        err.printf(Locale.ROOT, "  not ERM          %,15d%n", c.notErm());
        err.printf(Locale.ROOT, "  refused (--allow)%,15d%n", c.refused());
        Summary.details(err, c.stats());
        c.senders().snapshot().forEach((sender, n) -> err.printf(Locale.ROOT,
                "    sender %s: %,d refused, %,d not ERM%n", sender, n[0], n[1]));
        err.println("  outputs:");
        for (FrameSink s : c.sinks()) {
            err.printf(Locale.ROOT, "    %s: %,d frames, %s, %,d dropped%n", s.name(), s.frames(),
                    Summary.bytes(s.bytes()), s.drops());
        }
        if (tap != null) {
            err.printf(Locale.ROOT, "    tap %s (%s): %,d frames refused by the kernel%n", tap.name(),
                    tap.created() ? "created, now removed" : "existed, left in place", tap.rejected());
        }
        double seconds = Math.max(c.elapsedNanos() / 1e9, 1e-9);
        err.printf(Locale.ROOT, "  elapsed %.3f s, %,.0f datagrams/s%n", seconds, c.received() / seconds);
    }

    static String joined(int[] ports) {
        StringBuilder s = new StringBuilder();
        for (int p : ports) {
            s.append(s.length() == 0 ? "" : ",").append(p);
        }
        return s.toString();
    }

    /** A status line on a terminal, redrawn about once a second. */
    private static final class StatusLine {
        private final LiveCollector c;
        private final boolean on;
        private boolean drawn;

        StatusLine(LiveCollector c, boolean on) {
            this.c = c;
            this.on = on;
        }

        void draw() {
            if (!on) {
                return;
            }
            long drops = 0;
            for (FrameSink s : c.sinks()) {
                drops += s.drops();
            }
            System.err.printf(Locale.ROOT, "\r%,d received, %,d decapsulated, %,d not ERM, %,d output drops  ",
                    c.received(), c.decapsulated(), c.notErm(), drops);
            System.err.flush();
            drawn = true;
        }

        void clear() {
            if (drawn) {
                System.err.print("\r\033[K");
                System.err.flush();
            }
        }
    }
}
