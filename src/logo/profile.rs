//! The SVG Tiny Portable/Secure profile as tables: which elements may appear where, which
//! attributes each element takes, and which values those attributes accept.

use std::sync::OnceLock;

/// The SVG namespace.
pub(crate) const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The XML namespace (`xml:id`, `xml:lang`, ...).
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The XLink namespace, whose `xlink:href` older editors still write.
pub(crate) const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// What an attribute value must look like.
#[derive(Clone, Copy)]
pub(crate) enum Value {
    /// Any text.
    Any,
    /// One of these keywords, compared after collapsing white space.
    OneOf(&'static [&'static str]),
    /// An XML name without a colon.
    NcName,
    /// A language tag such as `en` or `en-GB`, or nothing.
    LanguageOrEmpty,
    /// One or more name tokens separated by white space.
    NameTokens,
    /// `none` or `xMidYMid`, optionally followed by `meet`.
    AspectRatio,
}

/// An attribute an element accepts: namespace (`None` for no namespace), local name, values.
pub(crate) type Attribute = (Option<&'static str>, &'static str, Value);

const INHERIT_OR_ANY: Value = Value::Any;

/// Attributes every element but `metadata` takes.
const CORE: &[Attribute] = &[
    (None, "id", Value::NcName),
    (Some(XML_NS), "id", Value::NcName),
    (Some(XML_NS), "base", Value::Any),
    (Some(XML_NS), "lang", Value::LanguageOrEmpty),
    (
        Some(XML_NS),
        "space",
        Value::OneOf(&["default", "preserve"]),
    ),
    (None, "class", Value::NameTokens),
    (None, "role", Value::Any),
    (None, "rel", Value::Any),
    (None, "rev", Value::Any),
    (None, "typeof", Value::Any),
    (None, "content", Value::Any),
    (None, "datatype", Value::Any),
    (None, "resource", Value::Any),
    (None, "about", Value::Any),
    (None, "property", Value::Any),
];

/// Presentation properties taken by the root, graphics, containers, gradients and stops.
/// `font-weight` is listed apart: the root does not take `inherit` for it.
const PROPERTIES: &[Attribute] = &[
    (None, "fill", INHERIT_OR_ANY),
    (None, "fill-opacity", INHERIT_OR_ANY),
    (
        None,
        "fill-rule",
        Value::OneOf(&["inherit", "nonzero", "evenodd"]),
    ),
    (None, "stroke", INHERIT_OR_ANY),
    (None, "stroke-opacity", INHERIT_OR_ANY),
    (None, "stroke-dasharray", INHERIT_OR_ANY),
    (None, "stroke-dashoffset", INHERIT_OR_ANY),
    (
        None,
        "stroke-linecap",
        Value::OneOf(&["butt", "round", "square", "inherit"]),
    ),
    (
        None,
        "stroke-linejoin",
        Value::OneOf(&["miter", "round", "bevel", "inherit"]),
    ),
    (None, "stroke-miterlimit", INHERIT_OR_ANY),
    (None, "stroke-width", INHERIT_OR_ANY),
    (None, "color", Value::Any),
    (
        None,
        "color-rendering",
        Value::OneOf(&["auto", "optimizeSpeed", "optimizeQuality", "inherit"]),
    ),
    (
        None,
        "vector-effect",
        Value::OneOf(&["none", "non-scaling-stroke", "inherit"]),
    ),
    (None, "direction", Value::OneOf(&["ltr", "rtl", "inherit"])),
    (
        None,
        "unicode-bidi",
        Value::OneOf(&["normal", "embed", "bidi-override", "inherit"]),
    ),
    (None, "solid-color", INHERIT_OR_ANY),
    (None, "solid-opacity", INHERIT_OR_ANY),
    (
        None,
        "display-align",
        Value::OneOf(&["auto", "before", "center", "after", "inherit"]),
    ),
    (None, "line-increment", INHERIT_OR_ANY),
    (None, "stop-color", INHERIT_OR_ANY),
    (None, "stop-opacity", INHERIT_OR_ANY),
    (None, "font-family", INHERIT_OR_ANY),
    (None, "font-size", INHERIT_OR_ANY),
    (
        None,
        "font-style",
        Value::OneOf(&["normal", "italic", "oblique", "inherit"]),
    ),
    (
        None,
        "font-variant",
        Value::OneOf(&["normal", "small-caps", "inherit"]),
    ),
    (
        None,
        "text-anchor",
        Value::OneOf(&["start", "middle", "end", "inherit"]),
    ),
    (
        None,
        "text-align",
        Value::OneOf(&["start", "center", "end", "inherit"]),
    ),
];

const FONT_WEIGHT: Attribute = (
    None,
    "font-weight",
    Value::OneOf(&["normal", "bold", "bolder", "lighter", "inherit"]),
);
const ROOT_FONT_WEIGHT: Attribute = (
    None,
    "font-weight",
    Value::OneOf(&["normal", "bold", "bolder", "lighter"]),
);

/// Conditional processing attributes.
const CONDITIONAL: &[Attribute] = &[
    (None, "requiredFonts", Value::Any),
    (None, "systemLanguage", Value::Any),
];

const TRANSFORM: Attribute = (None, "transform", Value::Any);

/// Rendering hints that only `title` and `desc` take.
const DESCRIPTIVE: &[Attribute] = &[
    (
        None,
        "display",
        Value::OneOf(&[
            "inline",
            "block",
            "list-item",
            "run-in",
            "compact",
            "marker",
            "table",
            "inline-table",
            "table-row-group",
            "table-header-group",
            "table-footer-group",
            "table-row",
            "table-column-group",
            "table-column",
            "table-cell",
            "table-caption",
            "none",
            "inherit",
        ]),
    ),
    (
        None,
        "visibility",
        Value::OneOf(&["visible", "hidden", "collapse", "inherit"]),
    ),
    (
        None,
        "image-rendering",
        Value::OneOf(&["auto", "optimizeSpeed", "optimizeQuality", "inherit"]),
    ),
    (
        None,
        "shape-rendering",
        Value::OneOf(&[
            "auto",
            "optimizeSpeed",
            "crispEdges",
            "geometricPrecision",
            "inherit",
        ]),
    ),
    (
        None,
        "text-rendering",
        Value::OneOf(&[
            "auto",
            "optimizeSpeed",
            "optimizeLegibility",
            "geometricPrecision",
            "inherit",
        ]),
    ),
    (
        None,
        "buffered-rendering",
        Value::OneOf(&["auto", "dynamic", "static", "inherit"]),
    ),
    (None, "viewport-fill", Value::Any),
    (None, "viewport-fill-opacity", Value::Any),
];

/// Attributes only the root `<svg>` takes.
const ROOT: &[Attribute] = &[
    (None, "version", Value::OneOf(&["1.2"])),
    (None, "baseProfile", Value::OneOf(&["tiny-ps"])),
    (None, "width", Value::Any),
    (None, "height", Value::Any),
    (None, "viewBox", Value::Any),
    (None, "preserveAspectRatio", Value::AspectRatio),
    (None, "contentScriptType", Value::Any),
    (None, "externalResourcesRequired", Value::OneOf(&["false"])),
    (None, "focusable", Value::OneOf(&["false"])),
    (None, "playbackOrder", Value::OneOf(&["all"])),
    (None, "snapshotTime", Value::OneOf(&["none"])),
    (None, "timelineBegin", Value::OneOf(&["onLoad"])),
    (None, "zoomAndPan", Value::OneOf(&["disable"])),
];

const fn plain(name: &'static str) -> Attribute {
    (None, name, Value::Any)
}

const GRADIENT_UNITS: Attribute = (
    None,
    "gradientUnits",
    Value::OneOf(&["userSpaceOnUse", "objectBoundingBox"]),
);

/// Where an element may stand and what it may hold.
pub(crate) struct ElementRule {
    /// Local name in the SVG namespace.
    pub name: &'static str,
    /// Attribute groups it takes, beyond its own.
    pub groups: &'static [&'static [Attribute]],
    /// Its own attributes.
    pub own: &'static [Attribute],
    /// Element children it may hold.
    pub children: &'static [&'static str],
    /// Whether it may hold text other than white space.
    pub text: bool,
}

/// Elements allowed inside `<g>` and `<defs>`, and (with `desc` and `metadata`) inside `<svg>`.
pub(crate) const GRAPHICS_AND_CONTAINERS: &[&str] = &[
    "path",
    "rect",
    "circle",
    "line",
    "ellipse",
    "polyline",
    "polygon",
    "solidColor",
    "textArea",
    "linearGradient",
    "radialGradient",
    "text",
    "g",
    "defs",
    "use",
];

const ROOT_CHILDREN: &[&str] = &[
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "line",
    "ellipse",
    "polyline",
    "polygon",
    "solidColor",
    "textArea",
    "linearGradient",
    "radialGradient",
    "text",
    "g",
    "defs",
    "use",
];

const SHAPE: &[&[Attribute]] = &[CORE, PROPERTIES, &[FONT_WEIGHT, TRANSFORM], CONDITIONAL];

/// A graphics element without children or text.
const fn shape(name: &'static str, own: &'static [Attribute]) -> ElementRule {
    ElementRule {
        name,
        groups: SHAPE,
        own,
        children: &[],
        text: false,
    }
}
const STYLED: &[&[Attribute]] = &[CORE, PROPERTIES, &[FONT_WEIGHT]];

/// Every element of the profile. The root's title-first order is checked apart.
pub(crate) const ELEMENTS: &[ElementRule] = &[
    ElementRule {
        name: "svg",
        groups: &[CORE, PROPERTIES, &[ROOT_FONT_WEIGHT]],
        own: ROOT,
        children: ROOT_CHILDREN,
        text: false,
    },
    ElementRule {
        name: "title",
        groups: &[CORE, CONDITIONAL, DESCRIPTIVE],
        own: &[],
        children: &[],
        text: true,
    },
    ElementRule {
        name: "desc",
        groups: &[CORE, CONDITIONAL, DESCRIPTIVE],
        own: &[],
        children: &[],
        text: true,
    },
    ElementRule {
        name: "metadata",
        groups: &[],
        own: &[],
        children: &[],
        text: true,
    },
    shape("path", &[plain("d"), plain("pathLength")]),
    shape(
        "rect",
        &[
            plain("x"),
            plain("y"),
            plain("width"),
            plain("height"),
            plain("rx"),
            plain("ry"),
        ],
    ),
    shape("circle", &[plain("cx"), plain("cy"), plain("r")]),
    shape(
        "line",
        &[plain("x1"), plain("y1"), plain("x2"), plain("y2")],
    ),
    shape(
        "ellipse",
        &[plain("cx"), plain("cy"), plain("rx"), plain("ry")],
    ),
    shape("polyline", &[plain("points")]),
    shape("polygon", &[plain("points")]),
    ElementRule {
        name: "solidColor",
        groups: STYLED,
        own: &[],
        children: &[],
        text: false,
    },
    ElementRule {
        name: "textArea",
        groups: SHAPE,
        own: &[plain("x"), plain("y"), plain("width"), plain("height")],
        children: &[],
        text: true,
    },
    ElementRule {
        name: "text",
        groups: SHAPE,
        own: &[
            plain("x"),
            plain("y"),
            plain("rotate"),
            (None, "editable", Value::OneOf(&["none"])),
        ],
        children: &[],
        text: true,
    },
    ElementRule {
        name: "linearGradient",
        groups: STYLED,
        own: &[
            GRADIENT_UNITS,
            plain("x1"),
            plain("y1"),
            plain("x2"),
            plain("y2"),
        ],
        children: &["stop"],
        text: false,
    },
    ElementRule {
        name: "radialGradient",
        groups: STYLED,
        own: &[GRADIENT_UNITS, plain("cx"), plain("cy"), plain("r")],
        children: &["stop"],
        text: false,
    },
    ElementRule {
        name: "stop",
        groups: STYLED,
        own: &[plain("offset")],
        children: &[],
        text: false,
    },
    ElementRule {
        name: "g",
        groups: &[CORE, PROPERTIES, &[FONT_WEIGHT, TRANSFORM], CONDITIONAL],
        own: &[],
        children: GRAPHICS_AND_CONTAINERS,
        text: false,
    },
    ElementRule {
        name: "defs",
        groups: STYLED,
        own: &[],
        children: GRAPHICS_AND_CONTAINERS,
        text: false,
    },
    shape("use", &[plain("href"), plain("x"), plain("y")]),
];

/// An element of the profile: its rule, and every attribute it takes in lookup order.
#[derive(Clone, Copy)]
pub(crate) struct Element {
    /// The element's rule.
    pub rule: &'static ElementRule,
    /// Its groups' attributes and its own, by [`lookup_key`].
    attributes: &'static [Attribute],
}

/// The rule of an element of the profile, by local name.
pub(crate) fn element(name: &str) -> Option<Element> {
    let position = ELEMENTS.iter().position(|e| e.name == name)?;
    Some(Element {
        rule: &ELEMENTS[position],
        attributes: &sorted_attributes()[position],
    })
}

/// Every element's attributes (groups and own) in one list each, sorted by [`lookup_key`];
/// built once, in the order of [`ELEMENTS`].
fn sorted_attributes() -> &'static [Vec<Attribute>] {
    static SORTED: OnceLock<Vec<Vec<Attribute>>> = OnceLock::new();
    SORTED.get_or_init(|| {
        ELEMENTS
            .iter()
            .map(|rule| {
                let mut all: Vec<Attribute> = rule
                    .groups
                    .iter()
                    .copied()
                    .chain([rule.own])
                    .flatten()
                    .copied()
                    .collect();
                all.sort_by(|a, b| lookup_key(a.1, a.0).cmp(&lookup_key(b.1, b.0)));
                all
            })
            .collect()
    })
}

/// Attributes are ordered by name length first: a binary search then settles most steps with
/// one integer comparison, and compares bytes only among names of the same length.
fn lookup_key<'n>(name: &'n str, ns: Option<&'n str>) -> (usize, &'n [u8], Option<&'n str>) {
    (name.len(), name.as_bytes(), ns)
}

impl Element {
    /// The accepted values of an attribute, if the element takes it.
    pub(crate) fn attribute(self, ns: Option<&str>, name: &str) -> Option<Value> {
        let key = lookup_key(name, ns);
        self.attributes
            .binary_search_by(|(a_ns, a_name, _)| lookup_key(a_name, *a_ns).cmp(&key))
            .ok()
            .map(|at| self.attributes[at].2)
    }
}

/// Whether `value` is acceptable. Keyword and name values are compared after collapsing white
/// space, as XML Schema's token types do; free text is taken as it is.
///
/// Nothing is copied: the value is compared token by token where it stands, and free text
/// (path data, most of a logo's bytes) is not even read.
pub(crate) fn accepts(kind: Value, value: &str) -> bool {
    match kind {
        Value::Any => true,
        Value::OneOf(allowed) => allowed
            .iter()
            .any(|keyword| *keyword == value || same_tokens(value, keyword)),
        // A name or a language tag holds no white space, so collapsing comes down to trimming.
        Value::NcName => is_ncname(value.trim()),
        Value::LanguageOrEmpty => {
            let value = value.trim();
            value.is_empty() || is_language(value)
        }
        Value::NameTokens => {
            let mut tokens = value.split_whitespace().peekable();
            tokens.peek().is_some() && tokens.all(|t| t.chars().all(is_name_char))
        }
        Value::AspectRatio => is_aspect_ratio(value),
    }
}

/// Whether `value` with its white space collapsed equals `keyword` (whose words are separated
/// by single spaces).
fn same_tokens(value: &str, keyword: &str) -> bool {
    value.split_whitespace().eq(keyword.split(' '))
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_numeric() || matches!(c, '-' | '.' | ':' | '\u{B7}')
}

fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if is_name_start(c))
        && chars.all(|c| is_name_char(c) && c != ':')
}

/// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`
fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `\s*(none|xMidYMid)\s*(meet)?\s*`, matched against the whole value.
fn is_aspect_ratio(value: &str) -> bool {
    let rest = value.trim_start_matches(is_xml_space);
    let rest = match (rest.strip_prefix("none"), rest.strip_prefix("xMidYMid")) {
        (Some(r), _) | (_, Some(r)) => r,
        _ => return false,
    };
    let rest = rest.trim_start_matches(is_xml_space);
    let rest = rest.strip_prefix("meet").unwrap_or(rest);
    rest.chars().all(is_xml_space)
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspect_ratio_follows_the_profile_pattern() {
        for ok in [
            "none",
            "xMidYMid",
            "xMidYMid meet",
            " xMidYMid  meet ",
            "nonemeet",
        ] {
            assert!(is_aspect_ratio(ok), "{ok:?}");
        }
        for bad in ["", "xMinYMin", "xMidYMid slice", "meet", "none none"] {
            assert!(!is_aspect_ratio(bad), "{bad:?}");
        }
    }

    #[test]
    fn names_and_languages() {
        assert!(is_ncname("logo_1.a-b"));
        assert!(!is_ncname("1logo"));
        assert!(!is_ncname("a:b"));
        assert!(is_language("en-GB"));
        assert!(!is_language("en_GB"));
        assert!(!is_language("toolonglanguage"));
        assert!(accepts(Value::LanguageOrEmpty, ""));
        assert!(accepts(Value::NameTokens, "a b-c"));
        assert!(!accepts(Value::NameTokens, "  "));
        assert!(accepts(Value::OneOf(&["1.2"]), " 1.2 "));
    }

    /// `accepts` compares in place; it must agree with collapsing the white space into a new
    /// string first, as the schema's token types define it.
    #[test]
    fn accepting_in_place_agrees_with_collapsing_first() {
        fn collapsed(kind: Value, value: &str) -> bool {
            let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
            match kind {
                Value::Any => true,
                Value::OneOf(allowed) => allowed.contains(&collapsed.as_str()),
                Value::NcName => is_ncname(&collapsed),
                Value::LanguageOrEmpty => collapsed.is_empty() || is_language(&collapsed),
                Value::NameTokens => {
                    !collapsed.is_empty()
                        && collapsed.split(' ').all(|t| t.chars().all(is_name_char))
                }
                Value::AspectRatio => is_aspect_ratio(value),
            }
        }
        let kinds = [
            Value::Any,
            Value::OneOf(&["1.2"]),
            Value::OneOf(&["inherit", "nonzero", "evenodd"]),
            Value::NcName,
            Value::LanguageOrEmpty,
            Value::NameTokens,
            Value::AspectRatio,
        ];
        let values = [
            "",
            " ",
            "1.2",
            " 1.2 ",
            "1.2\u{A0}",
            "\u{3000}1.2",
            "1. 2",
            "evenodd",
            "\tevenodd\n",
            "even odd",
            "a",
            "a b",
            "a\u{A0}b",
            " a ",
            "1a",
            "a:b",
            "en-GB",
            " en ",
            "en GB",
            "en\u{2003}",
            "x\u{B7}y",
            "none meet",
            "é",
            "a\u{2028}",
        ];
        for kind in kinds {
            for value in values {
                assert_eq!(accepts(kind, value), collapsed(kind, value), "{value:?}");
            }
        }
    }

    #[test]
    fn keywords_are_written_collapsed() {
        for rule in ELEMENTS {
            let attributes = rule.groups.iter().copied().chain([rule.own]).flatten();
            for (_, name, kind) in attributes {
                if let Value::OneOf(keywords) = kind {
                    for keyword in *keywords {
                        let collapsed = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
                        assert_eq!(*keyword, collapsed, "{name} on {}", rule.name);
                    }
                }
            }
        }
    }

    /// Lookup by binary search needs each name once per element (and a name listed twice
    /// would be ambiguous anyway).
    #[test]
    fn no_element_lists_an_attribute_twice() {
        for (rule, attributes) in ELEMENTS.iter().zip(sorted_attributes()) {
            for pair in attributes.windows(2) {
                assert!(
                    (pair[0].0, pair[0].1) != (pair[1].0, pair[1].1),
                    "{} lists {} twice",
                    rule.name,
                    pair[0].1
                );
            }
        }
    }

    #[test]
    fn lookup_finds_every_listed_attribute_and_nothing_else() {
        for rule in ELEMENTS {
            let element = element(rule.name).unwrap();
            for (ns, name, _) in rule.groups.iter().copied().chain([rule.own]).flatten() {
                assert!(
                    element.attribute(*ns, name).is_some(),
                    "{name} on {}",
                    rule.name
                );
            }
            assert!(element.attribute(None, "style").is_none());
            assert!(element.attribute(Some(SVG_NS), "id").is_none());
        }
        let root = element("svg").unwrap();
        assert!(
            matches!(root.attribute(None, "font-weight"), Some(Value::OneOf(k)) if !k.contains(&"inherit"))
        );
    }

    #[test]
    fn every_child_named_in_the_tables_is_an_element_of_the_profile() {
        for rule in ELEMENTS {
            for child in rule.children {
                assert!(element(child).is_some(), "{} lists {child}", rule.name);
            }
        }
    }
}
