// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapReader;
import io.github.ermdecap.capture.PcapWriter;
import io.github.ermdecap.capture.PcapngWriter;
import io.github.ermdecap.erm.DecapResult;

import java.io.IOException;
import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes what the engine kept into pcap or pcapng. pcap holds one link type, Ethernet: records of another
 * link type that were not decapsulated are refused up front for pcap input and counted as dropped (link type)
 * for pcapng input. pcapng keeps the input's interfaces and sections; decapsulated frames go out on the
 * Ethernet twin of their input interface.
 */
final class FrameWriter implements RecordSink {
    /** Snaplen written when the input does not give one (pcapng's 0): Wireshark's maximum. */
    static final long DEFAULT_SNAPLEN = 262_144;
    /** pcapng's link-type field is 16 bits wide; pcap's is 28. */
    static final int PCAPNG_MAX_LINK_TYPE = 0xFFFF;

    private final CaptureReader in;
    private final OutputStream out;
    private final CaptureFormat format;
    private final int bufferSize;
    private CaptureWriter writer;
    private PcapWriter pcap;
    private PcapngWriter pcapng;
    private int sectionIndex = -1;
    private InterfaceInfo lastInput;
    private InterfaceInfo lastRewritten;
    private final Map<InterfaceInfo, InterfaceInfo> rewritten = new IdentityHashMap<>();
    private long droppedLinkType;

    private FrameWriter(CaptureReader in, OutputStream out, CaptureFormat format, int bufferSize) {
        this.in = in;
        this.out = out;
        this.format = format;
        this.bufferSize = bufferSize;
    }

    /**
     * A writer for {@code in}'s records; writes the file header at once when {@code in} already tells all it
     * needs (classic pcap input), else at the first record.
     *
     * @throws ConversionException (usage) when pcap input of a link type other than Ethernet would keep
     *         records that pcap output of Ethernet frames cannot hold
     */
    static FrameWriter open(CaptureReader in, OutputStream out, CaptureFormat format, boolean keepNonErm)
            throws IOException {
        return open(in, out, format, keepNonErm, CaptureWriter.DEFAULT_BUFFER_SIZE);
    }

    /** As {@link #open(CaptureReader, OutputStream, CaptureFormat, boolean)} with a write buffer of that size. */
    static FrameWriter open(CaptureReader in, OutputStream out, CaptureFormat format, boolean keepNonErm,
                            int bufferSize) throws IOException {
        refuse(in, format, keepNonErm);
        FrameWriter w = new FrameWriter(in, out, format, bufferSize);
        CaptureReader base = in instanceof SelectedCaptureReader ? ((SelectedCaptureReader) in).underlying() : in;
        if (base instanceof PcapReader || format == CaptureFormat.PCAPNG) {
            w.start(base instanceof PcapReader ? ((PcapReader) base).iface() : null);
        }
        return w;
    }

    /**
     * Throws a usage {@link ConversionException} when pcap input of a link type other than Ethernet would keep
     * records that pcap output of Ethernet frames cannot hold, or pcap input of a link type above 65535 (a
     * 28-bit pcap field) would keep records that pcapng's 16-bit link-type field cannot hold.
     */
    static void refuse(CaptureReader reader, CaptureFormat format, boolean keepNonErm) throws ConversionException {
        CaptureReader in = reader instanceof SelectedCaptureReader
                ? ((SelectedCaptureReader) reader).underlying() : reader;
        if (format == CaptureFormat.PCAPNG && keepNonErm) {
            // every input's interfaces: one pcap file, or each of a merge's inputs (a pcap's 32-bit link type)
            for (InterfaceInfo iface : in.interfaces()) {
                if (iface.linkType() > PCAPNG_MAX_LINK_TYPE) {
                    throw new ConversionException(ExitCode.USAGE, in.source() + ": link type "
                            + LinkType.name(iface.linkType())
                            + ": records that are not ERM cannot go into pcapng output, whose link types have 16"
                            + " bits (expected: keep only decapsulated frames with --drop-other)");
                }
            }
        }
        if (format == CaptureFormat.PCAP && keepNonErm && in instanceof PcapReader
                && ((PcapReader) in).iface().linkType() != LinkType.ETHERNET) {
            throw new ConversionException(ExitCode.USAGE, in.source() + ": link type "
                    + LinkType.name(((PcapReader) in).iface().linkType())
                    + ": records that are not ERM cannot go into pcap output of Ethernet frames"
                    + " (expected: keep only decapsulated frames with --drop-other, or write pcapng with -F pcapng)");
        }
    }

    private void start(InterfaceInfo first) {
        if (format == CaptureFormat.PCAP) {
            boolean nanos = finerThanMicros(first);
            long snaplen = first == null || first.snaplen() == 0 ? DEFAULT_SNAPLEN : first.snaplen();
            pcap = new PcapWriter(out, nanos, snaplen, LinkType.ETHERNET, bufferSize);
            writer = pcap;
        } else {
            pcapng = new PcapngWriter(out, in.format() == CaptureFormat.PCAPNG ? in.section() : null, bufferSize);
            sectionIndex = in.section() == null ? 0 : in.section().index();
            writer = pcapng;
        }
    }

    /**
     * Whether pcap output must be nanosecond: when the first record's interface, or any interface the input
     * has declared by then (all of a pcapng section's usually come before its packets), is finer than a
     * microsecond. An interface declared later with a finer resolution is truncated to the file's.
     */
    private boolean finerThanMicros(InterfaceInfo first) {
        if (first != null && OutputFormats.finerThanMicros(first.tsresol())) {
            return true;
        }
        for (InterfaceInfo i : in.interfaces()) {
            if (OutputFormats.finerThanMicros(i.tsresol())) {
                return true;
            }
        }
        return false;
    }

    /** Writes a kept record; returns false when pcap output cannot hold it (counted in {@link #droppedLinkType()}). */
    @Override
    public boolean write(PacketRecord r, DecapResult d) throws IOException {
        InterfaceInfo iface = r.iface();
        if (writer == null) {
            start(iface);
        }
        if (pcap != null) {
            if (d.linkType() != LinkType.ETHERNET) {
                droppedLinkType++;
                return false;
            }
            pcap.write(r, pcap.iface(), d.array(), d.offset(), d.length(), d.originalLength());
            return true;
        }
        if (iface.sectionIndex() != sectionIndex) {
            pcapng.newSection(in.section());
            sectionIndex = iface.sectionIndex();
            rewritten.clear();
            lastInput = null;
        }
        if (d.decapsulated()) {
            pcapng.write(r, rewrittenFor(iface), d.array(), d.offset(), d.length(), d.originalLength());
        } else {
            pcapng.write(r, iface, d.array(), d.offset(), d.length(), d.originalLength());
        }
        return true;
    }

    /** The interface decapsulated frames of {@code iface} go out on, made once per input interface. */
    private InterfaceInfo rewrittenFor(InterfaceInfo iface) {
        if (iface != lastInput) {
            lastRewritten = rewritten.computeIfAbsent(iface,
                    i -> i.forRewrittenFrames(LinkType.ETHERNET, i.snaplen()));
            lastInput = iface;
        }
        return lastRewritten;
    }

    long droppedLinkType() {
        return droppedLinkType;
    }

    /** Pushes the records written so far to the stream and flushes it (nothing before the header is due). */
    void flush() throws IOException {
        if (writer != null) {
            writer.flush();
        }
    }

    /** Writes the header if no record came, flushes and closes the stream. */
    void finish() throws IOException {
        if (writer == null) {
            start(null);
        }
        writer.close();
    }

    /** Closes the stream after a failure, ignoring further errors. */
    void abort() {
        try {
            if (writer != null) {
                writer.close();
            } else {
                out.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // The first failure is the one reported.
        }
    }
}
