// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.ermdecap.cli.ConvertCommandTest.mixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9 items 1-6 and issue 15 items 9 and 12 through the command: what OUT and {@code --stats} may be,
 * what is kept, and what a slow or closed pipeline gets.
 */
class OutputSafetyCommandTest {
    @TempDir
    Path dir;

    private Path input() throws IOException {
        return Files.write(dir.resolve("in.pcap"), Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
    }

    /** What the command writes for the input, converted to a plain file. */
    private byte[] expected(Path in) throws IOException {
        Path ref = dir.resolve("ref-" + System.nanoTime() + ".pcap");
        Cli r = Cli.run("-q", in.toString(), ref.toString());
        assertEquals(0, r.code, r::toString);
        byte[] b = Files.readAllBytes(ref);
        Files.delete(ref);
        return b;
    }

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command));
    }

    private static int fileType(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
    }

    private static void assertOneLine(Cli r, String expected) {
        assertEquals(expected, r.err.stripTrailing(), r::toString);
        assertFalse(r.err.stripTrailing().contains("\n"), r::toString);
    }

    @Test
    void aCharacterDeviceOutIsWrittenIntoAndStaysADevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path in = input();
        Path dev = Files.createDirectory(dir.resolve("dev")).resolve("null");
        run("mknod", dev.toString(), "c", "1", "3");
        Cli r = Cli.run("-q", in.toString(), dev.toString());
        assertEquals(0, r.code, r::toString);
        assertEquals(0020000, fileType(dev), "still a character device");
        assertEquals(List.of("null"), names(dev.getParent()));
    }

    @Test
    void aFifoOutIsWrittenIntoAndItsReaderGetsTheCapture() throws Exception {
        Path in = input();
        byte[] want = expected(in);
        Path fifo = dir.resolve("out.fifo");
        run("mkfifo", fifo.toString());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream s = Files.newInputStream(fifo)) {
                    return s.readAllBytes();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Cli r = Cli.run("-q", in.toString(), fifo.toString());
            assertEquals(0, r.code, r::toString);
            assertArrayEquals(want, read.get(30, TimeUnit.SECONDS));
        });
        assertEquals(0010000, fileType(fifo), "still a FIFO");
    }

    @Test
    void aSymlinkOutIsFollowedAndKept() throws Exception {
        Path in = input();
        Path real = Files.write(Files.createDirectory(dir.resolve("real")).resolve("x.pcap"), new byte[] {1});
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), real);
        Cli r = Cli.run("-q", in.toString(), link.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(expected(in), Files.readAllBytes(real));
        assertEquals(List.of("x.pcap"), names(real.getParent()), "no temporary file left beside the target");
    }

    @Test
    void anOverwrittenOutKeepsItsMode() throws Exception {
        Path in = input();
        Path out = Files.write(dir.resolve("out.pcap"), new byte[] {1});
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        Cli r = Cli.run("-q", in.toString(), out.toString());
        assertEquals(0, r.code, r::toString);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertArrayEquals(expected(in), Files.readAllBytes(out));
    }

    @Test
    void aLongOutNameWorks() throws Exception {
        Path in = input();
        Path out = dir.resolve("o".repeat(245) + ".pcap");
        Cli r = Cli.run("-q", in.toString(), out.toString());
        assertEquals(0, r.code, r::toString);
        assertArrayEquals(expected(in), Files.readAllBytes(out));
    }

    @Test
    void statsNamingTheInputIsRefusedAndTheInputKept() throws Exception {
        Path in = input();
        byte[] before = Files.readAllBytes(in);
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), in);
        for (Path stats : List.of(in, link)) {
            Cli r = Cli.run("-q", "--stats", stats.toString(), in.toString(), dir.resolve("out.pcap").toString());
            assertEquals(2, r.code, r::toString);
            assertOneLine(r, "erm-decap: --stats " + stats + ": refusing to overwrite the input " + in
                    + " (expected: another file for the JSON summary)");
        }
        assertArrayEquals(before, Files.readAllBytes(in));
        assertFalse(Files.exists(dir.resolve("out.pcap")), "refused before converting");
    }

    @Test
    void statsNamingOutOrAShardIsRefused() throws Exception {
        Path in = input();
        Path out = dir.resolve("out.pcap");
        Cli r = Cli.run("-q", "--stats", out.toString(), in.toString(), out.toString());
        assertEquals(2, r.code, r::toString);
        assertOneLine(r, "erm-decap: --stats " + out + ": refusing to overwrite the output " + out
                + " (expected: another file for the JSON summary)");
        Path shard = dir.resolve("part-1.pcap");
        r = Cli.run("-q", "--shards", "2", "--stats", shard.toString(), in.toString(), dir.resolve("part.pcap").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.startsWith("erm-decap: --stats " + shard + ": refusing to overwrite the output"), r::toString);
        assertEquals(List.of("in.pcap"), names(dir));
    }

    @Test
    void statsNamingASplitOutputIsNotWrittenOverIt() throws Exception {
        Path in = input();
        Path out = dir.resolve("s.pcap");
        Cli first = Cli.run("-q", "--split", "vlan", in.toString(), out.toString());
        assertEquals(0, first.code, first::toString);
        Path other = dir.resolve("s-other.pcap");
        byte[] before = Files.readAllBytes(other);
        Cli r = Cli.run("-q", "--split", "vlan", "--stats", other.toString(), in.toString(), out.toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.startsWith("erm-decap: --stats " + other + ": refusing to overwrite the output"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(other), "the split output stays a capture");
    }

    @Test
    void statsInAMissingDirectoryIsRefusedBeforeConverting() throws Exception {
        Path in = input();
        Path stats = dir.resolve("nowhere/run.json");
        Cli r = Cli.run("-q", "--stats", stats.toString(), in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(3, r.code, r::toString);
        assertOneLine(r, "erm-decap: --stats " + stats + ": create failed: no such directory: " + stats.getParent());
        assertFalse(Files.exists(dir.resolve("out.pcap")), "nothing converted");
    }

    @Test
    void statsReplacesAnOldFileAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path in = input();
        Path stats = Files.writeString(dir.resolve("run.json"), "old");
        Cli r = Cli.run("-q", "--stats", stats.toString(), in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(Files.readString(stats).startsWith("{"), "the new JSON");
        assertEquals(List.of("in.pcap", "out.pcap", "run.json"), names(dir));
    }

    @Test
    void statsIntoAFifoIsWrittenIntoIt() throws Exception {
        Path in = input();
        Path fifo = dir.resolve("stats.fifo");
        run("mkfifo", fifo.toString());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream s = Files.newInputStream(fifo)) {
                    return new String(s.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Cli r = Cli.run("-q", "--stats", fifo.toString(), in.toString(), dir.resolve("out.pcap").toString());
            assertEquals(0, r.code, r::toString);
            assertTrue(read.get(30, TimeUnit.SECONDS).contains("\"records_read\""), "the JSON came through");
        });
        assertEquals(0010000, fileType(fifo));
    }

    @Test
    void brokenPipeStillWritesStatsAndTheSummary() throws Exception {
        Path stats = dir.resolve("run.json");
        byte[] capture = Fixtures.pcap(false, LinkType.ETHERNET, mixed());
        Cli r = Cli.run(new ByteArrayInputStream(capture), new ClosedPipe(), new ByteArrayOutputStream(),
                "--stats", stats.toString(), "-", "-");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains("records read"), r::toString);
        assertFalse(r.err.contains("erm-decap:"), "no error message: " + r.err);
        assertTrue(Files.readString(stats).contains("\"records_read\""));
        Cli quiet = Cli.run(new ByteArrayInputStream(capture), new ClosedPipe(), new ByteArrayOutputStream(),
                "-q", "--stats", stats.toString(), "-", "-");
        assertEquals(0, quiet.code, quiet::toString);
        assertEquals("", quiet.err);
    }

    @Test
    void aSlowStreamIsFlushedWhenItGoesIdle() throws Exception {
        byte[] capture = Fixtures.pcap(false, LinkType.ETHERNET, mixed());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            PipedOutputStream feed = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(feed, 1 << 16);
            Captured stdout = new Captured();
            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(
                    () -> Cli.run(stdin, stdout, new ByteArrayOutputStream(), "-q", "-", "-"));
            feed.write(capture);                   // then the input stays open and quiet
            feed.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (stdout.size() < 24 + 16 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(run.isDone(), "still running: the input is open");
            assertTrue(stdout.size() > 24, "the records came out while the input was idle: " + stdout.size());
            feed.close();
            Cli r = run.get(20, TimeUnit.SECONDS);
            assertEquals(0, r.code, r::toString);
        });
    }

    @Test
    void controlCharactersInNamesAreEscapedInMessages() throws Exception {
        Path in = input();
        String out = dir.resolve("a\nb\u001b[31m/out.pcap").toString();
        Cli r = Cli.run("-q", in.toString(), out);
        assertEquals(3, r.code, r::toString);
        String line = r.err.stripTrailing();
        assertFalse(line.contains("\n") || line.contains("\u001b"), r::toString);
        assertTrue(line.contains("a\\nb\\x1b[31m"), r::toString);
    }

    @Test
    void escapingKeepsOrdinaryTextAndNamesEveryControl() {
        assertEquals("in.pcap: record 3 at byte 40", Errors.oneLine("in.pcap: record 3 at byte 40"));
        assertEquals("a\\nb\\rc\\td\\x00\\x7f\\x85\\u2028é", Errors.oneLine("a\nb\rc\td\0\u007f\u0085\u2028é"));
    }

    /** A stdout whose reader has gone: every write fails as a closed pipe does. */
    private static final class ClosedPipe extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
        }
    }

    /** Collects what is written, readable from another thread while the run goes on. */
    private static final class Captured extends OutputStream {
        private byte[] bytes = new byte[0];

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            byte[] n = Arrays.copyOf(bytes, bytes.length + len);
            System.arraycopy(b, off, n, bytes.length, len);
            bytes = n;
        }

        synchronized int size() {
            return bytes.length;
        }
    }
}
