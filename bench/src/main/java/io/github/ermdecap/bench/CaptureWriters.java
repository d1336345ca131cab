// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.bench;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureWriter;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PcapWriter;
import io.github.ermdecap.capture.PcapngWriter;
import io.github.ermdecap.capture.Timestamps;
import java.io.OutputStream;

/** The erm-core writer for a format, and the interface (Ethernet, nanosecond timestamps) generated captures use. */
final class CaptureWriters {
    static final int SNAPLEN = 65535;
    /** The collector's capture interface, as a pcapng IDB describes it. */
    static final InterfaceInfo COLLECTOR = new InterfaceInfo(0, 0, LinkType.ETHERNET, SNAPLEN, Timestamps.NANOS, 0,
            -1, "eth1", "ERM collector");

    private CaptureWriters() {
    }

    static CaptureWriter open(OutputStream out, CaptureFormat format) {
        if (format == CaptureFormat.PCAP) {
            return new PcapWriter(out, true, SNAPLEN, LinkType.ETHERNET);
        }
        return new PcapngWriter(out);
    }

    /** The interface records are written on for this writer. */
    static InterfaceInfo iface(CaptureWriter w) {
        return w instanceof PcapWriter ? ((PcapWriter) w).iface() : COLLECTOR;
    }
}
