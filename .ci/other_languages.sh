#!/usr/bin/env bash
# The document from other languages, generated into a temporary folder (nothing generated is
# kept):
# - a Python client (openapi-python-client) with zero warnings, and the cross-language test;
# - pydantic models (datamodel-code-generator): DigiCert's CMC example accepted as written,
#   misspelt fields refused;
# - TypeScript types (openapi-typescript) that type-check DigiCert's CMC example and refuse a
#   misspelt field under `tsc --strict`;
# - the strict variant of the document (.ci/strict_openapi.py), valid OpenAPI, refusing each
#   rule broken and accepting every example.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PATH="$PWD/.venv/bin:$PATH"

echo "-- openapi-python-client"
log="$out/python.log"
openapi-python-client generate --path openapi/mark-certificates.yaml --meta none \
    --config .ci/python/openapi-python-client.yaml \
    --output-path "$out/mark_certificates_client" >"$log" 2>&1 || { cat "$log"; exit 1; }
cat "$log"
if grep -qiE 'warning|error' "$log"; then
    echo "openapi-python-client reported problems" >&2
    exit 1
fi
PYTHONPATH="$out" python3 .ci/python/test_cross_language.py

echo "-- pydantic models (datamodel-code-generator)"
datamodel-codegen --input openapi/mark-certificates.yaml --input-file-type openapi \
    --output-model-type pydantic_v2.BaseModel --formatters builtin \
    --output "$out/models.py"
PYTHONPATH="$out" python3 .ci/python/test_pydantic.py

echo "-- openapi-typescript"
log="$out/ts.log"
.tools/node_modules/.bin/openapi-typescript openapi/mark-certificates.yaml \
    --default-non-nullable false -o "$out/ts/schema.d.ts" >"$log" 2>&1 || { cat "$log"; exit 1; }
cat "$log"
if grep -qiE 'warn|error' "$log"; then
    echo "openapi-typescript reported problems" >&2
    exit 1
fi
python3 - "$out/ts/check.ts" <<'PY'
import json, pathlib, sys, yaml
doc = yaml.safe_load(pathlib.Path("openapi/mark-certificates.yaml").read_text())
seed = doc["components"]["examples"]["CmcSeedRequest"]["value"]
typo = dict(seed, payment_methd="card")
hosting = json.loads(json.dumps(seed))
hosting["vmc"]["enable_hostng"] = hosting["vmc"].pop("enable_hosting")
pathlib.Path(sys.argv[1]).write_text(f"""import type {{ components }} from "./schema";
type Cmc = components["schemas"]["CmcOrderRequest"];
// DigiCert's own example, as written (enable_hosting "1").
export const seed: Cmc = {json.dumps(seed)};
// @ts-expect-error payment_methd is not a field: a misspelt paid order does not compile.
export const typo: Cmc = {json.dumps(typo)};
// @ts-expect-error enable_hostng is not a field either.
export const hostng: Cmc = {json.dumps(hosting)};
""")
PY
.tools/node_modules/.bin/tsc --noEmit --strict "$out/ts/check.ts"
echo "TypeScript: the seed example type-checks; misspelt fields do not"

echo "-- the strict variant of the document"
python3 .ci/strict_openapi.py "$out/strict.yaml"
openapi-spec-validator "$out/strict.yaml"
STRICT_OPENAPI="$out/strict.yaml" python3 .ci/python/test_strict.py
