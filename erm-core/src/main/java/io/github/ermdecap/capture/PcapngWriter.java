// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes little-endian pcapng 1.0: a Section Header Block, one Interface Description Block per distinct
 * {@link InterfaceInfo} of a section (written just before its first packet), and one Enhanced Packet Block per
 * packet. Options are written in a canonical order and only when they differ from the default.
 *
 * <pre>{@code
 * try (CaptureReader in = CaptureReader.open(src);
 *      PcapngWriter out = new PcapngWriter(Files.newOutputStream(dst), in.section())) {
 *     int section = in.section().index();
 *     for (PacketRecord r; (r = in.next()) != null; ) {
 *         if (in.section().index() != section) {
 *             section = in.section().index();
 *             out.newSection(in.section());
 *         }
 *         out.write(r);
 *     }
 * }
 * }</pre>
 *
 * <p>Reading a pcapng file and writing it back this way keeps: per section, its {@code opt_comment}s,
 * {@code shb_hardware}, {@code shb_os} and {@code shb_userappl}; per interface, link type, snaplen,
 * {@code if_name}, {@code if_description}, {@code if_tsresol}, {@code if_fcslen} and {@code if_tsoffset}; per
 * packet, its interface, its timestamp units exactly, its captured bytes, original length, {@code opt_comment}s
 * (in order) and {@code epb_flags}. It drops or normalises:
 * <ul>
 * <li>the byte order (always little-endian), the version (always 1.0), the section length (always -1);</li>
 * <li>every block but SHB, IDB, EPB, SPB and PB: Name Resolution, Interface Statistics, Decryption Secrets,
 *     custom and unknown blocks;</li>
 * <li>Simple Packet Blocks, which become EPBs with timestamp 0 and no options; obsolete Packet Blocks, which
 *     become EPBs without their drops count, their {@code pack_flags} becoming {@code epb_flags};</li>
 * <li>every other option: {@code opt_comment} of an IDB, {@code if_speed}, {@code if_filter}, {@code if_os},
 *     addresses, {@code epb_hash}, {@code epb_dropcount}, {@code epb_packetid}, {@code epb_queue},
 *     {@code epb_verdict}, custom options;</li>
 * <li>the order and form of options: canonical order, the last of repeated single-valued options, trailing NULs
 *     of strings, an explicit {@code if_tsresol} of 6, an empty option
 *     list, non-zero padding, bytes after {@code opt_endofopt};</li>
 * <li>the placement of IDBs (each now just before its first packet), interfaces without packets, duplicate
 *     descriptions (merged, IDs renumbered in order of first use), and sections without packets but the
 *     first.</li>
 * </ul>
 */
public final class PcapngWriter implements CaptureWriter {
    private static final String USER_APPLICATION = "erm-decap";

    private final OutputBuffer out;
    private final PcapngPacketOptions packetOptions = new PcapngPacketOptions();
    private final Map<InterfaceInfo, Integer> ids = new HashMap<>();
    private InterfaceInfo lastIface;
    private int lastId;
    private long count;

    /** A writer whose section header names only this library as {@code shb_userappl}. */
    public PcapngWriter(OutputStream out) {
        this(out, null, OutputBuffer.DEFAULT_CAPACITY);
    }

    /** A writer whose first section header carries the comments and {@code shb_*} options of {@code section}. */
    public PcapngWriter(OutputStream out, SectionInfo section) {
        this(out, section, OutputBuffer.DEFAULT_CAPACITY);
    }

    /**
     * As {@link #PcapngWriter(OutputStream, SectionInfo)}, buffering at most about {@code bufferSize} bytes
     * ({@link #MIN_BUFFER_SIZE} or more; {@link #DEFAULT_BUFFER_SIZE} for the other constructors): for programs
     * that keep many files open at once. {@code section} null stands for a section naming only this library.
     */
    public PcapngWriter(OutputStream out, SectionInfo section, int bufferSize) {
        byte[] shb = sectionHeader(section != null ? section
                : new SectionInfo(0, false, 1, 0, List.of(), null, null, USER_APPLICATION));
        this.out = new OutputBuffer(out, Math.max(OutputBuffer.checkSize(bufferSize), shb.length));
        System.arraycopy(shb, 0, this.out.reserveUnchecked(shb.length), 0, shb.length);
        this.out.advance(shb.length);
    }

    /** Starts a new section: a new Section Header Block, after which every interface is declared anew. */
    public void newSection(SectionInfo section) throws IOException {
        byte[] shb = sectionHeader(section);
        out.put(shb, 0, shb.length);
        ids.clear();
        lastIface = null;
    }

    @Override
    public void write(PacketRecord meta, InterfaceInfo iface, byte[] data, int offset, int length, long originalLength)
            throws IOException {
        long units = units(meta, iface);
        int optionsLength = packetOptions.prepare(meta);
        int id = interfaceId(iface); // after the checks above: no IDB is written for a record refused
        long total = Pcapng.EPB_MIN + ((length + 3L) & ~3L) + optionsLength;
        if (total > 0xFFFF_FFFFL) {
            throw new RecordNotWritableException(meta.recordNumber(), meta.byteOffset(), "Enhanced Packet Block of "
                    + total + " bytes (expected: at most 4294967295)");
        }
        writePacketHeader((int) total, id, units, length, originalLength);
        out.put(data, offset, length);
        int tail = Pcapng.pad4(length) - length + optionsLength + Pcapng.BLOCK_TRAILER;
        byte[] b = out.reserve(tail);
        int p = out.pos();
        for (int i = 0; i < Pcapng.pad4(length) - length; i++) {
            b[p++] = 0;
        }
        p = packetOptions.write(b, p, meta);
        Bytes.putI32LE(b, p, (int) total);
        out.advance(tail);
        count++;
    }

    /** The fixed part of an Enhanced Packet Block (section 4.3), up to the packet data. */
    private void writePacketHeader(int total, int id, long units, int length, long originalLength) throws IOException {
        byte[] b = out.reserve(Pcapng.EPB_DATA);
        int p = out.pos();
        Bytes.putI32LE(b, p + Pcapng.BLOCK_TYPE, Pcapng.EPB);
        Bytes.putI32LE(b, p + Pcapng.BLOCK_TOTAL_LENGTH, total);
        Bytes.putI32LE(b, p + Pcapng.EPB_INTERFACE, id);
        Bytes.putI32LE(b, p + Pcapng.EPB_TS_HIGH, (int) (units >>> 32));
        Bytes.putI32LE(b, p + Pcapng.EPB_TS_LOW, (int) units);
        Bytes.putI32LE(b, p + Pcapng.EPB_CAPTURED, length);
        Bytes.putI32LE(b, p + Pcapng.EPB_ORIGINAL, (int) Math.min(Math.max(originalLength, 0), 0xFFFF_FFFFL));
        out.advance(Pcapng.EPB_DATA);
    }

    /** The ID of an interface in this section, writing its IDB first if it is new. */
    private int interfaceId(InterfaceInfo iface) throws IOException {
        if (iface == lastIface) {
            return lastId;
        }
        Integer id = ids.get(iface);
        if (id == null) {
            byte[] idb = interfaceDescription(iface);
            out.put(idb, 0, idb.length);
            id = ids.size();
            ids.put(iface, id);
        }
        lastIface = iface;
        lastId = id;
        return id;
    }

    /**
     * The record's own timestamp units when they are at this interface's resolution and offset (so nothing is
     * rounded twice), else the epoch time converted.
     */
    private long units(PacketRecord meta, InterfaceInfo iface) throws IOException {
        InterfaceInfo from = meta.unitsIface();
        if (from != null && from.tsresol() == iface.tsresol() && from.tsOffset() == iface.tsOffset()) {
            return meta.timestampUnits();
        }
        try {
            return Timestamps.toUnits(meta.epochSecond(), meta.nanos(), iface.tsresol(), iface.tsOffset());
        } catch (ArithmeticException e) {
            throw new RecordNotWritableException(meta.recordNumber(), meta.byteOffset(), "timestamp "
                    + meta.epochSecond() + "." + String.format("%09d", meta.nanos()) + " s cannot be written at"
                    + " if_tsresol " + iface.tsresol() + " with if_tsoffset " + iface.tsOffset() + " ("
                    + e.getMessage() + ")");
        }
    }

    // ---- Section Header Block (section 4.1) and Interface Description Block (section 4.2) ----

    private static byte[] sectionHeader(SectionInfo section) {
        List<byte[]> options = new ArrayList<>();
        for (String comment : section.comments()) {
            options.add(option(Pcapng.OPT_COMMENT, utf8(comment)));
        }
        addString(options, Pcapng.SHB_HARDWARE, section.hardware());
        addString(options, Pcapng.SHB_OS, section.os());
        addString(options, Pcapng.SHB_USERAPPL, section.userApplication());
        byte[] fixed = new byte[Pcapng.SHB_OPTIONS - Pcapng.BLOCK_HEADER];
        Bytes.putI32LE(fixed, Pcapng.SHB_BYTE_ORDER - Pcapng.BLOCK_HEADER, Pcapng.BYTE_ORDER_MAGIC);
        Bytes.putU16LE(fixed, Pcapng.SHB_MAJOR - Pcapng.BLOCK_HEADER, 1);
        Bytes.putU16LE(fixed, Pcapng.SHB_MINOR - Pcapng.BLOCK_HEADER, 0);
        Bytes.putI64LE(fixed, Pcapng.SHB_SECTION_LENGTH - Pcapng.BLOCK_HEADER, -1L);
        return block(Pcapng.SHB, fixed, options);
    }

    private static byte[] interfaceDescription(InterfaceInfo iface) {
        if (iface.linkType() < 0 || iface.linkType() > 0xFFFF) {
            throw new IllegalArgumentException("link type: " + iface.linkType() + " (expected: 0..65535 in pcapng)");
        }
        if (iface.fcsLength() > 0xFF) {
            throw new IllegalArgumentException("FCS length: " + iface.fcsLength() + " (expected: -1..255)");
        }
        List<byte[]> options = new ArrayList<>();
        addString(options, Pcapng.IF_NAME, iface.name());
        addString(options, Pcapng.IF_DESCRIPTION, iface.description());
        if (iface.tsresol() != Timestamps.MICROS) {
            options.add(option(Pcapng.IF_TSRESOL, new byte[] {(byte) iface.tsresol()}));
        }
        if (iface.fcsLength() >= 0) {
            options.add(option(Pcapng.IF_FCSLEN, new byte[] {(byte) iface.fcsLength()}));
        }
        if (iface.tsOffset() != 0) {
            byte[] value = new byte[8];
            Bytes.putI64LE(value, 0, iface.tsOffset());
            options.add(option(Pcapng.IF_TSOFFSET, value));
        }
        byte[] fixed = new byte[Pcapng.IDB_OPTIONS - Pcapng.BLOCK_HEADER];
        Bytes.putU16LE(fixed, Pcapng.IDB_LINKTYPE - Pcapng.BLOCK_HEADER, iface.linkType());
        Bytes.putI32LE(fixed, Pcapng.IDB_SNAPLEN - Pcapng.BLOCK_HEADER, (int) iface.snaplen());
        return block(Pcapng.IDB, fixed, options);
    }

    private static void addString(List<byte[]> options, int code, String value) {
        if (value != null) {
            options.add(option(code, utf8(value)));
        }
    }

    static byte[] utf8(String s) {
        byte[] value = Utf8.encode(s);
        if (value.length > Pcapng.MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException("option value: " + value.length + " bytes (expected: at most "
                    + Pcapng.MAX_OPTION_LENGTH + ")");
        }
        return value;
    }

    private static byte[] option(int code, byte[] value) {
        byte[] o = new byte[Pcapng.OPTION_HEADER + Pcapng.pad4(value.length)];
        Bytes.putU16LE(o, 0, code);
        Bytes.putU16LE(o, 2, value.length);
        System.arraycopy(value, 0, o, Pcapng.OPTION_HEADER, value.length);
        return o;
    }

    /** A whole block: header, fixed fields, options ended by {@code opt_endofopt} when there are any, trailer. */
    private static byte[] block(int type, byte[] fixed, List<byte[]> options) {
        int length = Pcapng.MIN_BLOCK + fixed.length + (options.isEmpty() ? 0 : Pcapng.OPTION_HEADER);
        for (byte[] o : options) {
            length += o.length;
        }
        byte[] b = new byte[length];
        Bytes.putI32LE(b, Pcapng.BLOCK_TYPE, type);
        Bytes.putI32LE(b, Pcapng.BLOCK_TOTAL_LENGTH, length);
        System.arraycopy(fixed, 0, b, Pcapng.BLOCK_HEADER, fixed.length);
        int p = Pcapng.BLOCK_HEADER + fixed.length;
        for (byte[] o : options) {
            System.arraycopy(o, 0, b, p, o.length);
            p += o.length;
        }
        Bytes.putI32LE(b, length - Pcapng.BLOCK_TRAILER, length);
        return b;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    public long recordCount() {
        return count;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
