// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.erm.DecapResult;

import java.io.IOException;

/** Where the conversion loop puts each kept record: one output, or a router over several. */
interface RecordSink {
    /** Writes a kept record; returns false when the output cannot hold its link type (counted, not written). */
    boolean write(PacketRecord r, DecapResult d) throws IOException;
}
