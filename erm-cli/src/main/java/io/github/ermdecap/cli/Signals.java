// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGINT and SIGTERM as a stop request instead of the JVM's immediate shutdown, so that {@code listen} finishes
 * its files (complete, synced, under their final names) before it exits. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported, in every JDK 17+); where it is missing the signals keep their default meaning.
 */
final class Signals {
    private Signals() {
    }

    static void install(AtomicBoolean stop) {
        try {
            for (String name : new String[] {"INT", "TERM"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.set(true));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // not on this platform: the default handling stays
        }
    }
}
