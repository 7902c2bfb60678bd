//! The `--json` documents of the account and renewal commands.

use serde::Serialize;

use crate::client::{Expiry, Listing, ReissueOutcome};
use crate::types;

/// `markcert orders --json`: the account's mark certificate orders, each with when its
/// certificate ends and what is due then.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OrdersOutput {
    /// The orders listed (with `--expiring`, only those ending within the window).
    pub orders: Vec<OrderLine>,
    /// Whether every page was read; false when the page bound stopped the listing.
    pub complete: bool,
    /// Pages read.
    pub pages: u32,
    /// With `--expiring`: the window, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiring_within_days: Option<i64>,
}

/// One order of the account.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OrderLine {
    /// The order id.
    pub order_id: i64,
    /// Its status.
    pub status: types::OrderStatus,
    /// The product name id (`vmc_basic`, `mark_certificate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The domains its certificate names.
    pub domains: Vec<String>,
    /// The organization id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<i64>,
    /// When the certificate ends and what is due then.
    pub expiry: Expiry,
}

impl OrderLine {
    /// The line of a listed order, its expiry counted from `now`.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::types::OrderListItem;
    ///
    /// let order: OrderListItem = serde_json::from_str(
    ///     r#"{"id": 9, "status": "issued", "certificate": {"dns_names": ["example.com"], "valid_till": "2020-01-01"}}"#,
    /// )?;
    /// let line = digicert_mark_certs::output::OrderLine::new(&order, SystemTime::now());
    /// assert_eq!(line.domains, ["example.com"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(order: &types::OrderListItem, now: std::time::SystemTime) -> Self {
        Self {
            order_id: order.id,
            status: order.status.clone(),
            product: order.product.as_ref().and_then(|p| p.name_id.clone()),
            domains: order
                .certificate
                .as_ref()
                .map(|c| c.dns_names.clone())
                .unwrap_or_default(),
            organization_id: order.organization.as_ref().and_then(|o| o.id),
            expiry: Expiry::of_listed(order, now),
        }
    }

    /// Whether a reissue or renewal is due within `days` (an issued order whose certificate
    /// ends by then, or has ended).
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::types::OrderListItem;
    ///
    /// let order: OrderListItem = serde_json::from_str(
    ///     r#"{"id": 9, "status": "issued", "certificate": {"dns_names": ["example.com"], "valid_till": "2020-01-01"}}"#,
    /// )?;
    /// let line = digicert_mark_certs::output::OrderLine::new(&order, SystemTime::now());
    /// assert!(line.is_due_within(30));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn is_due_within(&self, days: i64) -> bool {
        self.status.is_issued() && self.expiry.is_within(days) && self.expiry.due.is_some()
    }
}

impl OrdersOutput {
    /// The output of a listing; with `expiring`, only the orders due within that many days.
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::{OrderQuery, output::OrdersOutput};
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let listing = client.list_orders(&OrderQuery::marks()).await?;
    /// let due = OrdersOutput::new(&listing, Some(30), SystemTime::now());
    /// println!("{} due", due.orders.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(
        listing: &Listing<types::OrderListItem>,
        expiring: Option<i64>,
        now: std::time::SystemTime,
    ) -> Self {
        let orders = listing
            .items
            .iter()
            .map(|order| OrderLine::new(order, now))
            .filter(|line| expiring.is_none_or(|days| line.is_due_within(days)))
            .collect();
        Self {
            orders,
            complete: listing.complete,
            pages: listing.pages,
            expiring_within_days: expiring,
        }
    }
}

/// `markcert organizations --json`: the account's organizations and their ids.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OrganizationsOutput {
    /// The organizations.
    pub organizations: Vec<OrganizationLine>,
    /// Whether every page was read.
    pub complete: bool,
}

/// One organization: the id to put in `organization.id`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OrganizationLine {
    /// The id, for `organization.id` of an order.
    pub id: i64,
    /// The legal name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The name as CertCentral shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Whether it can be used in new orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    /// Its validation status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl OrganizationsOutput {
    /// The output of a listing of organizations.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let listing = client.list_organizations().await?;
    /// let output = digicert_mark_certs::output::OrganizationsOutput::new(&listing);
    /// println!("{}", serde_json::to_string(&output).unwrap_or_default());
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(listing: &Listing<types::OrganizationSummary>) -> Self {
        Self {
            organizations: listing.items.iter().map(OrganizationLine::from).collect(),
            complete: listing.complete,
        }
    }
}

impl From<&types::OrganizationSummary> for OrganizationLine {
    fn from(o: &types::OrganizationSummary) -> Self {
        Self {
            id: o.id,
            name: o.name.clone(),
            display_name: o.display_name.clone(),
            is_active: o.is_active,
            status: o.status.clone(),
        }
    }
}

/// `markcert reissue --json`: what became of the reissue.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReissueOutput {
    /// The order id.
    pub order_id: i64,
    /// `requested` (DigiCert answered), `found` (the answer was unclear, the order shows the
    /// reissue), `not_seen` (unclear, and no reissue shows yet) or `unknown`.
    pub outcome: ReissueResult,
    /// The approval request ids DigiCert answered, when it answered.
    pub requests: Vec<i64>,
    /// What made the answer unclear, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unclear: Option<String>,
    /// The order's status as read afterwards, when it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<types::OrderStatus>,
}

/// The kinds of [`ReissueOutput::outcome`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReissueResult {
    /// DigiCert answered: the reissue is requested.
    Requested,
    /// The answer was unclear; the order shows the reissue.
    Found,
    /// The answer was unclear; no reissue shows on the order yet.
    NotSeen,
    /// The answer was unclear, and the reads that would tell failed.
    Unknown,
}

impl ReissueOutput {
    /// The output of a reissue of `order_id`.
    ///
    /// ```
    /// use digicert_mark_certs::ReissueOutcome;
    /// use digicert_mark_certs::output::{ReissueOutput, ReissueResult};
    ///
    /// let lost = ReissueOutcome::Unknown { unclear: "timed out".into(), reason: "503".into() };
    /// assert_eq!(ReissueOutput::new(5, &lost).outcome, ReissueResult::Unknown);
    /// ```
    pub fn new(order_id: i64, outcome: &ReissueOutcome) -> Self {
        let mut output = Self {
            order_id,
            outcome: ReissueResult::Unknown,
            requests: Vec::new(),
            unclear: None,
            status: None,
        };
        match outcome {
            ReissueOutcome::Requested(answer) => {
                output.outcome = ReissueResult::Requested;
                output.requests = answer.requests.iter().map(|r| r.id).collect();
            }
            ReissueOutcome::Found { unclear, order, .. } => {
                output.outcome = ReissueResult::Found;
                output.unclear = Some(unclear.clone());
                output.status = Some(order.status.clone());
            }
            ReissueOutcome::NotSeen { unclear, order } => {
                output.outcome = ReissueResult::NotSeen;
                output.unclear = Some(unclear.clone());
                output.status = Some(order.status.clone());
            }
            ReissueOutcome::Unknown { unclear, .. } => {
                output.unclear = Some(unclear.clone());
            }
        }
        output
    }
}
