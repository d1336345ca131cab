package io.github.ermdecap.erm;

import java.util.Arrays;

/** TEMP stub. */
public final class DecapOptions {
    public static final DecapOptions DEFAULT = new DecapOptions(new int[] {7932}, false, 4, VlanMode.NEVER,
            NonErmPolicy.PASS);
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

    public int[] ports() {
        return ports.clone();
    }

    public DecapOptions withPorts(int... p) {
        for (int x : p) {
            if (x < 1 || x > 65535) {
                throw new IllegalArgumentException("port: " + x + " (expected: 1..65535)");
            }
        }
        int[] s = p.clone();
        Arrays.sort(s);
        return new DecapOptions(s, autoDetect, maxDepth, vlanMode, nonErmPolicy);
    }

    public boolean autoDetect() {
        return autoDetect;
    }

    public DecapOptions withAutoDetect(boolean a) {
        return new DecapOptions(ports, a, maxDepth, vlanMode, nonErmPolicy);
    }

    public int maxDepth() {
        return maxDepth;
    }

    public DecapOptions withMaxDepth(int d) {
        if (d < 1 || d > 16) {
            throw new IllegalArgumentException("depth: " + d + " (expected: 1..16)");
        }
        return new DecapOptions(ports, autoDetect, d, vlanMode, nonErmPolicy);
    }

    public VlanMode vlanMode() {
        return vlanMode;
    }

    public DecapOptions withVlanMode(VlanMode m) {
        return new DecapOptions(ports, autoDetect, maxDepth, m, nonErmPolicy);
    }

    public NonErmPolicy nonErmPolicy() {
        return nonErmPolicy;
    }

    public DecapOptions withNonErmPolicy(NonErmPolicy p) {
        return new DecapOptions(ports, autoDetect, maxDepth, vlanMode, p);
    }
}
