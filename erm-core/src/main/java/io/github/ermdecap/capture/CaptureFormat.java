// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

/** The capture file formats this library reads and writes. Compression is orthogonal (see {@link CaptureReader}). */
public enum CaptureFormat {
    /** Classic libpcap format, microsecond or nanosecond, either byte order. */
    PCAP,
    /** pcapng (draft-ietf-opsawg-pcapng). */
    PCAPNG
}
