/* Benchmark sender (bench only, never part of the product): sends ERM payloads (12-byte ERM header + an inner
 * Ethernet/IPv4/UDP frame) to 127.0.0.1:PORT with sendmmsg, 64 per call, paced in 1 ms slices, for SECONDS.
 * Frames: small (64 bytes), full (1464) or mixed (40% 64, 20% 576, 40% 1464), 1000 distinct flows.
 * usage: sendmmsg PORT RATE SECONDS small|mixed|full      prints: sent N seconds S
 * Built by run.sh with the system's cc. Loopback only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define N 1000
#define BATCH 64
static unsigned char payloads[N][1500];
static int lengths[N];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int frame(unsigned char *p, int size, int i) {
    unsigned char *f = p + 12;                    /* ERM bytes 0..7 zero, word: VLAN 10 */
    memset(p, 0, 12 + size);
    p[10] = 10;
    memcpy(f, "\x00\x0c\x29\x9f\xdf\x97\x00\x0c\x29\x10\xc4\xa5\x08\x00", 14);
    unsigned char *ip = f + 14;
    ip[0] = 0x45; ip[2] = (size - 14) >> 8; ip[3] = (size - 14) & 0xff; ip[6] = 0x40; ip[8] = 64; ip[9] = 17;
    ip[12] = 192; ip[13] = 168; ip[14] = 10; ip[15] = 1 + i % 200;
    ip[16] = 192; ip[17] = 168; ip[18] = 20; ip[19] = 1 + (i * 7) % 200;
    unsigned char *udp = ip + 20;
    int ul = size - 34, sp = 40000 + i % 1000;
    udp[0] = sp >> 8; udp[1] = sp & 0xff; udp[3] = 53; udp[4] = ul >> 8; udp[5] = ul & 0xff;
    return 12 + size;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: sendmmsg PORT RATE SECONDS small|mixed|full\n"); return 2; }
    int port = atoi(argv[1]);
    double rate = atof(argv[2]), seconds = atof(argv[3]);
    for (int i = 0; i < N; i++) {
        int size = 1464;
        if (!strcmp(argv[4], "small")) size = 64;
        else if (!strcmp(argv[4], "mixed")) size = (i % 10) < 4 ? 64 : (i % 10) < 6 ? 576 : 1464;
        lengths[i] = frame(payloads[i], size, i);
    }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    int buf = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    long sent = 0;
    double start = now(), end = start + seconds;
    for (double t = start; t < end; t = now()) {
        long due = (long) ((t - start) * rate);
        while (sent < due) {
            int n = due - sent < BATCH ? (int) (due - sent) : BATCH;
            for (int k = 0; k < n; k++) {
                int i = (int) ((sent + k) % N);
                iov[k].iov_base = payloads[i];
                iov[k].iov_len = lengths[i];
                memset(&msgs[k], 0, sizeof msgs[k]);
                msgs[k].msg_hdr.msg_name = &to;
                msgs[k].msg_hdr.msg_namelen = sizeof to;
                msgs[k].msg_hdr.msg_iov = &iov[k];
                msgs[k].msg_hdr.msg_iovlen = 1;
            }
            int r = sendmmsg(s, msgs, n, 0);
            if (r <= 0) break;
            sent += r;
        }
        usleep(200);
    }
    printf("sent %ld seconds %.3f\n", sent, now() - start);
    return 0;
}
