//! Order requests: validation of every rule before a paid request leaves, and small helpers
//! that build the generated request types.
//!
//! Validation checks the body as it will be sent: the constraints the OpenAPI document states
//! (ranges, lengths, patterns, enumerations, required fields), the rules between fields it
//! states in words, and the logo. Every finding is reported at once.
//!
//! ```
//! use digicert_mark_certs::order::{self, OrderKind};
//! use serde_json::json;
//!
//! let body = json!({
//!     "certificate": {"dns_names": ["example.com"]},
//!     "organization": {"id": 123456},
//!     "order_validity": {"years": 5},
//!     "payment_method": "card"
//! });
//! let report = order::validate_json(OrderKind::Cmc, &body);
//! assert!(!report.is_valid());
//! assert!(report.find("range", "order_validity.years").is_some());
//! assert!(report.find("card-needs-credit-card", "credit_card").is_some());
//! ```

mod builders;
mod report;
mod rules;
mod schema;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use builders::{
    BuildError, CardPayment, Mark, NewContact, NewOrganization, OrderExt, Payment, Renewal,
    VmcOrderExt, cmc_order, existing_organization, existing_user, new_organization, new_person,
    vmc_order,
};
pub use report::{Path, not_json};
pub use rules::OrderKind;

use crate::findings::Report;
use crate::generated::types;

/// Validates a VMC order as it will be sent.
pub fn validate_vmc(order: &types::VmcOrderRequest) -> Report {
    validate_typed(OrderKind::Vmc, order)
}

/// Validates a CMC order as it will be sent.
pub fn validate_cmc(order: &types::CmcOrderRequest) -> Report {
    validate_typed(OrderKind::Cmc, order)
}

fn validate_typed<T: Serialize>(kind: OrderKind, order: &T) -> Report {
    match serde_json::to_value(order) {
        Ok(body) => validate_body(kind, &body),
        Err(e) => {
            let mut report = Report::default();
            report.error(
                "serialize",
                &Path::root(),
                format!("the order cannot be written as JSON: {e}"),
            );
            report
        }
    }
}

fn validate_body(kind: OrderKind, body: &Value) -> Report {
    let mut report = Report::default();
    schema::check(kind.schema(), body, &mut report);
    rules::check(kind, body, &mut report);
    report
}

/// Validates a request body given as JSON, in DigiCert's own format.
///
/// Beyond [`validate_vmc`] and [`validate_cmc`], this also reports anything in the body that
/// would not be sent as written (a `null`, an empty list the generated types leave out), so
/// that nothing the caller wrote is silently dropped.
pub fn validate_json(kind: OrderKind, body: &Value) -> Report {
    match kind {
        OrderKind::Vmc => parse_json::<types::VmcOrderRequest>(kind, body).1,
        OrderKind::Cmc => parse_json::<types::CmcOrderRequest>(kind, body).1,
    }
}

/// Parses a JSON body into a generated request type, with the full validation report. The
/// request is returned only when the report has no error.
pub fn parse_json<T: DeserializeOwned + Serialize>(
    kind: OrderKind,
    body: &Value,
) -> (Option<T>, Report) {
    let mut report = validate_body(kind, body);
    let typed = match serde_json::from_value::<T>(body.clone()) {
        Ok(typed) => typed,
        Err(e) => {
            if report.is_valid() {
                // The schema check explains every usual cause; this is the safety net. The
                // parser's words may quote a value, so they are left out near card data.
                let detail = if body.get("credit_card").is_some() {
                    String::new()
                } else {
                    format!(": {e}")
                };
                report.error(
                    "body-shape",
                    &Path::root(),
                    format!("the body does not fit the request type{detail}"),
                );
            }
            return (None, report);
        }
    };
    match serde_json::to_value(&typed) {
        Ok(sent) => compare(body, &sent, &Path::root(), &mut report),
        Err(e) => report.error(
            "serialize",
            &Path::root(),
            format!("the order cannot be written as JSON: {e}"),
        ),
    }
    let valid = report.is_valid();
    (valid.then_some(typed), report)
}

/// Reports every place where what would be sent differs from what was given.
fn compare(given: &Value, sent: &Value, path: &Path, report: &mut Report) {
    match (given, sent) {
        (Value::Object(g), Value::Object(s)) => {
            for (key, value) in g {
                let at = path.field(key);
                match s.get(key) {
                    Some(sent_value) => compare(value, sent_value, &at, report),
                    None => report.error("body-changed", &at, dropped_message(&at, value)),
                }
            }
        }
        (Value::Array(g), Value::Array(s)) if g.len() == s.len() => {
            for (i, (a, b)) in g.iter().zip(s).enumerate() {
                compare(a, b, &path.index(i), report);
            }
        }
        (a, b) if numbers_equal(a, b) || a == b => {}
        _ => report.error(
            "body-changed",
            path,
            format!("{path} would not be sent as written; write it in the documented form"),
        ),
    }
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

fn dropped_message(at: &Path, value: &Value) -> String {
    match value {
        Value::Null => format!("{at} is null and would be left out; remove it or give a value"),
        Value::Array(items) if items.is_empty() => {
            format!("{at} is an empty list and would be left out; remove it or fill it")
        }
        _ => format!("{at} would be left out of the request; check the field"),
    }
}
