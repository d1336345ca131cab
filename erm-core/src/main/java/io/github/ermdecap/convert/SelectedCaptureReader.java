// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.InterfaceInfo;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.SectionInfo;

import java.io.IOException;
import java.util.List;

/**
 * A reader that delivers the records of another that a {@link RecordSelection} takes, counting the ones
 * outside its time window, and that ends cleanly once the selection's limit is reached without reading further
 * (so {@code -c} on a live pipe returns). Everything else is the underlying reader's.
 */
public final class SelectedCaptureReader implements CaptureReader {
    private final CaptureReader in;
    private final long limit;
    private final long fromSecond;
    private final int fromNanos;
    private final long toSecond;
    private final int toNanos;
    private final boolean hasFrom;
    private final boolean hasTo;
    private long delivered;
    private long outsideWindow;
    private boolean limitReached;

    SelectedCaptureReader(CaptureReader in, RecordSelection s) {
        this.in = in;
        this.limit = s.limit();
        this.hasFrom = s.from() != null;
        this.fromSecond = hasFrom ? s.from().getEpochSecond() : 0;
        this.fromNanos = hasFrom ? s.from().getNano() : 0;
        this.hasTo = s.to() != null;
        this.toSecond = hasTo ? s.to().getEpochSecond() : 0;
        this.toNanos = hasTo ? s.to().getNano() : 0;
    }

    @Override
    public PacketRecord next() throws IOException {
        if (limit >= 0 && delivered >= limit) {
            limitReached = true;
            return null;
        }
        for (PacketRecord r; (r = in.next()) != null; ) {
            if ((hasFrom && before(r, fromSecond, fromNanos)) || (hasTo && !before(r, toSecond, toNanos))) {
                outsideWindow++;
                continue;
            }
            delivered++;
            return r;
        }
        return null;
    }

    private static boolean before(PacketRecord r, long second, int nanos) {
        return r.epochSecond() < second || (r.epochSecond() == second && r.nanos() < nanos);
    }

    /** Records read but skipped because their timestamp lies outside the window. */
    public long outsideWindow() {
        return outsideWindow;
    }

    /** Whether reading stopped at the record limit (the input may hold more). */
    public boolean limitReached() {
        return limitReached;
    }

    /** The reader the records come from. */
    public CaptureReader underlying() {
        return in;
    }

    /** Records read from the underlying input: those delivered and those outside the window. */
    public long recordsRead() {
        return in.recordCount();
    }

    @Override
    public CaptureFormat format() {
        return in.format();
    }

    @Override
    public boolean compressed() {
        return in.compressed();
    }

    @Override
    public String source() {
        return in.source();
    }

    @Override
    public SectionInfo section() {
        return in.section();
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        return in.interfaces();
    }

    /** Records delivered (selected). */
    @Override
    public long recordCount() {
        return delivered;
    }

    @Override
    public long position() {
        return in.position();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
