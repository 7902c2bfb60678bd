//! Finds a DOCTYPE in the prolog without letting an XML parser read it.
//!
//! Logos published on the web often carry `<!DOCTYPE svg PUBLIC ...>` with nothing declared in
//! it. Such a DOCTYPE is harmless, so the checker blanks it out and checks the rest of the file.
//! A DOCTYPE with an internal subset (`[ ... ]`) can declare entities (billion laughs, external
//! files), so it is refused without being parsed at all; so is anything this lexer does not
//! fully understand. The parser itself never sees a DTD.

use std::ops::Range;

/// The DOCTYPE of a document's prolog, as far as this lexer can tell.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Doctype {
    /// No DOCTYPE before the first element (or the prolog ends before one could be seen; the
    /// parser then reports what is wrong).
    None,
    /// `<!DOCTYPE name>`, optionally with a public or system identifier, declaring nothing.
    /// The range covers it from `<` to `>`.
    Plain(Range<usize>),
    /// A DOCTYPE with an internal subset, starting at this offset.
    WithSubset(usize),
    /// A DOCTYPE this lexer cannot read safely (cut short, a second one, odd syntax), starting
    /// at this offset.
    Unreadable(usize),
}

const DOCTYPE: &str = "<!DOCTYPE";

/// Scans the prolog of `text`: white space, comments, processing instructions (the XML
/// declaration among them) and at most one DOCTYPE. Linear in the length of the prolog.
pub(crate) fn doctype(text: &str) -> Doctype {
    let mut at = usize::from(text.starts_with('\u{FEFF}')) * '\u{FEFF}'.len_utf8();
    let mut found = None;
    loop {
        at = skip_space(text, at);
        let rest = &text[at..];
        let end = if rest.starts_with("<?") {
            rest.find("?>").map(|e| e + 2)
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            comment.find("-->").map(|e| "<!--".len() + e + "-->".len())
        } else if rest.starts_with(DOCTYPE) {
            if found.is_some() {
                return Doctype::Unreadable(at);
            }
            match declaration(text, at) {
                Doctype::Plain(range) => {
                    let end = range.end - at;
                    found = Some(range);
                    Some(end)
                }
                refused => return refused,
            }
        } else {
            // The first element, or something the parser will refuse.
            None
        };
        match end {
            Some(end) => at += end,
            None => break,
        }
    }
    found.map_or(Doctype::None, Doctype::Plain)
}

/// Reads `<!DOCTYPE S Name (S ExternalID)? S? ('[' ... ']' S?)? '>'` starting at `start`.
fn declaration(text: &str, start: usize) -> Doctype {
    let unreadable = Doctype::Unreadable(start);
    let bytes = text.as_bytes();
    let mut at = start + DOCTYPE.len();
    let after_keyword = skip_space(text, at);
    if after_keyword == at {
        return unreadable;
    }
    at = after_keyword;
    let name_end = text[at..]
        .find(|c: char| is_space(c) || c == '[' || c == '>')
        .map_or(text.len(), |e| at + e);
    if name_end == at {
        return unreadable;
    }
    at = skip_space(text, name_end);
    let literals = if text[at..].starts_with("PUBLIC") {
        2
    } else if text[at..].starts_with("SYSTEM") {
        1
    } else {
        0
    };
    if literals > 0 {
        // "PUBLIC" and "SYSTEM" are both six bytes.
        at += 6;
        for _ in 0..literals {
            let spaced = skip_space(text, at);
            if spaced == at {
                return unreadable;
            }
            at = spaced;
            // A quoted literal may hold `[` or `>`; they mean nothing inside it.
            let Some(&quote @ (b'"' | b'\'')) = bytes.get(at) else {
                return unreadable;
            };
            match bytes[at + 1..].iter().position(|b| *b == quote) {
                Some(len) => at += 1 + len + 1,
                None => return unreadable,
            }
        }
        at = skip_space(text, at);
    }
    match bytes.get(at) {
        Some(b'>') => Doctype::Plain(start..at + 1),
        Some(b'[') => Doctype::WithSubset(start),
        _ => unreadable,
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn skip_space(text: &str, at: usize) -> usize {
    at + text[at..]
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count()
}

/// `text` with `range` replaced by one space per character (line breaks kept), so every line
/// and column after it stays where it was.
pub(crate) fn blank(text: &str, range: Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..range.start]);
    out.extend(
        text[range.clone()]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' }),
    );
    out.push_str(&text[range.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC: &str = r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">"#;

    fn kind(text: &str) -> &'static str {
        match doctype(text) {
            Doctype::None => "none",
            Doctype::Plain(range) => {
                assert!(text[range].ends_with('>'));
                "plain"
            }
            Doctype::WithSubset(_) => "subset",
            Doctype::Unreadable(_) => "unreadable",
        }
    }

    #[test]
    fn plain_doctypes_are_found_past_declarations_comments_and_instructions() {
        assert_eq!(kind("<svg/>"), "none");
        assert_eq!(kind("<!DOCTYPE svg><svg/>"), "plain");
        assert_eq!(kind(&format!("{PUBLIC}\n<svg/>")), "plain");
        assert_eq!(kind("<!DOCTYPE svg SYSTEM 'a[b>.dtd' ><svg/>"), "plain");
        assert_eq!(
            kind("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- [ -->\n<?pi x?><!DOCTYPE svg><svg/>"),
            "plain"
        );
        assert_eq!(kind("<!-- <!DOCTYPE svg [ ]> --><svg/>"), "none");
    }

    #[test]
    fn internal_subsets_and_odd_doctypes_are_refused() {
        assert_eq!(kind("<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>"), "subset");
        assert_eq!(kind("<!DOCTYPE svg SYSTEM \"x.dtd\" [ ]><svg/>"), "subset");
        assert_eq!(kind("<!DOCTYPE svg PUBLIC \"x\"><svg/>"), "unreadable");
        assert_eq!(kind("<!DOCTYPE svg SYSTEM \"x.dtd><svg/>"), "unreadable");
        assert_eq!(kind("<!DOCTYPE svg SYSTEM\"x.dtd\"><svg/>"), "unreadable");
        assert_eq!(kind("<!DOCTYPE><svg/>"), "unreadable");
        assert_eq!(kind("<!DOCTYPEsvg><svg/>"), "unreadable");
        assert_eq!(kind("<!DOCTYPE svg"), "unreadable");
        assert_eq!(kind("<!DOCTYPE svg><!DOCTYPE svg><svg/>"), "unreadable");
    }

    #[test]
    fn blanking_keeps_lines_and_columns() {
        let text = "<!DOCTYPE é\n SYSTEM 'ü'><svg/>";
        let Doctype::Plain(range) = doctype(text) else {
            panic!("plain expected")
        };
        let blanked = blank(text, range);
        assert_eq!(
            blanked,
            format!("{}\n{}<svg/>", " ".repeat(11), " ".repeat(12))
        );
    }
}
