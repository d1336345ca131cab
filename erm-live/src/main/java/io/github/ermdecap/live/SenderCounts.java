// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.live;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Datagrams that were not written, per sender address: refused by {@code --allow}, or not ERM. At most
 * {@link #MAX_SENDERS} senders are named; the rest are counted together under {@value #OTHERS}, so a flood from
 * new addresses cannot grow memory. Receiver thread only; {@link #snapshot()} copies.
 */
public final class SenderCounts {
    public static final int MAX_SENDERS = 1024;
    public static final String OTHERS = "others";

    private final Map<Key, long[]> counts = new LinkedHashMap<>();
    private final long[] others = new long[2];

    /** Counts one datagram from {@code address}: {@code refused} by the allow list, else not ERM. */
    public void count(byte[] address, int length, boolean refused) {
        Key k = new Key(Arrays.copyOf(address, length));
        long[] c = counts.get(k);
        if (c == null) {
            if (counts.size() >= MAX_SENDERS) {
                c = others;
            } else {
                c = new long[2];
                counts.put(k, c);
            }
        }
        c[refused ? 0 : 1]++;
    }

    /** Sender (text) to {refused, not ERM}, in order of first sight, {@value #OTHERS} last when used. */
    public Map<String, long[]> snapshot() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
            m.put(e.getKey().text(), e.getValue().clone());
        }
        if (others[0] + others[1] > 0) {
            m.put(OTHERS, others.clone());
        }
        return m;
    }

    private static final class Key {
        private final byte[] address;
        private final int hash;

        Key(byte[] address) {
            this.address = address;
            this.hash = Arrays.hashCode(address);
        }

        String text() {
            try {
                return InetAddress.getByAddress(address).getHostAddress();
            } catch (UnknownHostException e) {
                return Arrays.toString(address);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(address, ((Key) o).address);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
