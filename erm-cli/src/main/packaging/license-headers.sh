#!/usr/bin/env bash
# The licence header policy: every source file of the project (Java, shell scripts, the launchers, the POMs)
# names its licence in one line near its top, "SPDX-License-Identifier: Apache-2.0" (the full text is LICENSE).
#   license-headers.sh --check   lists the files without it and exits 1 if there is any (.ci/run runs this)
#   license-headers.sh --fix     adds the line to each of them, in the comment syntax of the file: first line of
#                                a Java file; after the #! line of a script, the <?xml?> line of a POM and the
#                                @echo off line of a .cmd. Running it again changes nothing.
# Files: those git tracks or would track (not ignored), so target/ and unstaged leftovers of others are skipped.
# Not ours, so left as they are: the Maven Wrapper (mvnw, mvnw.cmd, .mvn/; Apache-licensed, with its own header).
set -euo pipefail
mode=${1:---check}
case $mode in --check|--fix) ;; *) echo "usage: $0 --check|--fix" >&2; exit 2 ;; esac
cd "$(dirname "$0")/../../../.."
id='SPDX-License-Identifier: Apache-2.0'

sources() {
    git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do
            [ -f "$f" ] || continue
            case $f in
                mvnw|mvnw.cmd|.mvn/*) continue ;;
                *.java|*.sh|*.cmd|pom.xml|*/pom.xml|.ci/run|*/src/main/dist/bin/*) printf '%s\n' "$f" ;;
            esac
        done | sort -u
}

missing=0
while IFS= read -r f; do
    head -n 3 -- "$f" | grep -q "$id" && continue
    if [ "$mode" = --check ]; then
        echo "no licence line ($id): $f"
        missing=$((missing + 1))
        continue
    fi
    tmp=$(mktemp "$f.XXXXXX")
    first=$(head -n 1 -- "$f" | tr -d '\r')
    case $f in
        *.java) { printf '// %s\n' "$id"; cat -- "$f"; } > "$tmp" ;;
        *.cmd) if [ "${first,,}" = '@echo off' ]; then
                   { head -n 1 -- "$f"; printf 'rem %s\r\n' "$id"; tail -n +2 -- "$f"; } > "$tmp"
               else
                   { printf 'rem %s\r\n' "$id"; cat -- "$f"; } > "$tmp"
               fi ;;
        *pom.xml) if [[ $first == '<?xml'* ]]; then
                      { head -n 1 -- "$f"; printf '<!-- %s -->\n' "$id"; tail -n +2 -- "$f"; } > "$tmp"
                  else
                      { printf '<!-- %s -->\n' "$id"; cat -- "$f"; } > "$tmp"
                  fi ;;
        *) if [[ $first == '#!'* ]]; then
               { head -n 1 -- "$f"; printf '# %s\n' "$id"; tail -n +2 -- "$f"; } > "$tmp"
           else
               { printf '# %s\n' "$id"; cat -- "$f"; } > "$tmp"
           fi ;;
    esac
    chmod --reference="$f" "$tmp"
    mv -- "$tmp" "$f"
    echo "added the licence line: $f"
done < <(sources)

if [ "$missing" -gt 0 ]; then
    echo "$missing file(s) without the licence line; add it with: bash $0 --fix" >&2
    exit 1
fi
[ "$mode" = --check ] && echo "licence headers: every source file has '$id'"
exit 0
