//! The JSON documents the `markcert` command prints with `--json`, as types.
//!
//! With the `json-schema` feature each derives `schemars::JsonSchema`; the schemas are
//! published in `schemas/`, and the tests check both that they match these types and that the
//! command's output validates against them. Rust programs can use the same types to read the command's output.

mod account;

use serde::Serialize;

pub use account::{
    OrderLine, OrdersOutput, OrganizationLine, OrganizationsOutput, ReissueOutput, ReissueResult,
};

use crate::findings::{Finding, Report};
use crate::types;

pub use crate::status::is_done;

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
    /// When the issued certificate ends, the days left, and whether a reissue (the plan
    /// runs on) or a renewal is due then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<crate::Expiry>,
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
    pub at: crate::values::Timestamp,
    /// What the order waits for, as its Order info shows it (approval requests, verified
    /// contacts); absent when nothing is shown open or the order has ended. Domain and
    /// organization validation are in `markcert status`, which reads the validation status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting_on: Vec<PendingStep>,
    /// On the last line of a watch only: how the wait ended for this order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<WatchEnd>,
}

/// The steps an order's Order info shows open, without the catch-all "processing" step
/// (which would claim nothing is pending where only the validation status could tell).
fn open_steps(order: &types::OrderInfo) -> Vec<PendingStep> {
    if order.status.is_final() {
        return Vec::new();
    }
    StatusOutput::new(order, Err(String::new()), &[])
        .waiting_on
        .into_iter()
        .filter(|step| step.step != PendingKind::Processing)
        .collect()
}

/// How a watch ended for an order, on its last line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WatchEnd {
    /// Issued: download the certificate.
    Issued,
    /// Ended without a certificate.
    Ended,
    /// Still open when the wait gave up.
    Deadline,
}

impl WatchEvent {
    /// The same event, marked as the last line of the watch.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::output::{WatchEnd, WatchEvent};
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let order: OrderInfo = serde_json::from_value(serde_json::json!({"id": 5, "status": "pending"}))?;
    /// let last = WatchEvent::new(&order, None, 3, Duration::from_secs(9)).ending(WatchEnd::Deadline);
    /// assert_eq!(last.end, Some(WatchEnd::Deadline));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn ending(mut self, end: WatchEnd) -> Self {
        self.end = Some(end);
        self
    }

    /// The event for an order read by a poll.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::output::WatchEvent;
    /// use digicert_mark_certs::types::{OrderInfo, OrderStatus};
    ///
    /// let order: OrderInfo = serde_json::from_value(serde_json::json!({"id": 5, "status": "issued"}))?;
    /// let event = WatchEvent::new(&order, Some(&OrderStatus::Pending), 12, Duration::from_secs(3600));
    /// assert!(event.r#final);
    /// assert_eq!((event.polls, event.elapsed_seconds), (12, 3600));
    /// assert_eq!(event.previous, Some(OrderStatus::Pending));
    ///
    /// // A pending order says what it waits for, as far as its Order info shows it.
    /// let order: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 5, "status": "pending", "requests": [{"id": 6, "status": "pending"}]
    /// }))?;
    /// let event = WatchEvent::new(&order, None, 1, Duration::ZERO);
    /// assert_eq!(event.waiting_on[0].step, digicert_mark_certs::output::PendingKind::Approval);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
            at: crate::values::Timestamp::now(),
            waiting_on: open_steps(order),
            end: None,
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
