// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.fuzz.FuzzInputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link ErmDecapsulator#decapsulate(int, byte[], int, int, long)} on raw
 * frames of every link type the engine reads, with every option.
 *
 * <p>An input is a 6-byte header, then the record. Header: byte 0 the link type (index into
 * {@link #LINK_TYPES}, the last one unsupported), byte 1 flags (bits 0-1 VLAN mode, bit 2 auto-detection,
 * bit 3 drop non-ERM, bit 4 no port set, bits 5-6 how many bytes before the record and bit 7 after it stay
 * outside the slice), byte 2 the depth, byte 3 the original length minus the captured one (signed: a record
 * may be unsound), bytes 4-5 a second ERM port (0: none).
 *
 * <p>Checked: nothing is thrown; the frame lies inside the input slice (or, with a tag inserted, is that
 * slice's frame plus the 4-byte tag); bytes outside the slice change nothing (the same record in an array
 * of its own gives the same result); a record that is not decapsulated comes back unchanged; a decapsulated
 * one is Ethernet, at least 14 bytes, 1..depth layers deep, and its original length is not below its
 * captured length when the record's was not; keep() follows the policy; the statistics count the record.
 */
public class DecapsulationFuzzTest {
    static final int[] LINK_TYPES = {
        LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4,
        LinkType.IPV6, LinkType.LINUX_SLL2, 147,
    };
    static final int HEADER = 6;
    private static final VlanMode[] VLAN_MODES = {VlanMode.NEVER, VlanMode.TAGGED, VlanMode.ALWAYS, VlanMode.ALWAYS};

    @FuzzTest
    void decapsulate(byte[] input) {
        if (input.length < HEADER) {
            return;
        }
        int linkType = LINK_TYPES[(input[0] & 0xFF) % LINK_TYPES.length];
        int flags = input[1] & 0xFF;
        DecapOptions options = options(flags, input[2] & 0xFF, (input[4] & 0xFF) << 8 | (input[5] & 0xFF));
        int before = (flags >> 5) & 3;
        int after = (flags >> 7) & 1;
        int off = HEADER + before;
        int len = input.length - off - after;
        if (len < 0) {
            return;
        }
        long orig = Math.max(0, len + input[3]);
        check(options, linkType, input, off, len, orig);
    }

    static DecapOptions options(int flags, int depth, int port) {
        DecapOptions o = DecapOptions.DEFAULT.withVlanMode(VLAN_MODES[flags & 3])
                .withMaxDepth(1 + depth % DecapOptions.MAX_DEPTH_LIMIT)
                .withNonErmPolicy((flags & 8) != 0 ? NonErmPolicy.DROP : NonErmPolicy.PASS);
        if ((flags & 16) != 0) {
            return o.withNoPorts();
        }
        if (port != 0) {
            o = o.withPorts(DecapOptions.DEFAULT_PORT, port);
        }
        return o.withAutoDetect((flags & 4) != 0);
    }

    static void check(DecapOptions options, int linkType, byte[] data, int off, int len, long orig) {
        ErmDecapsulator engine = new ErmDecapsulator(options);
        DecapResult d = engine.decapsulate(linkType, data, off, len, orig);
        String what = d + " of " + LinkType.name(linkType) + " " + off + "+" + len + " (orig " + orig + ") in "
                + data.length + " bytes, " + options;
        byte[] frame = Arrays.copyOfRange(d.array(), d.offset(), d.offset() + d.length());

        // the same record alone in an array of its own: the bytes around the slice are never read
        byte[] alone = Arrays.copyOfRange(data, off, off + len);
        DecapResult a = new ErmDecapsulator(options).decapsulate(linkType, alone, 0, len, orig);
        if (a.outcome() != d.outcome() || a.length() != d.length() || a.originalLength() != d.originalLength()
                || a.depth() != d.depth() || a.ermWord() != d.ermWord() || a.anomalous() != d.anomalous()
                || a.port() != d.port() || a.keep() != d.keep() || a.tagInserted() != d.tagInserted()
                || !Arrays.equals(frame, Arrays.copyOfRange(a.array(), a.offset(), a.offset() + a.length()))) {
            fail(what, "alone in its own array it gives " + a);
        }
        if (engine.stats().records() != 1 || engine.stats().count(d.outcome()) != 1) {
            fail(what, "statistics count " + engine.stats().records() + " records");
        }
        // --drop-other keeps only decapsulated frames: malformed ERM is dropped too (issue 9 item 11)
        boolean expectKeep = d.outcome() == Outcome.DECAPSULATED || options.nonErmPolicy() == NonErmPolicy.PASS;
        if (d.keep() != expectKeep) {
            fail(what, "keep() " + d.keep());
        }
        if (!d.decapsulated()) {
            if (d.array() != data || d.offset() != off || d.length() != len || d.originalLength() != orig
                    || d.linkType() != linkType || d.depth() != 0 || d.tagInserted()) {
                fail(what, "a record passed through is not the record");
            }
            return;
        }
        if (d.linkType() != LinkType.ETHERNET || d.depth() < 1 || d.depth() > options.maxDepth()) {
            fail(what, "link type " + d.linkType() + ", depth " + d.depth());
        }
        if (orig >= len && d.originalLength() < d.length()) {
            fail(what, "original length below the captured length");
        }
        if (!d.tagInserted()) {
            if (d.array() != data || d.offset() < off || d.offset() + d.length() > off + len || d.length() < 14) {
                fail(what, "the frame is not inside the record");
            }
            return;
        }
        // a tag was inserted: the frame without it is what the engine finds without tagging
        DecapResult u = new ErmDecapsulator(options.withVlanMode(VlanMode.NEVER))
                .decapsulate(linkType, data, off, len, orig);
        if (!u.decapsulated() || u.array() != data || u.offset() < off || u.offset() + u.length() > off + len
                || d.length() != u.length() + 4 || d.originalLength() != u.originalLength() + 4) {
            fail(what, "untagged, it is " + u);
        }
        byte[] untagged = Arrays.copyOfRange(data, u.offset(), u.offset() + u.length());
        if (!Arrays.equals(frame, 0, 12, untagged, 0, 12)
                || !Arrays.equals(frame, 16, frame.length, untagged, 12, untagged.length)
                || (frame[12] & 0xFF) != 0x81 || frame[13] != 0
                || ((frame[14] & 0x0F) << 8 | (frame[15] & 0xFF)) != d.vlanId()) {
            fail(what, "the tagged frame is not the untagged one with an 802.1Q tag of VLAN " + d.vlanId());
        }
    }

    private static void fail(String what, String why) {
        throw new AssertionError(what + ": " + why);
    }

    /**
     * Writes the seeds: ERM on every link type, nested, tagged, truncated, malformed, and non-ERM records.
     * With {@code --records CAPTURE DIR}: writes every record of a capture as an input into a corpus folder
     * instead (run.sh adds the real samples so, which are never committed).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--records")) {
            records(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        FuzzInputs seeds = FuzzInputs.of(Path.of(args[0]), DecapsulationFuzzTest.class, "decapsulate");
        byte[] v6a = ErmFrames.ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        byte[] v6b = ErmFrames.ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64);
        for (int i = 0; i < LINK_TYPES.length - 1; i++) {
            int lt = LINK_TYPES[i];
            seeds.put(LinkType.name(lt) + "-v4", seed(i, 0, ErmFrames.erm().link(lt).build()));
            if (lt != LinkType.IPV4) {
                ErmFrames f = ErmFrames.erm().link(lt).addresses(v6a, v6b);
                f.ipv6ExtensionHeaders = new int[] {0, 43, 60};
                seeds.put(LinkType.name(lt) + "-v6-ext", seed(i, 0, f.build()));
            }
        }
        int eth = 1;
        seeds.put("ethernet-tags-always", seed(eth, 2, ErmFrames.erm().tags(0x88a8, 0x8100)
                .word(ErmFrames.word(5, true, 20, true)).build()));
        seeds.put("ethernet-nested-tagged", seed(eth, 1, ErmFrames.erm()
                .inner(ErmFrames.erm().vlan(30).build()).word(ErmFrames.word(2, false, 10, true)).build()));
        ErmFrames opts = ErmFrames.erm().ports(7933, 5);
        opts.ipv4Options = new byte[] {1, 1, 1, 0};
        seeds.put("ethernet-port-7933-options", seed(eth, 0, opts.build(), 0, 7933));
        seeds.put("ethernet-auto-detect", seed(eth, 4 | 16, ErmFrames.erm().ports(40000, 40001).build()));
        seeds.put("ethernet-drop-arp", seed(eth, 8, ErmFrames.arpRequest(ErmFrames.SWITCH_MAC, ErmFrames.SWITCH_IP,
                ErmFrames.COLLECTOR_IP)));
        byte[] cut = ErmFrames.erm().inner(ErmFrames.udpFrame(ErmFrames.HOST_A_MAC, ErmFrames.HOST_B_MAC,
                ErmFrames.HOST_A_IP, ErmFrames.HOST_B_IP, 5000, 514, new byte[900])).build();
        seeds.put("ethernet-snaplen-cut", seed(eth, 0x20, Arrays.copyOf(cut, 128), 127));
        ErmFrames shortUdp = ErmFrames.erm();
        shortUdp.udpLength = 7;
        seeds.put("ethernet-malformed-udp-length", seed(eth, 0, shortUdp.build()));
        seeds.put("ethernet-inner-10-bytes", seed(eth, 0xC0, ErmFrames.erm().inner(new byte[10]).build()));
        ErmFrames fragment = ErmFrames.erm();
        fragment.ipv4FlagsFragment = 0x2000;
        seeds.put("ethernet-fragment", seed(eth, 0, fragment.build()));
        seeds.put("unsupported-link-type", seed(LINK_TYPES.length - 1, 0, ErmFrames.erm().build()));
    }

    private static void records(Path capture, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (CaptureReader in = CaptureReader.open(capture)) {
            for (PacketRecord r; (r = in.next()) != null; ) {
                int index = Arrays.stream(LINK_TYPES).boxed().collect(Collectors.toList()).indexOf(r.linkType());
                byte[] record = Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.capturedLength());
                Files.write(dir.resolve(capture.getFileName() + "-" + r.recordNumber()),
                        seed(index < 0 ? LINK_TYPES.length - 1 : index, 0, record,
                                (int) Math.min(127, r.originalLength() - r.capturedLength()), 7933));
            }
        }
    }

    private static byte[] seed(int linkIndex, int flags, byte[] record) {
        return seed(linkIndex, flags, record, 0);
    }

    private static byte[] seed(int linkIndex, int flags, byte[] record, int origDelta) {
        return seed(linkIndex, flags, record, origDelta, 0);
    }

    private static byte[] seed(int linkIndex, int flags, byte[] record, int origDelta, int port) {
        int before = (flags >> 5) & 3;
        int after = (flags >> 7) & 1;
        byte[] b = new byte[HEADER + before + record.length + after];
        b[0] = (byte) linkIndex;
        b[1] = (byte) flags;
        b[2] = 3;                                  // depth 4
        b[3] = (byte) origDelta;
        b[4] = (byte) (port >> 8);
        b[5] = (byte) port;
        Arrays.fill(b, HEADER, HEADER + before, (byte) 0x45);
        System.arraycopy(record, 0, b, HEADER + before, record.length);
        if (after != 0) {
            b[b.length - 1] = (byte) 0x81;
        }
        return b;
    }
}
