//! What is checked before and around the parse: another format, size, encoding, the
//! DOCTYPE, the parser's limits, and a parse that fails.

use roxmltree::{Document, ParsingOptions};

use crate::findings::{Location, Report};
use crate::logo::prolog::{self, Doctype};
use crate::logo::{MAX_SVG_BYTES, sniff};

use super::position::Cursor;
use super::walk::Tree;
use super::{MAX_ATTRIBUTES, MAX_NAMESPACE_DECLARATIONS, MAX_NODES, RECOMMENDED_MAX_BYTES};

/// Checks SVG bytes; see [`super::check`].
pub(super) fn run(svg: &[u8]) -> Report {
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
                let at = Cursor::new(bytes).location(e.valid_up_to());
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
                    Cursor::new(text.as_bytes()).location(range.start),
                    "the file has a DOCTYPE; remove it, as SVG Tiny PS logos carry no DTD",
                );
                // It declares nothing: blank it out and check the rest of the file.
                blanked = prolog::blank(text, range);
                &blanked
            }
            Doctype::WithSubset(start) => {
                self.error(
                    "doctype",
                    Cursor::new(text.as_bytes()).location(start),
                    "the DOCTYPE has an internal subset ([ ... ]), where entities are declared; \
                     remove the DOCTYPE and write the text itself, as logos may not declare \
                     entities or load DTDs",
                );
                return;
            }
            Doctype::Unreadable(start) => {
                self.error(
                    "doctype",
                    Cursor::new(text.as_bytes()).location(start),
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
            cursor: Cursor::new(doc.input_text().as_bytes()),
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
