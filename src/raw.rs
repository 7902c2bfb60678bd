//! The client generated from the OpenAPI document, for callers who build their own requests.
//!
//! [`Client`] sends exactly what it is given: no API key, no validation, no retry policy. It
//! still reads every answer with a byte cap, never follows a redirect, and logs each request
//! (method, path, status, time; never headers or bodies) with `tracing` at debug level.
//! [`crate::MarkClient`] is built on it and adds the policy a paid API needs.
//!
//! ```
//! use digicert_mark_certs::raw::{Client, ClientInfo, Hooks};
//!
//! let client = Client::new("https://www.digicert.com/services/v2", Hooks::default());
//! assert_eq!(client.baseurl(), "https://www.digicert.com/services/v2");
//! ```

use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

pub use crate::generated::{ByteStream, Client, ClientInfo, Error, ResponseValue, builder};

/// Most bytes read from one answer unless configured otherwise: 1 MiB. DigiCert's answers
/// are a few kilobytes; a certificate chain is tens.
pub const DEFAULT_READ_LIMIT: usize = 1024 * 1024;

/// Transport settings of a generated [`Client`]: how many bytes of an answer are read.
///
/// An answer longer than the limit is cut at the limit and the connection dropped, so an
/// endless body costs no more memory than the limit; the generated operation then sees a
/// body it cannot parse.
#[derive(Clone, Debug)]
pub struct Hooks {
    read_limit: usize,
    record: Option<Arc<Mutex<Exchange>>>,
}

impl Default for Hooks {
    fn default() -> Self {
        Self {
            read_limit: DEFAULT_READ_LIMIT,
            record: None,
        }
    }
}

impl Hooks {
    /// Reads at most `bytes` of each answer.
    ///
    /// ```
    /// use digicert_mark_certs::raw::{Client, ClientInfo, Hooks};
    ///
    /// let hooks = Hooks::default().with_read_limit(64 * 1024);
    /// assert!(format!("{hooks:?}").contains("read_limit: 65536"));
    /// let client = Client::new("https://www.digicert.com/services/v2", hooks);
    /// assert_eq!(client.baseurl(), "https://www.digicert.com/services/v2");
    /// ```
    pub fn with_read_limit(mut self, bytes: usize) -> Self {
        self.read_limit = bytes;
        self
    }

    /// Hooks that also keep what happened on the wire, for the policy layer.
    pub(crate) fn recording(read_limit: usize) -> (Self, Arc<Mutex<Exchange>>) {
        let record = Arc::new(Mutex::new(Exchange::default()));
        let hooks = Self {
            read_limit,
            record: Some(record.clone()),
        };
        (hooks, record)
    }
}

/// What the last request of a recording client met on the wire, whatever the generated code
/// made of it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Exchange {
    /// The answer's status and headers, when an answer head arrived.
    pub(crate) status: Option<StatusCode>,
    pub(crate) headers: HeaderMap,
    /// The body as read: at most the limit.
    pub(crate) body: Bytes,
    /// The body went on past the limit and was cut.
    pub(crate) over_limit: bool,
    /// The body could not be read to its end (a dropped connection, a timeout).
    pub(crate) body_error: Option<String>,
}

impl Exchange {
    fn store(record: Option<&Arc<Mutex<Exchange>>>, exchange: Exchange) {
        if let Some(record) = record {
            // A poisoned lock only means another request panicked: the record is still ours.
            *record.lock().unwrap_or_else(|e| e.into_inner()) = exchange;
        }
    }
}

impl ClientHooks<Hooks> for Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let hooks = self.inner();
        let method = request.method().clone();
        let path = request.url().path().to_owned();
        let started = Instant::now();
        Exchange::store(hooks.record.as_ref(), Exchange::default());
        let mut response = match self.client().execute(request).await {
            Ok(response) => response,
            Err(e) => {
                tracing::debug!(
                    operation = info.operation_id,
                    %method,
                    path,
                    error = %e,
                    "request failed before an answer"
                );
                return Err(e);
            }
        };
        let status = response.status();
        let version = response.version();
        let mut headers = response.headers().clone();

        let mut body = Vec::new();
        let mut over_limit = false;
        let mut body_error = None;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = hooks.read_limit.saturating_sub(body.len());
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        over_limit = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    body_error = Some(e);
                    break;
                }
            }
        }
        // Dropping the response closes a connection whose body was not read to its end.
        drop(response);
        tracing::debug!(
            operation = info.operation_id,
            %method,
            path,
            status = status.as_u16(),
            bytes = body.len(),
            over_limit,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answer"
        );
        let body = Bytes::from(body);
        Exchange::store(
            hooks.record.as_ref(),
            Exchange {
                status: Some(status),
                headers: headers.clone(),
                body: body.clone(),
                over_limit,
                body_error: body_error.as_ref().map(ToString::to_string),
            },
        );
        if let Some(e) = body_error {
            return Err(e);
        }
        // The length now is that of the bytes kept.
        headers.remove(reqwest::header::CONTENT_LENGTH);
        headers.remove(reqwest::header::TRANSFER_ENCODING);
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(reqwest::Response::from(rebuilt))
    }
}
