"""Writes the strict variant of the OpenAPI document, for validators.

The document keeps its schemas plain objects, so that generated types stay usable, and gives
the rules between fields under `x-strict`, in JSON Schema form. Here each `x-strict` joins its
schema through `allOf`; the result is a document a validator can enforce the rules with.

    python .ci/strict_openapi.py OUT.yaml
"""

import copy
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def strict(document: dict) -> dict:
    out = copy.deepcopy(document)
    joined = 0
    for name, schema in out["components"]["schemas"].items():
        rules = schema.pop("x-strict", None)
        if rules is None:
            continue
        schema["allOf"] = schema.get("allOf", []) + [rules]
        joined += 1
    out["info"]["title"] += " (strict variant: the rules between fields enforced)"
    out["info"]["description"] = (
        "Generated from mark-certificates.yaml by .ci/strict_openapi.py: every `x-strict` "
        "rule is part of its schema. Use it to validate bodies; generate code from the "
        "original.\n\n" + out["info"]["description"]
    )
    if joined == 0:
        sys.exit("no x-strict rule found: the document changed")
    return out


def main() -> None:
    document = yaml.safe_load((ROOT / "openapi" / "mark-certificates.yaml").read_text())
    target = pathlib.Path(sys.argv[1])
    target.write_text(yaml.safe_dump(strict(document), sort_keys=False, allow_unicode=True))
    print(f"strict variant written to {target}")


if __name__ == "__main__":
    main()
