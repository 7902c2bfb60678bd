//! The JSON documents the `markcert` command prints with `--json`, as types.
//!
//! Each derives [`schemars::JsonSchema`]; the schemas are published in `schemas/` and the
//! tests check both that they match these types and that the command's output validates
//! against them. Rust programs can use the same types to read the command's output.

use serde::Serialize;

use crate::findings::{Finding, Report};
use crate::types;

/// `markcert validate --json` and `markcert logo check --json`: a verdict and every finding.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderOutcome {
    /// DigiCert answered the order request with the order.
    Answered,
    /// The answer was lost or unclear, and a lookup of the alternative order id found it.
    FoundByLookup,
}

/// `markcert order` (not a dry run): the order placed.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
