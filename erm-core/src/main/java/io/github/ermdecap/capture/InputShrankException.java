// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.IOException;

/**
 * A write of packet bytes straight from an input's mapping ({@link GatheringOutput}) failed because another
 * program cut the input file below them while it was being converted. The output cannot be completed from the
 * mapping; converting the file again, as it now is, gives the records before the cut and its located damage.
 */
public final class InputShrankException extends IOException {
    private static final long serialVersionUID = 1L;

    InputShrankException(IOException cause) {
        super("the input shrank while it was being converted (" + cause.getMessage() + ")", cause);
    }
}
