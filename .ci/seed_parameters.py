"""Checks that every parameter name of DigiCert's order pages is a property in the document.

Reads the seed pages in ../shared/seeds (request and response tables), extracts each parameter
name, and looks for it as a property key in openapi/mark-certificates.yaml. Exits 1 naming the
missing ones. The nested placement of each parameter is checked by tests/seed_parameters.rs.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
DOCUMENT = ROOT / "openapi" / "mark-certificates.yaml"
MARKERS = ("required", "optional", "conditional", "deprecated")
TYPES = ("int", "string", "array", "object", "bool", "integer")


def parameter_names(text: str) -> set[str]:
    """Names in the parameter tables of one page (both its layouts)."""
    start = text.index("Request parameters")
    lines = [line.strip() for line in text[start:].splitlines()]
    names = set()
    for i, line in enumerate(lines):
        # One-line rows: ".. name" glued to its Req/Opt and type columns.
        glued = re.match(
            r"((?:\.\.\s)*)([a-z][a-z0-9_]*?)(?:(?:required|optional|conditional)\*?)?"
            r"(?:integer|int|string|array|object|bool)(?=[A-Z]|$)",
            line,
        )
        # Rows split over lines: the name alone, then its Req/Opt or type on the next non-blank line.
        alone = re.fullmatch(r"((?:\.\.\s)*)([a-z][a-z0-9_]*)", line)
        if alone and alone.group(2) not in MARKERS + TYPES:
            following = next((l for l in lines[i + 1 :] if l), "")
            if following.lower().startswith(MARKERS) or following in TYPES:
                names.add(alone.group(2))
        elif glued:
            names.add(glued.group(2))
    return names


def main() -> int:
    if not SEEDS.is_dir():
        print(f"the seed pages are not at {SEEDS}: clone the project beside shared/")
        return 1
    document = DOCUMENT.read_text(encoding="utf-8")
    keys = set(re.findall(r"^\s+([a-z][a-z0-9_]*):\s*$", document, flags=re.M))
    missing = []
    total = 0
    for page in sorted(SEEDS.glob("*.txt")):
        names = parameter_names(page.read_text(encoding="utf-8"))
        total += len(names)
        print(f"{page.name}: {len(names)} parameter names")
        missing += [f"{page.name}: {n}" for n in sorted(names - keys)]
    if total < 80:
        print(f"only {total} names were read from the seeds: the table layout changed?")
        return 1
    if missing:
        print("parameters of the seed pages missing from the document:")
        print("\n".join(f"  {m}" for m in missing))
        return 1
    print("every seed parameter name is a property in the document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
