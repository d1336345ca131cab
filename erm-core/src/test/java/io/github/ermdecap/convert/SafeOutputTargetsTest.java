// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@link SafeOutput} does with each kind of target: devices and FIFOs written into, symbolic links
 * followed, modes and owners kept, long names, and the temporary files of dead runs.
 */
class SafeOutputTargetsTest {
    private static final byte[] DATA = "captured bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command));
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static void write(Path target) throws IOException {
        try (SafeOutput out = SafeOutput.create(target)) {
            out.stream().write(DATA);
            out.commit();
        }
    }

    @Test
    void aCharacterDeviceIsWrittenIntoNeverReplaced() throws Exception {
        assumeTrue(root(), "mknod needs root");
        Path dev = dir.resolve("null");
        run("mknod", dev.toString(), "c", "1", "3");
        try (SafeOutput out = SafeOutput.create(dev)) {
            assertTrue(out.direct());
            assertNull(out.temporaryFile());
            out.stream().write(DATA);
            out.commit();
        }
        assertEquals(0020000, mode(dev) & 0170000, "still a character device");
        assertEquals(List.of("null"), names(dir), "no temporary file");
    }

    @Test
    void aFifoIsWrittenIntoAndItsReaderGetsTheBytes() throws Exception {
        Path fifo = dir.resolve("fifo");
        run("mkfifo", fifo.toString());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            write(fifo);
            assertArrayEquals(DATA, read.get(20, TimeUnit.SECONDS));
        });
        assertEquals(0010000, mode(fifo) & 0170000, "still a FIFO");
        assertEquals(List.of("fifo"), names(dir));
    }

    @Test
    void aSymlinkIsFollowedTheTemporaryFileGoesBesideItsTargetAndTheLinkStays() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path real = Files.write(elsewhere.resolve("real.pcap"), new byte[] {1});
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), Path.of("elsewhere/real.pcap"));
        try (SafeOutput out = SafeOutput.create(link)) {
            assertEquals(elsewhere.toAbsolutePath(), out.temporaryFile().getParent());
            out.stream().write(DATA);
            out.commit();
        }
        assertTrue(Files.isSymbolicLink(link), "the link stays");
        assertArrayEquals(DATA, Files.readAllBytes(real), "its target gets the new bytes");
        assertEquals(List.of("real.pcap"), names(elsewhere));
    }

    @Test
    void aDanglingSymlinkCreatesItsTarget() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), Path.of("new.pcap"));
        write(link);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(DATA, Files.readAllBytes(dir.resolve("new.pcap")));
    }

    @Test
    void aReplacedFileKeepsItsModeANewOneGetsTheUmask() throws Exception {
        Path old = Files.write(dir.resolve("old.pcap"), new byte[] {1});
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r-----"));
        write(old);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
        Path fresh = dir.resolve("fresh.pcap");
        write(fresh);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh), "the umask's mode");
    }

    @Test
    void aReplacedFileKeepsItsOwnerAndGroupAsRoot() throws Exception {
        assumeTrue(root(), "only root can give a file away");
        Path old = Files.write(dir.resolve("old.pcap"), new byte[] {1});
        run("chown", "12345:23456", old.toString());
        write(old);
        assertEquals(12345, Files.getAttribute(old, "unix:uid"));
        assertEquals(23456, Files.getAttribute(old, "unix:gid"));
    }

    @Test
    void theLongestLegalNamesWork() throws Exception {
        for (String name : List.of("x".repeat(245) + ".pcap", "y".repeat(250) + ".pcap",
                "é".repeat(125) + ".pcap")) {          // 250 + 5 = 255 bytes in UTF-8
            Path target = dir.resolve(name);
            try (SafeOutput out = SafeOutput.create(target)) {
                assertTrue(out.temporaryFile().getFileName().toString()
                        .getBytes(StandardCharsets.UTF_8).length <= TempFiles.MAX_NAME_BYTES);
                out.stream().write(DATA);
                out.commit();
            }
            assertArrayEquals(DATA, Files.readAllBytes(target));
        }
    }

    @Test
    void theNextRunRemovesTemporaryFilesOfDeadRunsOnly() throws Exception {
        Process done = new ProcessBuilder("true").start();
        assertTrue(done.waitFor(20, TimeUnit.SECONDS));
        long deadPid = done.pid();
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long liveStart = TempFiles.startMillis(sleeper.toHandle());
            String host = TempFiles.host();
            Path dead = Files.write(dir.resolve(TempFiles.name("a.pcap", host, deadPid, 1_000_000L)), DATA);
            Path reused = Files.write(dir.resolve(TempFiles.name("b.pcap", host, sleeper.pid(), liveStart - 60_000)),
                    DATA);
            Path live = Files.write(dir.resolve(TempFiles.name("c.pcap", host, sleeper.pid(), liveStart)), DATA);
            String otherHost = host.equals("zzzz") ? "yyyy" : "zzzz";
            Path foreign = Files.write(dir.resolve(TempFiles.name("d.pcap", otherHost, deadPid, 1_000_000L)), DATA);
            Path unparsable = Files.write(dir.resolve(".e.pcap" + SafeOutput.TEMP_MARKER + "1a2b3c4d5e6f7a8b"), DATA);
            Path user = Files.write(dir.resolve("f.pcap"), DATA);
            TempFiles.forgetCleaned();
            write(dir.resolve("out.pcap"));
            assertFalse(Files.exists(dead), "a dead process's file is removed");
            assertFalse(Files.exists(reused), "a reused process id with another start time is a dead run");
            for (Path kept : List.of(live, foreign, unparsable, user)) {
                assertTrue(Files.exists(kept), kept + " is kept");
            }
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aTemporaryFileOfThisProcessIsNeverRemoved() throws Exception {
        try (SafeOutput first = SafeOutput.create(dir.resolve("first.pcap"))) {
            first.stream().write(DATA);
            TempFiles.forgetCleaned();
            write(dir.resolve("second.pcap"));
            assertTrue(Files.exists(first.temporaryFile()));
            first.commit();
        }
        assertArrayEquals(DATA, Files.readAllBytes(dir.resolve("first.pcap")));
    }

    @Test
    void sameFileSeesThroughLinksAndNamesNotYetTaken() throws Exception {
        Path a = Files.write(dir.resolve("a"), DATA);
        Path hard = Files.createLink(dir.resolve("hard"), a);
        Path sym = Files.createSymbolicLink(dir.resolve("sym"), a);
        assertTrue(SafeOutput.sameFile(a, hard));
        assertTrue(SafeOutput.sameFile(sym, a));
        Files.createDirectory(dir.resolve("sub"));
        assertTrue(SafeOutput.sameFile(dir.resolve("new"), dir.resolve("sub/../new")));
        assertFalse(SafeOutput.sameFile(dir.resolve("new"), a));
        assertFalse(SafeOutput.sameFile(dir.resolve("new"), dir.resolve("other")));
    }
}
