// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;
import java.util.List;

/**
 * Reads classic libpcap files (draft-ietf-opsawg-pcap): magic {@code a1b2c3d4} (microseconds) or
 * {@code a1b23c4d} (nanoseconds) in either byte order. Open one through {@link CaptureReader#open}.
 */
public final class PcapReader implements CaptureReader {
    private CountingInputStream compressedBytes;
    /** File header: magic, version major/minor, thiszone, sigfigs, snaplen, linktype (pcap section 4). */
    static final int FILE_HEADER_LENGTH = 24;
    static final int SNAPLEN = 16;
    static final int LINKTYPE = 20;
    /** Record header: ts_sec, ts_usec (or ts_nsec), incl_len, orig_len (pcap section 5). */
    static final int RECORD_HEADER_LENGTH = 16;
    static final int TS_SEC = 0;
    static final int TS_FRAC = 4;
    static final int INCL_LEN = 8;
    static final int ORIG_LEN = 12;

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    /** Bit 28 of the link-type field says bits 29..31 hold the FCS length in 16-bit words. */
    static final int FCS_PRESENT = 0x1000_0000;

    private final InputBuffer in;
    private final String source;
    private final ReadLimits limits;
    private final boolean compressed;
    private final boolean bigEndian;
    private final boolean nanosecond;
    private final int majorVersion;
    private final int minorVersion;
    private final int linkTypeField;
    private final InterfaceInfo iface;
    private final SectionInfo section;
    private final PacketRecord record = new PacketRecord();
    private long count;

    PcapReader(InputBuffer in, String source, ReadLimits limits, boolean compressed) throws IOException {
        this.in = in;
        this.source = source;
        this.limits = limits;
        this.compressed = compressed;
        if (!in.request(FILE_HEADER_LENGTH)) {
            throw in.truncated(source, 0, 0, "pcap file header", in.available(), FILE_HEADER_LENGTH);
        }
        byte[] b = in.array();
        int p = in.pos();
        int magic = Bytes.i32(b, p, true);
        this.bigEndian = magic == MAGIC_MICROS || magic == MAGIC_NANOS;
        this.nanosecond = Bytes.i32(b, p, bigEndian) == MAGIC_NANOS;
        this.majorVersion = Bytes.u16(b, p + 4, bigEndian);
        this.minorVersion = Bytes.u16(b, p + 6, bigEndian);
        long snaplen = Bytes.u32(b, p + SNAPLEN, bigEndian);
        this.linkTypeField = Bytes.i32(b, p + LINKTYPE, bigEndian);
        int fcsLength = (linkTypeField & FCS_PRESENT) != 0 ? 2 * (linkTypeField >>> 29) : -1;
        this.iface = new InterfaceInfo(0, 0, linkTypeField & LinkType.PCAP_LINKTYPE_MASK, snaplen,
                nanosecond ? Timestamps.NANOS : Timestamps.MICROS, 0, fcsLength, null, null);
        this.section = new SectionInfo(0, bigEndian, majorVersion, minorVersion, List.of(), null, null, null);
        in.consume(FILE_HEADER_LENGTH);
        record.setInterface(iface);
    }

    /** True for the four classic pcap magic numbers. */
    public static boolean matches(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        int be = Bytes.i32(head, 0, true);
        int le = Bytes.i32(head, 0, false);
        return be == MAGIC_MICROS || be == MAGIC_NANOS || le == MAGIC_MICROS || le == MAGIC_NANOS;
    }

    @Override
    public PacketRecord next() throws IOException {
        long number = count + 1;
        long start = in.position();
        if (!in.request(RECORD_HEADER_LENGTH)) {
            if (in.available() == 0) {
                CaptureFormatException damage = in.damageAtBoundary(source, number, start);
                if (damage != null) {
                    throw damage;
                }
                return null;
            }
            throw in.truncated(source, number, start, "record header", in.available(), RECORD_HEADER_LENGTH);
        }
        byte[] b = in.array();
        int p = in.pos();
        long sec = Bytes.u32(b, p + TS_SEC, bigEndian);
        long frac = Bytes.u32(b, p + TS_FRAC, bigEndian);
        long inclLen = Bytes.u32(b, p + INCL_LEN, bigEndian);
        long origLen = Bytes.u32(b, p + ORIG_LEN, bigEndian);
        if (inclLen > limits.maxCapturedLength()) {
            throw new CaptureFormatException(CaptureFormatException.Kind.CORRUPT, source, number, start,
                    "captured length " + inclLen + " exceeds the limit " + limits.maxCapturedLength());
        }
        int total = RECORD_HEADER_LENGTH + (int) inclLen;
        if (!in.request(total)) {
            throw in.truncated(source, number, start, "record", in.available(), total);
        }
        b = in.array();
        p = in.pos();
        long perSecond = nanosecond ? 1_000_000_000L : 1_000_000L;
        // A fraction of a second at or above one second is out of spec: carry it into the seconds.
        if (frac >= perSecond) {                  // rare: spares a long division per record
            sec += frac / perSecond;
            frac %= perSecond;
        }
        int nanos = (int) (nanosecond ? frac : frac * 1000);
        record.setTimestamp(sec, nanos, sec * perSecond + frac, iface);
        record.setData(b, p + RECORD_HEADER_LENGTH, (int) inclLen, origLen);
        record.setPosition(number, start);
        in.consume(total);
        count = number;
        return record;
    }

    /** True for a nanosecond-resolution file. */
    public boolean nanosecond() {
        return nanosecond;
    }

    /** The file's snapshot length. */
    public long snaplen() {
        return iface.snaplen();
    }

    /** The link-type field as stored, FCS bits (28..31) included. */
    public int linkTypeField() {
        return linkTypeField;
    }

    /** The one interface of the file, built from its header. */
    public InterfaceInfo iface() {
        return iface;
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        return List.of(iface);
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
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
    PcapReader counting(CountingInputStream compressedBytes) {
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
