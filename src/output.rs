//! The JSON documents the `markcert` command prints with `--json`, as types.
//!
//! With the `json-schema` feature each derives `schemars::JsonSchema`; the schemas are
//! published in `schemas/`, and the tests check both that they match these types and that the
//! command's output validates against them. Rust programs can use the same types to read the command's output.

use serde::Serialize;

use crate::findings::{Finding, Report};
use crate::types;

/// `markcert validate --json` and `markcert logo check --json`: a verdict and every finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CheckOutput {
    /// `true` when no finding is an error.
    pub valid: bool,
    /// Every finding, errors and warnings, in the order found.
    pub findings: Vec<Finding>,
}

impl From<&Report> for CheckOutput {
    fn from(report: &Report) -> Self {
        Self {
            valid: report.is_valid(),
            findings: report.findings.clone(),
        }
    }
}

/// How `markcert order` learned that the order was placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderOutcome {
    /// DigiCert answered the order request with the order.
    Answered,
    /// The answer was lost or unclear, and a lookup of the alternative order id found it.
    FoundByLookup,
}

/// `markcert order` (not a dry run): the order placed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OrderOutput {
    /// The alternative order id the order carries: the way to find it again.
    pub alternative_order_id: String,
    /// How the order was learned to be placed.
    pub outcome: OrderOutcome,
    /// The order id (the first, when a lookup found several).
    pub order_id: i64,
    /// How many order requests were sent.
    pub posts: u32,
    /// DigiCert's answer, when it answered the order request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<types::OrderResponse>,
    /// The orders a lookup found: more than one means the same id was used for several
    /// orders, and the extra ones should be canceled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<types::AlternateOrder>,
}

impl From<&crate::Placement> for OrderOutput {
    fn from(placement: &crate::Placement) -> Self {
        let (outcome, order, orders) = match placement {
            crate::Placement::Answered(placed) => (
                OrderOutcome::Answered,
                Some(placed.order.clone()),
                Vec::new(),
            ),
            crate::Placement::FoundByLookup(found) => {
                (OrderOutcome::FoundByLookup, None, found.orders.clone())
            }
        };
        Self {
            alternative_order_id: placement.alternative_order_id().to_owned(),
            outcome,
            order_id: placement.order_id(),
            posts: placement.posts(),
            order,
            orders,
        }
    }
}

/// `markcert status --json`: where an order stands, and what it waits for and on whom.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct StatusOutput {
    /// The order id.
    pub order_id: i64,
    /// The order's status.
    pub status: types::OrderStatus,
    /// The alternative order id the order carries, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
    /// The domains the certificate covers (or will cover).
    pub domains: Vec<String>,
    /// What the order waits for, each with whom it waits on; empty once the order has ended.
    pub waiting_on: Vec<PendingStep>,
    /// The approval requests of the order.
    pub requests: Vec<RequestState>,
    /// The organization validations the order needs.
    pub organization_validations: Vec<ValidationState>,
    /// The verified contacts who must approve the order.
    pub verified_contacts: Vec<ContactState>,
    /// The domain validations the order needs.
    pub domain_validations: Vec<DomainState>,
    /// Where DigiCert serves the logo, when it hosts it (`l=` of the BIMI record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_logo_location: Option<String>,
    /// Where DigiCert serves the certificate chain, when it hosts it (`a=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_cert_location: Option<String>,
    /// The issued certificate, once there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<IssuedCertificate>,
    /// Why the validation status could not be read, when it could not (the rest still
    /// stands).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_unavailable: Option<String>,
}

/// A step an order waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PendingKind {
    /// An approval request waits for an administrator of the account.
    Approval,
    /// DigiCert validates the organization (or the mark).
    OrganizationValidation,
    /// A verified contact must confirm the order and prove their identity.
    VerifiedContact,
    /// Control of a domain must be proven.
    DomainValidation,
    /// Nothing is reported pending: DigiCert is processing the order.
    Processing,
}

/// One thing an order waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PendingStep {
    /// What kind of step.
    pub step: PendingKind,
    /// Who must act.
    pub on: String,
    /// What is pending, in words.
    pub detail: String,
}

/// An approval request of the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RequestState {
    /// Request id.
    pub id: i64,
    /// Its status, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Who asked for it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester: Option<String>,
}

/// An organization validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ValidationState {
    /// Validation type, such as `ov` or `ev`.
    pub kind: String,
    /// Its status, such as `pending` or `active`.
    pub status: String,
    /// Until when a completed validation holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validated_until: Option<String>,
    /// The checks still pending, by DigiCert's names.
    pub pending_checks: Vec<String>,
}

/// A verified contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ContactState {
    /// First and last name.
    pub name: String,
    /// Email address, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Job title, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Status of their approval.
    pub status: String,
}

/// A domain validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DomainState {
    /// The domain validated.
    pub domain: String,
    /// How control is proven (`email`, `dns-txt-token`, ...), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Its status.
    pub status: String,
}

/// The certificate of an issued order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IssuedCertificate {
    /// Certificate id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Serial number, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// First day of validity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last day of validity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_till: Option<String>,
}

/// Statuses of a validation, contact or domain that mean nothing is left to do.
const DONE: &[&str] = &[
    "active",
    "approved",
    "complete",
    "completed",
    "valid",
    "verified",
];

/// Whether the status of a validation, a verified contact or a domain (as DigiCert writes
/// it, in any case) means nothing is left to do: `approved`, `valid`, `verified`, ...
///
/// ```
/// use digicert_mark_certs::output::is_done;
///
/// assert!(is_done("Approved"));
/// assert!(!is_done("pending"));
/// ```
pub fn is_done(status: &str) -> bool {
    DONE.iter().any(|done| status.eq_ignore_ascii_case(done))
}

impl StatusOutput {
    /// The status of an order from its Order info answer, its validation status (or why it
    /// could not be read) and the details of its approval requests that were read.
    ///
    /// ```
    /// use digicert_mark_certs::output::{PendingKind, StatusOutput};
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let order: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 5, "status": "pending", "requests": [{"id": 6, "status": "pending"}]
    /// }))?;
    /// let status = StatusOutput::new(&order, Err("not read".to_owned()), &[]);
    /// assert_eq!(status.waiting_on[0].step, PendingKind::Approval);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(
        order: &types::OrderInfo,
        validation: Result<&types::OrderValidation, String>,
        requests: &[types::ApprovalRequest],
    ) -> Self {
        let mark = order.vmc.as_ref();
        let hosted_logo_location = order
            .hosted_logo_location
            .clone()
            .or_else(|| mark.and_then(|m| m.hosted_logo_location.clone()));
        let hosted_cert_location = order
            .hosted_cert_location
            .clone()
            .or_else(|| mark.and_then(|m| m.hosted_cert_location.clone()));
        let certificate = order.certificate.as_ref();
        let mut output = Self {
            order_id: order.id,
            status: order.status.clone(),
            alternative_order_id: order.alternative_order_id.clone(),
            domains: certificate.map(|c| c.dns_names.clone()).unwrap_or_default(),
            waiting_on: Vec::new(),
            requests: order
                .requests
                .iter()
                .map(|r| RequestState {
                    id: r.id,
                    status: r.status.as_ref().map(ToString::to_string),
                    requester: requests
                        .iter()
                        .find(|detail| detail.id == r.id)
                        .and_then(|detail| detail.requester.as_ref())
                        .map(user_name),
                })
                .collect(),
            organization_validations: Vec::new(),
            verified_contacts: Vec::new(),
            domain_validations: Vec::new(),
            hosted_logo_location,
            hosted_cert_location,
            certificate: certificate.filter(|_| order.status.is_issued()).map(|c| {
                IssuedCertificate {
                    id: c.id,
                    serial_number: c.serial_number.clone(),
                    valid_from: c.valid_from.clone(),
                    valid_till: c.valid_till.clone(),
                }
            }),
            validation_unavailable: None,
        };
        match validation {
            Ok(validation) => output.read_validation(validation),
            Err(why) => output.validation_unavailable = Some(why),
        }
        for contact in order.verified_contacts.iter().map(contact_state) {
            if !output.verified_contacts.contains(&contact) {
                output.verified_contacts.push(contact);
            }
        }
        if !order.status.is_final() {
            output.waiting_on = output.pending_steps();
        }
        output
    }

    fn read_validation(&mut self, validation: &types::OrderValidation) {
        for v in &validation.organization_validations {
            let mut pending_checks: Vec<String> = v
                .verification_details
                .iter()
                .filter(|(_, status)| status.as_str().is_some_and(|s| !is_done(s)))
                .map(|(check, _)| check.clone())
                .collect();
            pending_checks.sort();
            self.organization_validations.push(ValidationState {
                kind: v
                    .name
                    .clone()
                    .or_else(|| v.type_.clone())
                    .unwrap_or_else(|| "organization".to_owned()),
                status: v.status.clone().unwrap_or_else(|| "unknown".to_owned()),
                validated_until: v.validated_until.clone(),
                pending_checks,
            });
            self.verified_contacts
                .extend(v.verified_contacts.iter().map(contact_state));
        }
        for d in &validation.dns_name_validations {
            let domain = d
                .name_scope
                .clone()
                .or_else(|| d.dns_names.first().cloned())
                .unwrap_or_else(|| "a domain".to_owned());
            self.domain_validations.push(DomainState {
                domain,
                method: d.method.clone(),
                status: d.status.clone().unwrap_or_else(|| "unknown".to_owned()),
            });
        }
    }

    fn pending_steps(&self) -> Vec<PendingStep> {
        let mut steps = Vec::new();
        for request in &self.requests {
            if request.status.as_deref() == Some("pending") {
                let by = request
                    .requester
                    .as_ref()
                    .map(|name| format!(", asked for by {name}"))
                    .unwrap_or_default();
                steps.push(PendingStep {
                    step: PendingKind::Approval,
                    on: "an administrator of the CertCentral account".to_owned(),
                    detail: format!("request {} waits for approval{by}", request.id),
                });
            }
        }
        for v in self
            .organization_validations
            .iter()
            .filter(|v| !is_done(&v.status))
        {
            let checks = if v.pending_checks.is_empty() {
                String::new()
            } else {
                format!(" (pending: {})", v.pending_checks.join(", "))
            };
            steps.push(PendingStep {
                step: PendingKind::OrganizationValidation,
                on: "DigiCert's validation team".to_owned(),
                detail: format!("{} validation is {}{checks}", v.kind, v.status),
            });
        }
        for c in self
            .verified_contacts
            .iter()
            .filter(|c| !is_done(&c.status))
        {
            let who = match &c.email {
                Some(email) => format!("{} <{email}>", c.name),
                None => c.name.clone(),
            };
            steps.push(PendingStep {
                step: PendingKind::VerifiedContact,
                on: who,
                detail: format!(
                    "the verified contact is {}: they confirm the order from DigiCert's email \
                     and complete its identity check (documents, a video call) outside the API",
                    c.status
                ),
            });
        }
        for d in self
            .domain_validations
            .iter()
            .filter(|d| !is_done(&d.status))
        {
            let on = match d.method.as_deref() {
                Some("email") | None => format!("the contacts of {} (validation email)", d.domain),
                Some(method) => format!("whoever manages {} ({method})", d.domain),
            };
            steps.push(PendingStep {
                step: PendingKind::DomainValidation,
                on,
                detail: format!("control of {} is {}", d.domain, d.status),
            });
        }
        if steps.is_empty() {
            steps.push(PendingStep {
                step: PendingKind::Processing,
                on: "DigiCert".to_owned(),
                detail: format!(
                    "the order is {} and nothing is reported pending on your side",
                    self.status
                ),
            });
        }
        steps
    }
}

fn user_name(user: &types::AccountUser) -> String {
    let name = [user.first_name.as_deref(), user.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    match (&user.email, name.is_empty()) {
        (Some(email), true) => email.clone(),
        (Some(email), false) => format!("{name} <{email}>"),
        (None, false) => name,
        (None, true) => user
            .id
            .map_or_else(|| "someone".to_owned(), |id| format!("user {id}")),
    }
}

fn contact_state(contact: &types::VerifiedContact) -> ContactState {
    let name = [contact.first_name.as_deref(), contact.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    ContactState {
        name: if name.is_empty() {
            contact.user_id.as_ref().map_or_else(
                || "a verified contact".to_owned(),
                |id| format!("user {id}"),
            )
        } else {
            name
        },
        email: contact.email.clone(),
        job_title: contact.job_title.clone(),
        status: contact
            .status
            .clone()
            .unwrap_or_else(|| "unknown".to_owned()),
    }
}

/// `markcert watch`, when standard output is not a terminal: one JSON line per change of
/// status (the first poll counts as one).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WatchEvent {
    /// The order id.
    pub order_id: i64,
    /// The status now.
    pub status: types::OrderStatus,
    /// The status before, absent on the first poll.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<types::OrderStatus>,
    /// Whether the wait ends with this status (issued, rejected, canceled, revoked,
    /// expired).
    pub r#final: bool,
    /// Polls made so far.
    pub polls: u32,
    /// Seconds since the watch started.
    pub elapsed_seconds: u64,
    /// When the change was seen, RFC 3339 in UTC.
    pub at: String,
}

impl WatchEvent {
    /// The event for an order read by a poll.
    pub fn new(
        order: &types::OrderInfo,
        previous: Option<&types::OrderStatus>,
        polls: u32,
        elapsed: std::time::Duration,
    ) -> Self {
        Self {
            order_id: order.id,
            status: order.status.clone(),
            previous: previous.cloned(),
            r#final: order.status.is_final(),
            polls,
            elapsed_seconds: elapsed.as_secs(),
            at: crate::certificate::rfc3339(std::time::SystemTime::now()),
        }
    }
}

/// `markcert bimi record --json`: the record to publish.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct BimiRecordOutput {
    /// The mail domain.
    pub domain: String,
    /// The DNS name of the TXT record: `default._bimi.<domain>`.
    pub name: String,
    /// The TXT value: `v=BIMI1; l=...; a=...`.
    pub value: String,
    /// The record as a zone file line.
    pub zone_line: String,
    /// The logo URL (`l=`).
    pub logo_url: String,
    /// The certificate URL (`a=`).
    pub certificate_url: String,
    /// Warnings to check before publishing.
    pub findings: Vec<Finding>,
}

impl From<&crate::bimi::BimiRecord> for BimiRecordOutput {
    fn from(record: &crate::bimi::BimiRecord) -> Self {
        Self {
            domain: record.domain.clone(),
            name: record.name(),
            value: record.value(),
            zone_line: record.zone_line(),
            logo_url: record.logo_url.clone(),
            certificate_url: record.certificate_url.clone(),
            findings: record.findings.findings.clone(),
        }
    }
}
