//! `markcert watch`: wait for an order to be issued, reporting each change.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use digicert_mark_certs::output::{PendingStep, WatchEnd, WatchEvent};
use digicert_mark_certs::{
    MIN_POLL_INTERVAL, MarkClient, OrderQuery, WaitEvent, WaitOptions, WaitOutcome,
};

use crate::args::{OrderSelector, WatchArgs};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render::{self, shown};

/// The longest time a single request may take in `watch`: a longer `--timeout` was surely
/// meant as the whole wait.
const MAX_REQUEST_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// Whether a progress line is drawn on the terminal and not yet ended.
static PROGRESS_DRAWN: AtomicBool = AtomicBool::new(false);

/// Standard error for log lines: a progress line being redrawn is cleared first, so a log
/// line (a rate-limit wait during a poll) does not run into it; the next poll redraws it.
pub fn log_writer() -> std::io::Stderr {
    if PROGRESS_DRAWN.swap(false, Ordering::SeqCst) {
        let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
    }
    std::io::stderr()
}

/// The progress line of `watch` on standard error: redrawn in place on a terminal, one line
/// per poll otherwise.
struct Progress {
    terminal: bool,
}

impl Progress {
    fn draw(&mut self, line: &str) {
        if render::quiet() {
            return;
        }
        let line = digicert_mark_certs::redact::untrusted(line);
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{line}");
            PROGRESS_DRAWN.store(true, Ordering::SeqCst);
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    /// Ends the line being redrawn, before other text is printed.
    fn finish(&mut self) {
        if PROGRESS_DRAWN.swap(false, Ordering::SeqCst) {
            let _ = writeln!(std::io::stderr().lock());
        }
    }
}

pub fn run(ctx: &Context, args: WatchArgs) -> Result<(), Failure> {
    if args.interval < MIN_POLL_INTERVAL {
        return Err(Failure::Usage(format!(
            "--interval must be at least {}s: a poll every few minutes is enough for an order \
             that takes days",
            MIN_POLL_INTERVAL.as_secs()
        )));
    }
    if args.timeout > MAX_REQUEST_TIMEOUT {
        return Err(Failure::Usage(format!(
            "--timeout is the time allowed for each request (at most {}); to stop waiting \
             after {}, use --give-up-after {}",
            humantime::format_duration(MAX_REQUEST_TIMEOUT),
            humantime::format_duration(args.timeout),
            humantime::format_duration(args.timeout)
        )));
    }
    let service = args.service();
    let client = ctx.client(&service)?;
    let mut options = WaitOptions::new().interval(args.interval);
    if let Some(whole) = args.give_up_after {
        options = options.timeout(whole);
    }
    if args.all_pending || args.order_ids.len() > 1 {
        return run_many(ctx, client, &args, &options);
    }
    let selector = OrderSelector {
        order_id: args.order_ids.first().copied(),
        alternative_id: args.alternative_id.clone(),
    };
    let reference = super::status::reference(&selector)?;
    let json_lines = !std::io::stdout().is_terminal();
    let mut progress = Progress {
        terminal: std::io::stderr().is_terminal(),
    };
    let interval = humantime::format_duration(options.poll_interval()).to_string();
    let mut last_event: Option<WatchEvent> = None;
    // The open steps last shown: a change of them is an event, as a change of status is.
    let mut shown_steps: Option<Vec<PendingStep>> = None;
    let outcome =
        ctx.block_on(
            client.wait_until_issued(reference, &options, |event| match event {
                WaitEvent::Polled {
                    order,
                    previous,
                    changed,
                    polls,
                    elapsed,
                } => {
                    let event = WatchEvent::new(order, previous.as_ref(), *polls, *elapsed);
                    let steps_changed = shown_steps.as_ref() != Some(&event.waiting_on);
                    if *changed || steps_changed {
                        shown_steps = Some(event.waiting_on.clone());
                        progress.finish();
                        if json_lines {
                            let _ = render::json(&event);
                        } else {
                            let _ = render::stdout(&event_text(&event));
                        }
                    }
                    last_event = Some(event);
                    if !order.status.is_final() {
                        progress.draw(&format!(
                            "order {}: {} (poll {polls}, {} elapsed; next poll in {interval})",
                            order.id,
                            shown(order.status.as_str()),
                            humantime::format_duration(Duration::from_secs(elapsed.as_secs()))
                        ));
                    }
                }
                WaitEvent::Trouble {
                    message, retry_in, ..
                } => {
                    progress.finish();
                    render::note(&format!(
                        "{message}; polling again in {}",
                        humantime::format_duration(Duration::from_secs(retry_in.as_secs().max(1)))
                    ));
                }
                _ => {}
            }),
        )?;
    progress.finish();
    if json_lines && let Some(event) = last_event {
        let end = match &outcome {
            Ok(WaitOutcome::Issued { .. }) => Some(WatchEnd::Issued),
            Ok(WaitOutcome::Ended { .. }) => Some(WatchEnd::Ended),
            Ok(WaitOutcome::Deadline { .. }) => Some(WatchEnd::Deadline),
            _ => None,
        };
        if let Some(end) = end {
            let _ = render::json(&event.ending(end));
        }
    }
    match outcome {
        Ok(WaitOutcome::Issued { order }) => {
            render::note(&format!(
                "order {} is issued; download the chain with `markcert cert download {} -o \
                 chain.pem`",
                order.id, order.id
            ));
            Ok(())
        }
        Ok(WaitOutcome::Ended { status, order }) => {
            render::note(&format!(
                "order {} is {}: no certificate will come from it",
                order.id,
                shown(status.as_str())
            ));
            Err(Failure::Printed(Exit::Refused))
        }
        Ok(WaitOutcome::Deadline { last }) => {
            let said = match &last {
                Some(order) => format!(
                    "order {} is still {} at the deadline",
                    order.id,
                    shown(order.status.as_str())
                ),
                None => "no answer about the order came before the deadline".to_owned(),
            };
            render::note(&format!(
                "{said}; run `markcert watch {}` again to go on waiting",
                match (&selector.order_id, &selector.alternative_id) {
                    (Some(id), _) => id.to_string(),
                    (None, Some(alternative)) => format!("--alternative-order-id {alternative}"),
                    (None, None) => String::new(),
                }
            ));
            Err(Failure::Printed(Exit::Unknown))
        }
        Ok(_) => Err(Failure::Printed(Exit::Unknown)),
        Err(e) => Err(failures::request(&e, Meant::Read)),
    }
}

/// A change seen by `watch`, for a person: the status (and the one before), then each open
/// step the order shows, on its own line.
fn event_text(event: &WatchEvent) -> String {
    let from = event
        .previous
        .as_ref()
        .filter(|p| **p != event.status)
        .map(|p| format!("{} -> ", shown(p.as_str())))
        .unwrap_or_default();
    let mut text = format!(
        "{} order {}: {from}{}\n",
        event.at,
        event.order_id,
        shown(event.status.as_str())
    );
    for step in &event.waiting_on {
        text.push_str(&format!(
            "  waiting on {}: {}\n",
            shown(&step.on),
            shown(&step.detail)
        ));
    }
    text
}

/// `watch` of several orders (or `--all-pending`): one status-changes request per poll for
/// the whole set, one event per change.
fn run_many(
    ctx: &Context,
    client: &MarkClient,
    args: &WatchArgs,
    options: &WaitOptions,
) -> Result<(), Failure> {
    let mut ids: Vec<i64> = args.order_ids.clone();
    if args.all_pending {
        let listing = ctx
            .block_on(client.list_orders(&OrderQuery::marks().status("pending")))?
            .map_err(|e| failures::request(&e, Meant::Read))?;
        if !listing.complete {
            render::note(
                "warning: the order listing stopped at its page bound; some pending orders are not watched",
            );
        }
        ids.extend(listing.items.iter().map(|o| o.id));
        if ids.is_empty() {
            render::note("no pending mark certificate order to watch");
            return Ok(());
        }
    }
    ids.sort_unstable();
    ids.dedup();
    render::progress(&format!("watching {} orders", ids.len()));
    let json_lines = !std::io::stdout().is_terminal();
    let mut last: std::collections::BTreeMap<i64, WatchEvent> = std::collections::BTreeMap::new();
    let outcome =
        ctx.block_on(
            client.wait_until_all_issued(&ids, options, |event| match event {
                WaitEvent::Polled {
                    order,
                    previous,
                    changed: false,
                    polls,
                    elapsed,
                } => {
                    last.insert(
                        order.id,
                        WatchEvent::new(order, previous.as_ref(), *polls, *elapsed),
                    );
                }
                WaitEvent::Polled {
                    order,
                    previous,
                    changed: true,
                    polls,
                    elapsed,
                } => {
                    let event = WatchEvent::new(order, previous.as_ref(), *polls, *elapsed);
                    if json_lines {
                        let _ = render::json(&event);
                    } else {
                        let _ = render::stdout(&event_text(&event));
                    }
                    last.insert(order.id, event);
                }
                WaitEvent::Trouble {
                    message, retry_in, ..
                } => {
                    render::note(&format!(
                        "{message}; polling again in {}",
                        humantime::format_duration(Duration::from_secs(retry_in.as_secs().max(1)))
                    ));
                }
                _ => {}
            }),
        )?;
    let outcome = outcome.map_err(|e| failures::request(&e, Meant::Read))?;
    if json_lines {
        // The last lines: how the wait ended for each order.
        let ends = outcome
            .issued
            .iter()
            .map(|o| (o.id, WatchEnd::Issued))
            .chain(outcome.ended.iter().map(|o| (o.id, WatchEnd::Ended)))
            .chain(outcome.open.iter().map(|(id, _)| (*id, WatchEnd::Deadline)));
        for (id, end) in ends {
            if let Some(event) = last.remove(&id) {
                let _ = render::json(&event.ending(end));
            }
        }
    }
    render::note(&format!(
        "{} issued, {} ended without a certificate, {} still open ({} order reads, {} status \
         reads)",
        outcome.issued.len(),
        outcome.ended.len(),
        outcome.open.len(),
        outcome.requests.order_info,
        outcome.requests.status_changes
    ));
    for order in &outcome.ended {
        render::note(&format!(
            "order {} is {}: no certificate will come from it",
            order.id,
            shown(order.status.as_str())
        ));
    }
    if !outcome.ended.is_empty() {
        return Err(Failure::Printed(Exit::Refused));
    }
    if !outcome.open.is_empty() {
        let open: Vec<String> = outcome.open.iter().map(|(id, _)| id.to_string()).collect();
        render::note(&format!(
            "still open at the deadline; run `markcert watch {}` again to go on waiting",
            open.join(" ")
        ));
        return Err(Failure::Printed(Exit::Unknown));
    }
    Ok(())
}
