//! The SVG Tiny PS checker: schema rules, and the receivers' rules beyond the schema.

use std::borrow::Cow;

use roxmltree::{Document, Node, NodeId, NodeType, ParsingOptions};

use crate::findings::{Finding, Location, Report, Severity};

use super::profile::{self, Element, SVG_NS, Value, XML_NS};
use super::prolog::{self, Doctype};
use super::{MAX_SVG_BYTES, sniff};

/// Deepest element nesting accepted; real logos stay far below it.
pub const MAX_DEPTH: usize = 64;
/// Most XML nodes accepted (elements, attributes' owners, text runs, comments).
pub const MAX_NODES: u32 = 100_000;
/// Most namespace declarations accepted in one logo: a logo needs one or two, and the parser's
/// work grows steeply with nested declarations.
pub const MAX_NAMESPACE_DECLARATIONS: usize = 256;
/// Most attributes accepted on one element, for the same reason.
pub const MAX_ATTRIBUTES: usize = 1024;
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
    // Each piece of logo work is an event, so a run can count what it did (see -vv).
    tracing::debug!(bytes = svg.len(), "logo checked");
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
        if let Some(problem) = beyond_parser_limits(text) {
            self.error("xml-limits", Location::none(), problem);
            return;
        }
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
        let mut tree = Tree {
            doc: &doc,
            report: &mut self.report,
            cursor: Cursor::new(doc.input_text()),
            instructions: Report::default(),
        };
        match tree.check() {
            Ok(()) => {
                // Processing instructions were found during the walk; they are reported first.
                let instructions = std::mem::take(&mut tree.instructions.findings);
                self.report
                    .findings
                    .splice(tree_findings..tree_findings, instructions);
            }
            Err(finding) => {
                self.report.findings.truncate(tree_findings);
                self.report.push(*finding);
            }
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
            let name = value
                .trim_start_matches(['"', '\''])
                .split(['"', '\''])
                .next()
                .unwrap_or_default();
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
}

/// The checks of a parsed document, in one walk over its nodes.
///
/// The accepting path does no allocation per node: attribute values are compared where they
/// stand, lines and columns are only counted when a finding is made, and colours are no
/// longer looked at once two are seen.
struct Tree<'a, 'input> {
    doc: &'a Document<'input>,
    report: &'a mut Report,
    /// Lines and columns of the parsed text.
    cursor: Cursor<'input>,
    /// Processing instructions, found during the walk but reported before the other findings.
    instructions: Report,
}

/// An element enclosing the node the walk is at.
#[derive(Clone, Copy)]
struct Frame {
    id: NodeId,
    /// What its children are checked against; `None` when it is nested too deep to check.
    checked: Option<Open>,
    /// Whether it or an element enclosing it sets `fill`.
    filled: bool,
}

/// What the walk remembers of a checked element, for its children.
#[derive(Clone, Copy)]
struct Open {
    /// The profile's element of its local name, whatever its namespace.
    element: Option<Element>,
    /// Whether it is in the SVG namespace.
    svg: bool,
}

impl<'a, 'input> Tree<'a, 'input> {
    fn error(&mut self, rule: &'static str, at: Location, message: impl Into<String>) {
        self.report.error(rule, at, message);
    }

    fn warn(&mut self, rule: &'static str, at: Location, message: impl Into<String>) {
        self.report.warning(rule, at, message);
    }

    /// Where a node starts, with the element's name.
    fn place(&mut self, node: &Node) -> Location {
        let (line, column) = self.cursor.at(node.range().start);
        let mut at = Location::line_column(line, column);
        if node.is_element() {
            at.element = Some(describe(node));
        }
        at
    }

    /// Checks every element; fails when the tree turns out not to be well-formed XML.
    fn check(&mut self) -> Result<(), Box<Finding>> {
        let doc = self.doc;
        let root = doc.root_element();
        if let Some(finding) = self.duplicate_namespace(&root) {
            return Err(finding);
        }
        if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
            // The walk below is skipped, so look for instructions here.
            for node in doc.root().descendants() {
                self.instruction(&node);
            }
            let at = self.place(&root);
            self.error(
                "root-not-svg",
                at,
                format!(
                    "the root element must be <svg> in the SVG namespace; found {}; add \
                     xmlns=\"{SVG_NS}\" to an <svg> root",
                    describe(&root)
                ),
            );
            return Ok(());
        }
        // Instructions before and after the root element; the walk finds those inside it.
        for node in doc.root().children().take_while(|n| *n != root) {
            self.instruction(&node);
        }
        self.check_root(&root);

        // One pass over the nodes in document order, without recursion, so nesting depth
        // cannot exhaust the stack. `open` holds the elements enclosing the current node.
        let mut open: Vec<Frame> = Vec::with_capacity(16);
        let mut colours = Colours::default();
        let mut too_deep = false;
        for node in root.descendants() {
            let parent = node.parent().map(|p| p.id());
            while open.last().is_some_and(|frame| Some(frame.id) != parent) {
                open.pop();
            }
            if !node.is_element() {
                self.instruction(&node);
                continue;
            }
            let enclosing = open.last().copied();
            let filled = colours.open(&node, enclosing.is_some_and(|frame| frame.filled));
            let depth = open.len() + 1;
            let checked = if depth > MAX_DEPTH {
                if !too_deep {
                    too_deep = true;
                    let at = self.place(&node);
                    self.error(
                        "xml-limits",
                        at,
                        format!(
                            "elements are nested more than {MAX_DEPTH} deep; flatten the groups"
                        ),
                    );
                }
                None
            } else {
                if let Some(finding) = self.duplicate_namespace(&node) {
                    return Err(finding);
                }
                let parent = enclosing.and_then(|frame| frame.checked);
                Some(self.check_element(&node, parent, depth == 2))
            };
            open.push(Frame {
                id: node.id(),
                checked,
                filled,
            });
        }
        let mut after = root.next_sibling();
        while let Some(node) = after {
            self.instruction(&node);
            after = node.next_sibling();
        }
        if !colours.at_least_two() {
            let at = self.place(&root);
            self.warn(
                "single-colour",
                at,
                "the logo renders in fewer than two colours; receivers expect a coloured mark, \
                 ideally on a solid background",
            );
        }
        Ok(())
    }

    /// A processing instruction, which the parser lets through.
    fn instruction(&mut self, node: &Node) {
        if let Some(pi) = node.pi() {
            let (line, column) = self.cursor.at(node.range().start);
            self.instructions.error(
                "processing-instruction",
                Location::line_column(line, column),
                format!(
                    "the processing instruction <?{}?> is not allowed (it may pull in style \
                     sheets or other files); remove it",
                    pi.target
                ),
            );
        }
    }

    /// An element declaring the default namespace twice. XML forbids any attribute twice, but
    /// the parser lets a repeated `xmlns` through and keeps one of them: other parsers refuse
    /// the file, or may read it in the other namespace.
    fn duplicate_namespace(&mut self, node: &Node) -> Option<Box<Finding>> {
        // An element's in-scope namespaces hold its own declarations, then the inherited ones
        // it does not redeclare: two default entries can only be two declarations on it.
        let defaults = node.namespaces().filter(|ns| ns.name().is_none()).count();
        if defaults < 2 {
            return None;
        }
        // Named by its local name alone: which namespace it is in is what is in doubt.
        let what = format!("<{}>", node.tag_name().name());
        let mut at = self.place(node);
        at.element = Some(what.clone());
        Some(Box::new(Finding::new(
            Severity::Error,
            "xml-malformed",
            at,
            format!(
                "{what} declares xmlns more than once; XML allows each attribute only once, so \
                 keep a single xmlns=\"{SVG_NS}\""
            ),
        )))
    }

    fn check_root(&mut self, root: &Node) {
        const FIXED: [(&str, &str, &[&str]); 2] = [
            ("svg-version", "version", &["1.2"]),
            ("svg-base-profile", "baseProfile", &["tiny-ps"]),
        ];
        for (rule, name, allowed) in FIXED {
            let required = allowed[0];
            match root.attribute(name) {
                None => {
                    let at = self.place(root);
                    self.error(
                        rule,
                        at,
                        format!("the root <svg> has no {name}; add {name}=\"{required}\""),
                    );
                }
                Some(v) if !profile::accepts(Value::OneOf(allowed), v) => {
                    let at = self.place(root);
                    self.error(
                        rule,
                        at,
                        format!(
                            "{name}=\"{v}\" on the root <svg>; SVG Tiny PS needs \
                             {name}=\"{required}\""
                        ),
                    );
                }
                Some(_) => {}
            }
        }

        // One pass over the root's children: the first element, whether a title is anywhere,
        // and titles after the first (rare, so only those are kept).
        let is_title = |n: &Node| n.has_tag_name((SVG_NS, "title"));
        let mut first = None;
        let mut titles = 0usize;
        let mut extra_titles = Vec::new();
        for child in root.children().filter(Node::is_element) {
            first.get_or_insert(child);
            if is_title(&child) {
                titles += 1;
                if titles > 1 {
                    extra_titles.push(child);
                }
            }
        }
        match first {
            Some(first) if is_title(&first) => self.check_title(&first),
            Some(first) => {
                let at = self.place(&first);
                let message = if titles > 0 {
                    format!(
                        "<title> must be the first element inside <svg>, before {}; move it up",
                        describe(&first)
                    )
                } else {
                    "the logo has no <title>; add <title>Brand name</title> as the first element \
                     inside <svg>"
                        .to_owned()
                };
                self.error("title-first", at, message);
            }
            None => {
                let at = self.place(root);
                self.error(
                    "title-first",
                    at,
                    "the logo has no <title>; add <title>Brand name</title> as the first element \
                     inside <svg>",
                );
            }
        }
        for extra in extra_titles {
            let at = self.place(&extra);
            self.error(
                "title-once",
                at,
                "<svg> may hold only one <title>; remove the extra one",
            );
        }
        self.check_shape(root);
    }

    fn check_title(&mut self, title: &Node) {
        // Usually one run of text, read where it stands; pieces are joined only when several.
        let mut pieces = title.children().filter_map(|c| c.text());
        let text: Cow<str> = match (pieces.next(), pieces.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(only), None) => Cow::Borrowed(only),
            (Some(first), Some(second)) => {
                let mut joined = format!("{first}{second}");
                joined.extend(pieces);
                Cow::Owned(joined)
            }
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            let at = self.place(title);
            self.warn(
                "title-empty",
                at,
                "the <title> is empty; write the brand name in it",
            );
        } else if trimmed.chars().count() > RECOMMENDED_MAX_TITLE_CHARS {
            let at = self.place(title);
            self.warn(
                "title-long",
                at,
                format!(
                    "the <title> has {} characters; keep it to {RECOMMENDED_MAX_TITLE_CHARS} \
                     or fewer, as receivers may cut it",
                    trimmed.chars().count()
                ),
            );
        }
    }

    /// Square aspect and absolute dimensions: advice, from `viewBox` or `width`/`height`.
    fn check_shape(&mut self, root: &Node) {
        for name in ["width", "height"] {
            if root
                .attribute(name)
                .is_some_and(|v| v.trim().ends_with('%'))
            {
                let at = self.place(root);
                self.warn(
                    "relative-size",
                    at,
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
            let at = self.place(root);
            self.warn(
                "not-square",
                at,
                format!(
                    "the logo is {width}x{height}, not square; receivers show logos in a square \
                     or circle, so make the viewBox square and centre the artwork"
                ),
            );
        }
    }

    /// Checks one element against its rule and its parent's; returns what its children need.
    fn check_element(&mut self, node: &Node, parent: Option<Open>, under_root: bool) -> Open {
        let name = node.tag_name();
        let open = Open {
            element: profile::element(name.name()),
            svg: name.namespace() == Some(SVG_NS),
        };
        let (element, rule) = match (open.svg, open.element) {
            (true, Some(element)) => (element, element.rule),
            _ => {
                let at = self.place(node);
                self.error("element-not-allowed", at, element_advice(node));
                return open;
            }
        };
        if let Some(Open {
            element: Some(Element {
                rule: parent_rule, ..
            }),
            svg: parent_svg,
        }) = parent
        {
            let allowed = parent_svg && parent_rule.children.contains(&rule.name);
            // `title` under the root is judged by the title rules.
            let root_title = rule.name == "title" && under_root;
            if !allowed && !root_title {
                let at = self.place(node);
                let parent_node = node.parent_element();
                let parent_text = parent_node.as_ref().map(describe).unwrap_or_default();
                self.error(
                    "element-not-allowed",
                    at,
                    format!(
                        "{} may not stand inside {}; {}",
                        describe(node),
                        parent_text,
                        placement_advice(rule.name, parent_rule.name)
                    ),
                );
            }
        }

        let (mut id, mut xml_id) = (false, false);
        for attr in node.attributes() {
            let ns = attr.namespace();
            let local = attr.name();
            let value = attr.value();
            match element.attribute(ns, local) {
                Some(kind) if profile::accepts(kind, value) => {}
                Some(_) if rule.name == "svg" && matches!(local, "version" | "baseProfile") => {}
                // Validators differ on language tags (libxml2 takes any text), and a wrong
                // tag does not change how the logo renders: advice, not an error.
                Some(Value::LanguageOrEmpty) => {
                    let at = self.place(node);
                    self.warn(
                        "language-tag",
                        at,
                        format!(
                            "xml:lang=\"{value}\" is not a language tag; use one such as en or \
                             en-GB, or remove it"
                        ),
                    );
                }
                Some(kind) => {
                    let at = self.place(node);
                    self.error(
                        "attribute-value",
                        at,
                        value_advice(&qualified(ns, local), value, kind),
                    );
                }
                None => {
                    let at = self.place(node);
                    self.error(
                        "attribute-not-allowed",
                        at,
                        attribute_advice(node, ns, local),
                    );
                }
            }
            self.check_reference(node, ns, local, value);
            match (ns, local) {
                (None, "id") => id = true,
                (Some(XML_NS), "id") => xml_id = true,
                _ => {}
            }
        }
        if id && xml_id {
            let at = self.place(node);
            self.error(
                "attribute-not-allowed",
                at,
                format!("{} has both id and xml:id; keep only one", describe(node)),
            );
        }

        // Elements that may hold text need no look at their children here.
        if !rule.text {
            let stray_text = node
                .children()
                .filter(|c| c.node_type() == NodeType::Text)
                .filter_map(|c| c.text())
                .any(|t| {
                    t.bytes()
                        .any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                });
            if stray_text {
                let at = self.place(node);
                self.error(
                    "text-not-allowed",
                    at,
                    format!(
                        "{} holds text; only <title>, <desc>, <metadata>, <text> and \
                         <textArea> may, so remove it or move it into <text>",
                        describe(node)
                    ),
                );
            }
        }
        if rule.name == "desc"
            && node
                .children()
                .filter_map(|c| c.text())
                .all(|t| t.trim().is_empty())
        {
            let at = self.place(node);
            self.warn(
                "desc-empty",
                at,
                "the <desc> is empty; describe the logo or remove the element",
            );
        }
        open
    }

    /// References must stay inside the document: beyond what the schema can say.
    fn check_reference(&mut self, node: &Node, ns: Option<&str>, local: &str, value: &str) {
        if ns == Some(XML_NS) && local == "base" {
            let at = self.place(node);
            self.error(
                "external-reference",
                at,
                "xml:base changes how references resolve; remove it",
            );
        } else if local == "href" && !value.trim().starts_with('#') {
            let at = self.place(node);
            self.error(
                "external-reference",
                at,
                format!(
                    "{}=\"{value}\" points outside the logo; refer only to elements of the \
                     same file, as href=\"#id\"",
                    qualified(ns, local)
                ),
            );
        }
        // Most values (path data, numbers) hold no parenthesis: one quick scan rules them out.
        if !has_byte(value.as_bytes(), b'(') {
            return;
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
                let at = self.place(node);
                self.error(
                    "external-reference",
                    at,
                    format!(
                        "{} refers to url({target}), outside the logo; use url(#id) to an \
                         element of the same file",
                        qualified(ns, local)
                    ),
                );
            }
            rest = inner;
        }
    }
}

/// Whether the logo paints at least two colours (advice from the BIMI profile draft).
///
/// Only the first colour is kept; once a second is seen nothing more is looked at.
#[derive(Default)]
struct Colours<'v> {
    first: Option<Colour<'v>>,
    two: bool,
}

impl<'v> Colours<'v> {
    fn at_least_two(&self) -> bool {
        self.two
    }

    /// Looks at an element's paint; returns whether it or an enclosing element sets `fill`
    /// (shapes where none does paint black).
    fn open(&mut self, node: &Node<'v, '_>, enclosing_filled: bool) -> bool {
        if self.two {
            return false;
        }
        let mut fill = false;
        for attr in node.attributes() {
            if attr.namespace().is_some() {
                continue;
            }
            match attr.name() {
                "fill" => {
                    fill = true;
                    self.see(attr.value());
                }
                "stroke" | "stop-color" | "solid-color" | "color" => self.see(attr.value()),
                _ => {}
            }
        }
        let filled = fill || enclosing_filled;
        let paints_black_by_default = !filled
            && matches!(
                node.tag_name().name(),
                "path" | "rect" | "circle" | "ellipse" | "polygon" | "text" | "textArea"
            );
        if paints_black_by_default {
            self.add(Colour::Named("#000000"));
        }
        filled
    }

    fn see(&mut self, value: &'v str) {
        if let Some(colour) = Colour::parse(value) {
            self.add(colour);
        }
    }

    fn add(&mut self, colour: Colour<'v>) {
        match &self.first {
            None => self.first = Some(colour),
            Some(first) if !first.same(&colour) => self.two = true,
            Some(_) => {}
        }
    }
}

/// What would make parsing slow out of proportion to the file, found by a linear scan
/// before the parser runs: too many namespace declarations, or too many attributes on one
/// element (counted loosely; the limits are far above any logo).
fn beyond_parser_limits(text: &str) -> Option<String> {
    // Both scans use memchr's vectorised search, so they cost a small part of the parse
    // they protect.
    let bytes = text.as_bytes();
    let declarations = memchr::memmem::find_iter(bytes, b"xmlns").count();
    if declarations > MAX_NAMESPACE_DECLARATIONS {
        return Some(format!(
            "the file declares {declarations} namespaces (more than {MAX_NAMESPACE_DECLARATIONS}); \
             a logo needs the SVG namespace alone, so export it as plain SVG"
        ));
    }
    // An attribute takes at least four bytes (` a=""`) and a tag holds no `<`, so only a gap
    // of more than four bytes per allowed attribute between two `<` can hold too many.
    // Counting `=` there (values included) errs on the side of counting more.
    let starts = memchr::memchr_iter(b'<', bytes);
    let ends = starts.clone().skip(1).chain(std::iter::once(bytes.len()));
    for (start, end) in starts.zip(ends) {
        if end - start > 4 * MAX_ATTRIBUTES {
            let segment = &bytes[start..end];
            let tag = memchr::memchr(b'>', segment).map_or(segment, |close| &segment[..close]);
            if memchr::memchr_iter(b'=', tag).count() > MAX_ATTRIBUTES {
                return Some(format!(
                    "an element has more than {MAX_ATTRIBUTES} attributes; simplify the artwork"
                ));
            }
        }
    }
    None
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
    let mut numbers = [0.0; 4];
    let mut count = 0;
    for token in value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
    {
        let number = token.parse().ok()?;
        // Still read the rest: a bad token after a fifth number also makes it unreadable.
        if let Some(slot) = numbers.get_mut(count) {
            *slot = number;
        }
        count += 1;
    }
    (count == 4).then_some((numbers[2], numbers[3]))
}

/// Whether `needle` occurs in `bytes`. Reads 32 bytes at a time without an early exit inside
/// each block, which the compiler turns into vector compares: path data, most of a logo, is
/// scanned this way for `url(`.
fn has_byte(bytes: &[u8], needle: u8) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    let found = blocks
        .by_ref()
        .any(|block| block.iter().fold(false, |seen, b| seen | (*b == needle)));
    found || blocks.remainder().contains(&needle)
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

/// A paint value in a comparable form: what `fill="#FFF"`, `fill="white"` and
/// `fill="#ffffff"` have in common. Compared ignoring ASCII case, so nothing is lowercased or
/// copied.
enum Colour<'v> {
    /// `#rgb`, written out as `#rrggbb` in lower case.
    Short([u8; 7]),
    /// A named colour, as its `#rrggbb`.
    Named(&'static str),
    /// Anything else, trimmed.
    Other(&'v str),
}

impl<'v> Colour<'v> {
    /// The colour a paint value gives, or `None` when it paints nothing or refers elsewhere.
    fn parse(value: &'v str) -> Option<Self> {
        let value = value.trim();
        let is = |word: &str| value.eq_ignore_ascii_case(word);
        let refers = value
            .get(..4)
            .is_some_and(|start| start.eq_ignore_ascii_case("url("));
        if value.is_empty()
            || is("none")
            || is("inherit")
            || is("currentcolor")
            || is("transparent")
            || refers
        {
            return None;
        }
        const NAMED: [(&str, &str); 5] = [
            ("black", "#000000"),
            ("white", "#ffffff"),
            ("red", "#ff0000"),
            ("lime", "#00ff00"),
            ("blue", "#0000ff"),
        ];
        if let Some((_, hex)) = NAMED.iter().find(|(name, _)| is(name)) {
            return Some(Self::Named(hex));
        }
        if let [b'#', r, g, b] = *value.as_bytes()
            && [r, g, b].iter().all(u8::is_ascii_hexdigit)
        {
            let [r, g, b] = [r, g, b].map(|c| c.to_ascii_lowercase());
            return Some(Self::Short([b'#', r, r, g, g, b, b]));
        }
        Some(Self::Other(value))
    }

    fn text(&self) -> &[u8] {
        match self {
            Self::Short(hex) => hex,
            Self::Named(hex) => hex.as_bytes(),
            Self::Other(value) => value.as_bytes(),
        }
    }

    fn same(&self, other: &Self) -> bool {
        self.text().eq_ignore_ascii_case(other.text())
    }
}

/// Lines and columns of byte offsets, counted only when asked and onward from the last
/// answer: findings come mostly in document order, so a file with many findings is still
/// read about once.
struct Cursor<'t> {
    text: &'t str,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The 1-based line and column (in characters) of `offset`, as the parser counts them.
    fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = Self::new(self.text);
        }
        let span = &self.text.as_bytes()[self.offset..offset];
        let chars = |bytes: &[u8]| {
            // Every byte that does not continue a UTF-8 sequence starts a character.
            let count = bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count();
            u32::try_from(count).unwrap_or(u32::MAX)
        };
        match span.iter().rposition(|b| *b == b'\n') {
            Some(last) => {
                let lines = span.iter().filter(|b| **b == b'\n').count();
                self.line = self
                    .line
                    .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
                self.column = 1 + chars(&span[last + 1..]);
            }
            None => self.column = self.column.saturating_add(chars(span)),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor counts as the parser does, whether asked forward, backward or repeatedly.
    #[test]
    fn cursor_agrees_with_the_parser_on_lines_and_columns() {
        let text = "<svg>\n  <é a='ü'>\r\n\n<b/>€€ x\n</é>\n</svg>";
        let doc = Document::parse(text).unwrap();
        let mut cursor = Cursor::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|at| text.is_char_boundary(*at))
            .collect();
        let shuffled = offsets
            .iter()
            .rev()
            .chain(&offsets)
            .chain(offsets.iter().step_by(3));
        for &at in shuffled {
            let pos = doc.text_pos_at(at);
            assert_eq!(cursor.at(at), (pos.row, pos.col), "offset {at}");
        }
    }

    #[test]
    fn has_byte_finds_a_byte_anywhere() {
        let mut bytes = vec![b'a'; 100];
        assert!(!has_byte(&bytes, b'('));
        for at in [0, 31, 32, 63, 64, 99] {
            bytes[at] = b'(';
            assert!(has_byte(&bytes, b'('), "{at}");
            bytes[at] = b'a';
        }
        assert!(!has_byte(&[], b'('));
    }
}
