// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import io.github.ermdecap.capture.PcapngBuilder;
import io.github.ermdecap.capture.PcapngBuilder.Option;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded pcapng test captures that know their true block boundaries: ERM and plain frames on several
 * interfaces, packet comments and flags, statistics, name resolution and custom blocks, and payloads that hold
 * fake pcapng blocks (single ones and whole chains, their trailing lengths matching), for the resync.
 */
final class PcapngCaptures {
    final Random random;
    final Captures frames;
    final PcapngBuilder b = new PcapngBuilder();
    private final List<Long> starts = new ArrayList<>();
    private final boolean bigEndian;
    private long units = 1_700_000_000_000_000L;

    PcapngCaptures(long seed, boolean bigEndian) {
        this.random = new Random(seed);
        this.frames = new Captures(seed, false, 65535);
        this.bigEndian = bigEndian;
        mark();
        b.shb(bigEndian, Option.comment("test section " + seed), Option.string(2, "test hardware"));
    }

    /** Offsets of every block, then of the end: the true block boundaries. */
    List<Long> boundaries() {
        List<Long> l = new ArrayList<>(starts);
        l.add((long) b.size());
        return l;
    }

    byte[] bytes() {
        return b.bytes();
    }

    int size() {
        return b.size();
    }

    private void mark() {
        starts.add((long) b.size());
    }

    PcapngCaptures idb(int linkType, long snaplen, Option... options) {
        mark();
        b.idb(linkType, snaplen, options);
        return this;
    }

    /** One packet on {@code iface}: ERM mostly, else a plain frame whose payload holds fake blocks. */
    PcapngCaptures packet(int iface) {
        units += 1 + random.nextInt(5000);
        byte[] frame;
        int kind = random.nextInt(10);
        if (kind < 6) {
            frame = frames.erm(random.nextInt(2), 10 + random.nextInt(3), 14 + random.nextInt(600));
        } else if (kind < 8) {
            frame = frames.plainUdp(fakeBlocks(random.nextInt(600)));
        } else {
            byte[] chain = fakeChain(4 + random.nextInt(10));
            byte[] aligned = new byte[2 + chain.length]; // the UDP payload starts 2 bytes off a multiple of 4
            System.arraycopy(chain, 0, aligned, 2, chain.length);
            frame = frames.plainUdp(aligned);
        }
        Option[] options;
        switch (random.nextInt(8)) {
            case 0: options = new Option[] {Option.comment("packet " + units)}; break;
            case 1: options = new Option[] {Option.u32(2, 1 + random.nextInt(3))}; break;
            case 2: options = new Option[] {Option.comment("a"), Option.comment("b"), Option.u32(2, 2)}; break;
            default: options = new Option[0];
        }
        mark();
        b.epb(iface, units, frame, options);
        return this;
    }

    /** {@code n} packets on interfaces chosen from {@code ifaces}, with now and then a block that is not one. */
    PcapngCaptures packets(int n, int... ifaces) {
        for (int i = 0; i < n; i++) {
            packet(ifaces[random.nextInt(ifaces.length)]);
            int other = random.nextInt(40);
            if (other == 0) {
                mark();
                b.isb(ifaces[0], units, random.nextInt(100));
            } else if (other == 1) {
                mark();
                b.nrb(new byte[] {10, 1, 0, 1}, "switch-" + i);
            } else if (other == 2) {
                mark();
                b.custom(PcapngBuilder.CUSTOM, 32473, fakeChain(3));
            }
        }
        return this;
    }

    /** An Enhanced Packet Block whose whole block is {@code total} bytes (a multiple of 4, at least 32). */
    PcapngCaptures packetOfSize(int iface, int total) {
        byte[] data = new byte[total - 32];
        random.nextBytes(data);
        mark();
        b.epb(iface, ++units, data);
        return this;
    }

    PcapngCaptures custom(byte[] data) {
        mark();
        b.custom(PcapngBuilder.CUSTOM, 32473, data);
        return this;
    }

    PcapngCaptures raw(byte[] bytes) {
        b.raw(bytes);
        return this;
    }

    /** Random bytes holding, every so often at a 4-aligned offset, a whole fake block with matching lengths. */
    byte[] fakeBlocks(int length) {
        byte[] d = new byte[length];
        random.nextBytes(d);
        for (int at = 2; at + 44 <= length; at += 4 * (1 + random.nextInt(30))) {
            int total = 32 + 4 * random.nextInt(3);
            if (at + total > length) {
                break;
            }
            ByteBuffer h = ByteBuffer.wrap(d, at, total).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            h.putInt(6).putInt(total).putInt(0).putInt(0).putInt(0).putInt(total - 32).putInt(total - 32);
            h.position(total - 4);
            h.putInt(total);
        }
        return d;
    }

    /** A payload that is a whole fake chain of small Enhanced Packet Blocks in the file's byte order. */
    byte[] fakeChain(int blocks) {
        PcapngBuilder f = new PcapngBuilder();
        if (bigEndian) {
            // the builder's byte order is set by a section header: build one and cut it off
            f.shb(true);
        }
        int skip = f.size();
        for (int i = 0; i < blocks; i++) {
            byte[] data = new byte[random.nextInt(60)];
            random.nextBytes(data);
            f.epb(random.nextInt(2), units + i, data);
        }
        byte[] all = f.bytes();
        byte[] chain = new byte[all.length - skip];
        System.arraycopy(all, skip, chain, 0, chain.length);
        return chain;
    }
}
