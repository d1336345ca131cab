#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fuzzes every Jazzer fuzz test of erm-core for SECONDS seconds each, one JVM after another (Jazzer fuzzes one
# test per JVM), with a small heap so that unbounded allocation is a finding.
#
#   erm-core/src/test/fuzz/run.sh SECONDS [TARGET...]     e.g.  run.sh 300   or   run.sh 60 convert.ConversionFuzzTest#convert
#
# The corpus grows in erm-core/.cifuzz-corpus/ (not committed; delete it to start over). At start it gets the
# real switch captures of erm.samples.dir (ERM_SAMPLES_DIR, default ../shared/samples beside the project or
# beside its worktrees' folder), which
# are never committed. A finding stops that target: Jazzer writes the reproducer (crash-<sha1>) into the
# target's committed inputs folder erm-core/src/test/resources/<package>/<Test>Inputs/<method>/, where the
# normal build replays it; this script prints its path and exits 1 after the remaining targets. Logs and a
# summary (executions per second, edges covered, corpus size) are in erm-core/target/fuzz/.
#
# Environment: FUZZ_HEAP (default 256m), JAZZER_* (any Jazzer option, e.g. JAZZER_KEEP_GOING=10).
set -uo pipefail
if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ || $1 -lt 1 ]]; then
    echo "usage: $0 SECONDS [TARGET...]   (TARGET: package.Class#method under io.github.ermdecap)" >&2
    exit 2
fi
seconds=$1
shift
root=$(cd "$(dirname "$0")/../../../.." && pwd)
core=$root/erm-core
cd "$root" || exit 2
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(capture.CaptureReaderFuzzTest#pcap capture.CaptureReaderFuzzTest#pcapng
        erm.DecapsulationFuzzTest#decapsulate convert.ConversionFuzzTest#convert
        route.RoutingFuzzTest#shards route.RoutingFuzzTest#split erm.PayloadFuzzTest#payload)
fi
samples=${ERM_SAMPLES_DIR:-$root/../shared/samples}
if [[ -z ${ERM_SAMPLES_DIR:-} && ! -d $samples && -d $root/../../shared/samples ]]; then
    samples=$root/../../shared/samples          # a git worktree one folder further down
fi
out=$core/target/fuzz
mkdir -p "$out"

if ! ./mvnw -B -ntp -q -pl erm-core test-compile; then
    echo "run.sh: erm-core does not compile" >&2
    exit 2
fi
cp="$core/target/test-classes:$core/target/classes"

# The real samples join the corpus of the targets that read whole captures (control byte 0 first) and,
# record by record, of the engine's target.
corpus() { echo "$core/.cifuzz-corpus/io.github.ermdecap.${1%#*}/${1#*#}"; }
if compgen -G "$samples/*.cap" > /dev/null || compgen -G "$samples/*.pcap*" > /dev/null; then
    for f in "$samples"/*.cap "$samples"/*.pcap "$samples"/*.pcapng; do
        [[ -f $f ]] || continue
        for t in capture.CaptureReaderFuzzTest#pcap convert.ConversionFuzzTest#convert; do
            mkdir -p "$(corpus $t)"
            { printf '\0'; cat "$f"; } > "$(corpus $t)/sample-$(basename "$f")"
        done
        java -cp "$cp" io.github.ermdecap.erm.DecapsulationFuzzTest --records "$f" \
            "$(corpus erm.DecapsulationFuzzTest#decapsulate)" || exit 2
    done
    echo "run.sh: the samples of $samples joined the corpus"
else
    echo "run.sh: no samples in $samples (set ERM_SAMPLES_DIR); fuzzing from the committed seeds only"
fi

# The inputs of a method's folders, and reproducers Jazzer left in the module folder.
reproducers() {
    { find "$core/src/test/resources" -path "*Inputs/$1/*" -type f
      find "$core" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \)
    } 2>/dev/null | sort
}
status=0
summary=$out/summary.txt
printf '%-40s %8s %10s %8s %7s %7s %8s  %s\n' target seconds executions exec/s cov ft corpus result > "$summary"
for t in "${targets[@]}"; do
    class=io.github.ermdecap.${t%#*}
    method=${t#*#}
    log=$out/${t//#/.}.log
    before=$(reproducers "$method")
    echo "run.sh: fuzzing $t for ${seconds}s (log: $log)"
    JAZZER_FUZZ=1 JAZZER_MAX_DURATION=${seconds}s ./mvnw -B -ntp -pl erm-core surefire:test \
        -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
        -DargLine="-Xmx${FUZZ_HEAP:-256m} -XX:-OmitStackTraceInFastThrow" > "$log" 2>&1
    rc=$?
    after=$(reproducers "$method")
    found=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^$')
    done_line=$(grep -a 'DONE *cov:' "$log" | tail -1)
    [[ -n $done_line ]] || done_line=$(grep -a -E '^#[0-9]+.*cov:' "$log" | tail -1)
    runs=$(grep -a -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    execs=$(echo "$runs" | awk '{print $2}')
    secs=$(echo "$runs" | awk '{print $5}')
    [[ -n $execs ]] || execs=$(echo "$done_line" | sed -nE 's/^#([0-9]+).*/\1/p')
    field() { echo "$done_line" | sed -nE "s|.* $1: ([^ ]+).*|\1|p"; }
    result=ok
    if [[ -n $found ]]; then
        result=FINDING
        status=1
        echo "run.sh: $t: FINDING; reproducer:"
        echo "$found" | sed 's/^/    /'
        grep -a -m1 -E '^== Java Exception|FuzzTestFinding|^java\.|Exception in' "$log" | sed 's/^/    /'
    elif [[ $rc -ne 0 ]]; then
        result="FAILED(rc=$rc)"
        status=1
        echo "run.sh: $t: maven failed with $rc without a reproducer; see $log" >&2
        grep -a -E '^\[ERROR\]' "$log" | head -5 >&2
    fi
    printf '%-40s %8s %10s %8s %7s %7s %8s  %s\n' "$t" "${secs:--}" "${execs:--}" "$(field 'exec/s')" \
        "$(field cov)" "$(field ft)" "$(field corp)" "$result" | tee -a "$summary"
done
echo "run.sh: summary in $summary"
cat "$summary"
exit $status
