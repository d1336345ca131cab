// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several captures read as one, records in timestamp order, as {@code mergecap} does: at each step the input
 * whose next record is earliest delivers it (the earlier input on a tie, so one file keeps its order). Every
 * input interface becomes an interface of one section; a pcapng writer merges identical descriptions, so each
 * input keeps its interfaces (names, descriptions, resolutions) and identical ones are written once.
 *
 * <pre>{@code
 * try (CaptureReader in = MergedCaptureReader.of(List.of(CaptureReader.open(a), CaptureReader.open(b)))) {
 *     for (PacketRecord r; (r = in.next()) != null; ) { ... }
 * }
 * }</pre>
 *
 * <p>Damage in one input ends that input only: its intact records are all delivered, the others carry on,
 * and the first damage is thrown once every input is exhausted. Like every reader it allocates nothing per
 * record: the record returned is the delivering input's own, valid until the next call.
 */
public final class MergedCaptureReader implements CaptureReader {
    private final CaptureReader[] inputs;
    private final PacketRecord[] heads;
    private final List<Map<InterfaceInfo, InterfaceInfo>> renumbered = new ArrayList<>();
    private final List<InterfaceInfo> interfaces = new ArrayList<>();
    private final List<InterfaceInfo> interfacesView = Collections.unmodifiableList(interfaces);
    private final SectionInfo section;
    private final CaptureFormat format;
    private final String source;
    private int delivered = -1;
    private long recordCount;
    private CaptureFormatException damage;
    private IOException readError;

    private MergedCaptureReader(List<CaptureReader> readers) {
        inputs = readers.toArray(new CaptureReader[0]);
        heads = new PacketRecord[inputs.length];
        CaptureFormat f = CaptureFormat.PCAP;
        SectionInfo first = null;
        StringBuilder names = new StringBuilder();
        for (CaptureReader r : inputs) {
            renumbered.add(new IdentityHashMap<>());
            if (r.format() == CaptureFormat.PCAPNG) {
                f = CaptureFormat.PCAPNG;
                if (first == null) {
                    first = r.section();
                }
            }
            names.append(names.length() == 0 ? "" : " + ").append(r.source());
        }
        format = f;
        section = first == null ? null
                : new SectionInfo(0, false, 1, 0, first.comments(), first.hardware(), first.os(),
                        first.userApplication());
        source = names.toString();
    }

    /**
     * Merges open readers, which the merged reader owns from now on (closing it closes them).
     *
     * @throws IOException the first input's damage or read error when an input cannot give its first record
     *         (every reader is closed then)
     */
    public static MergedCaptureReader of(List<CaptureReader> readers) throws IOException {
        if (readers.isEmpty()) {
            throw new IllegalArgumentException("readers: none (expected: one or more)");
        }
        MergedCaptureReader m = new MergedCaptureReader(readers);
        for (int i = 0; i < m.inputs.length; i++) {
            m.advance(i);
        }
        return m;
    }

    @Override
    public PacketRecord next() throws IOException {
        if (delivered >= 0) {
            advance(delivered);
            delivered = -1;
        }
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && (best < 0 || earlier(heads[i], heads[best]))) {
                best = i;
            }
        }
        if (best < 0) {
            if (damage != null) {
                throw damage;
            }
            if (readError != null) {
                throw readError;
            }
            return null;
        }
        delivered = best;
        recordCount++;
        PacketRecord r = heads[best];
        r.setInterface(renumber(best, r.iface()));
        return r;
    }

    private static boolean earlier(PacketRecord a, PacketRecord b) {
        return a.epochSecond() < b.epochSecond() || (a.epochSecond() == b.epochSecond() && a.nanos() < b.nanos());
    }

    /** Reads input i's next record into its head; damage ends that input and is kept for the end. */
    private void advance(int i) {
        try {
            heads[i] = inputs[i].next();
        } catch (CaptureFormatException e) {
            heads[i] = null;
            if (damage == null) {
                damage = e;
            }
        } catch (IOException e) {
            heads[i] = null;
            if (readError == null) {
                readError = e;
            }
        }
    }

    /** Input i's interface as an interface of the merged section, numbered in order of first use. */
    private InterfaceInfo renumber(int i, InterfaceInfo iface) {
        Map<InterfaceInfo, InterfaceInfo> m = renumbered.get(i);
        InterfaceInfo r = m.get(iface);
        if (r == null) {
            r = iface.renumbered(0, interfaces.size());
            m.put(iface, r);
            m.put(r, r); // a reader that keeps the interface set on its reused record hands the copy back
            interfaces.add(r);
        }
        return r;
    }

    @Override
    public CaptureFormat format() {
        return format;
    }

    @Override
    public boolean compressed() {
        for (CaptureReader r : inputs) {
            if (r.compressed()) {
                return true;
            }
        }
        return false;
    }

    /** The inputs' labels joined with {@code " + "}. */
    @Override
    public String source() {
        return source;
    }

    /** One section: the first pcapng input's section options, or null when every input is classic pcap. */
    @Override
    public SectionInfo section() {
        return section;
    }

    /** The interfaces of the merged section: every input's interfaces declared so far, renumbered. */
    @Override
    public List<InterfaceInfo> interfaces() {
        for (int i = 0; i < inputs.length; i++) {
            for (InterfaceInfo iface : inputs[i].interfaces()) {
                renumber(i, iface);
            }
        }
        return interfacesView;
    }

    @Override
    public long recordCount() {
        return recordCount;
    }

    /** The bytes consumed of all inputs together. */
    @Override
    public long position() {
        long p = 0;
        for (CaptureReader r : inputs) {
            p += r.position();
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CaptureReader r : inputs) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
