// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * The collector's state as one JSON object, for {@code --stats} and the summary. Field names are stable:
 * <pre>
 * {"received": n, "received_bytes": n, "kernel_drops": n (-1: unknown), "refused": n, "not_erm": n,
 *  "decapsulated": n, "timestamps": "...", "receive_buffer": bytes, "elapsed_seconds": s,
 *  "rates": {"datagrams_per_second": r, "bytes_per_second": r}       since the previous snapshot,
 *  "outputs": [{"name": "...", "frames": n, "bytes": n, "drops": n, "failure": "..." or null}],
 *  "senders": {"192.0.2.9": {"refused": n, "not_erm": n}, ...},
 *  "engine": {outcomes, sessions, vlans: as offline --stats, see DecapStats}}
 * </pre>
 */
public final class LiveStats {
    private final LiveCollector collector;
    private final KernelDrops kernelDrops;
    private long lastNanos;
    private long lastReceived;
    private long lastBytes;

    public LiveStats(LiveCollector collector, KernelDrops kernelDrops) {
        this.collector = collector;
        this.kernelDrops = kernelDrops;
        this.lastNanos = collector.elapsedNanos();
    }

    /** The kernel's drops for the collector's sockets now, -1 when unknown. */
    public long kernelDrops() {
        return kernelDrops == null ? -1 : kernelDrops.read();
    }

    /** A snapshot; call on the receiver thread (the engine's counters are not thread-safe). */
    public String toJson() {
        long now = collector.elapsedNanos();
        double dt = Math.max(1e-9, (now - lastNanos) / 1e9);
        double rate = (collector.received() - lastReceived) / dt;
        double byteRate = (collector.receivedBytes() - lastBytes) / dt;
        lastNanos = now;
        lastReceived = collector.received();
        lastBytes = collector.receivedBytes();
        StringBuilder s = new StringBuilder(1024);
        s.append("{\"received\": ").append(collector.received())
                .append(", \"received_bytes\": ").append(collector.receivedBytes())
                .append(", \"kernel_drops\": ").append(kernelDrops())
                .append(", \"refused\": ").append(collector.refused())
                .append(", \"not_erm\": ").append(collector.notErm())
                .append(", \"decapsulated\": ").append(collector.decapsulated())
                .append(", \"timestamps\": ").append(string(collector.source().timestamps()))
                .append(", \"receive_buffer\": ").append(collector.source().receiveBuffer())
                .append(", \"elapsed_seconds\": ").append(String.format(Locale.ROOT, "%.3f", now / 1e9))
                .append(", \"rates\": {\"datagrams_per_second\": ").append(String.format(Locale.ROOT, "%.1f", rate))
                .append(", \"bytes_per_second\": ").append(String.format(Locale.ROOT, "%.1f", byteRate))
                .append("}, \"outputs\": [");
        boolean first = true;
        for (FrameSink o : collector.sinks()) {
            s.append(first ? "" : ", ").append("{\"name\": ").append(string(o.name()))
                    .append(", \"frames\": ").append(o.frames()).append(", \"bytes\": ").append(o.bytes())
                    .append(", \"drops\": ").append(o.drops()).append(", \"failure\": ")
                    .append(o.failure() == null ? "null" : string(String.valueOf(o.failure().getMessage())))
                    .append('}');
            first = false;
        }
        s.append("], \"senders\": {");
        first = true;
        for (Map.Entry<String, long[]> e : collector.senders().snapshot().entrySet()) {
            s.append(first ? "" : ", ").append(string(e.getKey())).append(": {\"refused\": ")
                    .append(e.getValue()[0]).append(", \"not_erm\": ").append(e.getValue()[1]).append('}');
            first = false;
        }
        s.append("}, \"engine\": ").append(collector.stats().toJson()).append('}');
        return s.toString();
    }

    /** Writes {@code json} to {@code file} atomically: a temporary file beside it, then a rename. */
    public static void writeAtomically(Path file, String json) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.write(tmp, (json + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String string(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
