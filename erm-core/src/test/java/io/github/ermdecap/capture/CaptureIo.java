// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small helpers shared by the capture tests. */
final class CaptureIo {
    private CaptureIo() {
    }

    static CaptureReader open(byte[] file) throws IOException {
        return CaptureReader.open(new ByteArrayInputStream(file), "test.cap", ReadLimits.DEFAULT);
    }

    /** Every record of a capture, copied. */
    static List<PacketRecord> readAll(byte[] file) throws IOException {
        try (CaptureReader r = open(file)) {
            List<PacketRecord> all = new ArrayList<>();
            for (PacketRecord p; (p = r.next()) != null; ) {
                all.add(p.copy());
            }
            return all;
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The folder of golden files, from the system property surefire sets. */
    static Path testdata() {
        String dir = System.getProperty("erm.testdata.dir");
        return Path.of(dir == null ? "../testdata" : dir);
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
