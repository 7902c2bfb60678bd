"""Writes the logo test corpus: hand-made cases and systematic mutations of valid logos.

Run from the project root after changing the cases:

    python3 tests/logos/generate.py            # write corpus/ and the rules column
    python3 tests/logos/generate.py --schema   # also record xmllint's verdicts (needs xmllint)

Each corpus file gets a line in verdicts.tsv: the file name, the schema's verdict (valid or
invalid, as `xmllint --relaxng` gives it) and the rules the project's checker must report.
`cargo test` reads that file; `.ci/logo_schema_verdicts.sh` re-derives the schema column.
"""

import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
VERDICTS = HERE / "verdicts.tsv"
SCHEMA = HERE.parent.parent.parent / "shared" / "reference" / "SVG_PS-latest.rng"

ROOT_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"'

BASES = {
    "badge": f"""{ROOT_OPEN} viewBox="0 0 100 100">
  <title>Example Brands</title>
  <rect width="100" height="100" fill="#1a4d8f"/>
  <circle cx="50" cy="50" r="30" fill="#ffffff"/>
  <path d="M35 50 L50 65 L70 38" fill="none" stroke="#1a4d8f" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
""",
    "sunrise": f"""<?xml version="1.0" encoding="UTF-8"?>
{ROOT_OPEN} width="512" height="512" viewBox="0 0 512 512" preserveAspectRatio="xMidYMid meet">
  <title>Sunrise Co</title>
  <desc>A sun rising over a green hill.</desc>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ff9a3c"/>
      <stop offset="1" stop-color="#ffd36e"/>
    </linearGradient>
    <path id="hill" d="M0 400 Q256 250 512 400 L512 512 L0 512 Z"/>
  </defs>
  <rect width="512" height="512" fill="url(#sky)"/>
  <circle cx="256" cy="300" r="90" fill="#ffffff"/>
  <use href="#hill" fill="#2e7d32"/>
</svg>
""",
    "letters": f"""{ROOT_OPEN} viewBox="0 0 200 200" xml:space="preserve">
  <title>Letter Mark</title>
  <metadata>Drawn for the test corpus.</metadata>
  <rect width="200" height="200" fill="#222222"/>
  <g transform="translate(100 100)" fill="#f5c518">
    <polygon points="-60,-60 60,-60 0,60"/>
    <text x="0" y="10" text-anchor="middle" font-family="sans-serif" font-size="40" font-weight="bold">LM</text>
  </g>
  <textArea x="10" y="170" width="180" height="20" font-size="12" fill="#ffffff">since 1999</textArea>
</svg>
""",
    # DigiCert's CMC example logo, decoded: valid, but not square and in one colour.
    "seed": '<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 105 93" version="1.2" baseProfile="tiny-ps"><title>adobe_tiny</title><path d="M66,0h39v93zM38,0h-38v93zM52,35l25,58h-16l-8-18h-18z" fill="#ED1C24"></path></svg>',
}

# Warnings each base carries on its own.
BASE_RULES = {"badge": [], "sunrise": [], "letters": [], "seed": ["not-square", "single-colour"]}

# Mutations after which the checker stops reading, so the base's warnings are not reported.
# (A DOCTYPE that declares nothing is refused, but the rest of the file is still checked.)
STOPS_CHECKING = {"no-namespace"}

SHAPE = re.compile(r"<(rect|circle|path|polygon|ellipse|line|polyline)\b")


def on_root(svg, attrs):
    return svg.replace("<svg ", f"<svg {attrs} ", 1)


def on_first_shape(svg, attrs):
    return SHAPE.sub(lambda m: f"<{m.group(1)} {attrs}", svg, count=1)


def after_title(svg, markup):
    return svg.replace("</title>", "</title>" + markup, 1)


def root_attr_set(svg, name, value):
    """Replaces (or, with value None, removes) an attribute of the root element."""
    start = svg.index("<svg ")
    end = svg.index(">", start)
    tag = svg[start:end]
    tag = re.sub(rf'\s{name}="[^"]*"', "", tag)
    if value is not None:
        tag += f' {name}="{value}"'
    return svg[:start] + tag + svg[end:]


def title_moved_last(svg):
    title = re.search(r"<title>.*?</title>", svg).group(0)
    return svg.replace(title, "", 1).replace("</svg>", title + "</svg>")


def title_removed(svg):
    return re.sub(r"<title>.*?</title>", "", svg, count=1)


# name: (mutation, rules the checker must report)
MUTATIONS = {
    "style-attribute": (lambda s: on_first_shape(s, 'style="fill:#ff0000"'), ["attribute-not-allowed"]),
    "event-handler": (lambda s: on_first_shape(s, 'onclick="alert(1)"'), ["attribute-not-allowed"]),
    "unknown-attribute": (lambda s: on_first_shape(s, 'data-name="logo"'), ["attribute-not-allowed"]),
    "root-x-y": (lambda s: on_root(s, 'x="0" y="0"'), ["attribute-not-allowed"]),
    "root-transform": (lambda s: on_root(s, 'transform="scale(2)"'), ["attribute-not-allowed"]),
    "version-missing": (lambda s: root_attr_set(s, "version", None), ["svg-version"]),
    "version-1-1": (lambda s: root_attr_set(s, "version", "1.1"), ["svg-version"]),
    "version-spaced": (lambda s: root_attr_set(s, "version", " 1.2 "), []),
    "profile-missing": (lambda s: root_attr_set(s, "baseProfile", None), ["svg-base-profile"]),
    "profile-tiny": (lambda s: root_attr_set(s, "baseProfile", "tiny"), ["svg-base-profile"]),
    "title-missing": (title_removed, ["title-first"]),
    "title-last": (title_moved_last, ["title-first"]),
    "title-twice": (lambda s: after_title(s, "<title>Again</title>"), ["title-once"]),
    "title-in-group": (lambda s: after_title(s, "<g><title>Inner</title></g>"), ["element-not-allowed"]),
    "script": (lambda s: after_title(s, "<script>alert(1)</script>"), ["element-not-allowed"]),
    "style-element": (lambda s: after_title(s, "<style>rect{fill:red}</style>"), ["element-not-allowed"]),
    "image": (lambda s: after_title(s, '<image href="#a" width="1" height="1"/>'), ["element-not-allowed"]),
    "foreign-object": (lambda s: after_title(s, "<foreignObject width='1' height='1'/>"), ["element-not-allowed"]),
    "link": (lambda s: after_title(s, "<a href='#x'><rect width='1' height='1' fill='none'/></a>"), ["element-not-allowed"]),
    "animation": (lambda s: after_title(s, "<rect width='1' height='1' fill='none'><animate attributeName='x' to='5'/></rect>"), ["element-not-allowed"]),
    "switch": (lambda s: after_title(s, "<switch><rect width='1' height='1' fill='none'/></switch>"), ["element-not-allowed"]),
    "clip-path": (lambda s: after_title(s, "<clipPath id='c'><rect width='1' height='1' fill='none'/></clipPath>"), ["element-not-allowed"]),
    "editor-element": (lambda s: on_root(s, 'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"').replace("</svg>", "<sodipodi:namedview/></svg>"), ["element-not-allowed"]),
    "editor-attribute": (lambda s: on_first_shape(on_root(s, 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'), 'inkscape:label="Layer 1"'), ["attribute-not-allowed"]),
    "xlink-href": (lambda s: on_root(s, 'xmlns:xlink="http://www.w3.org/1999/xlink"').replace("</svg>", '<defs><rect id="zz" width="1" height="1" fill="none"/></defs><use xlink:href="#zz"/></svg>'), ["attribute-not-allowed"]),
    "doctype": (lambda s: '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + s if not s.startswith("<?xml") else s.replace("?>", '?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">', 1), ["doctype"]),
    "stylesheet-pi": (lambda s: s.replace("<svg ", '<?xml-stylesheet href="logo.css" type="text/css"?>\n<svg ', 1), ["processing-instruction"]),
    "no-namespace": (lambda s: s.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1), ["root-not-svg"]),
    "aspect-slice": (lambda s: root_attr_set(s, "preserveAspectRatio", "xMidYMid slice"), ["attribute-value"]),
    "aspect-none": (lambda s: root_attr_set(s, "preserveAspectRatio", "none"), []),
    "zoom-magnify": (lambda s: on_root(s, 'zoomAndPan="magnify"'), ["attribute-value"]),
    "fixed-values": (lambda s: on_root(s, 'zoomAndPan="disable" focusable="false" snapshotTime="none" playbackOrder="all" timelineBegin="onLoad" externalResourcesRequired="false"'), []),
    "bad-id": (lambda s: after_title(s, "<rect id='1st' width='1' height='1' fill='none'/>"), ["attribute-value"]),
    "id-and-xml-id": (lambda s: after_title(s, "<rect id='a' xml:id='b' width='1' height='1' fill='none'/>"), ["attribute-not-allowed"]),
    "text-in-shape": (lambda s: after_title(s, "<rect width='1' height='1' fill='none'>stray</rect>"), ["text-not-allowed"]),
    "desc-in-group": (lambda s: after_title(s, "<g><desc>Inner</desc></g>"), ["element-not-allowed"]),
    "metadata-with-element": (lambda s: after_title(s, "<metadata><rect width='1' height='1' fill='none'/></metadata>"), ["element-not-allowed"]),
    "font-weight-number": (lambda s: on_first_shape(s, 'font-weight="700"'), ["attribute-value"]),
    "root-font-weight-inherit": (lambda s: on_root(s, 'font-weight="inherit"'), ["attribute-value"]),
    "external-href": (lambda s: s.replace("</svg>", '<use href="https://example.com/logo.svg#a"/></svg>'), ["external-reference"]),
    "external-url": (lambda s: on_first_shape(s, 'stroke="url(https://example.com/p.svg#g)"'), ["external-reference"]),
    "xml-base": (lambda s: on_root(s, 'xml:base="https://example.com/"'), ["external-reference"]),
    "percent-size": (lambda s: root_attr_set(root_attr_set(s, "width", "100%"), "height", "100%"), ["relative-size"]),
    "class-and-role": (lambda s: on_first_shape(s, 'class="mark primary" role="img"'), []),
    "tspan": (lambda s: after_title(s, "<text x='1' y='1' fill='none'><tspan>a</tspan></text>"), ["element-not-allowed"]),
}


def hand_made():
    """Cases that are not mutations of a base: one file, one rule."""
    long_title = "A" * 65
    badge = BASES["badge"]
    return {
        "hand-empty-title.svg": (badge.replace("<title>Example Brands</title>", "<title></title>"), ["title-empty"]),
        "hand-long-title.svg": (badge.replace("Example Brands", long_title), ["title-long"]),
        "hand-long-title-multibyte.svg": (badge.replace("Example Brands", "\u00e9" * 64), []),
        "hand-empty-desc.svg": (after_title(badge, "<desc></desc>"), ["desc-empty"]),
        "hand-not-square-viewbox.svg": (badge.replace('viewBox="0 0 100 100"', 'viewBox="0 0 120 100"'), ["not-square"]),
        "hand-not-square-size.svg": (badge.replace('viewBox="0 0 100 100"', 'width="64" height="48"'), ["not-square"]),
        "hand-one-colour.svg": (f'{ROOT_OPEN} viewBox="0 0 10 10"><title>Mono</title><rect width="10" height="10" fill="#000"/><circle cx="5" cy="5" r="2" fill="black"/></svg>', ["single-colour"]),
        "hand-default-black-and-white.svg": (f'{ROOT_OPEN} viewBox="0 0 10 10"><title>Duo</title><rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="2"/></svg>', []),
        "hand-over-32kb.svg": (badge.replace("</svg>", "".join(f'<circle cx="{i % 100}" cy="{i // 100}" r="0.5" fill="#1a4d8f"/>' for i in range(900)) + "</svg>"), ["size-over-32kb"]),
        "hand-latin1-declaration.svg": (badge.replace(ROOT_OPEN, '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + ROOT_OPEN, 1), ["xml-encoding"]),
        "hand-malformed.svg": (badge.replace("</svg>", ""), ["xml-malformed"]),
        "hand-undefined-entity.svg": (badge.replace("Example Brands", "Example &brand;"), ["xml-malformed"]),
        "hand-entity-declaration.svg": ('<!DOCTYPE svg [<!ENTITY brand "Example Brands">]>\n' + badge.replace("Example Brands", "&brand;"), ["doctype"]),
        "hand-wrong-root.svg": ('<html xmlns="http://www.w3.org/1999/xhtml"><title>x</title></html>', ["root-not-svg"]),
        "hand-stop-outside-gradient.svg": (after_title(badge, '<stop offset="0"/>'), ["element-not-allowed"]),
        "hand-gradient-with-rect.svg": (after_title(badge, '<defs><linearGradient id="g"><rect width="1" height="1"/></linearGradient></defs>'), ["element-not-allowed"]),
        "hand-solidcolor.svg": (after_title(badge, '<defs><solidColor id="sc" solid-color="#ff0000"/></defs>'), []),
        "hand-radial-gradient.svg": (after_title(badge, '<defs><radialGradient id="rg" gradientUnits="userSpaceOnUse" cx="5" cy="5" r="5"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></radialGradient></defs>'), []),
        "hand-gradient-units-bad.svg": (after_title(badge, '<defs><linearGradient id="g" gradientUnits="pixels"/></defs>'), ["attribute-value"]),
        "hand-ellipse-line-polyline.svg": (after_title(badge, '<ellipse cx="5" cy="5" rx="2" ry="1" fill="#fff"/><line x1="0" y1="0" x2="9" y2="9" stroke="#fff"/><polyline points="0,0 5,5 9,0" fill="none" stroke="#fff"/>'), []),
        "hand-text-editable.svg": (after_title(badge, '<text x="1" y="9" editable="none" rotate="0" fill="#fff">Hi</text>'), []),
        "hand-text-editable-bad.svg": (after_title(badge, '<text x="1" y="9" editable="simple">Hi</text>'), ["attribute-value"]),
        "hand-xml-lang.svg": (badge.replace("<title>", '<title xml:lang="en-GB">'), []),
        "hand-xml-lang-bad.svg": (badge.replace("<title>", '<title xml:lang="en_GB">'), ["language-tag"]),
        "hand-title-display.svg": (badge.replace("<title>", '<title display="none" visibility="hidden">'), []),
        "hand-path-display.svg": (on_first_shape(badge, 'display="none"'), ["attribute-not-allowed"]),
        "hand-metadata-attribute.svg": (after_title(badge, '<metadata id="m">x</metadata>'), ["attribute-not-allowed"]),
        "hand-comments-and-whitespace.svg": ("<!-- made by hand -->\n" + badge.replace("<rect", "<!-- background -->\n  <rect", 1), []),
        "hand-bom.svg": ("\ufeff" + badge, []),
        "hand-deep-groups.svg": (badge.replace("</svg>", "<g>" * 70 + "</g>" * 70 + "</svg>"), ["xml-limits"]),
        "hand-xmlns-twice.svg": (badge.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1), ["xml-malformed"]),
        "hand-nested-svg.svg": (after_title(badge, '<g><svg viewBox="0 0 10 10"><rect width="1" height="1" fill="none"/></svg></g>'), ["element-not-allowed"]),
        "hand-not-square-rounding.svg": (badge.replace('viewBox="0 0 100 100"', 'viewBox="0 0 25.399999 25.4"'), []),
        "hand-not-square-size-rounding.svg": (badge.replace('viewBox="0 0 100 100"', 'width="1200" height="1200.3"'), []),
        "hand-doctype-and-style.svg": ('<!DOCTYPE svg>\n' + on_first_shape(badge, 'style="fill:#ff0000"'), ["doctype", "attribute-not-allowed"]),
        "hand-doctype-bracket-in-system-id.svg": ('<!DOCTYPE svg SYSTEM "svg[1].dtd">\n' + badge, ["doctype"]),
        "hand-doctype-subset-comment.svg": ('<!DOCTYPE svg [<!-- ] -->]>\n' + badge, ["doctype"]),
    }


def xmllint_verdict(path):
    run = subprocess.run(
        ["xmllint", "--noout", "--relaxng", str(SCHEMA), str(path)],
        capture_output=True,
    )
    return "valid" if run.returncode == 0 else "invalid"


def main():
    with_schema = "--schema" in sys.argv
    old = {}
    if VERDICTS.exists():
        for line in VERDICTS.read_text().splitlines():
            if line and not line.startswith("#"):
                name, schema, _ = line.split("\t")
                old[name] = schema
    cases = {}
    for base, svg in BASES.items():
        cases[f"{base}.svg"] = (svg, BASE_RULES[base])
        for name, (mutate, rules) in MUTATIONS.items():
            mutated = mutate(svg)
            if mutated == svg:
                continue
            inherited = [] if name in STOPS_CHECKING else BASE_RULES[base]
            cases[f"{base}--{name}.svg"] = (mutated, rules + inherited)
    cases.update(hand_made())

    for stale in CORPUS.glob("*.svg"):
        if stale.name not in cases:
            stale.unlink()
    CORPUS.mkdir(exist_ok=True)
    lines = [
        "# file\tschema verdict (xmllint --relaxng SVG_PS-latest.rng)\trules the checker reports",
    ]
    for name in sorted(cases):
        svg, rules = cases[name]
        path = CORPUS / name
        path.write_bytes(svg.encode("utf-8"))
        schema = xmllint_verdict(path) if with_schema else old.get(name, "unknown")
        lines.append(f"{name}\t{schema}\t{','.join(sorted(set(rules))) or '-'}")
    VERDICTS.write_text("\n".join(lines) + "\n")
    print(f"{len(cases)} files written")


if __name__ == "__main__":
    main()
