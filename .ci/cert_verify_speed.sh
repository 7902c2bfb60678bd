#!/usr/bin/env bash
# How long `markcert cert verify` takes, whole process, release build, on each real chain of
# tests/fixtures/marks/ (at a date inside its validity, with its logo and domain, against the
# bundled roots) and on a generated chain given its test roots. Target: under 10 ms a chain.
#
# Reporting, not gating: a chain over the target is printed as ABOVE, and the script still
# exits 0 (the machine is shared; figures go to BENCHMARKS.md). Uses hyperfine when
# installed, else a timed loop. Run from anywhere: `bash .ci/cert_verify_speed.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

target_ms=10
runs=30
marks=tests/fixtures/marks

show() { printf '+ %s\n' "$*"; }
show cargo build --release --features cli
cargo build -q --release --features cli
markcert=target/release/markcert

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Median wall time of a command, in milliseconds.
median_ms() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 5 --runs "$runs" --style none --export-json "$work/time.json" \
            "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 -c 'import json, sys; run = json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (run["median"] * 1000))' \
            "$work/time.json"
    else
        for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1 || true; done
        local start end
        for _ in $(seq "$runs"); do
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            echo $(( (end - start) / 1000 ))
        done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f\n", t[int((NR + 1) / 2)] / 1000 }'
    fi
}

# name, verification time, domain (the chain's first SAN), extra arguments
cases=(
    "paypal-2024|2024-10-01T00:00:00Z|paypal.com|"
    "cnn-2021|2021-09-01T00:00:00Z|cnn.com|"
    "globalsign-gmo-2025|2025-04-01T00:00:00Z|globalsign.com|"
    "provectus-cmc-2025|2025-06-05T00:00:00Z|provectus.com|"
    "redsift-2021|2021-08-01T00:00:00Z|redsift.com|"
    "xometry-cmc-2024|2024-10-11T00:00:00Z|xometry.com|"
    "gen-ecdsa-chain|2025-09-01T00:00:00Z|brand.example|--trust-anchors $marks/test-roots.pem"
)

timer=$(command -v hyperfine >/dev/null && echo "hyperfine -N --warmup 5 --runs $runs" || echo "date around each of $runs runs")
echo "== markcert cert verify, whole process, median of $runs runs (timed with $timer); target $target_ms ms"
# What starting the program costs alone, for reading the figures on a loaded machine.
printf '%-24s %8s ms  (process start, for scale)\n' "markcert --version" "$(median_ms "$markcert" --version)"
above=0
for case in "${cases[@]}"; do
    IFS='|' read -r name at domain extra <<<"$case"
    # shellcheck disable=SC2206
    cmd=("$markcert" cert verify "$marks/$name/chain.pem" --at "$at" --domain "$domain" --logo "$marks/$name/embedded.svg" $extra)
    if ! "${cmd[@]}" >"$work/out.txt" 2>&1; then
        echo "$name is not valid with these arguments, so its time would measure other work:" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    ms=$(median_ms "${cmd[@]}")
    if awk -v t="$ms" -v max="$target_ms" 'BEGIN { exit !(t > max) }'; then
        printf '%-24s %8s ms  ABOVE the %s ms target\n' "$name" "$ms" "$target_ms"
        above=1
    else
        printf '%-24s %8s ms\n' "$name" "$ms"
    fi
done
if [ "$above" -ne 0 ]; then
    echo "WARNING: a chain took longer than $target_ms ms (reported, not failed)"
else
    echo "every chain verified within $target_ms ms"
fi
