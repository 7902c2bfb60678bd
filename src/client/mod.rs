//! `MarkClient`: the generated operations, with the policy a paid API needs around them.
//!
//! - An order is validated once ([`PreparedOrder`]) and carries an alternative order id,
//!   known before anything is sent.
//! - No redirect is followed; the key only travels over https (loopback excepted, for tests).
//! - Every answer is read up to a byte limit.
//! - HTTP 429 is waited out (with `Retry-After` honoured) and retried: it was not processed.
//! - An order POST whose outcome is unclear (a timeout, a lost connection, a 5xx, a redirect)
//!   is never simply sent again. The alternative order id is looked up, repeatedly over a
//!   window ([`RetryPolicy`]): found, the order is returned; every lookup answering "none",
//!   it may be sent again; anything else is [`Error::OutcomeUnknown`], with the id.

mod error;
mod lifecycle;
mod policy;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::Serialize;

pub use error::{ApiError, Error};
pub use lifecycle::{
    DEFAULT_POLL_INTERVAL, MAX_STATUS_CHANGE_WINDOW, MIN_POLL_INTERVAL, OrderRef, UploadedLogo,
    WaitEvent, WaitOptions, WaitOutcome, check_mark_update, check_mark_update_json,
};
pub use policy::RetryPolicy;

use crate::logo::Logo;
use crate::order::{MarkOrder, PreparedOrder};
use crate::raw::{self, Exchange, Hooks};
use crate::redact::server_text;
use crate::types;
use policy::{OrderStatusMeaning, jitter, order_status_meaning, refused_before_sending};

/// Name of the header that carries the API key.
const KEY_HEADER: &str = "X-DC-DEVKEY";
/// Environment variable [`MarkClient::from_env`] reads.
pub const API_KEY_VARIABLE: &str = "DIGICERT_API_KEY";

/// Where CertCentral lives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Region {
    /// `https://www.digicert.com/services/v2`
    #[default]
    Us,
    /// `https://certcentral.digicert.eu/services/v2`
    Eu,
}

impl Region {
    /// The Services API v2 base URL of the region.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Us => "https://www.digicert.com/services/v2",
            Self::Eu => "https://certcentral.digicert.eu/services/v2",
        }
    }
}

/// A CertCentral API key. `Debug` never shows it.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Builds a [`MarkClient`]. `Debug` never shows the key.
///
/// ```
/// use std::time::Duration;
/// use digicert_mark_certs::{MarkClient, Region, RetryPolicy};
///
/// let client = MarkClient::builder("my-api-key")
///     .region(Region::Eu)
///     .timeout(Duration::from_secs(60))
///     .retry_policy(RetryPolicy::default().resends(0))
///     .deny_warnings(true)
///     .build()?;
/// assert_eq!(client.base_url(), "https://certcentral.digicert.eu/services/v2");
/// assert!(MarkClient::builder("").build().is_err());
/// assert!(MarkClient::builder("k").base_url("http://example.com").build().is_err());
/// # Ok::<(), digicert_mark_certs::Error>(())
/// ```
#[must_use]
pub struct MarkClientBuilder {
    api_key: ApiKey,
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    read_limit: usize,
    deny_warnings: bool,
}

impl fmt::Debug for MarkClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MarkClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &url_for_debug(&self.base_url))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("read_limit", &self.read_limit)
            .field("deny_warnings", &self.deny_warnings)
            .finish()
    }
}

impl MarkClientBuilder {
    /// The region to use (default US).
    pub fn region(mut self, region: Region) -> Self {
        self.base_url = region.base_url().to_owned();
        self
    }

    /// Any Services API v2 base URL: `https://...`, or `http://` to a loopback address (a
    /// local test server). Anything else fails at [`MarkClientBuilder::build`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Time allowed to connect. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, answer included. Default 120 s: orders can be slow.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Most bytes read from one answer. Default 1 MiB ([`raw::DEFAULT_READ_LIMIT`]).
    pub fn read_limit(mut self, bytes: usize) -> Self {
        self.read_limit = bytes;
        self
    }

    /// Refuse to send an order whose validation found warnings, not only errors.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// Builds the client, refusing an empty key, a key an HTTP header cannot carry, and a
    /// base URL that is not https (or http to a loopback address).
    pub fn build(self) -> Result<MarkClient, Error> {
        let key = self.api_key.0.trim();
        if key.is_empty() {
            return Err(Error::Config(format!(
                "the API key is empty; set {API_KEY_VARIABLE} to your CertCentral API key"
            )));
        }
        let mut key = HeaderValue::from_str(key).map_err(|_| {
            Error::Config("the API key holds characters an HTTP header cannot carry".to_owned())
        })?;
        key.set_sensitive(true);
        let base_url = checked_base_url(&self.base_url)?;
        let mut headers = HeaderMap::new();
        headers.insert(KEY_HEADER, key);
        let http = crate::tls::build(
            crate::tls::http_client_builder()
                .default_headers(headers)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout),
        )
        .map_err(Error::Config)?;
        Ok(MarkClient {
            http,
            base_url,
            retry: self.retry,
            read_limit: self.read_limit,
            deny_warnings: self.deny_warnings,
            key: ApiKey(self.api_key.0.trim().to_owned()),
        })
    }
}

/// A base URL fit to receive the key: https, or http to a loopback address; no credentials,
/// query or fragment. Returned without a trailing `/`.
fn checked_base_url(url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| {
        Error::Config(format!(
            "the base URL given is unusable ({e}); give an https:// URL such as {}",
            Region::Us.base_url()
        ))
    })?;
    // Credentials first: nothing below may quote a URL that holds them.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Config(
            "the base URL carries credentials; leave them out (the API key goes to the \
             builder, never into the URL)"
                .to_owned(),
        ));
    }
    let shown = server_text(parsed.as_str(), 200);
    let loopback = match parsed.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::Config(format!(
                "the base URL {shown} uses plain http; the API key is only sent over https \
                 (http is allowed to a loopback address, for tests)"
            )));
        }
        other => {
            return Err(Error::Config(format!(
                "the base URL {shown} uses \"{}\"; use an https:// URL",
                server_text(other, 20)
            )));
        }
    }
    if parsed.host().is_none() {
        return Err(Error::Config(format!("the base URL {shown} names no host")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!(
            "the base URL {shown} has a query or fragment; give the bare Services API URL"
        )));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// A base URL as `Debug` may show it: without credentials.
fn url_for_debug(url: &str) -> String {
    match reqwest::Url::parse(url.trim()) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

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
    pub fn order_id(&self) -> i64 {
        match self {
            Self::Answered(placed) => placed.order.id,
            Self::FoundByLookup(found) => found.orders.first().map_or(0, |o| o.order_id),
        }
    }

    /// The alternative order id the order carries.
    pub fn alternative_order_id(&self) -> &str {
        match self {
            Self::Answered(placed) => &placed.alternative_order_id,
            Self::FoundByLookup(found) => &found.alternative_order_id,
        }
    }

    /// How many order POSTs were sent.
    pub fn posts(&self) -> u32 {
        match self {
            Self::Answered(placed) => placed.posts,
            Self::FoundByLookup(found) => found.posts,
        }
    }

    /// More than one order carries the alternative order id.
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

/// DigiCert's verdict on a logo, from `PUT /util/validate-vmc-encoded-logo`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RemoteLogoVerdict {
    /// DigiCert accepts the logo (HTTP 204).
    Accepted,
    /// DigiCert refuses it, and says why.
    Refused {
        /// HTTP status.
        status: u16,
        /// DigiCert's explanation (every error message, or the start of the answer).
        message: String,
    },
}

/// A CertCentral client for mark certificates. `Debug` never shows the API key.
///
/// ```no_run
/// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
/// use digicert_mark_certs::types::VmcOrderRequest;
/// use digicert_mark_certs::{MarkClient, Region};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = MarkClient::builder("my-api-key").region(Region::Eu).build()?;
/// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
/// let prepared = PreparedOrder::new(order).map_err(|report| report.to_text())?;
/// eprintln!("ordering with alternative_order_id {}", prepared.alternative_order_id());
/// let placement = client.place(&prepared).await?;
/// println!("order {}", placement.order_id());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MarkClient {
    http: reqwest::Client,
    base_url: String,
    retry: RetryPolicy,
    read_limit: usize,
    deny_warnings: bool,
    /// Kept only to remove it from any server text that would echo it.
    key: ApiKey,
}

/// The secrets a request carried, removed from every piece of server text the client keeps:
/// a server that echoes the key, a card number or a CVV does not get them printed.
struct Secrets<'a> {
    key: &'a str,
    card_number: Option<String>,
    cvv: Option<String>,
}

impl Secrets<'_> {
    /// The text without any of the secrets. JSON is read first, so a secret hidden behind
    /// `\u` escapes is found too; a JSON answer that held one comes back re-written, with the
    /// secret removed and every escape decoded.
    fn scrub(&self, text: String) -> String {
        self.scrub_checked(text).0
    }

    /// [`Secrets::scrub`], and whether anything was removed.
    fn scrub_checked(&self, text: String) -> (String, bool) {
        if let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) {
            let mut changed = false;
            self.scrub_value(&mut value, &mut changed);
            if changed {
                return (value.to_string(), true);
            }
        }
        let scrubbed = self.scrub_text(&text);
        let changed = scrubbed != text;
        (scrubbed, changed)
    }

    fn scrub_value(&self, value: &mut serde_json::Value, changed: &mut bool) {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let clean = self.scrub_text(s);
                if clean != *s {
                    *s = clean;
                    *changed = true;
                }
            }
            Value::Number(n) => {
                let text = n.to_string();
                let clean = self.scrub_text(&text);
                if clean != text {
                    *value = Value::String(clean);
                    *changed = true;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v, changed)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.scrub_value(&mut v, changed);
                    let clean = self.scrub_text(&key);
                    if clean != key {
                        *changed = true;
                    }
                    map.insert(clean, v);
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    fn scrub_text(&self, text: &str) -> String {
        let mut text = text.to_owned();
        if !self.key.is_empty() && text.contains(self.key) {
            text = text.replace(self.key, "<api key removed>");
        }
        if let Some(number) = &self.card_number {
            text = replace_digits(&text, number, "<card number removed>");
        }
        if let Some(cvv) = &self.cvv {
            text = replace_digits(&text, cvv, "<cvv removed>");
        }
        crate::redact::mask_card_numbers(&text).into_owned()
    }

    /// A header value, or a placeholder when it holds a secret.
    fn scrub_header(&self, value: &HeaderValue) -> HeaderValue {
        let text = String::from_utf8_lossy(value.as_bytes());
        if self.scrub_text(&text) == text {
            value.clone()
        } else {
            HeaderValue::from_static("<removed: it held a secret>")
        }
    }
}

/// Replaces each occurrence of the digit string `digits` that stands alone (no digit right
/// before or after it), allowing single separators (spaces, hyphens, dots...) between its
/// digits.
fn replace_digits(text: &str, digits: &str, with: &str) -> String {
    let wanted: Vec<u8> = digits.bytes().filter(u8::is_ascii_digit).collect();
    if wanted.is_empty() {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let starts_alone = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if starts_alone {
            // Match the digits, skipping single separators between them.
            let (mut j, mut k) = (i, 0);
            while k < wanted.len() && j < bytes.len() {
                if bytes[j] == wanted[k] {
                    k += 1;
                    j += 1;
                } else if k > 0 && crate::redact::is_digit_separator(bytes[j]) {
                    j += 1;
                } else {
                    break;
                }
            }
            let ends_alone = j >= bytes.len() || !bytes[j].is_ascii_digit();
            if k == wanted.len() && ends_alone {
                out.push_str(&text[copied..i]);
                out.push_str(with);
                copied = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

impl MarkClient {
    /// The secrets of a request: the key, and the card of an order paid by card.
    fn secrets<O: MarkOrder>(&self, order: Option<&O>) -> Secrets<'_> {
        let (card_number, cvv) = match order.and_then(MarkOrder::card) {
            Some(card) => (
                Some(card.number.expose().to_owned()),
                Some(card.cvv.expose().to_string()),
            ),
            None => (None, None),
        };
        Secrets {
            key: &self.key.0,
            card_number,
            cvv,
        }
    }
}

impl fmt::Debug for MarkClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MarkClient")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("read_limit", &self.read_limit)
            .field("deny_warnings", &self.deny_warnings)
            .finish_non_exhaustive()
    }
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

/// What one lookup of an alternative order id answered.
enum Lookup {
    Found(Vec<types::AlternateOrder>),
    None,
    RateLimited(Option<Duration>),
    Failed {
        reason: String,
        retry_after: Option<Duration>,
    },
}

/// What the lookups over the whole window came to.
enum Confirmation {
    Found(Vec<types::AlternateOrder>, u32),
    Absent,
    Unknown(String),
}

impl MarkClient {
    /// Starts a client with an API key, for the US region, with default timeouts and retries.
    pub fn builder(api_key: impl Into<String>) -> MarkClientBuilder {
        MarkClientBuilder {
            api_key: ApiKey(api_key.into()),
            base_url: Region::Us.base_url().to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            read_limit: raw::DEFAULT_READ_LIMIT,
            deny_warnings: false,
        }
    }

    /// A US client with the key from the `DIGICERT_API_KEY` environment variable.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder_from_env()?.build()
    }

    /// A builder with the key from the `DIGICERT_API_KEY` environment variable.
    pub fn builder_from_env() -> Result<MarkClientBuilder, Error> {
        match std::env::var(API_KEY_VARIABLE) {
            Ok(key) if !key.trim().is_empty() => Ok(Self::builder(key.trim())),
            _ => Err(Error::Config(format!(
                "set {API_KEY_VARIABLE} to your CertCentral API key"
            ))),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The generated client for one request, with hooks that record what came back.
    pub(crate) fn api(&self) -> (raw::Client, Arc<Mutex<Exchange>>) {
        self.api_reading(self.read_limit)
    }

    /// [`MarkClient::api`] reading at most `read_limit` bytes of the answer.
    pub(crate) fn api_reading(&self, read_limit: usize) -> (raw::Client, Arc<Mutex<Exchange>>) {
        let (hooks, record) = Hooks::recording(read_limit);
        (
            raw::Client::new_with_client(&self.base_url, self.http.clone(), hooks),
            record,
        )
    }

    /// Prepares (validates once) and places an order. See [`MarkClient::place`].
    pub async fn order<O: MarkOrder>(&self, order: O) -> Result<Placement, Error> {
        let prepared = PreparedOrder::new(order).map_err(Error::Invalid)?;
        self.place(&prepared).await
    }

    /// Places a prepared order through its generated operation, with the policy of the module
    /// documentation. Nothing is sent when the order has warnings and the client denies them.
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
        let mut posts = 0u32;
        let mut rate_limits = policy::RateLimits::new(&self.retry);
        let mut resends_left = self.retry.resends;
        loop {
            posts += 1;
            tracing::info!(
                operation,
                alternative_order_id = id,
                attempt = posts,
                "sending the order"
            );
            let attempt = self.post_once(prepared, posts, &secrets).await;
            let (reason, body, retry_after) = match attempt {
                Attempt::Answered(placed) => {
                    tracing::info!(
                        order_id = placed.order.id,
                        alternative_order_id = id,
                        "order placed"
                    );
                    return Ok(Placement::Answered(placed));
                }
                Attempt::Refused(e) | Attempt::UnreadableSuccess(e) => return Err(e),
                Attempt::Unreachable(e) => return Err(Error::Transport(e)),
                Attempt::RateLimited { retry_after, body } => {
                    rate_limits.wait_out(operation, retry_after, body).await?;
                    continue;
                }
                Attempt::NotSent(e) => {
                    if resends_left == 0 {
                        return Err(Error::Transport(e));
                    }
                    resends_left -= 1;
                    let wait = self.retry.backoff_wait(posts - 1, None, jitter());
                    tracing::info!(
                        wait_ms = wait.as_millis() as u64,
                        "the connection was refused before anything was sent; trying again"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Attempt::Unclear {
                    reason,
                    body,
                    retry_after,
                } => (reason, body, retry_after),
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
                Confirmation::Absent if resends_left > 0 => {
                    resends_left -= 1;
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
                    // A success status the document does not list: the body decides.
                    (None, Err(_)) => {
                        serde_json::from_slice::<types::OrderResponse>(&exchange.body)
                            .map_err(|e| format!("the answer is not an order: {e}"))
                    }
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
                    let to = exchange
                        .headers
                        .get(header::LOCATION)
                        .and_then(|v| v.to_str().ok())
                        .map(|l| format!(" to {}", server_text(&secrets.scrub(l.to_owned()), 200)))
                        .unwrap_or_default();
                    format!(
                        "DigiCert answered with a redirect (HTTP {}){to}, which is never followed",
                        status.as_u16()
                    )
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
            let mut rate_limits = policy::RateLimits::new(&self.retry);
            let answer = loop {
                match self.lookup_once(id, secrets).await {
                    Lookup::RateLimited(asked) => {
                        if rate_limits
                            .wait_out("get_orders_by_alternative_id", asked, String::new())
                            .await
                            .is_err()
                        {
                            break Lookup::Failed {
                                reason: "the lookup was rate limited".to_owned(),
                                retry_after: asked,
                            };
                        }
                    }
                    other => break other,
                }
            };
            match answer {
                Lookup::Found(orders) => {
                    return Confirmation::Found(orders, u32::try_from(i + 1).unwrap_or(u32::MAX));
                }
                Lookup::None => {
                    tracing::info!(
                        alternative_order_id = id,
                        lookup = i + 1,
                        "no order found yet"
                    );
                }
                Lookup::Failed {
                    reason,
                    retry_after,
                } => {
                    tracing::warn!(alternative_order_id = id, lookup = i + 1, reason = %reason, "the lookup failed");
                    failure = Some(reason);
                    extra_wait = retry_after;
                }
                Lookup::RateLimited(_) => unreachable!("handled above"),
            }
        }
        match failure {
            None => Confirmation::Absent,
            Some(reason) => Confirmation::Unknown(format!(
                "looking it up did not give a clear answer: {reason}"
            )),
        }
    }

    /// One lookup, judged strictly: only a 200 answer listing orders (or none) counts.
    async fn lookup_once(&self, id: &str, secrets: &Secrets<'_>) -> Lookup {
        let (api, record) = self.api();
        let result = api
            .get_orders_by_alternative_id()
            .alternative_order_id(id)
            .send()
            .await;
        let exchange = take(&record);
        let retry_after = policy::retry_after(&exchange.headers, SystemTime::now());
        let failed = |reason: String| Lookup::Failed {
            reason,
            retry_after,
        };
        let Some(status) = exchange.status else {
            return failed(match result {
                Err(raw::Error::CommunicationError(e)) => error::transport_reason(&e),
                _ => "the lookup failed without an answer".to_owned(),
            });
        };
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Lookup::RateLimited(retry_after);
        }
        if exchange.over_limit {
            return failed(format!(
                "the lookup's answer is longer than the {}-byte limit",
                self.read_limit
            ));
        }
        match result {
            Ok(list) if status == reqwest::StatusCode::OK => {
                let list = list.into_inner();
                // An empty list is only believed when nothing else in the answer contradicts
                // it: a page that counts orders, or errors beside the list.
                let counted = list.page.as_ref().and_then(|p| p.total).unwrap_or(0);
                let contradicted =
                    list.orders.is_empty() && (counted > 0 || list.extra.contains_key("errors"));
                if contradicted {
                    return failed(
                        "the lookup answered an empty list that its own answer contradicts \
                         (a count of orders, or errors)"
                            .to_owned(),
                    );
                }
                let (ours, others): (Vec<_>, Vec<_>) = list
                    .orders
                    .into_iter()
                    .partition(|o| o.alternative_order_id.as_deref().is_none_or(|a| a == id));
                if !ours.is_empty() {
                    Lookup::Found(ours)
                } else if !others.is_empty() {
                    failed(format!(
                        "the lookup answered {} order(s) carrying another alternative order id",
                        others.len()
                    ))
                } else {
                    Lookup::None
                }
            }
            _ => failed(format!(
                "the lookup answered HTTP {}: {}",
                status.as_u16(),
                server_text(
                    &secrets.scrub(String::from_utf8_lossy(&exchange.body).into_owned()),
                    200
                )
            )),
        }
    }

    /// The orders that carry `alternative_order_id`, from one lookup: an empty list when
    /// there are none. Orders the answer lists under another id are not returned; an answer
    /// that lists only such orders is an error.
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
        let mut rate_limits = policy::RateLimits::new(&self.retry);
        loop {
            match self.lookup_once(alternative_order_id, &secrets).await {
                Lookup::Found(orders) => return Ok(orders),
                Lookup::None => return Ok(Vec::new()),
                Lookup::RateLimited(asked) => {
                    rate_limits
                        .wait_out("get_orders_by_alternative_id", asked, String::new())
                        .await?;
                }
                Lookup::Failed { reason, .. } => {
                    return Err(Error::Unexpected {
                        status: None,
                        detail: reason,
                        body: String::new(),
                    });
                }
            }
        }
    }
}

fn take(record: &Arc<Mutex<Exchange>>) -> Exchange {
    std::mem::take(&mut *record.lock().unwrap_or_else(|e| e.into_inner()))
}

/// The time allowed for each request unless chosen otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Asks DigiCert whether it accepts a logo. Needs no API key and places no order. The base
/// URL follows the rules of [`MarkClientBuilder::base_url`]. Each request may take 120 s, and
/// the rate limit is waited out as [`RetryPolicy::default`] says; see
/// [`check_logo_remotely_with`] to choose.
pub async fn check_logo_remotely(base_url: &str, logo: &Logo) -> Result<RemoteLogoVerdict, Error> {
    check_logo_remotely_with(base_url, logo, DEFAULT_TIMEOUT, &RetryPolicy::default()).await
}

/// [`check_logo_remotely`] with the time allowed for each request and the retry policy:
/// answers of the rate limit (HTTP 429) are waited out as `policy` says; nothing else is
/// tried again.
pub async fn check_logo_remotely_with(
    base_url: &str,
    logo: &Logo,
    timeout: Duration,
    policy: &RetryPolicy,
) -> Result<RemoteLogoVerdict, Error> {
    let base_url = checked_base_url(base_url)?;
    let http = crate::tls::build(crate::tls::http_client_builder().timeout(timeout))
        .map_err(Error::Config)?;
    let (hooks, record) = Hooks::recording(raw::DEFAULT_READ_LIMIT);
    let api = raw::Client::new_with_client(&base_url, http, hooks);
    let body = types::EncodedLogo {
        logo: types::LogoData::try_from(logo.encoded().to_owned())
            .map_err(|e| Error::Config(format!("the encoded logo is unusable: {e}")))?,
    };
    let mut rate_limits = policy::RateLimits::new(policy);
    loop {
        let result = api.validate_encoded_logo().body(body.clone()).send().await;
        let exchange = take(&record);
        let Some(status) = exchange.status else {
            return Err(match result {
                Err(raw::Error::CommunicationError(e)) => Error::Transport(e),
                _ => Error::Unexpected {
                    status: None,
                    detail: "the logo check failed without an answer".to_owned(),
                    body: String::new(),
                },
            });
        };
        let text = String::from_utf8_lossy(&exchange.body).into_owned();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let asked = policy::retry_after(&exchange.headers, SystemTime::now());
            rate_limits
                .wait_out("validate_encoded_logo", asked, text)
                .await?;
            continue;
        }
        if status.is_success() && !exchange.over_limit {
            return Ok(RemoteLogoVerdict::Accepted);
        }
        if status.is_client_error() {
            let message = error::join(&error::parse_api_errors(&exchange.body), &text);
            return Ok(RemoteLogoVerdict::Refused {
                status: status.as_u16(),
                message,
            });
        }
        return Err(Error::Unexpected {
            status: Some(status.as_u16()),
            detail: format!(
                "the logo check answered HTTP {}: {}",
                status.as_u16(),
                server_text(&text, 200)
            ),
            body: text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_fit_to_carry_the_key() {
        for good in [
            "https://www.digicert.com/services/v2",
            "https://certcentral.digicert.eu/services/v2/",
            "http://127.0.0.1:8080",
            "http://[::1]:9000/services/v2",
            "http://localhost:1234",
        ] {
            assert!(checked_base_url(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ftp://www.digicert.com/services/v2",
            "http://www.digicert.com/services/v2",
            "http://10.0.0.1/services/v2",
            "https://user:secret@www.digicert.com/services/v2",
            "https://www.digicert.com/services/v2?x=1",
            "file:///etc/passwd",
            "www.digicert.com",
        ] {
            assert!(
                matches!(checked_base_url(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
        assert_eq!(
            checked_base_url("https://www.digicert.com/services/v2/").unwrap(),
            "https://www.digicert.com/services/v2"
        );
    }

    #[test]
    fn an_empty_or_blank_key_is_a_configuration_error() {
        for key in ["", "   ", "\t"] {
            assert!(matches!(
                MarkClient::builder(key).build(),
                Err(Error::Config(_))
            ));
        }
        assert!(matches!(
            MarkClient::builder("bad\nkey").build(),
            Err(Error::Config(_))
        ));
    }
}
