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
#   2. Times RUNS rounds, each running every tool once in a rotating order, for pcap->pcap and pcapng->pcapng,
#      into two places:
#        tmpfs (TMPFS_DIR, default a directory in /dev/shm): no disk at all, so this compares the tools' own
#          work; outputs are removed between runs;
#        disk (BENCH_TMP): the way a user runs a tool twice: each tool writes the same output file again,
#          overwriting its previous output (so the old file's blocks are freed during the next run).
#      The tools:
#        cp                      the I/O floor (on disk: cp + `sync FILE`)
#        editcap -C 54           the blind fixed-offset chop (Debian package wireshark-common); on disk both
#                                as users run it and followed by `sync FILE`
#        erm-decap -p 7932,7933  erm-cli/target/erm-decap/bin/erm-decap; it fsyncs its output before the
#                                atomic rename (a no-op on tmpfs)
#      Every run's wall time and CPU time (user + sys of the process and its children) are recorded; the input
#      stays in the page cache (the machine has the RAM), so this compares the tools, not the disk's reads.
#      Prints the medians and the ratios erm-decap/editcap, erm-decap/cp and pcapng/pcap, wall and CPU.
#   3. Memory: JAVA_OPTS=-Xmx64m on a 100 MB file, on the SIZE file and on a STREAM_SIZE (default 6G) stream
#      from the generator's --stream mode piped into `erm-decap - -` whose stdout goes to /dev/null; prints the
#      peak resident set size of each from GNU time (`/usr/bin/time -v`, Debian package time).
#   4. Batch: 8 files of 100 MB into an output directory, `-j 1` against `-j 2` (RUNS rounds, alternating).
#   5. gzip: erm-decap reading SIZE.pcap.gz and writing .pcap.gz, once each, beside zcat and gzip for scale.
#   6. Start-up: erm-decap on the small real sample (SAMPLE, default ../shared/samples/hp-erm-1.cap) RUNS times.
#   7. Sync policy, on disk with overwritten outputs, alternating: erm-decap's default (a sync thread asks the
#      disk to catch up every 64 MiB while the writes go on, then one fsync before the rename) against only the
#      fsync before the rename (-Derm.decap.syncBehind=0) and against an fdatasync every 64 MiB on the writing
#      thread (-Derm.decap.syncBehind=0 -Derm.decap.syncEvery=67108864); and cp against cp + sync, which is what
#      syncing not at all would save (it would lose the guarantee: OUT complete after a crash).
#   8. Profile: one erm-decap run on the pcap into tmpfs with JFR (jdk.ExecutionSample) and -XX:+CITime:
#      the hottest frames and the JIT's compile time.
#
# Settings (environment):
#   SIZE (1G; K/M/G suffixes), RUNS (5), SEED (1), STREAM_SIZE (6G), BATCH_SIZE (100M),
#   SAMPLE (a small capture for the start-up time),
#   ERM_DECAP, EDITCAP (the commands to time; default the built launcher and editcap on PATH),
#   SECTIONS (which of 2..8 to run; default "2 3 4 5 6 7 8"; the inputs are always generated),
#   BENCH_TMP (where the temporary directory goes; default TMPDIR or /tmp: pick the disk you want to measure),
#   TMPFS_DIR (a tmpfs directory for section 2's tmpfs outputs; default /dev/shm; none there: skipped).
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
SECTIONS=${SECTIONS:-2 3 4 5 6 7 8}
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
SHM=
TMPFS_BASE=${TMPFS_DIR:-/dev/shm}
if [ -d "$TMPFS_BASE" ] && [ "$(stat -f -c %T "$TMPFS_BASE" 2>/dev/null)" = tmpfs ]; then
    SHM=$(mktemp -d "$TMPFS_BASE/erm-bench.XXXXXX")
fi
trap 'rm -rf -- "$WORK" ${SHM:+"$SHM"}' EXIT
ERR=$WORK/stderr.txt

say "== machine"
say "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "cpu:       $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
say "memory:    $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
say "disk:      $(df -h "$WORK" | awk 'NR == 2 { print $1 ", " $4 " free" }') ($WORK; mount options:" \
    "$(awk -v m="$(df --output=target "$WORK" | tail -n 1)" '$2 == m { o = $4 } END { print o }' /proc/mounts))"
say "tmpfs:     ${SHM:-none (set TMPFS_DIR to a tmpfs directory): tmpfs runs skipped}"
say "java:      $(java -version 2>&1 | head -n 1)"
say "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; above 0 means other work shares the cores)"
[ "$HAVE_EDITCAP" = 1 ] && say "editcap:   $("$EDITCAP" -h 2>/dev/null | grep -m 1 -i "^editcap")"
say "settings:  SIZE=$SIZE RUNS=$RUNS SEED=$SEED STREAM_SIZE=$STREAM_SIZE BATCH_SIZE=$BATCH_SIZE SECTIONS=\"$SECTIONS\""

generate() { # size format seed out
    java -cp "$JAR" io.github.ermdecap.bench.ErmCaptureGenerator --size "$1" --format "$2" --seed "$3" --out "$4"
}

# run_timed NAME COMMAND...: runs it once, output discarded, appends the wall seconds to TIMES[NAME] and the CPU
# seconds (user + sys, children included) to CPU[NAME].
declare -A TIMES=()
declare -A CPU=()
run_timed() {
    local name=$1 t
    shift
    if ! t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>"$ERR"; } 2>&1 ); then
        say "  $name failed: $(tail -n 3 "$ERR")"
        return 1
    fi
    TIMES[$name]="${TIMES[$name]:-} $(awk '{ print $1 }' <<<"$t")"
    CPU[$name]="${CPU[$name]:-} $(awk '{ printf "%.3f", $2 + $3 }' <<<"$t")"
}
med() { if [ -n "${TIMES[$1]:-}" ]; then median ${TIMES[$1]}; else echo "-"; fi; }
medcpu() { if [ -n "${CPU[$1]:-}" ]; then median ${CPU[$1]}; else echo "-"; fi; }

cp_sync() { cp -- "$1" "$2" && sync -- "$2"; }
editcap_sync() { "$EDITCAP" -F "$1" -C 54 -- "$2" "$3" && sync -- "$3"; }
editcap_plain() { "$EDITCAP" -F "$1" -C 54 -- "$2" "$3"; }
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
    say "== 2. pcap->pcap and pcapng->pcapng into tmpfs and onto disk, $RUNS rounds, rotating order"
    local places=(disk)
    [ -n "$SHM" ] && places=(tmpfs disk)
    for ((round = 1; round <= RUNS; round++)); do
        for place in "${places[@]}"; do
            if [ "$place" = tmpfs ]; then
                TOOLS=(cp editcap erm)
            else
                TOOLS=(cp editcap editcapsync erm)
            fi
            for ((k = 0; k < ${#TOOLS[@]}; k++)); do
                tool=${TOOLS[$(((k + round) % ${#TOOLS[@]}))]}
                for fmt in pcap pcapng; do
                    in=$IN_PCAP
                    [ "$fmt" = pcapng ] && in=$IN_PCAPNG
                    efmt=$fmt
                    [ "$fmt" = pcap ] && efmt=nsecpcap # keep the input's nanosecond pcap
                    if [ "$place" = tmpfs ]; then
                        out=$SHM/out-$tool.$fmt
                    else
                        out=$WORK/out-$tool.$fmt # kept: the next round overwrites it, as a user's second run does
                    fi
                    key=${place}_${tool}_$fmt
                    case $tool in
                        cp)
                            if [ "$place" = tmpfs ]; then run_timed "$key" cp -- "$in" "$out" || true
                            else run_timed "$key" cp_sync "$in" "$out" || true; fi ;;
                        editcap)
                            [ "$HAVE_EDITCAP" = 1 ] || continue
                            run_timed "$key" editcap_plain "$efmt" "$in" "$out" || true ;;
                        editcapsync)
                            [ "$HAVE_EDITCAP" = 1 ] || continue
                            run_timed "$key" editcap_sync "$efmt" "$in" "$out" || true ;;
                        erm)
                            [ "$HAVE_ERM" = 1 ] || continue
                            run_timed "$key" erm "$in" "$out" || true ;;
                    esac
                    [ "$place" = tmpfs ] && rm -f -- "$out"
                done
            done
        done
        say "  round $round done (load $(cut -d' ' -f1 /proc/loadavg))"
    done
    rm -f -- "$WORK"/out-*

    say ""
    say "medians of $RUNS runs, wall seconds / CPU seconds (user + sys) (input: $BYTES_PCAP B pcap, $BYTES_PCAPNG B pcapng)"
    printf '  %-8s %-26s %16s %16s\n' place tool pcap pcapng
    for place in "${places[@]}"; do
        for tool in cp editcap editcapsync erm; do
            [ -n "${TIMES[${place}_${tool}_pcap]:-}${TIMES[${place}_${tool}_pcapng]:-}" ] || continue
            label=$tool
            case $tool in
                cp) [ "$place" = disk ] && label="cp + sync" ;;
                editcap) label="editcap -C 54" ;;
                editcapsync) label="editcap -C 54 + sync" ;;
                erm) label="erm-decap (fsync)" ;;
            esac
            printf '  %-8s %-26s %16s %16s\n' "$place" "$label" \
                "$(med "${place}_${tool}_pcap") / $(medcpu "${place}_${tool}_pcap")" \
                "$(med "${place}_${tool}_pcapng") / $(medcpu "${place}_${tool}_pcapng")"
        done
    done
    say "all runs (wall): $(for k in $(printf '%s\n' "${!TIMES[@]}" | sort); do printf '%s=[%s ] ' "$k" "${TIMES[$k]}"; done)"
    say "all runs (CPU):  $(for k in $(printf '%s\n' "${!CPU[@]}" | sort); do printf '%s=[%s ] ' "$k" "${CPU[$k]}"; done)"
    if [ "$HAVE_ERM" = 1 ]; then
        say ""
        say "ratios of medians (goal in brackets)"
        if [ -n "$SHM" ]; then
            E=$(med tmpfs_erm_pcap)
            if [ "$HAVE_EDITCAP" = 1 ]; then
                say "  tmpfs, erm-decap / editcap, wall, pcap:        $(ratio "$E" "$(med tmpfs_editcap_pcap)")   [<= 0.8]"
                say "  tmpfs, erm-decap / editcap, CPU, pcap:         $(ratio "$(medcpu tmpfs_erm_pcap)" "$(medcpu tmpfs_editcap_pcap)")   [<= 1.0]"
                say "  tmpfs, erm-decap / editcap, wall, pcapng:      $(ratio "$(med tmpfs_erm_pcapng)" "$(med tmpfs_editcap_pcapng)")"
                say "  tmpfs, erm-decap / editcap, CPU, pcapng:       $(ratio "$(medcpu tmpfs_erm_pcapng)" "$(medcpu tmpfs_editcap_pcapng)")"
            fi
            say "  tmpfs, erm-decap / cp, wall, pcap:             $(ratio "$E" "$(med tmpfs_cp_pcap)")   [<= 1.3]"
            say "  tmpfs, erm-decap pcapng / pcap, wall:          $(ratio "$(med tmpfs_erm_pcapng)" "$E")   [<= 1.1]"
            say "  tmpfs, erm-decap pcapng / pcap, CPU:           $(ratio "$(medcpu tmpfs_erm_pcapng)" "$(medcpu tmpfs_erm_pcap)")"
            say "  tmpfs, erm-decap throughput, pcap:             $(mbps "$BYTES_PCAP" "$E")"
        fi
        D=$(med disk_erm_pcap)
        if [ "$HAVE_EDITCAP" = 1 ]; then
            say "  disk, erm-decap / editcap (as run), pcap:      $(ratio "$D" "$(med disk_editcap_pcap)")   [<= 0.7]"
            say "  disk, erm-decap / editcap + sync, pcap:        $(ratio "$D" "$(med disk_editcapsync_pcap)")"
            say "  disk, erm-decap / editcap (as run), pcapng:    $(ratio "$(med disk_erm_pcapng)" "$(med disk_editcap_pcapng)")"
        fi
        say "  disk, erm-decap / cp + sync, pcap:             $(ratio "$D" "$(med disk_cp_pcap)")"
        say "  disk, erm-decap pcapng / pcap, wall:           $(ratio "$(med disk_erm_pcapng)" "$D")"
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
        say "  median -j 1: $J1 s (CPU $(medcpu batch_j1) s), -j 2: $J2 s (CPU $(medcpu batch_j2) s);" \
            "-j 2 / -j 1 = $(ratio "$J2" "$J1")   [<= 0.6]"
        say "  all runs: -j 1 [${TIMES[batch_j1]} ], -j 2 [${TIMES[batch_j2]} ]"
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
        say "  median wall: $(med startup) s, CPU $(medcpu startup) s on $SAMPLE   [<= 0.25]"
    elif [ "$HAVE_ERM" = 1 ]; then
        skip "start-up: no sample at $SAMPLE (set SAMPLE=a small capture)"
    else
        skip "start-up (needs the erm-decap launcher)"
    fi
}

# ---- 7. sync policy --------------------------------------------------------------------------------------------
section_7() {
    say ""
    say "== 7. sync policy on disk, outputs overwritten, $RUNS rounds, alternating"
    if [ "$HAVE_ERM" = 1 ]; then
        for ((round = 1; round <= RUNS; round++)); do
            for policy in $(if ((round % 2)); then echo behind end periodic; else echo periodic end behind; fi); do
                case $policy in
                    periodic) run_timed sync_periodic env \
                        JAVA_OPTS="${JAVA_OPTS:-} -Derm.decap.syncBehind=0 -Derm.decap.syncEvery=67108864" \
                        "$ERM" -q -p "$PORTS" "$IN_PCAP" "$WORK/sync-periodic.pcap" || true ;;
                    end) run_timed sync_end env JAVA_OPTS="${JAVA_OPTS:-} -Derm.decap.syncBehind=0" \
                        "$ERM" -q -p "$PORTS" "$IN_PCAP" "$WORK/sync-end.pcap" || true ;;
                    behind) run_timed sync_behind erm "$IN_PCAP" "$WORK/sync-behind.pcap" || true ;;
                esac
            done
            run_timed cp_nosync cp -- "$IN_PCAP" "$WORK/sync-cp.pcap" || true
            run_timed cp_sync cp_sync "$IN_PCAP" "$WORK/sync-cpsync.pcap" || true
        done
        rm -f -- "$WORK"/sync-*.pcap
        say "  erm-decap, sync thread every 64 MiB (default):    $(med sync_behind) s wall, $(medcpu sync_behind) s CPU"
        say "  erm-decap, one fsync before the rename only:      $(med sync_end) s wall, $(medcpu sync_end) s CPU"
        say "  erm-decap, fdatasync every 64 MiB on the writer:  $(med sync_periodic) s wall, $(medcpu sync_periodic) s CPU"
        say "  cp without sync: $(med cp_nosync) s; cp + sync: $(med cp_sync) s (what no sync at all would save;" \
            "it would lose the guarantee)"
        say "  all runs: behind [${TIMES[sync_behind]} ], end [${TIMES[sync_end]} ], periodic [${TIMES[sync_periodic]} ]," \
            "cp [${TIMES[cp_nosync]} ], cp + sync [${TIMES[cp_sync]} ]"
    else
        skip "sync policy (needs the erm-decap launcher)"
    fi
}

# ---- 8. profile -----------------------------------------------------------------------------------------------
section_8() {
    say ""
    say "== 8. profile: one run, pcap into ${SHM:-$WORK}, JFR execution samples and the JIT's compile time"
    if [ "$HAVE_ERM" = 1 ] && command -v jfr >/dev/null; then
        local dir=${SHM:-$WORK}
        JAVA_OPTS="${JAVA_OPTS:-} -XX:+CITime -XX:StartFlightRecording=filename=$WORK/run.jfr,settings=profile -Xlog:jfr=off" \
            "$ERM" -q -p "$PORTS" "$IN_PCAP" "$dir/profile.pcap" >"$WORK/citime.txt" 2>&1 || true
        rm -f -- "$dir/profile.pcap"
        say "  JIT: $(grep -m 1 'Total compilation time' "$WORK/citime.txt" | sed 's/  */ /g')"
        say "  top frames (self), of $(jfr print --events jdk.ExecutionSample "$WORK/run.jfr" | grep -c 'jdk.ExecutionSample') samples:"
        jfr print --events jdk.ExecutionSample "$WORK/run.jfr" | grep -A 1 'stackTrace = \[' | grep -v 'stackTrace\|^--' \
            | sed 's/line:.*//; s/^ *//' | sort | uniq -c | sort -rn | head -n 12 | sed 's/^/    /'
    else
        skip "profile (needs the erm-decap launcher and the JDK's jfr tool)"
    fi
}

for section in 2 3 4 5 6 7 8; do
    case " $SECTIONS " in
        *" $section "*) "section_$section" ;;
        *) say "" && say "== $section. not in SECTIONS=\"$SECTIONS\": skipped" ;;
    esac
done
say ""
say "done; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
