//! The walk over a parsed document: each element and attribute against the profile, the
//! references, processing instructions, and nesting depth.

use roxmltree::{Document, Node, NodeId, NodeType};

use crate::findings::{Finding, Location, Report, Severity};
use crate::logo::profile::{self, Element, SVG_NS, Value, XML_NS};

use super::MAX_DEPTH;
use super::advice::{
    attribute_advice, describe, element_advice, placement_advice, qualified, value_advice,
};
use super::paint::Colours;
use super::position::Cursor;

/// The checks of a parsed document, in one walk over its nodes.
///
/// The accepting path does no allocation per node: attribute values are compared where they
/// stand, lines and columns are only counted when a finding is made, and colours are no
/// longer looked at once two are seen.
pub(super) struct Tree<'a, 'input> {
    pub(super) doc: &'a Document<'input>,
    pub(super) report: &'a mut Report,
    /// Lines and columns of the parsed text.
    pub(super) cursor: Cursor<'input>,
    /// Processing instructions, found during the walk but reported before the other findings.
    pub(super) instructions: Report,
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
    pub(super) fn error(&mut self, rule: &'static str, at: Location, message: impl Into<String>) {
        self.report.error(rule, at, message);
    }

    pub(super) fn warn(&mut self, rule: &'static str, at: Location, message: impl Into<String>) {
        self.report.warning(rule, at, message);
    }

    /// Where a node starts, with the element's name.
    pub(super) fn place(&mut self, node: &Node) -> Location {
        let mut at = self.cursor.location(node.range().start);
        if node.is_element() {
            at.element = Some(describe(node));
        }
        at
    }

    /// Checks every element; fails when the tree turns out not to be well-formed XML.
    pub(super) fn check(&mut self) -> Result<(), Box<Finding>> {
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
            let at = self.cursor.location(node.range().start);
            self.instructions.error(
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

#[cfg(test)]
mod tests {
    use super::*;

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
