// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the output of a record when splitting by ERM session or by VLAN, creating outputs on first use:
 * indices count up from 0 in the order labels are first seen, so an index equal to the number of outputs
 * the caller has opened is a new one. Records that are not ERM go to the output labelled {@value #OTHER}.
 * Not thread-safe; no allocation per record once its output exists.
 *
 * <pre>{@code
 * SplitRouter split = new SplitRouter(SplitMode.SWITCH);
 * int out = split.route(result.decapsulated(), result.switchAddress(), result.port(), result.vlanId(), len);
 * if (out == writers.size()) writers.add(open(OutputNames.split(target, split.label(out))));
 * }</pre>
 *
 * Labels are safe file-name parts: an ERM session is its switch address, lower-cased, with every character
 * other than {@code a-z 0-9 .} replaced by {@code -}, then {@code -} and the port ({@code 10.1.0.1-7932},
 * {@code 2001-db8--1-7932}); a VLAN is {@code vlan-} and its id ({@code vlan-10}). Sessions whose labels
 * coincide share one output, as they would share one file name.
 */
public final class SplitRouter {
    public static final int DEFAULT_MAX_OUTPUTS = 4096;
    public static final int MAX_OUTPUTS = 65536;
    /** The label of the output for records that are not ERM. */
    public static final String OTHER = "other";
    /** Longest switch address accepted (an IPv6 text form is at most 45 characters). */
    public static final int MAX_ADDRESS_LENGTH = 64;

    private final SplitMode mode;
    private final int maxOutputs;
    private final Map<String, Ports> sessions = new HashMap<>();
    private final Map<String, Integer> byLabel = new HashMap<>();
    private final int[] byVlan = new int[4096];
    private final List<String> labels = new ArrayList<>();
    private int sessionKeys;
    private long[] records = new long[16];
    private long[] bytes = new long[16];

    public SplitRouter(SplitMode mode) {
        this(mode, DEFAULT_MAX_OUTPUTS);
    }

    public SplitRouter(SplitMode mode, int maxOutputs) {
        if (mode == null) {
            throw new IllegalArgumentException("mode: null (expected: SWITCH or VLAN)");
        }
        if (maxOutputs < 1 || maxOutputs > MAX_OUTPUTS) {
            throw new IllegalArgumentException("maxOutputs: " + maxOutputs + " (expected: 1.." + MAX_OUTPUTS + ")");
        }
        this.mode = mode;
        this.maxOutputs = maxOutputs;
        Arrays.fill(byVlan, -1);
    }

    /**
     * The output of one record, counted with {@code length} bytes. {@code switchAddress} and {@code port}
     * matter only for ERM records under {@link SplitMode#SWITCH}, {@code vlanId} only under
     * {@link SplitMode#VLAN}. Throws {@link OutputLimitException} when a new output would pass the limit.
     */
    public int route(boolean erm, String switchAddress, int port, int vlanId, int length) {
        int out;
        if (!erm) {
            out = output(OTHER);
        } else if (mode == SplitMode.SWITCH) {
            out = session(switchAddress, port);
        } else {
            out = vlan(vlanId);
        }
        records[out]++;
        bytes[out] += length;
        return out;
    }

    private int session(String address, int port) {
        Ports ports = sessions.get(address);
        int out = ports == null ? -1 : ports.output(port);
        if (out >= 0) {
            return out;
        }
        String label = sessionLabel(address, port);
        if (sessionKeys == maxOutputs) {
            throw new OutputLimitException(maxOutputs, label);
        }
        out = output(label);
        sessions.computeIfAbsent(address, a -> new Ports()).add(port, out);
        sessionKeys++;
        return out;
    }

    private int vlan(int vlanId) {
        if (byVlan[checkVlan(vlanId)] < 0) {
            byVlan[vlanId] = output(vlanLabel(vlanId));
        }
        return byVlan[vlanId];
    }

    /** The output with this label, created if new. */
    private int output(String label) {
        Integer known = byLabel.get(label);
        if (known != null) {
            return known;
        }
        if (labels.size() == maxOutputs) {
            throw new OutputLimitException(maxOutputs, label);
        }
        int out = labels.size();
        labels.add(label);
        byLabel.put(label, out);
        if (out == records.length) {
            records = Arrays.copyOf(records, out * 2);
            bytes = Arrays.copyOf(bytes, out * 2);
        }
        return out;
    }

    /** The label of an ERM session: {@code 10.1.0.1-7932}, {@code 2001-db8--1-7932}. */
    public static String sessionLabel(String switchAddress, int port) {
        if (switchAddress == null || switchAddress.isEmpty() || switchAddress.length() > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("switch address: " + switchAddress
                    + " (expected: 1.." + MAX_ADDRESS_LENGTH + " characters)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        StringBuilder label = new StringBuilder(switchAddress.length() + 6);
        for (char c : switchAddress.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.';
            label.append(safe ? c : '-');
        }
        return label.append('-').append(port).toString();
    }

    /** The label of a VLAN: {@code vlan-10}. */
    public static String vlanLabel(int vlanId) {
        return "vlan-" + checkVlan(vlanId);
    }

    private static int checkVlan(int vlanId) {
        if (vlanId < 0 || vlanId > 4095) {
            throw new IllegalArgumentException("VLAN id: " + vlanId + " (expected: 0..4095)");
        }
        return vlanId;
    }

    public SplitMode mode() {
        return mode;
    }

    public int maxOutputs() {
        return maxOutputs;
    }

    /** The number of outputs created so far. */
    public int outputs() {
        return labels.size();
    }

    /** The label of output {@code out}, to name its file with {@link OutputNames#split}. */
    public String label(int out) {
        return labels.get(check(out));
    }

    public long records(int out) {
        return records[check(out)];
    }

    public long bytes(int out) {
        return bytes[check(out)];
    }

    private int check(int out) {
        if (out < 0 || out >= labels.size()) {
            throw new IllegalArgumentException("output: " + out + " (expected: 0.." + (labels.size() - 1) + ")");
        }
        return out;
    }

    /** The ports seen for one switch address and their outputs; a switch has at most a few sessions. */
    private static final class Ports {
        private int[] ports = new int[4];
        private int[] outputs = new int[4];
        private int size;

        int output(int port) {
            for (int i = 0; i < size; i++) {
                if (ports[i] == port) {
                    return outputs[i];
                }
            }
            return -1;
        }

        void add(int port, int out) {
            if (size == ports.length) {
                ports = Arrays.copyOf(ports, size * 2);
                outputs = Arrays.copyOf(outputs, size * 2);
            }
            ports[size] = port;
            outputs[size++] = out;
        }
    }
}
