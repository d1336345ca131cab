// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Adds up the progress of a batch's files for a {@link BatchProgress}. */
final class BatchTracker {
    private final BatchProgress listener;
    private final long[] size;
    private final long[] done;
    private final boolean[] counted;
    private final boolean[] skip;
    private final boolean[] gzip;
    private final int total;
    private final long totalBytes;
    private int filesDone;
    private long bytesDone;

    BatchTracker(List<BatchPlan.Job> jobs, BatchProgress listener) {
        this.listener = listener;
        int n = jobs.size();
        size = new long[n];
        done = new long[n];
        counted = new boolean[n];
        skip = new boolean[n];
        gzip = new boolean[n];
        long sum = 0;
        int files = 0;
        for (int i = 0; i < n; i++) {
            BatchPlan.Job j = jobs.get(i);
            skip[i] = j.early != null;
            if (!skip[i] && listener != null) {
                files++;
                size[i] = size(j.input);
                gzip[i] = CaptureSniffer.isGzip(j.input);
                sum += size[i];
            }
        }
        total = files;
        totalBytes = sum;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** File {@code i} has read {@code bytes} of (uncompressed) input. */
    synchronized void progress(int i, long bytes) {
        if (listener == null || gzip[i]) {
            return;
        }
        long now = Math.min(bytes, size[i]);
        if (now > done[i]) {
            bytesDone += now - done[i];
            done[i] = now;
        }
        listener.progress(filesDone, total, bytesDone, totalBytes);
    }

    /** File {@code i} is finished (converted, skipped or failed). */
    synchronized void done(int i) {
        if (listener == null || counted[i] || skip[i]) {
            return;
        }
        counted[i] = true;
        bytesDone += size[i] - done[i];
        done[i] = size[i];
        filesDone++;
        listener.progress(filesDone, total, bytesDone, totalBytes);
    }
}
