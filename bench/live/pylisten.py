#!/usr/bin/env python3
"""The peer: a minimal Python collector as people write them. recvmsg with SO_TIMESTAMPNS on 127.0.0.1:PORT,
strips the 12-byte ERM header, writes a nanosecond pcap. On SIGTERM prints 'received N' and exits."""
import signal, socket, struct, sys

port, out = int(sys.argv[1]), sys.argv[2]
SO_TIMESTAMPNS = getattr(socket, 'SO_TIMESTAMPNS', 35)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 20)
s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
s.bind(('127.0.0.1', port))
f = open(out, 'wb', buffering=1 << 20)
f.write(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 262144, 1))
n = 0
running = True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)
s.settimeout(0.2)
while running:
    try:
        data, anc, flags, addr = s.recvmsg(65536, 64)
    except socket.timeout:
        continue
    except InterruptedError:
        continue
    sec = nsec = 0
    for level, typ, cdata in anc:
        if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
            sec, nsec = struct.unpack('qq', cdata[:16])
    frame = data[12:]
    f.write(struct.pack('<IIII', sec, nsec, len(frame), len(frame)))
    f.write(frame)
    n += 1
f.close()
print('received %d' % n)
