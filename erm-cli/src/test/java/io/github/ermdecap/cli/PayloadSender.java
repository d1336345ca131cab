// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import java.io.DataInputStream;
import java.io.EOFException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** A test helper run as its own process (inside a network namespace): sends a file of length-prefixed payloads to 127.0.0.1:PORT. */
final class PayloadSender {
    private PayloadSender() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(Path.of(args[0])));
             DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            while (true) {
                int n;
                try {
                    n = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                byte[] p = in.readNBytes(n);
                s.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }
}
