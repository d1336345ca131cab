// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A {@link DatagramSource} over JDK {@link DatagramChannel}s, one per port, read through a selector: portable,
 * timestamps from the system clock (nanosecond resolution where the JDK has it) read right after receipt.
 * Without a bind address the sockets are dual-stack and receive IPv4 and IPv6.
 */
public final class ChannelSource implements DatagramSource {
    private final List<DatagramChannel> channels;
    private final int[] ports;
    private final Selector selector;
    private final int receiveBuffer;
    private final ByteBuffer[] views = new ByteBuffer[1024];

    private ChannelSource(List<DatagramChannel> channels, int[] ports, Selector selector, int receiveBuffer) {
        this.channels = channels;
        this.ports = ports;
        this.selector = selector;
        this.receiveBuffer = receiveBuffer;
    }

    /**
     * Binds one socket per port on {@code bind} (null: every IPv4 and IPv6 address), asking for
     * {@code receiveBuffer} bytes of kernel buffer each.
     */
    public static ChannelSource open(InetAddress bind, int[] ports, int receiveBuffer) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        Selector selector = Selector.open();
        int granted = Integer.MAX_VALUE;
        try {
            for (int port : ports) {
                DatagramChannel ch = DatagramChannel.open();
                channels.add(ch);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
                ch.bind(new InetSocketAddress(bind, port));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, port);
                granted = Math.min(granted, ch.getOption(StandardSocketOptions.SO_RCVBUF));
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel ch : channels) {
                ch.close();
            }
            selector.close();
            throw e;
        }
        int[] bound = new int[channels.size()];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = ((InetSocketAddress) channels.get(i).getLocalAddress()).getPort();
        }
        return new ChannelSource(channels, bound, selector, granted);
    }

    @Override
    public int receive(DatagramBatch batch, int timeoutMillis) throws IOException {
        batch.count = 0;
        int n = drain(batch);
        if (n == 0 && selector.select(Math.max(1, timeoutMillis)) > 0) {
            n = drain(batch);
        }
        selector.selectedKeys().clear();
        return n;
    }

    /** Reads what is ready on every channel, round robin, until the batch is full or nothing is left. */
    private int drain(DatagramBatch batch) throws IOException {
        boolean any = true;
        while (any && batch.count < batch.limit()) {
            any = false;
            for (int c = 0; c < channels.size() && batch.count < batch.limit(); c++) {
                int i = batch.count;
                ByteBuffer view = views[i];
                if (view == null || view.array() != batch.data[i]) {
                    view = ByteBuffer.wrap(batch.data[i]);
                    views[i] = view;
                }
                view.clear();
                SocketAddress from = channels.get(c).receive(view);
                if (from == null) {
                    continue;
                }
                Instant now = Instant.now();
                InetSocketAddress sa = (InetSocketAddress) from;
                byte[] a = sa.getAddress().getAddress();
                batch.setSender(i, a, 0, a.length, sa.getPort());
                batch.length[i] = view.position();
                batch.localPort[i] = ports[c];
                batch.seconds[i] = now.getEpochSecond();
                batch.nanos[i] = now.getNano();
                batch.count++;
                any = true;
            }
        }
        return batch.count;
    }

    @Override
    public String timestamps() {
        return "clock at receipt";
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
    public void close() throws IOException {
        IOException first = null;
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        selector.close();
        if (first != null) {
            throw first;
        }
    }
}
