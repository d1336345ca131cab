// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ermdecap.capture.LinkType;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded sweeps over hostile bytes: random frames of random lengths for every link type (and unknown ones),
 * frames that start like a real header and then turn random, and every truncation of a well-formed tagged
 * frame. The hash never throws, reads only its slice, and gives the same value every time.
 */
class FlowHashSweepTest {
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.RAW, LinkType.IPV4, LinkType.IPV6,
        LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.LOOP, 147, -1, Integer.MAX_VALUE};
    private static final int[][] PREFIXES = {
        {},
        {0x81, 0x00, 0x00, 0x0A, 0x88, 0xA8, 0x00, 0x14, 0x91, 0x00},   // a run of tags
        {0x81, 0x00, 0x00, 0x0A, 0x08, 0x00, 0x45},                      // tag, IPv4
        {0x86, 0xDD, 0x60},                                              // IPv6
        {0x86, 0xDD, 0x60, 0, 0, 0, 0, 0, 0, 0x2C},                      // IPv6, next header: fragment
        {0x86, 0xDD, 0x60, 0, 0, 0, 0, 0, 0, 0x00},                      // IPv6, next header: hop-by-hop
        {0x08, 0x00, 0x45, 0, 0, 0, 0, 0, 0x20, 0, 0, 0x11},             // IPv4 first fragment, UDP
        {0x45}, {0x60}, {0x02, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x1E},
    };

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomBytesNeverThrow(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
            byte[] frame = new byte[random.nextInt(120)];
            random.nextBytes(frame);
            int[] prefix = PREFIXES[random.nextInt(PREFIXES.length)];
            int at = linkType == LinkType.ETHERNET ? 12 : linkType == LinkType.LINUX_SLL ? 14 : 0;
            for (int j = 0; j < prefix.length && at + j < frame.length; j++) {
                frame[at + j] = (byte) prefix[j];
            }
            hashEverySlice(linkType, frame, random);
        }
    }

    @ParameterizedTest(name = "VLAN in hash {0}")
    @ValueSource(booleans = {false, true})
    void everyTruncationOfARealFrameIsHashed(boolean vlanInHash) {
        byte[][] frames = {
            RouteFrames.ethernet(RouteFrames.mac(1), RouteFrames.mac(2)).vlan(0x88A8, 5).vlan(0x8100, 6)
                .ipv6("2001:db8::1", "2001:db8::2", 44).ipv6Fragment(17, 0, true, 1).udp(1, 2, 10).build(),
            RouteFrames.sll(RouteFrames.mac(1)).vlan(0x8100, 7).ipv4("10.0.0.1", "10.0.0.2", 6).tcp(1, 2).build(),
            RouteFrames.sll2(0x86DD, RouteFrames.mac(1)).ipv6("2001:db8::1", "2001:db8::2", 6).tcp(1, 2).build(),
        };
        int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2};
        FlowHash flows = FlowHash.of(vlanInHash);
        for (int f = 0; f < frames.length; f++) {
            for (int len = 0; len <= frames[f].length; len++) {
                long once = flows.hash(linkTypes[f], frames[f], 0, len);
                assertEquals(once, flows.hash(linkTypes[f], frames[f], 0, len), "deterministic");
                assertEquals(once, flows.key(linkTypes[f], frames[f], 0, len, 0, new FlowKey()).hash());
            }
        }
    }

    /** Hashes the frame in place and copied into a larger array at a random offset: same value. */
    private static void hashEverySlice(int linkType, byte[] frame, Random random) {
        FlowHash flows = FlowHash.of(random.nextBoolean());
        int vlanHint = random.nextInt();
        long direct = flows.hash(linkType, frame, 0, frame.length, vlanHint);
        byte[] larger = new byte[frame.length + 64];
        random.nextBytes(larger);
        int off = random.nextInt(64);
        System.arraycopy(frame, 0, larger, off, frame.length);
        assertEquals(direct, flows.hash(linkType, larger, off, frame.length, vlanHint), "reads only its slice");
        FlowKey key = flows.key(linkType, larger, off, frame.length, vlanHint, new FlowKey());
        assertEquals(direct, key.hash(), "key() and hash() agree");
        assertEquals(key.fragment() == FlowKey.Fragment.NONE, key.datagram() == 0, "datagram only for fragments");
    }
}
