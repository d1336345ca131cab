// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PcapngBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.github.ermdecap.cli.ConvertCommandTest.A;
import static io.github.ermdecap.cli.ConvertCommandTest.B;
import static io.github.ermdecap.cli.ConvertCommandTest.NESTED;
import static io.github.ermdecap.cli.ConvertCommandTest.PLAIN;
import static io.github.ermdecap.cli.ConvertCommandTest.mixed;
import static io.github.ermdecap.cli.ConvertCommandTest.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes 1, 2 and 3, one-line messages, refusal to overwrite the input, and what is left on disk. */
class ErrorsAndSafetyTest {
    @TempDir
    Path dir;

    private Path input() throws IOException {
        Path in = dir.resolve("in.pcap");
        Files.write(in, Fixtures.pcap(false, LinkType.ETHERNET, mixed()));
        return in;
    }

    private static void assertOneLine(Cli r, String expectedStart) {
        String[] lines = r.err.split("\n");
        assertTrue(lines[0].startsWith(expectedStart), r::toString);
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception in"), r::toString);
    }

    @Test
    void truncatedLastRecordKeepsTheGoodPrefixAndExits1() throws IOException {
        byte[] whole = Fixtures.pcap(false, LinkType.ETHERNET, mixed());
        int lastLength = mixed().get(4).length;
        Path in = dir.resolve("cut.pcap");
        Files.write(in, Arrays.copyOf(whole, whole.length - lastLength + 10));
        long offset = whole.length - lastLength - 16;
        Cli r = Cli.run(in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(1, r.code, r::toString);
        String last = r.err.trim().substring(r.err.trim().lastIndexOf('\n') + 1);
        assertEquals("erm-decap: " + in + ": record 5 at byte " + offset + ": record truncated: 26 of "
                + (16 + lastLength) + " bytes present", last);
        assertArrayEquals(Fixtures.pcap(false, LinkType.ETHERNET, List.of(A, PLAIN, B, NESTED)),
                Files.readAllBytes(dir.resolve("out.pcap")), "the four good records, finished");
        assertTrue(r.err.contains("records read"), "the summary is still printed");
    }

    @Test
    void truncatedStdinStillWritesThePrefixToStdout() {
        byte[] whole = Fixtures.pcap(false, LinkType.ETHERNET, mixed());
        Cli r = Cli.run(Arrays.copyOf(whole, whole.length - 3), "-q", "-", "-");
        assertEquals(1, r.code, r::toString);
        assertArrayEquals(Fixtures.pcap(false, LinkType.ETHERNET, List.of(A, PLAIN, B, NESTED)), r.stdout);
        assertTrue(r.err.startsWith("erm-decap: -: record 5 at byte "), r.err);
    }

    @Test
    void notACaptureExits1WithoutOutput() throws IOException {
        Path in = dir.resolve("notes.txt");
        Files.writeString(in, "hello, world");
        Cli r = Cli.run(in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(1, r.code, r::toString);
        assertOneLine(r, "erm-decap: " + in + ": at byte 0: not a pcap or pcapng file");
        assertEquals(List.of("notes.txt"), names(dir));
    }

    @Test
    void usageErrorsExit2() throws IOException {
        Path in = input();
        String out = dir.resolve("out.pcap").toString();
        String[][] cases = {
            {"--bogus", in.toString(), out},
            {"-F", "pcapx", in.toString(), out},
            {"--vlan", "sometimes", in.toString(), out},
            {"-p", "0", in.toString(), out},
            {"-p", "7932,x", in.toString(), out},
            {"--depth", "0", in.toString(), out},
            {"--depth", "17", in.toString(), out},
            {"--max-record", "0", in.toString(), out},
            {in.toString()},
            {in.toString(), out, "third"},
            {"-j", "2", in.toString(), out},
            {"-o", dir.resolve("o").toString()},
            {"-o", dir.resolve("o").toString(), "-"},
        };
        for (String[] args : cases) {
            Cli r = Cli.run(args);
            assertEquals(2, r.code, () -> String.join(" ", args) + "\n" + r);
            assertOneLine(r, "erm-decap: ");
            assertTrue(r.err.contains("Try 'erm-decap --help'"), r::toString);
        }
        assertFalse(Files.exists(dir.resolve("out.pcap")));
    }

    @Test
    void missingInputExits2() {
        Cli r = Cli.run(dir.resolve("nope.pcap").toString(), dir.resolve("out.pcap").toString());
        assertEquals(2, r.code, r::toString);
        assertOneLine(r, "erm-decap: " + dir.resolve("nope.pcap") + ": no such file");
    }

    @Test
    void refusesToOverwriteTheInputByPathSymlinkOrHardLink() throws IOException {
        Path in = input();
        byte[] before = Files.readAllBytes(in);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.pcap"), in);
        Path hardLink = Files.createLink(dir.resolve("hard.pcap"), in);
        for (Path out : List.of(in, symlink, hardLink, dir.resolve(".").resolve("in.pcap"))) {
            Cli r = Cli.run(in.toString(), out.toString());
            assertEquals(2, r.code, r::toString);
            assertOneLine(r, "erm-decap: " + out + ": refusing to overwrite the input " + in);
        }
        Cli viaLink = Cli.run(symlink.toString(), in.toString());
        assertEquals(2, viaLink.code, viaLink::toString);
        assertArrayEquals(before, Files.readAllBytes(in));
        assertEquals(List.of("hard.pcap", "in.pcap", "link.pcap"), names(dir), "no temporary files");
    }

    @Test
    void unwritableOutputExits3() throws IOException {
        Path in = input();
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Cli r = Cli.run(in.toString(), file.resolve("out.pcap").toString());
        assertEquals(3, r.code, r::toString);
        assertOneLine(r, "erm-decap: " + file.resolve("out.pcap") + ": create failed: Not a directory");
        Cli missingDir = Cli.run(in.toString(), dir.resolve("no/such/dir/out.pcap").toString());
        assertEquals(3, missingDir.code, missingDir::toString);
        assertOneLine(missingDir, "erm-decap: " + dir.resolve("no/such/dir/out.pcap") + ": create failed: ");
    }

    @Test
    void outputIsADirectoryExits2() throws IOException {
        Path in = input();
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Cli r = Cli.run(in.toString(), sub.toString());
        assertEquals(2, r.code, r::toString);
        assertOneLine(r, "erm-decap: " + sub + ": is a directory");
    }

    @Test
    void diskFullOnStdoutExits3() throws IOException {
        OutputStream full = new FailingStream("No space left on device");
        Cli r = Cli.run(new ByteArrayInputStream(Fixtures.pcap(false, LinkType.ETHERNET, mixed())), full,
                new ByteArrayOutputStream(), "-", "-");
        assertEquals(3, r.code, r::toString);
        assertOneLine(r, "erm-decap: -: write failed: No space left on device");
    }

    @Test
    void brokenPipeEndsQuietly() {
        OutputStream closedPipe = new FailingStream("Broken pipe");
        Cli r = Cli.run(new ByteArrayInputStream(Fixtures.pcap(false, LinkType.ETHERNET, mixed())), closedPipe,
                new ByteArrayOutputStream(), "-q", "-", "-");
        assertEquals(0, r.code, r::toString);
        assertEquals("", r.err);
    }

    @Test
    void nonEthernetPcapInputIsRefusedUpFrontForPcapOutput() throws IOException {
        List<byte[]> frames = List.of(Fixtures.sll(Fixtures.erm(1, 7932, 10, false, A)), Fixtures.sll(PLAIN));
        Path in = dir.resolve("sll.pcap");
        Files.write(in, Fixtures.pcap(false, LinkType.LINUX_SLL, frames));
        Cli refused = Cli.run(in.toString(), dir.resolve("out.pcap").toString());
        assertEquals(2, refused.code, refused::toString);
        assertOneLine(refused, "erm-decap: " + in + ": link type LINUX_SLL: records that are not ERM cannot go");
        assertFalse(Files.exists(dir.resolve("out.pcap")));
        assertEquals(List.of("sll.pcap"), names(dir), "no temporary file left behind");

        Cli dropped = Cli.run(in.toString(), dir.resolve("out.pcap").toString(), "--drop-other");
        assertEquals(0, dropped.code, dropped::toString);
        assertArrayEquals(Fixtures.pcap(false, LinkType.ETHERNET, List.of(A)),
                Files.readAllBytes(dir.resolve("out.pcap")));

        Cli pcapng = Cli.run(in.toString(), dir.resolve("out.pcapng").toString());
        assertEquals(0, pcapng.code, pcapng::toString);
        try (var reader = io.github.ermdecap.capture.CaptureReader.open(dir.resolve("out.pcapng"))) {
            var first = reader.next();
            assertEquals(LinkType.ETHERNET, first.linkType(), "decapsulated: Ethernet interface");
            var second = reader.next();
            assertEquals(LinkType.LINUX_SLL, second.linkType(), "passed through on its own interface");
        }
    }

    @Test
    void nonEthernetPcapngRecordsAreCountedAndWarnedAboutInPcapOutput() throws IOException {
        byte[] in = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.LINUX_SLL, 0)
                .epb(0, 1_000_000L, Fixtures.sll(Fixtures.erm(1, 7932, 10, false, A)))
                .epb(0, 2_000_000L, Fixtures.sll(PLAIN))
                .bytes();
        Cli r = Cli.run(in, "-F", "pcap", "-", "-");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.err.contains("erm-decap: warning: 1 records not written: pcap output holds only Ethernet"),
                r::toString);
        assertTrue(r.err.matches("(?s).*dropped\\s+1 \\(0 not ERM, 1 link type\\).*"), r::toString);
        assertArrayEquals(A, ConvertCommandTest.only(r.stdout));
    }

    @Test
    void pcapngSectionsAndInterfacesAreKept() throws IOException {
        byte[] in = new PcapngBuilder()
                .shb(false, PcapngBuilder.Option.comment("first section"))
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.u8(9, 9))
                .epb(0, 1_000_000_001L, Fixtures.erm(1, 7932, 10, false, A), PcapngBuilder.Option.comment("c1"))
                .shb(false, PcapngBuilder.Option.comment("second section"))
                .idb(LinkType.ETHERNET, 0)
                .epb(0, 5_000_000L, PLAIN)
                .bytes();
        Cli r = Cli.run(in, "-", "-");
        assertEquals(0, r.code, r::toString);
        try (var reader = io.github.ermdecap.capture.CaptureReader.open(new ByteArrayInputStream(r.stdout), "out",
                io.github.ermdecap.capture.ReadLimits.DEFAULT)) {
            var p = reader.next();
            assertEquals(List.of("first section"), reader.section().comments());
            assertEquals(List.of("c1"), p.comments(), "packet comments kept");
            assertEquals(1, p.epochSecond());
            assertEquals(1, p.nanos(), "nanosecond interface kept");
            p = reader.next();
            assertEquals(1, reader.section().index());
            assertEquals(List.of("second section"), reader.section().comments());
            assertEquals(5, p.epochSecond());
            assertEquals(null, reader.next());
        }
    }

    @Test
    void pcapngNanosecondInterfaceMakesNanosecondPcap() {
        byte[] in = new PcapngBuilder()
                .shb(false)
                .idb(LinkType.ETHERNET, 0, PcapngBuilder.Option.u8(9, 9))
                .epb(0, 1_000_000_001L, Fixtures.erm(1, 7932, 10, false, A))
                .bytes();
        Cli r = Cli.run(in, "-F", "pcap", "-", "-");
        assertEquals(0, r.code, r::toString);
        assertEquals(0x4D, r.stdout[0] & 0xFF, "nanosecond magic a1b23c4d, little-endian");
        assertEquals(0x3C, r.stdout[1] & 0xFF);
    }

    /** A stdout whose every write fails like a full disk or a closed pipe. */
    private static final class FailingStream extends OutputStream {
        private final String message;

        FailingStream(String message) {
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            throw new IOException(message);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException(message);
        }
    }
}
