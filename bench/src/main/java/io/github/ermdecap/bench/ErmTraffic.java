// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

/**
 * A deterministic, endless stream of frames as an ERM collector captures them: about 95% ERM datagrams from four
 * switches (five sessions on UDP ports 7932 and 7933) carrying thousands of inner flows, and about 5% traffic of
 * the collector's own (ARP, DNS, SSH). Each {@link #next()} overwrites {@link #frame()}; no allocation per frame.
 *
 * <pre>{@code
 * ErmTraffic t = new ErmTraffic(42);
 * for (int i = 0; i < n; i++) {
 *     int len = t.next();
 *     use(t.epochSecond(), t.nanos(), t.frame(), len);
 * }
 * }</pre>
 */
public final class ErmTraffic {
    /** The largest frame: outer Ethernet, IPv4, UDP and ERM headers (54 bytes) plus a 1514-byte inner frame. */
    public static final int MAX_FRAME = OuterHeaders.LENGTH + 1514;
    /** 2026-01-01T00:00:00Z, the time of the first frame. */
    public static final long START_EPOCH_SECOND = 1_767_225_600L;

    private static final int FLOWS = 4096;
    private static final int POOL = 1 << 20;
    private static final int[] VLANS = {1, 10, 20, 100, 2011, 3000};

    private final SplitMix64 rnd;
    private final OuterHeaders outer;
    private final CollectorTraffic collector;
    private final Flow[] flows = new Flow[FLOWS];
    private final byte[] payload = new byte[POOL];
    private final byte[] frame = new byte[MAX_FRAME];
    private long epochSecond = START_EPOCH_SECOND;
    private int nanos;
    private boolean erm;
    private long records;
    private long ermRecords;

    public ErmTraffic(long seed) {
        this.rnd = new SplitMix64(seed);
        rnd.nextBytes(payload);
        this.outer = new OuterHeaders(rnd);
        this.collector = new CollectorTraffic(rnd, outer);
        for (int i = 0; i < FLOWS; i++) {
            flows[i] = Flow.random(rnd, rnd.nextInt(OuterHeaders.SESSIONS), ermWord());
        }
    }

    /** An ERM word (priority, CFI, VLAN id, is_tagged) as switches fill it in: mostly best effort, some DEI. */
    private int ermWord() {
        int vlan = VLANS[rnd.nextInt(VLANS.length)];
        int p = rnd.nextInt(100);
        int priority = p < 60 ? 2 : p < 70 ? 0 : p < 75 ? 1 : 3 + rnd.nextInt(5);
        int cfi = rnd.nextInt(50) == 0 ? 1 : 0;
        boolean tagged = vlan != 1 && rnd.nextInt(10) != 0;
        return priority << 21 | cfi << 20 | vlan << 8 | (tagged ? 0x80 : 0);
    }

    /** Builds the next frame into {@link #frame()} and returns its length. */
    public int next() {
        advanceClock();
        records++;
        if (rnd.nextInt(100) < 5) {
            erm = false;
            return collector.write(frame, rnd.nextInt(100), innerLength(), payload, rnd.nextInt(POOL - 1514));
        }
        erm = true;
        ermRecords++;
        double u = rnd.nextDouble();
        Flow f = flows[(int) (u * u * FLOWS)]; // a few busy flows, a long tail of quiet ones
        int len = Math.max(innerLength(), f.minLength());
        f.write(frame, OuterHeaders.LENGTH, len, payload, rnd.nextInt(POOL - len));
        outer.write(frame, f.session, f.ermWord, len);
        return OuterHeaders.LENGTH + len;
    }

    /** 40% small (64-128 B), 20% medium (500-600 B), 40% full-size (1400-1514 B). */
    private int innerLength() {
        int c = rnd.nextInt(10);
        return c < 4 ? rnd.between(64, 128) : c < 6 ? rnd.between(500, 600) : rnd.between(1400, 1514);
    }

    private void advanceClock() {
        nanos += rnd.between(200, 20_000);
        if (nanos >= 1_000_000_000) {
            nanos -= 1_000_000_000;
            epochSecond++;
        }
    }

    /** The frame buffer, overwritten by each {@link #next()}. */
    public byte[] frame() {
        return frame;
    }

    public long epochSecond() {
        return epochSecond;
    }

    public int nanos() {
        return nanos;
    }

    /** Whether the last frame is an ERM datagram (else it is the collector's own traffic). */
    public boolean erm() {
        return erm;
    }

    public long records() {
        return records;
    }

    public long ermRecords() {
        return ermRecords;
    }
}
