// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.util.List;

/**
 * A pcapng Section Header Block: byte order, version, and the {@code shb_*} options a writer carries over.
 * Classic pcap files get one too, built from their header. Immutable.
 */
public final class SectionInfo {
    private final int index;
    private final boolean bigEndian;
    private final int majorVersion;
    private final int minorVersion;
    private final List<String> comments;
    private final String hardware;
    private final String os;
    private final String userApplication;

    public SectionInfo(int index, boolean bigEndian, int majorVersion, int minorVersion, List<String> comments,
                       String hardware, String os, String userApplication) {
        this.index = index;
        this.bigEndian = bigEndian;
        this.majorVersion = majorVersion;
        this.minorVersion = minorVersion;
        this.comments = List.copyOf(comments);
        this.hardware = hardware;
        this.os = os;
        this.userApplication = userApplication;
    }

    /** The number of this section in the file, from 0. */
    public int index() {
        return index;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public int majorVersion() {
        return majorVersion;
    }

    public int minorVersion() {
        return minorVersion;
    }

    /** {@code opt_comment} values of the section header, in file order; empty when none. */
    public List<String> comments() {
        return comments;
    }

    /** {@code shb_hardware}, or null. */
    public String hardware() {
        return hardware;
    }

    /** {@code shb_os}, or null. */
    public String os() {
        return os;
    }

    /** {@code shb_userappl}, or null. */
    public String userApplication() {
        return userApplication;
    }
}
