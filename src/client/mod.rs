//! `MarkClient`: orders over HTTPS with the API key, validation first, and no blind resends.
//!
//! An order POST whose outcome is unclear (timeout, lost connection, 5xx) is never simply
//! sent again. Every order carries an `alternative_order_id`; after an unclear outcome the
//! client asks `GET /order/alternate/{id}` whether the order exists. Found: it is returned.
//! Not found: the POST is sent again, a bounded number of times. The lookup fails: the caller
//! gets [`Error::OutcomeUnknown`] with the id to check later.

mod error;

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::Serialize;

pub use error::{ApiError, Error};

use crate::generated::types;
use crate::logo::Logo;
use crate::order::{self, OrderKind};

/// Name of the header that carries the API key.
const KEY_HEADER: &str = "X-DC-DEVKEY";
/// Environment variable [`MarkClient::from_env`] reads.
pub const API_KEY_VARIABLE: &str = "DIGICERT_API_KEY";
/// Length of the alternative order ids the client makes.
const GENERATED_ID_LENGTH: usize = 32;

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

/// How [`MarkClient`] waits and retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after HTTP 429 (`request_limit_exceeded`). Default 3.
    pub rate_limit_retries: u32,
    /// POSTs sent again after a lookup showed the order was not placed, or after a failed
    /// connection (which sends nothing). Default 2.
    pub resends: u32,
    /// First backoff delay; it doubles with each retry, with random jitter. Default 1 s.
    pub backoff_base: Duration,
    /// Longest wait between attempts, `Retry-After` included. Default 60 s.
    pub backoff_max: Duration,
    /// Wait before looking an order up after an unclear outcome, so a just-placed order is
    /// visible. Default 2 s.
    pub lookup_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            rate_limit_retries: 3,
            resends: 2,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            lookup_delay: Duration::from_secs(2),
        }
    }
}

/// Builds a [`MarkClient`].
#[derive(Debug)]
pub struct MarkClientBuilder {
    api_key: ApiKey,
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
}

impl MarkClientBuilder {
    /// The region to use (default US).
    pub fn region(mut self, region: Region) -> Self {
        self.base_url = region.base_url().to_owned();
        self
    }

    /// Any Services API v2 base URL, such as a test server's.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Time allowed to connect. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request. Default 120 s: orders can be slow.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<MarkClient, Error> {
        let mut key = HeaderValue::from_str(&self.api_key.0).map_err(|_| {
            Error::Config("the API key holds characters an HTTP header cannot carry".to_owned())
        })?;
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(KEY_HEADER, key);
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        let http = crate::tls::http_client_builder()
            .default_headers(headers)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        reqwest::Url::parse(&self.base_url).map_err(|e| {
            Error::Config(format!("the base URL {} is unusable: {e}", self.base_url))
        })?;
        Ok(MarkClient {
            http,
            base_url: self.base_url,
            retry: self.retry,
        })
    }
}

/// A placed order, as DigiCert answered it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PlacedOrder {
    /// The parsed answer: order id, requests and their status, domains and DCV tokens,
    /// certificate id, logo id. When the order was found by lookup, only the id, the
    /// certificate id and (under `extra`) the status are known.
    pub order: types::OrderResponse,
    /// The alternative order id the order carries (the caller's, or one the client made).
    pub alternative_order_id: String,
    /// The answer as received.
    pub raw_body: String,
    /// The headers of that answer.
    pub headers: HeaderMap,
    /// `true` when an unclear outcome was resolved by finding the order.
    pub found_by_lookup: bool,
    /// How many order POSTs were sent.
    pub posts: u32,
}

/// DigiCert's verdict on a logo, from `PUT /util/validate-vmc-encoded-logo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemoteLogoVerdict {
    /// DigiCert accepts the logo (HTTP 204).
    Accepted,
    /// DigiCert refuses it, and says why.
    Refused {
        /// HTTP status.
        status: u16,
        /// DigiCert's explanation (all error messages, or the body as received).
        message: String,
    },
}

/// A CertCentral client for mark certificate orders. `Debug` never shows the API key.
///
/// ```no_run
/// use digicert_mark_certs::order::{existing_organization, vmc_order};
/// use digicert_mark_certs::{MarkClient, Region};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = MarkClient::builder("my-api-key").region(Region::Eu).build()?;
/// let order = vmc_order(["example.com"], existing_organization(123456)?, 1)?;
/// let placed = client.order_vmc(order).await?;
/// println!("order {} ({})", placed.order.id, placed.alternative_order_id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MarkClient {
    http: reqwest::Client,
    base_url: String,
    retry: RetryPolicy,
}

impl fmt::Debug for MarkClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MarkClient")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// What one order POST came to.
enum Attempt {
    Done(Box<Result<PlacedOrder, Error>>),
    RateLimited {
        retry_after: Option<Duration>,
        body: String,
    },
    /// Nothing reached DigiCert: sending again cannot duplicate.
    NotSent(reqwest::Error),
    /// It may have been placed: why, and DigiCert's answer if there was one.
    Unclear(String, Option<String>),
}

impl MarkClient {
    /// Starts a client with an API key, for the US region, with default timeouts and retries.
    pub fn builder(api_key: impl Into<String>) -> MarkClientBuilder {
        MarkClientBuilder {
            api_key: ApiKey(api_key.into()),
            base_url: Region::Us.base_url().to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(120),
            retry: RetryPolicy::default(),
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

    /// Validates and places a VMC order. See the module documentation for retries.
    pub async fn order_vmc(&self, order: types::VmcOrderRequest) -> Result<PlacedOrder, Error> {
        let mut order = order;
        let id = ensure_alternative_order_id(&mut order.alternative_order_id)?;
        let report = order::validate_vmc(&order);
        self.place(OrderKind::Vmc, &order, report, id).await
    }

    /// Validates and places a CMC order. See the module documentation for retries.
    pub async fn order_cmc(&self, order: types::CmcOrderRequest) -> Result<PlacedOrder, Error> {
        let mut order = order;
        let id = ensure_alternative_order_id(&mut order.alternative_order_id)?;
        let report = order::validate_cmc(&order);
        self.place(OrderKind::Cmc, &order, report, id).await
    }

    async fn place<T: Serialize>(
        &self,
        kind: OrderKind,
        order: &T,
        report: crate::findings::Report,
        alternative_order_id: String,
    ) -> Result<PlacedOrder, Error> {
        if !report.is_valid() {
            return Err(Error::Invalid(report));
        }
        let body = serde_json::to_vec(order)
            .map_err(|e| Error::Config(format!("cannot write the order as JSON: {e}")))?;
        let url = format!("{}/order/certificate/{}", self.base_url, endpoint(kind));
        let mut posts = 0;
        let mut rate_limited = 0;
        let mut resends_left = self.retry.resends;
        loop {
            posts += 1;
            tracing::debug!(posts, endpoint = endpoint(kind), "sending order");
            let unclear = match self
                .post_once(&url, &body, &alternative_order_id, posts)
                .await
            {
                Attempt::Done(outcome) => return *outcome,
                Attempt::RateLimited { retry_after, body } => {
                    if rate_limited >= self.retry.rate_limit_retries {
                        return Err(Error::RateLimited {
                            attempts: posts,
                            retry_after,
                            body,
                        });
                    }
                    let wait = self.backoff(rate_limited, retry_after);
                    rate_limited += 1;
                    tracing::info!(wait_ms = wait.as_millis() as u64, "rate limited; waiting");
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Attempt::NotSent(e) => {
                    if resends_left == 0 {
                        return Err(Error::Transport(e));
                    }
                    resends_left -= 1;
                    tracing::info!("connection failed before sending; trying again");
                    tokio::time::sleep(self.backoff(posts - 1, None)).await;
                    continue;
                }
                Attempt::Unclear(reason, body) => (reason, body),
            };
            let (unclear, last_body) = unclear;
            tracing::warn!(reason = %unclear, "order outcome unclear; looking it up");
            tokio::time::sleep(self.retry.lookup_delay).await;
            match self.find_order(&alternative_order_id).await {
                Ok(Some(found)) => {
                    return Ok(PlacedOrder {
                        posts,
                        found_by_lookup: true,
                        ..found
                    });
                }
                Ok(None) if resends_left > 0 => {
                    resends_left -= 1;
                    tracing::info!("lookup found no order; sending it again");
                }
                Ok(None) => {
                    return Err(Error::NotPlaced {
                        alternative_order_id,
                        reason: unclear,
                        body: last_body,
                    });
                }
                Err(e) => {
                    return Err(Error::OutcomeUnknown {
                        alternative_order_id,
                        reason: format!("{unclear}; the lookup failed: {e}"),
                        body: last_body,
                    });
                }
            }
        }
    }

    async fn post_once(&self, url: &str, body: &[u8], id: &str, posts: u32) -> Attempt {
        let sent = self
            .http
            .post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(e) if e.is_connect() => return Attempt::NotSent(e),
            Err(e) => return Attempt::Unclear(describe_transport(&e), None),
        };
        let status = response.status();
        let headers = response.headers().clone();
        let retry_after = retry_after(&headers);
        let text = match response.text().await {
            Ok(text) => text,
            Err(e) if status.is_success() => {
                return Attempt::Done(Box::new(Err(Error::UnreadableSuccess {
                    status: status.as_u16(),
                    detail: format!("the answer was cut off: {}", describe_transport(&e)),
                    body: String::new(),
                    alternative_order_id: id.to_owned(),
                })));
            }
            Err(e) => return Attempt::Unclear(describe_transport(&e), None),
        };
        if status.is_success() {
            let outcome = match serde_json::from_str::<types::OrderResponse>(&text) {
                Ok(order) => Ok(PlacedOrder {
                    order,
                    alternative_order_id: id.to_owned(),
                    raw_body: text,
                    headers,
                    found_by_lookup: false,
                    posts,
                }),
                Err(e) => Err(Error::UnreadableSuccess {
                    status: status.as_u16(),
                    detail: e.to_string(),
                    body: text,
                    alternative_order_id: id.to_owned(),
                }),
            };
            return Attempt::Done(Box::new(outcome));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Attempt::RateLimited {
                retry_after,
                body: text,
            };
        }
        if status.is_client_error() {
            return Attempt::Done(Box::new(Err(Error::Api {
                status: status.as_u16(),
                errors: error::parse_api_errors(&text),
                body: text,
            })));
        }
        Attempt::Unclear(
            format!("DigiCert answered HTTP {}", status.as_u16()),
            Some(text),
        )
    }

    /// Looks up the order that carries `alternative_order_id`: `None` when there is none.
    pub async fn find_order(
        &self,
        alternative_order_id: &str,
    ) -> Result<Option<PlacedOrder>, Error> {
        let url = format!("{}/order/alternate/{}", self.base_url, alternative_order_id);
        let response = self.http.get(&url).send().await.map_err(Error::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.map_err(Error::Transport)?;
        if status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(Error::Unexpected {
                status: status.as_u16(),
                body: text,
            });
        }
        let list: types::AlternateOrderList =
            serde_json::from_str(&text).map_err(|_| Error::Unexpected {
                status: status.as_u16(),
                body: text.clone(),
            })?;
        if list.orders.len() > 1 {
            tracing::warn!(
                count = list.orders.len(),
                "several orders carry the same alternative order id"
            );
        }
        Ok(list.orders.into_iter().next().map(|found| {
            let mut extra = found.extra;
            if let Some(status) = found.status {
                extra.insert("status".to_owned(), serde_json::Value::String(status));
            }
            PlacedOrder {
                order: types::OrderResponse {
                    id: found.order_id,
                    certificate_id: found.certificate_id,
                    domains: Vec::new(),
                    requests: Vec::new(),
                    vmc: None,
                    extra,
                },
                alternative_order_id: alternative_order_id.to_owned(),
                raw_body: text,
                headers,
                found_by_lookup: true,
                posts: 0,
            }
        }))
    }

    /// The wait before retry number `retry` (0-based): exponential with full jitter, or
    /// DigiCert's `Retry-After`, never more than the policy's maximum.
    fn backoff(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.retry.backoff_max);
        }
        let ceiling = self
            .retry
            .backoff_base
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.retry.backoff_max);
        ceiling.mul_f64(random_fraction())
    }
}

/// Asks DigiCert whether it accepts a logo. Needs no API key and places no order.
pub async fn check_logo_remotely(base_url: &str, logo: &Logo) -> Result<RemoteLogoVerdict, Error> {
    let http = crate::tls::http_client_builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
    let url = format!(
        "{}/util/validate-vmc-encoded-logo",
        base_url.trim_end_matches('/')
    );
    let response = http
        .put(url)
        .json(&serde_json::json!({ "logo": logo.encoded() }))
        .send()
        .await
        .map_err(Error::Transport)?;
    let status = response.status();
    let text = response.text().await.map_err(Error::Transport)?;
    if status == StatusCode::NO_CONTENT || status == StatusCode::OK {
        return Ok(RemoteLogoVerdict::Accepted);
    }
    if status.is_client_error() {
        let message = error::join(&error::parse_api_errors(&text), &text);
        return Ok(RemoteLogoVerdict::Refused {
            status: status.as_u16(),
            message,
        });
    }
    Err(Error::Unexpected {
        status: status.as_u16(),
        body: text,
    })
}

fn endpoint(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::Vmc => "vmc_basic",
        OrderKind::Cmc => "mark_certificate",
    }
}

fn describe_transport(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the request timed out".to_owned()
    } else {
        format!("the connection failed: {e}")
    }
}

/// `Retry-After` in seconds (the HTTP-date form is not used by DigiCert).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Keeps the caller's alternative order id, or makes a random one and stores it.
fn ensure_alternative_order_id(
    field: &mut Option<types::AlternativeOrderId>,
) -> Result<String, Error> {
    if let Some(id) = field {
        return Ok(id.to_string());
    }
    let id = random_alphanumeric(GENERATED_ID_LENGTH)?;
    *field = Some(
        id.as_str()
            .try_into()
            .map_err(|e| Error::Config(format!("generated an unusable order id: {e}")))?,
    );
    Ok(id)
}

fn random_alphanumeric(len: usize) -> Result<String, Error> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::getrandom(&mut buf)
            .map_err(|e| Error::Config(format!("no randomness for an order id: {e}")))?;
        // 248 is the largest multiple of 62 below 256: rejecting the rest keeps it unbiased.
        for b in buf.iter().filter(|b| **b < 248) {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
        }
    }
    Ok(out)
}

fn random_fraction() -> f64 {
    let mut buf = [0u8; 8];
    match getrandom::getrandom(&mut buf) {
        Ok(()) => (u64::from_le_bytes(buf) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_32_alphanumeric_characters_and_differ() {
        let a = random_alphanumeric(32).unwrap();
        let b = random_alphanumeric(32).unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    #[test]
    fn backoff_grows_and_honours_retry_after_within_the_maximum() {
        let client = MarkClient::builder("k").build().unwrap();
        for retry in 0..10 {
            let wait = client.backoff(retry, None);
            assert!(
                wait <= Duration::from_secs(1) * 2u32.pow(retry).min(60),
                "{retry}: {wait:?}"
            );
        }
        assert_eq!(
            client.backoff(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            client.backoff(0, Some(Duration::from_secs(600))),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn retry_after_reads_seconds() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static(" 12 "));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(12)));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
