// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.spark;

import java.io.Serializable;

/**
 * One task's work: a whole input file into its output, or one byte range {@code [from, to)} of a split pcap or
 * pcapng file into a part that the driver joins.
 */
final class WorkItem implements Serializable {
    private static final long serialVersionUID = 1L;

    final int file;
    /** Part number, or -1 for a whole file. */
    final int part;
    final String input;
    /** Where the bytes go: the output file's temporary name is made beside it, or the part file (split). */
    final String output;
    /** The output file: its name chooses the format and gzip, as in batch mode. */
    final String target;
    final long from;
    final long to;
    /**
     * Bytes from the file's start read before the range: the pcap file header, or pcapng's leading blocks (0 for
     * a whole file).
     */
    final long head;

    private WorkItem(int file, int part, String input, String output, String target, long from, long to,
                     long head) {
        this.file = file;
        this.part = part;
        this.input = input;
        this.output = output;
        this.target = target;
        this.from = from;
        this.to = to;
        this.head = head;
    }

    static WorkItem whole(int file, String input, String output) {
        return new WorkItem(file, -1, input, output, output, 0, -1, 0);
    }

    /** A range read after the first {@code head} bytes of the file (pcapng: its blocks before the first packet). */
    static WorkItem range(int file, int part, String input, String partFile, String target, long from, long to,
                          long head) {
        return new WorkItem(file, part, input, partFile, target, from, to, head);
    }

    boolean split() {
        return part >= 0;
    }
}
