#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Live collector benchmark, loopback only: for small, mixed and full-size ERM frames, the highest send rate
# at which `erm-decap listen` (writing a pcap file) and a minimal Python recvmsg listener (same job) lose
# nothing for SECONDS, both measured in this run, alternating, with the CPU time each used per datagram.
#
#   ./mvnw -q package -DskipTests && bench/live/run.sh          # RATES, DURATION (s), SIZES, PORT may be set
#
# The sender is sendmmsg.c (64 datagrams per sendmmsg call), built here with the system's cc; without a C
# compiler, sender.py (one sendto per datagram, much slower). The achieved rate is printed next to the target,
# and a step whose sender fell short of the target by more than 5% is marked "sender-limited".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$root/erm-cli/target/erm-decap/bin/erm-decap
[ -x "$bin" ] || { echo "run.sh: $bin missing (expected: ./mvnw -q package -DskipTests first)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run.sh: python3 missing" >&2; exit 2; }
RATES=${RATES:-"50000 100000 200000 300000 400000 600000"}
SECONDS_=${DURATION:-5}
SIZES=${SIZES:-"small mixed full"}
PORT=${PORT:-47932}
work=$(mktemp -d /tmp/erm-live-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
clk=$(getconf CLK_TCK)
if command -v cc >/dev/null && cc -O2 -o "$work/sendmmsg" "$here/sendmmsg.c" 2>"$work/cc.log"; then
    sender=("$work/sendmmsg")
else
    sender=(python3 "$here/sender.py")
fi

cpu() { # utime+stime of PID in ticks
    awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

run_one() { # who size rate -> "received sent seconds cpu_ticks"
    local who=$1 size=$2 rate=$3 pid out sent got ticks
    rm -f "$work"/out.pcap "$work"/stats.json
    if [ "$who" = erm ]; then
        JAVA_OPTS="-Xmx512m" "$bin" listen -q --bind 127.0.0.1 -p "$PORT" -w "$work/out.pcap" \
            --stats "$work/stats.json" --stats-interval 3600 2>"$work/err" &
    else
        python3 "$here/pylisten.py" "$PORT" "$work/out.pcap" >"$work/py.out" 2>"$work/err" &
    fi
    pid=$!
    for _ in $(seq 100); do
        grep -q ":$(printf '%04X' "$PORT") " /proc/net/udp /proc/net/udp6 2>/dev/null && break
        sleep 0.05
    done
    sleep 0.3
    local t0; t0=$(cpu "$pid")
    out=$(timeout $((SECONDS_ + 10)) "${sender[@]}" "$PORT" "$rate" "$SECONDS_" "$size")
    sleep 0.5
    ticks=$(( $(cpu "$pid") - t0 ))
    kill -TERM "$pid"; wait "$pid" || true
    sent=$(echo "$out" | awk '{print $2}')
    if [ "$who" = erm ]; then
        got=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); d=sum(o["drops"] for o in s["outputs"]); print(s["received"] - d)' "$work/stats.json")
    else
        got=$(awk '{print $2}' "$work/py.out")
    fi
    echo "$got $sent $(echo "$out" | awk '{print $4}') $ticks"
}

echo "erm-decap live benchmark: $(nproc) cores, loopback, ${SECONDS_} s per step, $(date -u +%FT%TZ)"
echo "sender: ${sender[*]##*/}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes figures noisy)"
printf '%-6s %-7s %9s %9s %9s %8s %12s %s\n' size who target sent received lost 'cpu us/dgram' note
for size in $SIZES; do
    best_erm=0; best_py=0
    for rate in $RATES; do
        for who in erm python; do
            read -r got sent secs ticks < <(run_one "$who" "$size" "$rate")
            lost=$((sent - got))
            us=$(awk -v t="$ticks" -v c="$clk" -v n="$got" 'BEGIN{ if (n > 0) printf "%.2f", t / c * 1e6 / n; else print "-" }')
            note=""
            awk -v s="$sent" -v r="$rate" -v d="$SECONDS_" 'BEGIN{ exit !(s < 0.95 * r * d) }' && note="sender-limited"
            if [ "$lost" -le 0 ] && [ -z "$note" ]; then
                [ "$who" = erm ] && best_erm=$rate || best_py=$rate
            fi
            printf '%-6s %-7s %9d %9d %9d %8d %12s %s\n' "$size" "$who" "$rate" "$sent" "$got" "$lost" "$us" "$note"
        done
    done
    echo "  $size: highest zero-loss rate: erm-decap $best_erm/s, python $best_py/s"
done
