//! JSON paths into a request body, where order findings point.

use std::fmt;

use crate::findings::{Location, Report};

/// A JSON path into a request body, written as `organization.contacts[1].email`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    /// The body itself (written as the empty string).
    ///
    /// ```
    /// use digicert_mark_certs::order::Path;
    ///
    /// assert_eq!(Path::root().as_str(), "");
    /// assert_eq!(Path::root().to_string(), "the request body");
    /// ```
    pub fn root() -> Self {
        Self(String::new())
    }

    /// A field of the object at this path.
    ///
    /// ```
    /// use digicert_mark_certs::order::Path;
    ///
    /// let email = Path::root().field("organization").field("email");
    /// assert_eq!(email.as_str(), "organization.email");
    /// ```
    pub fn field(&self, name: &str) -> Self {
        if self.0.is_empty() {
            Self(name.to_owned())
        } else {
            Self(format!("{}.{name}", self.0))
        }
    }

    /// An item of the array at this path.
    ///
    /// ```
    /// use digicert_mark_certs::order::Path;
    ///
    /// let contact = Path::root().field("organization").field("contacts").index(1);
    /// assert_eq!(contact.field("email").as_str(), "organization.contacts[1].email");
    /// ```
    pub fn index(&self, i: usize) -> Self {
        Self(format!("{}[{i}]", self.0))
    }

    /// The path as text.
    ///
    /// ```
    /// use digicert_mark_certs::order::Path;
    ///
    /// assert_eq!(Path::root().field("vmc").field("logo").as_str(), "vmc.logo");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` for the body itself or anything inside `credit_card`, whose values are never
    /// quoted in a message.
    #[allow(dead_code)]
    pub(crate) fn is_card(&self) -> bool {
        self.0 == "credit_card"
            || self.0.starts_with("credit_card.")
            || self.0.starts_with("credit_card[")
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("the request body")
        } else {
            f.write_str(&self.0)
        }
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Self {
        Location::path(path.0.clone())
    }
}

/// The report for a body that is not JSON at all: one error, rule `json`.
///
/// ```
/// use digicert_mark_certs::order::not_json;
///
/// let error = serde_json::from_str::<serde_json::Value>("{\"years\": 1,}").unwrap_err();
/// let report = not_json(&error);
/// assert_eq!(report.rules(), ["json"]);
/// assert!(report.to_text().contains("line 1"));
/// ```
pub fn not_json(error: &serde_json::Error) -> Report {
    let mut report = Report::default();
    report.error(
        "json",
        &Path::root(),
        format!(
            "the body is not valid JSON (line {}, column {}): {}; fix the syntax",
            error.line(),
            error.column(),
            crate::redact::mask_card_numbers(&error.to_string())
        ),
    );
    report
}
