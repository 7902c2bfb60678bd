#!/usr/bin/env bash
# Starts `prism mock` on the OpenAPI document on a free loopback port, runs the conformance
# test against it (tests/prism.rs), and fails unless the test really ran.
set -euo pipefail
cd "$(dirname "$0")/.."

prism=.tools/node_modules/.bin/prism
[ -x "$prism" ] || { echo "prism is not installed in .tools (see .ci/npm-packages.txt)" >&2; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$prism" mock -h 127.0.0.1 -p "$port" openapi/mark-certificates.yaml >"$log" 2>&1 &
prism_pid=$!
trap 'kill "$prism_pid" 2>/dev/null || true; rm -f "$log"' EXIT

# Wait (at most 60 s) for Prism to listen.
python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 60
while time.time() < deadline:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit("prism did not start listening within 60 s")
PY

output=$(PRISM_URL="http://127.0.0.1:$port" cargo test -q --all-features --test prism -- --nocapture 2>&1) || {
    echo "$output"
    echo "--- prism log ---"
    cat "$log"
    exit 1
}
echo "$output" | grep -E '^test result|prism conformance'
echo "$output" | grep -q 'prism conformance: [0-9]* payloads accepted' || {
    echo "the conformance test did not run against Prism" >&2
    exit 1
}
