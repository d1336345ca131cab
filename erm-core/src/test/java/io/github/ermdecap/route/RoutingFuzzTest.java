// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.fuzz.FuzzInputs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing (Jazzer) of the flow key ({@link FlowHash#key}), {@link ShardRouter} and
 * {@link SplitRouter}.
 *
 * <p>{@code shards}: an input is a 4-byte header (byte 0 the link type, index into {@link #LINK_TYPES}; byte 1
 * the number of shards minus 1; byte 2 bit 0 VLAN in the hash, bits 1-7 the fragment table size minus 1;
 * byte 3 the VLAN id), then frames, each a length byte and that many bytes. Checked: the shard is in range;
 * {@code hash} and {@code key} agree and read nothing outside the slice; a raw IP or untagged Ethernet frame
 * and the same frame with source and destination swapped (addresses, ports, MACs) hash alike; a fragment at a
 * nonzero offset goes where its datagram's first fragment went while the table still holds it, else by its
 * hash; the per-shard counters add up.
 *
 * <p>{@code split}: a sequence of records (ERM or not, switch address, port, VLAN id, length) through a router
 * with a small output limit. Checked: only {@link OutputLimitException} escapes; an output's label is the
 * record's session, VLAN or {@code other} label, the same session always gets the same output, every label
 * names a file ({@link OutputNames#split}); the counters add up.
 */
public class RoutingFuzzTest {
    static final int[] LINK_TYPES = {
        LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4,
        LinkType.IPV6, LinkType.LINUX_SLL2, 147,
    };
    static final int HEADER = 4;

    @FuzzTest
    void shards(byte[] input) {
        if (input.length < HEADER) {
            return;
        }
        int linkType = LINK_TYPES[(input[0] & 0xFF) % LINK_TYPES.length];
        int shards = (input[1] & 0xFF) + 1;
        boolean vlanInHash = (input[2] & 1) != 0;
        int table = ((input[2] & 0xFF) >>> 1) + 1;
        int vlan = input[3] & 0xFF;
        ShardRouter router = new ShardRouter(shards, vlanInHash, table);
        FlowHash hash = FlowHash.of(vlanInHash);
        Map<Long, long[]> firsts = new HashMap<>(); // datagram -> {shard, put number}
        long puts = 0;
        long bytes = 0;
        int frames = 0;
        FlowKey key = new FlowKey();
        for (int p = HEADER; p < input.length; ) {
            int len = Math.min(input[p] & 0xFF, input.length - p - 1);
            int off = p + 1;
            p = off + len;
            frames++;
            bytes += len;
            String what = "frame " + frames + " (" + LinkType.name(linkType) + ", " + len + " bytes)";
            long h = hash.hash(linkType, input, off, len, vlan);
            hash.key(linkType, input, off, len, vlan, key);
            byte[] alone = Arrays.copyOfRange(input, off, off + len);
            if (key.hash() != h || hash.hash(linkType, alone, 0, len, vlan) != h) {
                fail(what, "hash() and key() or the frame alone in its own array disagree");
            }
            byte[] swapped = swapped(linkType, alone);
            if (swapped != null && hash.hash(linkType, swapped, 0, len, vlan) != h) {
                fail(what, "the other direction hashes differently: " + hex(alone) + " vs " + hex(swapped));
            }
            int shard = router.route(linkType, input, off, len, vlan);
            if (shard < 0 || shard >= shards) {
                fail(what, "shard " + shard + " of " + shards);
            }
            int expected = FlowHash.shard(h, shards);
            if (key.fragment() == FlowKey.Fragment.LATER) {
                long[] first = firsts.get(key.datagram());
                if (first != null && puts - first[1] <= table) {
                    expected = (int) first[0];
                }
            } else if (key.fragment() == FlowKey.Fragment.FIRST) {
                firsts.put(key.datagram(), new long[] {shard, puts++});
            }
            if (shard != expected) {
                fail(what, "shard " + shard + " (expected: " + expected + ", " + key.fragment() + ")");
            }
        }
        long r = 0;
        long b = 0;
        for (int s = 0; s < shards; s++) {
            r += router.records(s);
            b += router.bytes(s);
        }
        if (r != frames || router.records() != frames || b != bytes) {
            fail("router", r + " records and " + b + " bytes counted of " + frames + " and " + bytes);
        }
    }

    /**
     * The frame from the other side: addresses (and ports, MACs) swapped, for the shapes where that is plain:
     * raw IPv4/IPv6 and untagged Ethernet with TCP, UDP or SCTP directly behind the IP header, or another
     * protocol (no ports). Null when the frame has another shape.
     */
    static byte[] swapped(int linkType, byte[] frame) {
        byte[] f = frame.clone();
        int ip = 0;
        if (linkType == LinkType.ETHERNET) {
            if (f.length < 14) {
                return null;
            }
            swap(f, 0, 6, 6);
            int type = (f[12] & 0xFF) << 8 | (f[13] & 0xFF);
            if (type != 0x0800 && type != 0x86DD) {
                return type == 0x8100 || type == 0x88A8 || type == 0x9100 ? null : f;
            }
            ip = 14;
        } else if (linkType != LinkType.RAW) {
            return null;
        }
        if (f.length <= ip) {
            return f;
        }
        int version = (f[ip] & 0xFF) >>> 4;
        int l4;
        int protocol;
        if (version == 4 && f.length >= ip + 20) {
            int ihl = (f[ip] & 0x0F) * 4;
            swap(f, ip + 12, ip + 16, 4);
            protocol = f[ip + 9] & 0xFF;
            boolean later = ((f[ip + 6] & 0x1F) << 8 | (f[ip + 7] & 0xFF)) != 0;
            l4 = later || ihl < 20 ? -1 : ip + ihl;
        } else if (version == 6 && f.length >= ip + 40) {
            swap(f, ip + 8, ip + 24, 16);
            protocol = f[ip + 6] & 0xFF;
            if (protocol == 0 || protocol == 43 || protocol == 60 || protocol == 44) {
                return null;                            // ports behind extension headers: not swapped here
            }
            l4 = ip + 40;
        } else {
            return version == 4 || version == 6 ? null : f;
        }
        boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
        if (ports && l4 >= 0 && f.length >= l4 + 4) {
            swap(f, l4, l4 + 2, 2);
        }
        return f;
    }

    private static void swap(byte[] b, int x, int y, int n) {
        for (int i = 0; i < n; i++) {
            byte t = b[x + i];
            b[x + i] = b[y + i];
            b[y + i] = t;
        }
    }

    @FuzzTest
    void split(FuzzedDataProvider data) {
        SplitMode mode = data.consumeBoolean() ? SplitMode.SWITCH : SplitMode.VLAN;
        int max = data.consumeInt(1, 8);
        SplitRouter router = new SplitRouter(mode, max);
        Map<String, Integer> sessions = new HashMap<>();
        long records = 0;
        long bytes = 0;
        while (data.remainingBytes() > 0) {
            boolean erm = data.consumeBoolean();
            String address = data.consumeString(SplitRouter.MAX_ADDRESS_LENGTH);
            if (address.isEmpty()) {
                address = "10.1.0.1";
            }
            int port = data.consumeInt(0, 65535);
            int vlan = data.consumeInt(0, 4095);
            int length = data.consumeInt(0, 1 << 18);
            String label = !erm ? SplitRouter.OTHER : mode == SplitMode.SWITCH
                    ? SplitRouter.sessionLabel(address, port) : SplitRouter.vlanLabel(vlan);
            int out;
            try {
                out = router.route(erm, address, port, vlan, length);
            } catch (OutputLimitException e) {
                if (router.outputs() < max && !(erm && mode == SplitMode.SWITCH)) {
                    throw new AssertionError("output limit " + max + " with " + router.outputs() + " outputs", e);
                }
                continue;
            }
            records++;
            bytes += length;
            if (out < 0 || out >= router.outputs() || !router.label(out).equals(label)) {
                throw new AssertionError("output " + out + " of " + router.outputs() + " for " + label);
            }
            String session = erm + " " + address + " " + port + " " + vlan;
            Integer before = sessions.putIfAbsent(session, out);
            if (before != null && before != out) {
                throw new AssertionError(session + " went to output " + out + ", before to " + before);
            }
            OutputNames.split(Path.of("out.pcap"), label); // throws if the label cannot name a file
        }
        long r = 0;
        long b = 0;
        for (int i = 0; i < router.outputs(); i++) {
            r += router.records(i);
            b += router.bytes(i);
        }
        if (r != records || b != bytes) {
            throw new AssertionError(r + " records and " + b + " bytes counted of " + records + " and " + bytes);
        }
    }

    private static void fail(String what, String why) {
        throw new AssertionError(what + ": " + why);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    /** Writes the seeds: frames of every link type, TCP/UDP/SCTP/ICMP over IPv4 and IPv6, fragments. */
    public static void main(String[] args) {
        FuzzInputs seeds = FuzzInputs.of(Path.of(args[0]), RoutingFuzzTest.class, "shards");
        List<Supplier<RouteFrames>> links = List.of(
                () -> RouteFrames.loopback(2, ByteOrder.LITTLE_ENDIAN),
                () -> RouteFrames.ethernet(RouteFrames.mac(1), RouteFrames.mac(2)),
                RouteFrames::raw,
                () -> RouteFrames.loopback(2, ByteOrder.BIG_ENDIAN),
                () -> RouteFrames.sll(RouteFrames.mac(3)),
                RouteFrames::raw,
                RouteFrames::raw,
                () -> RouteFrames.sll2(0x0800, RouteFrames.mac(4)));
        for (int i = 0; i < links.size(); i++) {
            Supplier<RouteFrames> link = links.get(i);
            ByteArrayOutputStream s = header(i, 3, 0, 10);
            if (LINK_TYPES[i] != LinkType.IPV6) {
                frame(s, link.get().ipv4("192.0.2.1", "198.51.100.7", RouteFrames.TCP).tcp(40000, 443).build());
                frame(s, link.get().ipv4("198.51.100.7", "192.0.2.1", RouteFrames.TCP).tcp(443, 40000).build());
                frame(s, link.get().ipv4("192.0.2.1", "198.51.100.7", RouteFrames.SCTP, 0x1234, true, 0)
                        .sctp(5000, 6000).build());
                frame(s, link.get().ipv4("192.0.2.1", "198.51.100.7", RouteFrames.SCTP, 0x1234, false, 185)
                        .payload(40).build());
            }
            if (LINK_TYPES[i] != LinkType.IPV4) {
                frame(s, link.get().ipv6("2001:db8::1", "2001:db8::2", RouteFrames.UDP).udp(5000, 53, 20).build());
                frame(s, link.get().ipv6("2001:db8::2", "2001:db8::1", 0).ipv6Extension(44)
                        .ipv6Fragment(RouteFrames.UDP, 0, true, 77).udp(53, 5000, 20).build());
                frame(s, link.get().ipv6("2001:db8::2", "2001:db8::1", 44)
                        .ipv6Fragment(RouteFrames.UDP, 10, false, 77).payload(30).build());
            }
            seeds.put(LinkType.name(LINK_TYPES[i]), s.toByteArray());
        }
        ByteArrayOutputStream s = header(1, 7, 1 | 2 << 1, 20);
        frame(s, RouteFrames.ethernet(RouteFrames.mac(1), RouteFrames.mac(2)).vlan(0x8100, 30)
                .ipv4("10.0.0.1", "10.0.0.2", RouteFrames.ICMP).payload(8).build());
        frame(s, RouteFrames.ethernet(RouteFrames.mac(1), RouteFrames.mac(2))
                .arp(1, RouteFrames.mac(1), "10.0.0.1", RouteFrames.mac(0), "10.0.0.2").build());
        seeds.put("ethernet-vlan-small-table", s.toByteArray());
    }

    private static ByteArrayOutputStream header(int link, int shardsMinus1, int flags, int vlan) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(link);
        s.write(shardsMinus1);
        s.write(flags);
        s.write(vlan);
        return s;
    }

    private static void frame(ByteArrayOutputStream s, byte[] frame) {
        int n = Math.min(frame.length, 255);
        s.write(n);
        s.write(frame, 0, n);
    }
}
