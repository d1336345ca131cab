// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, their interfaces, and Enhanced,
 * Simple and obsolete Packet Blocks; every other block is skipped unread. Open one through
 * {@link CaptureReader#open}; {@link #section()} and each record's {@link PacketRecord#iface()} tell which
 * section and interface a packet belongs to.
 *
 * <pre>{@code
 * try (CaptureReader in = CaptureReader.open(Path.of("in.pcapng"))) {
 *     for (PacketRecord r; (r = in.next()) != null; ) {
 *         System.out.println(r.iface().name() + " " + r.epochSecond() + "." + r.nanos() + " " + r.comments());
 *     }
 * }
 * }</pre>
 */
public final class PcapngReader implements CaptureReader {
    private CountingInputStream compressedBytes;
    private final InputBuffer in;
    private final String source;
    private final ReadLimits limits;
    private final boolean compressed;
    private final PcapngOptions options;
    private final PcapngBlocks blocks;
    private final PacketRecord record = new PacketRecord();
    private final List<InterfaceInfo> interfaces = new ArrayList<>();
    private final List<InterfaceInfo> interfacesView = Collections.unmodifiableList(interfaces);
    private final long[] epoch = new long[2];
    private SectionInfo section;
    private boolean bigEndian;
    private long count;
    /** Bytes of string options the current section keeps ({@link ReadLimits#maxRetainedOptionsLength()}). */
    private long retained;

    PcapngReader(InputBuffer in, String source, ReadLimits limits, boolean compressed) throws IOException {
        this.in = in;
        this.source = source;
        this.limits = limits;
        this.compressed = compressed;
        this.options = new PcapngOptions(source);
        this.blocks = new PcapngBlocks(in, source, limits);
        if (!in.request(Pcapng.BLOCK_HEADER) || Bytes.i32(in.array(), in.pos(), true) != Pcapng.SHB) {
            throw new CaptureFormatException(CaptureFormatException.Kind.NOT_A_CAPTURE, source, 0, in.position(),
                    "not a pcapng file (expected: a Section Header Block first)");
        }
        readSectionHeader(in.position(), 0);
    }

    /** True when the input starts with the type of a Section Header Block. */
    public static boolean matches(byte[] head) {
        return head.length >= 4 && Bytes.i32(head, 0, true) == Pcapng.SHB;
    }

    @Override
    public PacketRecord next() throws IOException {
        while (true) {
            long start = in.position();
            if (!in.request(Pcapng.BLOCK_HEADER)) {
                return atEnd(start);
            }
            int type = Bytes.i32(in.array(), in.pos() + Pcapng.BLOCK_TYPE, bigEndian);
            if (type == Pcapng.SHB) {
                readSectionHeader(start, count + 1);
                continue;
            }
            long length = blocks.length(start, bigEndian, count + 1);
            switch (type) {
                case Pcapng.IDB:
                    readInterface(start, length);
                    break;
                case Pcapng.EPB:
                case Pcapng.PB:
                    return readPacket(start, type, length);
                case Pcapng.SPB:
                    return readSimplePacket(start, length);
                default:
                    blocks.skip(start, type, length, bigEndian, count + 1);
            }
        }
    }

    /** Null at a clean end of input; an exception for a partial block header or a damaged compressed stream. */
    private PacketRecord atEnd(long start) throws CaptureFormatException {
        if (in.available() > 0) {
            throw in.truncated(source, count + 1, start, "block header", in.available(), Pcapng.BLOCK_HEADER);
        }
        CaptureFormatException damage = in.damageAtBoundary(source, count + 1, start);
        if (damage != null) {
            throw damage;
        }
        return null;
    }

    // ---- Section Header Block (section 4.1) ----

    private void readSectionHeader(long start, long number) throws IOException {
        if (!in.request(Pcapng.SHB_BYTE_ORDER + 4)) {
            throw in.truncated(source, number, start, "Section Header Block", in.available(), Pcapng.SHB_MIN);
        }
        boolean be = byteOrder(start, number);
        long length = blocks.length(start, be, number);
        int len = blocks.buffer(start, Pcapng.SHB, length, Pcapng.SHB_MIN, be, number);
        byte[] b = in.array();
        int p = in.pos();
        int major = Bytes.u16(b, p + Pcapng.SHB_MAJOR, be);
        int minor = Bytes.u16(b, p + Pcapng.SHB_MINOR, be);
        if (major != 1) {
            throw corrupt(number, start, "section header version: " + major + "." + minor + " (expected: 1.x)");
        }
        startOptions(b, p + Pcapng.SHB_OPTIONS, p + len - Pcapng.BLOCK_TRAILER, be, number, start);
        List<String> comments = new ArrayList<>(0);
        String[] shb = new String[5];
        retained = 0;
        int index = section == null ? 0 : section.index() + 1;
        for (int code; (code = options.next()) != PcapngOptions.END; ) {
            if (code == Pcapng.OPT_COMMENT) {
                comments.add(retainedString(number, start, index));
            } else if (code >= Pcapng.SHB_HARDWARE && code <= Pcapng.SHB_USERAPPL) {
                shb[code] = retainedString(number, start, index);
            }
        }
        section = new SectionInfo(index, be, major, minor, comments, shb[Pcapng.SHB_HARDWARE], shb[Pcapng.SHB_OS],
                shb[Pcapng.SHB_USERAPPL]);
        bigEndian = be;
        interfaces.clear();
        in.consume(len);
    }

    /** The byte order a Section Header Block's byte-order magic announces. */
    private boolean byteOrder(long start, long number) throws CaptureFormatException {
        byte[] b = in.array();
        int p = in.pos() + Pcapng.SHB_BYTE_ORDER;
        if (Bytes.i32(b, p, true) == Pcapng.BYTE_ORDER_MAGIC) {
            return true;
        }
        if (Bytes.i32(b, p, false) == Pcapng.BYTE_ORDER_MAGIC) {
            return false;
        }
        String detail = "byte-order magic: " + CaptureDetector.hex(new byte[] {b[p], b[p + 1], b[p + 2], b[p + 3]}, 4)
                + " (expected: 0x1a2b3c4d in either byte order)";
        CaptureFormatException.Kind kind = section == null
                ? CaptureFormatException.Kind.NOT_A_CAPTURE : CaptureFormatException.Kind.CORRUPT;
        throw new CaptureFormatException(kind, source, number, start, detail);
    }

    // ---- Interface Description Block (section 4.2) ----

    private void readInterface(long start, long length) throws IOException {
        long number = count + 1;
        if (interfaces.size() >= limits.maxInterfaces()) {
            throw corrupt(number, start, "interfaces in section " + section.index() + ": more than the limit "
                    + limits.maxInterfaces());
        }
        int len = blocks.buffer(start, Pcapng.IDB, length, Pcapng.IDB_MIN, bigEndian, number);
        byte[] b = in.array();
        int p = in.pos();
        int linkType = Bytes.u16(b, p + Pcapng.IDB_LINKTYPE, bigEndian);
        long snaplen = Bytes.u32(b, p + Pcapng.IDB_SNAPLEN, bigEndian);
        startOptions(b, p + Pcapng.IDB_OPTIONS, p + len - Pcapng.BLOCK_TRAILER, bigEndian, number, start);
        String name = null;
        String description = null;
        int tsresol = Timestamps.MICROS;
        int fcsLength = -1;
        long tsOffset = 0;
        for (int code; (code = options.next()) != PcapngOptions.END; ) {
            switch (code) {
                case Pcapng.IF_NAME: name = retainedString(number, start, section.index()); break;
                case Pcapng.IF_DESCRIPTION: description = retainedString(number, start, section.index()); break;
                case Pcapng.IF_TSRESOL: tsresol = options.u8("if_tsresol"); break;
                case Pcapng.IF_FCSLEN: fcsLength = options.u8("if_fcslen"); break;
                case Pcapng.IF_TSOFFSET: tsOffset = options.i64("if_tsoffset"); break;
                default: break;
            }
        }
        interfaces.add(new InterfaceInfo(section.index(), interfaces.size(), linkType, snaplen, tsresol, tsOffset,
                fcsLength, name, description));
        in.consume(len);
    }

    /** The current option's string, counted against {@link ReadLimits#maxRetainedOptionsLength()}. */
    private String retainedString(long number, long start, int sectionIndex) throws CaptureFormatException {
        retained += options.length();
        if (retained > limits.maxRetainedOptionsLength()) {
            throw corrupt(number, start, "section " + sectionIndex + " keeps more than " + limits.maxRetainedOptionsLength() + " bytes of interface names,"
                    + " descriptions and section options (the limit; ReadLimits.maxRetainedOptionsLength)");
        }
        return options.string();
    }

    // ---- Enhanced Packet Block (section 4.3) and obsolete Packet Block (appendix A) ----

    private PacketRecord readPacket(long start, int type, long length) throws IOException {
        long number = count + 1;
        blocks.requireMinimum(start, type, length, Pcapng.EPB_MIN, number);
        if (!in.request(Pcapng.EPB_DATA)) {
            throw in.truncated(source, number, start, Pcapng.blockName(type), in.available(), length);
        }
        byte[] b = in.array();
        int p = in.pos();
        long id = type == Pcapng.EPB ? Bytes.u32(b, p + Pcapng.EPB_INTERFACE, bigEndian)
                : Bytes.u16(b, p + Pcapng.PB_INTERFACE, bigEndian);
        long units = Bytes.u32(b, p + Pcapng.EPB_TS_HIGH, bigEndian) << 32 | Bytes.u32(b, p + Pcapng.EPB_TS_LOW, bigEndian);
        long captured = Bytes.u32(b, p + Pcapng.EPB_CAPTURED, bigEndian);
        long original = Bytes.u32(b, p + Pcapng.EPB_ORIGINAL, bigEndian);
        checkCaptured(start, captured, Pcapng.EPB_DATA, length);
        InterfaceInfo iface = iface(start, id);
        int len = blocks.buffer(start, type, length, Pcapng.EPB_MIN, bigEndian, number);
        b = in.array();
        p = in.pos();
        readPacketOptions(type, b, p + Pcapng.EPB_DATA + Pcapng.pad4((int) captured), p + len - Pcapng.BLOCK_TRAILER,
                start);
        setTimestamp(start, iface, units);
        return deliver(iface, p + Pcapng.EPB_DATA, (int) captured, original, start, len);
    }

    /** {@code opt_comment} and {@code epb_flags} ({@code pack_flags} in a Packet Block); others are ignored. */
    private void readPacketOptions(int type, byte[] b, int from, int to, long start) throws CaptureFormatException {
        record.clearComments();
        record.setFlags(-1);
        startOptions(b, from, to, bigEndian, count + 1, start);
        for (int code; (code = options.next()) != PcapngOptions.END; ) {
            if (code == Pcapng.OPT_COMMENT) {
                record.addComment(options.string());
            } else if (code == Pcapng.EPB_FLAGS) {
                record.setFlags(options.u32(type == Pcapng.EPB ? "epb_flags" : "pack_flags"));
            }
        }
    }

    // ---- Simple Packet Block (section 4.4): interface 0, no timestamp, no options ----

    private PacketRecord readSimplePacket(long start, long length) throws IOException {
        long number = count + 1;
        blocks.requireMinimum(start, Pcapng.SPB, length, Pcapng.SPB_MIN, number);
        InterfaceInfo iface = iface(start, 0);
        if (!in.request(Pcapng.SPB_DATA)) {
            throw in.truncated(source, number, start, Pcapng.blockName(Pcapng.SPB), in.available(), length);
        }
        long original = Bytes.u32(in.array(), in.pos() + Pcapng.SPB_ORIGINAL, bigEndian);
        long captured = Math.min(length - Pcapng.SPB_MIN, original);
        if (iface.snaplen() != 0) {
            captured = Math.min(captured, iface.snaplen());
        }
        checkCaptured(start, captured, Pcapng.SPB_DATA, length);
        int len = blocks.buffer(start, Pcapng.SPB, length, Pcapng.SPB_MIN, bigEndian, number);
        record.clearComments();
        record.setFlags(-1);
        setTimestamp(start, iface, 0); // no timestamp: units 0 of its interface, so any writer can hold it
        return deliver(iface, in.pos() + Pcapng.SPB_DATA, (int) captured, original, start, len);
    }

    private PacketRecord deliver(InterfaceInfo iface, int dataOffset, int captured, long original, long start,
                                 int len) {
        long number = count + 1;
        record.setInterface(iface);
        record.setData(in.array(), dataOffset, captured, original);
        record.setPosition(number, start);
        in.consume(len);
        count = number;
        return record;
    }

    private void checkCaptured(long start, long captured, int dataStart, long length) throws CaptureFormatException {
        if (captured > limits.maxCapturedLength()) {
            throw corrupt(count + 1, start, "captured length " + captured + " exceeds the limit "
                    + limits.maxCapturedLength());
        }
        if (dataStart + Pcapng.pad4((int) captured) + Pcapng.BLOCK_TRAILER > length) {
            throw corrupt(count + 1, start, "captured length " + captured + " does not fit in a block of " + length
                    + " bytes");
        }
    }

    private InterfaceInfo iface(long start, long id) throws CaptureFormatException {
        if (id >= interfaces.size()) {
            throw corrupt(count + 1, start, "interface ID " + id + " is not declared in section " + section.index()
                    + " (expected: " + (interfaces.isEmpty() ? "no packet before an Interface Description Block"
                    : "0.." + (interfaces.size() - 1)) + ")");
        }
        return interfaces.get((int) id);
    }

    private void setTimestamp(long start, InterfaceInfo iface, long units) throws CaptureFormatException {
        if (!Timestamps.toEpoch(units, iface.tsresol(), iface.tsOffset(), epoch)) {
            throw corrupt(count + 1, start, "timestamp " + Long.toUnsignedString(units) + " at if_tsresol "
                    + iface.tsresol() + " with if_tsoffset " + iface.tsOffset() + " does not fit 64-bit seconds");
        }
        record.setTimestamp(epoch[0], (int) epoch[1], units, iface);
    }

    private void startOptions(byte[] b, int from, int to, boolean be, long number, long start)
            throws CaptureFormatException {
        if (to - from > limits.maxOptionsLength()) {
            throw corrupt(number, start, "options length " + (to - from) + " exceeds the limit "
                    + limits.maxOptionsLength());
        }
        options.reset(b, from, to, be, number, start);
    }

    private CaptureFormatException corrupt(long number, long start, String detail) {
        return new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, number, start, detail);
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        return interfacesView;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    public boolean compressed() {
        return compressed;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public SectionInfo section() {
        return section;
    }

    @Override
    public long recordCount() {
        return count;
    }

    /** Counts the compressed bytes consumed (gzip input), else null. */
    PcapngReader counting(CountingInputStream compressedBytes) {
        this.compressedBytes = compressedBytes;
        return this;
    }

    @Override
    public long compressedPosition() {
        return compressedBytes == null ? -1 : compressedBytes.count();
    }

    @Override
    public long position() {
        return in.position();
    }

    @Override
    public List<String> warnings() {
        return in.warnings();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
