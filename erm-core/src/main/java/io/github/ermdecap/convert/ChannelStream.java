// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An unbuffered stream over a file channel, written on the caller's thread (the capture writers buffer);
 * close syncs the data to disk first (unless made without sync: pipes and character devices cannot sync). For
 * outputs too many to give each a {@link WriteBehindStream}, and for outputs written into directly.
 */
final class ChannelStream extends OutputStream {
    private final FileChannel channel;
    private final boolean sync;
    private boolean closed;

    ChannelStream(FileChannel channel) {
        this(channel, true);
    }

    ChannelStream(FileChannel channel, boolean sync) {
        this.channel = channel;
        this.sync = sync;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                if (sync) {
                    channel.force(true);
                }
            } finally {
                channel.close();
            }
        }
    }
}
