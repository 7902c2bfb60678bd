#!/usr/bin/env bash
# Our encoded logos must not be larger than `gzip -9` of the same SVG: compares the gzip stream
# inside `markcert logo encode` with `gzip -9 -n` for every valid logo of the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q --features cli
checked=0
for svg in examples/logo.svg tests/logos/corpus/{badge,sunrise,letters,seed}.svg tests/logos/corpus/hand-over-32kb.svg; do
    ours=$(./target/debug/markcert logo encode "$svg" | base64 -d | wc -c)
    reference=$(gzip -9 -n -c "$svg" | wc -c)
    printf '%-45s ours %6d  gzip -9 %6d\n' "$svg" "$ours" "$reference"
    if [ "$ours" -gt "$reference" ]; then
        echo "$svg: our encoding is larger than gzip -9" >&2
        exit 1
    fi
    checked=$((checked + 1))
done
echo "$checked logos: never larger than gzip -9"
