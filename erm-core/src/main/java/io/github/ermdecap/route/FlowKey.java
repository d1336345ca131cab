// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

/**
 * What {@link FlowHash#key} learned about one frame: its flow hash and, for an IP fragment, where the fragment
 * lies in its datagram and a fingerprint of the datagram. A reused, mutable holder: one per router or thread.
 *
 * <pre>{@code
 * FlowKey key = new FlowKey();
 * FlowHash.DEFAULT.key(LinkType.ETHERNET, data, off, len, 0, key);
 * if (key.fragment() == FlowKey.Fragment.LATER) { ... key.datagram() ... }
 * }</pre>
 */
public final class FlowKey {
    /** Where a frame lies in a fragmented IP datagram. */
    public enum Fragment {
        /** Not a fragment (IPv6 atomic fragments, offset 0 without the more-fragments flag, included). */
        NONE,
        /** The first fragment: offset 0, more fragments follow; carries the ports when its L4 header is in it. */
        FIRST,
        /** A fragment at a nonzero offset: no ports. */
        LATER
    }

    private long hash;
    private Fragment fragment = Fragment.NONE;
    private long datagram;

    /** The flow hash, as {@link FlowHash#hash(int, byte[], int, int, int)} gives it. */
    public long hash() {
        return hash;
    }

    public Fragment fragment() {
        return fragment;
    }

    /**
     * The datagram's fingerprint when {@link #fragment()} is not {@link Fragment#NONE}: a 64-bit hash of
     * (ordered addresses, protocol, IP identification, and the VLAN id when it takes part); else 0.
     */
    public long datagram() {
        return datagram;
    }

    void reset() {
        hash = 0;
        fragment = Fragment.NONE;
        datagram = 0;
    }

    void hash(long value) {
        hash = value;
    }

    void fragment(Fragment position, long fingerprint) {
        fragment = position;
        datagram = fingerprint;
    }
}
