// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's count of datagrams it dropped for this process's UDP sockets (Linux: the {@code drops} column of
 * {@code /proc/net/udp} and {@code /proc/net/udp6}, for the socket inodes this process holds open on the
 * listened ports). -1 where {@code /proc} does not tell.
 */
public final class KernelDrops {
    private final Set<Integer> ports = new HashSet<>();
    private final Path proc;

    public KernelDrops(int[] listened) {
        this(listened, Path.of("/proc"));
    }

    KernelDrops(int[] listened, Path proc) {
        for (int p : listened) {
            ports.add(p);
        }
        this.proc = proc;
    }

    /** The drops summed over our sockets, or -1 when unknown. */
    public long read() {
        Set<String> inodes = socketInodes();
        if (inodes == null) {
            return -1;
        }
        long total = 0;
        boolean any = false;
        for (String table : new String[] {"net/udp", "net/udp6"}) {
            try {
                List<String> lines = Files.readAllLines(proc.resolve(table));
                for (int i = 1; i < lines.size(); i++) {
                    long d = drops(lines.get(i).trim().split("\\s+"), inodes);
                    if (d >= 0) {
                        total += d;
                        any = true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table absent (no IPv6) or unreadable
            }
        }
        return any ? total : -1;
    }

    /** A row: sl local rem st tx:rx tr:tm retrnsmt uid timeout inode ref pointer drops. */
    private long drops(String[] f, Set<String> inodes) {
        if (f.length < 13 || !inodes.contains(f[9])) {
            return -1;
        }
        int colon = f[1].lastIndexOf(':');
        int port = colon < 0 ? -1 : Integer.parseInt(f[1].substring(colon + 1), 16);
        return ports.contains(port) ? Long.parseLong(f[12]) : -1;
    }

    /** Inodes of the sockets this process has open, or null without /proc. */
    private Set<String> socketInodes() {
        Set<String> s = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("self/fd"))) {
            for (Path fd : fds) {
                try {
                    String t = Files.readSymbolicLink(fd).toString();
                    if (t.startsWith("socket:[") && t.endsWith("]")) {
                        s.add(t.substring(8, t.length() - 1));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return s;
    }
}
