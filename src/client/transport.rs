//! The one send path of every operation, and the pure decision of what to do after an answer.
//!
//! Every request the client makes goes through [`MarkClient::call`] (the order POST through
//! the same [`decide`], with its lookups around it): one attempt is sent, what came back is
//! reduced to an [`Outcome`], and [`decide`] says what happens next from the request's
//! [`Effect`], the outcome, the counts so far, the policy and the time left. Nothing else in
//! the crate decides whether a request is sent again.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header;

use super::{Error, MarkClient, RetryPolicy, error, policy, take};
use crate::raw;
use crate::redact::server_text;
use crate::types;

/// What a request does at DigiCert, which decides what may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Only reads: sent again a little after a transport failure, a 5xx or an unreadable
    /// answer.
    Read,
    /// Changes something (an upload, a cancel): sent again only after HTTP 429, which was not
    /// processed. Any other unclear end leaves the change unknown.
    Change,
    /// Places a paid order: after an unclear end, its alternative order id is looked up.
    PaidOrder,
}

/// What one attempt came to, as far as deciding the next step needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A success status, read whole and as asked.
    Success,
    /// HTTP 429: not processed.
    RateLimited {
        /// The wait the server asked for.
        retry_after: Option<Duration>,
    },
    /// Another 4xx: DigiCert said no.
    Refused,
    /// A 3xx, which is never followed.
    Redirect,
    /// A 5xx or a status outside the classes above.
    ServerError {
        /// The wait the server asked for.
        retry_after: Option<Duration>,
    },
    /// A success status whose answer was cut off, too long, not the documented JSON, or about
    /// something other than what was asked.
    Unreadable,
    /// The connection was refused: nothing was written.
    NotSent,
    /// No connection could be made (no such host, a TLS failure): nothing was written.
    Unreachable,
    /// The request may have reached DigiCert, and no answer came (a timeout, a broken
    /// connection).
    Lost,
    /// The caller's deadline cut the request in flight.
    CutByDeadline,
    /// The request could not be written.
    Unwritable,
}

/// The requests one operation has made so far, beyond the first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Answers of HTTP 429 waited out.
    pub(crate) rate_limited: u32,
    /// Requests sent again after a failure other than 429.
    pub(crate) sent_again: u32,
}

/// Why an operation stopped without an answer to give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    /// Every retry the policy allows after HTTP 429 was spent.
    RateLimit,
    /// The next wait, or the request in flight, would run past the caller's deadline.
    Deadline,
}

/// The next step after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Hand the answer to the caller.
    Answered,
    /// A clear failure: the attempt's error stands, nothing is sent again.
    Fail,
    /// Wait this long, then send the same request again (after HTTP 429).
    WaitOut(Duration),
    /// Wait this long, then send the request again (a read, or an order nothing of which was
    /// written).
    SendAgain(Duration),
    /// The paid order may have been placed: look its alternative order id up.
    LookUp,
    /// The change may or may not have been made: send nothing again.
    Unknown,
    /// Stop, for the reason given.
    GiveUp(Limit),
}

/// What happens after an attempt: a pure function of the request's effect, what the attempt
/// came to, the requests made so far, the policy and the time left before the caller's
/// deadline (`None`: no deadline). `jitter` (0..=1) spreads the backoff.
pub(crate) fn decide(
    effect: Effect,
    outcome: Outcome,
    counts: Counts,
    policy: &RetryPolicy,
    left: Option<Duration>,
    jitter: f64,
) -> Next {
    let fits = |wait: Duration| left.is_none_or(|left| wait < left);
    match outcome {
        Outcome::Success => Next::Answered,
        Outcome::Refused | Outcome::Unwritable => Next::Fail,
        Outcome::RateLimited { retry_after } => {
            if counts.rate_limited >= policy.rate_limit_retries {
                return Next::GiveUp(Limit::RateLimit);
            }
            let wait = policy.backoff_wait(counts.rate_limited, retry_after, jitter);
            if fits(wait) {
                Next::WaitOut(wait)
            } else {
                Next::GiveUp(Limit::Deadline)
            }
        }
        Outcome::CutByDeadline => match effect {
            Effect::Read => Next::GiveUp(Limit::Deadline),
            Effect::Change => Next::Unknown,
            Effect::PaidOrder => Next::LookUp,
        },
        _ => match effect {
            Effect::Read => {
                if outcome == Outcome::Redirect || counts.sent_again >= policy.read_retries {
                    return Next::Fail;
                }
                let asked = match outcome {
                    Outcome::ServerError { retry_after } => retry_after,
                    _ => None,
                };
                let wait = policy.backoff_wait(counts.sent_again, asked, jitter);
                if fits(wait) {
                    Next::SendAgain(wait)
                } else {
                    Next::GiveUp(Limit::Deadline)
                }
            }
            Effect::Change => match outcome {
                Outcome::NotSent | Outcome::Unreachable => Next::Fail,
                _ => Next::Unknown,
            },
            Effect::PaidOrder => match outcome {
                Outcome::NotSent if counts.sent_again < policy.resends => {
                    let wait = policy.backoff_wait(counts.sent_again, None, jitter);
                    if fits(wait) {
                        Next::SendAgain(wait)
                    } else {
                        Next::Fail
                    }
                }
                Outcome::NotSent | Outcome::Unreachable => Next::Fail,
                // A success status with an unreadable answer: placed, most likely; the error
                // says so and names the id to look up.
                Outcome::Unreadable => Next::Fail,
                _ => Next::LookUp,
            },
        },
    }
}

/// One operation as the transport sends it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Request {
    /// The generated operation's name, for logs.
    pub(crate) operation: &'static str,
    pub(crate) effect: Effect,
    /// Most bytes of the answer read.
    pub(crate) read_limit: usize,
    /// No request is in flight, and no wait runs, past this instant.
    pub(crate) deadline: Option<Instant>,
}

impl Request {
    pub(crate) fn read(operation: &'static str, client: &MarkClient) -> Self {
        Self {
            operation,
            effect: Effect::Read,
            read_limit: client.read_limit,
            deadline: None,
        }
    }

    pub(crate) fn change(operation: &'static str, client: &MarkClient) -> Self {
        Self {
            effect: Effect::Change,
            ..Self::read(operation, client)
        }
    }

    pub(crate) fn reading(mut self, read_limit: usize) -> Self {
        self.read_limit = read_limit;
        self
    }

    pub(crate) fn until(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Time left before the deadline; `None` without one.
    pub(crate) fn left(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }
}

/// A success answer, as read.
pub(crate) struct Answer<T> {
    pub(crate) status: StatusCode,
    /// What the generated operation made of it; `Err` holds why it could not.
    pub(crate) parsed: Result<T, String>,
    /// The body as read (within the limit).
    pub(crate) body: Bytes,
}

/// One attempt: what it came to, and the error it leaves when it is the last.
struct Attempted<T> {
    outcome: Outcome,
    answer: Option<Answer<T>>,
    error: Option<Error>,
}

impl MarkClient {
    /// Sends one generated operation until [`decide`] says it is done, and reads a success
    /// answer with `read`: an answer `read` refuses (not the documented JSON, about another
    /// order) counts as [`Outcome::Unreadable`], so a read is sent again a little and a change
    /// is left unknown.
    pub(crate) async fn call<T, E, U, F, Fut, R>(
        &self,
        request: Request,
        send: F,
        read: R,
    ) -> Result<U, Error>
    where
        F: Fn(raw::Client) -> Fut,
        Fut: Future<Output = Result<raw::ResponseValue<T>, raw::Error<E>>>,
        raw::Error<E>: std::fmt::Display,
        R: Fn(&Self, Answer<T>) -> Result<U, Error>,
    {
        let mut counts = Counts::default();
        loop {
            let attempted = self.attempt(&request, &send).await;
            let mut outcome = attempted.outcome;
            let mut error = attempted.error;
            let mut value = None;
            if let Some(answer) = attempted.answer {
                match read(self, answer) {
                    Ok(read) => value = Some(read),
                    Err(e) => {
                        outcome = Outcome::Unreadable;
                        error = Some(e);
                    }
                }
            }
            let next = decide(
                request.effect,
                outcome,
                counts,
                &self.retry,
                request.left(),
                policy::jitter(),
            );
            let failed = |error: &mut Option<Error>| {
                error.take().unwrap_or_else(|| Error::Unexpected {
                    status: None,
                    detail: "the request failed without an answer".to_owned(),
                    body: String::new(),
                })
            };
            match next {
                Next::Answered => {
                    if let Some(value) = value {
                        return Ok(value);
                    }
                    return Err(failed(&mut error));
                }
                Next::Fail | Next::LookUp => return Err(failed(&mut error)),
                Next::Unknown => {
                    let e = failed(&mut error);
                    return Err(Error::ChangeUnknown {
                        operation: request.operation,
                        reason: e.to_string(),
                        status: e.status(),
                    });
                }
                Next::GiveUp(Limit::RateLimit) => {
                    let body = match &error {
                        Some(Error::RateLimited { body, .. }) => body.clone(),
                        _ => String::new(),
                    };
                    let retry_after = match outcome {
                        Outcome::RateLimited { retry_after } => retry_after,
                        _ => None,
                    };
                    return Err(Error::RateLimited {
                        attempts: counts.rate_limited + 1,
                        retry_after,
                        body,
                    });
                }
                Next::GiveUp(Limit::Deadline) => {
                    let e = failed(&mut error);
                    return Err(Error::Deadline {
                        operation: request.operation,
                        last: e.to_string(),
                    });
                }
                Next::WaitOut(wait) => {
                    counts.rate_limited += 1;
                    tracing::info!(
                        operation = request.operation,
                        wait_ms = wait.as_millis() as u64,
                        "rate limited by DigiCert; waiting"
                    );
                    tokio::time::sleep(wait).await;
                }
                Next::SendAgain(wait) => {
                    counts.sent_again += 1;
                    tracing::info!(
                        operation = request.operation,
                        wait_ms = wait.as_millis() as u64,
                        error = %failed(&mut error),
                        "sending again"
                    );
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// One request, bounded by the deadline, reduced to its outcome.
    async fn attempt<T, E, F, Fut>(&self, request: &Request, send: &F) -> Attempted<T>
    where
        F: Fn(raw::Client) -> Fut,
        Fut: Future<Output = Result<raw::ResponseValue<T>, raw::Error<E>>>,
        raw::Error<E>: std::fmt::Display,
    {
        let (api, record) = self.api_reading(request.read_limit);
        let result = match request.left() {
            Some(left) => match tokio::time::timeout(left, send(api)).await {
                Ok(result) => result,
                Err(_) => {
                    return Attempted {
                        outcome: Outcome::CutByDeadline,
                        answer: None,
                        error: Some(Error::Unexpected {
                            status: None,
                            detail: "the deadline passed before DigiCert answered".to_owned(),
                            body: String::new(),
                        }),
                    };
                }
            },
            None => send(api).await,
        };
        let exchange = take(&record);
        self.classify(result, exchange, request.read_limit)
    }

    fn classify<T, E>(
        &self,
        result: Result<raw::ResponseValue<T>, raw::Error<E>>,
        exchange: raw::Exchange,
        read_limit: usize,
    ) -> Attempted<T>
    where
        raw::Error<E>: std::fmt::Display,
    {
        let failed = |outcome: Outcome, error: Error| Attempted {
            outcome,
            answer: None,
            error: Some(error),
        };
        let Some(status) = exchange.status else {
            return match result {
                Err(raw::Error::CommunicationError(e)) => {
                    let outcome = if policy::refused_before_sending(&e) {
                        Outcome::NotSent
                    } else if e.is_connect() {
                        Outcome::Unreachable
                    } else {
                        Outcome::Lost
                    };
                    failed(outcome, Error::Transport(e))
                }
                Err(raw::Error::InvalidRequest(detail)) => failed(
                    Outcome::Unwritable,
                    Error::Config(format!("the request could not be written: {detail}")),
                ),
                _ => failed(
                    Outcome::Lost,
                    Error::Unexpected {
                        status: None,
                        detail: "the request failed without an answer".to_owned(),
                        body: String::new(),
                    },
                ),
            };
        };
        let secrets = self.secrets::<types::VmcOrderRequest>(None);
        let text = || secrets.scrub(String::from_utf8_lossy(&exchange.body).into_owned());
        let retry_after = policy::retry_after(&exchange.headers, SystemTime::now());
        if status == StatusCode::TOO_MANY_REQUESTS {
            return failed(
                Outcome::RateLimited { retry_after },
                Error::RateLimited {
                    attempts: 1,
                    retry_after,
                    body: text(),
                },
            );
        }
        if status.is_redirection() {
            return failed(
                Outcome::Redirect,
                redirect_error(status, &exchange, &secrets),
            );
        }
        if status.is_client_error() {
            let body = text();
            return failed(
                Outcome::Refused,
                Error::Api {
                    status: status.as_u16(),
                    errors: error::parse_api_errors(body.as_bytes()),
                    body,
                },
            );
        }
        if !status.is_success() {
            let body = text();
            return failed(
                Outcome::ServerError { retry_after },
                Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!(
                        "DigiCert answered HTTP {}: {}",
                        status.as_u16(),
                        server_text(&body, 200)
                    ),
                    body,
                },
            );
        }
        if let Some(cut) = &exchange.body_error {
            return failed(
                Outcome::Unreadable,
                Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!("the answer was cut off: {cut}"),
                    body: text(),
                },
            );
        }
        if exchange.over_limit {
            return failed(
                Outcome::Unreadable,
                Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!("the answer is longer than the {read_limit}-byte limit"),
                    body: String::new(),
                },
            );
        }
        Attempted {
            outcome: Outcome::Success,
            answer: Some(Answer {
                status,
                parsed: result
                    .map(raw::ResponseValue::into_inner)
                    .map_err(|e| e.to_string()),
                body: exchange.body,
            }),
            error: None,
        }
    }

    /// The typed value of a JSON success answer. An answer that echoed the API key is read
    /// again from its text with the key removed; a success status the document does not list
    /// is read from its body.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(
        &self,
        answer: Answer<T>,
    ) -> Result<T, Error> {
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

/// The error of a redirect, which is never followed: where it pointed, scrubbed and escaped.
pub(crate) fn redirect_error(
    status: StatusCode,
    exchange: &raw::Exchange,
    secrets: &super::Secrets<'_>,
) -> Error {
    Error::Unexpected {
        status: Some(status.as_u16()),
        detail: redirect_reason(status, exchange, secrets),
        body: secrets.scrub(String::from_utf8_lossy(&exchange.body).into_owned()),
    }
}

/// "DigiCert answered with a redirect (HTTP 302) to ..., which is never followed".
pub(crate) fn redirect_reason(
    status: StatusCode,
    exchange: &raw::Exchange,
    secrets: &super::Secrets<'_>,
) -> String {
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
}

/// A request with no answer to read: any success status will do.
pub(crate) fn done(_client: &MarkClient, answer: Answer<()>) -> Result<(), Error> {
    tracing::debug!(status = answer.status.as_u16(), "done");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    /// Every row of the decision: effect, outcome, counts, time left, and the next step.
    /// The policy is the default one (3 rate-limit retries, 2 read retries, 1 resend) with
    /// jitter 1.0, so a backoff is its ceiling (1 s, then 2 s, ...).
    #[test]
    fn the_decision_table() {
        use Effect::*;
        use Next::*;
        use Outcome::*;
        let none = Counts::default();
        let spent_429 = Counts {
            rate_limited: 3,
            sent_again: 0,
        };
        let spent_reads = Counts {
            rate_limited: 0,
            sent_again: 2,
        };
        let resent_once = Counts {
            rate_limited: 0,
            sent_again: 1,
        };
        let asked = |s| Some(Duration::from_secs(s));
        let rows: Vec<(Effect, Outcome, Counts, Option<Duration>, Next)> = vec![
            // A success is the answer, whatever the request.
            (Read, Success, none, None, Answered),
            (Change, Success, none, None, Answered),
            (PaidOrder, Success, none, None, Answered),
            // A refusal and a request that cannot be written stand.
            (Read, Refused, none, None, Fail),
            (Change, Refused, none, None, Fail),
            (PaidOrder, Refused, none, None, Fail),
            (Read, Unwritable, none, None, Fail),
            (Change, Unwritable, none, None, Fail),
            (PaidOrder, Unwritable, none, None, Fail),
            // 429 was not processed: waited out for every effect, as asked, until spent.
            (
                Read,
                RateLimited { retry_after: None },
                none,
                None,
                WaitOut(S),
            ),
            (
                Change,
                RateLimited {
                    retry_after: asked(5),
                },
                none,
                None,
                WaitOut(5 * S),
            ),
            (
                PaidOrder,
                RateLimited {
                    retry_after: asked(5),
                },
                none,
                None,
                WaitOut(5 * S),
            ),
            (
                Read,
                RateLimited { retry_after: None },
                spent_429,
                None,
                GiveUp(Limit::RateLimit),
            ),
            (
                PaidOrder,
                RateLimited { retry_after: None },
                spent_429,
                None,
                GiveUp(Limit::RateLimit),
            ),
            // ... but never past the deadline.
            (
                Read,
                RateLimited {
                    retry_after: asked(5),
                },
                none,
                asked(3),
                GiveUp(Limit::Deadline),
            ),
            (
                Read,
                RateLimited {
                    retry_after: asked(5),
                },
                none,
                asked(6),
                WaitOut(5 * S),
            ),
            // A read is sent again a little after anything unclear, then fails.
            (
                Read,
                ServerError { retry_after: None },
                none,
                None,
                SendAgain(S),
            ),
            (
                Read,
                ServerError {
                    retry_after: asked(10),
                },
                none,
                None,
                SendAgain(10 * S),
            ),
            (
                Read,
                ServerError {
                    retry_after: asked(10),
                },
                none,
                asked(5),
                GiveUp(Limit::Deadline),
            ),
            (
                Read,
                ServerError { retry_after: None },
                spent_reads,
                None,
                Fail,
            ),
            (Read, Lost, none, None, SendAgain(S)),
            (Read, Lost, resent_once, None, SendAgain(2 * S)),
            (Read, Unreadable, none, None, SendAgain(S)),
            (Read, Unreadable, spent_reads, None, Fail),
            (Read, NotSent, none, None, SendAgain(S)),
            (Read, Unreachable, none, None, SendAgain(S)),
            (Read, Redirect, none, None, Fail),
            (Read, CutByDeadline, none, None, GiveUp(Limit::Deadline)),
            // A change is never sent again on thin evidence: anything unclear is unknown.
            (
                Change,
                ServerError { retry_after: None },
                none,
                None,
                Unknown,
            ),
            (Change, Lost, none, None, Unknown),
            (Change, Unreadable, none, None, Unknown),
            (Change, Redirect, none, None, Unknown),
            (Change, CutByDeadline, none, None, Unknown),
            (Change, NotSent, none, None, Fail),
            (Change, Unreachable, none, None, Fail),
            // A paid order that may have been placed is looked up, never simply resent.
            (
                PaidOrder,
                ServerError { retry_after: None },
                none,
                None,
                LookUp,
            ),
            (PaidOrder, Lost, none, None, LookUp),
            (PaidOrder, Redirect, none, None, LookUp),
            (PaidOrder, CutByDeadline, none, None, LookUp),
            (PaidOrder, Unreadable, none, None, Fail),
            // Only a refused connection (nothing written) is resent, within the resends.
            (PaidOrder, NotSent, none, None, SendAgain(S)),
            (PaidOrder, NotSent, resent_once, None, Fail),
            (PaidOrder, Unreachable, none, None, Fail),
        ];
        let policy = RetryPolicy::default();
        for (effect, outcome, counts, left, next) in rows {
            assert_eq!(
                decide(effect, outcome, counts, &policy, left, 1.0),
                next,
                "{effect:?} {outcome:?} {counts:?} left {left:?}"
            );
        }
    }

    #[test]
    fn every_effect_and_outcome_has_a_row_that_never_resends_a_change() {
        use Outcome::*;
        let outcomes = [
            Success,
            RateLimited { retry_after: None },
            Refused,
            Redirect,
            ServerError { retry_after: None },
            Unreadable,
            NotSent,
            Unreachable,
            Lost,
            CutByDeadline,
            Unwritable,
        ];
        let policy = RetryPolicy::default();
        for outcome in outcomes {
            // A change or an order is sent again only after 429 or a refused connection.
            for effect in [Effect::Change, Effect::PaidOrder] {
                let next = decide(effect, outcome, Counts::default(), &policy, None, 0.5);
                if let Next::SendAgain(_) = next {
                    assert_eq!((effect, outcome), (Effect::PaidOrder, NotSent));
                }
                if let Next::WaitOut(_) = next {
                    assert!(matches!(outcome, RateLimited { .. }));
                }
            }
        }
    }
}
