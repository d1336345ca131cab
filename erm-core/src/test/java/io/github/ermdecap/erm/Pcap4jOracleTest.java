// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.erm;

import io.github.ermdecap.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcap4j.packet.Dot1qVlanTagPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IcmpV4Code;
import org.pcap4j.packet.namednumber.IcmpV4Type;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.UdpPort;
import org.pcap4j.util.MacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static io.github.ermdecap.erm.ErmDecapsulatorTest.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pcap4j (test scope only) as an independent builder of ERM packets and parser of our output. */
class Pcap4jOracleTest {

    private static Inet4Address v4(byte[] a) throws UnknownHostException {
        return (Inet4Address) InetAddress.getByAddress(a);
    }

    /** Ethernet/IPv4/ICMP echo built by pcap4j. */
    private static EthernetPacket ping(short id, short seq) throws UnknownHostException {
        IcmpV4EchoPacket.Builder echo = new IcmpV4EchoPacket.Builder().identifier(id).sequenceNumber(seq)
                .payloadBuilder(new UnknownPacket.Builder().rawData(new byte[56]));
        IcmpV4CommonPacket.Builder icmp = new IcmpV4CommonPacket.Builder().type(IcmpV4Type.ECHO)
                .code(IcmpV4Code.NO_CODE).payloadBuilder(echo).correctChecksumAtBuild(true);
        IpV4Packet.Builder ip = ipv4(ErmFrames.HOST_A_IP, ErmFrames.HOST_B_IP, IpNumber.ICMPV4).payloadBuilder(icmp);
        return new EthernetPacket.Builder().dstAddr(MacAddress.getByAddress(ErmFrames.HOST_B_MAC))
                .srcAddr(MacAddress.getByAddress(ErmFrames.HOST_A_MAC)).type(EtherType.IPV4).payloadBuilder(ip)
                .paddingAtBuild(true).build();
    }

    private static IpV4Packet.Builder ipv4(byte[] src, byte[] dst, IpNumber protocol) throws UnknownHostException {
        return new IpV4Packet.Builder().version(IpVersion.IPV4).tos(IpV4Rfc791Tos.newInstance((byte) 0))
                .identification((short) 0x1234).dontFragmentFlag(true).ttl((byte) 64).protocol(protocol)
                .srcAddr(v4(src)).dstAddr(v4(dst)).correctChecksumAtBuild(true).correctLengthAtBuild(true);
    }

    /** The outer Ethernet/IPv4/UDP datagram built by pcap4j around an ERM payload. */
    private static byte[] outer(byte[] ermPayload, int dstPort) throws UnknownHostException {
        UdpPacket.Builder udp = new UdpPacket.Builder().srcPort(UdpPort.getInstance((short) 5))
                .dstPort(UdpPort.getInstance((short) dstPort)).srcAddr(v4(ErmFrames.SWITCH_IP))
                .dstAddr(v4(ErmFrames.COLLECTOR_IP)).correctLengthAtBuild(true).correctChecksumAtBuild(false)
                .payloadBuilder(new UnknownPacket.Builder().rawData(ermPayload));
        IpV4Packet.Builder ip = ipv4(ErmFrames.SWITCH_IP, ErmFrames.COLLECTOR_IP, IpNumber.UDP).payloadBuilder(udp);
        return new EthernetPacket.Builder().dstAddr(MacAddress.getByAddress(ErmFrames.COLLECTOR_MAC))
                .srcAddr(MacAddress.getByAddress(ErmFrames.SWITCH_MAC)).type(EtherType.IPV4).payloadBuilder(ip)
                .paddingAtBuild(true).build().getRawData();
    }

    @ParameterizedTest(name = "seq {0}")
    @ValueSource(shorts = {1, 2, 300})
    void pcap4jBuiltErmDecapsulatesToThePcap4jBuiltPing(short seq) throws Exception {
        EthernetPacket ping = ping((short) 0x548c, seq);
        ErmFrames erm = ErmFrames.erm().word(ErmFrames.word(2, false, 10, false)).inner(ping.getRawData());
        byte[] pkt = outer(erm.ermPayload(), 7932);
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT).decapsulate(LinkType.ETHERNET, pkt, 0,
                pkt.length, pkt.length);
        assertEquals(Outcome.DECAPSULATED, r.outcome());
        assertArrayEquals(ping.getRawData(), slice(r));
        EthernetPacket parsed = EthernetPacket.newPacket(r.array(), r.offset(), r.length());
        IpV4Packet ip = parsed.get(IpV4Packet.class);
        assertEquals(v4(ErmFrames.HOST_A_IP), ip.getHeader().getSrcAddr());
        assertEquals(v4(ErmFrames.HOST_B_IP), ip.getHeader().getDstAddr());
        assertEquals(IpNumber.ICMPV4, ip.getHeader().getProtocol());
        IcmpV4EchoPacket echo = parsed.get(IcmpV4EchoPacket.class);
        assertEquals((short) 0x548c, echo.getHeader().getIdentifier());
        assertEquals(seq, echo.getHeader().getSequenceNumber());
    }

    @Test
    void restoredTagParsesAsAn8021qTag() throws Exception {
        byte[] pkt = outer(ErmFrames.erm().word(ErmFrames.word(5, true, 2011, true))
                .inner(ping((short) 7, (short) 8).getRawData()).ermPayload(), 7932);
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED))
                .decapsulate(LinkType.ETHERNET, pkt, 0, pkt.length, pkt.length);
        EthernetPacket parsed = EthernetPacket.newPacket(r.array(), r.offset(), r.length());
        assertEquals(EtherType.DOT1Q_VLAN_TAGGED_FRAMES, parsed.getHeader().getType());
        Dot1qVlanTagPacket tag = parsed.get(Dot1qVlanTagPacket.class);
        assertEquals(2011, tag.getHeader().getVidAsInt());
        assertEquals(5, tag.getHeader().getPriority());
        assertEquals(1, tag.getHeader().getCfi() ? 1 : 0);
        assertEquals(8, parsed.get(IcmpV4EchoPacket.class).getHeader().getSequenceNumber());
    }

    @Test
    void pcap4jReadsOurFixturesAsTheLayersTheySayTheyAre() throws IllegalRawDataException {
        ErmFrames f = ErmFrames.erm();
        f.ipv4Options = new byte[] {1, 1, 1, 0, 1, 1, 1, 0};
        f.trailer = new byte[4];
        byte[] pkt = f.build();
        Packet p = EthernetPacket.newPacket(pkt, 0, pkt.length);
        IpV4Packet ip = p.get(IpV4Packet.class);
        assertEquals(7, ip.getHeader().getIhlAsInt());
        assertTrue(ip.getHeader().hasValidChecksum(false));
        UdpPacket udp = p.get(UdpPacket.class);
        assertEquals(7932, udp.getHeader().getDstPort().valueAsInt());
        assertEquals(8 + 12 + 98, udp.getHeader().getLengthAsInt());
        byte[] payload = udp.getPayload().getRawData();
        EthernetPacket inner = EthernetPacket.newPacket(payload, 12, payload.length - 12);
        assertTrue(inner.get(IcmpV4CommonPacket.class).getHeader().getType().equals(IcmpV4Type.ECHO));
        assertTrue(inner.get(IpV4Packet.class).getHeader().hasValidChecksum(false));
        assertTrue(inner.get(IcmpV4CommonPacket.class).hasValidChecksum(false));
    }

    @Test
    void pcap4jBuiltNonErmUdpPassesThrough() throws Exception {
        byte[] pkt = outer(new byte[40], 53);
        byte[] before = pkt.clone();
        DecapResult r = new ErmDecapsulator(DecapOptions.DEFAULT.withAutoDetect(true))
                .decapsulate(LinkType.ETHERNET, pkt, 0, pkt.length, pkt.length);
        assertEquals(Outcome.NOT_ERM_NO_SIGNATURE, r.outcome());
        assertArrayEquals(before, slice(r));
    }
}
