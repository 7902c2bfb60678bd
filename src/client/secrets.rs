//! The secrets a request carried, removed from the server text the client keeps.

use reqwest::header::HeaderValue;

use super::MarkClient;
use crate::order::MarkOrder;

/// The secrets a request carried, removed from every piece of server text the client keeps:
/// a server that echoes the key, a card number or a CVV does not get them printed.
pub(crate) struct Secrets<'a> {
    key: &'a str,
    card_number: Option<String>,
    cvv: Option<String>,
}

impl Secrets<'_> {
    /// The text without any of the secrets. JSON is read first, so a secret hidden behind
    /// `\u` escapes is found too; a JSON answer that held one comes back re-written, with the
    /// secret removed and every escape decoded.
    pub(crate) fn scrub(&self, text: String) -> String {
        self.scrub_checked(text).0
    }

    /// [`Secrets::scrub`], and whether anything was removed.
    pub(crate) fn scrub_checked(&self, text: String) -> (String, bool) {
        if let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) {
            let mut changed = false;
            self.scrub_value(&mut value, &mut changed);
            if changed {
                return (value.to_string(), true);
            }
        }
        let scrubbed = self.scrub_text(&text);
        let changed = scrubbed != text;
        (scrubbed, changed)
    }

    fn scrub_value(&self, value: &mut serde_json::Value, changed: &mut bool) {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let clean = self.scrub_text(s);
                if clean != *s {
                    *s = clean;
                    *changed = true;
                }
            }
            Value::Number(n) => {
                let text = n.to_string();
                let clean = self.scrub_text(&text);
                if clean != text {
                    *value = Value::String(clean);
                    *changed = true;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v, changed)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.scrub_value(&mut v, changed);
                    let clean = self.scrub_text(&key);
                    if clean != key {
                        *changed = true;
                    }
                    map.insert(clean, v);
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    fn scrub_text(&self, text: &str) -> String {
        let mut text = text.to_owned();
        if !self.key.is_empty() && text.contains(self.key) {
            text = text.replace(self.key, "<api key removed>");
        }
        if let Some(number) = &self.card_number {
            text = replace_digits(&text, number, "<card number removed>");
        }
        if let Some(cvv) = &self.cvv {
            text = replace_digits(&text, cvv, "<cvv removed>");
        }
        crate::redact::mask_card_numbers(&text).into_owned()
    }

    /// A header value, or a placeholder when it holds a secret.
    pub(crate) fn scrub_header(&self, value: &HeaderValue) -> HeaderValue {
        let text = String::from_utf8_lossy(value.as_bytes());
        if self.scrub_text(&text) == text {
            value.clone()
        } else {
            HeaderValue::from_static("<removed: it held a secret>")
        }
    }
}

/// Replaces each occurrence of the digit string `digits` that stands alone (no digit right
/// before or after it), allowing single separators (spaces, hyphens, dots...) between its
/// digits.
fn replace_digits(text: &str, digits: &str, with: &str) -> String {
    let wanted: Vec<u8> = digits.bytes().filter(u8::is_ascii_digit).collect();
    if wanted.is_empty() {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let starts_alone = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if starts_alone {
            // Match the digits, skipping single separators between them.
            let (mut j, mut k) = (i, 0);
            while k < wanted.len() && j < bytes.len() {
                if bytes[j] == wanted[k] {
                    k += 1;
                    j += 1;
                } else if k > 0 && crate::redact::is_digit_separator(bytes[j]) {
                    j += 1;
                } else {
                    break;
                }
            }
            let ends_alone = j >= bytes.len() || !bytes[j].is_ascii_digit();
            if k == wanted.len() && ends_alone {
                out.push_str(&text[copied..i]);
                out.push_str(with);
                copied = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

impl MarkClient {
    /// The secrets of a request: the key, and the card of an order paid by card.
    pub(crate) fn secrets<O: MarkOrder>(&self, order: Option<&O>) -> Secrets<'_> {
        let (card_number, cvv) = match order.and_then(MarkOrder::card) {
            Some(card) => (
                Some(card.number.expose().to_owned()),
                Some(card.cvv.expose().to_string()),
            ),
            None => (None, None),
        };
        Secrets {
            key: &self.key.0,
            card_number,
            cvv,
        }
    }
}
