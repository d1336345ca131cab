// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few libc calls {@link MmsgSource} makes, through JNA, with the Linux constants and LP64 structure layouts
 * they need ({@code man 2 recvmmsg}, {@code man 7 socket}, {@code man 7 ipv6}).
 */
final class LinuxSockets {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    /** As SO_RCVBUF, past net.core.rmem_max; needs CAP_NET_ADMIN. */
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_TIMESTAMPNS = 35;
    static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int POLLIN = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** struct msghdr (56 bytes) and the msg_len behind it: struct mmsghdr, 64 bytes. */
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    static final int MSG_LEN = 56;
    static final int MMSGHDR = 64;
    /** struct iovec: base, length. */
    static final int IOVEC = 16;
    /** struct sockaddr_in6: family, port (big-endian), flowinfo, address at 8, scope id: 28 bytes. */
    static final int SOCKADDR_IN6 = 28;
    static final int SOCKADDR_IN = 16;
    /** struct cmsghdr: length (size_t), level, type, then the data at 16. */
    static final int CMSG_DATA = 16;
    static final int CONTROL = 64;

    private LinuxSockets() {
    }

    /** True where these layouts hold: Linux on a 64-bit JVM with JNA's native part loadable. */
    static boolean available() {
        try {
            return Platform.isLinux() && Platform.is64Bit() && LibC.INSTANCE != null && Direct.linked();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    static int errno() {
        return Native.getLastError();
    }

    /**
     * The calls of the receive loop, direct-mapped ({@code Native.register}): no proxy, no reflection, no
     * argument boxing per call. errno stays readable through {@link #errno()} as for interface mapping.
     */
    static final class Direct {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private Direct() {
        }

        /** True once the class is initialised, that is, its natives registered (else a LinkageError). */
        static boolean linked() {
            return true;
        }

        static native int recvmmsg(int fd, Pointer vector, int length, int flags, Pointer timeout);

        static native int poll(Pointer fds, long count, int timeoutMillis);
    }

    /** libc, loaded on first use. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int name, IntByReference value, int length);

        int getsockopt(int fd, int level, int name, IntByReference value, IntByReference length);

        int bind(int fd, Pointer address, int length);

        int recvmmsg(int fd, Pointer vector, int length, int flags, Pointer timeout);

        int poll(Pointer fds, long count, int timeoutMillis);

        int close(int fd);

        String strerror(int errno);
    }
}
