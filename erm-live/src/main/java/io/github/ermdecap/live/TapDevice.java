// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Linux TAP interface that decapsulated frames are written into ({@code --tap NAME}): they become frames
 * <em>received</em> on NAME, so AF_PACKET fanout (Zeek {@code lb_method=af_packet}, Suricata {@code cluster_flow})
 * and tcpdump see the mirrored conversations. Opened through {@code /dev/net/tun} ({@code TUNSETIFF},
 * {@code IFF_TAP | IFF_NO_PI}), with IPv6 disabled ({@code /proc/sys/net/ipv6/conf/NAME/disable_ipv6}), ARP off
 * ({@code IFF_NOARP}), no address, the MTU raised for the largest frame a datagram can carry, and brought up
 * ({@code SIOCSIFFLAGS}). An interface this opened is not persistent: it goes away when closed; one that existed
 * before is left as it was found, except its flags and MTU.
 */
public final class TapDevice implements FrameOutput {
    /** Interface names: at most 15 bytes (IFNAMSIZ - 1). */
    public static final int MAX_NAME = 15;
    private static final int O_RDWR = 2;
    private static final int TUNSETIFF = 0x400454ca;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final int SIOCGIFFLAGS = 0x8913;
    private static final int SIOCSIFFLAGS = 0x8914;
    private static final int SIOCSIFMTU = 0x8922;
    private static final int IFF_UP = 0x1;
    private static final int IFF_NOARP = 0x80;
    private static final int IFREQ = 40;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int EINVAL = 22;
    private static final int EMSGSIZE = 90;
    private static final int[] MTUS = {65521, 16110, 9216};

    private final Tun c = Tun.INSTANCE;
    private final String name;
    private final int fd;
    private final boolean created;
    private final Memory buffer = new Memory(FrameQueue.MAX_FRAME);
    private boolean closed;
    private volatile long rejected;

    private TapDevice(String name, int fd, boolean created) {
        this.name = name;
        this.fd = fd;
        this.created = created;
    }

    /** Opens (creating if absent) and brings up TAP {@code name}; the message of a failure is one line. */
    public static TapDevice open(String name) throws IOException {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("--tap: " + name + " (expected: 1.." + MAX_NAME
                    + " characters from A-Z a-z 0-9 _ . -)");
        }
        if (!LinuxSockets.available()) {
            throw new IOException("--tap " + name + ": TAP interfaces need Linux (expected: /dev/net/tun)");
        }
        boolean existed = Files.exists(Path.of("/sys/class/net", name));
        Tun c = Tun.INSTANCE;
        int fd = c.open("/dev/net/tun", O_RDWR);
        if (fd < 0) {
            throw failure(name, "/dev/net/tun", LinuxSockets.errno());
        }
        try {
            Memory ifr = ifreq(name);
            ifr.setShort(16, (short) (IFF_TAP | IFF_NO_PI));
            if (c.ioctl(fd, TUNSETIFF, ifr) < 0) {
                throw failure(name, "TUNSETIFF", LinuxSockets.errno());
            }
            disableIpv6(name);
            configure(c, name);
            return new TapDevice(name, fd, !existed);
        } catch (IOException | RuntimeException e) {
            c.close(fd);
            throw e;
        }
    }

    private static Memory ifreq(String name) {
        Memory ifr = new Memory(IFREQ);
        ifr.clear();
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ifr.write(0, n, 0, n.length);
        return ifr;
    }

    private static void disableIpv6(String name) {
        Path knob = Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
        try {
            if (Files.exists(knob)) {
                Files.writeString(knob, "1\n");
            }
        } catch (IOException e) {
            // no IPv6 in this kernel or namespace: nothing to silence
        }
    }

    /** ARP off, MTU raised, interface up: through an ordinary socket's interface ioctls. */
    private static void configure(Tun c, String name) throws IOException {
        int sock = c.socket(LinuxSockets.AF_INET, LinuxSockets.SOCK_DGRAM, 0);
        if (sock < 0) {
            throw failure(name, "socket", LinuxSockets.errno());
        }
        try {
            Memory ifr = ifreq(name);
            for (int mtu : MTUS) {
                ifr.setInt(16, mtu);
                if (c.ioctl(sock, SIOCSIFMTU, ifr) == 0) {
                    break;
                }
            }
            ifr = ifreq(name);
            if (c.ioctl(sock, SIOCGIFFLAGS, ifr) < 0) {
                throw failure(name, "SIOCGIFFLAGS", LinuxSockets.errno());
            }
            int flags = ifr.getShort(16) & 0xFFFF | IFF_UP | IFF_NOARP;
            ifr.setShort(16, (short) flags);
            if (c.ioctl(sock, SIOCSIFFLAGS, ifr) < 0) {
                throw failure(name, "SIOCSIFFLAGS", LinuxSockets.errno());
            }
        } finally {
            c.close(sock);
        }
    }

    private static IOException failure(String name, String what, int errno) {
        String why = Tun.INSTANCE.strerror(errno);
        String hint = errno == 1 || errno == 13 ? " (expected: root or CAP_NET_ADMIN, e.g. "
                + "setcap cap_net_admin+ep on java, or AmbientCapabilities=CAP_NET_ADMIN in the unit)"
                : errno == 2 ? " (expected: the tun module loaded and /dev/net/tun present)" : "";
        return new IOException("--tap " + name + ": " + what + ": " + why + hint);
    }

    public String name() {
        return name;
    }

    /** True when this opened a new interface (it goes away at {@link #close()}). */
    public boolean created() {
        return created;
    }

    @Override
    public void write(long seconds, int nanos, byte[] data, int offset, int length, long originalLength)
            throws IOException {
        buffer.write(0, data, offset, length);
        if (c.write(fd, buffer, length) < 0) {
            int e = LinuxSockets.errno();
            if (e != EAGAIN && e != EINTR && e != EINVAL && e != EMSGSIZE) {
                throw failure(name, "write", e);
            }
            rejected++;
        }
    }

    /** Frames the kernel refused (interface full, frame too large for it): counted, the others carry on. */
    public long rejected() {
        return rejected;
    }

    @Override
    public void tick(long nowSeconds, int nowNanos) {
        // frames go out as they are written
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            c.close(fd);
        }
    }

    /** libc calls for the TAP. */
    interface Tun extends Library {
        Tun INSTANCE = Native.load("c", Tun.class);

        int open(String path, int flags);

        int ioctl(int fd, long request, Pointer argument);

        int socket(int domain, int type, int protocol);

        long write(int fd, Pointer buffer, long count);

        int close(int fd);

        String strerror(int errno);
    }
}
