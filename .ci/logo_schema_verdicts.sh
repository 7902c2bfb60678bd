#!/usr/bin/env bash
# Re-derives the schema verdict of every logo corpus file with xmllint and the official
# SVG Tiny PS schema, and fails on any difference from tests/logos/verdicts.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

schema=../shared/reference/SVG_PS-latest.rng
[ -f "$schema" ] || { echo "the schema is not at $schema: clone the project beside shared/" >&2; exit 1; }
command -v xmllint >/dev/null || { echo "xmllint is missing (Debian package libxml2-utils)" >&2; exit 1; }

checked=0
differ=0
while IFS=$'\t' read -r file recorded _; do
    case "$file" in ''|'#'*) continue ;; esac
    if xmllint --noout --relaxng "$schema" "tests/logos/corpus/$file" >/dev/null 2>&1; then
        actual=valid
    else
        actual=invalid
    fi
    if [ "$actual" != "$recorded" ]; then
        echo "$file: xmllint says $actual, verdicts.tsv records $recorded"
        differ=$((differ + 1))
    fi
    checked=$((checked + 1))
done < tests/logos/verdicts.tsv

listed=$(find tests/logos/corpus -name '*.svg' | wc -l)
if [ "$checked" -ne "$listed" ]; then
    echo "verdicts.tsv lists $checked files, the corpus holds $listed" >&2
    exit 1
fi
if [ "$differ" -ne 0 ]; then
    echo "$differ of $checked schema verdicts differ" >&2
    exit 1
fi
echo "xmllint agrees with the recorded schema verdict of all $checked corpus files"
