// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The man page is made from the command's own model: every option, default and exit code of --help is in it. */
class ManPageTest {
    private static CommandSpec spec() {
        return ErmDecapCommand.commandLine(new ErmDecapCommand(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), false)).getCommandSpec();
    }

    @Test
    void listsEveryOptionWithItsDefaultAndEveryExitCode() {
        CommandSpec spec = spec();
        String page = ManPage.roff(spec, "9.8.7", "2026-12-02");
        assertTrue(page.startsWith(".\\\" Generated"), page);
        assertTrue(page.contains(".TH \"ERM\\-DECAP\" 1 \"2026\\-12\\-02\" \"erm\\-decap 9.8.7\""), page);
        int options = 0;
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                assertTrue(page.contains("\\fB" + name.replace("-", "\\-") + "\\fR"), name + "\n" + page);
            }
            options++;
        }
        assertTrue(options >= 17, "the command's options: " + options);
        assertTrue(page.contains("\\fB\\-\\-port\\fR=\\fILIST\\fR"), page);
        assertTrue(page.contains("Default: 4."), "--depth's ${DEFAULT-VALUE} is rendered\n" + page);
        assertFalse(page.contains("${"), "no unrendered variable\n" + page);
        for (String code : new String[] {"0", "1", "2", "3"}) {
            assertTrue(page.contains(".TP\n\\fB" + code + "\\fR\n"), "exit code " + code + "\n" + page);
        }
        assertTrue(page.contains(".SH EXAMPLES"), page);
    }

    @Test
    void textIsEscapedForRoff() {
        assertEquals("\\-p 7932,7933", ManPage.text("-p 7932,7933"));
        assertEquals("a\\eb", ManPage.text("a\\b"));
        assertEquals("\\&.hidden", ManPage.text(".hidden"));
        assertEquals("\\&'quote", ManPage.text("'quote"));
        for (String line : ManPage.roff(spec(), "1", "2026-12-02").split("\n")) {
            if (line.startsWith(".") || line.startsWith("'")) {
                assertTrue(line.matches("\\.(\\\\\"|TH|SH|TP|PP|nf|fi|RS|RE)( .*)?"), "a known macro: " + line);
            }
        }
    }

    /** man itself reads the page without a warning, when man-db is installed (CI installs it). */
    @Test
    void manRendersThePageWithoutWarnings() throws IOException, InterruptedException {
        Path man = Path.of("/usr/bin/man");
        assumeTrue(Files.isExecutable(man), "man is not installed: skipping the rendering check");
        Path dir = Files.createTempDirectory("manpage");
        Path page = dir.resolve("erm-decap.1");
        try {
            Files.writeString(page, ManPage.roff(spec(), "1.0", "2026-12-02"), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(man.toString(), "--warnings", "-l", page.toString())
                    .redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                            .toFile()))
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "man finished");
            String text = new String(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), err);
            assertEquals("", err, "warnings from man/groff");
            assertTrue(text.contains("--drop-other") || text.contains("‐‐drop‐other"), text);
            assertTrue(text.contains("EXIT STATUS"), text);
        } finally {
            Files.deleteIfExists(page);
            Files.deleteIfExists(dir);
        }
    }
}
