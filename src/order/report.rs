//! Validation findings for order requests, each at a JSON path of the request body.

use std::fmt;

use serde::Serialize;

pub use crate::logo::Severity;

/// A JSON path into a request body, written as `organization.contacts[1].email`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    /// The body itself (written as the empty string).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// A field of the object at this path.
    pub fn field(&self, name: &str) -> Self {
        if self.0.is_empty() {
            Self(name.to_owned())
        } else {
            Self(format!("{}.{name}", self.0))
        }
    }

    /// An item of the array at this path.
    pub fn index(&self, i: usize) -> Self {
        Self(format!("{}[{i}]", self.0))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
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

impl Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One problem found in an order request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleViolation {
    /// Error (the order must not be sent) or warning (it may be).
    pub severity: Severity,
    /// Stable identifier of the rule, such as `card-needs-billing-address`.
    pub rule: String,
    /// Where in the body, as `organization.contacts[1].email` (empty for the body itself).
    pub path: Path,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for RuleViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity,
            self.rule,
            self.path.as_str(),
            self.message
        )
    }
}

/// Every finding about one order request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// All findings, errors and warnings, in the order they were found.
    pub findings: Vec<RuleViolation>,
}

impl Report {
    /// `true` when nothing blocks sending (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &RuleViolation> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &RuleViolation> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// The report for a body that is not JSON at all: one error, rule `json`.
    pub fn not_json(error: &serde_json::Error) -> Self {
        let mut report = Self::default();
        report.error(
            "json",
            &Path::root(),
            format!(
                "the body is not valid JSON (line {}, column {}): {error}; fix the syntax",
                error.line(),
                error.column()
            ),
        );
        report
    }

    /// The finding of `rule` at `path`, if reported.
    pub fn find(&self, rule: &str, path: &str) -> Option<&RuleViolation> {
        self.findings
            .iter()
            .find(|f| f.rule == rule && f.path.as_str() == path)
    }

    pub(crate) fn error(&mut self, rule: &str, path: &Path, message: String) {
        self.push(Severity::Error, rule, path, message);
    }

    pub(crate) fn warning(&mut self, rule: &str, path: &Path, message: String) {
        self.push(Severity::Warning, rule, path, message);
    }

    fn push(&mut self, severity: Severity, rule: &str, path: &Path, message: String) {
        self.findings.push(RuleViolation {
            severity,
            rule: rule.to_owned(),
            path: path.clone(),
            message,
        });
    }
}
