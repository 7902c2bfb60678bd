#!/usr/bin/env bash
# Generates a Python client and TypeScript types from the OpenAPI document, with zero warnings,
# into a temporary folder (nothing generated is kept), type-checks the TypeScript, and runs the
# Python cross-language test.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PATH="$PWD/.venv/bin:$PATH"

echo "-- openapi-python-client"
log="$out/python.log"
openapi-python-client generate --path openapi/mark-certificates.yaml --meta none \
    --output-path "$out/mark_certificates_client" >"$log" 2>&1 || { cat "$log"; exit 1; }
cat "$log"
if grep -qiE 'warning|error' "$log"; then
    echo "openapi-python-client reported problems" >&2
    exit 1
fi

echo "-- openapi-typescript"
log="$out/ts.log"
.tools/node_modules/.bin/openapi-typescript openapi/mark-certificates.yaml \
    -o "$out/ts/schema.d.ts" >"$log" 2>&1 || { cat "$log"; exit 1; }
cat "$log"
if grep -qiE 'warn|error' "$log"; then
    echo "openapi-typescript reported problems" >&2
    exit 1
fi
.tools/node_modules/.bin/tsc --noEmit --strict "$out/ts/schema.d.ts"
echo "TypeScript types compile"

echo "-- Python cross-language test"
PYTHONPATH="$out" python3 .ci/python/test_cross_language.py
