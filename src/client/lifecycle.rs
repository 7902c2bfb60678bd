//! After an order is placed: following it, acting on it while it is pending, collecting its
//! certificate.
//!
//! Each method calls one generated operation through [`MarkClient::call`], which applies the
//! policy once for all of them: answers read up to the byte limit, no redirect followed, HTTP
//! 429 waited out (it was not processed), a request that only reads sent again a little after
//! a transport failure or a 5xx answer, and a request that changes something never sent again
//! except after a 429.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header;
use serde::de::DeserializeOwned;

use super::{Error, MarkClient, error, policy, take};
use crate::certificate::{self, OrderedChain};
use crate::findings::{Location, Report};
use crate::logo::Logo;
use crate::raw;
use crate::redact::server_text;
use crate::types::{self, OrderStatus};

/// The longest wait a `Retry-After` may impose on a poll.
const MAX_ASKED_WAIT: Duration = Duration::from_secs(15 * 60);

/// The shortest wait between two polls of one order: anything shorter is raised to it.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The wait between two polls of one order unless configured: issuance takes days, and a poll
/// every five minutes uses a negligible share of the API key's rate limit.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// The longest window of the status changes endpoint: seven days.
pub const MAX_STATUS_CHANGE_WINDOW: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The format of the certificate file to publish: leaf, intermediates and root in one PEM.
const CHAIN_FORMAT: &str = "pem_all";

/// Whether a request changes anything at DigiCert, which decides what may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    /// Only reads: sent again a little after a transport failure or a 5xx answer.
    Reads,
    /// Changes something: sent again only after HTTP 429.
    Changes,
}

/// A success answer, as read.
struct Answer<T> {
    status: StatusCode,
    /// What the generated operation made of it; `Err` holds why it could not.
    parsed: Result<T, String>,
    /// The body as read (within the limit).
    body: Bytes,
}

/// One request's fate before the policy decides whether to try again.
enum Attempt<T> {
    Answered(Answer<T>),
    RateLimited {
        retry_after: Option<Duration>,
        body: String,
    },
    /// Failed; `transient` when trying again may help.
    Failed {
        error: Error,
        transient: bool,
    },
}

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
    pub fn new() -> Self {
        Self::default()
    }

    /// The wait between polls, at least [`MIN_POLL_INTERVAL`].
    #[must_use]
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval.max(MIN_POLL_INTERVAL);
        self
    }

    /// Gives up (with [`WaitOutcome::Deadline`]) once this much time has passed, after a last
    /// poll at the deadline.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The wait between polls.
    pub fn poll_interval(&self) -> Duration {
        self.interval
    }

    /// The deadline, if any.
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

/// The result of a logo upload: DigiCert's answer, and the local check's warnings.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UploadedLogo {
    /// DigiCert's answer: the logo id, and trademark details when the logo matched a stored
    /// one.
    pub answer: types::LogoUpload,
    /// The findings of the local check (warnings only: errors stop the upload).
    pub findings: Report,
}

impl MarkClient {
    /// The order as it stands ([`types::OrderInfo`]): status, certificate, requests, hosting
    /// locations.
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
        let answer = self
            .call(
                "get_order",
                Effect::Reads,
                self.read_limit,
                |api| async move { api.get_order().order_id(order_id).send().await },
            )
            .await?;
        self.json(answer)
    }

    /// The order id an [`OrderRef`] names: an id as given, or the single order that carries
    /// the alternative order id (none or several is [`Error::OrderNotResolved`]).
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
    pub async fn status_changes(
        &self,
        window: Duration,
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
        let answer = self
            .call(
                "list_status_changes",
                Effect::Reads,
                self.read_limit,
                |api| async move {
                    let request = api.list_status_changes();
                    let request = if seconds.is_multiple_of(60) {
                        request.minutes(seconds / 60)
                    } else {
                        request.seconds(seconds)
                    };
                    request.send().await
                },
            )
            .await?;
        Ok(self.json(answer)?.orders)
    }

    /// What DigiCert still validates for the order: organization validations with their
    /// verified contacts, and domain validations.
    pub async fn validation_status(&self, order_id: i64) -> Result<types::OrderValidation, Error> {
        let answer = self
            .call(
                "get_order_validation",
                Effect::Reads,
                self.read_limit,
                |api| async move { api.get_order_validation().order_id(order_id).send().await },
            )
            .await?;
        self.json(answer)
    }

    /// An approval request, with who made it and who processed it.
    pub async fn approval_request(&self, request_id: i64) -> Result<types::ApprovalRequest, Error> {
        let answer = self
            .call(
                "get_request",
                Effect::Reads,
                self.read_limit,
                |api| async move { api.get_request().request_id(request_id).send().await },
            )
            .await?;
        self.json(answer)
    }

    /// The logo the order carries, decoded (bounded, as [`Logo::from_encoded`] reads it).
    pub async fn order_logo(&self, order_id: i64) -> Result<Logo, Error> {
        let answer = self
            .call(
                "get_order_logo",
                Effect::Reads,
                self.read_limit,
                |api| async move { api.get_order_logo().order_id(order_id).send().await },
            )
            .await?;
        let status = answer.status;
        let data = self.json(answer)?;
        Logo::from_encoded(&data.logo).map_err(|e| Error::Unexpected {
            status: Some(status.as_u16()),
            detail: format!("the order's logo cannot be decoded: {e}"),
            body: String::new(),
        })
    }

    /// Uploads a logo to a pending order, in its encoded form (the SVG, gzip-compressed and
    /// base64-encoded). The logo is checked first: nothing is sent when the check finds an
    /// error, or a warning and the client denies warnings ([`Error::Invalid`]).
    ///
    /// ```no_run
    /// use digicert_mark_certs::logo::Logo;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let logo = Logo::from_file("logo.svg")?;
    /// let uploaded = client.upload_logo(144457095, &logo).await?;
    /// println!("logo {}", uploaded.answer.id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn upload_logo(&self, order_id: i64, logo: &Logo) -> Result<UploadedLogo, Error> {
        let findings = logo.check();
        self.refuse_unless_sendable(&findings)?;
        let body = types::EncodedLogo {
            logo: types::LogoData::try_from(logo.encoded().to_owned())
                .map_err(|e| Error::Config(format!("the encoded logo is unusable: {e}")))?,
        };
        let answer = self
            .call(
                "upload_order_logo",
                Effect::Changes,
                self.read_limit,
                |api| {
                    let body = body.clone();
                    async move {
                        api.upload_order_logo()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
            )
            .await?;
        Ok(UploadedLogo {
            answer: self.json(answer)?,
            findings,
        })
    }

    /// Changes the mark details or hosting of an order. The update is checked against the
    /// document first (closed fields, lengths, patterns) and must change something; nothing
    /// is sent when the check finds an error ([`Error::Invalid`]). Returns the check's
    /// warnings.
    ///
    /// ```no_run
    /// use digicert_mark_certs::types::{EnableHosting, MarkUpdate};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let update = MarkUpdate::builder().enable_hosting(Some(EnableHosting::from(true)));
    /// client.update_mark(144457095, &update.try_into()?).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn update_mark(
        &self,
        order_id: i64,
        update: &types::MarkUpdate,
    ) -> Result<Report, Error> {
        let (body, findings) = check_mark_update(update).map_err(Error::Invalid)?;
        self.refuse_unless_sendable(&findings)?;
        let answer = self
            .call(
                "update_order_mark",
                Effect::Changes,
                self.read_limit,
                |api| {
                    let body = body.clone();
                    async move {
                        api.update_order_mark()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
            )
            .await?;
        done(answer);
        Ok(findings)
    }

    /// Asks DigiCert to check domain control of the order's domains now.
    pub async fn check_dcv(&self, order_id: i64) -> Result<types::DcvCheck, Error> {
        let answer = self
            .call(
                "check_order_dcv",
                Effect::Changes,
                self.read_limit,
                |api| async move { api.check_order_dcv().order_id(order_id).send().await },
            )
            .await?;
        self.json(answer)
    }

    /// Cancels a pending order, with a note saying why (required: blank notes are refused
    /// before anything is sent).
    pub async fn cancel_order(&self, order_id: i64, note: &str) -> Result<(), Error> {
        let body = cancel_body(note)?;
        let answer = self
            .call(
                "update_order_status",
                Effect::Changes,
                self.read_limit,
                |api| {
                    let body = body.clone();
                    async move {
                        api.update_order_status()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
            )
            .await?;
        done(answer);
        Ok(())
    }

    /// Downloads the certificate chain of an issued order (`pem_all`), leaf first, with LF
    /// line ends. The answer is read up to the client's byte limit or
    /// [`certificate::MAX_PEM_BYTES`], whichever is smaller.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let chain = client.download_chain(144457095).await?;
    /// std::fs::write("chain.pem", &chain.pem)?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn download_chain(&self, order_id: i64) -> Result<OrderedChain, Error> {
        let limit = self.read_limit.min(certificate::MAX_PEM_BYTES);
        let answer = self
            .call(
                "download_order_certificate",
                Effect::Reads,
                limit,
                |api| async move {
                    api.download_order_certificate()
                        .order_id(order_id)
                        .format(CHAIN_FORMAT)
                        .send()
                        .await
                },
            )
            .await?;
        if contains(&answer.body, self.key.0.as_bytes()) {
            return Err(Error::Unexpected {
                status: Some(answer.status.as_u16()),
                detail: "the certificate file holds the API key; it was not kept".to_owned(),
                body: String::new(),
            });
        }
        certificate::leaf_first(&answer.body).map_err(|report| Error::Unexpected {
            status: Some(answer.status.as_u16()),
            detail: format!(
                "the certificate file is not a usable PEM chain: {}",
                report
                    .errors()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            body: server_text(&String::from_utf8_lossy(&answer.body), 300),
        })
    }

    /// Polls the order until it is issued, reaches another final status, or the deadline
    /// passes, calling `on_event` after each poll. Each poll is one Order info request, with
    /// the client's retry policy; a poll that fails in a way that may pass (the rate limit,
    /// the network, a 5xx) is reported and the wait goes on, waiting at least as long as
    /// DigiCert asked. Any other failure (the order does not exist, the key is refused) ends
    /// the wait with the error.
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
        let order_id = self.resolve_order(&order.into()).await?;
        let started = Instant::now();
        // A deadline too far to represent is no deadline.
        let deadline = options
            .timeout
            .and_then(|timeout| started.checked_add(timeout));
        let mut last: Option<types::OrderInfo> = None;
        let mut polls = 0u32;
        let mut final_poll = false;
        loop {
            polls += 1;
            let mut wait = options.interval;
            match self.order_info(order_id).await {
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
                Err(e) if e.is_retryable() => {
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
            if final_poll {
                return Ok(WaitOutcome::Deadline { last });
            }
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left <= wait {
                    wait = left;
                    final_poll = true;
                }
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Refuses findings with an error, or with a warning when the client denies warnings.
    fn refuse_unless_sendable(&self, findings: &Report) -> Result<(), Error> {
        if !findings.is_valid() || (self.deny_warnings && !findings.is_clean()) {
            return Err(Error::Invalid(findings.clone()));
        }
        Ok(())
    }

    /// Sends one generated operation with the policy of the module, and classifies what came
    /// back: only a success answer within the byte limit is `Ok`.
    async fn call<T, F, Fut>(
        &self,
        operation: &'static str,
        effect: Effect,
        read_limit: usize,
        send: F,
    ) -> Result<Answer<T>, Error>
    where
        F: Fn(raw::Client) -> Fut,
        Fut: Future<Output = Result<raw::ResponseValue<T>, raw::Error<types::ErrorResponse>>>,
    {
        let mut rate_limits = policy::RateLimits::new(&self.retry);
        let mut retried = 0u32;
        loop {
            let (api, record) = self.api_reading(read_limit);
            let result = send(api).await;
            let exchange = take(&record);
            let retry_after = policy::retry_after(&exchange.headers, SystemTime::now());
            match self.classify(result, exchange, read_limit) {
                Attempt::Answered(answer) => return Ok(answer),
                Attempt::RateLimited { retry_after, body } => {
                    rate_limits.wait_out(operation, retry_after, body).await?;
                }
                Attempt::Failed {
                    error,
                    transient: true,
                } if effect == Effect::Reads && retried < self.retry.read_retries => {
                    let wait = self
                        .retry
                        .backoff_wait(retried, retry_after, policy::jitter());
                    retried += 1;
                    tracing::info!(
                        operation,
                        wait_ms = wait.as_millis() as u64,
                        error = %error,
                        "reading again"
                    );
                    tokio::time::sleep(wait).await;
                }
                Attempt::Failed { error, .. } => return Err(error),
            }
        }
    }

    fn classify<T>(
        &self,
        result: Result<raw::ResponseValue<T>, raw::Error<types::ErrorResponse>>,
        exchange: crate::raw::Exchange,
        read_limit: usize,
    ) -> Attempt<T> {
        let Some(status) = exchange.status else {
            let error = match result {
                Err(raw::Error::CommunicationError(e)) => Error::Transport(e),
                Err(raw::Error::InvalidRequest(detail)) => {
                    return Attempt::Failed {
                        error: Error::Config(format!("the request could not be written: {detail}")),
                        transient: false,
                    };
                }
                _ => Error::Unexpected {
                    status: None,
                    detail: "the request failed without an answer".to_owned(),
                    body: String::new(),
                },
            };
            return Attempt::Failed {
                error,
                transient: true,
            };
        };
        let secrets = self.secrets::<types::VmcOrderRequest>(None);
        let text = || secrets.scrub(String::from_utf8_lossy(&exchange.body).into_owned());
        if let Some(cut) = &exchange.body_error {
            return Attempt::Failed {
                error: Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!("the answer was cut off: {cut}"),
                    body: text(),
                },
                transient: true,
            };
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Attempt::RateLimited {
                retry_after: policy::retry_after(&exchange.headers, SystemTime::now()),
                body: text(),
            };
        }
        if status.is_redirection() {
            let to = exchange
                .headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(|l| format!(" to {}", server_text(&secrets.scrub(l.to_owned()), 200)))
                .unwrap_or_default();
            return Attempt::Failed {
                error: Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!(
                        "DigiCert answered with a redirect (HTTP {}){to}, which is never followed",
                        status.as_u16()
                    ),
                    body: text(),
                },
                transient: false,
            };
        }
        if status.is_client_error() {
            let body = text();
            return Attempt::Failed {
                error: Error::Api {
                    status: status.as_u16(),
                    errors: error::parse_api_errors(body.as_bytes()),
                    body,
                },
                transient: false,
            };
        }
        if !status.is_success() {
            let body = text();
            return Attempt::Failed {
                error: Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!(
                        "DigiCert answered HTTP {}: {}",
                        status.as_u16(),
                        server_text(&body, 200)
                    ),
                    body,
                },
                transient: status.is_server_error(),
            };
        }
        if exchange.over_limit {
            return Attempt::Failed {
                error: Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!("the answer is longer than the {read_limit}-byte limit"),
                    body: String::new(),
                },
                transient: false,
            };
        }
        Attempt::Answered(Answer {
            status,
            parsed: result
                .map(raw::ResponseValue::into_inner)
                .map_err(|e| e.to_string()),
            body: exchange.body,
        })
    }

    /// The typed value of a JSON success answer. An answer that echoed the API key is read
    /// again from its text with the key removed; a success status the document does not list
    /// is read from its body.
    fn json<T: DeserializeOwned>(&self, answer: Answer<T>) -> Result<T, Error> {
        let secrets = self.secrets::<types::VmcOrderRequest>(None);
        let (clean, echoed) =
            secrets.scrub_checked(String::from_utf8_lossy(&answer.body).into_owned());
        let value = match answer.parsed {
            Ok(value) if !echoed => Ok(value),
            _ => serde_json::from_str(&clean).map_err(|e| e.to_string()),
        };
        value.map_err(|detail| Error::Unexpected {
            status: Some(answer.status.as_u16()),
            detail: format!("the answer is not the documented JSON: {detail}"),
            body: clean,
        })
    }
}

/// A request with no answer to read: any success status will do.
fn done(answer: Answer<()>) {
    tracing::debug!(status = answer.status.as_u16(), "done");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Checks a mark update before it is sent: against the document (closed fields, patterns,
/// lengths), that a citation comes with its country, and that it changes something. Returns
/// the body to send (optional fields given empty are left out) with the warnings, or every
/// finding when one is an error. [`MarkClient::update_mark`] runs it.
///
/// ```
/// use digicert_mark_certs::check_mark_update;
/// use digicert_mark_certs::types::MarkUpdate;
///
/// let update: MarkUpdate = serde_json::from_str(r#"{"mark_type_data": {"citation": "Act 12"}}"#)?;
/// let refused = check_mark_update(&update).unwrap_err();
/// assert!(refused.has("citation-needs-country"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn check_mark_update(
    update: &types::MarkUpdate,
) -> Result<(types::MarkUpdate, Report), Report> {
    match serde_json::to_value(update) {
        Ok(value) => check_mark_update_json(value),
        Err(e) => {
            let mut report = Report::default();
            report.error(
                "not-json",
                Location::none(),
                format!("the mark update cannot be written as JSON: {e}"),
            );
            Err(report)
        }
    }
}

/// [`check_mark_update`] for an update written as DigiCert's JSON: every finding names its
/// field, and a value the types cannot hold (a three-letter country code) is a finding too.
///
/// ```
/// use digicert_mark_certs::check_mark_update_json;
/// use serde_json::json;
///
/// let refused = check_mark_update_json(json!({"mark_type_data": {"country_code": "usa"}}))
///     .unwrap_err();
/// assert!(refused.find("pattern", "mark_type_data.country_code").is_some());
/// ```
pub fn check_mark_update_json(
    mut value: serde_json::Value,
) -> Result<(types::MarkUpdate, Report), Report> {
    let mut report = Report::default();
    crate::order::check_schema("MarkUpdate", &mut value, &mut report);
    let data = &value["mark_type_data"];
    if data.get("citation").is_some() && data.get("country_code").is_none() {
        report.error(
            "citation-needs-country",
            Location::path("mark_type_data.citation"),
            "a citation is given for a government mark, which needs mark_type_data.country_code \
             too; add the two-letter code of the country that grants the right",
        );
    }
    // Mark data whose every field was left out (given empty) changes nothing either.
    if let Some(fields) = value.as_object_mut()
        && fields
            .get("mark_type_data")
            .and_then(serde_json::Value::as_object)
            .is_some_and(serde_json::Map::is_empty)
    {
        fields.remove("mark_type_data");
    }
    if value.as_object().is_none_or(|fields| fields.is_empty()) {
        report.error(
            "mark-update-empty",
            Location::none(),
            "the update changes nothing; give hosting or mark details",
        );
    }
    if !report.is_valid() {
        return Err(report);
    }
    match serde_json::from_value(value) {
        Ok(body) => Ok((body, report)),
        Err(e) => {
            report.error(
                "not-json",
                Location::none(),
                format!("the checked mark update no longer reads as one: {e}"),
            );
            Err(report)
        }
    }
}

/// The body of a cancel request, refusing a blank note.
fn cancel_body(note: &str) -> Result<types::OrderStatusUpdate, Error> {
    let note = note.trim();
    let refused = |message: &str| {
        let mut report = Report::default();
        report.error("cancel-note", Location::path("note"), message);
        Error::Invalid(report)
    };
    if note.is_empty() {
        return Err(refused(
            "a cancel needs a note saying why; DigiCert requires one",
        ));
    }
    Ok(types::OrderStatusUpdate {
        status: types::OrderStatusUpdateStatus::Canceled,
        note: types::OrderStatusUpdateNote::try_from(note.to_owned())
            .map_err(|e| refused(&format!("the note is unusable: {e}")))?,
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

    #[test]
    fn a_blank_note_is_refused() {
        for note in ["", "   ", "\n\t"] {
            let err = cancel_body(note).unwrap_err();
            assert!(
                err.report().is_some_and(|r| r.has("cancel-note")),
                "{note:?}"
            );
        }
        let body = cancel_body("  Ordered twice.  ").unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"note": "Ordered twice.", "status": "canceled"})
        );
    }

    #[test]
    fn an_empty_mark_update_is_refused() {
        let empty = types::MarkUpdate::builder().try_into().unwrap();
        let report = check_mark_update(&empty).unwrap_err();
        assert!(report.has("mark-update-empty"));
    }
}
