// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code erm-decap(1)} manual page in roff ({@code man} macros), generated from the command's picocli model, so
 * the options, defaults, exit codes and examples it lists are those of {@code --help}. The release build runs it:
 * {@code java -cp ... io.github.ermdecap.cli.ManPage OUT.1 VERSION DATE}.
 *
 * <p>Only what the picocli model cannot hold is written here: the environment variables the launcher and the
 * command read, the files of an installation, and the related commands.
 */
public final class ManPage {
    private ManPage() {
    }

    /**
     * Writes the manual page.
     *
     * @param args the output file, the version and the date (YYYY-MM-DD) for the page's title line
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ManPage OUT.1 VERSION DATE");
            System.exit(2);
        }
        CommandSpec spec = ErmDecapCommand.commandLine(new ErmDecapCommand()).getCommandSpec();
        Files.writeString(Path.of(args[0]), roff(spec, args[1], args[2]), StandardCharsets.UTF_8);
    }

    /**
     * The page for a command.
     *
     * @param spec the command's model
     * @param version the version shown in the page's footer
     * @param date the date shown in the page's footer
     * @return the page, roff with the {@code man} macros
     */
    public static String roff(CommandSpec spec, String version, String date) {
        String name = spec.name();
        StringBuilder out = new StringBuilder();
        out.append(".\\\" Generated from the picocli model of ").append(name).append(" by ")
                .append(ManPage.class.getName()).append(": do not edit.\n");
        out.append(".TH ").append(quoted(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 ")
                .append(quoted(date)).append(' ').append(quoted(name + ' ' + version)).append(' ')
                .append(quoted("User Commands")).append('\n');

        out.append(".SH NAME\n").append(text(name)).append(" \\- ")
                .append(text(firstSentence(String.join(" ", spec.usageMessage().description())))).append('\n');

        out.append(".SH SYNOPSIS\n.nf\n");
        for (String line : spec.usageMessage().customSynopsis()) {
            if (!line.isBlank()) {
                out.append(text(line.strip())).append('\n');
            }
        }
        out.append(".fi\n");

        out.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            if (!line.isBlank()) {
                out.append(text(CommandLine.Help.Ansi.OFF.string(line).strip())).append('\n');
            }
        }

        out.append(".SH OPTIONS\n");
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            out.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR")
                    .append(p.arity().max() > 1 ? "..." : "").append('\n');
            paragraphs(out, p.description());
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            out.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                String label = o.typeInfo().isBoolean() || o.arity().max() == 0 ? ""
                        : (n.startsWith("--") ? "=" : " ") + "\\fI" + text(o.paramLabel()) + "\\fR";
                names.add("\\fB" + text(n) + "\\fR" + label);
            }
            out.append(String.join(", ", names)).append('\n');
            paragraphs(out, o.description());
        }

        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            out.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : exitCodes.entrySet()) {
                out.append(".TP\n\\fB").append(text(e.getKey().strip())).append("\\fR\n")
                        .append(text(capitalised(e.getValue().strip()))).append('\n');
            }
            out.append(".PP\nIn batch mode the exit status is the worst of any file's.\n");
        }

        out.append(".SH ENVIRONMENT\n");
        out.append("JAVA_HOME, JAVA_OPTS and ERM_DECAP_CDS are read by the launcher script of the tar.gz and zip "
                + "archives, bin/erm-decap; the Debian package brings its own Java runtime and ignores them.\n");
        definition(out, "JAVA_HOME", "The Java 17 (or newer) installation whose bin/java the launcher runs; "
                + "without it, java on PATH.");
        definition(out, "JAVA_OPTS", "Options for the Java virtual machine, split on spaces, e.g. -Xmx64m.");
        definition(out, "ERM_DECAP_CDS", "0 stops the launcher from mapping lib/erm-decap.jsa, the class-data "
                + "sharing archive that shortens start-up.");
        definition(out, "ERM_DECAP_DEBUG", "1 prints the stack trace of an internal error (exit status 3).");
        definition(out, "CI", "When set, no progress line is drawn, even on a terminal.");

        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            out.append(".SH EXAMPLES\n.nf\n.RS\n");
            for (String line : footer) {
                if (!line.isBlank()) {
                    out.append(text(line.strip())).append('\n');
                }
            }
            out.append(".RE\n.fi\n");
        }

        out.append(".SH SEE ALSO\n").append(text("tcpdump(8), tshark(1), editcap(1), pcap(3PCAP)")).append('\n');
        return out.toString();
    }

    private static void definition(StringBuilder out, String term, String meaning) {
        out.append(".TP\n\\fB").append(text(term)).append("\\fR\n").append(text(meaning)).append('\n');
    }

    /** Description lines; a blank line starts a new paragraph (indented as the first under a tag). */
    private static void paragraphs(StringBuilder out, String[] lines) {
        boolean first = true;
        boolean any = false;
        for (String line : lines) {
            String l = CommandLine.Help.Ansi.OFF.string(line).strip();
            if (l.isEmpty()) {
                first = true;
                continue;
            }
            if (first && any) {
                out.append(".IP\n");
            }
            out.append(text(l)).append('\n');
            first = false;
            any = true;
        }
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        String first = dot < 0 ? s : s.substring(0, dot);
        return first.isEmpty() ? first : Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A quoted macro argument. */
    private static String quoted(String s) {
        return '"' + text(s).replace("\"", "\\(dq") + '"';
    }

    /**
     * Text for roff: backslashes and minus signs escaped (so options are copied and searched as typed), and a
     * control character ({@code .} or {@code '}) at the start made literal.
     */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-").replace("\n", " ");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t;
    }
}
