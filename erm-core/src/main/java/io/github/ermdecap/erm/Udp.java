// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

/** UDP header offsets (RFC 768). */
final class Udp {
    static final int PROTOCOL_NUMBER = 17;
    static final int SRC_PORT = 0;
    static final int DST_PORT = SRC_PORT + 2;
    static final int LENGTH = DST_PORT + 2;
    static final int CHECKSUM = LENGTH + 2;
    static final int HEADER = CHECKSUM + 2;

    private Udp() {
    }
}
