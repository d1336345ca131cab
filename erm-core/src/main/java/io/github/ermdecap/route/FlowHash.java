// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.route;

import io.github.ermdecap.capture.LinkType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A deterministic, symmetric 64-bit hash of the conversation a captured frame belongs to: both directions of a
 * conversation hash alike on any machine and JVM. The rules below are the specification, so another tool can
 * reproduce a shard assignment. Immutable and thread-safe; no allocation per call; never throws for any bytes.
 * The hash is stateless: fragments at a nonzero offset carry no ports, so they hash on their address pair;
 * {@link ShardRouter} remembers where each datagram's first fragment went and sends the rest after it.
 *
 * <pre>{@code
 * long h = FlowHash.DEFAULT.hash(LinkType.ETHERNET, data, off, len);
 * int shard = FlowHash.shard(h, 4);
 * }</pre>
 *
 * <h2>1. The network header</h2>
 * <ul>
 * <li>ETHERNET (1): EtherType at bytes 12..13, payload at 14.</li>
 * <li>LINUX_SLL (113): protocol at 14..15, payload at 16. LINUX_SLL2 (276): protocol at 0..1, payload at 20.</li>
 * <li>After those three, while the type is a VLAN TPID (0x8100, 0x88A8, 0x9100) and 4 payload bytes are
 *     captured, the tag is skipped: its TCI, then the next type, then the payload 4 bytes further. The VLAN id
 *     is the low 12 bits of the first (outermost) tag's TCI.</li>
 * <li>NULL (0) and LOOP (108): a 4-byte address family (NULL: host order, read little-endian, and big-endian
 *     if that gives 65536 or more; LOOP: big-endian), payload at 4. Family 2 is IPv4; 24, 28, 30 are IPv6.</li>
 * <li>RAW (101): the version nibble of byte 0 (4 or 6). IPV4 (228), IPV6 (229): that version only.</li>
 * </ul>
 *
 * <h2>2. The key</h2>
 * <ul>
 * <li>IPv4 (type 0x0800, version 4, 20 bytes captured). IHL is 4 &times; the low nibble of byte 0, the
 *     protocol byte 9, the fragment offset the low 13 bits of bytes 6..7 (0x2000 there: more fragments).
 *     When the offset is 0, the protocol is TCP (6), UDP (17) or SCTP (132), IHL is 20 or more and IHL + 4
 *     bytes are captured: class 0x14, the protocol byte, and two endpoints of 6 bytes: source address (bytes
 *     12..15) then source port (L4 bytes 0..1), destination address (16..19) then destination port (L4 bytes
 *     2..3). Otherwise (other protocols, fragments at a nonzero offset, ports not captured): class 4 and the
 *     address pair, bytes 12..15 and 16..19, no protocol.</li>
 * <li>IPv6 (type 0x86DD, version 6, 40 bytes captured). From the next header (byte 6) at byte 40, headers
 *     0, 43 and 60 are followed (next header at their byte 0, length 8 &times; (byte 1 + 1)) and 44 (fragment:
 *     next header at byte 0, offset bytes 2..3 shifted right by 3, more fragments bit 0 of byte 3,
 *     identification bytes 4..7, length 8), as long as their first 2 (fragment: 8) bytes are captured. If the
 *     header reached is 6, 17 or 132, no fragment header gave a nonzero offset and 4 of its bytes are captured:
 *     class 0x16, the protocol, and two endpoints of 18 bytes: source address (bytes 8..23) then source port,
 *     destination address (24..39) then destination port. Otherwise: class 6 and the address pair.</li>
 * <li>Otherwise, an Ethernet frame of 12 bytes or more (ARP, LLC, any non-IP EtherType, or IP cut short):
 *     class 1; endpoints the destination and source MAC addresses, bytes 0..5 and 6..11.</li>
 * <li>Otherwise, a whole SLL or SLL2 header: class 2; one field, the 8-byte link-layer address (SLL bytes
 *     6..13, SLL2 bytes 12..19) as captured.</li>
 * <li>Otherwise (unknown link type, too short): class 0 and no field: all such records share one hash.</li>
 * </ul>
 * Other IP protocols (ICMP, GRE, ESP...) are keyed by the address pair alone, the protocol left out, so that
 * every port-less packet between two hosts (fragments included) shares one documented key.
 *
 * <h2>3. Serialisation and hash</h2>
 * The bytes hashed are: the class byte; then, only when the VLAN id takes part, the VLAN id as 2 bytes
 * big-endian (the frame's outermost tag, else the caller's {@code vlanId}, 0 for none); then, for classes 0x14
 * and 0x16 only, the protocol byte; then the two endpoints in unsigned lexicographic byte order, lower first
 * (which makes the hash symmetric). The hash is 64-bit FNV-1a over those bytes (offset basis
 * {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}) followed by the MurmurHash3 {@code fmix64}
 * finaliser ({@code h ^= h >>> 33; h *= 0xff51afd7ed558ccd; h ^= h >>> 33; h *= 0xc4ceb9fe1a85ec53;
 * h ^= h >>> 33}), so that the low bits, which pick the shard, depend on every input bit. The shard of
 * {@code n} is the unsigned remainder {@code hash % n}. Reference vectors:
 * <ul>
 * <li>IPv4 TCP 192.0.2.1:40000 &harr; 198.51.100.7:443, no VLAN: bytes
 *     {@code 14 06 c0000201 9c40 c6336407 01bb}, hash {@code 0x65b0b10af9a896b6}, shard 2 of 4</li>
 * <li>IPv4 192.0.2.1 &harr; 198.51.100.7, not TCP/UDP/SCTP or a later fragment, no VLAN: bytes
 *     {@code 04 c0000201 c6336407}, hash {@code 0x65e559680344a29d}, shard 1 of 4</li>
 * <li>IPv6 UDP [2001:db8::1]:5000 &harr; [2001:db8::2]:53, no VLAN: hash {@code 0x54cdf2ff02b7819a}</li>
 * <li>MAC 02:00:00:00:00:01 &harr; 02:00:00:00:00:02, VLAN 10 in the hash: bytes
 *     {@code 01 000a 020000000001 020000000002}, hash {@code 0x2fcd3848b489c4d1}</li>
 * <li>No key (unknown link type), no VLAN: bytes {@code 00}, hash {@code 0xb9034ad37056f5fb}</li>
 * </ul>
 *
 * <h2>4. Fragments</h2>
 * For an IP fragment, {@link #key} also gives a fingerprint of its datagram ({@link FlowKey#datagram()}):
 * the same FNV-1a and finaliser over class 0x84 (IPv4) or 0x86 (IPv6), the VLAN id when it takes part, the
 * protocol (IPv4 byte 9; the IPv6 fragment header's next header), the ordered address pair, and the
 * identification as in the header (IPv4 bytes 4..5; IPv6 fragment header bytes 4..7).
 */
public final class FlowHash {
    /** VLAN id not in the hash. */
    public static final FlowHash DEFAULT = new FlowHash(false);
    /** VLAN id in the hash. */
    public static final FlowHash WITH_VLAN = new FlowHash(true);

    /** Key classes: the first byte hashed. */
    static final int KEY_NONE = 0;
    static final int KEY_MAC = 1;
    static final int KEY_LINK_ADDRESS = 2;
    static final int KEY_IPV4 = 4;
    static final int KEY_IPV6 = 6;
    static final int KEY_IPV4_PORTS = 0x14;
    static final int KEY_IPV6_PORTS = 0x16;
    static final int DATAGRAM_IPV4 = 0x84;
    static final int DATAGRAM_IPV6 = 0x86;

    static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    /** Big-endian views of byte arrays: addresses read and compared a word at a time. */
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;

    private final boolean vlanInHash;

    private FlowHash(boolean vlanInHash) {
        this.vlanInHash = vlanInHash;
    }

    public static FlowHash of(boolean vlanInHash) {
        return vlanInHash ? WITH_VLAN : DEFAULT;
    }

    public boolean vlanInHash() {
        return vlanInHash;
    }

    /** The hash of a frame, with no VLAN id known beyond the frame's own tags. */
    public long hash(int linkType, byte[] data, int off, int len) {
        return hash(linkType, data, off, len, 0);
    }

    /**
     * The hash of a frame; {@code vlanId} (low 12 bits) stands for the VLAN when the frame carries no tag,
     * e.g. the ERM header's VLAN id of an inner frame whose tag was not restored. Throws only
     * {@link IndexOutOfBoundsException} when the slice lies outside {@code data}.
     */
    public long hash(int linkType, byte[] data, int off, int len, int vlanId) {
        return compute(linkType, data, off, len, vlanId, null);
    }

    /** As {@link #hash(int, byte[], int, int, int)}, also telling {@code into} about IP fragments; returns it. */
    public FlowKey key(int linkType, byte[] data, int off, int len, int vlanId, FlowKey into) {
        into.reset();
        into.hash(compute(linkType, data, off, len, vlanId, into));
        return into;
    }

    private long compute(int linkType, byte[] data, int off, int len, int vlanId, FlowKey k) {
        Objects.checkFromIndexSize(off, len, data.length);
        int end = off + len;
        int vlan = vlanId & 0xFFF;
        switch (linkType) {
            case LinkType.ETHERNET: return tagged(linkType, data, off, off + 12, off + 14, end, vlan, k);
            case LinkType.LINUX_SLL: return tagged(linkType, data, off, off + 14, off + 16, end, vlan, k);
            case LinkType.LINUX_SLL2: return tagged(linkType, data, off, off, off + 20, end, vlan, k);
            case LinkType.NULL: return ipByFamily(data, off, end, vlan, nullFamily(data, off, end), k);
            case LinkType.LOOP: return ipByFamily(data, off, end, vlan, loopFamily(data, off, end), k);
            case LinkType.RAW: return ip(data, off, end, vlan, off < end ? (data[off] & 0xF0) >>> 4 : 0, k);
            case LinkType.IPV4: return ip(data, off, end, vlan, 4, k);
            case LinkType.IPV6: return ip(data, off, end, vlan, 6, k);
            default: return none(vlan);
        }
    }

    /** The shard of {@code hash} among {@code shards}: the unsigned remainder. */
    public static int shard(long hash, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards: " + shards + " (expected: 1 or more)");
        }
        return (int) Long.remainderUnsigned(hash, shards);
    }

    /** Ethernet, SLL, SLL2: a type field at typeAt, the payload at payloadAt, VLAN tags between. */
    private long tagged(int linkType, byte[] b, int off, int typeAt, int payloadAt, int end, int vlan, FlowKey k) {
        if (end - off < payloadAt - off) {
            return linkType == LinkType.ETHERNET && end - off >= 12 ? macPair(b, off, vlan) : none(vlan);
        }
        int type = u16(b, typeAt);
        if (isVlanTpid(type) && end - payloadAt >= 4) {
            vlan = u16(b, payloadAt) & 0xFFF;
            do {
                type = u16(b, payloadAt + 2);
                payloadAt += 4;
            } while (isVlanTpid(type) && end - payloadAt >= 4);
        }
        if (type == ETHERTYPE_IPV4 && isIp(b, payloadAt, end, 4)) {
            return ipv4(b, payloadAt, end, vlan, k);
        }
        if (type == ETHERTYPE_IPV6 && isIp(b, payloadAt, end, 6)) {
            return ipv6(b, payloadAt, end, vlan, k);
        }
        return notIp(linkType, b, off, vlan);
    }

    /** The key of a frame with a whole link header but no IP header: MAC pair or SLL link address. */
    private long notIp(int linkType, byte[] b, int off, int vlan) {
        if (linkType == LinkType.ETHERNET) {
            return macPair(b, off, vlan);
        }
        int address = linkType == LinkType.LINUX_SLL2 ? off + 12 : off + 6;
        return finish(bytes(start(KEY_LINK_ADDRESS, vlan), b, address, 8));
    }

    private long ipByFamily(byte[] b, int off, int end, int vlan, long family, FlowKey k) {
        if (family < 0) {
            return none(vlan);
        }
        int version = family == 2 ? 4 : family == 24 || family == 28 || family == 30 ? 6 : 0;
        return ip(b, off + 4, end, vlan, version, k);
    }

    private long ip(byte[] b, int at, int end, int vlan, int version, FlowKey k) {
        if (!isIp(b, at, end, version)) {
            return none(vlan);
        }
        return version == 4 ? ipv4(b, at, end, vlan, k) : ipv6(b, at, end, vlan, k);
    }

    private static boolean isIp(byte[] b, int at, int end, int version) {
        int headerLength = version == 4 ? 20 : version == 6 ? 40 : Integer.MAX_VALUE;
        return end - at >= headerLength && (b[at] & 0xF0) >>> 4 == version;
    }

    /** IPv4 with its 20 fixed bytes captured: 5-tuple, or address pair for fragments and other protocols. */
    private long ipv4(byte[] b, int at, int end, int vlan, FlowKey k) {
        int ihl = (b[at] & 0x0F) * 4;
        int protocol = b[at + 9] & 0xFF;
        int flags = u16(b, at + 6);
        int offset = flags & 0x1FFF;
        if (k != null && (offset != 0 || (flags & 0x2000) != 0)) {
            long h = start(DATAGRAM_IPV4, vlan);
            h = ordered(fnv(h, protocol), b, at + 12, at + 16, 4);
            k.fragment(offset != 0 ? FlowKey.Fragment.LATER : FlowKey.Fragment.FIRST, finish(bytes(h, b, at + 4, 2)));
        }
        if (offset == 0 && hasPorts(protocol) && ihl >= 20 && end - at - ihl >= 4) {
            return ports4(vlan, protocol, b, at, at + ihl);
        }
        return pair4(vlan, b, at);
    }

    /** IPv6 with its 40 fixed bytes captured: extension headers 0, 43, 60 and 44 followed. */
    private long ipv6(byte[] b, int at, int end, int vlan, FlowKey k) {
        int next = b[at + 6] & 0xFF;
        int p = at + 40;
        boolean later = false;
        while (!later) {
            if ((next == 0 || next == 43 || next == 60) && end - p >= 2) {
                next = b[p] & 0xFF;
                p += 8 * ((b[p + 1] & 0xFF) + 1);
            } else if (next == 44 && end - p >= 8) {
                int fragment = u16(b, p + 2);
                later = fragment >>> 3 != 0;
                next = b[p] & 0xFF;
                if (k != null && (later || (fragment & 1) != 0)) {
                    long h = ordered(fnv(start(DATAGRAM_IPV6, vlan), next), b, at + 8, at + 24, 16);
                    k.fragment(later ? FlowKey.Fragment.LATER : FlowKey.Fragment.FIRST, finish(bytes(h, b, p + 4, 4)));
                }
                p += 8;
            } else {
                break;
            }
        }
        if (!later && hasPorts(next) && end - p >= 4) {
            return ports6(vlan, next, b, at, p);
        }
        return pair6(vlan, b, at);
    }

    private static boolean hasPorts(int protocol) {
        return protocol == 6 || protocol == 17 || protocol == 132;
    }

    /** IPv4 5-tuple: class, [VLAN], protocol, then (address, port) endpoints, the lower first. */
    private long ports4(int vlan, int protocol, byte[] b, int at, int l4) {
        int src = (int) INT.get(b, at + 12);
        int dst = (int) INT.get(b, at + 16);
        int srcPort = u16(b, l4);
        int dstPort = u16(b, l4 + 2);
        int c = Integer.compareUnsigned(src, dst);
        boolean swap = c > 0 || c == 0 && srcPort > dstPort;
        long h = fnv(start(KEY_IPV4_PORTS, vlan), protocol);
        h = fnv16(fnv32(h, swap ? dst : src), swap ? dstPort : srcPort);
        return finish(fnv16(fnv32(h, swap ? src : dst), swap ? srcPort : dstPort));
    }

    /** IPv6 5-tuple: class, [VLAN], protocol, then (address, port) endpoints, the lower first. */
    private long ports6(int vlan, int protocol, byte[] b, int at, int l4) {
        long srcHigh = (long) LONG.get(b, at + 8);
        long srcLow = (long) LONG.get(b, at + 16);
        long dstHigh = (long) LONG.get(b, at + 24);
        long dstLow = (long) LONG.get(b, at + 32);
        int srcPort = u16(b, l4);
        int dstPort = u16(b, l4 + 2);
        int c = Long.compareUnsigned(srcHigh, dstHigh);
        c = c != 0 ? c : Long.compareUnsigned(srcLow, dstLow);
        boolean swap = c > 0 || c == 0 && srcPort > dstPort;
        long h = fnv(start(KEY_IPV6_PORTS, vlan), protocol);
        h = fnv16(fnv64(fnv64(h, swap ? dstHigh : srcHigh), swap ? dstLow : srcLow), swap ? dstPort : srcPort);
        return finish(fnv16(fnv64(fnv64(h, swap ? srcHigh : dstHigh), swap ? srcLow : dstLow),
                swap ? srcPort : dstPort));
    }

    /** IPv4 address pair: class, [VLAN], the lower address first. */
    private long pair4(int vlan, byte[] b, int at) {
        int src = (int) INT.get(b, at + 12);
        int dst = (int) INT.get(b, at + 16);
        boolean swap = Integer.compareUnsigned(src, dst) > 0;
        return finish(fnv32(fnv32(start(KEY_IPV4, vlan), swap ? dst : src), swap ? src : dst));
    }

    /** IPv6 address pair: class, [VLAN], the lower address first. */
    private long pair6(int vlan, byte[] b, int at) {
        long srcHigh = (long) LONG.get(b, at + 8);
        long srcLow = (long) LONG.get(b, at + 16);
        long dstHigh = (long) LONG.get(b, at + 24);
        long dstLow = (long) LONG.get(b, at + 32);
        int c = Long.compareUnsigned(srcHigh, dstHigh);
        boolean swap = (c != 0 ? c : Long.compareUnsigned(srcLow, dstLow)) > 0;
        long h = fnv64(fnv64(start(KEY_IPV6, vlan), swap ? dstHigh : srcHigh), swap ? dstLow : srcLow);
        return finish(fnv64(fnv64(h, swap ? srcHigh : dstHigh), swap ? srcLow : dstLow));
    }

    private long macPair(byte[] b, int off, int vlan) {
        return pair(start(KEY_MAC, vlan), b, off, off + 6, 6);
    }

    private long none(int vlan) {
        return finish(start(KEY_NONE, vlan));
    }

    /** FNV-1a state after the class byte and, when it takes part, the VLAN id. */
    private long start(int keyClass, int vlan) {
        long h = fnv(FNV_OFFSET_BASIS, keyClass);
        return vlanInHash ? fnv(fnv(h, vlan >>> 8), vlan) : h;
    }

    /** Both endpoints of n bytes, the lower (unsigned lexicographic) first, then the finaliser. */
    private static long pair(long h, byte[] b, int first, int second, int n) {
        return finish(ordered(h, b, first, second, n));
    }

    /** Both endpoints of n bytes, the lower (unsigned lexicographic) first. */
    private static long ordered(long h, byte[] b, int first, int second, int n) {
        boolean swap = compare(b, first, second, n) > 0;
        h = bytes(h, b, swap ? second : first, n);
        return bytes(h, b, swap ? first : second, n);
    }

    private static int compare(byte[] b, int first, int second, int n) {
        for (int i = 0; i < n; i++) {
            int d = (b[first + i] & 0xFF) - (b[second + i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private static long bytes(long h, byte[] b, int at, int n) {
        for (int i = at; i < at + n; i++) {
            h = fnv(h, b[i]);
        }
        return h;
    }

    private static long fnv(long h, int octet) {
        return (h ^ (octet & 0xFF)) * FNV_PRIME;
    }

    /** FNV-1a over the 2 bytes of {@code v}, most significant first. */
    private static long fnv16(long h, int v) {
        return fnv(fnv(h, v >>> 8), v);
    }

    /** FNV-1a over the 4 bytes of {@code v}, most significant first. */
    private static long fnv32(long h, int v) {
        return fnv(fnv(fnv(fnv(h, v >>> 24), v >>> 16), v >>> 8), v);
    }

    private static long fnv64(long h, long v) {
        return fnv32(fnv32(h, (int) (v >>> 32)), (int) v);
    }

    /** MurmurHash3 fmix64. */
    static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ h >>> 33;
    }

    private static boolean isVlanTpid(int type) {
        return type == 0x8100 || type == 0x88A8 || type == 0x9100;
    }

    private static long nullFamily(byte[] b, int off, int end) {
        if (end - off < 4) {
            return -1;
        }
        long little = (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16
                | (long) (b[off + 3] & 0xFF) << 24;
        return little >= 65536 ? loopFamily(b, off, end) : little;
    }

    private static long loopFamily(byte[] b, int off, int end) {
        return end - off < 4 ? -1 : (long) u16(b, off) << 16 | u16(b, off + 2);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }
}
