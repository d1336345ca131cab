// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --help lists every option and the exit codes; --version; --completion prints a bash script. */
class HelpAndCompletionTest {
    @Test
    void helpListsOptionsAndExitCodes() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.code, r::toString);
        for (String option : new String[] {"-F=", "--port=LIST", "--vlan=", "--depth=N", "--drop-other",
            "--max-record=BYTES", "--stats=FILE", "--output-dir=DIR", "--jobs=N", "--force", "--quiet",
            "--completion", "--help", "--version"}) {
            assertTrue(r.out.contains(option), option + "\n" + r.out);
        }
        assertTrue(r.out.matches("(?s).*Exit codes:\\n\\s+0\\s+success.*\\n\\s+1\\s+input damaged.*"
                + "\\n\\s+2\\s+usage error.*\\n\\s+3\\s+output failure.*"), r.out);
    }

    @Test
    void helpExitCodesAreTheReadmes() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        Assumptions.assumeTrue(Files.isRegularFile(readme), readme + " not found: skipped");
        String md = Files.readString(readme);
        String table = md.substring(md.indexOf("### Exit codes"), md.indexOf("In batch mode the exit code"));
        Map<String, String> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d) \\| (.*) \\|$").matcher(table);
        while (row.find()) {
            documented.put(row.group(1), row.group(2).replace("`", "").replace("\\|", "|").replaceAll("\\s+", " ").trim());
        }
        String help = Cli.run("--help").out;
        String codes = help.substring(help.indexOf("Exit codes:") + 11, help.indexOf("Examples:"));
        Map<String, String> listed = new TreeMap<>();
        Matcher entry = Pattern.compile("(?m)^  (\\d)   ((?:.|\\n {8})*)").matcher(codes);
        while (entry.find()) {
            listed.put(entry.group(1), entry.group(2).replaceAll("\\s+", " ").trim());
        }
        assertEquals(4, listed.size(), codes);
        assertEquals(documented, listed, "--help and README.md list the same exit codes");
    }

    @Test
    void helpNeverBreaksInsideAName() {
        String help = Cli.run("--help").out;
        // "(.\n   pcap" or "out.\n   pcap": a name cut after its dot
        assertFalse(help.matches("(?s).*[(\\w]\\.\\n +[a-z].*"), "a line ends inside a name: " + help);
    }

    @Test
    void versionNamesTheProject() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.matches("erm-decap \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n.*(?s).*"), r.out);
    }

    @Test
    void completionScriptCompletesOptionsAndValues() {
        Cli r = Cli.run("--completion");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("complete -F _complete_erm-decap"), r.out);
        assertTrue(r.out.contains("--drop-other"), r.out);
        assertTrue(r.out.contains("pcapng"), "-F values");
        assertTrue(r.out.contains("tagged"), "--vlan values");
    }

    @Test
    void aBareCommandLineStillExits2OnUsageErrors() {
        picocli.CommandLine cl = new picocli.CommandLine(new ErmDecapCommand(
                new java.io.ByteArrayInputStream(new byte[0]), new java.io.ByteArrayOutputStream(), false));
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(2, cl.execute("--no-such-option"));
        assertEquals(2, cl.execute("only-one-file"));
    }
}
