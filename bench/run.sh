#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/run.sh: whole-process benchmark of erm-decap against its peers (issue 5), in one run.
#
# Usage (from anywhere; build first):
#     ./mvnw -q package -DskipTests                    # builds bench/target/benchmarks.jar and the launcher
#     bench/run.sh                                     # SIZE=1G RUNS=5 by default
#     SIZE=2G RUNS=7 bench/run.sh 2>&1 | tee bench.txt
#
# What it does, in order:
#   1. Generates seeded ERM captures of SIZE bytes (pcap and pcapng) with the project's generator
#      (io.github.ermdecap.bench.ErmCaptureGenerator: 95% ERM on UDP 7932/7933, 5% other traffic).
#   2. Times RUNS rounds; each round runs once, in a rotating order, for pcap->pcap and pcapng->pcapng:
#        cp                      the I/O floor
#        editcap -C 54           the blind fixed-offset chop (Debian package wireshark-common)
#        erm-decap -p 7932,7933  erm-cli/target/erm-decap/bin/erm-decap
#      Every timed command ends with its output on disk: erm-decap fsyncs before its atomic rename, so cp and
#      editcap are timed together with `sync FILE`. The input stays in the page cache (the machine has the RAM),
#      so this compares the tools' own work, not the disk's read speed.
#      Prints the medians and the ratios erm-decap/editcap, erm-decap/cp and pcapng/pcap.
#   3. Memory: JAVA_OPTS=-Xmx64m on a 100 MB file, on the SIZE file and on a STREAM_SIZE (default 6G) stream
#      from the generator's --stream mode piped into `erm-decap - -` whose stdout goes to /dev/null; prints the
#      peak resident set size of each from GNU time (`/usr/bin/time -v`, Debian package time).
#   4. Batch: 8 files of 100 MB into an output directory, `-j 1` against `-j 2` (RUNS rounds, alternating).
#   5. gzip: erm-decap reading SIZE.pcap.gz and writing .pcap.gz, once each, beside zcat and gzip for scale.
#   6. Start-up: erm-decap on the small real sample (SAMPLE, default ../shared/samples/hp-erm-1.cap) RUNS times.
#
# Settings (environment):
#   SIZE (1G; K/M/G suffixes), RUNS (5), SEED (1), STREAM_SIZE (6G), BATCH_SIZE (100M),
#   SAMPLE (a small capture for the start-up time),
#   ERM_DECAP, EDITCAP (the commands to time; default the built launcher and editcap on PATH),
#   SECTIONS (which of 2..6 to run; default "2 3 4 5 6"; the inputs are always generated),
#   BENCH_TMP (where the temporary directory goes; default TMPDIR or /tmp: pick the disk you want to measure).
# Everything it writes goes into one `mktemp -d` directory there, removed at exit. It installs nothing: a missing
# tool or launcher skips its measurements with a message saying how to get it. Other work on the machine makes
# the figures noisy: the load average is printed before and after, and every run's time beside the medians.
set -euo pipefail

ROOT=$(cd -P -- "$(dirname -- "$0")/.." && pwd -P)
SIZE=${SIZE:-1G}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
STREAM_SIZE=${STREAM_SIZE:-6G}
BATCH_SIZE=${BATCH_SIZE:-100M}
SAMPLE=${SAMPLE:-$ROOT/../shared/samples/hp-erm-1.cap}
SECTIONS=${SECTIONS:-2 3 4 5 6}
JAR=$ROOT/bench/target/benchmarks.jar
ERM=${ERM_DECAP:-$ROOT/erm-cli/target/erm-decap/bin/erm-decap}
EDITCAP=${EDITCAP:-editcap}
PORTS=7932,7933
GNU_TIME=/usr/bin/time

say() { printf '%s\n' "$*"; }
skip() { printf 'SKIPPED: %s\n' "$*"; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f MB/s", bytes / s / 1e6; else printf "n/a" }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a" } else if (NR % 2) { print v[(NR + 1) / 2] } else { printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'; }

# ---- what is there --------------------------------------------------------------------------------------------
command -v java >/dev/null || { say "java not found: install a JDK 17+ (Debian: openjdk-17-jdk-headless)"; exit 1; }
if [ ! -f "$JAR" ]; then
    say "bench/target/benchmarks.jar not found: build it from $ROOT with ./mvnw -q package -DskipTests"
    exit 1
fi
HAVE_ERM=1
if [ ! -x "$ERM" ]; then
    HAVE_ERM=0
    skip "erm-decap launcher not found at $ERM: build it from $ROOT with ./mvnw -q package -DskipTests" \
        "(the erm-cli module assembles erm-cli/target/erm-decap/); erm-decap measurements skipped"
fi
HAVE_EDITCAP=1
if ! command -v "$EDITCAP" >/dev/null; then
    HAVE_EDITCAP=0
    skip "editcap not found: it is in Debian's wireshark-common (sudo apt-get install wireshark-common);" \
        "editcap measurements skipped"
fi
HAVE_TIME=1
if [ ! -x "$GNU_TIME" ] || ! "$GNU_TIME" -v true >/dev/null 2>&1; then
    HAVE_TIME=0
    skip "GNU time not found at $GNU_TIME (Debian package time: sudo apt-get install time);" \
        "peak-memory measurements skipped"
fi

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/erm-bench.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT
ERR=$WORK/stderr.txt

say "== machine"
say "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "cpu:       $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
say "memory:    $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
say "disk:      $(df -h "$WORK" | awk 'NR == 2 { print $1 ", " $4 " free" }') ($WORK)"
say "java:      $(java -version 2>&1 | head -n 1)"
say "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; above 0 means other work shares the cores)"
[ "$HAVE_EDITCAP" = 1 ] && say "editcap:   $("$EDITCAP" -h 2>/dev/null | grep -m 1 -i "^editcap")"
say "settings:  SIZE=$SIZE RUNS=$RUNS SEED=$SEED STREAM_SIZE=$STREAM_SIZE BATCH_SIZE=$BATCH_SIZE SECTIONS=\"$SECTIONS\""

generate() { # size format seed out
    java -cp "$JAR" io.github.ermdecap.bench.ErmCaptureGenerator --size "$1" --format "$2" --seed "$3" --out "$4"
}

# run_timed NAME COMMAND...: runs it once, output discarded, appends the wall seconds to TIMES[NAME].
declare -A TIMES=()
run_timed() {
    local name=$1 t0 t1
    shift
    t0=$(now_ns)
    if ! "$@" >/dev/null 2>"$ERR"; then
        say "  $name failed: $(tail -n 3 "$ERR")"
        return 1
    fi
    t1=$(now_ns)
    TIMES[$name]="${TIMES[$name]:-} $(secs "$t0" "$t1")"
}
med() { if [ -n "${TIMES[$1]:-}" ]; then median ${TIMES[$1]}; else echo "-"; fi; }

cp_sync() { cp -- "$1" "$2" && sync -- "$2"; }
editcap_sync() { "$EDITCAP" -F "$1" -C 54 -- "$2" "$3" && sync -- "$3"; }
erm() { "$ERM" -q -p "$PORTS" "$@"; }

# ---- 1. inputs ------------------------------------------------------------------------------------------------
say ""
say "== 1. generating the inputs (seed $SEED)"
IN_PCAP=$WORK/in.pcap
IN_PCAPNG=$WORK/in.pcapng
generate "$SIZE" pcap "$SEED" "$IN_PCAP"
generate "$SIZE" pcapng "$SEED" "$IN_PCAPNG"
BYTES_PCAP=$(stat -c %s "$IN_PCAP")
BYTES_PCAPNG=$(stat -c %s "$IN_PCAPNG")
# On disk before any timing (else their writeback competes with the runs), and in the page cache.
sync -- "$IN_PCAP" "$IN_PCAPNG"
cat "$IN_PCAP" "$IN_PCAPNG" >/dev/null

# ---- 2. cp, editcap, erm-decap --------------------------------------------------------------------------------
section_2() {
    say ""
    say "== 2. pcap->pcap and pcapng->pcapng, $RUNS rounds, rotating order"
    TOOLS=(cp editcap erm)
    for ((round = 1; round <= RUNS; round++)); do
        for ((k = 0; k < ${#TOOLS[@]}; k++)); do
            tool=${TOOLS[$(((k + round) % ${#TOOLS[@]}))]}
            for fmt in pcap pcapng; do
                in=$IN_PCAP
                [ "$fmt" = pcapng ] && in=$IN_PCAPNG
                out=$WORK/out-$tool.$fmt
                case $tool in
                    cp) run_timed "cp_$fmt" cp_sync "$in" "$out" || true ;;
                    editcap)
                        [ "$HAVE_EDITCAP" = 1 ] || continue
                        efmt=$fmt
                        [ "$fmt" = pcap ] && efmt=nsecpcap # keep the input's nanosecond pcap
                        run_timed "editcap_$fmt" editcap_sync "$efmt" "$in" "$out" || true ;;
                    erm)
                        [ "$HAVE_ERM" = 1 ] || continue
                        run_timed "erm_$fmt" erm "$in" "$out" || true ;;
                esac
                rm -f -- "$out"
                sync # the deleted output's blocks are freed before the next timed command starts
            done
        done
        say "  round $round done"
    done

    say ""
    say "medians of $RUNS runs, wall seconds (input: $BYTES_PCAP B pcap, $BYTES_PCAPNG B pcapng)"
    printf '  %-22s %10s %10s\n' tool pcap pcapng
    for tool in cp editcap erm; do
        label=$tool
        case $tool in editcap) label="editcap -C 54" ;; erm) label="erm-decap" ;; esac
        printf '  %-22s %10s %10s\n' "$label" "$(med "${tool}_pcap")" "$(med "${tool}_pcapng")"
    done
    say "all runs: $(for k in "${!TIMES[@]}"; do printf '%s=[%s ] ' "$k" "${TIMES[$k]}"; done)"
    if [ "$HAVE_ERM" = 1 ]; then
        E=$(med erm_pcap)
        EN=$(med erm_pcapng)
        say ""
        say "ratios (target in brackets)"
        [ "$HAVE_EDITCAP" = 1 ] && say "  erm-decap / editcap -C 54, pcap:    $(ratio "$E" "$(med editcap_pcap)")   [<= 0.7]"
        [ "$HAVE_EDITCAP" = 1 ] && say "  erm-decap / editcap -C 54, pcapng:  $(ratio "$EN" "$(med editcap_pcapng)")"
        say "  erm-decap / cp, pcap:               $(ratio "$E" "$(med cp_pcap)")   [<= 1.5]"
        say "  erm-decap / cp, pcapng:             $(ratio "$EN" "$(med cp_pcapng)")"
        say "  erm-decap pcapng / pcap:            $(ratio "$EN" "$E")   [<= 1.2]"
        say "  erm-decap throughput, pcap:         $(mbps "$BYTES_PCAP" "$E")"
    fi
}

# ---- 3. memory ------------------------------------------------------------------------------------------------
section_3() {
    say ""
    say "== 3. memory with JAVA_OPTS=-Xmx64m (peak resident set size from GNU time)"
    peak_rss() { awk -F': ' '/Maximum resident set size/ { printf "%.0f MB", $2 / 1024 }' "$1"; }
    if [ "$HAVE_ERM" = 1 ] && [ "$HAVE_TIME" = 1 ]; then
        SMALL=$WORK/small.pcap
        generate "$BATCH_SIZE" pcap "$SEED" "$SMALL" 2>/dev/null
        sync -- "$SMALL"
        for in in "$SMALL" "$IN_PCAP"; do
            if JAVA_OPTS=-Xmx64m "$GNU_TIME" -v -o "$WORK/time.txt" "$ERM" -q -p "$PORTS" "$in" "$WORK/mem.pcap" \
                2>"$ERR"; then
                say "  $(stat -c %s "$in") B file:  peak RSS $(peak_rss "$WORK/time.txt")," \
                    "wall $(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$WORK/time.txt")"
            else
                say "  $in with -Xmx64m failed: $(tail -n 3 "$ERR")"
            fi
            rm -f -- "$WORK/mem.pcap"
        done
        t0=$(now_ns)
        set +e
        java -cp "$JAR" io.github.ermdecap.bench.ErmCaptureGenerator --stream --size "$STREAM_SIZE" --seed "$SEED" \
            2>"$WORK/gen.txt" \
            | JAVA_OPTS=-Xmx64m "$GNU_TIME" -v -o "$WORK/time.txt" "$ERM" -q -p "$PORTS" -F pcap - - \
                2>"$ERR" >/dev/null
        status=("${PIPESTATUS[@]}")
        set -e
        t1=$(now_ns)
        if [ "${status[0]}" = 0 ] && [ "${status[1]}" = 0 ]; then
            say "  $STREAM_SIZE stream (generator | erm-decap - - >/dev/null): peak RSS $(peak_rss "$WORK/time.txt")," \
                "wall $(secs "$t0" "$t1") s; $(sed 's/^ErmCaptureGenerator: -: //' "$WORK/gen.txt")"
        else
            say "  stream failed (generator exit ${status[0]}, erm-decap exit ${status[1]}):" \
                "$(tail -n 3 "$WORK/gen.txt" "$ERR")"
        fi
    else
        skip "memory check (needs the erm-decap launcher and GNU time; see above)"
    fi
}

# ---- 4. batch -------------------------------------------------------------------------------------------------
section_4() {
    say ""
    say "== 4. batch: 8 files of $BATCH_SIZE, -j 1 against -j 2, $RUNS rounds"
    if [ "$HAVE_ERM" = 1 ]; then
        mkdir -p "$WORK/batch"
        for i in 1 2 3 4 5 6 7 8; do
            generate "$BATCH_SIZE" pcap "$i" "$WORK/batch/part-$i.pcap" 2>/dev/null
        done
        sync -- "$WORK"/batch/*
        cat "$WORK"/batch/* >/dev/null
        for ((round = 1; round <= RUNS; round++)); do
            for j in $(if ((round % 2)); then echo 1 2; else echo 2 1; fi); do
                run_timed "batch_j$j" erm -o "$WORK/batch-out" -j "$j" "$WORK/batch" || true
                rm -rf -- "$WORK/batch-out"
            done
        done
        J1=$(med batch_j1)
        J2=$(med batch_j2)
        say "  median -j 1: $J1 s, -j 2: $J2 s; -j 2 / -j 1 = $(ratio "$J2" "$J1")   [<= 0.65]"
    else
        skip "batch (needs the erm-decap launcher)"
    fi
}

# ---- 5. gzip --------------------------------------------------------------------------------------------------
section_5() {
    say ""
    say "== 5. gzip input and output (one run each, on the $BYTES_PCAP B pcap)"
    t0=$(now_ns)
    gzip -c -- "$IN_PCAP" >"$WORK/in.pcap.gz"
    sync -- "$WORK/in.pcap.gz"
    t1=$(now_ns)
    say "  gzip -6 + sync (reference):     $(secs "$t0" "$t1") s, $(mbps "$BYTES_PCAP" "$(secs "$t0" "$t1")") of pcap"
    t0=$(now_ns)
    zcat -- "$WORK/in.pcap.gz" >/dev/null
    t1=$(now_ns)
    say "  zcat >/dev/null (reference):    $(secs "$t0" "$t1") s, $(mbps "$BYTES_PCAP" "$(secs "$t0" "$t1")") of pcap"
    if [ "$HAVE_ERM" = 1 ]; then
        run_timed gz_in erm "$WORK/in.pcap.gz" "$WORK/gz-in.pcap" || true
        rm -f -- "$WORK/gz-in.pcap"
        run_timed gz_out erm "$IN_PCAP" "$WORK/gz-out.pcap.gz" || true
        rm -f -- "$WORK/gz-out.pcap.gz"
        say "  erm-decap in.pcap.gz out.pcap:  $(med gz_in) s, $(mbps "$BYTES_PCAP" "$(med gz_in)") of pcap"
        say "  erm-decap in.pcap out.pcap.gz:  $(med gz_out) s, $(mbps "$BYTES_PCAP" "$(med gz_out)") of pcap"
    else
        skip "erm-decap gzip runs (needs the erm-decap launcher)"
    fi
}

# ---- 6. start-up ----------------------------------------------------------------------------------------------
section_6() {
    say ""
    say "== 6. start-up: erm-decap on a small real capture, $RUNS runs"
    if [ "$HAVE_ERM" = 1 ] && [ -f "$SAMPLE" ]; then
        for ((round = 1; round <= RUNS; round++)); do
            run_timed startup "$ERM" -q "$SAMPLE" "$WORK/sample-out.pcap" || true
            rm -f -- "$WORK/sample-out.pcap"
        done
        say "  median wall: $(med startup) s on $SAMPLE   [<= 0.4]"
    elif [ "$HAVE_ERM" = 1 ]; then
        skip "start-up: no sample at $SAMPLE (set SAMPLE=a small capture)"
    else
        skip "start-up (needs the erm-decap launcher)"
    fi
}

for section in 2 3 4 5 6; do
    case " $SECTIONS " in
        *" $section "*) "section_$section" ;;
        *) say "" && say "== $section. not in SECTIONS=\"$SECTIONS\": skipped" ;;
    esac
done
say ""
say "done; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
