package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;

/** TEMP stub: untagged Ethernet, option-less IPv4, UDP, 12-byte header only. */
public final class ErmDecapsulator {
    private final DecapOptions options;
    private final DecapStats stats = new DecapStats();
    private final DecapResult result = new DecapResult();

    public ErmDecapsulator(DecapOptions options) {
        this.options = options;
    }

    public DecapResult decapsulate(PacketRecord r) {
        return decapsulate(r.linkType(), r.array(), r.offset(), r.capturedLength(), r.originalLength());
    }

    public DecapResult decapsulate(int linkType, byte[] data, int offset, int length, long originalLength) {
        DecapResult res = result;
        res.array = data;
        res.offset = offset;
        res.length = length;
        res.originalLength = originalLength;
        res.linkType = linkType;
        res.depth = 0;
        res.outcome = linkType == LinkType.ETHERNET ? Outcome.NOT_ERM_PORT : Outcome.NOT_ERM_LINK_TYPE;
        if (linkType == LinkType.ETHERNET) {
            int off = offset;
            int len = length;
            while (res.depth < options.maxDepth() && len >= 54 && (data[off + 12] & 0xFF) == 8
                    && data[off + 13] == 0 && data[off + 23] == 17) {
                int dport = (data[off + 36] & 0xFF) << 8 | (data[off + 37] & 0xFF);
                if (java.util.Arrays.binarySearch(options.ports(), dport) < 0) {
                    break;
                }
                res.switchAddress = (data[off + 26] & 0xFF) + "." + (data[off + 27] & 0xFF) + "."
                        + (data[off + 28] & 0xFF) + "." + (data[off + 29] & 0xFF);
                res.port = dport;
                res.vlanId = ((data[off + 51] & 0xFF) << 8 | (data[off + 52] & 0xFF)) >>> 4;
                res.depth++;
                res.outcome = Outcome.DECAPSULATED;
                off += 54;
                len -= 54;
                res.originalLength -= 54;
            }
            res.offset = off;
            res.length = len;
            if (res.depth > 0) {
                res.linkType = LinkType.ETHERNET;
            }
        }
        res.keep = res.depth > 0 || options.nonErmPolicy() == NonErmPolicy.PASS;
        stats.add(res);
        return res;
    }

    public DecapStats stats() {
        return stats;
    }
}
