// SPDX-License-Identifier: Apache-2.0
/**
 * Streaming, lossless reading and writing of capture files: classic pcap (draft-ietf-opsawg-pcap) and pcapng
 * (draft-ietf-opsawg-pcapng), either of them gzip-compressed on input.
 *
 * <p>{@link io.github.ermdecap.capture.CaptureReader} is a pull cursor that detects the format from the first
 * bytes and hands out one reused {@link io.github.ermdecap.capture.PacketRecord} view over its own large buffer;
 * {@link io.github.ermdecap.capture.PcapWriter} and {@link io.github.ermdecap.capture.PcapngWriter} write records
 * back through a reused buffer. Every length read from a file is checked against
 * {@link io.github.ermdecap.capture.ReadLimits} before use, and every kind of damage is reported as a
 * {@link io.github.ermdecap.capture.CaptureFormatException} carrying the record number and byte offset, after all
 * intact records before it.
 *
 * <pre>{@code
 * try (CaptureReader in = CaptureReader.open(Path.of("in.pcap.gz"));
 *      CaptureWriter out = new PcapWriter(Files.newOutputStream(Path.of("out.pcap")), true, 262144, LinkType.ETHERNET)) {
 *     for (PacketRecord r; (r = in.next()) != null; ) {
 *         out.write(r);
 *     }
 * }
 * }</pre>
 */
package io.github.ermdecap.capture;
