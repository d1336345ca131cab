// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.io.Closeable;
import java.io.IOException;

/**
 * Receives UDP datagrams from the switches: the live counterpart of a capture reader. One thread calls
 * {@link #receive}; {@link ChannelSource} is the portable one (a nanosecond clock read at receipt).
 */
public interface DatagramSource extends Closeable {
    /**
     * Fills {@code batch} with the datagrams ready now, waiting at most {@code timeoutMillis} for the first;
     * returns how many (0 when the time ran out).
     */
    int receive(DatagramBatch batch, int timeoutMillis) throws IOException;

    /** Where the timestamps come from, for the summary: {@code "kernel (SO_TIMESTAMPNS)"}, {@code "clock at receipt"}. */
    String timestamps();

    /** The local UDP ports listened on. */
    int[] ports();

    /** The receive buffer the kernel granted per socket, in bytes. */
    int receiveBuffer();
}
