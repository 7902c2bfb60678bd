//! Where an order stands: the reading of DigiCert's answers behind `markcert status`.
//!
//! [`StatusOutput`] is the shape (in [`crate::output`]); this module fills it from the Order
//! info, validation status and approval request answers, and decides what is done and what
//! the order still waits for, and on whom.

use crate::output::{
    ContactState, DomainState, IssuedCertificate, PendingKind, PendingStep, RequestState,
    StatusOutput, ValidationState,
};
use crate::types;

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
            expiry: Some(crate::Expiry::of_order(order, std::time::SystemTime::now()))
                .filter(|e| order.status.is_issued() && e.ends.is_some()),
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
