// SPDX-License-Identifier: Apache-2.0
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes the hostile captures of issue 15 for run.sh, on stdout (run as {@code java HostileCaptures.java KIND}):
 * {@code sessions} (300 000 ERM records from as many switch addresses), {@code idbs} (pcapng with 1500
 * interfaces of 60 000-byte names), {@code lying} (a 56-byte pcap claiming a 250 MiB record), {@code lying-ng}
 * (the same as pcapng), {@code badtime} (pcap whose record 2 has ts_sec 0xFFFFFFFF and ts_usec 1500000),
 * {@code badutf8} (pcapng whose interface name and comments are 65 000 bytes of 0xFF), {@code v6sessions}
 * (80 000 ERM records from IPv6 switches whose {@code 31 * h + b} hashes collide in groups of 4096).
 */
public class HostileCaptures {
    public static void main(String[] args) throws IOException {
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16)) {
            switch (args[0]) {
                case "sessions": sessions(out); break;
                case "idbs": idbs(out); break;
                case "v6sessions": v6sessions(out); break;
                case "lying": out.write(pcapHeader()); out.write(le(1, 0, 250 << 20, 250 << 20)); out.write(new byte[16]); break;
                case "lying-ng": lyingNg(out); break;
                case "badtime": badtime(out); break;
                case "badutf8": badutf8(out); break;
                default: throw new IllegalArgumentException(args[0]);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("Broken pipe")) {
                throw e;
            }
        }
    }

    static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    static byte[] pcapHeader() {
        byte[] h = le(0xA1B2C3D4, 0, 0, 0, 65535, 1);
        h[4] = 2; // version 2.4
        h[6] = 4;
        return h;
    }

    /** Ethernet/IPv4 {@code src} -> 10.0.0.1/UDP 5 -> 7932/ERM (VLAN 10)/a 14-byte inner Ethernet header. */
    static byte[] erm(int src) {
        byte[] f = new byte[14 + 20 + 8 + 12 + 14];
        f[12] = 0x08;
        f[14] = 0x45;
        int ip = f.length - 14;
        f[16] = (byte) (ip >> 8);
        f[17] = (byte) ip;
        f[22] = 64;
        f[23] = 17;
        f[26] = (byte) (src >>> 24); f[27] = (byte) (src >>> 16); f[28] = (byte) (src >>> 8); f[29] = (byte) src;
        f[30] = 10; f[33] = 1;
        f[35] = 5;
        f[36] = (byte) (7932 >> 8); f[37] = (byte) 7932;
        f[38] = (byte) ((ip - 20) >> 8); f[39] = (byte) (ip - 20);
        f[42 + 10] = 10;
        f[54 + 12] = 0x08;
        return f;
    }

    static void sessions(OutputStream out) throws IOException {
        out.write(pcapHeader());
        for (int i = 0; i < 300_000; i++) {
            byte[] f = erm(0x0A01_0000 + i);
            out.write(le(1000 + i / 1000, 0, f.length, f.length));
            out.write(f);
        }
    }

    static void v6sessions(OutputStream out) throws IOException {
        out.write(pcapHeader());
        for (int i = 0; i < 80_000; i++) {
            byte[] inner = Arrays.copyOfRange(erm(1), 42, 42 + 12 + 14);
            byte[] f = new byte[14 + 40 + 8 + inner.length];
            f[12] = (byte) 0x86; f[13] = (byte) 0xDD;
            f[14] = 0x60;
            f[18] = (byte) ((8 + inner.length) >> 8); f[19] = (byte) (8 + inner.length);
            f[20] = 17; f[21] = 64;
            f[22] = 0x20; f[23] = 0x01;
            int x = i % 64, y = i / 64 % 64;
            f[22 + 12] = (byte) (i / 4096); f[22 + 13] = (byte) x; f[22 + 14] = (byte) y;
            f[22 + 15] = (byte) (-961 * x - 31 * y);
            f[38] = 0x20; f[39] = 0x01; f[53] = 1;
            f[55] = 5; f[56] = (byte) (7932 >> 8); f[57] = (byte) 7932;
            f[58] = (byte) ((8 + inner.length) >> 8); f[59] = (byte) (8 + inner.length);
            System.arraycopy(inner, 0, f, 62, inner.length);
            out.write(le(1000, 0, f.length, f.length));
            out.write(f);
        }
    }

    /** A pcapng block: type, total length, body padded to 32 bits, total length. */
    static void block(OutputStream out, int type, byte[] body) throws IOException {
        int padded = (body.length + 3) & ~3;
        out.write(le(type, 12 + padded));
        out.write(Arrays.copyOf(body, padded));
        out.write(le(12 + padded));
    }

    static byte[] shb() {
        return le(0x1A2B3C4D, 1, -1, -1);
    }

    static byte[] option(int code, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((value.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    static void idbs(OutputStream out) throws IOException {
        block(out, 0x0A0D0D0A, shb());
        byte[] name = new byte[60_000];
        Arrays.fill(name, (byte) 'n');
        byte[] idb = concat(le(1, 0), option(2, name), option(0, new byte[0]));
        for (int i = 0; i < 1500; i++) {
            block(out, 1, idb);
        }
    }

    static void lyingNg(OutputStream out) throws IOException {
        block(out, 0x0A0D0D0A, shb());
        block(out, 1, le(1, 0));
        out.write(le(6, (250 << 20) + 32, 0, 0, 0, 250 << 20, 250 << 20));
    }

    static void badtime(OutputStream out) throws IOException {
        out.write(pcapHeader());
        int[][] ts = {{1000, 0}, {-1, 1_500_000}, {1002, 0}};
        for (int[] t : ts) {
            byte[] f = erm(0x0A01_0001);
            out.write(le(t[0], t[1], f.length, f.length));
            out.write(f);
        }
    }

    static void badutf8(OutputStream out) throws IOException {
        byte[] bad = new byte[65_000];
        Arrays.fill(bad, (byte) 0xFF);
        block(out, 0x0A0D0D0A, concat(shb(), option(1, bad), option(0, new byte[0])));
        block(out, 1, concat(le(1, 0), option(2, bad), option(0, new byte[0])));
        byte[] f = erm(0x0A01_0001);
        block(out, 6, concat(le(0, 0, 1_000_000, f.length, f.length), Arrays.copyOf(f, (f.length + 3) & ~3),
                option(1, bad), option(0, new byte[0])));
    }
}
