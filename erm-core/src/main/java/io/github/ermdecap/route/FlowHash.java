package io.github.ermdecap.route;

import io.github.ermdecap.capture.LinkType;
import java.util.Objects;

/**
 * A deterministic, symmetric 64-bit hash of the conversation a captured frame belongs to: both directions of a
 * conversation, and every fragment of its datagrams, hash alike on any machine and JVM. The rules below are
 * the specification, so another tool can reproduce a shard assignment. Immutable and thread-safe; no
 * allocation per call; never throws for any bytes.
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
 * <li>IPv4 (type 0x0800, version 4, 20 bytes captured): class 4; endpoints the source and destination
 *     addresses, header bytes 12..15 and 16..19.</li>
 * <li>IPv6 (type 0x86DD, version 6, 40 bytes captured): class 6; endpoints header bytes 8..23 and 24..39.</li>
 * <li>Otherwise, an Ethernet frame of 12 bytes or more (ARP, LLC, any non-IP EtherType, or IP cut short):
 *     class 1; endpoints the destination and source MAC addresses, bytes 0..5 and 6..11.</li>
 * <li>Otherwise, a whole SLL or SLL2 header: class 2; one field, the 8-byte link-layer address (SLL bytes
 *     6..13, SLL2 bytes 12..19) as captured.</li>
 * <li>Otherwise (unknown link type, too short): class 0 and no field: all such records share one hash.</li>
 * </ul>
 * IP traffic is keyed by its address pair only, whatever the protocol and ports: a non-first fragment carries
 * no ports, so this is the only stateless key that puts every fragment of a datagram with the rest of its
 * conversation. The price is granularity: all conversations between the same two hosts share a shard.
 * Nothing after the fixed IP header is read (IPv6 extension and fragment headers included).
 *
 * <h2>3. Serialisation and hash</h2>
 * The bytes hashed are: the class byte; then, only when the VLAN id takes part, the VLAN id as 2 bytes
 * big-endian (the frame's outermost tag, else the caller's {@code vlanId}, 0 for none); then the two endpoints
 * in unsigned lexicographic byte order, lower first (which makes the hash symmetric). The hash is 64-bit
 * FNV-1a over those bytes (offset basis {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}) followed
 * by the MurmurHash3 {@code fmix64} finaliser ({@code h ^= h >>> 33; h *= 0xff51afd7ed558ccd; h ^= h >>> 33;
 * h *= 0xc4ceb9fe1a85ec53; h ^= h >>> 33}), so that the low bits, which pick the shard, depend on every
 * input bit. The shard of {@code n} is the unsigned remainder {@code hash % n}. Reference vectors:
 * <ul>
 * <li>IPv4 192.0.2.1 &harr; 198.51.100.7, no VLAN: bytes {@code 04 c0000201 c6336407}, hash
 *     {@code 0x65e559680344a29d}, shard 1 of 4</li>
 * <li>IPv6 2001:db8::1 &harr; 2001:db8::2, no VLAN: hash {@code 0x0d575f12f8087c76}</li>
 * <li>MAC 02:00:00:00:00:01 &harr; 02:00:00:00:00:02, VLAN 10 in the hash: bytes
 *     {@code 01 000a 020000000001 020000000002}, hash {@code 0x2fcd3848b489c4d1}</li>
 * <li>No key (unknown link type), no VLAN: bytes {@code 00}, hash {@code 0xb9034ad37056f5fb}</li>
 * </ul>
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

    static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

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
        Objects.checkFromIndexSize(off, len, data.length);
        int end = off + len;
        int vlan = vlanId & 0xFFF;
        switch (linkType) {
            case LinkType.ETHERNET: return tagged(linkType, data, off, off + 12, off + 14, end, vlan);
            case LinkType.LINUX_SLL: return tagged(linkType, data, off, off + 14, off + 16, end, vlan);
            case LinkType.LINUX_SLL2: return tagged(linkType, data, off, off, off + 20, end, vlan);
            case LinkType.NULL: return ipByFamily(data, off, end, vlan, nullFamily(data, off, end));
            case LinkType.LOOP: return ipByFamily(data, off, end, vlan, loopFamily(data, off, end));
            case LinkType.RAW: return ip(data, off, end, vlan, off < end ? (data[off] & 0xF0) >>> 4 : 0);
            case LinkType.IPV4: return ip(data, off, end, vlan, 4);
            case LinkType.IPV6: return ip(data, off, end, vlan, 6);
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
    private long tagged(int linkType, byte[] b, int off, int typeAt, int payloadAt, int end, int vlan) {
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
            return ipPair(b, payloadAt, vlan, 4);
        }
        if (type == ETHERTYPE_IPV6 && isIp(b, payloadAt, end, 6)) {
            return ipPair(b, payloadAt, vlan, 6);
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

    private long ipByFamily(byte[] b, int off, int end, int vlan, long family) {
        if (family < 0) {
            return none(vlan);
        }
        int version = family == 2 ? 4 : family == 24 || family == 28 || family == 30 ? 6 : 0;
        return ip(b, off + 4, end, vlan, version);
    }

    private long ip(byte[] b, int at, int end, int vlan, int version) {
        return isIp(b, at, end, version) ? ipPair(b, at, vlan, version) : none(vlan);
    }

    private static boolean isIp(byte[] b, int at, int end, int version) {
        int headerLength = version == 4 ? 20 : version == 6 ? 40 : Integer.MAX_VALUE;
        return end - at >= headerLength && (b[at] & 0xF0) >>> 4 == version;
    }

    private long ipPair(byte[] b, int at, int vlan, int version) {
        return version == 4
                ? pair(start(KEY_IPV4, vlan), b, at + 12, at + 16, 4)
                : pair(start(KEY_IPV6, vlan), b, at + 8, at + 24, 16);
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
        boolean swap = compare(b, first, second, n) > 0;
        h = bytes(h, b, swap ? second : first, n);
        return finish(bytes(h, b, swap ? first : second, n));
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
