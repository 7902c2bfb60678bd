//! One shape for every finding: about an order body, a logo, or a certificate chain.
//!
//! A [`Finding`] has a severity (an error blocks, a warning does not, an info says what was not
//! checked), a stable rule id, a
//! [`Location`] and a message that says what to do. Every check of the crate returns a
//! [`Report`] of them, so the human and JSON renderers are written once.
//!
//! ```
//! use digicert_mark_certs::findings::{Location, Report, Severity};
//!
//! let mut report = Report::default();
//! report.warning("not-square", Location::svg(1, 1, "<svg>"), "make the viewBox square");
//! assert!(report.is_valid());
//! report.error("required", Location::path("order_validity"), "order_validity is required; add it");
//! assert!(!report.is_valid());
//! assert_eq!(report.errors().count(), 1);
//! assert_eq!(
//!     report.findings[1].to_string(),
//!     "error[required] order_validity: order_validity is required; add it"
//! );
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks: the order must not be sent, the logo or certificate must not be used.
    Error,
    /// Advice: it works, but receivers or DigiCert may not do what you expect.
    Warning,
    /// Neither: a fact about the check itself, such as a check that could not be made (no CRL
    /// was given). It does not count as a warning, so `--deny-warnings` is not tripped by it.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        })
    }
}

/// Where a finding points. Each part is present only where it applies: a finding about the
/// logo inside an order has both a JSON path (`vmc.logo`) and an SVG line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Location {
    /// JSON path into an order body, such as `organization.contacts[1].email`; empty for the
    /// body itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The SVG element concerned, as `<rect>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// 1-based line in the SVG.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in the SVG.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Position in a certificate chain: 0 for the leaf, then each issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
}

impl Location {
    /// Nowhere in particular: the whole input.
    ///
    /// ```
    /// use digicert_mark_certs::findings::Location;
    ///
    /// let whole = Location::none();
    /// assert_eq!(whole.path, None);
    /// assert_eq!(whole.to_string(), "");
    /// ```
    pub fn none() -> Self {
        Self::default()
    }

    /// A JSON path into an order body.
    ///
    /// ```
    /// use digicert_mark_certs::findings::Location;
    ///
    /// let location = Location::path("organization.contacts[0].email");
    /// assert_eq!(location.to_string(), "organization.contacts[0].email");
    /// ```
    pub fn path(path: impl Into<String>) -> Self {
        Self {
            path: Some(path.into()),
            ..Self::default()
        }
    }

    /// A line and column of an SVG, with the element there.
    ///
    /// ```
    /// use digicert_mark_certs::findings::Location;
    ///
    /// let location = Location::svg(3, 5, "<rect>");
    /// assert_eq!(location.to_string(), "3:5 <rect>");
    /// ```
    pub fn svg(line: u32, column: u32, element: impl Into<String>) -> Self {
        Self {
            element: Some(element.into()),
            line: Some(line),
            column: Some(column),
            ..Self::default()
        }
    }

    /// A line and column of an SVG, outside any element.
    ///
    /// ```
    /// use digicert_mark_certs::findings::Location;
    ///
    /// let location = Location::line_column(1, 40);
    /// assert_eq!((location.line, location.column, location.element), (Some(1), Some(40), None));
    /// ```
    pub fn line_column(line: u32, column: u32) -> Self {
        Self {
            line: Some(line),
            column: Some(column),
            ..Self::default()
        }
    }

    /// A certificate of a chain (0 for the leaf).
    ///
    /// ```
    /// use digicert_mark_certs::findings::Location;
    ///
    /// assert_eq!(Location::certificate(0).to_string(), "certificate 0 (leaf)");
    /// assert_eq!(Location::certificate(2).to_string(), "certificate 2");
    /// ```
    pub fn certificate(index: usize) -> Self {
        Self {
            certificate: Some(index),
            ..Self::default()
        }
    }

    /// The same place, inside the JSON field `path` (used for a logo inside an order).
    ///
    /// ```
    /// use digicert_mark_certs::findings::Location;
    ///
    /// let in_order = Location::svg(2, 1, "<script>").within("vmc.logo");
    /// assert_eq!(in_order.to_string(), "vmc.logo 2:1 <script>");
    /// ```
    pub fn within(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(index) = self.certificate {
            parts.push(match index {
                0 => "certificate 0 (leaf)".to_owned(),
                n => format!("certificate {n}"),
            });
        }
        if let Some(path) = self.path.as_deref().filter(|p| !p.is_empty()) {
            parts.push(path.to_owned());
        }
        match (self.line, self.column) {
            (Some(line), Some(column)) => parts.push(format!("{line}:{column}")),
            (Some(line), None) => parts.push(format!("line {line}")),
            _ => {}
        }
        if let Some(element) = &self.element {
            parts.push(element.clone());
        }
        f.write_str(&parts.join(" "))
    }
}

/// One problem found by a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Finding {
    /// Error (blocks) or warning (advice).
    pub severity: Severity,
    /// Stable identifier of the rule, such as `card-needs-billing-address` or
    /// `attribute-not-allowed`.
    pub rule: Cow<'static, str>,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Where.
    #[serde(flatten)]
    pub location: Location,
}

impl Finding {
    /// A finding. Messages are written by the crate; see [`Report::error`].
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Finding, Location, Severity};
    ///
    /// let finding = Finding::new(Severity::Warning, "not-square", Location::none(), "make it square");
    /// assert_eq!(finding.to_string(), "warning[not-square]: make it square");
    /// ```
    pub fn new(
        severity: Severity,
        rule: impl Into<Cow<'static, str>>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            rule: rule.into(),
            message: message.into(),
            location,
        }
    }

    /// The JSON path, or `""` when the finding has none.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Finding, Location, Severity};
    ///
    /// let at = Finding::new(Severity::Error, "required", Location::path("organization"), "add it");
    /// assert_eq!(at.path(), "organization");
    /// let nowhere = Finding::new(Severity::Error, "json", Location::none(), "not JSON");
    /// assert_eq!(nowhere.path(), "");
    /// ```
    pub fn path(&self) -> &str {
        self.location.path.as_deref().unwrap_or_default()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity, self.rule)?;
        let place = self.location.to_string();
        if !place.is_empty() {
            write!(f, " {place}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every finding of one check, in the order found.
///
/// A report is also an error (`Display` writes [`Report::to_text`] without its last line
/// break), so functions that refuse with a report work with `?` in a function returning
/// `Box<dyn std::error::Error>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// All findings, errors and warnings mixed.
    pub findings: Vec<Finding>,
}

impl Report {
    /// `true` when nothing blocks (warnings allowed).
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.warning("not-square", Location::none(), "make it square");
    /// assert!(report.is_valid());
    /// report.error("required", Location::path("organization"), "add it");
    /// assert!(!report.is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// `true` when there is no error and no warning (info findings allowed).
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.info("not-checked", Location::none(), "revocation: no CRL given");
    /// assert!(report.is_clean());
    /// report.warning("not-square", Location::none(), "make it square");
    /// assert!(!report.is_clean() && report.is_valid());
    /// ```
    pub fn is_clean(&self) -> bool {
        self.findings.iter().all(|f| f.severity == Severity::Info)
    }

    /// The errors only.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.warning("not-square", Location::none(), "make it square");
    /// report.error("required", Location::path("organization"), "add it");
    /// let errors: Vec<&str> = report.errors().map(|f| f.rule.as_ref()).collect();
    /// assert_eq!(errors, ["required"]);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warnings only.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.warning("not-square", Location::none(), "make it square");
    /// report.error("required", Location::path("organization"), "add it");
    /// let warnings: Vec<&str> = report.warnings().map(|f| f.rule.as_ref()).collect();
    /// assert_eq!(warnings, ["not-square"]);
    /// ```
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// Whether a finding of `rule` was reported, anywhere.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.error("required", Location::path("organization"), "add it");
    /// assert!(report.has("required"));
    /// assert!(!report.has("range"));
    /// ```
    pub fn has(&self, rule: &str) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    /// The finding of `rule` at the JSON path `path`, if reported.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.error("required", Location::path("organization"), "add it");
    /// assert!(report.find("required", "organization").is_some());
    /// assert!(report.find("required", "certificate").is_none());
    /// ```
    pub fn find(&self, rule: &str, path: &str) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| f.rule == rule && f.path() == path)
    }

    /// The rule ids of the errors and warnings, in order (handy in tests and logs); info
    /// findings are left out.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.error("required", Location::path("organization"), "add it");
    /// report.info("not-checked", Location::none(), "revocation: no CRL given");
    /// report.warning("not-square", Location::none(), "make it square");
    /// assert_eq!(report.rules(), ["required", "not-square"]);
    /// ```
    pub fn rules(&self) -> Vec<&str> {
        self.findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| f.rule.as_ref())
            .collect()
    }

    /// The info findings only: what the check says of itself (checks not made).
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.info("not-checked", Location::none(), "revocation: no CRL given");
    /// assert_eq!(report.infos().count(), 1);
    /// ```
    pub fn infos(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Info)
    }

    /// Adds an error.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report, Severity};
    ///
    /// let mut report = Report::default();
    /// report.error("required", Location::path("organization"), "organization is required");
    /// assert_eq!(report.findings[0].severity, Severity::Error);
    /// assert_eq!(report.findings[0].to_string(), "error[required] organization: organization is required");
    /// ```
    pub fn error(
        &mut self,
        rule: impl Into<Cow<'static, str>>,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) {
        self.push(Finding::new(
            Severity::Error,
            rule,
            location.into(),
            message,
        ));
    }

    /// Adds a warning.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report, Severity};
    ///
    /// let mut report = Report::default();
    /// report.warning("not-square", Location::svg(1, 1, "<svg>"), "make the viewBox square");
    /// assert_eq!(report.findings[0].severity, Severity::Warning);
    /// assert!(report.is_valid());
    /// ```
    pub fn warning(
        &mut self,
        rule: impl Into<Cow<'static, str>>,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) {
        self.push(Finding::new(
            Severity::Warning,
            rule,
            location.into(),
            message,
        ));
    }

    /// Adds an info finding: a fact about the check, neither an error nor a warning.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report, Severity};
    ///
    /// let mut report = Report::default();
    /// report.info("not-checked", Location::none(), "revocation: no CRL given (--crl)");
    /// assert_eq!(report.findings[0].severity, Severity::Info);
    /// assert!(report.is_valid() && report.is_clean());
    /// ```
    pub fn info(
        &mut self,
        rule: impl Into<Cow<'static, str>>,
        location: impl Into<Location>,
        message: impl Into<String>,
    ) {
        self.push(Finding::new(Severity::Info, rule, location.into(), message));
    }

    /// Adds a finding. Its message is masked first: a digit run that looks like a card
    /// number never reaches a report (see [`crate::redact::mask_card_numbers`]).
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Finding, Location, Report, Severity};
    ///
    /// let mut report = Report::default();
    /// let message = "card 4111 1111 1111 1111 refused";
    /// report.push(Finding::new(Severity::Error, "card", Location::none(), message));
    /// assert!(!report.findings[0].message.contains("4111"));
    /// ```
    pub fn push(&mut self, mut finding: Finding) {
        if let Cow::Owned(masked) = crate::redact::mask_card_numbers(&finding.message) {
            finding.message = masked;
        }
        self.findings.push(finding);
    }

    /// Adds every finding of `other`.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut order = Report::default();
    /// order.error("required", Location::path("organization"), "add it");
    /// let mut logo = Report::default();
    /// logo.warning("not-square", Location::none(), "make it square");
    /// order.extend(logo);
    /// assert_eq!(order.rules(), ["required", "not-square"]);
    /// ```
    pub fn extend(&mut self, other: Report) {
        for finding in other.findings {
            self.push(finding);
        }
    }

    /// One line per finding, then a verdict line: what the CLI prints.
    ///
    /// ```
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.error("required", Location::path("organization"), "add it");
    /// assert_eq!(
    ///     report.to_text(),
    ///     "error[required] organization: add it\ninvalid: 1 error(s), 0 warning(s)\n"
    /// );
    /// ```
    pub fn to_text(&self) -> String {
        let mut out: String = self.findings.iter().map(|f| format!("{f}\n")).collect();
        out.push_str(&format!(
            "{}: {} error(s), {} warning(s)\n",
            if self.is_valid() { "valid" } else { "invalid" },
            self.errors().count(),
            self.warnings().count()
        ));
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_text().trim_end_matches('\n'))
    }
}

impl std::error::Error for Report {}
