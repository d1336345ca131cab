#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The release build's packaging step (erm-cli/pom.xml, profile "release", phase package; run it through
# `./mvnw -Prelease package -DskipTests`, not by hand). From erm-cli/target/erm-decap (the launcher and lib/)
# it makes, in the top-level target/release/:
#   erm-decap-VERSION.tar.gz, erm-decap-VERSION.zip  bin/ lib/ share/man/man1/erm-decap.1,
#       share/bash-completion/completions/erm-decap, README.md, LICENSE, CHANGELOG.md; byte-identical from one
#       build to the next (sorted entries, fixed owner and times from project.build.outputTimestamp);
#   erm-decap_VERSION-1_ARCH.deb  jpackage's package with its own jlink'ed Java runtime in /opt/erm-decap,
#       repacked with /usr/bin/erm-decap, the gzipped man page and the bash completion;
#   SHA256SUMS.
# Usage: release.sh VERSION OUTPUT_TIMESTAMP JAVA_HOME ROOT
set -euo pipefail

version=$1 timestamp=$2 jdk=$3 root=$4
cli=$root/erm-cli
dist=$cli/target/erm-decap
work=$cli/target/release-work
out=$root/target/release
name=erm-decap-$version
epoch=$(date -u -d "$timestamp" +%s)
export SOURCE_DATE_EPOCH=$epoch TZ=UTC LC_ALL=C

die() { echo "release.sh: $*" >&2; exit 1; }
[ -x "$dist/bin/erm-decap" ] || die "$dist/bin/erm-decap missing (expected: the package phase's dist step first)"
for tool in "$jdk/bin/jlink" "$jdk/bin/jpackage" "$jdk/bin/jdeps"; do
    [ -x "$tool" ] || die "$tool missing (expected: a full JDK 17+ with jmods)"
done
for tool in dpkg-deb fakeroot gzip tar zip; do
    command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install dpkg fakeroot gzip tar zip)"
done

rm -rf "$work"
mkdir -p "$work" "$out"
rm -f "$out"/erm-decap-*.tar.gz "$out"/erm-decap-*.zip "$out"/erm-decap_*.deb "$out"/SHA256SUMS

# ---- The installation tree of the archives ------------------------------------------------------------------
stage=$work/$name
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/man/man1" "$stage/share/bash-completion/completions"
cp "$dist/bin/erm-decap" "$dist/bin/erm-decap.cmd" "$stage/bin/"
# lib/erm-decap.jsa is left out: a class-data-sharing archive only the JVM that built it can map.
find "$dist/lib" -maxdepth 1 -name '*.jar' -exec cp {} "$stage/lib/" \;
cp "$root/README.md" "$root/LICENSE" "$root/CHANGELOG.md" "$stage/"
classpath=$(find "$stage/lib" -name '*.jar' | sort | tr '\n' ':')
"$jdk/bin/java" -cp "$classpath" io.github.ermdecap.cli.ManPage "$stage/share/man/man1/erm-decap.1" \
    "$version" "${timestamp%%T*}"
"$jdk/bin/java" -jar "$stage/lib/erm-cli-$version.jar" --completion \
    > "$stage/share/bash-completion/completions/erm-decap"
grep -q 'complete -F' "$stage/share/bash-completion/completions/erm-decap" || die "no completion script"
chmod 755 "$stage/bin/erm-decap"
find "$stage" -type d -exec chmod 755 {} + ; find "$stage" -type f ! -path '*/bin/erm-decap' -exec chmod 644 {} +
find "$stage" -exec touch -h -d "@$epoch" {} +

(cd "$work" && find "$name" -print0 | sort -z \
    | tar --null --no-recursion --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -T - -cf - \
    | gzip -9n > "$out/$name.tar.gz")
(cd "$work" && find "$name" | sort | zip -q -X -D -@ "$out/$name.zip")

# ---- The Debian package ---------------------------------------------------------------------------------------
# The Java modules the jars need, as jdeps finds them (java.base at least), for a runtime of those alone.
modules=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
    --class-path "$classpath" "$stage/lib/erm-cli-$version.jar")
[ -n "$modules" ] || die "jdeps found no module"
echo "release.sh: Java runtime modules: $modules"
compress=2
"$jdk/bin/jlink" --list-plugins 2>/dev/null | grep -q 'zip-\[0-9\]' && compress=zip-6
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress="$compress" --output "$work/runtime"

mkdir -p "$work/input"
cp "$stage"/lib/*.jar "$work/input/"
arch=$(dpkg --print-architecture)
"$jdk/bin/jpackage" --type deb --dest "$work/jpackage" \
    --name erm-decap --linux-package-name erm-decap --app-version "$version" --linux-app-release 1 \
    --description "Turns HP/Aruba ERM (Encapsulated Remote Mirroring) captures back into the mirrored traffic" \
    --vendor "The erm-decap developers" --copyright "The erm-decap developers, Apache-2.0" \
    --license-file "$root/LICENSE" --linux-deb-maintainer "erm-decap@users.noreply.github.com" \
    --linux-app-category net --install-dir /opt \
    --input "$work/input" --main-jar "erm-cli-$version.jar" --main-class io.github.ermdecap.cli.ErmDecapCommand \
    --runtime-image "$work/runtime"
deb=$work/jpackage/erm-decap_$version-1_$arch.deb
[ -f "$deb" ] || die "jpackage made no $deb"

# Repack: what jpackage cannot add. A symlink in the package (not made by a script) is removed with it.
tree=$work/deb
dpkg-deb -R "$deb" "$tree"
[ -x "$tree/opt/erm-decap/bin/erm-decap" ] || die "jpackage's launcher is not at /opt/erm-decap/bin/erm-decap"
mkdir -p "$tree/usr/bin" "$tree/usr/share/man/man1" "$tree/usr/share/bash-completion/completions" \
    "$tree/usr/share/doc/erm-decap"
ln -sfn /opt/erm-decap/bin/erm-decap "$tree/usr/bin/erm-decap"
gzip -9n < "$stage/share/man/man1/erm-decap.1" > "$tree/usr/share/man/man1/erm-decap.1.gz"
cp "$stage/share/bash-completion/completions/erm-decap" "$tree/usr/share/bash-completion/completions/"
[ -f "$tree/usr/share/doc/erm-decap/copyright" ] || cp "$root/LICENSE" "$tree/usr/share/doc/erm-decap/copyright"
find "$tree" -path "$tree/DEBIAN" -prune -o -type d -exec chmod 755 {} +
chmod 644 "$tree/usr/share/man/man1/erm-decap.1.gz" "$tree/usr/share/bash-completion/completions/erm-decap" \
    "$tree/usr/share/doc/erm-decap/copyright"
(cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$tree/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
sed -i "s/^Installed-Size:.*/Installed-Size: $size/" "$tree/DEBIAN/control"
grep -q '^Installed-Size:' "$tree/DEBIAN/control" || echo "Installed-Size: $size" >> "$tree/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$tree" "$out/erm-decap_${version}-1_$arch.deb" >/dev/null

(cd "$out" && sha256sum -- *.tar.gz *.zip *.deb > SHA256SUMS)
echo "release.sh: made $(cd "$out" && ls -- *.tar.gz *.zip *.deb | tr '\n' ' ')in $out"
