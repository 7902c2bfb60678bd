//! Making text safe to show: card numbers masked, server text cut short and unprintable
//! characters escaped.
//!
//! Every message the crate builds goes through [`mask_card_numbers`] (reports do it when a
//! finding is added), every piece of server text that reaches an error message goes through
//! [`server_text`], and everything shown that came from outside goes through the one escaping
//! function, [`untrusted`] (for text) or [`json_text`] (for JSON).
//!
//! ```
//! use digicert_mark_certs::redact::{mask_card_numbers, server_text};
//!
//! assert_eq!(mask_card_numbers("card 4111 1111 1111 1111 refused"), "card **** **** **** **** refused");
//! assert_eq!(mask_card_numbers("order 144457095"), "order 144457095");
//! assert_eq!(server_text("bad\u{1b}[31m news", 100), "bad\\u{1b}[31m news");
//! assert!(server_text(&"x".repeat(5000), 100).ends_with("[4900 more bytes not shown]"));
//! ```

use std::borrow::Cow;

/// Fewest and most digits a card number has.
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;

/// Replaces with `*` every digit of any run of 13 to 19 digits that passes the Luhn check, as
/// card numbers do. Digits may be grouped with one or two spaces, hyphens, dots, slashes,
/// underscores or line breaks between groups (`4111 1111 ...`, `4111\r\n1111 ...`); a
/// card number is looked for in every sequence of whole groups. Other text is returned
/// unchanged and unallocated.
///
/// ```
/// use digicert_mark_certs::redact::mask_card_numbers;
///
/// assert_eq!(mask_card_numbers("card 4111-1111-1111-1111"), "card ****-****-****-****");
/// // Not a card number: the Luhn check fails, or the run is too short.
/// assert_eq!(mask_card_numbers("4111 1111 1111 1112"), "4111 1111 1111 1112");
/// assert_eq!(mask_card_numbers("order 144457095"), "order 144457095");
/// // An object identifier whose digits happen to pass the Luhn check is not a card; the
/// // same digits grouped as a card is written are.
/// assert_eq!(mask_card_numbers("curve 1.2.840.10045.3.1.7"), "curve 1.2.840.10045.3.1.7");
/// assert_eq!(mask_card_numbers("card 4111.1111.1111.1111"), "card ****.****.****.****");
/// ```
pub fn mask_card_numbers(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut masked: Vec<usize> = Vec::new();
    // The groups of digits of the current run, as positions.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut i = 0;
    while i <= bytes.len() {
        match bytes.get(i) {
            Some(d) if d.is_ascii_digit() => current.push(i),
            Some(&b) if is_digit_separator(b) && !current.is_empty() => {
                // One or two separators (`\r\n`, ` - ` less its last space) between groups.
                let mut next = i + 1;
                if bytes.get(next).copied().is_some_and(is_digit_separator) {
                    next += 1;
                }
                groups.push(std::mem::take(&mut current));
                if bytes.get(next).is_some_and(u8::is_ascii_digit) {
                    i = next;
                    continue;
                }
                mark_cards(bytes, &groups, &mut masked);
                groups.clear();
            }
            _ => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
                mark_cards(bytes, &groups, &mut masked);
                groups.clear();
            }
        }
        i += 1;
    }
    if masked.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for at in masked {
        out[at] = b'*';
    }
    // Only ASCII digits were replaced by an ASCII character.
    Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

/// Characters people write between groups of a card number's digits.
pub(crate) fn is_digit_separator(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.' | b'/' | b'_' | b'\t' | b'\n' | b'\r')
}

/// Marks the digits of every sequence of whole groups that holds 13 to 19 digits and passes
/// the Luhn check. A dotted sequence with a group under three digits is an object identifier
/// or a version (`1.2.840.10045.3.1.7`), never a card written out, and is left as it is.
fn mark_cards(bytes: &[u8], groups: &[Vec<usize>], masked: &mut Vec<usize>) {
    for start in 0..groups.len() {
        let mut digits: Vec<usize> = Vec::new();
        let mut dotted = false;
        let mut short_group = false;
        for (n, group) in groups[start..].iter().enumerate() {
            if n > 0 {
                let separator = digits.last().map(|&at| bytes[at + 1]);
                dotted |= separator == Some(b'.');
            }
            short_group |= group.len() < 3;
            digits.extend_from_slice(group);
            if digits.len() > *CARD_DIGITS.end() {
                break;
            }
            if CARD_DIGITS.contains(&digits.len())
                && !(dotted && short_group)
                && luhn(digits.iter().map(|&at| bytes[at] - b'0'))
            {
                masked.extend_from_slice(&digits);
            }
        }
    }
}

/// The Luhn checksum that card numbers carry in their last digit.
fn luhn(digits: impl DoubleEndedIterator<Item = u8>) -> bool {
    let sum: u32 = digits
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Server text made safe to print on one line: card numbers masked (over the whole text,
/// so that a cut never leaves part of one readable), at most `limit` bytes (cut at a character
/// boundary, with a note of how much was left out), then escaped by [`untrusted`].
///
/// ```
/// use digicert_mark_certs::redact::server_text;
///
/// assert_eq!(server_text("line one\nline two", 100), "line one\\nline two");
/// assert_eq!(server_text("abcdef", 3), "abc [3 more bytes not shown]");
/// ```
pub fn server_text(text: &str, limit: usize) -> String {
    let masked = mask_card_numbers(text);
    let mut cut = masked.len().min(limit);
    while !masked.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = untrusted(&masked[..cut]).into_owned();
    if cut < masked.len() {
        out.push_str(&format!(" [{} more bytes not shown]", masked.len() - cut));
    }
    out
}

/// The one escaping of text that came from outside (a server, a certificate, an SVG, a PEM)
/// before it is shown: on one line (line breaks shown as `\n` and `\r`), with every
/// character that [`is_unsafe`] names written as `\u{..}`, so that the text can neither forge
/// a line of output, nor move or hide what is around it, nor drive the terminal. Text with
/// nothing to escape is returned unallocated.
///
/// ```
/// use digicert_mark_certs::redact::untrusted;
///
/// assert_eq!(untrusted("valid\nvalid: 0 error(s)"), "valid\\nvalid: 0 error(s)");
/// assert_eq!(untrusted("x\u{202E}y\u{E0041}"), "x\\u{202e}y\\u{e0041}");
/// assert_eq!(untrusted("証明書 ok"), "証明書 ok");
/// ```
pub fn untrusted(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\n' || c == '\r' || is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The characters that [`untrusted`] and [`json_text`] escape: C0 and C1 controls but the
/// tab, bidirectional controls, zero-width and other invisible formatting characters, line
/// and paragraph separators, tag characters (U+E0000 to U+E007F) and variation selectors.
///
/// ```
/// use digicert_mark_certs::redact::is_unsafe;
///
/// assert!(is_unsafe('\u{1b}'));
/// assert!(is_unsafe('\u{202E}'));
/// assert!(!is_unsafe('\t'));
/// assert!(!is_unsafe('é'));
/// ```
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// JSON text with the characters [`is_unsafe`] names written as `\u` escapes (UTF-16
/// surrogate pairs above U+FFFF), as serde_json already does for C0 controls: the value read
/// back is unchanged, and the text shows nothing that can reorder or hide output, on a
/// terminal or not. Such characters only occur inside JSON strings, so the result is JSON.
///
/// ```
/// use digicert_mark_certs::redact::json_text;
///
/// let text = serde_json::to_string(&"a\u{202E}b\u{9B}c").unwrap();
/// assert_eq!(json_text(&text), r#""a\u202eb\u009bc""#);
/// let back: String = serde_json::from_str(&json_text(&text)).unwrap();
/// assert_eq!(back, "a\u{202E}b\u{9B}c");
/// ```
pub fn json_text(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Server bytes as text for a message: lossy UTF-8, then [`server_text`].
///
/// ```
/// use digicert_mark_certs::redact::server_bytes;
///
/// assert_eq!(server_bytes(b"bad \xff byte", 100), "bad \u{FFFD} byte");
/// assert_eq!(server_bytes(b"0123456789", 4), "0123 [6 more bytes not shown]");
/// ```
pub fn server_bytes(bytes: &[u8], limit: usize) -> String {
    let shown = &bytes[..bytes.len().min(limit)];
    let mut text = server_text(&String::from_utf8_lossy(shown), limit);
    if bytes.len() > limit {
        text.push_str(&format!(" [{} more bytes not shown]", bytes.len() - limit));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_valid_runs_are_masked_in_every_form() {
        for (given, expected) in [
            ("4111111111111111", "****************"),
            ("n=4111-1111-1111-1111.", "n=****-****-****-****."),
            ("378282246310005", "***************"),
            ("x 6011111111111117 y", "x **************** y"),
            ("12 4111111111111111", "12 ****************"),
            ("4111  1111 1111 1111", "****  **** **** ****"),
            (
                "4111\r\n1111\r\n1111\r\n1111",
                "****\r\n****\r\n****\r\n****",
            ),
        ] {
            assert_eq!(mask_card_numbers(given), expected, "{given}");
        }
    }

    #[test]
    fn other_numbers_are_kept() {
        for kept in [
            "4111111111111112",
            "order 144457095, certificate 145451175",
            "2026-11-23",
            "123456789012",
            "4111   1111 1111 1111",
        ] {
            assert!(
                matches!(mask_card_numbers(kept), Cow::Borrowed(_)),
                "{kept}"
            );
        }
    }

    #[test]
    fn server_text_cuts_at_a_character_boundary() {
        let text = "é".repeat(10);
        let shown = server_text(&text, 5);
        assert!(shown.starts_with("éé "), "{shown}");
        assert!(shown.ends_with("[16 more bytes not shown]"), "{shown}");
    }

    #[test]
    fn control_and_invisible_characters_are_escaped_on_one_line() {
        assert_eq!(
            server_text("a\r\nb\u{7}\u{9b}c\td", 100),
            "a\\r\\nb\\u{7}\\u{9b}c\td"
        );
        // Right-to-left override, isolate, zero-width space, line separator, byte order mark.
        assert_eq!(
            server_text("x\u{202E}y\u{2067}z\u{200B}w\u{2028}v\u{FEFF}", 100),
            "x\\u{202e}y\\u{2067}z\\u{200b}w\\u{2028}v\\u{feff}"
        );
        // Tag characters, an invisible separator and a variation selector.
        assert_eq!(
            server_text("a\u{E0041}\u{E007F}b\u{180E}c\u{FE0F}", 100),
            "a\\u{e0041}\\u{e007f}b\\u{180e}c\\u{fe0f}"
        );
        // Text from any script is shown as it is.
        assert_eq!(
            server_text("Zertifikat ausgestellt, 証明書", 100),
            "Zertifikat ausgestellt, 証明書"
        );
    }

    #[test]
    fn a_card_number_cut_by_the_limit_is_masked_whole() {
        let shown = server_text("card 4111111111111111 refused", 12);
        assert!(shown.starts_with("card *******"), "{shown}");
        // A card number split across lines is still masked.
        assert_eq!(
            server_text("4111\n1111\r\n1111\n1111", 100),
            "****\\n****\\r\\n****\\n****"
        );
    }
}
