//! `markcert status`, `watch`, `logo upload`, `mark update` and `cancel`: an order after it
//! was placed.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use digicert_mark_certs::output::{StatusOutput, WatchEvent, is_done};
use digicert_mark_certs::redact::server_text;
use digicert_mark_certs::types::{self, EnableHosting, OrderStatus, RequestStatus};
use digicert_mark_certs::{
    Error as ClientError, MIN_POLL_INTERVAL, MarkClient, OrderRef, RetryPolicy, WaitEvent,
    WaitOptions, WaitOutcome, check_mark_update_json,
};
use serde_json::{Map, Value};

use crate::args::{
    CancelArgs, DcvCheckArgs, LogoUploadArgs, MarkCommand, MarkUpdateArgs, OrderSelector,
    ServiceArgs, StatusArgs, Switch, WatchArgs,
};
use crate::{Failure, logos, render};

/// A client for the service arguments, with the key from `DIGICERT_API_KEY`.
pub fn client(service: &ServiceArgs) -> Result<MarkClient, Failure> {
    MarkClient::builder_from_env()
        .and_then(|builder| {
            builder
                .base_url(service.base_url())
                .timeout(service.timeout)
                .retry_policy(RetryPolicy::default().rate_limit_retries(service.retries))
                .build()
        })
        .map_err(|e| Failure::Io(e.to_string()))
}

/// Prints why a request failed and picks the exit code. `changes`: the request may have
/// changed something, so any unclear failure (transport, a server error, an answer that could
/// not be read) leaves its outcome unknown (3); a refusal is 1. For a request that only
/// reads, a refusal (a wrong key, region or order id) is 2, so it is never taken for an
/// order that ended.
pub fn failure(e: &ClientError, changes: bool) -> Failure {
    render::note(&e.to_string());
    if let Some(report) = e.report() {
        render::findings_to_stderr(report);
    }
    match e {
        ClientError::Config(_) => Failure::Printed(2),
        ClientError::Transport(_)
        | ClientError::Unexpected { .. }
        | ClientError::UnreadableSuccess { .. }
            if changes =>
        {
            render::note(
                "the change may or may not have been made; check with `markcert status` \
                 before trying again",
            );
            Failure::Printed(3)
        }
        ClientError::Invalid(_) => Failure::Printed(1),
        ClientError::Api { .. } if changes => Failure::Printed(1),
        ClientError::Api { .. } => {
            render::note("check the API key, the region (--region) and the order id");
            Failure::Printed(2)
        }
        ClientError::OrderNotResolved { order_ids, .. } if order_ids.is_empty() => {
            render::note(
                "an order placed in the last minute may not be found yet: look again before \
                 ordering again, and order again only with the same --alternative-order-id \
                 (with the account option \"Require unique alternative order IDs\", DigiCert \
                 then refuses a duplicate)",
            );
            Failure::Printed(3)
        }
        ClientError::OrderNotResolved { .. } => Failure::Printed(2),
        _ => Failure::Printed(2),
    }
}

fn reference(selector: &OrderSelector) -> Result<OrderRef, Failure> {
    match (&selector.order_id, &selector.alternative_id) {
        (Some(id), None) => Ok(OrderRef::Id(*id)),
        (None, Some(alternative)) => Ok(OrderRef::alternative(alternative.clone())),
        _ => Err(Failure::Usage(
            "give an ORDER_ID or --alternative-id, not both".to_owned(),
        )),
    }
}

pub fn status(args: StatusArgs) -> Result<(), Failure> {
    let client = client(&args.service)?;
    let reference = reference(&args.order)?;
    let output = crate::runtime()?.block_on(async {
        let id = client
            .resolve_order(&reference)
            .await
            .map_err(|e| failure(&e, false))?;
        let order = client
            .order_info(id)
            .await
            .map_err(|e| failure(&e, false))?;
        let validation = if order.status.is_final() {
            Err("the order has ended".to_owned())
        } else {
            client
                .validation_status(id)
                .await
                .map_err(|e| e.to_string())
        };
        // The details of a pending request say who asked for it.
        let mut requests = Vec::new();
        for request in &order.requests {
            if request.status == Some(RequestStatus::Pending)
                && let Ok(detail) = client.approval_request(request.id).await
            {
                requests.push(detail);
            }
        }
        Ok::<_, Failure>(StatusOutput::new(
            &order,
            validation.as_ref().map_err(Clone::clone),
            &requests,
        ))
    })?;
    if args.json {
        render::json(&output)?;
    } else {
        render::stdout(status_text(&output).as_bytes())?;
    }
    match &output.status {
        OrderStatus::Issued => Ok(()),
        status if status.is_final() => Err(Failure::Printed(1)),
        _ => Err(Failure::Printed(3)),
    }
}

/// Server text as it may be printed: escaped and cut short.
fn shown(text: &str) -> String {
    server_text(text, 200)
}

fn status_text(output: &StatusOutput) -> String {
    let mut out = format!(
        "order {}: {}\n",
        output.order_id,
        shown(output.status.as_str())
    );
    if let Some(id) = &output.alternative_order_id {
        out.push_str(&format!("alternative order id: {}\n", shown(id)));
    }
    if !output.domains.is_empty() {
        let domains: Vec<String> = output.domains.iter().map(|d| shown(d)).collect();
        out.push_str(&format!("domains: {}\n", domains.join(", ")));
    }
    if !output.waiting_on.is_empty() {
        out.push_str("waiting on:\n");
        for step in &output.waiting_on {
            out.push_str(&format!(
                "  - {}: {}\n",
                shown(&step.on),
                shown(&step.detail)
            ));
        }
    }
    for request in &output.requests {
        let status = request.status.as_deref().unwrap_or("unknown");
        let by = request
            .requester
            .as_ref()
            .map(|r| format!(", asked for by {}", shown(r)))
            .unwrap_or_default();
        out.push_str(&format!(
            "approval request {}: {}{by}\n",
            request.id,
            shown(status)
        ));
    }
    for v in &output.organization_validations {
        let until = v
            .validated_until
            .as_ref()
            .map(|u| format!(" until {}", shown(u)))
            .unwrap_or_default();
        out.push_str(&format!(
            "organization validation {}: {}{until}\n",
            shown(&v.kind),
            shown(&v.status)
        ));
    }
    for c in &output.verified_contacts {
        let title = c
            .job_title
            .as_ref()
            .map(|t| format!(" ({})", shown(t)))
            .unwrap_or_default();
        let email = c
            .email
            .as_ref()
            .map(|e| format!(" <{}>", shown(e)))
            .unwrap_or_default();
        out.push_str(&format!(
            "verified contact {}{title}{email}: {}\n",
            shown(&c.name),
            shown(&c.status)
        ));
    }
    for d in &output.domain_validations {
        let method = d
            .method
            .as_ref()
            .map(|m| format!(" by {}", shown(m)))
            .unwrap_or_default();
        out.push_str(&format!(
            "domain {}{method}: {}\n",
            shown(&d.domain),
            shown(&d.status)
        ));
    }
    if let Some(why) = &output.validation_unavailable
        && !output.status.is_final()
    {
        out.push_str(&format!(
            "validation status not available: {}\n",
            shown(why)
        ));
    }
    if let Some(url) = &output.hosted_logo_location {
        out.push_str(&format!("hosted logo (l=): {}\n", shown(url)));
    }
    if let Some(url) = &output.hosted_cert_location {
        out.push_str(&format!("hosted certificate (a=): {}\n", shown(url)));
    }
    if let Some(cert) = &output.certificate {
        let valid = match (&cert.valid_from, &cert.valid_till) {
            (Some(from), Some(till)) => format!(", valid {} to {}", shown(from), shown(till)),
            _ => String::new(),
        };
        let id = cert.id.map(|id| format!(" {id}")).unwrap_or_default();
        out.push_str(&format!("certificate{id}{valid}\n"));
    }
    out
}

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

pub fn watch(args: WatchArgs) -> Result<(), Failure> {
    if args.interval < MIN_POLL_INTERVAL {
        return Err(Failure::Usage(format!(
            "--interval must be at least {}s: a poll every few minutes is enough for an order \
             that takes days",
            MIN_POLL_INTERVAL.as_secs()
        )));
    }
    let client = client(&args.service())?;
    let reference = reference(&args.order)?;
    let mut options = WaitOptions::new().interval(args.interval);
    if let Some(timeout) = args.timeout {
        options = options.timeout(timeout);
    }
    let json_lines = !std::io::stdout().is_terminal();
    let mut progress = Progress {
        terminal: std::io::stderr().is_terminal(),
    };
    let interval = humantime::format_duration(options.poll_interval()).to_string();
    let outcome = crate::runtime()?.block_on(client.wait_until_issued(
        reference,
        &options,
        |event| match event {
            WaitEvent::Polled {
                order,
                previous,
                changed,
                polls,
                elapsed,
            } => {
                if *changed {
                    let event = WatchEvent::new(order, previous.as_ref(), *polls, *elapsed);
                    progress.finish();
                    if json_lines {
                        let _ = render::json(&event);
                    } else {
                        let from = previous
                            .as_ref()
                            .map(|p| format!("{} -> ", shown(p.as_str())))
                            .unwrap_or_default();
                        let _ = render::stdout(
                            format!(
                                "{} order {}: {from}{}\n",
                                event.at,
                                order.id,
                                shown(order.status.as_str())
                            )
                            .as_bytes(),
                        );
                    }
                }
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
        },
    ));
    progress.finish();
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
            Err(Failure::Printed(1))
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
                "{said}; run `markcert watch` again to go on waiting"
            ));
            Err(Failure::Printed(3))
        }
        Ok(_) => Err(Failure::Printed(3)),
        Err(e) => Err(failure(&e, false)),
    }
}

pub fn upload_logo(args: LogoUploadArgs) -> Result<(), Failure> {
    let logo = logos::read_svg(&args.file)?;
    let client = client(&args.service)?;
    let client = if args.deny_warnings {
        // Rebuilt with the stricter setting; the key and URL checks ran above.
        MarkClient::builder_from_env()
            .and_then(|b| {
                b.base_url(args.service.base_url())
                    .timeout(args.service.timeout)
                    .retry_policy(RetryPolicy::default().rate_limit_retries(args.service.retries))
                    .deny_warnings(true)
                    .build()
            })
            .map_err(|e| Failure::Io(e.to_string()))?
    } else {
        client
    };
    let uploaded = crate::runtime()?
        .block_on(client.upload_logo(args.order_id, &logo))
        .map_err(|e| {
            if e.is_invalid() {
                render::note("the logo was not sent");
            }
            failure(&e, true)
        })?;
    render::findings_to_stderr(&uploaded.findings);
    render::note(&format!(
        "logo {} uploaded to order {}",
        uploaded.answer.id, args.order_id
    ));
    render::json(&uploaded.answer)
}

pub fn mark(command: MarkCommand) -> Result<(), Failure> {
    match command {
        MarkCommand::Update(args) => mark_update(args),
    }
}

/// The update the options ask for, checked: every finding names its field.
fn mark_update_body(
    args: &MarkUpdateArgs,
) -> Result<(types::MarkUpdate, digicert_mark_certs::findings::Report), Failure> {
    let mut body = Map::new();
    if let Some(hosting) = args.hosting {
        let on = matches!(hosting, Switch::On);
        body.insert(
            "enable_hosting".to_owned(),
            serde_json::to_value(EnableHosting::from(on)).unwrap_or(Value::Bool(on)),
        );
    }
    let mut data = Map::new();
    for (name, value) in [
        ("country_code", &args.country_code),
        ("registration_number", &args.registration_number),
        ("state_province", &args.state_province),
        ("locality", &args.locality),
        ("citation", &args.citation),
    ] {
        if let Some(value) = value {
            data.insert(name.to_owned(), Value::String(value.clone()));
        }
    }
    if !data.is_empty() {
        body.insert("mark_type_data".to_owned(), Value::Object(data));
    }
    if body.is_empty() {
        return Err(Failure::Usage(
            "nothing to change: give --hosting or mark details (--country-code, \
             --registration-number, ...)"
                .to_owned(),
        ));
    }
    check_mark_update_json(Value::Object(body)).map_err(|report| {
        render::findings_to_stderr(&report);
        render::note("invalid: nothing was sent");
        Failure::Printed(1)
    })
}

fn mark_update(args: MarkUpdateArgs) -> Result<(), Failure> {
    let (update, findings) = mark_update_body(&args)?;
    if args.dry_run {
        render::findings_to_stderr(&findings);
        let text = serde_json::to_string(&update)
            .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
        return render::stdout_raw(format!("{text}\n").as_bytes());
    }
    let client = client(&args.service)?;
    let findings = crate::runtime()?
        .block_on(client.update_mark(args.order_id, &update))
        .map_err(|e| failure(&e, true))?;
    render::findings_to_stderr(&findings);
    render::note(&format!("order {} updated", args.order_id));
    Ok(())
}

/// `markcert dcv check`: one check, one line per domain.
pub fn check_dcv(args: DcvCheckArgs) -> Result<(), Failure> {
    let client = client(&args.service)?;
    let check = crate::runtime()?
        .block_on(client.check_dcv(args.order_id))
        .map_err(|e| failure(&e, true))?;
    let mut out = format!(
        "order {}: domain control {}\n",
        args.order_id,
        shown(check.dcv_status.as_deref().unwrap_or("not reported"))
    );
    let mut waiting = check.dcv_status.as_deref().is_some_and(|s| !is_done(s));
    for domain in &check.dns_name_validations {
        let status = domain.status.as_deref().unwrap_or("unknown");
        waiting |= !is_done(status);
        out.push_str(&format!(
            "{}: {}\n",
            shown(domain.dns_name.as_deref().unwrap_or("a domain")),
            shown(status)
        ));
    }
    render::stdout_raw(out.as_bytes())?;
    if waiting {
        render::note(
            "some domains still wait: publish the value CertCentral shows for them (or have a \
             domain contact approve DigiCert's mail), then check again",
        );
        return Err(Failure::Printed(3));
    }
    Ok(())
}

pub fn cancel(args: CancelArgs) -> Result<(), Failure> {
    if args.note.trim().is_empty() {
        return Err(Failure::Usage(
            "--note needs a few words saying why the order is canceled; DigiCert requires one"
                .to_owned(),
        ));
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !args.yes && !interactive {
        return Err(Failure::Usage(format!(
            "not canceling order {} without a confirmation: standard input is not a terminal; \
             add --yes to cancel it",
            args.order_id
        )));
    }
    let client = client(&args.service)?;
    let runtime = crate::runtime()?;
    if !args.yes {
        let order = runtime
            .block_on(client.order_info(args.order_id))
            .map_err(|e| failure(&e, false))?;
        let name = order
            .certificate
            .as_ref()
            .and_then(|c| c.common_name.clone())
            .map(|n| format!(" for {}", shown(&n)))
            .unwrap_or_default();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "Cancel order {}{name} (now {})? This cannot be undone. Type the order id to \
             confirm: ",
            order.id,
            shown(order.status.as_str())
        );
        let _ = err.flush();
        drop(err);
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Failure::Io(format!("cannot read the confirmation: {e}")))?;
        if answer.trim() != args.order_id.to_string() {
            render::note(&format!("order {} was not canceled", args.order_id));
            return Err(Failure::Printed(1));
        }
    }
    runtime
        .block_on(client.cancel_order(args.order_id, &args.note))
        .map_err(|e| failure(&e, true))?;
    render::note(&format!("order {} canceled", args.order_id));
    Ok(())
}
