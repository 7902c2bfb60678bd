//! The words of the findings: how an element or attribute is named, and what to do about it.

use roxmltree::Node;

use crate::logo::profile::{SVG_NS, Value, XLINK_NS, XML_NS};

pub(super) fn describe(node: &Node) -> String {
    let name = node.tag_name();
    match name.namespace() {
        Some(SVG_NS) => format!("<{}>", name.name()),
        Some(ns) => format!("<{}> (namespace {ns})", name.name()),
        None => format!("<{}> (no namespace)", name.name()),
    }
}

pub(super) fn qualified(ns: Option<&str>, local: &str) -> String {
    match ns {
        None => local.to_owned(),
        Some(XML_NS) => format!("xml:{local}"),
        Some(XLINK_NS) => format!("xlink:{local}"),
        Some(other) => format!("{{{other}}}{local}"),
    }
}

pub(super) fn element_advice(node: &Node) -> String {
    let name = node.tag_name();
    let what = describe(node);
    if name.namespace() != Some(SVG_NS) {
        return format!(
            "{what} is not an SVG element (editor or foreign data); remove it, for example by \
             exporting as plain SVG"
        );
    }
    let fix = match name.name() {
        "script" | "handler" | "listener" => "scripts are not allowed; remove it",
        "style" => "CSS is not allowed; move each rule into presentation attributes such as fill",
        "image" => "embedded or linked images are not allowed; convert the artwork to paths",
        "a" => "links are not allowed; remove the <a> and keep its content",
        "foreignObject" => "foreign content is not allowed; convert it to SVG shapes",
        "animate" | "animateColor" | "animateMotion" | "animateTransform" | "set" | "discard" => {
            "animation is not allowed; remove it"
        }
        "switch" => "conditional content is not allowed; keep one branch",
        "video" | "audio" | "animation" | "iframe" | "canvas" => {
            "embedded media and documents are not allowed; remove it"
        }
        "tspan" | "tbreak" | "tref" | "textPath" | "altGlyph" => {
            "write the text directly inside <text> or <textArea>"
        }
        "symbol" => "replace it by a <g> inside <defs>, and draw it with <use href=\"#id\">",
        "clipPath" | "mask" | "pattern" | "marker" => {
            "this feature is outside SVG Tiny PS; flatten it into plain shapes"
        }
        "filter" => {
            "filter effects are not allowed; remove them, and draw any shadow or glow \
                     as plain shapes"
        }
        fe if fe.starts_with("fe") => "filter effects are not allowed; remove the <filter>",
        "font" | "font-face" | "glyph" | "hkern" | "missing-glyph" => {
            "embedded fonts are not allowed; convert the text to paths"
        }
        _ => "it is not part of SVG Tiny PS; remove it or convert it to plain shapes",
    };
    format!("{what} is not allowed: {fix}")
}

/// How to fix an element of the profile that stands inside a parent that may not hold it.
pub(super) fn placement_advice(name: &str, parent: &str) -> &'static str {
    match (name, parent) {
        // Moving an inner <svg> elsewhere would not help: no <svg> may stand below the root.
        ("svg", _) => {
            "nested <svg> elements are not part of SVG Tiny PS: replace the inner <svg> by a \
             <g>, and express its position and viewBox scaling as a transform on that <g>"
        }
        ("title", _) => "a logo has one <title>, the first element inside <svg>",
        ("desc" | "metadata", _) => "it may only stand directly inside <svg>",
        ("stop", _) => "<stop> belongs inside <linearGradient> or <radialGradient>",
        (_, "title" | "desc" | "metadata") => {
            "that element holds text only; remove the markup from it, or move the element out \
             if it is part of the artwork"
        }
        (_, "linearGradient" | "radialGradient") => {
            "a gradient holds only <stop> elements; move it out of the gradient, into <svg>, \
             <g> or <defs>"
        }
        _ => "move it into <svg>, <g> or <defs>",
    }
}

pub(super) fn attribute_advice(node: &Node, ns: Option<&str>, local: &str) -> String {
    let what = describe(node);
    let name = qualified(ns, local);
    let fix = match (ns, local) {
        (None, "style") => {
            "CSS is not allowed; write each property as its own attribute, such as fill=\"#c00\""
                .to_owned()
        }
        (None, on) if on.starts_with("on") => {
            "event handlers are not allowed; remove it".to_owned()
        }
        (None, "x" | "y") if node.parent_element().is_none() => {
            "the root <svg> may not be positioned; remove it".to_owned()
        }
        (None, "x" | "y") if node.tag_name().name() == "svg" => {
            "nested <svg> elements are not allowed; once it is a <g>, move the offset into \
             transform=\"translate(x y)\""
                .to_owned()
        }
        (Some(XLINK_NS), "href") => {
            "SVG Tiny PS uses plain href; write href=\"#id\" without the xlink: prefix".to_owned()
        }
        (Some(_), _) => {
            "attributes in other namespaces (editor data) are not allowed; remove it".to_owned()
        }
        _ => format!("{what} does not take it in SVG Tiny PS; remove it"),
    };
    format!("{name} on {what} is not allowed: {fix}")
}

pub(super) fn value_advice(name: &str, value: &str, kind: Value) -> String {
    let expected = match kind {
        Value::OneOf(allowed) => format!("one of {}", allowed.join(", ")),
        Value::NcName => "a name that starts with a letter or _ and has no colon".to_owned(),
        Value::LanguageOrEmpty => "a language tag such as en or en-GB".to_owned(),
        Value::NameTokens => "one or more names separated by spaces".to_owned(),
        Value::AspectRatio => "none or xMidYMid, optionally followed by meet".to_owned(),
        Value::Any => "any text".to_owned(),
    };
    format!("{name}=\"{value}\" is not accepted; use {expected}")
}
