// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The senders a collector accepts ({@code --allow}): IPv4 and IPv6 addresses and prefixes
 * ({@code 10.0.0.0/8,2001:db8::/32,192.0.2.7}). {@link #ANY} accepts everyone. Immutable.
 */
public final class AllowList {
    public static final AllowList ANY = new AllowList(List.of(), true);

    private final List<byte[]> prefixes;
    private final List<Integer> bits;
    private final boolean any;

    private AllowList(List<byte[]> prefixes, boolean any) {
        this.prefixes = prefixes;
        this.bits = new ArrayList<>();
        this.any = any;
    }

    /**
     * Parses a comma-separated list of literal addresses, each optionally {@code /bits}; host names are refused.
     * Throws {@link IllegalArgumentException} naming the bad entry.
     */
    public static AllowList parse(String list) {
        List<byte[]> p = new ArrayList<>();
        AllowList a = new AllowList(p, false);
        for (String raw : list.split(",", -1)) {
            String entry = raw.trim();
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = literal(host, entry);
            int n = address.length * 8;
            if (slash >= 0) {
                try {
                    n = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0 || n > address.length * 8) {
                    throw new IllegalArgumentException("--allow: " + entry + " (expected: a prefix length of 0.."
                            + address.length * 8 + ")");
                }
            }
            p.add(address);
            a.bits.add(n);
        }
        return a;
    }

    private static byte[] literal(String host, String entry) {
        boolean literal = !host.isEmpty() && (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.'
                || (c >= '0' && c <= '9')));
        if (literal) {
            try {
                byte[] b = InetAddress.getByName(host).getAddress();
                if (b.length == 4 || b.length == 16) {
                    return b;
                }
            } catch (UnknownHostException | SecurityException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--allow: " + entry
                + " (expected: an IPv4 or IPv6 address, optionally /prefix-length, e.g. 10.0.0.0/8)");
    }

    /** Whether {@code address} (4 or 16 bytes from offset 0) is accepted. Allocates nothing. */
    public boolean allows(byte[] address, int length) {
        if (any) {
            return true;
        }
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            if (p.length == length && matches(p, bits.get(i), address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] prefix, int bits, byte[] address) {
        int full = bits / 8;
        for (int k = 0; k < full; k++) {
            if (prefix[k] != address[k]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (prefix[full] & mask) == (address[full] & mask);
    }

    public boolean any() {
        return any;
    }
}
