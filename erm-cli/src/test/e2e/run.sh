#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of the packaged launcher (erm-cli/target/erm-decap/bin/erm-decap): build first with
# `./mvnw -q package -DskipTests`. Converts testdata/sample-erm.pcap and ../shared/samples/*.cap, reads the
# output with tshark (no malformed packets; the innermost IP conversations tshark finds in the input with
# `-d udp.port==P,hp_erm` are exactly those of the output), and checks the launcher itself: JAVA_OPTS,
# JAVA_HOME, symlinks, another working directory, `-` to `-` through pipes, broken pipe, exit codes.
# The last line is `N passed, N failed`; the exit status is 1 when anything failed.
set -euo pipefail

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/../../../.." && pwd -P)
bin="$root/erm-cli/target/erm-decap/bin/erm-decap"
sample="$root/testdata/sample-erm.pcap"
samples="${ERM_SAMPLES_DIR:-$root/../shared/samples}"
work=$(mktemp -d "${TMPDIR:-/tmp}/erm-decap-e2e.XXXXXX")
cleanup() {
    local m
    for m in "$work/tiny" "$work/safety/ro" "$work/safety/full"; do
        if [ -d "$m" ]; then umount "$m" 2>/dev/null || true; fi
    done
    rm -rf -- "$work"
}
trap cleanup EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }
# check NAME COMMAND...: passes when COMMAND succeeds.
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
# expect_exit CODE NAME COMMAND...: passes when COMMAND exits with CODE.
expect_exit() {
    local code=$1 name=$2 rc=0; shift 2
    "$@" >"$work/last.out" 2>"$work/last.err" || rc=$?
    cat "$work/last.err" >>"$work/all.err"
    if [ "$rc" -eq "$code" ]; then pass "$name (exit $rc)"; else fail "$name (exit $rc, expected $code): $(head -c 300 "$work/last.err")"; fi
}

if [ ! -x "$bin" ]; then
    echo "FAIL  launcher missing: $bin (build with ./mvnw -q package -DskipTests)"
    echo "0 passed, 1 failed"
    exit 1
fi
have_tshark=true
command -v tshark >/dev/null 2>&1 || { have_tshark=false; echo "skip  tshark checks: tshark not installed"; }

# The innermost IP (or IPv6) source and destination of every frame, one "src dst" line each, sorted, unique.
# Extra arguments (decode-as) go to tshark.
conversations() {
    local file=$1; shift
    tshark -r "$file" "$@" -T fields -E separator=/t -E occurrence=l \
        -e frame.protocols -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst 2>/dev/null |
        awk -F'\t' '{
            n = split($1, p, ":"); inner = "";
            for (i = n; i > 0; i--) if (p[i] == "ip" || p[i] == "ipv6") { inner = p[i]; break }
            if (inner == "ip") print $2, $3; else if (inner == "ipv6") print $4, $5
        }' | sort -u
}

# malformed FILE: prints the frames tshark flags as malformed (none expected).
malformed() {
    tshark -r "$1" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | grep -v '^$' || true
}

# convert_and_compare NAME INPUT PORTS...: erm-decap -p PORTS INPUT OUT, then tshark checks.
convert_and_compare() {
    local name=$1 input=$2; shift 2
    local ports decode=() p out="$work/$name.out.pcap"
    ports=$(IFS=,; echo "$*")
    for p in "$@"; do decode+=(-d "udp.port==$p,hp_erm"); done
    expect_exit 0 "$name: converts" "$bin" -q -p "$ports" "$input" "$out"
    $have_tshark || return 0
    local bad
    bad=$(malformed "$out")
    if [ -z "$bad" ]; then pass "$name: no malformed packets in the output"; else fail "$name: malformed: $bad"; fi
    conversations "$input" "${decode[@]}" >"$work/$name.in.conv"
    conversations "$out" >"$work/$name.out.conv"
    if [ -s "$work/$name.in.conv" ] && cmp -s "$work/$name.in.conv" "$work/$name.out.conv"; then
        pass "$name: inner conversations of the input = conversations of the output ($(wc -l <"$work/$name.out.conv"))"
    else
        fail "$name: conversations differ: $(diff "$work/$name.in.conv" "$work/$name.out.conv" | head -20 | tr '\n' ' ')"
    fi
    local n_in n_out
    n_in=$(tshark -r "$input" 2>/dev/null | wc -l)
    n_out=$(tshark -r "$out" 2>/dev/null | wc -l)
    check "$name: every record comes out ($n_in in, $n_out out)" [ "$n_in" -eq "$n_out" ]
}

# --- the shipped sample and the real captures ---
if [ -f "$sample" ]; then
    convert_and_compare sample "$sample" 7932 7933
else
    echo "skip  $sample is absent"
fi
found_real=false
for cap in "$samples"/*.cap; do
    [ -f "$cap" ] || continue
    found_real=true
    convert_and_compare "$(basename "$cap" .cap)" "$cap" 7932
done
$found_real || echo "skip  real samples: none in $samples"

input=$sample
[ -f "$input" ] || input=$(ls "$samples"/*.cap 2>/dev/null | head -n 1 || true)
if [ -z "$input" ] || [ ! -f "$input" ]; then
    echo "FAIL  no input capture at all"
    echo "$passed passed, $((failed + 1)) failed"
    exit 1
fi

# --- the launcher ---
"$bin" -q -p 7932,7933 "$input" "$work/ref.pcap"
expect_exit 0 "JAVA_OPTS=-Xmx64m" env JAVA_OPTS=-Xmx64m "$bin" -q -p 7932,7933 "$input" "$work/xmx.pcap"
check "JAVA_OPTS=-Xmx64m: same output" cmp -s "$work/ref.pcap" "$work/xmx.pcap"
expect_exit 1 "JAVA_OPTS is passed to java (-Xmx1m is too small for any JVM)" env JAVA_OPTS=-Xmx1m "$bin" --version
expect_exit 2 "JAVA_HOME pointing nowhere is reported" env JAVA_HOME="$work/no-java" "$bin" --version
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
mkdir -p "$work/no-java-path"
for tool in ls sed dirname head; do ln -s "$(command -v "$tool")" "$work/no-java-path/$tool"; done
expect_exit 0 "JAVA_HOME is honoured (no java on PATH)" env JAVA_HOME="$java_home" PATH="$work/no-java-path" "$bin" --version
expect_exit 2 "no JAVA_HOME and no java on PATH is reported" env -u JAVA_HOME PATH="$work/no-java-path" "$bin" --version
check "... with a message naming what is expected" grep -q "java not found" "$work/last.err"
mkdir -p "$work/elsewhere/bin"
ln -s "$bin" "$work/elsewhere/bin/erm-decap"
cp "$input" "$work/elsewhere/in.pcap"
expect_exit 0 "runs through a symlink, from another directory, with relative paths" \
    sh -c 'cd "$1" && ./bin/erm-decap -q -p 7932,7933 in.pcap out.pcap' sh "$work/elsewhere"
check "relative paths: same output" cmp -s "$work/ref.pcap" "$work/elsewhere/out.pcap"
expect_exit 0 "arguments with spaces pass through" "$bin" -q -p 7932,7933 "$input" "$work/with space.pcap"

# --- pipes ---
cat "$input" | "$bin" -q -p 7932,7933 - - >"$work/piped.pcap"
check "- to - through a pipe: same bytes as file to file" cmp -s "$work/ref.pcap" "$work/piped.pcap"
if $have_tshark; then
    n=$(cat "$input" | "$bin" -q -p 7932,7933 - - | tshark -r - 2>/dev/null | wc -l)
    check "- to - into tshark -r - ($n frames)" [ "$n" -gt 0 ]
fi
gzip -c "$input" >"$work/in.pcap.gz"
expect_exit 0 "gzip input and gzip pcapng output" "$bin" -q -p 7932,7933 "$work/in.pcap.gz" "$work/out.pcapng.gz"
if $have_tshark; then
    check "tshark reads the .pcapng.gz output" sh -c "tshark -r '$work/out.pcapng.gz' >/dev/null 2>&1"
fi
if command -v mergecap >/dev/null 2>&1; then
    copies=()
    for _ in $(seq 1 400); do copies+=("$input"); done
    mergecap -a -F pcap -w "$work/big.pcap" "${copies[@]}"
    rc=0
    set +o pipefail
    "$bin" -q - - <"$work/big.pcap" 2>"$work/pipe.err" | head -c 100 >/dev/null
    rc=${PIPESTATUS[0]}
    set -o pipefail
    check "broken pipe (| head) ends quietly: exit $rc, no message" \
        sh -c "[ $rc -eq 0 ] && [ ! -s '$work/pipe.err' ]"
else
    echo "skip  broken-pipe check: mergecap not installed"
fi

# --- interrupted: nothing under OUT's name, no temporary file left ---
mkdir -p "$work/sig"
mkfifo "$work/fifo"
"$bin" -q -p 7932,7933 - "$work/sig/out.pcap" <"$work/fifo" &
pid=$!
exec 3>"$work/fifo"
head -c 2000 "$input" >&3
for _ in $(seq 1 100); do
    ls -A "$work/sig" | grep -q 'erm-decap-tmp' && break
    sleep 0.1
done
check "while converting, only a hidden temporary file exists" sh -c "ls -A '$work/sig' | grep -q '^\.out\.pcap\.erm-decap-tmp-'"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
exec 3>&-
check "killed (exit $rc): no output and no temporary file left" sh -c "[ $rc -ne 0 ] && [ -z \"\$(ls -A '$work/sig')\" ]"

# --- exit codes ---
size=$(wc -c <"$input")
head -c $((size - 7)) "$input" >"$work/cut.pcap"
expect_exit 1 "truncated input: exit 1" "$bin" -q -p 7932,7933 "$work/cut.pcap" "$work/cut.out.pcap"
check "truncated input: one line naming file, record and byte" \
    grep -qE "^erm-decap: $work/cut.pcap: record [0-9]+ at byte [0-9]+: record truncated" "$work/last.err"
check "truncated input: the good prefix is a readable capture" sh -c "capinfos '$work/cut.out.pcap' >/dev/null 2>&1 || ! command -v capinfos >/dev/null"
expect_exit 2 "missing input: exit 2" "$bin" "$work/nope.pcap" "$work/x.pcap"
expect_exit 2 "bad option: exit 2" "$bin" --frobnicate "$input" "$work/x.pcap"
expect_exit 2 "refuses to overwrite the input: exit 2" "$bin" "$work/ref.pcap" "$work/ref.pcap"
expect_exit 3 "output under a regular file: exit 3" "$bin" "$input" "$work/ref.pcap/out.pcap"
mkdir -p "$work/tiny"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$work/tiny" 2>/dev/null; then
    big_input=$input
    [ -f "$work/big.pcap" ] && big_input=$work/big.pcap
    expect_exit 3 "disk full: exit 3" "$bin" -q -p 7932,7933 "$big_input" "$work/tiny/out.pcap"
    check "disk full: one line saying so" grep -q "^erm-decap: $work/tiny/out.pcap: write failed: No space left on device" "$work/last.err"
    check "disk full: neither OUT nor a temporary file is left" sh -c "[ -z \"\$(ls -A '$work/tiny')\" ]"
    umount "$work/tiny"
else
    echo "skip  disk-full check: needs root and a tmpfs mount"
fi
check "no stack trace in any message so far" sh -c "! grep -qE '^\s+at |Exception' '$work/all.err'"
expect_exit 0 "--help" "$bin" --help
check "--help lists the exit codes" grep -q "Exit codes:" "$work/last.out"
expect_exit 0 "--completion" "$bin" --completion
check "--completion prints a bash completion script" grep -q "complete -F" "$work/last.out"
mkdir -p "$work/batch/in/sub"
cp "$input" "$work/batch/in/a.pcap"
cp "$input" "$work/batch/in/sub/b.pcap"
cp "$work/cut.pcap" "$work/batch/in/sub/c.pcap"
expect_exit 1 "batch with a damaged file: exit 1" "$bin" -q -p 7932,7933 -j 2 -o "$work/batch/out" "$work/batch/in"
check "batch: the good files are converted, tree mirrored" \
    sh -c "cmp -s '$work/ref.pcap' '$work/batch/out/a.pcap' && cmp -s '$work/ref.pcap' '$work/batch/out/sub/b.pcap'"
check "batch: the damaged file's good prefix is kept" cmp -s "$work/cut.out.pcap" "$work/batch/out/sub/c.pcap"
expect_exit 1 "batch again: up-to-date outputs skipped, the damaged input reported again" "$bin" -p 7932,7933 -o "$work/batch/out" "$work/batch/in"
check "batch again: 2 skipped, 1 converted again" grep -q "3 files: 1 converted, 2 skipped, 0 failed" "$work/last.err"

# --- sharding and splitting ---
# five_tuples FILE: "endpointA endpointB" of every TCP/UDP frame, endpoints ordered, one line each, unique.
five_tuples() {
    tshark -r "$1" -T fields -E separator=/t -E occurrence=l -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
        -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport 2>/dev/null |
        awk -F'\t' '{
            s = $1 != "" ? $1 : $3; d = $1 != "" ? $2 : $4
            sp = $5 != "" ? "t" $5 : "u" $7; dp = $5 != "" ? "t" $6 : "u" $8
            if (s == "" || sp == "u") next
            a = s "/" sp; b = d "/" dp
            if (a < b) print a, b; else print b, a
        }' | sort -u
}
mkdir -p "$work/shards"
expect_exit 0 "--shards 4" "$bin" -q -p 7932,7933 --shards 4 "$input" "$work/shards/part.pcap"
check "--shards 4: part-0.pcap .. part-3.pcap" \
    sh -c "[ \"\$(ls '$work/shards' | tr '\n' ' ')\" = 'part-0.pcap part-1.pcap part-2.pcap part-3.pcap ' ]"
if $have_tshark; then
    n_ref=$(tshark -r "$work/ref.pcap" 2>/dev/null | wc -l)
    n_shards=$(for s in 0 1 2 3; do tshark -r "$work/shards/part-$s.pcap" 2>/dev/null; done | wc -l)
    check "--shards 4: every record in one shard ($n_ref unsharded, $n_shards in the shards)" [ "$n_ref" -eq "$n_shards" ]
    bad=$(for s in 0 1 2 3; do malformed "$work/shards/part-$s.pcap"; done)
    check "--shards 4: no malformed packets in any shard" [ -z "$bad" ]
    for s in 0 1 2 3; do five_tuples "$work/shards/part-$s.pcap"; done | sort | uniq -d >"$work/shards.dup"
    check "--shards 4: no TCP/UDP conversation in two shards ($(five_tuples "$work/ref.pcap" | wc -l) in all)" \
        [ ! -s "$work/shards.dup" ]
fi
expect_exit 2 "--shards to stdout is refused" "$bin" -q --shards 2 "$input" -
check "--shards to stdout: one line saying why" grep -q "^erm-decap: -: stdout cannot hold several outputs" "$work/last.err"
mkdir -p "$work/oom"
expect_exit 3 "--shards 1024 in a 32 MiB heap: exit 3" env JAVA_OPTS=-Xmx32m "$bin" -q --shards 1024 "$input" "$work/oom/o.pcap"
check "--shards 1024 in a 32 MiB heap: one line saying so" grep -q "^erm-decap: .*: out of memory for output [0-9]* (expected: a larger heap" "$work/last.err"
check "--shards 1024 in a 32 MiB heap: no file left" sh -c "[ -z \"\$(ls -A '$work/oom')\" ]"
mkdir -p "$work/split"
expect_exit 0 "--split vlan" "$bin" -q -p 7932,7933 --split vlan "$input" "$work/split/v.pcapng"
check "--split vlan: one file per VLAN" sh -c "ls '$work/split' | grep -q '^v-vlan-[0-9]*\.pcapng$'"
# --- Batch mode and messages (batchux) ---
mkdir -p "$work/bx/in/rot" "$work/bx/other"
cp "$sample" "$work/bx/in/rot/dump.pcap1"
cp "$sample" "$work/bx/in/rot/dump-0930"
echo "notes" >"$work/bx/in/notes.txt"
expect_exit 0 "batch takes captures by content" "$bin" -o "$work/bx/out" "$work/bx/in"
check "batch: tcpdump -C / -G names converted under their own names" \
    test -s "$work/bx/out/rot/dump.pcap1" -a -s "$work/bx/out/rot/dump-0930"
check "batch: the total says what was not a capture" \
    grep -q "^2 files: 2 converted, 0 skipped, 0 failed; 1 other file not a capture, left alone" "$work/last.err"
expect_exit 0 "batch re-run" "$bin" -o "$work/bx/out" "$work/bx/in"
check "batch re-run: up to date" grep -q "^2 files: 0 converted, 2 skipped" "$work/last.err"
expect_exit 0 "batch re-run with another -p" "$bin" -p 7932,7933 -o "$work/bx/out" "$work/bx/in"
check "batch re-run with another -p: converted again" grep -q "^2 files: 2 converted" "$work/last.err"
ln -s "$work/bx/other" "$work/bx/out/rot2"
mkdir -p "$work/bx/in/rot2" && cp "$sample" "$work/bx/in/rot2/x.pcap"
expect_exit 2 "batch never writes through a symlink out of OUT" "$bin" -o "$work/bx/out" "$work/bx/in"
check "batch: nothing written outside OUT" sh -c "[ -z \"\$(ls -A '$work/bx/other')\" ]"
ln -s "$work/bx/in" "$work/bx/alias"
expect_exit 2 "batch -o naming the input directory by a symlink" "$bin" -o "$work/bx/alias" "$work/bx/in"
expect_exit 2 "batch -o naming the input directory via /proc/self/cwd" \
    sh -c "cd '$work/bx' && exec '$bin' -o /proc/self/cwd/in in"
check "batch -o the input: inputs intact" cmp -s "$sample" "$work/bx/in/rot/dump.pcap1"
expect_exit 2 "-o out.pcap: said to be a directory" "$bin" -o "$work/bx/o.pcap" "$sample"
check "-o out.pcap: the message" grep -q "looks like a capture file name, but -o names a directory" "$work/last.err"
expect_exit 3 "OUT in a missing directory" "$bin" "$sample" "$work/bx/nope/o.pcap"
check "OUT in a missing directory: said so" grep -q ": create failed: no such directory " "$work/last.err"
printf '\xa1\xb2\xcd\x34\x00\x02\x00\x04' >"$work/bx/modified.pcap"
expect_exit 1 "old modified pcap" "$bin" "$work/bx/modified.pcap" "$work/bx/m.pcap"
check "old modified pcap: suggests editcap -F pcap" grep -q "editcap -F pcap" "$work/last.err"

# Terminal behaviour through a pseudo-terminal made by util-linux script(1); skipped when none can be made.
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
    head -c 24 "$sample" >"$work/bx/big.pcap"
    tail -c +25 "$sample" >"$work/bx/body"
    for _ in $(seq 14); do cat "$work/bx/body" "$work/bx/body" >"$work/bx/body2"; mv "$work/bx/body2" "$work/bx/body"; done
    cat "$work/bx/body" >>"$work/bx/big.pcap"
    # 4x as large (280 MB, about 2 M records) for the single-file runs, so that they outlast the first redraw
    { cat "$work/bx/big.pcap"; cat "$work/bx/body" "$work/bx/body" "$work/bx/body"; } | gzip -1 >"$work/bx/big.pcap.gz"
    rm -f "$work/bx/body"
    # stdout to a file, stdin from /dev/null, stderr on the terminal: the progress line must be drawn
    script -qec "env -u CI COLUMNS=40 '$bin' -p 7932,7933 '$work/bx/big.pcap.gz' - </dev/null >'$work/bx/p.pcap'" \
        "$work/bx/tty.log" >/dev/null 2>&1 || true
    check "progress line drawn when only stderr is a terminal" grep -q $'\e\[K' "$work/bx/tty.log"
    script -qec "env -u CI COLUMNS=200 '$bin' -p 7932,7933 '$work/bx/big.pcap.gz' - </dev/null >'$work/bx/p.pcap'" \
        "$work/bx/tty-wide.log" >/dev/null 2>&1 || true
    check "progress line of gzip input has a percentage" grep -qa ' [0-9]*\.[0-9]%, [0-9]*:[0-9][0-9] left' "$work/bx/tty-wide.log"
    widest=$(sed $'s/\e\[K/\\n/g' "$work/bx/tty.log" | tr '\r' '\n' | grep -a 'records, ' | awk '{ print length }' | sort -n | tail -1)
    check "progress line cut to COLUMNS=40 (widest ${widest:-none})" [ -n "$widest" ] && [ "$widest" -lt 40 ]
    script -qec "CI=1 '$bin' -p 7932,7933 '$work/bx/big.pcap.gz' - </dev/null >'$work/bx/p.pcap'" \
        "$work/bx/tty-ci.log" >/dev/null 2>&1 || true
    check "no progress line with CI set" sh -c "! grep -q $'\e\[K' '$work/bx/tty-ci.log'"
    mkdir -p "$work/bx/many" && cp "$work/bx/big.pcap" "$work/bx/many/a.pcap" && cp "$work/bx/big.pcap" "$work/bx/many/b.pcap"
    script -qec "env -u CI '$bin' -j 1 -o '$work/bx/many-out' '$work/bx/many'" "$work/bx/tty-batch.log" >/dev/null 2>&1 || true
    check "batch progress line: files and bytes of all" grep -qa 'of 2 files, .* of .*B, .*/s' "$work/bx/tty-batch.log"
    rc=0; script -qec "'$bin' '$sample' -" "$work/bx/tty-bin.log" >/dev/null 2>&1 || rc=$?
    check "binary capture to a terminal refused (exit $rc)" [ "$rc" -eq 2 ]
    check "binary capture to a terminal: said so" grep -qa "stdout is a terminal: refusing" "$work/bx/tty-bin.log"
else
    echo "skip  terminal checks: script(1) cannot make a pseudo-terminal here"
fi

check "no stack trace in any message" sh -c "! grep -qE '^\s+at |Exception' '$work/all.err'"

# --- output safety (issue 9 items 1-6, issue 15 items 3, 9, 12) ---
# Devices are made with mknod in the work directory, never the system's /dev; everything that could block
# (FIFOs, pipes) runs under `timeout`.
safe="$work/safety"
mkdir -p "$safe"
t() { timeout 60 "$@"; }
if [ "$(id -u)" -eq 0 ] && mknod "$safe/null" c 1 3 2>/dev/null; then
    expect_exit 0 "OUT is a character device: written into" t "$bin" -q "$input" "$safe/null"
    check "... and it is still a character device" [ -c "$safe/null" ]
    rm -f "$safe/null"
else
    echo "skip  device OUT: needs root and mknod"
fi
mkfifo "$safe/out.fifo"
(t cat "$safe/out.fifo" >"$safe/from-fifo.pcap") &
reader=$!
expect_exit 0 "OUT is a FIFO: written into" t "$bin" -q -p 7932,7933 "$input" "$safe/out.fifo"
wait "$reader" || true
check "... its reader got the capture, and it is still a FIFO" sh -c "cmp -s '$work/ref.pcap' '$safe/from-fifo.pcap' && [ -p '$safe/out.fifo' ]"
mkdir -p "$safe/real"
echo old >"$safe/real/target.pcap"
ln -s real/target.pcap "$safe/link.pcap"
expect_exit 0 "OUT is a symlink: followed" t "$bin" -q -p 7932,7933 "$input" "$safe/link.pcap"
check "... the link stays, its target holds the capture, no temporary file left" \
    sh -c "[ -L '$safe/link.pcap' ] && cmp -s '$work/ref.pcap' '$safe/real/target.pcap' && [ \"\$(ls -A '$safe/real')\" = target.pcap ]"
rc=0
t "$bin" -q -p 7932,7933 "$input" /dev/stdout >"$safe/stdout.pcap" 2>"$work/last.err" || rc=$?
check "OUT is /dev/stdout redirected to a file (exit $rc)" sh -c "[ $rc -eq 0 ] && cmp -s '$work/ref.pcap' '$safe/stdout.pcap'"
rc=0
t "$bin" -q -p 7932,7933 "$input" >(cat >"$safe/procsub.pcap") || rc=$?
sleep 1
check "OUT is a process substitution >(...) (exit $rc)" sh -c "[ $rc -eq 0 ] && cmp -s '$work/ref.pcap' '$safe/procsub.pcap'"
cp "$input" "$safe/mode.pcap"
chmod 640 "$safe/mode.pcap"
expect_exit 0 "OUT overwritten" t "$bin" -q -p 7932,7933 "$input" "$safe/mode.pcap"
check "... keeps its mode 640 ($(stat -c %a "$safe/mode.pcap"))" [ "$(stat -c %a "$safe/mode.pcap")" = 640 ]
long=$(printf 'L%.0s' $(seq 1 245)).pcap
expect_exit 0 "OUT with a 249-character name" t "$bin" -q -p 7932,7933 "$input" "$safe/$long"
check "... holds the capture" cmp -s "$work/ref.pcap" "$safe/$long"

cp "$input" "$safe/in.pcap"
expect_exit 2 "--stats naming the input is refused" t "$bin" -q --stats "$safe/in.pcap" "$safe/in.pcap" "$safe/o1.pcap"
check "... one line, the input intact, nothing converted" \
    sh -c "[ \$(wc -l <'$work/last.err') -eq 1 ] && cmp -s '$input' '$safe/in.pcap' && [ ! -e '$safe/o1.pcap' ]"
expect_exit 2 "--stats naming OUT is refused" t "$bin" -q --stats "$safe/o1.pcap" "$safe/in.pcap" "$safe/o1.pcap"
expect_exit 2 "--stats naming a shard is refused" t "$bin" -q --shards 2 --stats "$safe/p-0.pcap" "$safe/in.pcap" "$safe/p.pcap"
expect_exit 3 "--stats in a missing directory is refused before converting" \
    t "$bin" -q --stats "$safe/nodir/s.json" "$safe/in.pcap" "$safe/o2.pcap"
check "... saying so, with nothing converted" \
    sh -c "grep -q 'no such directory' '$work/last.err' && [ ! -e '$safe/o2.pcap' ]"
mkdir -p "$safe/ro"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k,ro tmpfs "$safe/ro" 2>/dev/null; then
    expect_exit 3 "--stats on a read-only file system is refused before converting" \
        t "$bin" -q --stats "$safe/ro/s.json" "$safe/in.pcap" "$safe/o3.pcap"
    check "... with the reason" sh -c "grep -q 'Read-only file system' '$work/last.err' && [ ! -e '$safe/o3.pcap' ]"
    umount "$safe/ro"
else
    echo "skip  read-only --stats: needs root and a tmpfs mount"
fi
mkdir -p "$safe/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$safe/full" 2>/dev/null; then
    echo '{"old":true}' >"$safe/full/s.json"
    head -c 200000 /dev/zero >"$safe/full/filler" 2>/dev/null || true
    expect_exit 3 "--stats on a full disk" t "$bin" -q --stats "$safe/full/s.json" "$safe/in.pcap" "$safe/o4.pcap"
    check "... leaves the old JSON whole and no temporary file" \
        sh -c "[ \"\$(cat '$safe/full/s.json')\" = '{\"old\":true}' ] && [ \"\$(ls -A '$safe/full' | tr '\n' ' ')\" = 'filler s.json ' ]"
    umount "$safe/full"
else
    echo "skip  full-disk --stats: needs root and a tmpfs mount"
fi

cp "$input" "$safe/same.pcap"
expect_exit 2 "stdin redirected from OUT is refused (- in.pcap < in.pcap)" \
    sh -c 't() { timeout 60 "$@"; }; t "$1" -q - "$2" <"$2"' sh "$bin" "$safe/same.pcap"
check "... the input intact" cmp -s "$input" "$safe/same.pcap"
expect_exit 2 "--stats naming the file on stdin is refused" \
    sh -c 'timeout 60 "$1" -q --stats "$2" - "$3" <"$2"' sh "$bin" "$safe/same.pcap" "$safe/o5.pcap"
check "... the input intact" cmp -s "$input" "$safe/same.pcap"
expect_exit 2 "stdout opened on the input is refused (in.pcap - 1<>in.pcap)" \
    sh -c 'timeout 60 "$1" -q "$2" - 1<>"$2"' sh "$bin" "$safe/same.pcap"
check "... the input intact" cmp -s "$input" "$safe/same.pcap"
expect_exit 2 "stdin closed (<&-) is refused" sh -c 'timeout 60 "$1" -q - "$2" <&-' sh "$bin" "$safe/o6.pcap"
check "... in one line saying so" sh -c "grep -q 'stdin is closed' '$work/last.err' && [ \$(wc -l <'$work/last.err') -eq 1 ]"
expect_exit 2 "stdout closed (>&-) is refused" sh -c 'timeout 60 "$1" -q "$2" - >&-' sh "$bin" "$input"
check "... saying so" grep -q 'stdout is closed' "$work/last.err"
expect_exit 3 "a file name with a newline" t "$bin" -q "$input" "$safe/a
b/out.pcap"
check "... gives a one-line message with the newline escaped" \
    sh -c "[ \$(wc -l <'$work/last.err') -eq 1 ] && grep -q 'a\\\\nb' '$work/last.err'"

# a slow live capture: the output must come out while the input is quiet, not when 1 MiB has gathered
rm -f "$safe/idle.out"
( head -c 3000 "$input"; sleep 4 ) | t "$bin" -q -p 7932,7933 - - >"$safe/idle.out" 2>/dev/null &
idle=$!
sleep 2.5
size_idle=$(stat -c %s "$safe/idle.out")
wait "$idle" || true
check "an idle input flushes the output ($size_idle bytes out while the input was quiet)" [ "$size_idle" -gt 24 ]

# broken pipe: exit 0, the summary and --stats still written
if [ -f "$work/big.pcap" ]; then
    rm -f "$safe/bp.json"
    set +o pipefail
    timeout 60 "$bin" -p 7932,7933 --stats "$safe/bp.json" - - <"$work/big.pcap" 2>"$safe/bp.err" | head -c 100 >/dev/null
    rc=${PIPESTATUS[0]}
    set -o pipefail
    check "broken pipe: exit $rc, summary printed, --stats written, no error line" \
        sh -c "[ $rc -eq 0 ] && grep -q 'records read' '$safe/bp.err' && ! grep -q '^erm-decap:' '$safe/bp.err' && grep -q records_read '$safe/bp.json'"
fi

# kill -9: the next run to the same directory removes the dead run's temporary file, never a live run's
mkdir -p "$safe/k"
mkfifo "$safe/k.fifo" "$safe/live.fifo"
"$bin" -q -p 7932,7933 - "$safe/k/dead.pcap" <"$safe/k.fifo" &
dead=$!
exec 4>"$safe/k.fifo"
head -c 2000 "$input" >&4
"$bin" -q -p 7932,7933 - "$safe/k/live.pcap" <"$safe/live.fifo" &
live=$!
exec 5>"$safe/live.fifo"
head -c 2000 "$input" >&5
for _ in $(seq 1 100); do
    [ "$(ls -A "$safe/k" | grep -c erm-decap-tmp)" -ge 2 ] && break
    sleep 0.1
done
kill -9 "$dead"
wait "$dead" 2>/dev/null || true
exec 4>&-
check "kill -9 leaves its temporary file (2 temporary files now)" [ "$(ls -A "$safe/k" | grep -c erm-decap-tmp)" -eq 2 ]
expect_exit 0 "the next run to the same directory" t "$bin" -q -p 7932,7933 "$input" "$safe/k/next.pcap"
check "... removed the dead run's temporary file, kept the live run's" \
    sh -c "ls -A '$safe/k' | grep -q '^\.live\.pcap\.erm-decap-tmp-' && ! ls -A '$safe/k' | grep -q '^\.dead\.pcap\.erm-decap-tmp-'"
tail -c +2001 "$input" >&5
exec 5>&-
rc=0
wait "$live" || rc=$?
check "... and the live run finished its output (exit $rc)" sh -c "[ $rc -eq 0 ] && cmp -s '$work/ref.pcap' '$safe/k/live.pcap'"
check "no stack trace in the safety checks" sh -c "! grep -qE '^\s+at |Exception' '$work/all.err'"
# --- reading damaged and hostile input (issue 15) ---
hostile() { java "$here/HostileCaptures.java" "$@"; }
mkdir -p "$work/hostile"
h="$work/hostile"
half=$(( $(wc -c <"$input") / 2 ))
{ head -c "$half" "$input" | gzip -c; tail -c +"$((half + 1))" "$input" | gzip -c; } >"$h/two.pcap.gz"
expect_exit 0 "gzip, two members, through a pipe" sh -c "cat '$h/two.pcap.gz' | '$bin' -q -p 7932,7933 - '$h/two.pcap'"
check "gzip, two members: every record (same output as the plain file)" cmp -s "$work/ref.pcap" "$h/two.pcap"
mkdir -p "$h/pieces"
split -b 61 "$input" "$h/pieces/p."
for f in "$h/pieces"/p.*; do gzip -c "$f"; done >"$h/many.pcap.gz"
expect_exit 0 "gzip, $(ls "$h/pieces" | wc -l) members (bgzip-like)" "$bin" -q -p 7932,7933 "$h/many.pcap.gz" "$h/many.pcap"
check "gzip, many members: every record" cmp -s "$work/ref.pcap" "$h/many.pcap"
{ head -c "$half" "$input" | gzip -c; printf '\037\213\011\000\000\000\000\000\000\003xxxxxxxxxx'; } >"$h/bad2.pcap.gz"
expect_exit 1 "gzip, invalid second member: exit 1" "$bin" -q -p 7932,7933 "$h/bad2.pcap.gz" "$h/bad2.pcap"
check "gzip, invalid second member: one located line" \
    grep -qE "^erm-decap: $h/bad2.pcap.gz: record [0-9]+ at byte [0-9]+: .*gzip member 2 at compressed byte [0-9]+: unknown compression method 9" "$work/last.err"
check "gzip, invalid second member: the first member's records kept" [ -s "$h/bad2.pcap" ]
{ gzip -c "$input"; echo "trailing garbage"; } >"$h/garbage.pcap.gz"
expect_exit 0 "gzip, trailing garbage: exit 0" "$bin" -q -p 7932,7933 "$h/garbage.pcap.gz" "$h/garbage.pcap"
check "gzip, trailing garbage: a warning even with -q" \
    grep -q "^erm-decap: warning: $h/garbage.pcap.gz: trailing garbage after gzip member 1 at compressed byte" "$work/last.err"
check "gzip, trailing garbage: every record" cmp -s "$work/ref.pcap" "$h/garbage.pcap"
hostile lying >"$h/lying.pcap"
hostile lying-ng >"$h/lying.pcapng"
expect_exit 1 "56-byte pcap claiming 250 MiB, -Xmx64m: exit 1" \
    env JAVA_OPTS=-Xmx64m "$bin" -q --max-record 268435456 "$h/lying.pcap" "$h/lying.out.pcap"
check "... a located truncation" grep -q "^erm-decap: $h/lying.pcap: record 1 at byte 24: record truncated: 32 of 262144016 bytes present" "$work/last.err"
expect_exit 1 "the same as pcapng on stdin, -Xmx64m: exit 1" \
    sh -c "JAVA_OPTS=-Xmx64m '$bin' -q --max-record 268435456 - '$h/lying.out.pcapng' <'$h/lying.pcapng'"
check "... a located truncation" grep -q "^erm-decap: -: record 1 at byte 48: Enhanced Packet Block truncated" "$work/last.err"
expect_exit 1 "the same gzipped on stdin, -Xmx64m: exit 1" \
    sh -c "gzip -c '$h/lying.pcap' | JAVA_OPTS=-Xmx64m '$bin' -q --max-record 268435456 - '$h/lying.out.pcap'"
check "... a located truncation" grep -q "^erm-decap: -: record 1 at byte 24: record truncated" "$work/last.err"
hostile sessions >"$h/sessions.pcap"
expect_exit 0 "300 000 switch addresses, -Xmx64m: exit 0" env JAVA_OPTS=-Xmx64m "$bin" -p 7932 "$h/sessions.pcap" "$h/sessions.out.pcap"
check "... 4096 sessions listed, the rest counted together" \
    grep -q "^    other sessions (beyond the first 4096): 295,904 packets" "$work/last.err"
hostile v6sessions >"$h/v6sessions.pcap"
expect_exit 0 "80 000 IPv6 switches whose old hashes collide, -Xmx64m: exit 0" \
    env JAVA_OPTS=-Xmx64m "$bin" -p 7932 "$h/v6sessions.pcap" "$h/v6sessions.out.pcap"
check "... 4096 sessions listed, the rest counted together" \
    grep -q "^    other sessions (beyond the first 4096): 75,904 packets" "$work/last.err"
expect_exit 1 "1500 interfaces with 60 KB names on stdin, -Xmx64m: exit 1" \
    sh -c "java '$here/HostileCaptures.java' idbs | JAVA_OPTS=-Xmx64m '$bin' -q - '$h/idbs.pcapng'"
check "... a located message naming the limit" \
    grep -q "^erm-decap: -: record 1 at byte [0-9]*: section 0 keeps more than 8388608 bytes of interface names" "$work/last.err"
hostile badtime >"$h/badtime.pcap"
expect_exit 1 "a timestamp pcap cannot hold: exit 1" "$bin" -q "$h/badtime.pcap" "$h/badtime.out.pcap"
check "... located at its record" grep -q "^erm-decap: $h/badtime.pcap: record 2 at byte 108: timestamp 4294967296.500000000 s cannot be held by pcap" "$work/last.err"
if $have_tshark; then
    check "... the record before it kept" [ "$(tshark -r "$h/badtime.out.pcap" 2>/dev/null | wc -l)" -eq 1 ]
fi
expect_exit 0 "the same into pcapng: exit 0" "$bin" -q "$h/badtime.pcap" "$h/badtime.out.pcapng"
hostile badutf8 >"$h/badutf8.pcapng"
expect_exit 0 "65 000 bytes of invalid UTF-8 in pcapng strings: exit 0" "$bin" -q "$h/badutf8.pcapng" "$h/badutf8.out.pcapng"
check "no stack trace in any hostile-input message" sh -c "! grep -qE '^\s+at |Exception' '$work/all.err'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
