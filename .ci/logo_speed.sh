#!/usr/bin/env bash
# How fast the logo checker is, against the parser it is built on and against xmllint.
#
# 1. In process: `logo::check` time over roxmltree's parse of the same bytes, for realistic
#    logos of about 1 KB, 32 KB and 1 MB (`benches/logo.rs`, `--ratios`). Fails above 2.0.
# 2. Whole processes on the 1 MB logo, each over `xmllint --noout --relaxng` of the same file:
#    `markcert logo check FILE`, and the library's part of it alone (the bench binary's
#    `--check-file`: read, parse, check, print the report; no encoding). Fails above 0.2.
#
# Needs xmllint (Debian package libxml2-utils); uses hyperfine when installed, else a timed
# loop. Run from anywhere: `bash .ci/logo_speed.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

schema=../shared/reference/SVG_PS-latest.rng
[ -f "$schema" ] || { echo "the schema is not at $schema: clone the project beside shared/" >&2; exit 1; }
command -v xmllint >/dev/null || { echo "xmllint is missing (Debian package libxml2-utils)" >&2; exit 1; }

max_process_ratio=0.2
runs=30
failed=0

show() { printf '+ %s\n' "$*"; }

show cargo bench --bench logo --no-run
bench=$(cargo bench -q --bench logo --no-run --message-format=json | python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    target = message.get("target", {})
    if message.get("reason") == "compiler-artifact" and target.get("name") == "logo" \
            and "bench" in target.get("kind", []):
        print(message["executable"])
')
show cargo build --release --features cli
cargo build -q --release --features cli
markcert=target/release/markcert

echo
echo "== check time over parse time, in process (limit 2.0)"
show "$bench" --ratios
"$bench" --ratios || failed=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
logo=$work/logo-1mb.svg
"$bench" --write-logo "$logo" 1024

xmllint_cmd=(xmllint --noout --relaxng "$schema" "$logo")
markcert_cmd=("$markcert" logo check "$logo")
library_cmd=("$bench" --check-file "$logo")
# Each must accept the logo, or the times compare different work.
accepts() { "$@" >/dev/null 2>&1 || { echo "$* refuses the benchmark logo" >&2; exit 1; }; }
accepts "${xmllint_cmd[@]}"
accepts "${markcert_cmd[@]}"
accepts "${library_cmd[@]}"

echo
echo "== whole processes on a $(wc -c <"$logo")-byte logo, median of $runs runs"
# Median wall time of a command, in milliseconds: robust against other work on the machine.
median_ms() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 5 --runs "$runs" --style none --export-json "$work/time.json" \
            "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 -c 'import json, sys; run = json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (run["median"] * 1000))' \
            "$work/time.json"
    else
        for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1; done
        local start end
        for _ in $(seq "$runs"); do
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1
            end=$(date +%s%N)
            echo $(( (end - start) / 1000 ))
        done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f\n", t[int((NR + 1) / 2)] / 1000 }'
    fi
}
timer=$(command -v hyperfine >/dev/null && echo "hyperfine -N --warmup 5 --runs $runs" || echo "date around each of $runs runs")
echo "(timed with $timer)"
show "${xmllint_cmd[@]}"
xmllint_ms=$(median_ms "${xmllint_cmd[@]}")
show "${markcert_cmd[@]}"
markcert_ms=$(median_ms "${markcert_cmd[@]}")
show "${library_cmd[@]}"
library_ms=$(median_ms "${library_cmd[@]}")

report() {
    local name=$1 ms=$2
    local ratio
    ratio=$(awk -v a="$ms" -v b="$xmllint_ms" 'BEGIN { printf "%.3f", a / b }')
    printf '%-32s %8s ms  %6s x xmllint' "$name" "$ms" "$ratio"
    if awk -v r="$ratio" -v max="$max_process_ratio" 'BEGIN { exit !(r > max) }'; then
        printf '  ABOVE the %s limit\n' "$max_process_ratio"
        failed=1
    else
        printf '  (limit %s)\n' "$max_process_ratio"
    fi
}
printf '%-32s %8s ms\n' "xmllint --relaxng" "$xmllint_ms"
report "markcert logo check" "$markcert_ms"
report "library: read, parse, check" "$library_ms"

if [ "$failed" -ne 0 ]; then
    echo "the logo checker is slower than its limits" >&2
    exit 1
fi
echo "the logo checker is within its limits"
