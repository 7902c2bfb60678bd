//! Enforcing the OpenAPI document's single-field constraints on a request body.
//!
//! The generated types check shapes, but not ranges, enumerations on integers, lengths or
//! formats, and a typed parse stops at the first problem. This walker reads the document
//! itself (embedded at build time), so every constraint written there is enforced and every
//! violation is reported at once, with its JSON path.

use std::sync::OnceLock;

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

/// Checks `value` against the component schema `name`, adding findings to `report`.
pub(crate) fn check(name: &str, value: &Value, report: &mut Report) {
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

/// Values under these paths are secrets: messages never repeat them.
fn is_secret(path: &Path) -> bool {
    path.to_string().starts_with("credit_card.")
}

impl Walker<'_> {
    fn walk(&mut self, schema: &Value, value: &Value, path: &Path) {
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
        let shown = if is_secret(path) {
            "the value given".to_owned()
        } else {
            value.to_string()
        };
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => match value.as_object() {
                Some(object) => self.object(schema, object, path),
                None => self.wrong_type(path, "an object", &shown),
            },
            Some("array") => match value.as_array() {
                Some(items) => {
                    let item_schema = schema.get("items").unwrap_or(&Value::Null);
                    for (i, item) in items.iter().enumerate() {
                        self.walk(item_schema, item, &path.index(i));
                    }
                }
                None => self.wrong_type(path, "an array", &shown),
            },
            Some("string") => match value.as_str() {
                Some(text) => self.string(schema, text, path, &shown),
                None => self.wrong_type(path, "a string", &shown),
            },
            Some("integer") => match value.as_i64() {
                Some(n) => self.integer(schema, n, path, &shown),
                None if value.as_u64().is_some() => self.report.error(
                    "range",
                    path,
                    format!("{path} is {shown}, far beyond any accepted value"),
                ),
                None => self.wrong_type(path, "a whole number", &shown),
            },
            Some("boolean") if !value.is_boolean() => {
                self.wrong_type(path, "true or false", &shown);
            }
            _ => {}
        }
    }

    fn wrong_type(&mut self, path: &Path, expected: &str, shown: &str) {
        self.report.error(
            "type",
            path,
            format!("{path} must be {expected}; got {shown}"),
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

    fn object(&mut self, schema: &Value, object: &Map<String, Value>, path: &Path) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(name) {
                let at = path.field(name);
                self.report
                    .error("required", &at, format!("{at} is required; add it"));
            }
        }
        for (key, value) in object {
            let at = path.field(key);
            match properties.and_then(|p| p.get(key)) {
                Some(property) => self.walk(property, value, &at),
                None => self.report.warning(
                    "unknown-field",
                    &at,
                    format!(
                        "{at} is not a field DigiCert documents here; it is sent as given, so \
                         check its spelling or remove it"
                    ),
                ),
            }
        }
    }

    fn string(&mut self, schema: &Value, text: &str, path: &Path, shown: &str) {
        let chars = text.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && chars < min
        {
            self.report.error(
                "length",
                path,
                format!("{path} must have at least {min} character(s); it has {chars}"),
            );
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
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            let matches = regress::Regex::new(pattern)
                .map(|re| re.find(text).is_some())
                .unwrap_or(true);
            if !matches {
                let hint = schema
                    .get("description")
                    .and_then(Value::as_str)
                    .and_then(|d| d.split(['.', '\n']).next())
                    .unwrap_or("see the document");
                self.report.error(
                    "pattern",
                    path,
                    format!("{path} is {shown}, which is not accepted: {hint}"),
                );
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.iter().any(|a| a.as_str() == Some(text))
        {
            self.report
                .error("enum", path, enum_message(path, shown, allowed));
        }
        if schema.get("format").and_then(Value::as_str) == Some("email") && !is_email(text) {
            self.report.error(
                "email",
                path,
                format!("{path} is {shown}, not an email address like name@example.com"),
            );
        }
    }

    fn integer(&mut self, schema: &Value, n: i64, path: &Path, shown: &str) {
        let min = schema.get("minimum").and_then(Value::as_i64);
        let max = schema.get("maximum").and_then(Value::as_i64);
        let outside = min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m);
        if outside {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!("from {a} to {b}"),
                (Some(a), None) => format!("{a} or more"),
                (None, Some(b)) => format!("{b} or less"),
                (None, None) => unreachable!("outside needs a bound"),
            };
            let mut message = format!("{path} must be {range}; got {shown}");
            if path.to_string() == "credit_card.cvv" && n < 100 {
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
            self.report
                .error("enum", path, enum_message(path, shown, allowed));
        }
    }
}

fn enum_message(path: &Path, shown: &str, allowed: &[Value]) -> String {
    let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
    format!("{path} is {shown}; use one of {}", list.join(", "))
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
