"""Every example body and answer on DigiCert's order pages is accepted by the document.

Reads the seed pages in ../shared/seeds, takes each JSON object of their "Example requests
and responses" part (the curl bodies and the answers that follow them), repairs what keeps
them from being JSON the way the document's examples describe it, and validates each against
the document's schema (`CmcOrderRequest` or `VmcOrderRequest` for a body, `OrderResponse` for
an answer), both as written and in the strict variant (.ci/strict_openapi.py). Each repaired
example must also equal the example of the document that stands for it.

Every repair is checked to be needed: when a page changes, the script says so instead of
quietly repairing what is no longer there. Exits 1 naming each problem.

    .venv/bin/python .ci/seed_examples.py
"""

import json
import pathlib
import sys

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from strict_openapi import strict  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
DOCUMENT = yaml.safe_load((ROOT / "openapi" / "mark-certificates.yaml").read_text())
EXAMPLES = DOCUMENT["components"]["examples"]

# The pages, the schema their bodies are for, and the document's examples that stand for
# their bodies and answers, in page order.
PAGES = {
    "000_4f3b2fb0c8b8a278.txt": {
        "request": "CmcOrderRequest",
        "bodies": ["CmcSeedRequest"] * 3,
        "answers": ["OrderPending", "OrderSubmitted", "OrderApproved", "OrderExistingLogo"],
    },
    # The VMC page shows no example (its heading stands over an empty part).
    "001_618cf976fb375a28.txt": {"request": "VmcOrderRequest", "bodies": [], "answers": []},
}

# (what the page writes, what the document writes instead, why), as each example's
# description in the document says.
PLACEHOLDERS = [
    ('"<example.com>"', '"example.com"', "the domain placeholder"),
    ("<organization_id>", "123456", "the organization id placeholder (not JSON)"),
]
FOURTH_ANSWER = [
    ("\u00a0", " ", "no-break spaces around the vmc lines (not JSON white space)"),
    (
        '"certificate_id": 145451176\n',
        '"certificate_id": 145451176,\n',
        "the comma missing after certificate_id",
    ),
]


def objects(text: str) -> list[tuple[str, str]]:
    """The top-level `{...}` texts of the examples part, each as ("body" | "answer", text).

    Braces are matched outside JSON strings; the broken fourth answer still balances.
    """
    start = text.index("Example requests and responses")
    end = text.index("Request parameters", start)
    part = text[start:end]
    found, depth, in_string, escaped, begin = [], 0, False, False, 0
    for i, ch in enumerate(part):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"' and depth > 0:
            in_string = True
        elif ch == "{" and depth > 0:
            depth += 1
        elif ch == "{" and (part[i - 1] == "\n" or part[:i].endswith("--data-raw '")):
            # An example starts a line, or follows curl's --data-raw (not `{{api_key}}`).
            begin, depth = i, 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                kind = "body" if part[:begin].rstrip().endswith("--data-raw '") else "answer"
                found.append((kind, part[begin : i + 1]))
    if depth != 0:
        sys.exit("the examples part has unbalanced braces: the page changed")
    return found


def repaired(text: str, repairs, problems: list, place: str) -> object:
    try:
        json.loads(text)
        needs_repair = False
    except json.JSONDecodeError:
        needs_repair = True
    if repairs and not needs_repair:
        problems.append(f"{place}: is JSON as written now; drop its repairs")
    for old, new, why in repairs:
        if old not in text:
            problems.append(f"{place}: {why} is no longer there")
        text = text.replace(old, new)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        problems.append(f"{place}: not JSON even after the repairs: {e}")
        return None


def validator(document: dict, schema_name: str) -> OAS30Validator:
    root = Resource.from_contents(document, default_specification=DRAFT4)
    registry = Registry().with_resource("urn:document", root)
    schema = {"$ref": f"urn:document#/components/schemas/{schema_name}"}
    return OAS30Validator(schema, registry=registry)


def main() -> None:
    if not SEEDS.is_dir():
        sys.exit(f"the seed pages are not at {SEEDS}: clone the project beside shared/")
    variants = {"document": DOCUMENT, "strict variant": strict(DOCUMENT)}
    problems, checked = [], 0
    for page, expected in PAGES.items():
        text = (SEEDS / page).read_text(encoding="utf-8")
        found = objects(text)
        bodies = [t for kind, t in found if kind == "body"]
        answers = [t for kind, t in found if kind == "answer"]
        for kind, got, want in [("bodies", bodies, expected["bodies"]), ("answers", answers, expected["answers"])]:
            if len(got) != len(want):
                problems.append(f"{page}: {len(got)} example {kind}, {len(want)} expected: the page changed")
        items = [("body", i, t, expected["request"], name) for i, (t, name) in enumerate(zip(bodies, expected["bodies"]))]
        items += [("answer", i, t, "OrderResponse", name) for i, (t, name) in enumerate(zip(answers, expected["answers"]))]
        for kind, i, raw, schema, example in items:
            place = f"{page}: {kind} {i + 1}"
            repairs = list(PLACEHOLDERS) if kind == "body" else []
            if example == "OrderExistingLogo":
                repairs = FOURTH_ANSWER
            value = repaired(raw, repairs, problems, place)
            if value is None:
                continue
            if value != EXAMPLES[example]["value"]:
                problems.append(f"{place}: differs from the document's example {example}")
            for variant, document in variants.items():
                for error in validator(document, schema).iter_errors(value):
                    path = ".".join(str(p) for p in error.absolute_path) or "(the body)"
                    problems.append(f"{place}: refused by the {variant} at {path}: {error.message}")
            checked += 1
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print(f"{checked} examples of the seed pages accepted by the document and its strict variant")


if __name__ == "__main__":
    main()
