//! Placing an order: one POST, and lookups of its alternative order id before any POST
//! whose need is in doubt.
//!
//! - An order whose alternative order id the caller gave (it may be a resume after an unclear
//!   outcome) is looked up first: found, it is returned with no POST; a lookup that fails or
//!   is unclear leaves the outcome unknown, and nothing is sent; only a clear empty answer
//!   lets the POST go.
//! - After the POST, [`decide`] says what comes next; an unclear end is followed by lookups
//!   over the policy's window, and a resend only when every one of them answered "none".

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Serialize;

use super::transport::{Counts, Effect, Limit, Next, Outcome, Request, decide, redirect_reason};
use super::{Error, MarkClient, Secrets, error, policy, take};
use crate::order::{MarkOrder, PreparedOrder};
use crate::raw;
use crate::redact::server_text;
use crate::types;
use policy::{OrderStatusMeaning, jitter, order_status_meaning, refused_before_sending};

/// How an order came to be known placed.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
// One value per order: the size of a variant does not matter, matching on it directly does.
#[allow(clippy::large_enum_variant)]
pub enum Placement {
    /// DigiCert answered the order request with the order.
    Answered(PlacedOrder),
    /// The answer to the order request was lost or unclear; looking up the alternative order
    /// id found the order. `FoundOrder::orders` lists every order found: more than one means
    /// the same id was used for several orders, and the extra ones should be canceled.
    FoundByLookup(FoundOrder),
}

impl Placement {
    /// The order id (the first, when a lookup found several).
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let placement = client.order(order).await?;
    /// let info = client.order_info(placement.order_id()).await?;
    /// println!("{}", info.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn order_id(&self) -> i64 {
        match self {
            Self::Answered(placed) => placed.order.id,
            Self::FoundByLookup(found) => found.orders.first().map_or(0, |o| o.order_id),
        }
    }

    /// The alternative order id the order carries.
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let placement = client.order(order).await?;
    /// // Keep it: it finds the order again.
    /// println!("{}", placement.alternative_order_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn alternative_order_id(&self) -> &str {
        match self {
            Self::Answered(placed) => &placed.alternative_order_id,
            Self::FoundByLookup(found) => &found.alternative_order_id,
        }
    }

    /// How many order POSTs were sent.
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let placement = client.order(order).await?;
    /// if placement.posts() > 1 {
    ///     println!("the order was sent again after lookups found nothing");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn posts(&self) -> u32 {
        match self {
            Self::Answered(placed) => placed.posts,
            Self::FoundByLookup(found) => found.posts,
        }
    }

    /// More than one order carries the alternative order id.
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let placement = client.order(order).await?;
    /// if placement.has_duplicates() {
    ///     for found in client.find_orders(placement.alternative_order_id()).await? {
    ///         println!("order {} carries the same id", found.order_id);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn has_duplicates(&self) -> bool {
        matches!(self, Self::FoundByLookup(found) if found.orders.len() > 1)
    }
}

/// A placed order, as DigiCert answered it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PlacedOrder {
    /// The parsed answer: order id, requests and their status, domains and DCV tokens,
    /// certificate id, logo id.
    pub order: types::OrderResponse,
    /// The alternative order id the order carries.
    pub alternative_order_id: String,
    /// HTTP status of the answer.
    pub status: u16,
    /// The answer as received.
    pub raw_body: String,
    /// The headers of that answer.
    #[serde(skip)]
    pub headers: HeaderMap,
    /// How many order POSTs were sent.
    pub posts: u32,
}

/// Orders found by their alternative order id after an unclear outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FoundOrder {
    /// Every order found that carries the id (at least one).
    pub orders: Vec<types::AlternateOrder>,
    /// The alternative order id looked up.
    pub alternative_order_id: String,
    /// Why the order's own answer was not used.
    pub unclear: String,
    /// How many order POSTs were sent.
    pub posts: u32,
    /// How many lookups were made.
    pub lookups: u32,
}

/// What one order POST came to.
#[allow(clippy::large_enum_variant)]
enum Attempt {
    Answered(PlacedOrder),
    Refused(Error),
    RateLimited {
        retry_after: Option<Duration>,
        body: String,
    },
    /// The connection was refused: nothing was written.
    NotSent(reqwest::Error),
    /// Nothing was sent, and trying again would meet the same failure (no such host, TLS).
    Unreachable(reqwest::Error),
    UnreadableSuccess(Error),
    /// It may have been placed.
    Unclear {
        reason: String,
        body: Option<String>,
        retry_after: Option<Duration>,
    },
}

impl Attempt {
    /// What [`decide`] is told of the attempt.
    fn outcome(&self) -> Outcome {
        match self {
            Self::Answered(_) => Outcome::Success,
            Self::Refused(Error::Config(_)) => Outcome::Unwritable,
            Self::Refused(_) => Outcome::Refused,
            Self::RateLimited { retry_after, .. } => Outcome::RateLimited {
                retry_after: *retry_after,
            },
            Self::NotSent(_) => Outcome::NotSent,
            Self::Unreachable(_) => Outcome::Unreachable,
            Self::UnreadableSuccess(_) => Outcome::Unreadable,
            Self::Unclear { .. } => Outcome::Lost,
        }
    }
}

/// What the lookups over the whole window came to.
enum Confirmation {
    Found(Vec<types::AlternateOrder>, u32),
    Absent,
    Unknown(String),
}

impl MarkClient {
    /// Prepares (validates once) and places an order. See [`MarkClient::place`].
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let placement = client.order(order).await?;
    /// println!("order {}", placement.order_id());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn order<O: MarkOrder>(&self, order: O) -> Result<Placement, Error> {
        let prepared = PreparedOrder::new(order).map_err(Error::Invalid)?;
        self.place(&prepared).await
    }

    /// Places a prepared order through its generated operation, with the policy of the module
    /// documentation. Nothing is sent when the order has warnings and the client denies them.
    ///
    /// When the caller chose the alternative order id (in the body, or with
    /// [`crate::order::PrepareOptions::alternative_order_id`]), the order may have been placed
    /// already, by an earlier run whose outcome was unclear: the id is looked up before any
    /// POST. An order found is returned as [`Placement::FoundByLookup`] with no POST sent; a
    /// lookup that fails or is unclear is [`Error::OutcomeUnknown`], with nothing sent.
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, PrepareOptions, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    /// use digicert_mark_certs::Placement;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// // Resuming with the id of an earlier attempt never buys a second certificate.
    /// let options = PrepareOptions::new().alternative_order_id("brandvmc2026a");
    /// let prepared = PreparedOrder::with_options(order, options).map_err(|r| r.to_text())?;
    /// match client.place(&prepared).await? {
    ///     Placement::FoundByLookup(found) if found.posts == 0 => println!("placed before"),
    ///     placement => println!("order {}", placement.order_id()),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn place<O: MarkOrder>(
        &self,
        prepared: &PreparedOrder<O>,
    ) -> Result<Placement, Error> {
        if self.deny_warnings && !prepared.report().is_clean() {
            return Err(Error::Invalid(prepared.report().clone()));
        }
        let id = prepared.alternative_order_id();
        let operation = match O::KIND {
            crate::order::OrderKind::Vmc => "order_vmc",
            crate::order::OrderKind::Cmc => "order_cmc",
        };
        let secrets = self.secrets(Some(prepared.order()));
        if !prepared.id_was_generated() {
            tracing::info!(
                alternative_order_id = id,
                "the alternative order id was given: looking it up before ordering"
            );
            match self.lookup(id, &secrets).await {
                Ok(orders) if !orders.is_empty() => {
                    tracing::info!(
                        alternative_order_id = id,
                        "an order with this alternative order id was placed before; nothing sent"
                    );
                    return Ok(Placement::FoundByLookup(FoundOrder {
                        orders,
                        alternative_order_id: id.to_owned(),
                        unclear: "the alternative order id was given, and an order carrying it \
                                  was placed before"
                            .to_owned(),
                        posts: 0,
                        lookups: 1,
                    }));
                }
                Ok(_) => {}
                Err(e) => {
                    return Err(Error::OutcomeUnknown {
                        alternative_order_id: id.to_owned(),
                        reason: format!(
                            "nothing was sent: an order with this id may have been placed \
                             before, and looking it up failed: {e}"
                        ),
                        body: None,
                    });
                }
            }
        }
        let mut posts = 0u32;
        let mut counts = Counts::default();
        loop {
            posts += 1;
            tracing::info!(
                operation,
                alternative_order_id = id,
                attempt = posts,
                "sending the order"
            );
            let attempt = self.post_once(prepared, posts, &secrets).await;
            let next = decide(
                Effect::PaidOrder,
                attempt.outcome(),
                counts,
                &self.retry,
                None,
                jitter(),
            );
            let (reason, body, retry_after) = match (next, attempt) {
                (Next::Answered, Attempt::Answered(placed)) => {
                    tracing::info!(
                        order_id = placed.order.id,
                        alternative_order_id = id,
                        "order placed"
                    );
                    return Ok(Placement::Answered(placed));
                }
                (Next::WaitOut(wait), _) => {
                    counts.rate_limited += 1;
                    tracing::info!(
                        operation,
                        wait_ms = wait.as_millis() as u64,
                        "rate limited by DigiCert; waiting"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                (Next::GiveUp(Limit::RateLimit), Attempt::RateLimited { retry_after, body }) => {
                    return Err(Error::RateLimited {
                        attempts: counts.rate_limited + 1,
                        retry_after,
                        body,
                    });
                }
                (Next::SendAgain(wait), _) => {
                    counts.sent_again += 1;
                    tracing::info!(
                        wait_ms = wait.as_millis() as u64,
                        "the connection was refused before anything was sent; trying again"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                (
                    Next::LookUp,
                    Attempt::Unclear {
                        reason,
                        body,
                        retry_after,
                    },
                ) => (reason, body, retry_after),
                (_, Attempt::Refused(e) | Attempt::UnreadableSuccess(e)) => return Err(e),
                (_, Attempt::NotSent(e) | Attempt::Unreachable(e)) => {
                    return Err(Error::Transport(e));
                }
                (next, _) => {
                    // No other pairing arises; if one did, the safe reading is "unknown".
                    return Err(Error::OutcomeUnknown {
                        alternative_order_id: id.to_owned(),
                        reason: format!("the order's answer led to {next:?}"),
                        body: None,
                    });
                }
            };
            tracing::warn!(
                alternative_order_id = id,
                reason = %reason,
                "the order's outcome is unclear; looking it up before anything else"
            );
            match self.confirm(id, retry_after, &secrets).await {
                Confirmation::Found(orders, lookups) => {
                    if orders.len() > 1 {
                        tracing::warn!(
                            count = orders.len(),
                            alternative_order_id = id,
                            "several orders carry this alternative order id"
                        );
                    }
                    return Ok(Placement::FoundByLookup(FoundOrder {
                        orders,
                        alternative_order_id: id.to_owned(),
                        unclear: reason,
                        posts,
                        lookups,
                    }));
                }
                Confirmation::Absent if counts.sent_again < self.retry.resends => {
                    counts.sent_again += 1;
                    tracing::info!(
                        alternative_order_id = id,
                        "every lookup found no order; sending it again"
                    );
                }
                Confirmation::Absent => {
                    return Err(Error::NotPlaced {
                        alternative_order_id: id.to_owned(),
                        reason,
                        body,
                    });
                }
                Confirmation::Unknown(lookup) => {
                    return Err(Error::OutcomeUnknown {
                        alternative_order_id: id.to_owned(),
                        reason: format!("{reason}; {lookup}"),
                        body,
                    });
                }
            }
        }
    }

    async fn post_once<O: MarkOrder>(
        &self,
        prepared: &PreparedOrder<O>,
        posts: u32,
        secrets: &Secrets<'_>,
    ) -> Attempt {
        let (api, record) = self.api();
        let result = prepared.order().clone().send_with(&api).await;
        let exchange = take(&record);
        let id = prepared.alternative_order_id().to_owned();
        let Some(status) = exchange.status else {
            // No answer head arrived.
            return match result {
                Err(raw::Error::CommunicationError(e)) if refused_before_sending(&e) => {
                    Attempt::NotSent(e)
                }
                Err(raw::Error::CommunicationError(e)) if e.is_connect() => Attempt::Unreachable(e),
                Err(raw::Error::CommunicationError(e)) => Attempt::Unclear {
                    reason: error::transport_reason(&e),
                    body: None,
                    retry_after: None,
                },
                Err(raw::Error::InvalidRequest(detail)) => Attempt::Refused(Error::Config(
                    format!("the order could not be written as a request: {detail}"),
                )),
                _ => Attempt::Unclear {
                    reason: "the request failed without an answer".to_owned(),
                    body: None,
                    retry_after: None,
                },
            };
        };
        // An answer that echoed a secret is read from its scrubbed text.
        let (body, echoed) =
            secrets.scrub_checked(String::from_utf8_lossy(&exchange.body).into_owned());
        let retry_after = policy::retry_after(&exchange.headers, SystemTime::now());
        match order_status_meaning(status) {
            OrderStatusMeaning::Placed => {
                let problem = if exchange.over_limit {
                    Some(format!(
                        "the answer is longer than the {}-byte limit",
                        self.read_limit
                    ))
                } else {
                    exchange
                        .body_error
                        .as_ref()
                        .map(|e| format!("the answer was cut off: {e}"))
                };
                let parsed = match (problem, result) {
                    (Some(problem), _) => Err(problem),
                    (None, Ok(value)) if !echoed => Ok(value.into_inner()),
                    (None, Ok(_)) => serde_json::from_str::<types::OrderResponse>(&body)
                        .map_err(|e| format!("the answer is not an order: {e}")),
                    // A success status the document does not list, or an answer the
                    // generated client did not read: the body decides, read from its text
                    // with the secrets removed.
                    (None, Err(_)) => serde_json::from_str::<types::OrderResponse>(&body)
                        .map_err(|e| format!("the answer is not an order: {e}")),
                };
                match parsed {
                    Ok(order) => Attempt::Answered(PlacedOrder {
                        order,
                        alternative_order_id: id,
                        status: status.as_u16(),
                        raw_body: body,
                        headers: exchange
                            .headers
                            .iter()
                            .map(|(name, value)| (name.clone(), secrets.scrub_header(value)))
                            .collect(),
                        posts,
                    }),
                    Err(detail) => Attempt::UnreadableSuccess(Error::UnreadableSuccess {
                        status: status.as_u16(),
                        detail,
                        body,
                        alternative_order_id: id,
                    }),
                }
            }
            OrderStatusMeaning::RateLimited => Attempt::RateLimited { retry_after, body },
            OrderStatusMeaning::Refused => Attempt::Refused(Error::Api {
                status: status.as_u16(),
                errors: error::parse_api_errors(body.as_bytes()),
                body,
            }),
            OrderStatusMeaning::Unclear => {
                let reason = if status.is_redirection() {
                    redirect_reason(status, &exchange, secrets)
                } else {
                    format!("DigiCert answered HTTP {}", status.as_u16())
                };
                Attempt::Unclear {
                    reason,
                    body: Some(body),
                    retry_after,
                }
            }
        }
    }

    /// Looks the alternative order id up over the policy's window. `Absent` only when every
    /// lookup answered an empty list.
    async fn confirm(
        &self,
        id: &str,
        asked_wait: Option<Duration>,
        secrets: &Secrets<'_>,
    ) -> Confirmation {
        let schedule = self.retry.lookup_schedule();
        let total = schedule.len();
        let mut failure: Option<String> = None;
        let mut extra_wait = asked_wait;
        for (i, gap) in schedule.into_iter().enumerate() {
            let wait = gap.max(
                extra_wait
                    .take()
                    .unwrap_or_default()
                    .min(self.retry.backoff_max),
            );
            tracing::info!(
                alternative_order_id = id,
                lookup = i + 1,
                of = total,
                wait_ms = wait.as_millis() as u64,
                "waiting before looking the order up"
            );
            tokio::time::sleep(wait).await;
            match self.lookup(id, secrets).await {
                Ok(orders) if !orders.is_empty() => {
                    return Confirmation::Found(orders, u32::try_from(i + 1).unwrap_or(u32::MAX));
                }
                Ok(_) => {
                    tracing::info!(
                        alternative_order_id = id,
                        lookup = i + 1,
                        "no order found yet"
                    );
                }
                Err(e) => {
                    tracing::warn!(alternative_order_id = id, lookup = i + 1, error = %e, "the lookup failed");
                    failure = Some(e.to_string());
                }
            }
        }
        match failure {
            None => Confirmation::Absent,
            Some(reason) => Confirmation::Unknown(format!(
                "looking it up did not give a clear answer: {reason}"
            )),
        }
    }

    /// One lookup through the transport (a read: 429 waited out, a failure or 5xx read
    /// again a little), judged strictly: only a 200 answer listing orders, or none with
    /// nothing contradicting it, counts. The orders returned carry `id`; an answer listing
    /// only orders with another id is an error.
    async fn lookup(
        &self,
        id: &str,
        secrets: &Secrets<'_>,
    ) -> Result<Vec<types::AlternateOrder>, Error> {
        self.call(
            Request::read("get_orders_by_alternative_id", self),
            |api| async move {
                api.get_orders_by_alternative_id()
                    .alternative_order_id(id)
                    .send()
                    .await
            },
            |client, answer| {
                let status = answer.status.as_u16();
                let unexpected = |detail: String| Error::Unexpected {
                    status: Some(status),
                    detail,
                    body: String::new(),
                };
                if answer.status != StatusCode::OK {
                    return Err(unexpected(format!(
                        "the lookup answered HTTP {}: {}",
                        answer.status.as_u16(),
                        server_text(
                            &secrets.scrub(String::from_utf8_lossy(&answer.body).into_owned()),
                            200
                        )
                    )));
                }
                let list: types::AlternateOrderList = client.json(answer)?;
                // An empty list is only believed when nothing else in the answer contradicts
                // it: a page that counts orders, or errors beside the list.
                let counted = list.page.as_ref().and_then(|p| p.total).unwrap_or(0);
                let contradicted =
                    list.orders.is_empty() && (counted > 0 || list.extra.contains_key("errors"));
                if contradicted {
                    return Err(unexpected(
                        "the lookup answered an empty list that its own answer contradicts \
                         (a count of orders, or errors)"
                            .to_owned(),
                    ));
                }
                let (ours, others): (Vec<_>, Vec<_>) = list
                    .orders
                    .into_iter()
                    .partition(|o| o.alternative_order_id.as_deref().is_none_or(|a| a == id));
                if ours.is_empty() && !others.is_empty() {
                    return Err(unexpected(format!(
                        "the lookup answered {} order(s) carrying another alternative order id",
                        others.len()
                    )));
                }
                Ok(ours)
            },
        )
        .await
    }

    /// The orders that carry `alternative_order_id`, from one lookup (with the retries of a
    /// read): an empty list when there are none. Orders the answer lists under another id are
    /// not returned; an answer that lists only such orders is an error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// for order in client.find_orders("brandvmc2026a").await? {
    ///     println!("order {} is {:?}", order.order_id, order.status);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn find_orders(
        &self,
        alternative_order_id: &str,
    ) -> Result<Vec<types::AlternateOrder>, Error> {
        if types::AlternativeOrderId::try_from(alternative_order_id.to_owned()).is_err() {
            return Err(Error::Config(format!(
                "\"{}\" is not an alternative order id: it has 1 to 64 letters, digits, - or _",
                server_text(alternative_order_id, 80)
            )));
        }
        let secrets = self.secrets::<types::VmcOrderRequest>(None);
        self.lookup(alternative_order_id, &secrets).await
    }
}
