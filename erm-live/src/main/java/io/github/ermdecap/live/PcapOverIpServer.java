// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PCAP-over-IP: a TCP server whose every client gets a pcap stream, the file header and then every frame from
 * the moment it connected (what Arkime, NetworkMiner, Wireshark's {@code TCP@host:port} and Zeek's pcap-over-tcp
 * plugin read). Each client has its own bounded queue and thread: a slow client loses frames (counted in
 * {@link #drops()}), never the others, and never stalls the receiver. A client that closes is forgotten.
 *
 * <pre>{@code
 * PcapOverIpServer server = PcapOverIpServer.open(new InetSocketAddress("127.0.0.1", 57012), 4 << 20);
 * collector.addSink(0, server);       // tcpdump -r <(nc 127.0.0.1 57012)
 * }</pre>
 */
public final class PcapOverIpServer implements FrameSink {
    private static final int CLIENT_BUFFER = 64 * 1024;

    private final ServerSocketChannel server;
    private final String name;
    private final int queueBytes;
    private final Thread acceptor;
    private final List<QueuedSink> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong clientsSeen = new AtomicLong();
    private final AtomicLong goneDrops = new AtomicLong();
    private volatile long frames;
    private volatile long bytes;
    private volatile boolean closed;

    private PcapOverIpServer(ServerSocketChannel server, int queueBytes) throws IOException {
        this.server = server;
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        this.name = "tcp://" + hostText(local) + ":" + local.getPort();
        this.queueBytes = queueBytes;
        this.acceptor = new Thread(this::accept, "erm-live-accept-" + local.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address}; each client gets a queue of {@code queueBytes}. */
    public static PcapOverIpServer open(InetSocketAddress address, int queueBytes) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, 16);
            return new PcapOverIpServer(ch, queueBytes);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static String hostText(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((java.net.ServerSocket) server.socket()).getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                String clientName = name + "<-" + c.getRemoteAddress();
                PcapStreamOutput out = new PcapStreamOutput(Channels.newOutputStream(c), CLIENT_BUFFER);
                clients.add(new QueuedSink(clientName, new ClosingOutput(out, c), queueBytes, 2000));
                clientsSeen.incrementAndGet();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void offer(long seconds, int nanos, byte[] data, int offset, int length, long originalLength) {
        boolean taken = false;
        for (QueuedSink c : clients) {
            if (c.failure() != null) {
                clients.remove(c);
                goneDrops.addAndGet(c.drops());
                continue;
            }
            c.offer(seconds, nanos, data, offset, length, originalLength);
            taken = true;
        }
        if (taken) {
            frames++;
            bytes += length;
        }
    }

    /** Clients connected now. */
    public int clients() {
        return clients.size();
    }

    /** Clients accepted since the start. */
    public long clientsSeen() {
        return clientsSeen.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public long drops() {
        long d = goneDrops.get();
        for (QueuedSink c : clients) {
            d += c.drops();
        }
        return d;
    }

    /** Never fails as a whole: a failing client is dropped. */
    @Override
    public Exception failure() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (QueuedSink c : clients) {
            c.close();
        }
    }

    /** A client's stream that also closes its socket. */
    private static final class ClosingOutput implements FrameOutput {
        private final PcapStreamOutput out;
        private final SocketChannel channel;

        ClosingOutput(PcapStreamOutput out, SocketChannel channel) {
            this.out = out;
            this.channel = channel;
        }

        @Override
        public void write(long seconds, int nanos, byte[] data, int offset, int length, long originalLength)
                throws IOException {
            out.write(seconds, nanos, data, offset, length, originalLength);
        }

        @Override
        public void tick(long nowSeconds, int nowNanos) throws IOException {
            out.tick(nowSeconds, nowNanos);
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                channel.close();
            }
        }
    }
}
