// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.erm.DecapOptions;
import io.github.ermdecap.erm.DecapResult;
import io.github.ermdecap.erm.DecapStats;
import io.github.ermdecap.erm.ErmDecapsulator;
import io.github.ermdecap.route.ShardRouter;
import io.github.ermdecap.route.SplitMode;
import io.github.ermdecap.route.SplitRouter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The live conversion loop: datagrams from a {@link DatagramSource}, through the {@code --allow} list, into the
 * same {@link ErmDecapsulator} as offline ({@link ErmDecapsulator#decapsulatePayload}), then to the sinks of the
 * frame's route: every sink added with {@link #addSinkForAll}, plus, when sharding, the sinks of the frame's
 * shard ({@link ShardRouter}, the offline flow hash) or, when splitting, those of its session or VLAN
 * ({@link SplitRouter}, made on first sight by a factory). A datagram that is not ERM is counted per sender and
 * never written. Runs on the caller's thread, never blocks on an output.
 *
 * <pre>{@code
 * LiveCollector c = new LiveCollector(source, DecapOptions.DEFAULT, AllowList.ANY);
 * c.addSinkForAll(FrameSink.queued("-", new PcapStreamOutput(stdout, 1 << 16), LiveCollector.DEFAULT_QUEUE_BYTES));
 * c.run(0, stop::get, () -> System.err.println(c.received()));
 * c.close();
 * }</pre>
 */
public final class LiveCollector {
    public static final int DEFAULT_QUEUE_BYTES = 16 << 20;
    private static final int POLL_MILLIS = 50;

    private final DatagramSource source;
    private final ErmDecapsulator engine;
    private final AllowList allow;
    private final DatagramBatch batch;
    private final List<FrameSink> all = new ArrayList<>();
    private final List<List<FrameSink>> routed = new ArrayList<>();
    private final SenderCounts senders = new SenderCounts();
    private ShardRouter shards;
    private SplitRouter split;
    private Function<String, List<FrameSink>> splitFactory;
    private final byte[] lastSwitch = new byte[16];
    private final byte[] scratch = new byte[16];
    private int lastSwitchLength = -1;
    private int lastSwitchPort = -1;
    private int lastSwitchOut = -1;
    private long received;
    private long receivedBytes;
    private long refused;
    private long notErm;
    private long written;
    private final long startNanos = System.nanoTime();
    private volatile long periodicNanos = 1_000_000_000L;

    public LiveCollector(DatagramSource source, DecapOptions options, AllowList allow) {
        this(source, options, allow, 64);
    }

    /** With a batch of {@code batchSize} datagrams per receive call (1..1024). */
    public LiveCollector(DatagramSource source, DecapOptions options, AllowList allow, int batchSize) {
        this.source = Objects.requireNonNull(source, "source");
        this.engine = new ErmDecapsulator(options);
        this.allow = Objects.requireNonNull(allow, "allow");
        this.batch = new DatagramBatch(batchSize);
    }

    /** Every frame goes to {@code sink} as well. */
    public LiveCollector addSinkForAll(FrameSink sink) {
        all.add(sink);
        return this;
    }

    /** Shards frames by conversation over {@code sinks.get(i)} for shard i (the offline flow hash). */
    public LiveCollector shards(List<List<FrameSink>> sinks, boolean vlanInHash) {
        shards = new ShardRouter(sinks.size(), vlanInHash);
        routed.clear();
        routed.addAll(sinks);
        return this;
    }

    /**
     * Splits frames by ERM session or VLAN: {@code factory} makes the sinks of a new label
     * ({@code 127.0.0.1-7932}, {@code vlan-10}) on its first frame, at most {@code maxOutputs} labels (then frames
     * of new labels are counted as not routed).
     */
    public LiveCollector split(SplitMode mode, int maxOutputs, Function<String, List<FrameSink>> factory) {
        split = new SplitRouter(mode, maxOutputs);
        splitFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** How often {@code periodic} runs in {@link #run}. */
    public LiveCollector periodic(long millis) {
        periodicNanos = Math.max(10, millis) * 1_000_000L;
        return this;
    }

    /**
     * Receives until {@code stop} says so or {@code maxDatagrams} (0: no limit) have been read; {@code periodic}
     * (may be null) runs on this thread about once per {@link #periodic(long)} interval, and once at the end.
     */
    public void run(long maxDatagrams, BooleanSupplier stop, Runnable periodic) throws IOException {
        long nextPeriodic = System.nanoTime() + periodicNanos;
        while (!stop.getAsBoolean() && (maxDatagrams == 0 || received < maxDatagrams)) {
            if (maxDatagrams != 0) {
                batch.limit((int) Math.min(batch.capacity(), maxDatagrams - received));
            }
            int n = source.receive(batch, POLL_MILLIS);
            for (int i = 0; i < n && (maxDatagrams == 0 || received < maxDatagrams); i++) {
                handle(i);
            }
            if (periodic != null && System.nanoTime() - nextPeriodic >= 0) {
                periodic.run();
                nextPeriodic = System.nanoTime() + periodicNanos;
            }
        }
        if (periodic != null) {
            periodic.run();
        }
    }

    private void handle(int i) {
        received++;
        int len = batch.length[i];
        receivedBytes += len;
        byte[] sender = batch.sender[i];
        int senderLength = batch.senderLength[i];
        if (!allow.allows(sender, senderLength)) {
            refused++;
            senders.count(sender, senderLength, true);
            return;
        }
        DecapResult d = engine.decapsulatePayload(sender, senderLength, batch.localPort[i], batch.data[i], 0, len);
        if (!d.decapsulated()) {
            notErm++;
            senders.count(sender, senderLength, false);
            return;
        }
        long sec = batch.seconds[i];
        int ns = batch.nanos[i];
        for (int k = 0; k < all.size(); k++) {
            all.get(k).offer(sec, ns, d.array(), d.offset(), d.length(), d.originalLength());
        }
        List<FrameSink> route = route(d);
        if (route != null) {
            for (int k = 0; k < route.size(); k++) {
                route.get(k).offer(sec, ns, d.array(), d.offset(), d.length(), d.originalLength());
            }
        }
        written++;
    }

    private List<FrameSink> route(DecapResult d) {
        if (shards != null) {
            return routed.get(shards.route(LinkType.ETHERNET, d.array(), d.offset(), d.length(), d.vlanId()));
        }
        if (split == null) {
            return null;
        }
        int out;
        try {
            out = split.mode() == SplitMode.SWITCH ? switchOutput(d) : split.route(true, null, 0, d.vlanId(), d.length());
        } catch (RuntimeException full) {
            return null; // the split's output limit: counted by the engine, written to no split file
        }
        while (routed.size() <= out) {
            routed.add(splitFactory.apply(split.label(routed.size())));
        }
        return routed.get(out);
    }

    /** The split output of a session; the last one is remembered, so a run of one switch allocates nothing. */
    private int switchOutput(DecapResult d) {
        byte[] a = scratch;
        int len = d.switchAddress(a);
        if (len == lastSwitchLength && d.port() == lastSwitchPort
                && Arrays.equals(a, 0, len, lastSwitch, 0, len)) {
            split.route(true, null, d.port(), 0, d.length());
            return lastSwitchOut;
        }
        int out = split.route(true, d.switchAddress(), d.port(), d.vlanId(), d.length());
        System.arraycopy(a, 0, lastSwitch, 0, len);
        lastSwitchLength = len;
        lastSwitchPort = d.port();
        lastSwitchOut = out;
        return out;
    }

    /** Finishes every sink (files complete and under their final names). */
    public void close() {
        for (FrameSink s : sinks()) {
            s.close();
        }
    }

    /** Every sink: those for all frames, then the routed ones. */
    public List<FrameSink> sinks() {
        List<FrameSink> l = new ArrayList<>(all);
        for (List<FrameSink> r : routed) {
            l.addAll(r);
        }
        return l;
    }

    public long received() {
        return received;
    }

    public long receivedBytes() {
        return receivedBytes;
    }

    /** Datagrams from senders outside the allow list. */
    public long refused() {
        return refused;
    }

    /** Datagrams from allowed senders that were not ERM. */
    public long notErm() {
        return notErm;
    }

    /** Frames decapsulated and handed to the sinks. */
    public long decapsulated() {
        return written;
    }

    /** The engine's counters: outcomes, depths, sessions, VLANs. Read on the receiver thread only. */
    public DecapStats stats() {
        return engine.stats();
    }

    public SenderCounts senders() {
        return senders;
    }

    public DatagramSource source() {
        return source;
    }

    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
