// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

import static io.github.ermdecap.live.LinuxSockets.*;

/**
 * A {@link DatagramSource} for Linux through JNA: {@code recvmmsg} takes up to a batch of datagrams per call, and
 * {@code SO_TIMESTAMPNS} gives each the kernel's receive time in nanoseconds. One socket per port (without a bind
 * address: IPv6 with {@code IPV6_V6ONLY} off, so IPv4 senders arrive too, as IPv4-mapped addresses, given as
 * IPv4). {@link #open} returns null where the platform does not allow it, for the caller to fall back to
 * {@link ChannelSource}.
 *
 * <p>Per datagram, nothing crosses JNI: each socket's native block (headers, addresses, control messages and
 * payloads at fixed offsets) is read and reset through one direct {@link ByteBuffer} over it, and the two calls of
 * the receive loop ({@code recvmmsg}, {@code poll}) are direct-mapped ({@link LinuxSockets.Direct}). Where the
 * process may (root, {@code CAP_NET_ADMIN}), the receive buffer is set with {@code SO_RCVBUFFORCE}, past
 * {@code net.core.rmem_max}.
 */
public final class MmsgSource implements DatagramSource {
    private static final int SLOTS = 64;

    private final LibC c = LibC.INSTANCE;
    private final int[] fds;
    private final int[] ports;
    private final int family;
    private final int receiveBuffer;
    private final Memory[] blocks;
    /** A native-order view of each block: every field read and written per datagram goes through it. */
    private final ByteBuffer[] views;
    private final Memory pollFds;
    private boolean closed;

    private MmsgSource(int[] fds, int[] ports, int family, int receiveBuffer) {
        this.fds = fds;
        this.ports = ports;
        this.family = family;
        this.receiveBuffer = receiveBuffer;
        this.blocks = new Memory[fds.length];
        this.views = new ByteBuffer[fds.length];
        for (int i = 0; i < fds.length; i++) {
            blocks[i] = slots();
            views[i] = blocks[i].getByteBuffer(0, blocks[i].size()).order(ByteOrder.nativeOrder());
        }
        this.pollFds = new Memory(8L * fds.length);
        for (int i = 0; i < fds.length; i++) {
            pollFds.setInt(8L * i, fds[i]);
            pollFds.setShort(8L * i + 4, (short) POLLIN);
        }
    }

    /**
     * Binds one socket per port, or returns null when recvmmsg with kernel timestamps is not available here (not
     * Linux, no JNA native part). Throws when a socket cannot be bound (port in use, address not local).
     */
    public static MmsgSource open(InetAddress bind, int[] ports, int receiveBuffer) throws IOException {
        if (!LinuxSockets.available()) {
            return null;
        }
        LibC c = LibC.INSTANCE;
        int family = bind instanceof Inet4Address ? AF_INET : AF_INET6;
        int[] fds = new int[ports.length];
        int granted = Integer.MAX_VALUE;
        int opened = 0;
        try {
            for (; opened < ports.length; opened++) {
                int fd = c.socket(family, SOCK_DGRAM, 0);
                if (fd < 0) {
                    throw failure("socket", errno());
                }
                fds[opened] = fd;
                if (c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, new IntByReference(receiveBuffer), 4) != 0) {
                    setInt(c, fd, SOL_SOCKET, SO_RCVBUF, receiveBuffer, "SO_RCVBUF"); // not privileged
                }
                setInt(c, fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
                if (family == AF_INET6) {
                    setInt(c, fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, "IPV6_V6ONLY");
                }
                Memory sa = sockaddr(family, bind, ports[opened]);
                if (c.bind(fd, sa, (int) sa.size()) != 0) {
                    throw failure("bind to port " + ports[opened], errno());
                }
                IntByReference v = new IntByReference();
                IntByReference len = new IntByReference(4);
                if (c.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, len) == 0) {
                    granted = Math.min(granted, v.getValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i <= Math.min(opened, ports.length - 1); i++) {
                if (fds[i] > 0) {
                    c.close(fds[i]);
                }
            }
            throw e;
        }
        return new MmsgSource(fds, ports.clone(), family, granted);
    }

    private static void setInt(LibC c, int fd, int level, int name, int value, String what) throws IOException {
        if (c.setsockopt(fd, level, name, new IntByReference(value), 4) != 0) {
            throw failure("setsockopt " + what, errno());
        }
    }

    private static IOException failure(String what, int errno) {
        return new IOException(what + ": " + LibC.INSTANCE.strerror(errno));
    }

    private static Memory sockaddr(int family, InetAddress bind, int port) {
        Memory sa = new Memory(family == AF_INET6 ? SOCKADDR_IN6 : SOCKADDR_IN);
        sa.clear();
        sa.setShort(0, (short) family);
        sa.setByte(2, (byte) (port >>> 8));
        sa.setByte(3, (byte) port);
        if (bind != null) {
            byte[] a = bind.getAddress();
            if (family == AF_INET6 && a.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(a, 0, mapped, 12, 4);
                a = mapped;
            }
            sa.write(family == AF_INET6 ? 8 : 4, a, 0, a.length);
        }
        return sa;
    }

    // Layout of one socket's native block: SLOTS mmsghdrs, then iovecs, names, control buffers and payloads.
    private static final long IOVS = (long) SLOTS * MMSGHDR;
    private static final int NAME_STRIDE = (SOCKADDR_IN6 + 7) & ~7;
    private static final long NAMES = IOVS + (long) SLOTS * IOVEC;
    private static final long CONTROLS = NAMES + (long) SLOTS * NAME_STRIDE;
    private static final long DATA = CONTROLS + (long) SLOTS * CONTROL;

    /** One socket's native block, its pointers set once: each slot's iovec, name and control buffer. */
    private static Memory slots() {
        Memory m = new Memory(DATA + (long) SLOTS * DatagramBatch.MAX_PAYLOAD);
        m.clear(DATA);
        for (int i = 0; i < SLOTS; i++) {
            long h = (long) i * MMSGHDR;
            Pointer iov = m.share(IOVS + (long) i * IOVEC);
            iov.setPointer(0, m.share(DATA + (long) i * DatagramBatch.MAX_PAYLOAD));
            iov.setLong(8, DatagramBatch.MAX_PAYLOAD);
            m.setPointer(h + MSG_NAME, m.share(NAMES + (long) i * NAME_STRIDE));
            m.setPointer(h + MSG_IOV, iov);
            m.setLong(h + MSG_IOVLEN, 1);
            m.setPointer(h + MSG_CONTROL, m.share(CONTROLS + (long) i * CONTROL));
        }
        return m;
    }

    @Override
    public int receive(DatagramBatch batch, int timeoutMillis) throws IOException {
        batch.count = 0;
        int n = drain(batch);
        if (n == 0) {
            int ready = Direct.poll(pollFds, fds.length, Math.max(1, timeoutMillis));
            if (ready < 0 && errno() != EINTR) {
                throw failure("poll", errno());
            }
            if (ready > 0) {
                n = drain(batch);
            }
        }
        return n;
    }

    private int drain(DatagramBatch batch) throws IOException {
        for (int s = 0; s < fds.length && batch.count < batch.limit(); s++) {
            ByteBuffer v = views[s];
            int want = Math.min(SLOTS, batch.limit() - batch.count);
            for (int i = 0; i < want; i++) {
                int h = i * MMSGHDR;
                v.putInt(h + MSG_NAMELEN, SOCKADDR_IN6);
                v.putLong(h + MSG_CONTROLLEN, CONTROL);
                v.putInt(h + MSG_FLAGS, 0);
            }
            int got = Direct.recvmmsg(fds[s], blocks[s], want, MSG_DONTWAIT, null);
            if (got < 0) {
                int e = errno();
                if (e == EAGAIN || e == EINTR) {
                    continue;
                }
                throw failure("recvmmsg", e);
            }
            for (int i = 0; i < got; i++) {
                copy(v, i, batch, ports[s]);
            }
        }
        return batch.count;
    }

    private void copy(ByteBuffer v, int i, DatagramBatch batch, int port) {
        int h = i * MMSGHDR;
        int slot = batch.count++;
        int len = Math.min(Math.max(v.getInt(h + MSG_LEN), 0), DatagramBatch.MAX_PAYLOAD);
        v.get((int) DATA + i * DatagramBatch.MAX_PAYLOAD, batch.data[slot], 0, len);
        batch.length[slot] = len;
        int name = (int) NAMES + i * NAME_STRIDE;
        int sport = (v.get(name + 2) & 0xFF) << 8 | v.get(name + 3) & 0xFF;
        if (family == AF_INET6) {
            v.get(name + 8, address, 0, 16);
            batch.setSender(slot, address, 0, 16, sport);
        } else {
            v.get(name + 4, address, 0, 4);
            batch.setSender(slot, address, 0, 4, sport);
        }
        batch.localPort[slot] = port;
        if (!kernelTime(v, (int) CONTROLS + i * CONTROL, v.getLong(h + MSG_CONTROLLEN), batch, slot)) {
            Instant now = Instant.now();
            batch.seconds[slot] = now.getEpochSecond();
            batch.nanos[slot] = now.getNano();
        }
    }

    private final byte[] address = new byte[16];

    /** Finds the SCM_TIMESTAMPNS message among the control messages at {@code base} (each 8-byte aligned). */
    private static boolean kernelTime(ByteBuffer v, int base, long length, DatagramBatch batch, int slot) {
        long limit = Math.min(length, CONTROL);
        long at = 0;
        while (at + CMSG_DATA <= limit) {
            int p = base + (int) at;
            long cmsgLen = v.getLong(p);
            int level = v.getInt(p + 8);
            int type = v.getInt(p + 12);
            if (cmsgLen < CMSG_DATA || at + cmsgLen > limit) {
                return false;
            }
            if (level == SOL_SOCKET && type == SCM_TIMESTAMPNS && cmsgLen >= CMSG_DATA + 16) {
                batch.seconds[slot] = v.getLong(p + CMSG_DATA);
                batch.nanos[slot] = (int) v.getLong(p + CMSG_DATA + 8);
                return true;
            }
            at += (cmsgLen + 7) & ~7L;
        }
        return false;
    }

    @Override
    public String timestamps() {
        return "kernel (SO_TIMESTAMPNS, recvmmsg)";
    }

    @Override
    public int[] ports() {
        return ports.clone();
    }

    @Override
    public int receiveBuffer() {
        return receiveBuffer;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (int fd : fds) {
                c.close(fd);
            }
        }
    }
}
