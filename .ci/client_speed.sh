#!/usr/bin/env bash
# The client's own cost, from `benches/client.rs` (divan, release):
# - placing a prepared order through MarkClient (generated operation, hooks, policy) over a
#   plain reqwest POST of the same bytes to the same loopback server: limit 1.2;
# - building another client once the first exists (the system's certificates are shared):
#   limit 0.5 ms.
# Prints the medians and the ratio; exits 1 when a limit is passed. Timing on a shared machine
# varies: compare figures within one run.
set -euo pipefail
cd "$(dirname "$0")/.."

printf '+ %s\n' "cargo bench --bench client"
output=$(cargo bench -q --bench client 2>&1)
echo "$output" | grep -E '^(client|├|╰)'
python3 - "$output" <<'PY'
import re, sys
units = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
medians = {}
for line in sys.argv[1].splitlines():
    m = re.match(r"^[├╰]─ (\S+)\s+(.*)$", line)
    if not m:
        continue
    cells = [c.strip() for c in m.group(2).split("│")]
    value, unit = cells[2].split()
    medians[m.group(1)] = float(value) * units[unit]
place, raw = medians["mark_client_place"], medians["raw_reqwest_post_of_prebuilt_bytes"]
build = medians["build_another_client"]
ratio = place / raw
print(f"MarkClient place over a raw POST: {place*1e6:.1f} µs / {raw*1e6:.1f} µs = {ratio:.2f} (limit 1.2)")
print(f"building another client: {build*1e3:.4f} ms (limit 0.5 ms)")
if ratio > 1.2 or build > 0.5e-3:
    sys.exit("a client cost is above its limit")
print("the client is within its limits")
PY
