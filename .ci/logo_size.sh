#!/usr/bin/env bash
# Our encoded logos must be as small as `gzip -9`: compares the gzip stream inside
# `markcert logo encode` with `gzip -9 -n` of the same SVG for the example logo and every file
# of the logo corpus, and fails when one is more than 0.5 % larger. Prints the worst ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

# Largest accepted size of ours over gzip -9's.
limit=1.005

cargo build -q --features cli
checked=0
worst=0
worst_file=
failed=0
for svg in examples/logo.svg tests/logos/corpus/*.svg; do
    ours=$(./target/debug/markcert -q logo encode --force "$svg" 2>/dev/null | base64 -d | wc -c)
    reference=$(gzip -9 -n -c "$svg" | wc -c)
    ratio=$(awk -v a="$ours" -v b="$reference" 'BEGIN { printf "%.4f", a / b }')
    if awk -v r="$ratio" -v w="$worst" 'BEGIN { exit !(r > w) }'; then
        worst=$ratio
        worst_file=$svg
    fi
    if awk -v r="$ratio" -v max="$limit" 'BEGIN { exit !(r > max) }'; then
        printf '%s: ours %d bytes, gzip -9 %d bytes (%s), more than 0.5 %% larger\n' \
            "$svg" "$ours" "$reference" "$ratio" >&2
        failed=$((failed + 1))
    fi
    checked=$((checked + 1))
done
printf 'worst: %s, ours / gzip -9 = %s\n' "$worst_file" "$worst"
if [ "$failed" -ne 0 ]; then
    echo "$failed of $checked logos encode more than 0.5 % larger than gzip -9" >&2
    exit 1
fi
echo "$checked logos: each within 0.5 % of gzip -9"
