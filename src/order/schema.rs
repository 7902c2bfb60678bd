//! Enforcing the OpenAPI document's single-field constraints on a request body.
//!
//! The generated types check shapes, but not ranges, lengths or formats, and a typed parse
//! stops at the first problem. This walker reads the document itself (embedded at build
//! time), so every constraint written there is enforced and every violation is reported at
//! once, with its JSON path. It also tidies the body the way DigiCert's pages allow: an
//! optional field given as `null` or `""` is removed (with a warning), as it means "absent".

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde_json::{Map, Value};

use super::report::Path;
use crate::findings::Report;

static DOCUMENT: OnceLock<Value> = OnceLock::new();

/// The OpenAPI document, parsed once.
pub(crate) fn document() -> &'static Value {
    DOCUMENT.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/openapi.json")))
            .expect("build.rs writes the document as valid JSON")
    })
}

/// Checks `value` against the component schema `name`, adding findings to `report` and
/// removing optional fields given as `null` or `""`.
pub(crate) fn check(name: &str, value: &mut Value, report: &mut Report) {
    let schema = &document()["components"]["schemas"][name];
    Walker { report }.walk(schema, value, &Path::root());
}

struct Walker<'r> {
    report: &'r mut Report,
}

/// Follows `$ref`s to the schema they name.
fn resolve(schema: &Value) -> &Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            resolve(document().pointer(pointer).unwrap_or(&Value::Null))
        }
        None => schema,
    }
}

/// The value as a message may quote it: never anything that is or holds card data, never an
/// object or a list (card data pasted under another name would be quoted), never more than a
/// short prefix, and never a long run of digits (a mistyped card number fails the Luhn check
/// that masking relies on).
pub(crate) fn shown(path: &Path, value: &Value) -> String {
    if path.is_card() || holds_card(value) {
        return "the value given".to_owned();
    }
    match value {
        Value::Object(map) => return format!("an object with {} field(s)", map.len()),
        Value::Array(items) => return format!("a list of {} item(s)", items.len()),
        _ => {}
    }
    let text = value.to_string();
    if has_long_digit_run(&text) {
        return "the value given (it holds a long number, not repeated here)".to_owned();
    }
    const MAX: usize = 60;
    if text.len() <= MAX {
        return text;
    }
    let mut cut = MAX;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}... ({} characters)", &text[..cut], text.chars().count())
}

/// Whether the text holds 12 or more digits in a row (separators between groups allowed).
fn has_long_digit_run(text: &str) -> bool {
    let mut run = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= 12 {
                return true;
            }
        } else if !(run > 0
            && crate::redact::is_digit_separator(b)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            run = 0;
        }
    }
    false
}

/// Whether a value is, or holds at any depth, an object with a `credit_card` field.
fn holds_card(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.contains_key("credit_card") || map.values().any(holds_card),
        Value::Array(items) => items.iter().any(holds_card),
        _ => false,
    }
}

/// Compiled patterns of the document, each compiled once.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    static COMPILED: OnceLock<Mutex<HashMap<String, Option<regress::Regex>>>> = OnceLock::new();
    let cache = COMPILED.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let regex = cache
        .entry(pattern.to_owned())
        .or_insert_with(|| regress::Regex::new(pattern).ok());
    // A pattern the engine cannot compile is the document's fault, not the caller's.
    regex.as_ref().is_none_or(|re| re.find(text).is_some())
}

/// The documented values of an open list (`anyOf: [{enum: [...]}, {type: string}]`).
fn open_list(schema: &Value) -> Option<&Vec<Value>> {
    let [known, any] = schema.get("anyOf")?.as_array()?.as_slice() else {
        return None;
    };
    let values = known.get("enum")?.as_array()?;
    (any.get("type").is_some() && any.get("enum").is_none()).then_some(values)
}

impl Walker<'_> {
    fn walk(&mut self, schema: &Value, value: &mut Value, path: &Path) {
        let own = schema;
        let schema = resolve(schema);
        if own.get("deprecated") == Some(&Value::Bool(true))
            || schema.get("deprecated") == Some(&Value::Bool(true))
        {
            self.deprecated(own, schema, path);
        }
        // A property written as `allOf: [$ref]` beside its own description.
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.walk(part, value, path);
            }
            return;
        }
        if let Some(known) = open_list(schema) {
            self.open_list(known, value, path);
            return;
        }
        if let Some(forms) = schema.get("oneOf").and_then(Value::as_array) {
            self.one_of(schema, forms, value, path);
            return;
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => match value.as_object_mut() {
                Some(object) => self.object(schema, object, path),
                None => self.wrong_type(path, "an object", value),
            },
            Some("array") => match value.as_array_mut() {
                Some(items) => {
                    let item_schema = schema.get("items").unwrap_or(&Value::Null);
                    for (i, item) in items.iter_mut().enumerate() {
                        self.walk(item_schema, item, &path.index(i));
                    }
                }
                None => self.wrong_type(path, "an array", value),
            },
            Some("string") => match value.as_str() {
                Some(text) => self.string(schema, text, path),
                None => self.wrong_type(path, "a string", value),
            },
            Some("integer") => match value.as_i64() {
                Some(n) => self.integer(schema, n, path),
                None if value.as_u64().is_some() => self.report.error(
                    "range",
                    path,
                    format!(
                        "{path} is {}, far beyond any accepted value",
                        shown(path, value)
                    ),
                ),
                None => self.wrong_type(path, "a whole number", value),
            },
            Some("boolean") if !value.is_boolean() => {
                self.wrong_type(path, "true or false", value);
            }
            _ => {}
        }
    }

    fn wrong_type(&mut self, path: &Path, expected: &str, value: &Value) {
        self.report.error(
            "type",
            path,
            format!("{path} must be {expected}; got {}", shown(path, value)),
        );
    }

    fn deprecated(&mut self, own: &Value, schema: &Value, path: &Path) {
        let description = own
            .get("description")
            .or_else(|| schema.get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        // Descriptions name the replacement as "use `field`".
        let replacement = description
            .split("use `")
            .nth(1)
            .and_then(|rest| rest.split('`').next());
        let message = match replacement {
            Some(field) => format!("{path} is deprecated by DigiCert; use {field} instead"),
            None => format!("{path} is deprecated by DigiCert; leave it out"),
        };
        self.report.warning("deprecated", path, message);
    }

    /// A list DigiCert may extend: another value is sent as given, with a warning.
    fn open_list(&mut self, known: &[Value], value: &mut Value, path: &Path) {
        match value.as_str() {
            Some(text) if known.iter().any(|k| k.as_str() == Some(text)) => {}
            Some(text) => {
                let names: Vec<&str> = known.iter().filter_map(Value::as_str).collect();
                // DigiCert's values are written with `-`: `dns_txt_token` means one of them.
                let meant = nearest(&text.replace('_', "-"), &names)
                    .map(|name| format!("did you mean `{name}`? "))
                    .unwrap_or_default();
                self.report.warning(
                    "unknown-value",
                    path,
                    format!(
                        "{path} is \"{text}\", which DigiCert does not document; {meant}it is \
                         sent as given, but check it: the documented values are {}",
                        list(known)
                    ),
                )
            }
            None => self.wrong_type(path, "a string", value),
        }
    }

    /// A field DigiCert accepts in several forms: the value must take one of them.
    fn one_of(&mut self, schema: &Value, forms: &[Value], value: &mut Value, path: &Path) {
        let fits = forms.iter().any(|form| {
            let mut scratch = Report::default();
            Walker {
                report: &mut scratch,
            }
            .walk(form, &mut value.clone(), path);
            scratch.is_valid()
        });
        if !fits {
            let accepted: Vec<String> = forms
                .iter()
                .flat_map(|form| match form.get("enum").and_then(Value::as_array) {
                    Some(values) => values.iter().map(Value::to_string).collect(),
                    None if form.get("type").and_then(Value::as_str) == Some("boolean") => {
                        vec!["true".to_owned(), "false".to_owned()]
                    }
                    None => vec![form.to_string()],
                })
                .collect();
            let preferred = schema
                .get("example")
                .map(|e| format!(" (prefer {e})"))
                .unwrap_or_default();
            self.report.error(
                "type",
                path,
                format!(
                    "{path} is {}; DigiCert accepts {}{preferred}",
                    shown(path, value),
                    accepted.join(", ")
                ),
            );
        }
    }

    fn object(&mut self, schema: &Value, object: &mut Map<String, Value>, path: &Path) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));

        // Optional fields written as null or "" mean "absent": removed, with a warning.
        let absent: Vec<String> = object
            .iter()
            .filter(|(key, value)| {
                !required.contains(&key.as_str())
                    && properties.is_some_and(|p| p.contains_key(key.as_str()))
                    && (value.is_null() || value.as_str() == Some(""))
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in absent {
            let at = path.field(&key);
            let how = if object[&key].is_null() {
                "null"
            } else {
                "empty"
            };
            self.report.warning(
                "treated-as-absent",
                &at,
                format!("{at} is {how}, so it is left out of the order; remove it or give a value"),
            );
            object.remove(&key);
        }

        for name in &required {
            if !object.contains_key(*name) {
                let at = path.field(name);
                self.report
                    .error("required", &at, format!("{at} is required; add it"));
            }
        }
        let mut unknown = 0usize;
        for (key, value) in object.iter_mut() {
            let at = path.field(key);
            match properties.and_then(|p| p.get(key)) {
                Some(property) => self.walk(property, value, &at),
                None if closed && unknown >= MAX_UNKNOWN_FIELDS_SHOWN => unknown += 1,
                None if closed => {
                    unknown += 1;
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let hint = match nearest(key, &known) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the fields here are {}", known.join(", ")),
                    };
                    self.report.error(
                        "unknown-field",
                        &at,
                        format!(
                            "{at} is not a field DigiCert documents here, and DigiCert would \
                             ignore it; {hint}"
                        ),
                    );
                }
                None => {}
            }
        }
        if unknown > MAX_UNKNOWN_FIELDS_SHOWN {
            let more = unknown - MAX_UNKNOWN_FIELDS_SHOWN;
            self.report.error(
                "unknown-field",
                path,
                format!(
                    "{path} has {more} more fields that DigiCert does not document here; \
                     remove them"
                ),
            );
        }
    }

    fn string(&mut self, schema: &Value, text: &str, path: &Path) {
        let chars = text.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && chars < min
        {
            let message = if chars == 0 {
                format!("{path} is empty; give a value")
            } else {
                format!("{path} must have at least {min} character(s); it has {chars}")
            };
            self.report.error("length", path, message);
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && chars > max
        {
            self.report.error(
                "length",
                path,
                format!("{path} must have at most {max} characters; it has {chars}"),
            );
        }
        let hint = || {
            schema
                .get("description")
                .and_then(Value::as_str)
                .and_then(|d| d.split(['.', '\n']).next())
                .unwrap_or("see the document")
                .trim()
                .to_owned()
        };
        let quoted = || shown(path, &Value::String(text.to_owned()));
        if chars > 0
            && let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && !pattern_matches(pattern, text)
        {
            self.report.error(
                "pattern",
                path,
                format!("{path} is {}, which is not accepted: {}", quoted(), hint()),
            );
        } else if chars > 0
            && let Some(pattern) = schema.get("x-recommended-pattern").and_then(Value::as_str)
            && !pattern_matches(pattern, text)
        {
            self.report.warning(
                "pattern",
                path,
                format!(
                    "{path} is {}, which is sent as given but is not in the form DigiCert \
                     documents: {}",
                    quoted(),
                    hint()
                ),
            );
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.iter().any(|a| a.as_str() == Some(text))
        {
            self.report.error(
                "enum",
                path,
                format!("{path} is {}; use one of {}", quoted(), list(allowed)),
            );
        }
        if schema.get("format").and_then(Value::as_str) == Some("email")
            && chars > 0
            && !is_email(text)
        {
            self.report.error(
                "email",
                path,
                format!(
                    "{path} is {}, not an email address like name@example.com",
                    quoted()
                ),
            );
        }
    }

    fn integer(&mut self, schema: &Value, n: i64, path: &Path) {
        let min = schema.get("minimum").and_then(Value::as_i64);
        let max = schema.get("maximum").and_then(Value::as_i64);
        let shown = || shown(path, &Value::from(n));
        if let Some(range) = match (min, max) {
            (Some(a), Some(b)) if n < a || n > b => Some(format!("from {a} to {b}")),
            (Some(a), None) if n < a => Some(format!("{a} or more")),
            (None, Some(b)) if n > b => Some(format!("{b} or less")),
            _ => None,
        } {
            let mut message = format!("{path} must be {range}; got {}", shown());
            if path.as_str() == "credit_card.cvv" && n < 100 {
                message.push_str(
                    " (a CVV that starts with 0 cannot be sent, as DigiCert takes it as a \
                     number; pay by profile instead)",
                );
            }
            self.report.error("range", path, message);
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.iter().any(|a| a.as_i64() == Some(n))
        {
            self.report.error(
                "enum",
                path,
                format!("{path} is {}; use one of {}", shown(), list(allowed)),
            );
        }
    }
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Unknown fields of one object reported one by one; the rest are counted in one finding.
const MAX_UNKNOWN_FIELDS_SHOWN: usize = 20;

/// The known name closest to a misspelt one, when it is close enough to be what was meant.
pub(crate) fn nearest<'a>(given: &str, known: &[&'a str]) -> Option<&'a str> {
    let given_lower = given.to_ascii_lowercase();
    let length = given_lower.chars().count();
    known
        .iter()
        // Names whose lengths differ by more than the largest distance kept are never near.
        .filter(|k| length.abs_diff(k.chars().count()) <= 3)
        .map(|k| (edit_distance(&given_lower, &k.to_ascii_lowercase()), *k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).clamp(1, 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// A plain `local@domain.tld` check: enough to catch typos, not an RFC 5322 parser.
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_find_the_field_meant() {
        let known = [
            "payment_method",
            "enable_hosting",
            "email",
            "logo",
            "dns_names",
        ];
        assert_eq!(nearest("payment_methd", &known), Some("payment_method"));
        assert_eq!(nearest("enable_hostng", &known), Some("enable_hosting"));
        assert_eq!(nearest("emial", &known), Some("email"));
        assert_eq!(nearest("Payment_Method", &known), Some("payment_method"));
        assert_eq!(nearest("colour", &known), None);
    }
}
