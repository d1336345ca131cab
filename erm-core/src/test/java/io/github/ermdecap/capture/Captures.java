// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helpers: open captures held in memory, read them whole, copy them through a writer. */
final class Captures {
    static final String SOURCE = "test.pcapng";

    private Captures() {
    }

    static CaptureReader open(byte[] file) throws IOException {
        return open(file, ReadLimits.DEFAULT);
    }

    static CaptureReader open(byte[] file, ReadLimits limits) throws IOException {
        return CaptureReader.open(new ByteArrayInputStream(file), SOURCE, limits);
    }

    /** Copies of every record of a capture that must read cleanly. */
    static List<PacketRecord> readAll(byte[] file) throws IOException {
        return readAll(file, ReadLimits.DEFAULT);
    }

    static List<PacketRecord> readAll(byte[] file, ReadLimits limits) throws IOException {
        try (CaptureReader in = open(file, limits)) {
            List<PacketRecord> records = new ArrayList<>();
            for (PacketRecord r; (r = in.next()) != null; ) {
                records.add(r.copy());
            }
            return records;
        }
    }

    /**
     * Reads a capture that must fail: returns the exception, after checking that exactly {@code good} records
     * were delivered before it.
     */
    static CaptureFormatException readFailing(byte[] file, ReadLimits limits, int good) throws IOException {
        List<PacketRecord> delivered = new ArrayList<>();
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
            try (CaptureReader in = open(file, limits)) {
                for (PacketRecord r; (r = in.next()) != null; ) {
                    delivered.add(r.copy());
                }
            }
        });
        if (delivered.size() != good) {
            throw new AssertionError("records delivered before the failure: " + delivered.size() + " (expected: "
                    + good + ")", e);
        }
        return e;
    }

    /** Reads a pcapng capture and writes it back with {@link PcapngWriter}, a section for each section read. */
    static byte[] rewrite(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader in = open(file); PcapngWriter writer = new PcapngWriter(out, in.section())) {
            int section = in.section().index();
            for (PacketRecord r; (r = in.next()) != null; ) {
                if (in.section().index() != section) {
                    section = in.section().index();
                    writer.newSection(in.section());
                }
                writer.write(r);
            }
        }
        return out.toByteArray();
    }

    /** The folder of golden files named by the system property {@code erm.testdata.dir} (skips when unset). */
    static Path testdata(String subfolder) {
        String dir = System.getProperty("erm.testdata.dir");
        assumeTrue(dir != null, "system property erm.testdata.dir is not set (run the tests through Maven)");
        Path path = Path.of(dir, subfolder);
        if (!Files.isDirectory(path)) {
            throw new AssertionError("golden files folder " + path + " is missing");
        }
        return path;
    }
}
