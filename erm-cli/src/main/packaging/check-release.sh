#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks what `./mvnw -Prelease package` put in target/release/ as a user would meet it (run by .ci/run, as root
# on a Debian machine): installs the .deb, runs erm-decap with no JDK in reach (--version and a real conversion of
# testdata/sample-erm.pcap), finds its man page and bash completion, removes the package and checks nothing of it
# is left; then unpacks the tar.gz and the zip elsewhere and runs their launcher the same way.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
rel=$root/target/release
version=$(sed -n 's/^version=//p' "$root/erm-cli/target/classes/io/github/ermdecap/cli/version.properties")
scratch=$(mktemp -d /tmp/erm-decap-release-check.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "check-release: FAIL: $*" >&2; exit 1; }
sample=$root/testdata/sample-erm.pcap

deb=$(ls "$rel"/erm-decap_"$version"-*.deb)
(cd "$rel" && sha256sum -c --quiet SHA256SUMS) || fail "SHA256SUMS does not match"
[ "$(dpkg-query -W -f='${db:Status-Status}' erm-decap 2>/dev/null || true)" = installed ] \
    && fail "erm-decap is already installed; refusing to touch it"
dpkg -i "$deb" >/dev/null
trap 'dpkg -P erm-decap >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT

# No JDK in reach: a bare environment whose PATH has no java at all.
# (This machine's /usr/bin/java may exist: the conversion below therefore also runs with no PATH at all.)
out=$(env -i PATH=/usr/bin:/bin JAVA_HOME=/nonexistent erm-decap --version)
echo "$out" | head -n 1 | grep -qx "erm-decap $version" || fail "--version said: $out"
echo "$out" | grep -q "^Java " || fail "--version names no runtime: $out"
env -i PATH=/usr/bin:/bin erm-decap -p 7932,7933 --stats "$scratch/deb.json" "$sample" "$scratch/deb.pcapng" \
    2>"$scratch/deb.err" || fail "conversion failed: $(cat "$scratch/deb.err")"
grep -q '"decapsulated"' "$scratch/deb.json" || fail "no stats"
env -i /usr/bin/erm-decap -q -p 7932,7933 "$sample" "$scratch/nopath.pcap" || fail "conversion without PATH failed"
[ -s "$scratch/nopath.pcap" ] || fail "no output without PATH"
[ "$(head -c 4 "$scratch/deb.pcapng" | od -An -tx1 | tr -d ' ')" = 0a0d0d0a ] || fail "output is not pcapng"
code=0; env -i PATH=/usr/bin:/bin erm-decap --no-such-option 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "a usage error exited $code, not 2"
[ "$(readlink -f "$(command -v erm-decap)")" = /opt/erm-decap/bin/erm-decap ] || fail "erm-decap on PATH is not the package's"
[ "$(man -w erm-decap)" = /usr/share/man/man1/erm-decap.1.gz ] || fail "man -w erm-decap: $(man -w erm-decap 2>&1)"
man erm-decap 2>/dev/null | grep -q -- '--drop-other' || fail "the man page lacks --drop-other"
completion=/usr/share/bash-completion/completions/erm-decap
bash -c "source $completion && complete -p erm-decap" | grep -q _complete_erm-decap || fail "completion not loadable"
dpkg -r erm-decap >/dev/null
[ ! -e /usr/bin/erm-decap ] && [ ! -e /opt/erm-decap ] && [ ! -e "$completion" ] \
    && [ ! -e /usr/share/man/man1/erm-decap.1.gz ] || fail "dpkg -r left files behind"
dpkg -P erm-decap >/dev/null   # the package has maintainer scripts, so dpkg -r keeps its record until purged
echo "check-release: .deb: installed, ran without a JDK, man page and completion found, removed"

# The archives, unpacked somewhere else, run with the JDK on PATH (they need Java 17+).
for archive in "$rel/erm-decap-$version.tar.gz" "$rel/erm-decap-$version.zip"; do
    dir=$scratch/unpacked-$(basename "$archive")
    mkdir -p "$dir"
    case $archive in
        *.tar.gz) tar -xzf "$archive" -C "$dir" ;;
        *.zip) unzip -q "$archive" -d "$dir" ;;
    esac
    home=$dir/erm-decap-$version
    for f in bin/erm-decap bin/erm-decap.cmd share/man/man1/erm-decap.1 share/bash-completion/completions/erm-decap \
        README.md LICENSE CHANGELOG.md "lib/erm-cli-$version.jar"; do
        [ -e "$home/$f" ] || fail "$archive has no $f"
    done
    [ -x "$home/bin/erm-decap" ] || fail "$archive: bin/erm-decap is not executable"
    ln -s "$home/bin/erm-decap" "$scratch/link-erm-decap"
    (cd / && "$scratch/link-erm-decap" --version | head -n 1 | grep -qx "erm-decap $version") \
        || fail "$archive: --version through a symlink"
    rm "$scratch/link-erm-decap"
    (cd "$scratch" && "$home/bin/erm-decap" -q -p 7932,7933 "$sample" "$scratch/archive.pcap") \
        || fail "$archive: conversion failed"
    cmp -s "$scratch/archive.pcap" "$scratch/nopath.pcap" || fail "$archive: output differs from the .deb's"
    [ "$(env -u MANPATH PATH="$home/bin:/usr/bin:/bin" man -w erm-decap)" = "$home/share/man/man1/erm-decap.1" ] \
        || fail "$archive: man does not find share/man/man1/erm-decap.1 with bin/ on PATH"
    echo "check-release: $(basename "$archive"): unpacked elsewhere, ran, converted"
done
echo "check-release: all release checks passed"
