//! Following an order: where it stands, what it waits for, and waiting for its issuance.

use std::time::{Duration, Instant};

use super::transport::Request;
use super::{Error, MarkClient};
use crate::findings::{Location, Report};
use crate::redact::server_text;
use crate::types::{self, OrderStatus, RequestStatus};

/// Most approval requests of one order read in detail by
/// [`MarkClient::pending_approval_requests`]: the list comes from the server, and each detail
/// is one more request against the key's rate limit.
pub const MAX_APPROVAL_DETAILS: usize = 3;

/// The longest wait a `Retry-After` may impose on a poll.
pub(super) const MAX_ASKED_WAIT: Duration = Duration::from_secs(15 * 60);

/// The shortest wait between two polls of one order: anything shorter is raised to it.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The wait between two polls of one order unless configured: issuance takes days, and a poll
/// every five minutes uses a negligible share of the API key's rate limit.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// The longest window of the status changes endpoint: seven days.
pub const MAX_STATUS_CHANGE_WINDOW: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// An order named by its id, or by the alternative order id it was placed with.
///
/// ```
/// use digicert_mark_certs::OrderRef;
///
/// assert_eq!(OrderRef::from(144457095), OrderRef::Id(144457095));
/// assert_eq!(
///     OrderRef::alternative("brandvmc2026a"),
///     OrderRef::Alternative("brandvmc2026a".to_owned())
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderRef {
    /// The order id.
    Id(i64),
    /// The alternative order id given when ordering: looked up first.
    Alternative(String),
}

impl OrderRef {
    /// An order named by its alternative order id.
    ///
    /// ```
    /// use digicert_mark_certs::OrderRef;
    ///
    /// let reference = OrderRef::alternative("brandvmc2026a");
    /// assert_eq!(reference, OrderRef::Alternative("brandvmc2026a".to_owned()));
    /// ```
    pub fn alternative(id: impl Into<String>) -> Self {
        Self::Alternative(id.into())
    }
}

impl From<i64> for OrderRef {
    fn from(id: i64) -> Self {
        Self::Id(id)
    }
}

/// How [`MarkClient::wait_until_issued`] polls.
///
/// ```
/// use std::time::Duration;
/// use digicert_mark_certs::WaitOptions;
///
/// let options = WaitOptions::new()
///     .interval(Duration::from_secs(600))
///     .timeout(Duration::from_secs(3 * 24 * 3600));
/// assert_eq!(options.poll_interval(), Duration::from_secs(600));
/// // Anything shorter than a second is raised to a second.
/// assert_eq!(WaitOptions::new().interval(Duration::ZERO).poll_interval(), Duration::from_secs(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    interval: Duration,
    timeout: Option<Duration>,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            interval: DEFAULT_POLL_INTERVAL,
            timeout: None,
        }
    }
}

impl WaitOptions {
    /// Polls every five minutes ([`DEFAULT_POLL_INTERVAL`]) with no deadline.
    ///
    /// ```
    /// use digicert_mark_certs::{DEFAULT_POLL_INTERVAL, WaitOptions};
    ///
    /// let options = WaitOptions::new();
    /// assert_eq!(options.poll_interval(), DEFAULT_POLL_INTERVAL);
    /// assert_eq!(options.deadline(), None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The wait between polls, at least [`MIN_POLL_INTERVAL`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::WaitOptions;
    ///
    /// let options = WaitOptions::new().interval(Duration::from_secs(600));
    /// assert_eq!(options.poll_interval(), Duration::from_secs(600));
    /// // Anything shorter than a second is raised to a second.
    /// let hurried = WaitOptions::new().interval(Duration::from_millis(10));
    /// assert_eq!(hurried.poll_interval(), Duration::from_secs(1));
    /// ```
    #[must_use]
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval.max(MIN_POLL_INTERVAL);
        self
    }

    /// Gives up (with [`WaitOutcome::Deadline`]) once this much time has passed: no poll
    /// starts, no request stays in flight and no wait DigiCert asked for runs past it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::WaitOptions;
    ///
    /// let options = WaitOptions::new().timeout(Duration::from_secs(3 * 24 * 3600));
    /// assert_eq!(options.deadline(), Some(Duration::from_secs(3 * 24 * 3600)));
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The wait between polls.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::WaitOptions;
    ///
    /// assert_eq!(WaitOptions::new().poll_interval(), Duration::from_secs(300));
    /// ```
    pub fn poll_interval(&self) -> Duration {
        self.interval
    }

    /// The deadline, if any.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::WaitOptions;
    ///
    /// assert_eq!(WaitOptions::new().deadline(), None);
    /// let bounded = WaitOptions::new().timeout(Duration::from_secs(3600));
    /// assert_eq!(bounded.deadline(), Some(Duration::from_secs(3600)));
    /// ```
    pub fn deadline(&self) -> Option<Duration> {
        self.timeout
    }
}

/// What [`MarkClient::wait_until_issued`] reports while it waits.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
// One value per poll: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum WaitEvent {
    /// A poll read the order. `changed` is true on the first poll and whenever the status
    /// differs from the previous poll's.
    Polled {
        /// The order as read.
        order: types::OrderInfo,
        /// The status of the previous poll, if there was one.
        previous: Option<OrderStatus>,
        /// Whether the status changed (always on the first poll).
        changed: bool,
        /// Polls made so far, this one included.
        polls: u32,
        /// Time since the wait started.
        elapsed: Duration,
    },
    /// A poll failed in a way that may pass (the rate limit, the network, a server error):
    /// the wait goes on.
    Trouble {
        /// What went wrong.
        message: String,
        /// Polls made so far, this one included.
        polls: u32,
        /// When the next poll is made.
        retry_in: Duration,
    },
}

/// How a wait for issuance ended.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)]
pub enum WaitOutcome {
    /// The certificate is issued: download it.
    Issued {
        /// The order as last read.
        order: types::OrderInfo,
    },
    /// The order reached another final status (rejected, canceled, revoked, expired): no
    /// certificate will come from it.
    Ended {
        /// The final status.
        status: OrderStatus,
        /// The order as last read.
        order: types::OrderInfo,
    },
    /// The deadline passed with the order still open.
    Deadline {
        /// The order as last read, if any poll succeeded.
        last: Option<types::OrderInfo>,
    },
}

impl MarkClient {
    /// The order as it stands ([`types::OrderInfo`]): status, certificate, requests, hosting
    /// locations. An answer about another order than the one asked for is not taken: it is
    /// read again, then refused.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = client.order_info(144457095).await?;
    /// println!("{}", order.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn order_info(&self, order_id: i64) -> Result<types::OrderInfo, Error> {
        self.order_info_until(order_id, None).await
    }

    /// [`MarkClient::order_info`], with nothing in flight or waited past `deadline`.
    pub(super) async fn order_info_until(
        &self,
        order_id: i64,
        deadline: Option<Instant>,
    ) -> Result<types::OrderInfo, Error> {
        self.call(
            Request::read("get_order", self).until(deadline),
            |api| async move { api.get_order().order_id(order_id).send().await },
            |client, answer| {
                let status = answer.status.as_u16();
                let order = client.json(answer)?;
                about_the_order(order_id, order.id, status)?;
                Ok(order)
            },
        )
        .await
    }

    /// The order id an [`OrderRef`] names: an id as given, or the single order that carries
    /// the alternative order id (none or several is [`Error::OrderNotResolved`]).
    ///
    /// ```no_run
    /// use digicert_mark_certs::OrderRef;
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let id = client.resolve_order(&OrderRef::alternative("brandvmc2026a")).await?;
    /// println!("order {id}");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn resolve_order(&self, reference: &OrderRef) -> Result<i64, Error> {
        match reference {
            OrderRef::Id(id) => Ok(*id),
            OrderRef::Alternative(alternative) => {
                let orders = self.find_orders(alternative).await?;
                match orders.as_slice() {
                    [only] => Ok(only.order_id),
                    _ => Err(Error::OrderNotResolved {
                        alternative_order_id: alternative.clone(),
                        order_ids: orders.iter().map(|o| o.order_id).collect(),
                    }),
                }
            }
        }
    }

    /// Orders of the account whose status changed within `window` (at most seven days;
    /// whole minutes are asked as minutes, anything else as seconds, rounded up).
    ///
    /// ```no_run
    /// use std::time::Duration;
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// for change in client.status_changes(Duration::from_secs(3600)).await? {
    ///     println!("{:?}", change);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn status_changes(
        &self,
        window: Duration,
    ) -> Result<Vec<types::StatusChange>, Error> {
        self.status_changes_until(window, None).await
    }

    /// [`MarkClient::status_changes`], with nothing in flight or waited past `deadline`.
    pub(super) async fn status_changes_until(
        &self,
        window: Duration,
        deadline: Option<Instant>,
    ) -> Result<Vec<types::StatusChange>, Error> {
        if window.is_zero() || window > MAX_STATUS_CHANGE_WINDOW {
            let mut report = Report::default();
            report.error(
                "status-changes-window",
                Location::none(),
                format!(
                    "the window of status changes must be between 1 second and 7 days, not {}s",
                    window.as_secs()
                ),
            );
            return Err(Error::Invalid(report));
        }
        let seconds = window.as_secs() + u64::from(window.subsec_nanos() > 0);
        let changes: types::StatusChangeList = self
            .call(
                Request::read("list_status_changes", self).until(deadline),
                |api| async move {
                    let request = api.list_status_changes();
                    let request = if seconds.is_multiple_of(60) {
                        request.minutes(seconds / 60)
                    } else {
                        request.seconds(seconds)
                    };
                    request.send().await
                },
                |client, answer| client.json(answer),
            )
            .await?;
        Ok(changes.orders)
    }

    /// What DigiCert still validates for the order: organization validations with their
    /// verified contacts, and domain validations. An answer naming another order is refused.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let validation = client.validation_status(144457095).await?;
    /// println!("{} organization validation(s)", validation.organization_validations.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn validation_status(&self, order_id: i64) -> Result<types::OrderValidation, Error> {
        self.call(
            Request::read("get_order_validation", self),
            |api| async move { api.get_order_validation().order_id(order_id).send().await },
            |client, answer| {
                let status = answer.status.as_u16();
                let validation: types::OrderValidation = client.json(answer)?;
                // The order id is optional in the answer; when it names another order, the
                // answer is not taken.
                if let Some(answered) = validation.order_id.as_ref().and_then(|id| id.as_i64()) {
                    about_the_order(order_id, answered, status)?;
                }
                Ok(validation)
            },
        )
        .await
    }

    /// An approval request, with who made it and who processed it. An answer about another
    /// request than the one asked for is refused.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let request = client.approval_request(5210).await?;
    /// println!("{:?}", request.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn approval_request(&self, request_id: i64) -> Result<types::ApprovalRequest, Error> {
        self.call(
            Request::read("get_request", self),
            |api| async move { api.get_request().request_id(request_id).send().await },
            |client, answer| {
                let status = answer.status.as_u16();
                let request: types::ApprovalRequest = client.json(answer)?;
                if request.id != request_id {
                    return Err(Error::Unexpected {
                        status: Some(status),
                        detail: format!(
                            "the answer is about request {}, not request {request_id}",
                            request.id
                        ),
                        body: String::new(),
                    });
                }
                Ok(request)
            },
        )
        .await
    }

    /// The details of the order's pending approval requests, at most
    /// [`MAX_APPROVAL_DETAILS`] of them (the list is the server's, so its length is not
    /// trusted), with the number of pending requests left unread. A request whose detail
    /// cannot be read is counted as unread.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = client.order_info(144457095).await?;
    /// let (requests, unread) = client.pending_approval_requests(&order).await;
    /// println!("{} read, {unread} more", requests.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn pending_approval_requests(
        &self,
        order: &types::OrderInfo,
    ) -> (Vec<types::ApprovalRequest>, usize) {
        let pending: Vec<i64> = order
            .requests
            .iter()
            .filter(|r| r.status == Some(RequestStatus::Pending))
            .map(|r| r.id)
            .collect();
        let mut read = Vec::new();
        for id in pending.iter().take(MAX_APPROVAL_DETAILS) {
            match self.approval_request(*id).await {
                Ok(detail) => read.push(detail),
                // One failed detail says the rest would fail too: stop asking.
                Err(_) => break,
            }
        }
        let unread = pending.len() - read.len();
        (read, unread)
    }

    /// Polls the order until it is issued, reaches another final status, or the deadline
    /// passes, calling `on_event` after each poll. Each poll is one Order info request, with
    /// the client's retry policy; a poll that fails in a way that may pass (the rate limit,
    /// the network, a 5xx, an answer that cannot be read) is reported and the wait goes on,
    /// waiting at least as long as DigiCert asked. Any other failure (the order does not
    /// exist, the key is refused) ends the wait with the error. Nothing runs past the
    /// deadline: a request in flight and a wait DigiCert asked for are cut at it.
    ///
    /// To resume a wait after a restart, give the order id again, or the alternative order
    /// id (an [`OrderRef`]), which is looked up first.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use digicert_mark_certs::{OrderRef, WaitEvent, WaitOptions, WaitOutcome};
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let options = WaitOptions::new().timeout(Duration::from_secs(7 * 24 * 3600));
    /// let outcome = client
    ///     .wait_until_issued(OrderRef::alternative("brandvmc2026a"), &options, |event| {
    ///         if let WaitEvent::Polled { order, changed: true, .. } = event {
    ///             println!("now {}", order.status);
    ///         }
    ///     })
    ///     .await?;
    /// if let WaitOutcome::Issued { order } = outcome {
    ///     println!("order {} issued", order.id);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_until_issued(
        &self,
        order: impl Into<OrderRef>,
        options: &WaitOptions,
        mut on_event: impl FnMut(&WaitEvent),
    ) -> Result<WaitOutcome, Error> {
        let started = Instant::now();
        // A deadline too far to represent is no deadline.
        let deadline = options
            .timeout
            .and_then(|timeout| started.checked_add(timeout));
        let order_id = match tokio::time::timeout_at(
            deadline.map_or_else(far_future, tokio::time::Instant::from_std),
            self.resolve_order(&order.into()),
        )
        .await
        {
            Ok(resolved) => resolved?,
            Err(_) => return Ok(WaitOutcome::Deadline { last: None }),
        };
        let mut last: Option<types::OrderInfo> = None;
        let mut polls = 0u32;
        loop {
            polls += 1;
            let mut wait = options.interval;
            match self.order_info_until(order_id, deadline).await {
                Ok(order) => {
                    let previous = last.as_ref().map(|l| l.status.clone());
                    let changed = previous.as_ref() != Some(&order.status);
                    if changed {
                        tracing::info!(order_id, status = %server_text(order.status.as_str(), 100), polls, "order status");
                    }
                    on_event(&WaitEvent::Polled {
                        order: order.clone(),
                        previous,
                        changed,
                        polls,
                        elapsed: started.elapsed(),
                    });
                    if order.status.is_issued() {
                        return Ok(WaitOutcome::Issued { order });
                    }
                    if order.status.is_final() {
                        let status = order.status.clone();
                        return Ok(WaitOutcome::Ended { status, order });
                    }
                    last = Some(order);
                }
                Err(e) if e.is_deadline() => return Ok(WaitOutcome::Deadline { last }),
                Err(e) if e.is_retryable() || is_unreadable_answer(&e) => {
                    if let Error::RateLimited {
                        retry_after: Some(asked),
                        ..
                    } = &e
                    {
                        // DigiCert's wait is honoured, within reason: a server asking for days
                        // would otherwise stall the watch.
                        wait = wait.max((*asked).min(MAX_ASKED_WAIT));
                    }
                    tracing::warn!(order_id, polls, error = %e, "the poll failed; waiting on");
                    on_event(&WaitEvent::Trouble {
                        message: e.to_string(),
                        polls,
                        retry_in: wait,
                    });
                }
                Err(e) => return Err(e),
            }
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left <= wait {
                    // The next poll would start at or past the deadline.
                    return Ok(WaitOutcome::Deadline { last });
                }
            }
            tokio::time::sleep(wait).await;
        }
    }
}

/// An instant no wait reaches: about thirty years on.
pub(super) fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(30 * 365 * 24 * 3600)
}

/// A success answer that could not be read (a maintenance page served with 200, an answer
/// about another order): a poll rides it out, as it does a 5xx.
pub(super) fn is_unreadable_answer(e: &Error) -> bool {
    matches!(e, Error::Unexpected { status: Some(status), .. } if (200..300).contains(status))
}

/// Refuses an answer about another order than the one asked for.
pub(crate) fn about_the_order(asked: i64, answered: i64, status: u16) -> Result<(), Error> {
    if asked == answered {
        return Ok(());
    }
    Err(Error::Unexpected {
        status: Some(status),
        detail: format!("the answer is about order {answered}, not order {asked}"),
        body: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poll_interval_has_a_floor() {
        for asked in [
            Duration::ZERO,
            Duration::from_millis(1),
            Duration::from_millis(999),
        ] {
            assert_eq!(
                WaitOptions::new().interval(asked).poll_interval(),
                MIN_POLL_INTERVAL
            );
        }
        assert_eq!(
            WaitOptions::new()
                .interval(Duration::from_secs(90))
                .poll_interval(),
            Duration::from_secs(90)
        );
        assert_eq!(WaitOptions::new().poll_interval(), DEFAULT_POLL_INTERVAL);
    }
}
