// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the engine recognises and rewrites ERM: the UDP port set, auto-detection, nesting depth, VLAN tag
 * restoration and the fate of non-ERM records. Immutable; every {@code with} method returns a new instance.
 *
 * <pre>{@code
 * DecapOptions o = DecapOptions.DEFAULT.withPorts(7932, 7933).withVlanMode(VlanMode.TAGGED).withMaxDepth(2);
 * }</pre>
 */
public final class DecapOptions {
    /** The ERM port seen in most captures and write-ups; switches accept any port. */
    public static final int DEFAULT_PORT = 7932;
    public static final int DEFAULT_MAX_DEPTH = 4;
    public static final int MAX_DEPTH_LIMIT = 16;

    /** Port {7932}, no auto-detection, depth 4, {@link VlanMode#NEVER}, {@link NonErmPolicy#PASS}. */
    public static final DecapOptions DEFAULT = new DecapOptions(new int[] {DEFAULT_PORT}, false, DEFAULT_MAX_DEPTH,
            VlanMode.NEVER, NonErmPolicy.PASS);

    private final int[] ports;
    private final boolean autoDetect;
    private final int maxDepth;
    private final VlanMode vlanMode;
    private final NonErmPolicy nonErmPolicy;

    private DecapOptions(int[] ports, boolean autoDetect, int maxDepth, VlanMode vlanMode, NonErmPolicy policy) {
        this.ports = ports;
        this.autoDetect = autoDetect;
        this.maxDepth = maxDepth;
        this.vlanMode = vlanMode;
        this.nonErmPolicy = policy;
    }

    /** The UDP ports that mark ERM (source or destination), sorted, without duplicates; a copy. */
    public int[] ports() {
        return ports.clone();
    }

    /** True when {@code port} is in {@link #ports()}. */
    public boolean hasPort(int port) {
        return Arrays.binarySearch(ports, port) >= 0;
    }

    /** Another port set: 1..65535 each, at least one. An empty set with auto-detection is {@link #withNoPorts()}. */
    public DecapOptions withPorts(int... newPorts) {
        Objects.requireNonNull(newPorts, "ports");
        if (newPorts.length == 0) {
            throw new IllegalArgumentException("ports: none (expected: at least one of 1..65535)");
        }
        for (int p : newPorts) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port: " + p + " (expected: 1..65535)");
            }
        }
        return new DecapOptions(Arrays.stream(newPorts).sorted().distinct().toArray(), autoDetect, maxDepth,
                vlanMode, nonErmPolicy);
    }

    /** No port set at all: only auto-detection (which this turns on) recognises ERM. */
    public DecapOptions withNoPorts() {
        return new DecapOptions(new int[0], true, maxDepth, vlanMode, nonErmPolicy);
    }

    /**
     * True when a UDP datagram on a port outside the set counts as ERM if its payload carries the signature:
     * at least 26 bytes, bytes 0..8 zero, the low 7 bits of byte 11 zero, then a plausible Ethernet header
     * (a source MAC neither multicast nor all zero, and an EtherType of 0x0600 or more, or an 802.3 length
     * of 1..1500 that fits the frame). Port-set matches need no signature.
     */
    public boolean autoDetect() {
        return autoDetect;
    }

    public DecapOptions withAutoDetect(boolean on) {
        return new DecapOptions(ports, on, maxDepth, vlanMode, nonErmPolicy);
    }

    /** How many nested ERM layers are removed: 1 = once (as RCDCap does); default 4. */
    public int maxDepth() {
        return maxDepth;
    }

    public DecapOptions withMaxDepth(int depth) {
        if (depth < 1 || depth > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("maxDepth: " + depth + " (expected: 1.." + MAX_DEPTH_LIMIT + ")");
        }
        return new DecapOptions(ports, autoDetect, depth, vlanMode, nonErmPolicy);
    }

    public VlanMode vlanMode() {
        return vlanMode;
    }

    public DecapOptions withVlanMode(VlanMode mode) {
        return new DecapOptions(ports, autoDetect, maxDepth, Objects.requireNonNull(mode, "vlanMode"), nonErmPolicy);
    }

    public NonErmPolicy nonErmPolicy() {
        return nonErmPolicy;
    }

    public DecapOptions withNonErmPolicy(NonErmPolicy policy) {
        return new DecapOptions(ports, autoDetect, maxDepth, vlanMode, Objects.requireNonNull(policy, "nonErmPolicy"));
    }

    @Override
    public String toString() {
        return "DecapOptions[ports=" + Arrays.toString(ports) + ", autoDetect=" + autoDetect + ", maxDepth="
                + maxDepth + ", vlanMode=" + vlanMode + ", nonErmPolicy=" + nonErmPolicy + "]";
    }
}
