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

mod account;
mod changes;
mod download;
mod error;
mod following;
mod placing;
mod policy;
mod remote_logo;
mod renewals;
mod secrets;
mod transport;
mod watching;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

pub use account::{
    Due, Expiry, LIST_PAGE_SIZE, Listing, MARK_PRODUCTS, MAX_LIST_PAGES, OrderQuery,
};
pub use changes::{UploadedLogo, check_mark_update, check_mark_update_json};
pub use error::{ApiError, Error};
pub use following::{
    DEFAULT_POLL_INTERVAL, MAX_APPROVAL_DETAILS, MAX_STATUS_CHANGE_WINDOW, MIN_POLL_INTERVAL,
    OrderRef, WaitEvent, WaitOptions, WaitOutcome,
};
pub use placing::{FoundOrder, PlacedOrder, Placement};
pub use policy::RetryPolicy;
pub use remote_logo::{RemoteLogoVerdict, check_logo_remotely, check_logo_remotely_with};
pub use renewals::{Reissue, ReissueBuilder, ReissueOutcome};
pub use watching::{ManyOutcome, ManyRequests};

use crate::raw::{self, Exchange, Hooks};
use crate::redact::server_text;
use secrets::Secrets;

/// Name of the header that carries the API key.
const KEY_HEADER: &str = "X-DC-DEVKEY";
/// Environment variable [`MarkClient::from_env`] reads.
pub const API_KEY_VARIABLE: &str = "DIGICERT_API_KEY";
/// Environment variable naming a file that holds the key, read by [`MarkClient::from_env`]
/// when [`API_KEY_VARIABLE`] is not set.
pub const API_KEY_FILE_VARIABLE: &str = "DIGICERT_API_KEY_FILE";
/// Most bytes read from a key file: a CertCentral key is a few dozen characters.
const MAX_KEY_FILE_BYTES: u64 = 4096;

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
    ///
    /// ```
    /// use digicert_mark_certs::Region;
    ///
    /// assert_eq!(Region::Us.base_url(), "https://www.digicert.com/services/v2");
    /// assert_eq!(Region::Eu.base_url(), "https://certcentral.digicert.eu/services/v2");
    /// ```
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
    ///
    /// ```
    /// use digicert_mark_certs::{MarkClient, Region};
    ///
    /// let client = MarkClient::builder("my-api-key").region(Region::Eu).build()?;
    /// assert_eq!(client.base_url(), Region::Eu.base_url());
    /// # Ok::<(), digicert_mark_certs::Error>(())
    /// ```
    pub fn region(mut self, region: Region) -> Self {
        self.base_url = region.base_url().to_owned();
        self
    }

    /// Any Services API v2 base URL: `https://...`, or `http://` to a loopback address (a
    /// local test server). Anything else fails at [`MarkClientBuilder::build`].
    ///
    /// ```
    /// use digicert_mark_certs::MarkClient;
    ///
    /// let local = MarkClient::builder("test-key").base_url("http://127.0.0.1:8080/services/v2").build()?;
    /// assert_eq!(local.base_url(), "http://127.0.0.1:8080/services/v2");
    /// // The key never travels over plain http to another host.
    /// assert!(MarkClient::builder("test-key").base_url("http://example.com/services/v2").build().is_err());
    /// # Ok::<(), digicert_mark_certs::Error>(())
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Time allowed to connect. Default 10 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::MarkClient;
    ///
    /// let builder = MarkClient::builder("my-api-key").connect_timeout(Duration::from_secs(3));
    /// assert!(format!("{builder:?}").contains("connect_timeout: 3s"));
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, answer included. Default 120 s: orders can be slow.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::MarkClient;
    ///
    /// let builder = MarkClient::builder("my-api-key").timeout(Duration::from_secs(300));
    /// assert!(format!("{builder:?}").contains(" timeout: 300s"));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy.
    ///
    /// ```
    /// use digicert_mark_certs::{MarkClient, RetryPolicy};
    ///
    /// let policy = RetryPolicy::default().resends(0);
    /// let client = MarkClient::builder("my-api-key").retry_policy(policy.clone()).build()?;
    /// assert_eq!(client.retry_policy(), &policy);
    /// # Ok::<(), digicert_mark_certs::Error>(())
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Most bytes read from one answer. Default 1 MiB ([`raw::DEFAULT_READ_LIMIT`]).
    ///
    /// ```
    /// use digicert_mark_certs::MarkClient;
    ///
    /// let builder = MarkClient::builder("my-api-key").read_limit(64 * 1024);
    /// assert!(format!("{builder:?}").contains("read_limit: 65536"));
    /// ```
    pub fn read_limit(mut self, bytes: usize) -> Self {
        self.read_limit = bytes;
        self
    }

    /// Refuse to send an order whose validation found warnings, not only errors.
    ///
    /// ```
    /// use digicert_mark_certs::MarkClient;
    ///
    /// let builder = MarkClient::builder("my-api-key").deny_warnings(true);
    /// assert!(format!("{builder:?}").contains("deny_warnings: true"));
    /// ```
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// Builds the client, refusing an empty key, a key an HTTP header cannot carry, and a
    /// base URL that is not https (or http to a loopback address).
    ///
    /// ```
    /// use digicert_mark_certs::MarkClient;
    ///
    /// assert!(MarkClient::builder("my-api-key").build().is_ok());
    /// let empty = MarkClient::builder("").build().unwrap_err();
    /// assert!(empty.to_string().starts_with("cannot set up the client"));
    /// ```
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
        let http = crate::tls::build(crate::tls::proxy_rule(
            crate::tls::http_client_builder()
                .default_headers(headers)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout),
            &base_url,
        ))
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

impl MarkClient {
    /// Starts a client with an API key, for the US region, with default timeouts and retries.
    ///
    /// ```
    /// use digicert_mark_certs::{MarkClient, Region};
    ///
    /// let client = MarkClient::builder("my-api-key").build()?;
    /// assert_eq!(client.base_url(), Region::Us.base_url());
    /// // `Debug` never shows the key.
    /// assert!(!format!("{client:?}").contains("my-api-key"));
    /// # Ok::<(), digicert_mark_certs::Error>(())
    /// ```
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

    /// A US client with the key from the `DIGICERT_API_KEY` environment variable, or from
    /// the file `DIGICERT_API_KEY_FILE` names.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// println!("{}", client.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::builder_from_env()?.build()
    }

    /// A builder with the key from the `DIGICERT_API_KEY` environment variable, or, when it
    /// is not set, from the file `DIGICERT_API_KEY_FILE` names (see
    /// [`MarkClient::builder_from_key_file`]).
    ///
    /// ```no_run
    /// use digicert_mark_certs::{MarkClient, Region};
    ///
    /// # fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = MarkClient::builder_from_env()?.region(Region::Eu).build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder_from_env() -> Result<MarkClientBuilder, Error> {
        match std::env::var(API_KEY_VARIABLE) {
            Ok(key) if !key.trim().is_empty() => Ok(Self::builder(key.trim())),
            Ok(_) => Err(Error::Config(format!(
                "{API_KEY_VARIABLE} is empty; set it to your CertCentral API key"
            ))),
            Err(_) => match std::env::var_os(API_KEY_FILE_VARIABLE) {
                Some(path) => Self::builder_from_key_file(std::path::Path::new(&path)),
                None => Err(Error::Config(format!(
                    "set {API_KEY_VARIABLE} to your CertCentral API key, or \
                     {API_KEY_FILE_VARIABLE} to a file that holds it"
                ))),
            },
        }
    }

    /// A builder with the key read from a file (its first line; surrounding whitespace is
    /// ignored). The file's contents never appear in an error.
    ///
    /// ```no_run
    /// use digicert_mark_certs::MarkClient;
    ///
    /// # fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = MarkClient::builder_from_key_file("/run/secrets/digicert".as_ref())?.build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder_from_key_file(path: &std::path::Path) -> Result<MarkClientBuilder, Error> {
        use std::io::Read;
        let shown = server_text(&path.display().to_string(), 200);
        let file = std::fs::File::open(path)
            .map_err(|e| Error::Config(format!("cannot read the key file {shown}: {e}")))?;
        let mut text = String::new();
        file.take(MAX_KEY_FILE_BYTES)
            .read_to_string(&mut text)
            .map_err(|_| {
                Error::Config(format!(
                    "the key file {shown} is not a text file holding a CertCentral API key"
                ))
            })?;
        let key = text.lines().next().unwrap_or_default().trim();
        if key.is_empty() {
            return Err(Error::Config(format!(
                "the key file {shown} is empty; write your CertCentral API key in it"
            )));
        }
        Ok(Self::builder(key))
    }

    /// The base URL requests go to.
    ///
    /// ```
    /// use digicert_mark_certs::{MarkClient, Region};
    ///
    /// let client = MarkClient::builder("my-api-key").region(Region::Eu).build()?;
    /// assert_eq!(client.base_url(), "https://certcentral.digicert.eu/services/v2");
    /// # Ok::<(), digicert_mark_certs::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy.
    ///
    /// ```
    /// use digicert_mark_certs::{MarkClient, RetryPolicy};
    ///
    /// let client = MarkClient::builder("my-api-key").build()?;
    /// assert_eq!(client.retry_policy(), &RetryPolicy::default());
    /// # Ok::<(), digicert_mark_certs::Error>(())
    /// ```
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
}

fn take(record: &Arc<Mutex<Exchange>>) -> Exchange {
    std::mem::take(&mut *record.lock().unwrap_or_else(|e| e.into_inner()))
}

/// The time allowed for each request unless chosen otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

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
