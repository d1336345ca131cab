// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds pcapng files block by block and field by field, in the byte order of the latest {@link #shb}, for
 * fixtures: every block of draft-ietf-opsawg-pcapng this library reads or skips, with any options. Options are
 * followed by {@code opt_endofopt} when there are any, as {@link PcapngWriter} writes them.
 *
 * <pre>{@code
 * byte[] file = new PcapngBuilder()
 *         .shb(false, Option.comment("lab capture"))
 *         .idb(LinkType.ETHERNET, 65535, Option.u8(9, 9))
 *         .epb(0, 1_700_000_000_123_456_789L, frame)
 *         .bytes();
 * }</pre>
 */
public final class PcapngBuilder {
    public static final int NRB = 4;
    public static final int ISB = 5;
    public static final int DSB = 10;
    public static final int CUSTOM = 0x0000_0BAD;
    public static final int CUSTOM_NO_COPY = 0x4000_0BAD;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    /** A Section Header Block, version 1.0, section length -1 (unknown). */
    public PcapngBuilder shb(boolean bigEndian, Option... options) {
        return shb(bigEndian, 1, 0, options);
    }

    public PcapngBuilder shb(boolean bigEndian, int major, int minor, Option... options) {
        this.bigEndian = bigEndian;
        Body b = new Body();
        b.u32(0x1A2B3C4D);                      // byte-order magic
        b.u16(major);                           // major version
        b.u16(minor);                           // minor version
        b.i64(-1);                              // section length: not specified
        b.options(options);
        return block(0x0A0D0D0A, b);
    }

    /** An Interface Description Block. */
    public PcapngBuilder idb(int linkType, long snaplen, Option... options) {
        Body b = new Body();
        b.u16(linkType);                        // link type
        b.u16(0);                               // reserved
        b.u32(snaplen);                         // snaplen
        b.options(options);
        return block(1, b);
    }

    /** An Enhanced Packet Block whose original length is the captured one. */
    public PcapngBuilder epb(int iface, long units, byte[] data, Option... options) {
        return epb(iface, units, data, data.length, options);
    }

    public PcapngBuilder epb(int iface, long units, byte[] data, long originalLength, Option... options) {
        Body b = new Body();
        b.u32(iface);                           // interface ID
        b.u32(units >>> 32);                    // timestamp (upper 32 bits)
        b.u32(units);                           // timestamp (lower 32 bits)
        b.u32(data.length);                     // captured packet length
        b.u32(originalLength);                  // original packet length
        b.padded(data);                         // packet data
        b.options(options);
        return block(6, b);
    }

    /** A Simple Packet Block: original length, then the data (its captured length is derived by readers). */
    public PcapngBuilder spb(long originalLength, byte[] data) {
        Body b = new Body();
        b.u32(originalLength);                  // original packet length
        b.padded(data);                         // packet data
        return block(3, b);
    }

    /** An obsolete Packet Block (pcapng appendix A). */
    public PcapngBuilder opb(int iface, int drops, long units, byte[] data, long originalLength, Option... options) {
        Body b = new Body();
        b.u16(iface);                           // interface ID
        b.u16(drops);                           // drops count
        b.u32(units >>> 32);                    // timestamp (upper 32 bits)
        b.u32(units);                           // timestamp (lower 32 bits)
        b.u32(data.length);                     // captured length
        b.u32(originalLength);                  // packet length
        b.padded(data);                         // packet data
        b.options(options);
        return block(2, b);
    }

    /** A Name Resolution Block with one IPv4 record. */
    public PcapngBuilder nrb(byte[] ipv4, String name) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        Body b = new Body();
        b.u16(1);                               // record type: nrb_record_ipv4
        b.u16(4 + n.length);                    // record value length
        b.bytes(ipv4);                          // IPv4 address
        b.padded(n);                            // name, NUL-terminated
        b.u16(0);                               // nrb_record_end
        b.u16(0);                               // record value length
        return block(NRB, b);
    }

    /** An Interface Statistics Block with {@code isb_ifdrop}. */
    public PcapngBuilder isb(int iface, long units, long drops) {
        Body b = new Body();
        b.u32(iface);                           // interface ID
        b.u32(units >>> 32);                    // timestamp (upper 32 bits)
        b.u32(units);                           // timestamp (lower 32 bits)
        b.options(Option.i64(5, drops));        // isb_ifdrop
        return block(ISB, b);
    }

    /** A Decryption Secrets Block of TLS key log lines. */
    public PcapngBuilder dsb(String keyLog) {
        byte[] secrets = keyLog.getBytes(StandardCharsets.UTF_8);
        Body b = new Body();
        b.u32(0x544c534b);                      // secrets type: TLS key log
        b.u32(secrets.length);                  // secrets length
        b.padded(secrets);                      // secrets data
        return block(DSB, b);
    }

    /** A Custom Block ({@link #CUSTOM} or {@link #CUSTOM_NO_COPY}). */
    public PcapngBuilder custom(int type, long privateEnterpriseNumber, byte[] data) {
        Body b = new Body();
        b.u32(privateEnterpriseNumber);         // private enterprise number
        b.padded(data);                         // custom data
        return block(type, b);
    }

    /** A block of a type no reader knows, with an arbitrary body. */
    public PcapngBuilder unknown(int type, byte[] body) {
        Body b = new Body();
        b.padded(body);                         // block body
        return block(type, b);
    }

    /** Raw bytes, for damaged files. */
    public PcapngBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** How many bytes were built so far: the offset of the next block. */
    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private PcapngBuilder block(int type, Body body) {
        byte[] content = body.out.toByteArray();
        int length = 12 + content.length;
        Body b = new Body();
        b.u32(type);                            // block type
        b.u32(length);                          // block total length
        b.bytes(content);                       // block body
        b.u32(length);                          // block total length, again
        out.writeBytes(b.out.toByteArray());
        return this;
    }

    /** An option: code and value; numbers are written in the section's byte order, bytes as given. */
    public static final class Option {
        final int code;
        final byte[] bytes;
        final long number;
        final int width;

        private Option(int code, byte[] bytes, long number, int width) {
            this.code = code;
            this.bytes = bytes;
            this.number = number;
            this.width = width;
        }

        public static Option comment(String text) {
            return string(1, text);
        }

        public static Option string(int code, String text) {
            return raw(code, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Option u8(int code, int value) {
            return new Option(code, null, value, 1);
        }

        public static Option u32(int code, long value) {
            return new Option(code, null, value, 4);
        }

        public static Option i64(int code, long value) {
            return new Option(code, null, value, 8);
        }

        /** An option whose length field says {@code declaredLength} whatever {@code value} holds: damage. */
        public static Option lying(int code, int declaredLength, byte[] value) {
            return new Option(code, value.clone(), 0, declaredLength);
        }

        /** Arbitrary value bytes, written as given. */
        public static Option raw(int code, byte[] value) {
            return new Option(code, value.clone(), 0, value.length);
        }
    }

    /** A block body in the builder's current byte order. */
    private final class Body {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u16(int v) {
            if (bigEndian) {
                out.write(v >>> 8);
                out.write(v);
            } else {
                out.write(v);
                out.write(v >>> 8);
            }
        }

        void u32(long v) {
            if (bigEndian) {
                u16((int) (v >>> 16) & 0xFFFF);
                u16((int) v & 0xFFFF);
            } else {
                u16((int) v & 0xFFFF);
                u16((int) (v >>> 16) & 0xFFFF);
            }
        }

        void i64(long v) {
            if (bigEndian) {
                u32(v >>> 32);
                u32(v);
            } else {
                u32(v);
                u32(v >>> 32);
            }
        }

        void bytes(byte[] b) {
            out.writeBytes(b);
        }

        void padded(byte[] b) {
            out.writeBytes(b);
            out.writeBytes(new byte[(4 - b.length % 4) % 4]);
        }

        void options(Option... options) {
            for (Option o : options) {
                u16(o.code);                    // option code
                u16(o.width);                   // option length
                value(o);                       // option value, padded to 32 bits
            }
            if (options.length > 0) {
                u16(0);                         // opt_endofopt
                u16(0);                         // its length
            }
        }

        private void value(Option o) {
            if (o.bytes != null) {
                padded(o.bytes);
            } else if (o.width == 1) {
                padded(new byte[] {(byte) o.number});
            } else if (o.width == 4) {
                u32(o.number);
            } else {
                i64(o.number);
            }
        }
    }
}
