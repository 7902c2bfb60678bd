#!/usr/bin/env bash
# The document from other languages, generated into a temporary folder (nothing generated is
# kept), with the commands of the README's "Other languages" section, each claim checked:
# - pydantic models (datamodel-code-generator), written without a warning: DigiCert's examples
#   and answers accepted, misspelt fields and `years: 4` refused;
# - a Python client (openapi-python-client) with zero warnings: its JSON equals the Rust body;
#   building in code refuses a misspelt field, `from_dict` drops one (the README says so),
#   and validating against the document first refuses it;
# - zod schemas (openapi-zod-client --strict-objects): examples and answers accepted,
#   misspelt fields and `years: 4` refused; without --strict-objects a misspelt
#   payment_method is dropped and `balance` filled in (the README warns);
# - TypeScript types (openapi-typescript --default-non-nullable false, TypeScript 5) that
#   type-check DigiCert's example and refuse misspelt fields under `tsc --strict`; without the
#   flag DigiCert's example does not type-check;
# - the strict variant of the document (.ci/strict_openapi.py), valid OpenAPI, refusing each
#   rule broken and accepting every example.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PATH="$PWD/.venv/bin:$PATH"
bin=.tools/node_modules/.bin

# Fails when a generator said anything on standard error or called something a warning.
quiet() {
    local name=$1 log=$2
    cat "$log"
    if grep -qiE 'warn|error' "$log"; then
        echo "$name reported problems" >&2
        exit 1
    fi
}

echo "-- pydantic models (datamodel-code-generator)"
datamodel-codegen --input openapi/mark-certificates.yaml --input-file-type openapi \
    --output-model-type pydantic_v2.BaseModel --formatters builtin \
    --output "$out/models.py" 2>"$out/pydantic.log"
quiet datamodel-codegen "$out/pydantic.log"
PYTHONPATH="$out" python3 .ci/python/test_pydantic.py

echo "-- openapi-python-client"
openapi-python-client generate --path openapi/mark-certificates.yaml --meta none \
    --config .ci/python/openapi-python-client.yaml \
    --output-path "$out/mark_certificates_client" >"$out/python.log" 2>&1 ||
    { cat "$out/python.log"; exit 1; }
quiet openapi-python-client "$out/python.log"
PYTHONPATH="$out" python3 .ci/python/test_cross_language.py

echo "-- zod schemas (openapi-zod-client)"
zod="$out/zod"
mkdir -p "$zod"
template=.tools/node_modules/openapi-zod-client/src/templates/schemas-only.hbs
for mode in strict default; do
    flags=(--export-schemas -t "$template")
    [ "$mode" = strict ] && flags+=(--strict-objects)
    "$bin/openapi-zod-client" openapi/mark-certificates.yaml "${flags[@]}" -o "$zod/$mode.ts" \
        >"$zod/$mode.log" 2>&1 || { cat "$zod/$mode.log"; exit 1; }
    quiet "openapi-zod-client ($mode)" "$zod/$mode.log"
done
cp .ci/typescript/zod_check.ts .ci/typescript/tsconfig.json "$zod/"
ln -s "$PWD/.tools/node_modules" "$zod/node_modules"
python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' \
    openapi/mark-certificates.yaml "$zod/document.json"
"$bin/tsc" -p "$zod/tsconfig.json"
node "$zod/out/zod_check.js" "$zod/document.json"

echo "-- openapi-typescript"
# The README's reason to keep TypeScript 5: the peer dependency openapi-typescript declares.
python3 - <<'PY'
import json
package = json.load(open(".tools/node_modules/openapi-typescript/package.json"))
peer = package.get("peerDependencies", {}).get("typescript", "")
assert peer.startswith("^5"), f"openapi-typescript now declares typescript {peer!r}: update the README"
print(f"openapi-typescript {package['version']} declares typescript {peer}, as the README says")
PY
"$bin/openapi-typescript" openapi/mark-certificates.yaml \
    --default-non-nullable false -o "$out/ts/schema.d.ts" >"$out/ts.log" 2>&1 ||
    { cat "$out/ts.log"; exit 1; }
quiet openapi-typescript "$out/ts.log"
python3 - "$out/ts/check.ts" <<'PY'
import json, pathlib, sys, yaml
doc = yaml.safe_load(pathlib.Path("openapi/mark-certificates.yaml").read_text())
seed = doc["components"]["examples"]["CmcSeedRequest"]["value"]
typo = dict(seed, payment_methd="card")
hosting = json.loads(json.dumps(seed))
hosting["vmc"]["enable_hostng"] = hosting["vmc"].pop("enable_hosting")
years = json.loads(json.dumps(seed))
years["order_validity"]["years"] = 4
answers = [doc["components"]["examples"][name]["value"] for name in
           ["OrderPending", "OrderSubmitted", "OrderApproved", "OrderExistingLogo"]]
answers.append({"id": 1, "domains": [{"id": 2, "name": 3612638, "dns_name": "example.com"}]})
pathlib.Path(sys.argv[1]).write_text(f"""import type {{ components }} from "./schema";
type Cmc = components["schemas"]["CmcOrderRequest"];
// DigiCert's own example, as written (enable_hosting "1").
export const seed: Cmc = {json.dumps(seed)};
// @ts-expect-error payment_methd is not a field: a misspelt paid order does not compile.
export const typo: Cmc = {json.dumps(typo)};
// @ts-expect-error enable_hostng is not a field either.
export const hostng: Cmc = {json.dumps(hosting)};
// Ranges are plain numbers to the types: years 4 compiles (the README says so).
export const years: Cmc = {json.dumps(years)};
// The answers of DigiCert's CMC page, and domains[].name as the table types it (int).
export const answers: components["schemas"]["OrderResponse"][] = {json.dumps(answers)};
""")
PY
"$bin/tsc" --noEmit --strict "$out/ts/check.ts"
echo "TypeScript: the seed example and the answers type-check, years 4 too; misspelt fields do not"
# Without --default-non-nullable false, every field with a default becomes required.
"$bin/openapi-typescript" openapi/mark-certificates.yaml -o "$out/ts/schema.d.ts" >/dev/null 2>&1
if "$bin/tsc" --noEmit --strict "$out/ts/check.ts" >"$out/ts-defaults.log" 2>&1 ||
    ! grep -q "is missing in type" "$out/ts-defaults.log"; then
    cat "$out/ts-defaults.log"
    echo "without --default-non-nullable false the seed example should fail for a field made" \
        "required; it did not: update the README" >&2
    exit 1
fi
echo "TypeScript: without --default-non-nullable false the seed example does not type-check (as the README says)"

echo "-- the strict variant of the document"
python3 .ci/strict_openapi.py "$out/strict.yaml"
openapi-spec-validator "$out/strict.yaml"
STRICT_OPENAPI="$out/strict.yaml" python3 .ci/python/test_strict.py
