// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the outputs of a split file's parts, in order, into the bytes one conversion of the whole file writes.
 *
 * <p>pcap: the file header once, then every part's records. pcapng: each part was written by its own
 * {@code PcapngWriter} (little-endian; a Section Header Block, then each interface's Interface Description Block
 * just before its first packet, identical descriptions merged, IDs numbered in order of first use, Enhanced
 * Packet Blocks). One writer for the whole file does the same over all parts, so the join keeps one map from IDB
 * bytes (the writer's description, byte for byte) to the whole file's ID: a part's IDB already in the map is
 * dropped, a new one is written and numbered next, and each EPB's interface ID is rewritten from the part's
 * numbering to the whole file's. The leading Section Header Block of parts after the first is dropped (every
 * part starts in the file's first section, so it is the same block); a later one (a new section in the last
 * part) is kept and starts a new map, as the writer starts one.
 */
abstract class PartJoin {
    /** Longest IDB or SHB the join buffers (ours are far shorter: their options are bounded strings). */
    static final int MAX_DESCRIPTION = 1 << 24;

    final OutputStream out;

    private PartJoin(OutputStream out) {
        this.out = out;
    }

    /** Appends part {@code index}'s output, read from {@code in}. */
    abstract void part(int index, InputStream in) throws IOException;

    static PartJoin pcap(OutputStream out, byte[] header) {
        return new PartJoin(out) {
            @Override
            void part(int index, InputStream in) throws IOException {
                if (index == 0) {
                    out.write(header);
                }
                in.skipNBytes(PcapResync.FILE_HEADER);
                SparkConversion.copy(in, out);
            }
        };
    }

    static PartJoin pcapng(OutputStream out) {
        return new Pcapng(out);
    }

    private static final class Pcapng extends PartJoin {
        private final Map<ByteBuffer, Integer> ids = new HashMap<>();
        private final byte[] copy = new byte[1 << 16];

        Pcapng(OutputStream out) {
            super(out);
        }

        @Override
        void part(int index, InputStream in) throws IOException {
            List<Integer> local = new ArrayList<>();
            byte[] h = new byte[12];
            boolean first = true;
            while (true) {
                int n = in.readNBytes(h, 0, 8);
                if (n == 0) {
                    return;
                }
                if (n < 8) {
                    throw new EOFException("part " + index + ": a partial block header");
                }
                int type = PcapResync.i32(h, 0, false);
                long length = PcapResync.i32(h, 4, false) & 0xFFFF_FFFFL;
                if (length < 12 || (length & 3) != 0) {
                    throw new IOException("part " + index + ": block length " + length);
                }
                if (type == PcapngResync.SHB || type == PcapngResync.IDB) {
                    byte[] block = whole(in, h, length, index);
                    if (type == PcapngResync.SHB) {
                        local.clear();
                        if (index == 0 || !first) {
                            ids.clear();
                            out.write(block);
                        }
                    } else {
                        ByteBuffer key = ByteBuffer.wrap(block);
                        Integer id = ids.get(key);
                        if (id == null) {
                            id = ids.size();
                            ids.put(key, id);
                            out.write(block);
                        }
                        local.add(id);
                    }
                } else if (type == PcapngResync.EPB && length >= 32) {
                    if (in.readNBytes(h, 8, 4) < 4) {
                        throw new EOFException("part " + index + ": a partial block");
                    }
                    long id = PcapResync.i32(h, 8, false) & 0xFFFF_FFFFL;
                    if (id >= local.size()) {
                        throw new IOException("part " + index + ": interface " + id + " not declared");
                    }
                    int g = local.get((int) id);
                    h[8] = (byte) g;
                    h[9] = (byte) (g >>> 8);
                    h[10] = (byte) (g >>> 16);
                    h[11] = (byte) (g >>> 24);
                    out.write(h, 0, 12);
                    copy(in, length - 12, index);
                } else {
                    throw new IOException("part " + index + ": unexpected block type " + type);
                }
                first = false;
            }
        }

        private static byte[] whole(InputStream in, byte[] h, long length, int index) throws IOException {
            if (length > MAX_DESCRIPTION) {
                throw new IOException("part " + index + ": description block of " + length + " bytes");
            }
            byte[] b = new byte[(int) length];
            System.arraycopy(h, 0, b, 0, 8);
            if (in.readNBytes(b, 8, b.length - 8) < b.length - 8) {
                throw new EOFException("part " + index + ": a partial block");
            }
            return b;
        }

        private void copy(InputStream in, long n, int index) throws IOException {
            while (n > 0) {
                int r = in.read(copy, 0, (int) Math.min(copy.length, n));
                if (r < 0) {
                    throw new EOFException("part " + index + ": a partial block");
                }
                out.write(copy, 0, r);
                n -= r;
            }
        }
    }
}
