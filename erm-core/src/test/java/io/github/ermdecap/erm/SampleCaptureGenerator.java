// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import io.github.ermdecap.capture.PacketRecord;
import io.github.ermdecap.capture.PcapWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.github.ermdecap.erm.ErmFrames.ip;
import static io.github.ermdecap.erm.ErmFrames.mac;

/**
 * Writes {@code testdata/sample-erm.pcap}: a small, deterministic, synthetic ERM capture (classic pcap, µs,
 * Ethernet, snaplen 262144) covering switches, ports, VLANs, nesting, outer tags and options, non-ERM and
 * malformed records. Its contents are listed in {@code testdata/README.md}; {@link SampleCaptureTest} checks the
 * committed file equals a fresh generation.
 *
 * <pre>{@code
 * mvn -q -o test-compile -pl erm-core && java -cp erm-core/target/classes:erm-core/target/test-classes \
 *     io.github.ermdecap.erm.SampleCaptureGenerator testdata/sample-erm.pcap
 * }</pre>
 */
public final class SampleCaptureGenerator {
    static final long START_SECOND = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final byte[][] SWITCH_IPS = {ip(10, 1, 0, 1), ip(10, 1, 0, 2), ip(10, 1, 0, 3)};
    static final byte[][] SWITCH_MACS = {mac(0x14, 0x58, 0xd0, 0x01, 0, 1), mac(0x14, 0x58, 0xd0, 0x01, 0, 2),
        mac(0x14, 0x58, 0xd0, 0x01, 0, 3)};
    static final byte[] COLLECTOR_IP = ip(10, 1, 0, 100);
    static final byte[] DNS_SERVER_IP = ip(10, 1, 0, 53);
    static final byte[] ROUTER_MAC = mac(0x00, 0x1b, 0x21, 0xaa, 0xbb, 0x01);

    static final byte[] PC_MAC = mac(0x00, 0x0c, 0x29, 0x10, 0x00, 0x0a);
    static final byte[] SERVER_MAC = mac(0x00, 0x0c, 0x29, 0x20, 0x00, 0x14);
    static final byte[] PC_IP = ip(192, 168, 10, 6);
    static final byte[] GW_IP = ip(192, 168, 10, 1);
    static final byte[] WEB_CLIENT_IP = ip(192, 168, 20, 10);
    static final byte[] WEB_SERVER_IP = ip(192, 168, 20, 20);
    static final byte[] V6_A = ip(0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10);
    static final byte[] V6_B = ip(0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20);
    static final byte[] SYSLOG_CLIENT_IP = ip(172, 16, 11, 7);
    static final byte[] SYSLOG_SERVER_IP = ip(172, 16, 11, 1);

    private final PcapWriter out;
    private final PacketRecord meta = new PacketRecord();
    private final int[] ipIds = {0x0100, 0x0200, 0x0300};
    private long micros = 137;

    private SampleCaptureGenerator(OutputStream stream) {
        this.out = new PcapWriter(stream, false, 262_144, LinkType.ETHERNET);
        meta.setInterface(out.iface());
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SampleCaptureGenerator <output.pcap>");
            System.exit(2);
        }
        try (OutputStream o = Files.newOutputStream(Path.of(args[0]))) {
            write(o);
        }
    }

    /** Writes the whole capture to {@code stream} (not closed). */
    static void write(OutputStream stream) throws IOException {
        SampleCaptureGenerator g = new SampleCaptureGenerator(stream);
        g.pings();
        g.webConversation();
        g.udpOverIpv4AndIpv6();
        g.specialFrames();
        g.out.flush();
    }

    /** ICMP echo on VLAN 10 (untagged), mirrored by 10.1.0.1 to port 7932; one ARP and DNS among them. */
    private void pings() throws IOException {
        raw(ErmFrames.arpRequest(SWITCH_MACS[0], SWITCH_IPS[0], COLLECTOR_IP));
        for (int seq = 1; seq <= 3; seq++) {
            erm(0, 7932, ErmFrames.word(2, false, 10, false), ErmFrames.icmpEcho(PC_MAC, ROUTER_MAC, PC_IP, GW_IP,
                    8, 0x4d2, seq, 56));
            erm(0, 7932, ErmFrames.word(2, false, 10, false), ErmFrames.icmpEcho(ROUTER_MAC, PC_MAC, GW_IP, PC_IP,
                    0, 0x4d2, seq, 56));
        }
        raw(ErmFrames.udpFrame(ErmFrames.COLLECTOR_MAC, ROUTER_MAC, COLLECTOR_IP, DNS_SERVER_IP, 41000, 53,
                dns(0x1a2b, false)));
        raw(ErmFrames.udpFrame(ROUTER_MAC, ErmFrames.COLLECTOR_MAC, DNS_SERVER_IP, COLLECTOR_IP, 53, 41000,
                dns(0x1a2b, true)));
    }

    /** A TCP/HTTP exchange on VLAN 20 (tagged, priority 5), mirrored by 10.1.0.2 to port 7933. */
    private void webConversation() throws IOException {
        int word = ErmFrames.word(5, false, 20, true);
        byte[] get = "GET / HTTP/1.1\r\nHost: intranet\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
        long c = 1000;
        long s = 5000;
        tcp(word, true, c, 0, 0x02, new byte[0]);
        tcp(word, false, s, c + 1, 0x12, new byte[0]);
        tcp(word, true, c + 1, s + 1, 0x10, new byte[0]);
        tcp(word, true, c + 1, s + 1, 0x18, get);
        tcp(word, false, s + 1, c + 1 + get.length, 0x18, ok);
        tcp(word, true, c + 1 + get.length, s + 1 + ok.length, 0x11, new byte[0]);
        tcp(word, false, s + 1 + ok.length, c + 2 + get.length, 0x11, new byte[0]);
        tcp(word, true, c + 2 + get.length, s + 2 + ok.length, 0x10, new byte[0]);
    }

    private void tcp(int word, boolean fromClient, long seq, long ack, int flags, byte[] data) throws IOException {
        byte[] f = fromClient
                ? ErmFrames.tcpFrame(PC_MAC, SERVER_MAC, WEB_CLIENT_IP, WEB_SERVER_IP, 51000, 80, seq, ack, flags, data)
                : ErmFrames.tcpFrame(SERVER_MAC, PC_MAC, WEB_SERVER_IP, WEB_CLIENT_IP, 80, 51000, seq, ack, flags, data);
        erm(1, 7933, word, f);
    }

    /** Syslog over UDP on VLAN 2011 (10.1.0.1, port 7933) and a UDP exchange over IPv6 (10.1.0.2, 7932). */
    private void udpOverIpv4AndIpv6() throws IOException {
        int v2011 = ErmFrames.word(6, false, 2011, true);
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("<34>Jan  1 00:00:0" + i + " fw1 link up port " + i).getBytes(StandardCharsets.US_ASCII);
            erm(0, 7933, v2011, ErmFrames.udpFrame(PC_MAC, SERVER_MAC, SYSLOG_CLIENT_IP, SYSLOG_SERVER_IP, 514, 514,
                    msg));
        }
        int v20 = ErmFrames.word(2, false, 20, false);
        for (int i = 0; i < 2; i++) {
            byte[] d = ("ping6 " + i).getBytes(StandardCharsets.US_ASCII);
            erm(1, 7932, v20, ErmFrames.udpFrame(PC_MAC, SERVER_MAC, V6_A, V6_B, 5000, 6000, d));
            erm(1, 7932, v20, ErmFrames.udpFrame(SERVER_MAC, PC_MAC, V6_B, V6_A, 6000, 5000, d));
        }
    }

    /** ERM in ERM, outer 802.1Q tag, outer IPv4 options, a switch-truncated frame, a malformed record. */
    private void specialFrames() throws IOException {
        byte[] ping = ErmFrames.icmpEcho(PC_MAC, ROUTER_MAC, PC_IP, GW_IP, 8, 0x4d2, 4, 56);
        byte[] fromSwitch1 = session(0, 7932, ErmFrames.word(2, false, 10, false), ping).build();
        erm(1, 7932, ErmFrames.word(2, false, 10, true), fromSwitch1);
        ErmFrames tagged = session(0, 7932, ErmFrames.word(2, false, 10, false),
                ErmFrames.icmpEcho(ROUTER_MAC, PC_MAC, GW_IP, PC_IP, 0, 0x4d2, 4, 56)).tags(0x8100);
        raw(tagged.build());
        ErmFrames options = session(2, 7932, ErmFrames.word(6, false, 2011, false),
                ErmFrames.icmpEcho(PC_MAC, SERVER_MAC, SYSLOG_CLIENT_IP, SYSLOG_SERVER_IP, 8, 0x99, 1, 32));
        options.ipv4Options = new byte[] {(byte) 0x94, 0x04, 0x00, 0x00}; // router alert
        raw(options.build());
        byte[] big = ErmFrames.udpFrame(PC_MAC, SERVER_MAC, SYSLOG_CLIENT_IP, SYSLOG_SERVER_IP, 514, 514,
                new byte[900]);
        erm(2, 7932, ErmFrames.word(6, false, 2011, false), Arrays.copyOf(big, 128));
        erm(0, 7932, ErmFrames.word(2, false, 10, false), Arrays.copyOf(ping, 10));
        raw(ErmFrames.arpRequest(SWITCH_MACS[1], SWITCH_IPS[1], COLLECTOR_IP));
    }

    private ErmFrames session(int sw, int port, int word, byte[] inner) {
        return ErmFrames.erm().addresses(SWITCH_IPS[sw], COLLECTOR_IP).sender(SWITCH_MACS[sw], ipIds[sw]++)
                .ports(5, port).word(word).inner(inner);
    }

    private void erm(int sw, int port, int word, byte[] inner) throws IOException {
        raw(session(sw, port, word, inner).build());
    }

    private void raw(byte[] frame) throws IOException {
        micros += 13_579;
        meta.setTimestamp(START_SECOND + micros / 1_000_000, (int) (micros % 1_000_000) * 1000);
        out.write(meta, out.iface(), frame, 0, frame.length, frame.length);
    }

    /** A DNS query (or its answer) for {@code intranet.example} type A. */
    private static byte[] dns(int id, boolean answer) {
        ErmFrames.Out d = new ErmFrames.Out();
        d.u16(id);                         // transaction id
        d.u16(answer ? 0x8180 : 0x0100);   // flags: standard query / response, recursion
        d.u16(1);                          // questions
        d.u16(answer ? 1 : 0);             // answers
        d.u16(0);                          // authority records
        d.u16(0);                          // additional records
        d.u8(8).bytes("intranet".getBytes(StandardCharsets.US_ASCII)); // name label
        d.u8(7).bytes("example".getBytes(StandardCharsets.US_ASCII));  // name label
        d.u8(0);                           // end of name
        d.u16(1);                          // type A
        d.u16(1);                          // class IN
        if (answer) {
            d.u16(0xc00c);                 // answer: pointer to the name
            d.u16(1);                      // type A
            d.u16(1);                      // class IN
            d.u32(300);                    // TTL
            d.u16(4);                      // data length
            d.bytes(WEB_SERVER_IP);        // address
        }
        return d.toByteArray();
    }
}
