//! The SVG Tiny PS checker: schema rules, and the receivers' rules beyond the schema.

use std::collections::BTreeSet;

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use crate::findings::{Finding, Location, Report, Severity};

use super::profile::{self, SVG_NS, Value, XML_NS};
use super::prolog::{self, Doctype};
use super::{MAX_SVG_BYTES, sniff};

/// Deepest element nesting accepted; real logos stay far below it.
pub const MAX_DEPTH: usize = 64;
/// Most XML nodes accepted (elements, attributes' owners, text runs, comments).
pub const MAX_NODES: u32 = 100_000;
/// Size above which receivers may refuse a logo, in bytes.
pub const RECOMMENDED_MAX_BYTES: usize = 32 * 1024;
/// Longest title receivers are asked to show, in characters.
pub const RECOMMENDED_MAX_TITLE_CHARS: usize = 64;

/// Checks SVG bytes against the SVG Tiny PS profile and receivers' advice.
///
/// Errors are what the profile's schema refuses, plus what makes a logo unsafe to render
/// (DTDs, processing instructions, references outside the document, another encoding than
/// UTF-8). Warnings are receivers' advice: at most 32 KB, square, at least two colours,
/// a title of at most 64 characters. A file whose first bytes show another format (a PNG,
/// a PDF, see [`super::sniff`]) gets a single `not-svg` error saying what it is.
///
/// ```
/// use digicert_mark_certs::logo::check;
///
/// let report = check(br##"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 10 10"><title>Shop</title><rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="3" fill="#c00"/></svg>"##);
/// assert!(report.is_valid(), "{:?}", report.findings);
///
/// let report = check(br#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>Shop</title><rect style="fill:red"/></svg>"#);
/// assert!(report.has("attribute-not-allowed"));
/// ```
pub fn check(svg: &[u8]) -> Report {
    let mut checker = Checker::default();
    checker.run(svg);
    checker.report
}

#[derive(Default)]
struct Checker {
    report: Report,
}

impl Checker {
    fn error(&mut self, rule: &'static str, at: Location, message: impl Into<String>) {
        self.report.error(rule, at, message);
    }

    fn warn(&mut self, rule: &'static str, at: Location, message: impl Into<String>) {
        self.report.warning(rule, at, message);
    }

    fn run(&mut self, bytes: &[u8]) {
        // Before the size limit: a 2 MB PNG is better told it is a PNG than that it is large.
        if let Some(format) = sniff(bytes) {
            self.error("not-svg", Location::none(), format.to_string());
            return;
        }
        if bytes.len() > MAX_SVG_BYTES {
            self.error(
                "svg-too-large",
                Location::none(),
                format!(
                    "the file is larger than {MAX_SVG_BYTES} bytes and was not read; a logo \
                     should stay under 32 KB"
                ),
            );
            return;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = at_offset(bytes, e.valid_up_to());
                self.error(
                    "not-utf8",
                    at,
                    "the file is not UTF-8; save it with UTF-8 encoding",
                );
                return;
            }
        };
        self.check_declaration(text);
        if bytes.len() > RECOMMENDED_MAX_BYTES {
            self.warn(
                "size-over-32kb",
                Location::none(),
                format!(
                    "the SVG is {} bytes; receivers may refuse logos over 32 KB, so simplify \
                     paths or reduce decimal places",
                    bytes.len()
                ),
            );
        }

        let blanked;
        let text = match prolog::doctype(text) {
            Doctype::None => text,
            Doctype::Plain(range) => {
                self.error(
                    "doctype",
                    at_offset(text.as_bytes(), range.start),
                    "the file has a DOCTYPE; remove it, as SVG Tiny PS logos carry no DTD",
                );
                // It declares nothing: blank it out and check the rest of the file.
                blanked = prolog::blank(text, range);
                &blanked
            }
            Doctype::WithSubset(start) => {
                self.error(
                    "doctype",
                    at_offset(text.as_bytes(), start),
                    "the DOCTYPE has an internal subset ([ ... ]), where entities are declared; \
                     remove the DOCTYPE and write the text itself, as logos may not declare \
                     entities or load DTDs",
                );
                return;
            }
            Doctype::Unreadable(start) => {
                self.error(
                    "doctype",
                    at_offset(text.as_bytes(), start),
                    "the file has a DOCTYPE that cannot be read safely (cut short, repeated or \
                     malformed); remove it, as SVG Tiny PS logos carry no DTD",
                );
                return;
            }
        };

        // The parser never sees a DTD: a DOCTYPE was blanked out or refused above, and any
        // other makes the parse fail.
        let options = ParsingOptions {
            allow_dtd: false,
            nodes_limit: MAX_NODES,
            ..ParsingOptions::default()
        };
        let doc = match Document::parse_with_options(text, options) {
            Ok(doc) => doc,
            Err(e) => {
                self.parse_failure(&e);
                return;
            }
        };
        // Findings from here on describe the tree; a tree found not to be XML after all
        // (see `duplicate_namespace`) replaces them with that one error.
        let tree_findings = self.report.findings.len();
        self.check_instructions(&doc);
        if let Err(finding) = self.check_tree(&doc) {
            self.report.findings.truncate(tree_findings);
            self.report.push(*finding);
        }
    }

    fn check_declaration(&mut self, text: &str) {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let Some(rest) = body.strip_prefix("<?xml") else {
            return;
        };
        let Some(end) = rest.find("?>") else {
            return;
        };
        let declaration = &rest[..end];
        if let Some(at) = declaration.find("encoding") {
            let value = declaration[at + "encoding".len()..]
                .trim_start()
                .trim_start_matches('=')
                .trim_start();
            let name: String = value
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\''))
                .collect();
            if !name.eq_ignore_ascii_case("utf-8") {
                self.error(
                    "xml-encoding",
                    Location::line_column(1, 1),
                    format!(
                        "the XML declaration names the encoding \"{name}\"; save the file as \
                         UTF-8 and declare encoding=\"UTF-8\" (or leave the declaration out)"
                    ),
                );
            }
        }
    }

    fn parse_failure(&mut self, e: &roxmltree::Error) {
        let pos = e.pos();
        let at = Location::line_column(pos.row, pos.col);
        match e {
            // Only a DOCTYPE out of place reaches the parser: the prolog's was handled.
            roxmltree::Error::DtdDetected => self.error(
                "doctype",
                Location::none(),
                "the file has a DOCTYPE out of place; remove it, as SVG Tiny PS logos carry no \
                 DTD",
            ),
            roxmltree::Error::NodesLimitReached => self.error(
                "xml-limits",
                Location::none(),
                format!(
                    "the file has more than {MAX_NODES} XML nodes; simplify the artwork (merge \
                     paths, remove hidden elements)"
                ),
            ),
            roxmltree::Error::UnknownEntityReference(name, _) => self.error(
                "xml-malformed",
                at,
                format!(
                    "the entity &{name}; is not defined; write the character itself or a \
                     numeric reference such as &#169;"
                ),
            ),
            other => self.error(
                "xml-malformed",
                at,
                format!("the file is not well-formed XML: {other}; fix the markup"),
            ),
        }
    }

    /// Processing instructions, which the parser lets through.
    fn check_instructions(&mut self, doc: &Document) {
        for node in doc.root().descendants() {
            if let Some(pi) = node.pi() {
                let at = place(doc, &node);
                self.error(
                    "processing-instruction",
                    at,
                    format!(
                        "the processing instruction <?{}?> is not allowed (it may pull in style \
                         sheets or other files); remove it",
                        pi.target
                    ),
                );
            }
        }
    }

    /// Checks every element; fails when the tree turns out not to be well-formed XML.
    fn check_tree(&mut self, doc: &Document) -> Result<(), Box<Finding>> {
        let root = doc.root_element();
        if let Some(finding) = duplicate_namespace(doc, &root) {
            return Err(finding);
        }
        if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
            self.error(
                "root-not-svg",
                place(doc, &root),
                format!(
                    "the root element must be <svg> in the SVG namespace; found {}; add \
                     xmlns=\"{SVG_NS}\" to an <svg> root",
                    describe(&root)
                ),
            );
            return Ok(());
        }
        self.check_root(doc, &root);

        // Depth-first, without recursion, so nesting depth cannot exhaust the stack.
        let mut stack = vec![(root, 1usize)];
        let mut too_deep = false;
        while let Some((node, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                if !too_deep {
                    too_deep = true;
                    self.error(
                        "xml-limits",
                        place(doc, &node),
                        format!(
                            "elements are nested more than {MAX_DEPTH} deep; flatten the groups"
                        ),
                    );
                }
                continue;
            }
            if let Some(finding) = duplicate_namespace(doc, &node) {
                return Err(finding);
            }
            self.check_element(doc, &node);
            let children: Vec<_> = node.children().filter(Node::is_element).collect();
            for child in children.into_iter().rev() {
                stack.push((child, depth + 1));
            }
        }
        self.check_colours(doc, &root);
        Ok(())
    }

    fn check_root(&mut self, doc: &Document, root: &Node) {
        let at = || place(doc, root);
        const FIXED: [(&str, &str, &[&str]); 2] = [
            ("svg-version", "version", &["1.2"]),
            ("svg-base-profile", "baseProfile", &["tiny-ps"]),
        ];
        for (rule, name, allowed) in FIXED {
            let required = allowed[0];
            match root.attribute(name) {
                None => self.error(
                    rule,
                    at(),
                    format!("the root <svg> has no {name}; add {name}=\"{required}\""),
                ),
                Some(v) if !profile::accepts(Value::OneOf(allowed), v) => self.error(
                    rule,
                    at(),
                    format!(
                        "{name}=\"{v}\" on the root <svg>; SVG Tiny PS needs {name}=\"{required}\""
                    ),
                ),
                Some(_) => {}
            }
        }

        let children: Vec<_> = root.children().filter(Node::is_element).collect();
        let is_title = |n: &Node| {
            n.tag_name().namespace() == Some(SVG_NS) && n.has_tag_name((SVG_NS, "title"))
        };
        match children.first() {
            Some(first) if is_title(first) => self.check_title(doc, first),
            Some(first) => self.error(
                "title-first",
                place(doc, first),
                match children.iter().find(|c| is_title(c)) {
                    Some(_) => format!(
                        "<title> must be the first element inside <svg>, before {}; move it up",
                        describe(first)
                    ),
                    None => "the logo has no <title>; add <title>Brand name</title> as the \
                             first element inside <svg>"
                        .to_owned(),
                },
            ),
            None => self.error(
                "title-first",
                at(),
                "the logo has no <title>; add <title>Brand name</title> as the first element \
                 inside <svg>",
            ),
        }
        for extra in children.iter().filter(|c| is_title(c)).skip(1) {
            self.error(
                "title-once",
                place(doc, extra),
                "<svg> may hold only one <title>; remove the extra one",
            );
        }
        self.check_shape(doc, root);
    }

    fn check_title(&mut self, doc: &Document, title: &Node) {
        let text: String = title.children().filter_map(|c| c.text()).collect();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            self.warn(
                "title-empty",
                place(doc, title),
                "the <title> is empty; write the brand name in it",
            );
        } else if trimmed.chars().count() > RECOMMENDED_MAX_TITLE_CHARS {
            self.warn(
                "title-long",
                place(doc, title),
                format!(
                    "the <title> has {} characters; keep it to {RECOMMENDED_MAX_TITLE_CHARS} \
                     or fewer, as receivers may cut it",
                    trimmed.chars().count()
                ),
            );
        }
    }

    /// Square aspect and absolute dimensions: advice, from `viewBox` or `width`/`height`.
    fn check_shape(&mut self, doc: &Document, root: &Node) {
        let at = || place(doc, root);
        for name in ["width", "height"] {
            if root
                .attribute(name)
                .is_some_and(|v| v.trim().ends_with('%'))
            {
                self.warn(
                    "relative-size",
                    at(),
                    format!(
                        "{name} on the root <svg> is a percentage; give an absolute size or \
                         leave it out and rely on viewBox"
                    ),
                );
            }
        }
        let size = root
            .attribute("viewBox")
            .and_then(view_box_size)
            .or_else(|| {
                let width = root.attribute("width").and_then(length)?;
                let height = root.attribute("height").and_then(length)?;
                Some((width, height))
            });
        if let Some((width, height)) = size
            && differ(width, height)
        {
            self.warn(
                "not-square",
                at(),
                format!(
                    "the logo is {width}x{height}, not square; receivers show logos in a square \
                     or circle, so make the viewBox square and centre the artwork"
                ),
            );
        }
    }

    fn check_element(&mut self, doc: &Document, node: &Node) {
        let name = node.tag_name();
        let at = || place(doc, node);
        let parent = node.parent_element();

        let rule = match (name.namespace(), profile::element(name.name())) {
            (Some(SVG_NS), Some(rule)) => rule,
            _ => {
                self.error("element-not-allowed", at(), element_advice(node));
                return;
            }
        };
        if let Some(parent) = parent {
            let parent_rule = profile::element(parent.tag_name().name());
            let allowed = parent.tag_name().namespace() == Some(SVG_NS)
                && parent_rule.is_some_and(|p| p.children.contains(&rule.name));
            // `title` under the root is judged by the title rules.
            let root_title = rule.name == "title" && parent == doc.root_element();
            if !allowed && !root_title && parent_rule.is_some() {
                self.error(
                    "element-not-allowed",
                    at(),
                    format!(
                        "{} may not stand inside {}; {}",
                        describe(node),
                        describe(&parent),
                        placement_advice(rule.name, parent.tag_name().name())
                    ),
                );
            }
        }

        for attr in node.attributes() {
            let ns = attr.namespace();
            let local = attr.name();
            match profile::attribute(rule, ns, local) {
                Some(kind) if profile::accepts(kind, attr.value()) => {}
                Some(_) if rule.name == "svg" && matches!(local, "version" | "baseProfile") => {}
                // Validators differ on language tags (libxml2 takes any text), and a wrong
                // tag does not change how the logo renders: advice, not an error.
                Some(Value::LanguageOrEmpty) => self.warn(
                    "language-tag",
                    at(),
                    format!(
                        "xml:lang=\"{}\" is not a language tag; use one such as en or en-GB, \
                         or remove it",
                        attr.value()
                    ),
                ),
                Some(kind) => self.error(
                    "attribute-value",
                    at(),
                    value_advice(&qualified(ns, local), attr.value(), kind),
                ),
                None => self.error(
                    "attribute-not-allowed",
                    at(),
                    attribute_advice(node, ns, local),
                ),
            }
            self.check_reference(doc, node, ns, local, attr.value());
        }
        if node.attribute("id").is_some() && node.attribute((XML_NS, "id")).is_some() {
            self.error(
                "attribute-not-allowed",
                at(),
                format!("{} has both id and xml:id; keep only one", describe(node)),
            );
        }

        let stray_text = node
            .children()
            .filter(|c| c.node_type() == NodeType::Text)
            .filter_map(|c| c.text())
            .any(|t| !t.trim_matches(['\u{20}', '\t', '\n', '\r']).is_empty());
        if stray_text && !rule.text {
            self.error(
                "text-not-allowed",
                at(),
                format!(
                    "{} holds text; only <title>, <desc>, <metadata>, <text> and <textArea> \
                     may, so remove it or move it into <text>",
                    describe(node)
                ),
            );
        }
        if rule.name == "desc" {
            let text: String = node.children().filter_map(|c| c.text()).collect();
            if text.trim().is_empty() {
                self.warn(
                    "desc-empty",
                    at(),
                    "the <desc> is empty; describe the logo or remove the element",
                );
            }
        }
    }

    /// References must stay inside the document: beyond what the schema can say.
    fn check_reference(
        &mut self,
        doc: &Document,
        node: &Node,
        ns: Option<&str>,
        local: &str,
        value: &str,
    ) {
        let at = || place(doc, node);
        let name = qualified(ns, local);
        if ns == Some(XML_NS) && local == "base" {
            self.error(
                "external-reference",
                at(),
                "xml:base changes how references resolve; remove it",
            );
        } else if local == "href" && !value.trim().starts_with('#') {
            self.error(
                "external-reference",
                at(),
                format!(
                    "{name}=\"{value}\" points outside the logo; refer only to elements of \
                     the same file, as href=\"#id\""
                ),
            );
        }
        let mut rest = value;
        while let Some(start) = rest.find("url(") {
            let inner = &rest[start + 4..];
            let target = inner
                .split(')')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\'']);
            if !target.starts_with('#') {
                self.error(
                    "external-reference",
                    at(),
                    format!(
                        "{name} refers to url({target}), outside the logo; use url(#id) to an \
                         element of the same file"
                    ),
                );
            }
            rest = inner;
        }
    }

    /// At least two colours when rendered (advice from the BIMI profile draft).
    fn check_colours(&mut self, doc: &Document, root: &Node) {
        let mut colours = BTreeSet::new();
        for node in root.descendants().filter(Node::is_element) {
            for attr in ["fill", "stroke", "stop-color", "solid-color", "color"] {
                if let Some(colour) = node.attribute(attr).and_then(normalize_colour) {
                    colours.insert(colour);
                }
            }
            let paints_black_by_default =
                matches!(
                    node.tag_name().name(),
                    "path" | "rect" | "circle" | "ellipse" | "polygon" | "text" | "textArea"
                ) && node.ancestors().all(|a| a.attribute("fill").is_none());
            if paints_black_by_default {
                colours.insert("#000000".to_owned());
            }
        }
        if colours.len() < 2 {
            self.warn(
                "single-colour",
                place(doc, root),
                "the logo renders in fewer than two colours; receivers expect a coloured mark, \
                 ideally on a solid background",
            );
        }
    }
}

/// An element declaring the default namespace twice. XML forbids any attribute twice, but
/// the parser lets a repeated `xmlns` through and keeps one of them: other parsers refuse the
/// file, or may read it in the other namespace.
fn duplicate_namespace(doc: &Document, node: &Node) -> Option<Box<Finding>> {
    // An element's in-scope namespaces hold its own declarations, then the inherited ones it
    // does not redeclare: two default entries can only be two declarations on this element.
    let defaults = node.namespaces().filter(|ns| ns.name().is_none()).count();
    (defaults > 1).then(|| {
        // Named by its local name alone: which namespace it is in is what is in doubt.
        let what = format!("<{}>", node.tag_name().name());
        let mut at = place(doc, node);
        at.element = Some(what.clone());
        Box::new(Finding::new(
            Severity::Error,
            "xml-malformed",
            at,
            format!(
                "{what} declares xmlns more than once; XML allows each attribute only once, so \
                 keep a single xmlns=\"{SVG_NS}\""
            ),
        ))
    })
}

/// The line and column of a byte offset.
fn at_offset(bytes: &[u8], offset: usize) -> Location {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Location::line_column(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Where a node starts, with the element's name.
fn place(doc: &Document, node: &Node) -> Location {
    let pos = doc.text_pos_at(node.range().start);
    let mut at = Location::line_column(pos.row, pos.col);
    if node.is_element() {
        at.element = Some(describe(node));
    }
    at
}

fn describe(node: &Node) -> String {
    let name = node.tag_name();
    match name.namespace() {
        Some(SVG_NS) => format!("<{}>", name.name()),
        Some(ns) => format!("<{}> (namespace {ns})", name.name()),
        None => format!("<{}> (no namespace)", name.name()),
    }
}

fn qualified(ns: Option<&str>, local: &str) -> String {
    match ns {
        None => local.to_owned(),
        Some(XML_NS) => format!("xml:{local}"),
        Some("http://www.w3.org/1999/xlink") => format!("xlink:{local}"),
        Some(other) => format!("{{{other}}}{local}"),
    }
}

fn element_advice(node: &Node) -> String {
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
fn placement_advice(name: &str, parent: &str) -> &'static str {
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

fn attribute_advice(node: &Node, ns: Option<&str>, local: &str) -> String {
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
        (Some("http://www.w3.org/1999/xlink"), "href") => {
            "SVG Tiny PS uses plain href; write href=\"#id\" without the xlink: prefix".to_owned()
        }
        (Some(_), _) => {
            "attributes in other namespaces (editor data) are not allowed; remove it".to_owned()
        }
        _ => format!("{what} does not take it in SVG Tiny PS; remove it"),
    };
    format!("{name} on {what} is not allowed: {fix}")
}

fn value_advice(name: &str, value: &str, kind: Value) -> String {
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

/// Width and height of a `viewBox="min-x min-y width height"`.
fn view_box_size(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, width, height] => Some((width, height)),
        _ => None,
    }
}

/// Largest relative difference between width and height still taken as square: 0.1 %.
///
/// Editors write sizes rounded or converted from other units (25.399999 for 25.4 mm, 1200.3
/// for 1200 pixels). A thousandth is half a pixel at the 512-pixel size receivers show at
/// most, so no one can see it, while real non-square artwork (105x93 is 12 %) still warns.
const SQUARE_TOLERANCE: f64 = 0.001;

/// Whether two sizes differ by more than [`SQUARE_TOLERANCE`] of the larger (never for sizes
/// that are not numbers, such as `inf`: nothing sensible can be said about them).
fn differ(width: f64, height: f64) -> bool {
    (width - height).abs() > SQUARE_TOLERANCE * width.abs().max(height.abs())
}

/// An absolute length in user units or pixels.
fn length(value: &str) -> Option<f64> {
    let value = value.trim();
    value
        .strip_suffix("px")
        .unwrap_or(value)
        .trim()
        .parse()
        .ok()
}

/// A comparable form of a paint value, or `None` when it paints nothing or refers elsewhere.
fn normalize_colour(value: &str) -> Option<String> {
    let value = value.trim().to_ascii_lowercase();
    if matches!(
        value.as_str(),
        "" | "none" | "inherit" | "currentcolor" | "transparent"
    ) || value.starts_with("url(")
    {
        return None;
    }
    let named = match value.as_str() {
        "black" => Some("#000000"),
        "white" => Some("#ffffff"),
        "red" => Some("#ff0000"),
        "lime" => Some("#00ff00"),
        "blue" => Some("#0000ff"),
        _ => None,
    };
    if let Some(hex) = named {
        return Some(hex.to_owned());
    }
    if let Some(hex) = value.strip_prefix('#')
        && hex.len() == 3
        && hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        return Some(
            hex.chars()
                .flat_map(|c| [c, c])
                .fold("#".to_owned(), |mut s, c| {
                    s.push(c);
                    s
                }),
        );
    }
    Some(value)
}
