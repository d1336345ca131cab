// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command in-process through picocli's {@code execute()}, capturing everything it prints. */
final class Cli {
    final int code;
    /** picocli's out: help, version, completion. */
    final String out;
    final String err;
    /** The binary stdout the capture goes to. */
    final byte[] stdout;

    private Cli(int code, String out, String err, byte[] stdout) {
        this.code = code;
        this.out = out;
        this.err = err;
        this.stdout = stdout;
    }

    static Cli run(String... args) {
        return run(new byte[0], args);
    }

    static Cli run(byte[] stdin, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        return run(new ByteArrayInputStream(stdin), stdout, stdout, args);
    }

    static Cli run(InputStream stdin, OutputStream stdout, ByteArrayOutputStream captured, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ErmDecapCommand.commandLine(new ErmDecapCommand(stdin, stdout, false));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString(), captured.toByteArray());
    }

    @Override
    public String toString() {
        return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
}
