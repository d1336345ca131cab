// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

/**
 * Block types, field offsets and option codes of pcapng (draft-ietf-opsawg-pcapng), shared by
 * {@link PcapngReader} and {@link PcapngWriter}. Offsets count from the start of the block.
 */
final class Pcapng {
    // ---- General block structure (section 3.1): type, total length, body, total length again ----
    static final int BLOCK_TYPE = 0;
    static final int BLOCK_TOTAL_LENGTH = 4;
    static final int BLOCK_HEADER = 8;
    static final int BLOCK_TRAILER = 4;
    static final int MIN_BLOCK = BLOCK_HEADER + BLOCK_TRAILER;

    // ---- Block type codes (section 11.1) ----
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int EPB = 6;

    // ---- Section Header Block (section 4.1) ----
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int SHB_BYTE_ORDER = 8;
    static final int SHB_MAJOR = 12;
    static final int SHB_MINOR = 14;
    static final int SHB_SECTION_LENGTH = 16;
    static final int SHB_OPTIONS = 24;
    static final int SHB_MIN = SHB_OPTIONS + BLOCK_TRAILER;

    // ---- Interface Description Block (section 4.2) ----
    static final int IDB_LINKTYPE = 8;
    static final int IDB_RESERVED = 10;
    static final int IDB_SNAPLEN = 12;
    static final int IDB_OPTIONS = 16;
    static final int IDB_MIN = IDB_OPTIONS + BLOCK_TRAILER;

    // ---- Enhanced Packet Block (section 4.3); the obsolete Packet Block (appendix A) differs in the first word ----
    static final int EPB_INTERFACE = 8;
    static final int PB_INTERFACE = 8;
    static final int PB_DROPS = 10;
    static final int EPB_TS_HIGH = 12;
    static final int EPB_TS_LOW = 16;
    static final int EPB_CAPTURED = 20;
    static final int EPB_ORIGINAL = 24;
    static final int EPB_DATA = 28;
    static final int EPB_MIN = EPB_DATA + BLOCK_TRAILER;

    // ---- Simple Packet Block (section 4.4) ----
    static final int SPB_ORIGINAL = 8;
    static final int SPB_DATA = 12;
    static final int SPB_MIN = SPB_DATA + BLOCK_TRAILER;

    // ---- Options (section 3.5): code, length, value padded to 32 bits ----
    static final int OPTION_HEADER = 4;
    static final int OPT_ENDOFOPT = 0;
    static final int OPT_COMMENT = 1;
    static final int SHB_HARDWARE = 2;
    static final int SHB_OS = 3;
    static final int SHB_USERAPPL = 4;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TSRESOL = 9;
    static final int IF_FCSLEN = 13;
    static final int IF_TSOFFSET = 14;
    static final int EPB_FLAGS = 2;
    /** The Packet Block's {@code pack_flags} has the code and meaning of {@code epb_flags}. */
    static final int PACK_FLAGS = 2;
    static final int MAX_OPTION_LENGTH = 0xFFFF;

    private Pcapng() {
    }

    /** {@code n} rounded up to a multiple of 4 (n is at most 2^31 - 4). */
    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /**
     * A UTF-8 string option value, trailing NULs stripped (section 3.5); malformed bytes are kept as
     * {@link Utf8} escapes, so that writing the string back gives the same bytes.
     */
    static String string(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && b[end - 1] == 0) {
            end--;
        }
        return Utf8.decode(b, off, end - off);
    }

    /** A short name of a block type for messages. */
    static String blockName(int type) {
        switch (type) {
            case SHB: return "Section Header Block";
            case IDB: return "Interface Description Block";
            case PB: return "Packet Block";
            case SPB: return "Simple Packet Block";
            case EPB: return "Enhanced Packet Block";
            default: return "block of type 0x" + Integer.toHexString(type);
        }
    }
}
