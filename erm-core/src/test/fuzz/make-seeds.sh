#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the committed seed inputs of the Jazzer fuzz tests (files named seed-*; findings, crash-* and
# the named regression inputs, are kept) under erm-core/src/test/resources/<package>/<Test>Inputs/<method>/.
# The seeds come from testdata/ and from the fixture builders; the real samples are never committed
# (run.sh adds them to the fuzzing corpus at fuzz time).
set -euo pipefail
cd "$(dirname "$0")/../../../.."          # the project root
./mvnw -B -ntp -q -pl erm-core test-compile
cp=erm-core/target/test-classes:erm-core/target/classes
resources=erm-core/src/test/resources
for test in capture.CaptureReaderFuzzTest erm.DecapsulationFuzzTest convert.ConversionFuzzTest route.RoutingFuzzTest; do
    java -cp "$cp" "io.github.ermdecap.$test" "$resources" testdata
done
find "$resources" -path '*FuzzTestInputs/*' -type f | sed 's|/[^/]*$||' | sort | uniq -c
