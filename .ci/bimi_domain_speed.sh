#!/usr/bin/env bash
# `markcert bimi check` against a loopback domain whose every DNS and HTTP answer takes 300 ms
# (benches/bimi_domain.rs): its time over the longest chain of dependent answers must stay
# at or under 1.3. checkdmarc (PyPI), installed into .ci/.venv-checkdmarc when it can be, is
# timed on the same zone beside it (served on 127.0.0.1:53; needs root for the port).
# Exits 1 when the ratio is over its limit.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.ci/.venv-checkdmarc
if [ ! -x "$venv/bin/checkdmarc" ]; then
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check checkdmarc; } \
        >/dev/null 2>&1 || echo "checkdmarc could not be installed: timing ours alone"
fi
if [ -x "$venv/bin/checkdmarc" ]; then
    export CHECKDMARC="$PWD/$venv/bin/checkdmarc"
fi
printf '+ %s\n' "cargo bench --bench bimi_domain"
cargo bench -q --bench bimi_domain
