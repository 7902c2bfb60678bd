//! The one error type of [`crate::MarkClient`]: it keeps everything the caller may need.

use std::fmt;
use std::time::Duration;

use crate::findings::Report;
use crate::redact::server_text;

/// How much of a server's answer an error message quotes.
const QUOTED_BYTES: usize = 300;

/// One error entry of a DigiCert answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The code before any `|`, such as `access_denied`.
    pub code: String,
    /// The variant after `|`, such as `missing_permission`, when there is one.
    pub variant: Option<String>,
    /// DigiCert's explanation.
    pub message: String,
}

impl ApiError {
    /// The code as DigiCert wrote it, variant included.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// if let Err(error) = client.order_info(144457095).await {
    ///     for entry in error.api_errors() {
    ///         // Such as `access_denied|missing_permission`.
    ///         println!("{}", entry.full_code());
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn full_code(&self) -> String {
        match &self.variant {
            Some(variant) => format!("{}|{variant}", self.code),
            None => self.code.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            server_text(&self.full_code(), 100),
            server_text(&self.message, QUOTED_BYTES)
        )
    }
}

/// Every `{code, message}` of an error body; empty when the body is not that shape.
pub(crate) fn parse_api_errors(body: &[u8]) -> Vec<ApiError> {
    let Ok(parsed) = serde_json::from_slice::<crate::types::ErrorResponse>(body) else {
        return Vec::new();
    };
    parsed
        .errors
        .into_iter()
        .map(|e| {
            let (code, variant) = match e.code.split_once('|') {
                Some((code, variant)) => (code.to_owned(), Some(variant.to_owned())),
                None => (e.code, None),
            };
            ApiError {
                code,
                variant,
                message: e.message,
            }
        })
        .collect()
}

/// Every error entry on one line, or the start of the body as received when it held none.
pub(crate) fn join(errors: &[ApiError], body: &str) -> String {
    if errors.is_empty() {
        server_text(body, QUOTED_BYTES)
    } else {
        errors
            .iter()
            .map(ApiError::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What went wrong with a request to DigiCert.
///
/// No variant holds the API key or card data: request bodies are never kept, only DigiCert's
/// answers (read up to the client's byte limit). Messages quote at most the start of an
/// answer, with control characters escaped and card-like numbers masked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be set up: a missing or empty key, an unusable base URL, a key
    /// that would travel over plain http. Nothing was sent.
    #[error("cannot set up the client: {0}")]
    Config(String),

    /// The order breaks a rule (or has warnings and the client denies them): nothing was
    /// sent.
    #[error("the order was not sent: {}", invalid_summary(.0))]
    Invalid(Report),

    /// DigiCert refused the request (HTTP 4xx other than 429). Not retried.
    #[error("DigiCert refused the request (HTTP {status}): {}", join(.errors, .body))]
    Api {
        /// HTTP status.
        status: u16,
        /// Every error entry of the answer, in order.
        errors: Vec<ApiError>,
        /// The answer as received.
        body: String,
    },

    /// DigiCert kept answering 429 (`request_limit_exceeded`) after every retry.
    #[error("DigiCert's rate limit was still reached after {attempts} attempt(s); try again later")]
    RateLimited {
        /// Requests made.
        attempts: u32,
        /// The wait DigiCert asked for in its last answer, if any.
        retry_after: Option<Duration>,
        /// The last answer as received.
        body: String,
    },

    /// The request failed in transport. For an order, this means nothing was sent (the
    /// connection could not be made); any other failure of an order is
    /// [`Error::OutcomeUnknown`]. For another request that changes something (a logo upload,
    /// a cancel), the change may or may not have been made: read the order before trying
    /// again.
    #[error("cannot reach DigiCert: {}", transport_reason(.0))]
    Transport(#[source] reqwest::Error),

    /// The order may or may not have been placed, and the lookups that would tell did not
    /// all answer. Look up the alternative order id before ordering again.
    #[error(
        "the outcome of the order is unknown ({reason}); look up alternative_order_id \
         {alternative_order_id} before ordering again"
    )]
    OutcomeUnknown {
        /// The id to look up (`markcert status --alternative-id ID`).
        alternative_order_id: String,
        /// What happened.
        reason: String,
        /// DigiCert's last answer to the order, when there was one.
        body: Option<String>,
    },

    /// The order was not placed: every lookup over the whole window answered that no order
    /// carries the id, and no resend was left.
    #[error("the order was not placed ({reason}); lookups of {alternative_order_id} found none")]
    NotPlaced {
        /// The id the attempts carried.
        alternative_order_id: String,
        /// What the last attempt met.
        reason: String,
        /// DigiCert's last answer to the order, when there was one.
        body: Option<String>,
    },

    /// DigiCert answered success, but the answer could not be read (not JSON, cut off, or
    /// longer than the byte limit): the order has most likely been placed. Look up the
    /// alternative order id.
    #[error(
        "DigiCert answered HTTP {status} but its answer could not be read ({detail}); the order \
         was probably placed: look up alternative_order_id {alternative_order_id}"
    )]
    UnreadableSuccess {
        /// HTTP status (2xx).
        status: u16,
        /// What was wrong with the answer.
        detail: String,
        /// The answer as received (up to the limit).
        body: String,
        /// The id to look up.
        alternative_order_id: String,
    },

    /// An alternative order id named no order, or several: nothing more was done. Give the
    /// order id instead.
    #[error("{}", not_resolved(.alternative_order_id, .order_ids))]
    OrderNotResolved {
        /// The alternative order id looked up.
        alternative_order_id: String,
        /// The orders that carry it: none, or more than one.
        order_ids: Vec<i64>,
    },

    /// A request that changes something (a logo upload, a mark update, a cancel, a DCV
    /// check) ended without a clear answer: the change may or may not have been made, and it
    /// was not sent again. Read the order before trying again.
    #[error(
        "the outcome of {operation} is unknown ({reason}); it was not sent again: read the order \
         before trying again"
    )]
    ChangeUnknown {
        /// The operation sent.
        operation: &'static str,
        /// What happened.
        reason: String,
        /// HTTP status, when an answer arrived.
        status: Option<u16>,
    },

    /// The caller's deadline passed before an answer came; the request was not sent again.
    #[error("the deadline passed before {operation} had an answer ({last})")]
    Deadline {
        /// The operation sent.
        operation: &'static str,
        /// What the last attempt met.
        last: String,
    },

    /// DigiCert answered a request that changes nothing in an unexpected way (a redirect, a
    /// server error, an answer that is not the documented JSON or is too long).
    #[error("unexpected answer from DigiCert ({detail})")]
    Unexpected {
        /// HTTP status, when an answer arrived.
        status: Option<u16>,
        /// What was unexpected, with the start of the answer.
        detail: String,
        /// The answer as received (up to the limit).
        body: String,
    },
}

fn not_resolved(alternative_order_id: &str, order_ids: &[i64]) -> String {
    if order_ids.is_empty() {
        format!("no order carries alternative_order_id {alternative_order_id}")
    } else {
        let ids: Vec<String> = order_ids.iter().map(i64::to_string).collect();
        format!(
            "several orders carry alternative_order_id {alternative_order_id} ({}); name one by \
             its order id",
            ids.join(", ")
        )
    }
}

fn invalid_summary(report: &Report) -> String {
    let errors = report.errors().count();
    if errors > 0 {
        format!("{errors} error(s) in the order; see the report")
    } else {
        format!(
            "{} warning(s) in the order and warnings are denied; see the report",
            report.warnings().count()
        )
    }
}

impl Error {
    /// The order broke a rule and was not sent.
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    /// use digicert_mark_certs::findings::Report;
    ///
    /// assert!(Error::Invalid(Report::default()).is_invalid());
    /// assert!(!Error::Config("no key".into()).is_invalid());
    /// ```
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }

    /// DigiCert's rate limit stopped the request.
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    ///
    /// let error = Error::RateLimited { attempts: 4, retry_after: None, body: String::new() };
    /// assert!(error.is_rate_limited());
    /// assert!(error.is_retryable());
    /// ```
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }

    /// A change may or may not have been made: read the order before trying again.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// match client.cancel_order(144457095, "duplicate order").await {
    ///     Err(e) if e.is_change_unknown() => {
    ///         let order = client.order_info(144457095).await?;
    ///         println!("the order is now {}", order.status);
    ///     }
    ///     other => other?,
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_change_unknown(&self) -> bool {
        matches!(self, Self::ChangeUnknown { .. })
    }

    /// The caller's deadline passed first.
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    ///
    /// let late = Error::Deadline { operation: "get_order", last: "the request timed out".into() };
    /// assert!(late.is_deadline());
    /// assert!(!late.is_change_unknown());
    /// ```
    pub fn is_deadline(&self) -> bool {
        matches!(self, Self::Deadline { .. })
    }

    /// The order may have been placed: look it up before ordering again.
    ///
    /// ```no_run
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// match client.order(order).await {
    ///     Err(e) if e.is_outcome_unknown() => {
    ///         // Never order again blindly: look the order up by its id first.
    ///         let id = e.alternative_order_id().unwrap_or_default();
    ///         println!("look up {id} before ordering again");
    ///     }
    ///     other => println!("order {}", other?.order_id()),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(
            self,
            Self::OutcomeUnknown { .. } | Self::UnreadableSuccess { .. }
        )
    }

    /// Whether the same request may simply be tried again later: the rate limit, a transport
    /// failure before anything was sent, a server error on a request that changes nothing. An
    /// order whose outcome is unknown is never retryable: look it up first.
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    /// use digicert_mark_certs::findings::Report;
    ///
    /// let limited = Error::RateLimited { attempts: 4, retry_after: None, body: String::new() };
    /// assert!(limited.is_retryable());
    /// // An order that breaks a rule fails the same way every time.
    /// assert!(!Error::Invalid(Report::default()).is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Transport(_) => true,
            Self::Unexpected { status, .. } => status.is_some_and(|s| s >= 500),
            _ => false,
        }
    }

    /// The HTTP status of DigiCert's answer, when there was one.
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    ///
    /// let refused = Error::Api { status: 403, errors: Vec::new(), body: String::new() };
    /// assert_eq!(refused.status(), Some(403));
    /// assert_eq!(Error::Config("no key".into()).status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::UnreadableSuccess { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            Self::Unexpected { status, .. } | Self::ChangeUnknown { status, .. } => *status,
            _ => None,
        }
    }

    /// DigiCert's first error code, variant included (`access_denied|missing_permission`).
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    ///
    /// let limited = Error::RateLimited { attempts: 4, retry_after: None, body: String::new() };
    /// assert_eq!(limited.code().as_deref(), Some("request_limit_exceeded"));
    /// assert_eq!(Error::Config("no key".into()).code(), None);
    /// ```
    pub fn code(&self) -> Option<String> {
        match self {
            Self::Api { errors, .. } => errors.first().map(ApiError::full_code),
            Self::RateLimited { .. } => Some("request_limit_exceeded".to_owned()),
            _ => None,
        }
    }

    /// Every error entry DigiCert gave, for a refusal.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// if let Err(error) = client.check_dcv(144457095).await {
    ///     for entry in error.api_errors() {
    ///         println!("{entry}");
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn api_errors(&self) -> &[ApiError] {
        match self {
            Self::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    /// The alternative order id to look up, when the outcome is in doubt or was checked.
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    ///
    /// let unknown = Error::OutcomeUnknown {
    ///     alternative_order_id: "brandvmc2026a".into(),
    ///     reason: "the connection broke".into(),
    ///     body: None,
    /// };
    /// assert_eq!(unknown.alternative_order_id(), Some("brandvmc2026a"));
    /// assert_eq!(Error::Config("no key".into()).alternative_order_id(), None);
    /// ```
    pub fn alternative_order_id(&self) -> Option<&str> {
        match self {
            Self::OutcomeUnknown {
                alternative_order_id,
                ..
            }
            | Self::NotPlaced {
                alternative_order_id,
                ..
            }
            | Self::UnreadableSuccess {
                alternative_order_id,
                ..
            } => Some(alternative_order_id),
            _ => None,
        }
    }

    /// The validation report, for [`Error::Invalid`].
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    /// use digicert_mark_certs::findings::{Location, Report};
    ///
    /// let mut report = Report::default();
    /// report.error("required", Location::path("organization"), "add it");
    /// let error = Error::Invalid(report);
    /// assert!(error.report().is_some_and(|r| r.has("required")));
    /// assert!(Error::Config("no key".into()).report().is_none());
    /// ```
    pub fn report(&self) -> Option<&Report> {
        match self {
            Self::Invalid(report) => Some(report),
            _ => None,
        }
    }

    /// DigiCert's answer as received (up to the byte limit), when there was one. It is the
    /// server's text: escape it before printing it (see [`crate::redact::server_text`]).
    ///
    /// ```
    /// use digicert_mark_certs::Error;
    /// use digicert_mark_certs::redact::server_text;
    ///
    /// let body = r#"{"errors":[{"code":"access_denied","message":"denied"}]}"#.to_owned();
    /// let error = Error::Api { status: 403, errors: Vec::new(), body };
    /// let shown = server_text(error.raw_body().unwrap_or_default(), 200);
    /// assert!(shown.contains("access_denied"));
    /// ```
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. }
            | Self::RateLimited { body, .. }
            | Self::UnreadableSuccess { body, .. }
            | Self::Unexpected { body, .. } => Some(body),
            Self::OutcomeUnknown { body, .. } | Self::NotPlaced { body, .. } => body.as_deref(),
            _ => None,
        }
    }
}

/// What went wrong in transport, said first: a timeout, a failed connection, or the rest.
pub(crate) fn transport_reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("the request timed out ({e})")
    } else if e.is_connect() {
        format!("the connection failed ({e})")
    } else {
        format!("the connection broke ({e})")
    }
}
