//! The retry policy: how long to wait, when to look an order up, and what an answer means.
//! Nothing here touches the network.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

/// How [`crate::MarkClient`] waits, retries and looks orders up.
///
/// The defaults, and why:
/// - 3 retries after HTTP 429: DigiCert's limit (100 requests per 5 seconds, 1000 per 3
///   minutes) clears within seconds, and a 429 means the request was not processed.
/// - 2 retries of a request that only reads (order info, a download) after a transport
///   failure or a 5xx answer: reading twice costs nothing. A request that changes something
///   (an upload, a cancel) is sent again only after a 429.
/// - 1 resend of an order, and only after the lookups below all answered "no such order":
///   a second paid order is the worst outcome, so one careful resend is the most the client
///   does on its own.
/// - backoff from 1 s doubling to at most 60 s, with full jitter, so many clients do not retry
///   in step; `Retry-After` (seconds or an HTTP date) is honoured up to that maximum.
/// - after an unclear outcome (a timeout, a lost connection, a 5xx, a redirect), lookups of
///   the alternative order id 2 s later and then with doubling gaps of at most 20 s, until
///   at least 60 s have passed (6 lookups): an order DigiCert has just written may take a
///   while to be found by the lookup, and "not placed" is only believed when every lookup
///   over that window answers an empty list.
///
/// ```
/// use std::time::Duration;
/// use digicert_mark_certs::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .rate_limit_retries(5)
///     .lookup_window(Duration::from_secs(120));
/// assert_eq!(policy.lookup_schedule().iter().sum::<Duration>() >= Duration::from_secs(120), true);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    pub(crate) rate_limit_retries: u32,
    pub(crate) read_retries: u32,
    pub(crate) resends: u32,
    pub(crate) backoff_base: Duration,
    pub(crate) backoff_max: Duration,
    pub(crate) lookup_delay: Duration,
    pub(crate) lookup_max_gap: Duration,
    pub(crate) lookup_window: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            rate_limit_retries: 3,
            read_retries: 2,
            resends: 1,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            lookup_delay: Duration::from_secs(2),
            lookup_max_gap: Duration::from_secs(20),
            lookup_window: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Retries after HTTP 429 (`request_limit_exceeded`), per request. Default 3.
    ///
    /// ```
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// let policy = RetryPolicy::default().rate_limit_retries(5);
    /// assert_eq!(policy.rate_limit_retry_count(), 5);
    /// ```
    pub fn rate_limit_retries(mut self, retries: u32) -> Self {
        self.rate_limit_retries = retries;
        self
    }

    /// Retries of a request that only reads, after a transport failure or a 5xx answer.
    /// Default 2.
    ///
    /// ```
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// // 2 is the default.
    /// assert_eq!(RetryPolicy::default().read_retries(2), RetryPolicy::default());
    /// assert_ne!(RetryPolicy::default().read_retries(0), RetryPolicy::default());
    /// ```
    pub fn read_retries(mut self, retries: u32) -> Self {
        self.read_retries = retries;
        self
    }

    /// Order POSTs sent again after the lookups showed the order was not placed, or after a
    /// connection was refused (nothing was sent). Default 1; 0 never resends.
    ///
    /// ```
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// // 1 is the default; 0 never sends an order twice.
    /// assert_eq!(RetryPolicy::default().resends(1), RetryPolicy::default());
    /// let careful = RetryPolicy::default().resends(0);
    /// assert_ne!(careful, RetryPolicy::default());
    /// ```
    pub fn resends(mut self, resends: u32) -> Self {
        self.resends = resends;
        self
    }

    /// First backoff delay and the longest wait between attempts (`Retry-After` included).
    /// Defaults 1 s and 60 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// let defaults = RetryPolicy::default().backoff(Duration::from_secs(1), Duration::from_secs(60));
    /// assert_eq!(defaults, RetryPolicy::default());
    /// let patient = RetryPolicy::default().backoff(Duration::from_secs(5), Duration::from_secs(120));
    /// assert_ne!(patient, RetryPolicy::default());
    /// ```
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.backoff_base = base;
        self.backoff_max = max.max(base);
        self
    }

    /// How order lookups are spread after an unclear outcome: the first after `first`, then
    /// doubling gaps of at most `max_gap`, until `window` has passed. Defaults 2 s, 20 s and
    /// 60 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// let secs = Duration::from_secs;
    /// let policy = RetryPolicy::default().lookups(secs(1), secs(4), secs(10));
    /// assert_eq!(policy.lookup_schedule(), [secs(1), secs(2), secs(4), secs(4)]);
    /// ```
    pub fn lookups(mut self, first: Duration, max_gap: Duration, window: Duration) -> Self {
        self.lookup_delay = first;
        self.lookup_max_gap = max_gap.max(first);
        self.lookup_window = window;
        self
    }

    /// Spreads the lookups over `window`, keeping the default shape: the first after
    /// 2 s or a quarter of the window, whichever is shorter, then doubling gaps of at most
    /// 20 s or a third of the window.
    ///
    /// A short window is thin evidence that an order was not placed: with one under 30 s,
    /// set [`RetryPolicy::resends`] to 0 (as `markcert order` does) unless a second order
    /// costs nothing, as against a test server.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// let policy = RetryPolicy::default().lookup_window(Duration::from_secs(300));
    /// let schedule = policy.lookup_schedule();
    /// assert_eq!(schedule[0], Duration::from_secs(2));
    /// assert!(schedule.iter().sum::<Duration>() >= Duration::from_secs(300));
    /// ```
    pub fn lookup_window(self, window: Duration) -> Self {
        let first = Duration::from_secs(2).min(window / 4);
        let max_gap = Duration::from_secs(20).min(window / 3);
        self.lookups(first, max_gap, window)
    }

    /// The retries after HTTP 429 per request.
    ///
    /// ```
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// assert_eq!(RetryPolicy::default().rate_limit_retry_count(), 3);
    /// ```
    pub fn rate_limit_retry_count(&self) -> u32 {
        self.rate_limit_retries
    }

    /// The waits before each lookup after an unclear outcome, in order. Their sum is at least
    /// the window; there is always at least one.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::RetryPolicy;
    ///
    /// let secs = Duration::from_secs;
    /// // The defaults: 2 s, then doubling gaps of at most 20 s, over at least 60 s.
    /// let schedule = RetryPolicy::default().lookup_schedule();
    /// assert_eq!(schedule, [secs(2), secs(4), secs(8), secs(16), secs(20), secs(20)]);
    /// ```
    pub fn lookup_schedule(&self) -> Vec<Duration> {
        let mut waits = Vec::new();
        let mut elapsed = Duration::ZERO;
        let mut gap = self.lookup_delay;
        loop {
            waits.push(gap);
            elapsed += gap;
            // A zero gap would never reach the window: the schedule stops at 64 lookups.
            if elapsed >= self.lookup_window || waits.len() >= 64 {
                return waits;
            }
            gap = gap
                .saturating_mul(2)
                .min(self.lookup_max_gap)
                .max(Duration::from_millis(1));
        }
    }

    /// The wait before retry number `retry` (0-based): exponential with full jitter (`jitter`
    /// in 0..=1), or the server's `Retry-After` when it asked for one; never more than the
    /// maximum.
    pub(crate) fn backoff_wait(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.backoff_max);
        }
        let ceiling = self
            .backoff_base
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.backoff_max);
        ceiling.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// `Retry-After` as seconds or as an HTTP date (a date in the past means now).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What the status of an answer to a paid order POST means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OrderStatusMeaning {
    /// 2xx: placed.
    Placed,
    /// 429: the rate limit; not processed, safe to send again after a wait.
    RateLimited,
    /// Another 4xx: refused; nothing to send again.
    Refused,
    /// 5xx, 3xx or anything else: it may or may not have been placed.
    Unclear,
}

pub(crate) fn order_status_meaning(status: StatusCode) -> OrderStatusMeaning {
    if status.is_success() {
        OrderStatusMeaning::Placed
    } else if status == StatusCode::TOO_MANY_REQUESTS {
        OrderStatusMeaning::RateLimited
    } else if status.is_client_error() {
        OrderStatusMeaning::Refused
    } else {
        OrderStatusMeaning::Unclear
    }
}

/// Whether a transport error means the connection was refused before anything was written:
/// the one failure after which an order POST can be sent again without a lookup.
pub(crate) fn refused_before_sending(e: &reqwest::Error) -> bool {
    if !e.is_connect() {
        return false;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        source = err.source();
    }
    false
}

/// A random fraction in 0..1 for jitter; 1.0 when the system has no randomness to give.
pub(crate) fn jitter() -> f64 {
    let mut buf = [0u8; 8];
    match getrandom::getrandom(&mut buf) {
        Ok(()) => (u64::from_le_bytes(buf) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_default_lookup_schedule_covers_a_minute_in_six_lookups() {
        let waits = RetryPolicy::default().lookup_schedule();
        let secs: Vec<u64> = waits.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [2, 4, 8, 16, 20, 20]);
        assert!(waits.iter().sum::<Duration>() >= Duration::from_secs(60));
    }

    #[test]
    fn a_zero_window_still_looks_once_and_a_zero_gap_stops() {
        let once = RetryPolicy::default().lookup_window(Duration::ZERO);
        assert_eq!(once.lookup_schedule(), [Duration::ZERO]);
        let short = RetryPolicy::default().lookup_window(Duration::from_millis(400));
        let waits = short.lookup_schedule();
        assert_eq!(waits[0], Duration::from_millis(100));
        assert!(waits.iter().sum::<Duration>() >= Duration::from_millis(400));
        assert!(waits.len() >= 3, "{waits:?}");
        let zero =
            RetryPolicy::default().lookups(Duration::ZERO, Duration::ZERO, Duration::from_secs(1));
        assert!(zero.lookup_schedule().len() <= 64);
    }

    #[test]
    fn backoff_grows_within_the_maximum_and_honours_retry_after() {
        let policy = RetryPolicy::default();
        for retry in 0..12 {
            let ceiling = Duration::from_secs(1) * 2u32.pow(retry.min(6));
            assert!(policy.backoff_wait(retry, None, 1.0) <= ceiling.min(Duration::from_secs(60)));
            assert_eq!(policy.backoff_wait(retry, None, 0.0), Duration::ZERO);
        }
        assert_eq!(
            policy.backoff_wait(0, Some(Duration::from_secs(7)), 0.5),
            Duration::from_secs(7)
        );
        assert_eq!(
            policy.backoff_wait(0, Some(Duration::from_secs(600)), 0.5),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static(" 12 "));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(12)));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:30 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[tokio::test]
    async fn only_a_refused_connection_counts_as_nothing_sent() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let http = reqwest::Client::new();
        let refused = http
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap_err();
        assert!(refused_before_sending(&refused), "{refused:?}");
        // A name that does not resolve is not a refused connection.
        let unknown = http
            .get("http://no-such-host.invalid/")
            .send()
            .await
            .unwrap_err();
        assert!(!refused_before_sending(&unknown), "{unknown:?}");
    }

    #[test]
    fn what_an_order_answer_status_means() {
        use OrderStatusMeaning::*;
        for (status, meaning) in [
            (200, Placed),
            (201, Placed),
            (202, Placed),
            (301, Unclear),
            (302, Unclear),
            (307, Unclear),
            (308, Unclear),
            (400, Refused),
            (401, Refused),
            (404, Refused),
            (429, RateLimited),
            (500, Unclear),
            (502, Unclear),
            (503, Unclear),
            (504, Unclear),
        ] {
            assert_eq!(
                order_status_meaning(StatusCode::from_u16(status).unwrap()),
                meaning,
                "{status}"
            );
        }
    }
}
