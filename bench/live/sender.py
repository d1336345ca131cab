#!/usr/bin/env python3
"""Benchmark sender: sends ERM payloads (12-byte ERM header + inner Ethernet/IPv4/UDP frame) to 127.0.0.1:PORT
at a target rate for a fixed time, paced in 1 ms slices. Loopback only. Prints 'sent N seconds S'.

usage: sender.py PORT RATE SECONDS small|mixed|full [CAPTURE.pcap]
  CAPTURE: replay the ERM payloads (UDP to 7932/7933) of a classic pcap instead of synthetic frames.
Python's socket module has no sendmmsg: one sendto per datagram (this is the bench's limit, reported)."""
import socket, struct, sys, time

def inner(size, i):
    size = max(size, 60)
    udp_len = size - 14 - 20
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, size - 14, i & 0xFFFF, 0x4000, 64, 17, 0,
                     bytes([192, 168, 10, 1 + i % 200]), bytes([192, 168, 20, 1 + (i * 7) % 200]))
    udp = struct.pack('>HHHH', 40000 + i % 1000, 53, udp_len, 0) + bytes(udp_len - 8)
    return bytes.fromhex('000c299fdf97000c2910c4a5') + b'\x08\x00' + ip + udp

def erm(frame, vlan=10):
    return bytes(8) + struct.pack('>I', vlan << 8) + frame

def synthetic(kind):
    sizes = {'small': [64], 'full': [1464], 'mixed': [64] * 4 + [576] * 2 + [1464] * 4}[kind]
    return [erm(inner(sizes[i % len(sizes)], i)) for i in range(1000)]

def replay(path):
    d = open(path, 'rb').read()
    out, off = [], 24
    while off + 16 <= len(d):
        incl = struct.unpack('<I', d[off + 8:off + 12])[0]
        p = d[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(p) >= 42 and p[12:14] == b'\x08\x00' and p[23] == 17:
            u = 14 + (p[14] & 15) * 4
            if struct.unpack('>H', p[u + 2:u + 4])[0] in (7932, 7933):
                out.append(p[u + 8:u + struct.unpack('>H', p[u + 4:u + 6])[0]])
    return out

def main():
    port, rate, seconds, kind = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    payloads = replay(sys.argv[5]) if len(sys.argv) > 5 else synthetic(kind)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    dst = ('127.0.0.1', port)
    n, k, per_ms = 0, len(payloads), rate / 1000.0
    start = time.perf_counter()
    end = start + seconds
    while True:
        now = time.perf_counter()
        if now >= end:
            break
        due = int((now - start) * 1000 * per_ms)
        while n < due:
            try:
                s.sendto(payloads[n % k], dst)
            except BlockingIOError:
                pass
            n += 1
        time.sleep(0.0005)
    print('sent %d seconds %.3f' % (n, time.perf_counter() - start))

main()
