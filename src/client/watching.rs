//! Waiting for many orders at once: one status-changes request per poll for the whole set,
//! then Order info only for the orders it says changed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use super::following::{
    MAX_ASKED_WAIT, MAX_STATUS_CHANGE_WINDOW, far_future, is_unreadable_answer,
};
use super::{Error, MarkClient, WaitEvent, WaitOptions};
use crate::redact::server_text;
use crate::types;

/// Added to each status-changes window, so that a change DigiCert dates a little before the
/// previous request (clocks differ) is still seen.
const WINDOW_MARGIN: Duration = Duration::from_secs(60);

/// How a wait for several orders ended: each order issued, ended without a certificate, or
/// still open at the deadline.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ManyOutcome {
    /// Orders issued, as last read.
    pub issued: Vec<types::OrderInfo>,
    /// Orders that reached another final status, as last read.
    pub ended: Vec<types::OrderInfo>,
    /// Orders still open when the deadline passed, with their last known status if any poll
    /// read them.
    pub open: Vec<(i64, Option<types::OrderInfo>)>,
    /// Requests made: Order info reads and status-changes reads.
    pub requests: ManyRequests,
}

/// What a wait for several orders cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ManyRequests {
    /// Order info requests (one per order at the start, then one per changed order).
    pub order_info: u32,
    /// Status-changes requests (one per poll after the first).
    pub status_changes: u32,
    /// Polls made, the first included.
    pub polls: u32,
}

impl ManyOutcome {
    /// Whether every order was issued.
    ///
    /// ```
    /// assert!(digicert_mark_certs::ManyOutcome::default().all_issued());
    /// ```
    pub fn all_issued(&self) -> bool {
        self.ended.is_empty() && self.open.is_empty()
    }
}

impl MarkClient {
    /// Waits for several orders at once. The first poll reads each order; after it, each
    /// poll is one status-changes request for the whole account (its window reaching back to
    /// the previous poll, with a margin), then one Order info read for each watched order it
    /// lists with a status other than the one known. `on_event` gets one
    /// [`WaitEvent::Polled`] per order read, and [`WaitEvent::Trouble`] for a poll that
    /// failed in a way that may pass (the order is read again on the next poll). Ends when
    /// every order is issued or ended, or at the deadline of `options`; nothing runs past
    /// it. An order that does not exist, or a refused key, ends the wait with the error.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use digicert_mark_certs::{WaitEvent, WaitOptions};
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let options = WaitOptions::new().timeout(Duration::from_secs(24 * 3600));
    /// let outcome = client
    ///     .wait_until_all_issued(&[144457095, 144457096], &options, |event| {
    ///         if let WaitEvent::Polled { order, changed: true, .. } = event {
    ///             println!("order {} is {}", order.id, order.status);
    ///         }
    ///     })
    ///     .await?;
    /// println!("{} issued, {} open", outcome.issued.len(), outcome.open.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_until_all_issued(
        &self,
        orders: &[i64],
        options: &WaitOptions,
        mut on_event: impl FnMut(&WaitEvent),
    ) -> Result<ManyOutcome, Error> {
        let started = Instant::now();
        let deadline = options
            .deadline()
            .and_then(|timeout| started.checked_add(timeout));
        let mut watched: BTreeSet<i64> = orders.iter().copied().collect();
        let mut known: BTreeMap<i64, types::OrderInfo> = BTreeMap::new();
        let mut to_read: BTreeSet<i64> = watched.clone();
        let mut outcome = ManyOutcome::default();
        // Changes since this instant are asked for on the next poll; `None` before the
        // first poll (every order is read then).
        let mut changes_since: Option<Instant> = None;
        loop {
            outcome.requests.polls += 1;
            let polls = outcome.requests.polls;
            let mut wait = options.poll_interval();
            let poll_started = Instant::now();
            let trouble = |e: &Error, wait: &mut Duration, on_event: &mut dyn FnMut(&WaitEvent)| {
                if let Error::RateLimited {
                    retry_after: Some(asked),
                    ..
                } = e
                {
                    *wait = (*wait).max((*asked).min(MAX_ASKED_WAIT));
                }
                on_event(&WaitEvent::Trouble {
                    message: e.to_string(),
                    polls,
                    retry_in: *wait,
                });
            };
            let mut changes_read = true;
            if let Some(since) = changes_since {
                let window = (poll_started.saturating_duration_since(since) + WINDOW_MARGIN)
                    .min(MAX_STATUS_CHANGE_WINDOW);
                outcome.requests.status_changes += 1;
                match self.status_changes_until(window, deadline).await {
                    Ok(changes) => {
                        for change in changes {
                            let differs = known
                                .get(&change.order_id)
                                .is_none_or(|order| order.status != change.status);
                            if watched.contains(&change.order_id) && differs {
                                to_read.insert(change.order_id);
                            }
                        }
                    }
                    Err(e) if e.is_deadline() => return Ok(finish(outcome, &watched, known)),
                    Err(e) if e.is_retryable() || is_unreadable_answer(&e) => {
                        changes_read = false;
                        tracing::warn!(polls, error = %e, "the status changes could not be read; waiting on");
                        trouble(&e, &mut wait, &mut on_event);
                    }
                    Err(e) => return Err(e),
                }
            }
            let mut unread = BTreeSet::new();
            for id in std::mem::take(&mut to_read) {
                outcome.requests.order_info += 1;
                match self.order_info_until(id, deadline).await {
                    Ok(order) => {
                        let previous = known.get(&id).map(|o| o.status.clone());
                        let changed = previous.as_ref() != Some(&order.status);
                        if changed {
                            tracing::info!(order_id = id, status = %server_text(order.status.as_str(), 100), polls, "order status");
                        }
                        on_event(&WaitEvent::Polled {
                            order: order.clone(),
                            previous,
                            changed,
                            polls,
                            elapsed: started.elapsed(),
                        });
                        if order.status.is_issued() {
                            watched.remove(&id);
                            outcome.issued.push(order);
                        } else if order.status.is_final() {
                            watched.remove(&id);
                            outcome.ended.push(order);
                        } else {
                            known.insert(id, order);
                        }
                    }
                    Err(e) if e.is_deadline() => {
                        return Ok(finish(outcome, &watched, known));
                    }
                    Err(e) if e.is_retryable() || is_unreadable_answer(&e) => {
                        tracing::warn!(order_id = id, polls, error = %e, "the order could not be read; waiting on");
                        trouble(&e, &mut wait, &mut on_event);
                        unread.insert(id);
                    }
                    Err(e) => return Err(e),
                }
            }
            to_read = unread;
            if watched.is_empty() {
                return Ok(finish(outcome, &watched, known));
            }
            if changes_read {
                // Changes before this poll began are now accounted for (a failed status
                // read keeps the older instant, so the next window covers the gap).
                changes_since = Some(poll_started);
            }
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left <= wait {
                    return Ok(finish(outcome, &watched, known));
                }
            }
            let until = tokio::time::Instant::now() + wait;
            tokio::time::sleep_until(until.min(far_future())).await;
        }
    }
}

/// The outcome, with the orders still watched listed as open.
fn finish(
    mut outcome: ManyOutcome,
    watched: &BTreeSet<i64>,
    mut known: BTreeMap<i64, types::OrderInfo>,
) -> ManyOutcome {
    outcome.open = watched.iter().map(|id| (*id, known.remove(id))).collect();
    outcome
}
