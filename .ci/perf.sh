#!/usr/bin/env bash
# Every speed and size target of the project, each printed with its figures and its limit:
# the logo checker (against its parser and against xmllint), the encoded logo size (against
# gzip -9 -n), and the client (against a raw POST; building another client).
# Exits 1 when any target is missed. Timings vary on a shared machine: `.ci/run` reports
# them without failing on them; run this alone on a quiet machine to judge a change.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0
bash .ci/logo_speed.sh || failed=1
bash .ci/logo_size.sh || failed=1
bash .ci/client_speed.sh || failed=1
exit $failed
