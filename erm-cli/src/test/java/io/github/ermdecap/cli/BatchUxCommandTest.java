// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureReader;
import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.github.ermdecap.cli.ConvertCommandTest.mixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch inputs by content, manifests, the output guard, tree edges, hints and --drop-other, via the command. */
class BatchUxCommandTest {
    @TempDir
    Path dir;

    private static final byte[] GOOD = Fixtures.pcap(false, LinkType.ETHERNET, mixed());

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    private static Path sample() {
        Path p = Path.of(System.getProperty("user.dir")).getParent().resolve("testdata/sample-erm.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(p), p + " not found: skipped");
        return p;
    }

    @Test
    void takesCapturesByContentKeepsTheirNamesAndListsTheRest() throws IOException {
        write("in/rotated/dump.pcap1", GOOD);
        write("in/rotated/dump-20261202-0930", GOOD);
        write("in/notes.txt", "a README".getBytes());
        Path out = dir.resolve("out");
        Cli r = Cli.run("-o", out.toString(), dir.resolve("in").toString());
        assertEquals(0, r.code, r::toString);
        assertEquals(List.of("rotated/dump-20261202-0930", "rotated/dump.pcap1"), BatchCommandTest.files(out));
        assertTrue(r.err.contains(dir.resolve("in/notes.txt") + ": not a capture, left alone"), r::toString);
        assertTrue(r.err.contains("2 files: 2 converted, 0 skipped, 0 failed; 1 other file not a capture, left alone"),
                r::toString);
    }

    @Test
    void grammarOfOneFileAndOneRecord() throws IOException {
        byte[] one = Fixtures.pcap(false, LinkType.ETHERNET, List.of(mixed().get(0)));
        Cli r = Cli.run("-o", dir.resolve("out").toString(), write("in/a.pcap", one).toString());
        assertTrue(r.err.contains(": 1 record, "), r::toString);
        assertTrue(r.err.contains("1 file: 1 converted"), r::toString);
    }

    @Test
    void changedOptionsConvertAgainAndForceStillForces() throws IOException {
        Path in = write("in/a.pcap", GOOD);
        String out = dir.resolve("out").toString();
        assertEquals(0, Cli.run("-q", "-o", out, in.toString()).code);
        assertTrue(Cli.run("-o", out, in.toString()).err.contains("skipped (up to date)"));
        for (String[] changed : new String[][] {{"--vlan", "always"}, {"-p", "7932,7933"}, {"--depth", "1"},
            {"--drop-other"}, {"-F", "pcapng"}, {"--max-record", "65535"}, {"--shards", "2"}}) {
            String[] args = new String[changed.length + 3];
            System.arraycopy(changed, 0, args, 0, changed.length);
            args[changed.length] = "-o";
            args[changed.length + 1] = out;
            args[changed.length + 2] = in.toString();
            Cli r = Cli.run(args);
            assertTrue(r.err.contains("1 file: 1 converted"), String.join(" ", changed) + ": " + r);
        }
        assertTrue(Cli.run("--shards", "2", "-o", out, in.toString()).err.contains("1 file: 0 converted, 1 skipped"));
        assertTrue(Cli.run("-f", "--shards", "2", "-o", out, in.toString()).err.contains("1 file: 1 converted"));
    }

    @Test
    void anIncompleteShardSetIsRedone() throws IOException {
        Path in = write("in/a.pcap", GOOD);
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run("-q", "--shards", "3", "-o", out.toString(), in.toString()).code);
        Files.delete(out.resolve("a-1.pcap"));
        Cli r = Cli.run("--shards", "3", "-o", out.toString(), in.toString());
        assertTrue(r.err.contains("1 file: 1 converted"), r::toString);
        assertTrue(Files.isRegularFile(out.resolve("a-1.pcap")));
    }

    @Test
    void neverWritesThroughASymlinkLeadingOutOfTheOutputDirectory() throws IOException {
        write("in/sub/a.pcap", GOOD);
        Path elsewhere = write("elsewhere/a.pcap", "precious".getBytes());
        Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(dir.resolve("out/sub"), elsewhere.getParent());
        Cli r = Cli.run("-o", dir.resolve("out").toString(), dir.resolve("in").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("a symlink leading out of the output directory"), r::toString);
        assertEquals("precious", Files.readString(elsewhere));
    }

    @Test
    void anOutputDirectoryThatIsTheInputDirectoryInDisguiseIsRefused() throws IOException {
        Path in = write("in/a.pcap", GOOD);
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("in"));
        Cli r = Cli.run("-o", alias.toString(), dir.resolve("in").toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("is inside the output directory"), r::toString);
        assertArrayEquals(GOOD, Files.readAllBytes(in));
    }

    @Test
    void noOutputIsAnotherInputOfTheBatch() throws IOException {
        Path a = write("in/a.pcap", GOOD);
        Path b = write("in/b.pcap", Fixtures.pcap(true, LinkType.ETHERNET, mixed()));
        Files.createDirectories(dir.resolve("out"));
        Files.createLink(dir.resolve("out/a.pcap"), b);           // out/a.pcap is in/b.pcap
        Cli r = Cli.run("-o", dir.resolve("out").toString(), a.toString(), b.toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("refusing to overwrite an input of the batch"), r::toString);
        assertArrayEquals(Fixtures.pcap(true, LinkType.ETHERNET, mixed()), Files.readAllBytes(b));
    }

    @Test
    void symlinkedAndUnreadableDirectoriesAreReportedAndTheRestConverted() throws IOException {
        write("in/a/one.pcap", GOOD);
        write("other/two.pcap", GOOD);
        Files.createSymbolicLink(dir.resolve("in/linked"), dir.resolve("other"));
        Cli r = Cli.run("-o", dir.resolve("out").toString(), dir.resolve("in").toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains(dir.resolve("in/linked") + ": skipped (a symlinked directory: not followed)"),
                r::toString);

        Path locked = Files.createDirectories(dir.resolve("in/locked"));
        write("in/locked/three.pcap", GOOD);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(locked), "running as root: directories are always readable");
            Cli u = Cli.run("-f", "-o", dir.resolve("out").toString(), dir.resolve("in").toString());
            assertEquals(2, u.code, u::toString);
            assertTrue(u.err.contains("locked: cannot read"), u::toString);
            assertTrue(u.err.contains("one.pcap -> "), "the rest is converted: " + u);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void dropOtherKeepsOnlyDecapsulatedFramesAndCountsTheMalformed() throws IOException {
        Path out = dir.resolve("o.pcap");
        Cli r = Cli.run("--drop-other", "-p", "7932,7933", sample().toString(), out.toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.matches("(?s).*dropped\\s+\\d+ \\(\\d+ not ERM, 1 malformed ERM\\).*"), r::toString);
        long decapsulated = Long.parseLong(r.err.replaceAll("(?s).*decapsulated\\s+(\\d+).*", "$1"));
        try (CaptureReader in = CaptureReader.open(out)) {
            long n = 0;
            while (in.next() != null) {
                n++;
            }
            assertEquals(decapsulated, n, "only decapsulated frames come out");
        }
    }

    @Test
    void noErmButUdpElsewhereSuggestsAutoAndTheBusiestPorts() {
        Cli r = Cli.run("-p", "9999", sample().toString(), dir.resolve("o.pcap").toString());
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains("hint: no ERM found on the ports given, but UDP to other ports: try -p auto,"
                + " or -p with one of the busiest: 7932 ("), r::toString);
        assertFalse(Cli.run("-p", "7932,7933", sample().toString(), dir.resolve("p.pcap").toString())
                .err.contains("hint:"), "no hint when ERM was found");
    }

    @Test
    void aRecordOverTheLimitNamesTheOption() {
        Cli r = Cli.run("--max-record", "60", sample().toString(), dir.resolve("o.pcap").toString());
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("exceeds the limit 60 (expected: a larger --max-record BYTES"), r::toString);
    }

    @Test
    void outputDirectoryNamedLikeACaptureFile() throws IOException {
        Path in = write("in.pcap", GOOD);
        Cli r = Cli.run("-o", dir.resolve("out.pcap").toString(), in.toString());
        assertEquals(2, r.code, r::toString);
        assertTrue(r.err.contains("looks like a capture file name, but -o names a directory"), r::toString);
        assertFalse(Files.exists(dir.resolve("out.pcap")));
    }

    @Test
    void outInAMissingDirectoryIsSaid() throws IOException {
        Path in = write("in.pcap", GOOD);
        Cli r = Cli.run(in.toString(), dir.resolve("nope/out.pcap").toString());
        assertEquals(3, r.code, r::toString);
        assertTrue(r.err.startsWith("erm-decap: " + dir.resolve("nope/out.pcap") + ": create failed: no such directory "
                + dir.resolve("nope")), r::toString);
    }

    @Test
    void oldModifiedPcapAndSnoopSuggestEditcap() throws IOException {
        Path modified = write("old.pcap", new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xcd, 0x34, 0, 2, 0, 4});
        Cli r = Cli.run(modified.toString(), dir.resolve("o.pcap").toString());
        assertEquals(1, r.code, r::toString);
        assertTrue(r.err.contains("\"modified pcap\" file; convert it first with editcap -F pcap"), r::toString);
        Path snoop = write("x.snoop", "snoop\0\0\0\0\0\0\2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(Cli.run(snoop.toString(), dir.resolve("o.pcap").toString()).err
                .contains("a snoop file; convert it first with editcap -F pcap"));
    }

    @Test
    void binaryOutputToATerminalIsRefused() throws IOException {
        Path in = write("in.pcap", GOOD);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cl = ErmDecapCommand.commandLine(
                new ErmDecapCommand(new ByteArrayInputStream(new byte[0]), stdout, false, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute(in.toString(), "-"));
        assertTrue(err.toString().startsWith("erm-decap: -: stdout is a terminal: refusing"), err::toString);
        assertEquals(0, stdout.size());
    }
}
