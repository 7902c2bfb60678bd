//! The SVG Tiny PS checker: schema rules, and the receivers' rules beyond the schema.
//!
//! One module per job: [`preflight`] looks at the bytes before any XML parser does (another
//! format, size, encoding, DOCTYPE, parser limits) and parses; [`walk`] visits the parsed tree
//! once, checking each element and attribute against the profile; [`root`] holds the rules of
//! the root `<svg>` alone; [`paint`] counts colours; [`advice`] words what to fix; and
//! [`position`] turns byte offsets into lines and columns.

mod advice;
mod paint;
mod position;
mod preflight;
mod root;
mod walk;

use crate::findings::Report;

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
    preflight::run(svg)
}
