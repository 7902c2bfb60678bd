//! The one error type of [`crate::MarkClient`]: it keeps everything the caller may need.

use std::fmt;
use std::time::Duration;

use crate::findings::Report;

/// One error entry of a DigiCert answer.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub fn full_code(&self) -> String {
        match &self.variant {
            Some(variant) => format!("{}|{variant}", self.code),
            None => self.code.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.full_code(), self.message)
    }
}

/// Every `{code, message}` of an error body; empty when the body is not that shape.
pub(crate) fn parse_api_errors(body: &str) -> Vec<ApiError> {
    let Ok(parsed) = serde_json::from_str::<crate::types::ErrorResponse>(body) else {
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

/// What went wrong with a request to DigiCert.
///
/// No variant ever holds the API key or card data: request bodies are not kept, only
/// DigiCert's answers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be set up (missing key, unusable base URL, ...).
    #[error("cannot set up the client: {0}")]
    Config(String),

    /// The order breaks a rule: nothing was sent.
    #[error("the order is invalid and was not sent ({} error(s)); see the report", .0.errors().count())]
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

    /// The request failed before DigiCert could have acted on it (no connection).
    #[error("cannot reach DigiCert: {0}")]
    Transport(#[source] reqwest::Error),

    /// The order may or may not have been placed, and the lookup that would tell failed.
    /// Look up the alternative order id before ordering again.
    #[error(
        "the outcome of the order is unknown ({reason}); look up alternative_order_id \
         {alternative_order_id} before ordering again"
    )]
    OutcomeUnknown {
        /// The id to look up (`GET /order/alternate/{id}`).
        alternative_order_id: String,
        /// What happened.
        reason: String,
        /// DigiCert's last answer to the order, when there was one.
        body: Option<String>,
    },

    /// DigiCert failed, and a lookup confirmed no order was placed; resending did not help.
    #[error("the order was not placed ({reason}); a lookup of {alternative_order_id} found none")]
    NotPlaced {
        /// The id the attempts carried.
        alternative_order_id: String,
        /// What the last attempt met.
        reason: String,
        /// DigiCert's last answer to the order, when there was one.
        body: Option<String>,
    },

    /// DigiCert answered success, but the answer could not be read: the order has most
    /// likely been placed. Keep the body and look up the alternative order id.
    #[error(
        "DigiCert answered HTTP {status} but its answer could not be read ({detail}); the order \
         was probably placed: look up alternative_order_id {alternative_order_id}"
    )]
    UnreadableSuccess {
        /// HTTP status (2xx).
        status: u16,
        /// What was wrong with the answer.
        detail: String,
        /// The answer as received.
        body: String,
        /// The id to look up.
        alternative_order_id: String,
    },

    /// DigiCert answered a lookup or check in an unexpected way.
    #[error("unexpected answer from DigiCert (HTTP {status}): {body}")]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The answer as received.
        body: String,
    },
}

/// Every error entry on one line, or the body as received when it held none.
pub(crate) fn join(errors: &[ApiError], body: &str) -> String {
    if errors.is_empty() {
        body.to_owned()
    } else {
        errors
            .iter()
            .map(ApiError::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Error {
    /// The order broke a rule and was not sent.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }

    /// DigiCert's rate limit stopped the request.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }

    /// The order may have been placed: check before ordering again.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(
            self,
            Self::OutcomeUnknown { .. } | Self::UnreadableSuccess { .. }
        )
    }

    /// The alternative order id to look up, when the outcome is in doubt.
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

    /// DigiCert's answer as received, when there was one.
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
