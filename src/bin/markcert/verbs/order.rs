//! `markcert order`: check, confirm and place an order, or print its exact body.

use std::path::Path;

use std::io::{BufRead, IsTerminal, Write};

use digicert_mark_certs::findings::Report;
use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{self, MarkOrder, PrepareOptions, PreparedOrder};
use digicert_mark_certs::output::OrderOutput;
use digicert_mark_certs::redact::mask_card_numbers;
use digicert_mark_certs::types::{CmcOrderRequest, VmcOrderRequest};
use digicert_mark_certs::{Error as ClientError, Placement, RetryPolicy};
use serde_json::{Value, json};

use crate::args::{BodyArgs, Kind, OrderArgs, SendArgs};
use crate::context::{ClientSettings, Context};
use crate::exit::{Exit, Failure};
use crate::render::{self, shown};
use crate::{input, verbs};

/// An order body read from its file, with the logo given by `--logo` placed in it.
pub struct Body {
    pub json: Result<Value, Report>,
    logo: Option<(Logo, Report)>,
}

impl Body {
    pub fn read(args: &BodyArgs) -> Result<Self, Failure> {
        input::stdin_at_most_once(
            [args.file.as_path()]
                .into_iter()
                .chain(args.logo.as_deref()),
        )?;
        let bytes = input::read(&args.file, input::MAX_BODY_BYTES, "an order body")?;
        // Editors on Windows may start a UTF-8 file with a byte order mark, which JSON
        // parsers refuse; it carries nothing, so it is skipped.
        let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        let mut json = serde_json::from_slice::<Value>(text)
            .map_err(|e| not_json(text, &e))
            .and_then(refuse_placeholders);
        let logo = match &args.logo {
            Some(path) => {
                let logo = verbs::logo::read_svg(path)?;
                let report = logo.check();
                if let Ok(body) = &mut json {
                    set_logo(body, logo.encoded(), &args.file)?;
                }
                Some((logo, report))
            }
            None => None,
        };
        Ok(Self { json, logo })
    }

    pub fn options(&self) -> PrepareOptions<'_> {
        match &self.logo {
            Some((logo, report)) => PrepareOptions::new().checked_logo(logo, report),
            None => PrepareOptions::new(),
        }
    }
}

/// Why a body is not JSON, said in terms of what JSON does not allow when the line at fault
/// holds a comment (`//`, `/* */` or `#`), which order files written by hand often do.
fn not_json(text: &[u8], error: &serde_json::Error) -> Report {
    let line = String::from_utf8_lossy(text)
        .lines()
        .nth(error.line().saturating_sub(1))
        .map(str::trim_start)
        .unwrap_or_default()
        .to_owned();
    let comment = ["//", "/*", "#"].iter().find(|c| line.starts_with(**c));
    match comment {
        Some(comment) => {
            let mut report = Report::default();
            report.error(
                "json",
                digicert_mark_certs::findings::Location::none(),
                format!(
                    "line {}: JSON does not allow comments ({comment}...); remove the comment, \
                     or keep the note outside the order file",
                    error.line()
                ),
            );
            report
        }
        None => order::not_json(error),
    }
}

/// Refuses a body that still holds a placeholder of `markcert init` (a text written
/// `<...>`), naming each one, so no order is sent with one left in.
fn refuse_placeholders(body: Value) -> Result<Value, Report> {
    fn walk(value: &Value, path: &str, found: &mut Vec<(String, String)>) {
        match value {
            Value::String(text) if text.starts_with('<') && text.ends_with('>') => {
                found.push((path.to_owned(), text.clone()));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), found);
                }
            }
            Value::Object(fields) => {
                for (name, item) in fields {
                    let at = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    walk(item, &at, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(&body, "", &mut found);
    if found.is_empty() {
        return Ok(body);
    }
    let mut report = Report::default();
    for (path, text) in found {
        report.error(
            "placeholder",
            digicert_mark_certs::findings::Location::path(&path),
            format!(
                "{path} still holds the placeholder {}; replace it",
                shown(&text)
            ),
        );
    }
    Err(report)
}

/// The other kind of order, for "did you mean".
pub fn other_kind(kind: Kind) -> Kind {
    match kind {
        Kind::Vmc => Kind::Cmc,
        Kind::Cmc => Kind::Vmc,
    }
}

/// The name of a kind on the command line.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Vmc => "vmc",
        Kind::Cmc => "cmc",
    }
}

/// Whether a body with errors as `kind` reads without errors as the other kind.
pub fn reads_as_the_other_kind(kind: Kind, json: &Value, options: PrepareOptions) -> bool {
    let valid = |result: Result<(), Report>| result.is_ok();
    match other_kind(kind) {
        Kind::Vmc => {
            valid(PreparedOrder::<VmcOrderRequest>::from_json_with(json, options).map(|_| ()))
        }
        Kind::Cmc => {
            valid(PreparedOrder::<CmcOrderRequest>::from_json_with(json, options).map(|_| ()))
        }
    }
}

/// Places the encoded logo at vmc.logo, refusing to overwrite a different one.
fn set_logo(body: &mut Value, encoded: &str, file: &Path) -> Result<(), Failure> {
    let Some(object) = body.as_object_mut() else {
        return Ok(()); // not an object: the validator reports it
    };
    let vmc = object.entry("vmc").or_insert_with(|| json!({}));
    let Some(vmc) = vmc.as_object_mut() else {
        return Ok(());
    };
    match vmc.get("logo").and_then(Value::as_str) {
        Some(existing) if existing != encoded => Err(Failure::Usage(format!(
            "{} already has a different vmc.logo; remove it from the file or leave out --logo",
            input::shown(file)
        ))),
        _ => {
            vmc.insert("logo".to_owned(), Value::String(encoded.to_owned()));
            Ok(())
        }
    }
}

pub fn run(ctx: &Context, args: OrderArgs) -> Result<(), Failure> {
    match args.body.kind {
        Kind::Vmc => order_of::<VmcOrderRequest>(ctx, args),
        Kind::Cmc => order_of::<CmcOrderRequest>(ctx, args),
    }
}

fn order_of<O: MarkOrder>(ctx: &Context, args: OrderArgs) -> Result<(), Failure> {
    let body = Body::read(&args.body)?;
    let json = match &body.json {
        Ok(json) => json,
        Err(report) => {
            render::findings_to_stderr(report);
            render::note("invalid: nothing was sent");
            return Err(Failure::Printed(Exit::Refused));
        }
    };
    let flags = SendFlags {
        kind: args.body.kind,
        deny_warnings: args.body.deny_warnings,
        send: &args.send,
    };
    send_body::<O>(ctx, json, body.options(), &flags)
}

/// How an order body is sent: its kind, whether warnings refuse it, and the options
/// `markcert order` and `markcert renew` share.
pub struct SendFlags<'a> {
    pub kind: Kind,
    pub deny_warnings: bool,
    pub send: &'a SendArgs,
}

/// Validates, confirms and places an order body (or prints it for a dry run): the one path
/// every paid order takes.
pub fn send_body<O: MarkOrder>(
    ctx: &Context,
    json: &Value,
    checked: PrepareOptions<'_>,
    args: &SendFlags<'_>,
) -> Result<(), Failure> {
    let mut options = checked;
    if let Some(id) = &args.send.alternative_order_id {
        options = options.alternative_order_id(id);
    }
    let prepared = match PreparedOrder::<O>::from_json_with(json, options) {
        Ok(prepared) => prepared,
        Err(report) => {
            render::findings_to_stderr(&report);
            let kind = args.kind;
            if reads_as_the_other_kind(kind, json, checked) {
                render::note(&format!(
                    "this body reads as a {} order: did you mean `markcert order {} ...`?",
                    kind_name(other_kind(kind)).to_uppercase(),
                    kind_name(other_kind(kind))
                ));
            }
            render::note("invalid: nothing was sent");
            return Err(Failure::Printed(Exit::Refused));
        }
    };
    render::findings_to_stderr(prepared.report());
    if args.deny_warnings && !prepared.report().is_clean() {
        render::note("refused: --deny-warnings and the order has warnings; nothing was sent");
        return Err(Failure::Printed(Exit::Refused));
    }
    let id = prepared.alternative_order_id();
    if args.send.dry_run {
        render::stdout_raw(format!("{}\n", prepared.body_text()).as_bytes())?;
        readiness_hint(json);
        if prepared.id_was_generated() {
            render::note(&format!(
                "alternative_order_id {id} was made for this dry run; to send exactly this \
                 body, add --alternative-order-id {id}"
            ));
        }
        return Ok(());
    }
    readiness_hint(json);
    confirm(args, &prepared)?;

    let mut policy = RetryPolicy::default()
        .rate_limit_retries(args.send.service.retries)
        .lookup_window(args.send.lookup_window);
    if args.send.lookup_window < MIN_WINDOW_FOR_RESEND {
        // A lookup may lag behind a placed order by seconds: absence over a short window is
        // too thin to pay for a second order on.
        policy = policy.resends(0);
        render::note(&format!(
            "--lookup-window is under {}s: after an unclear answer the order is looked up but \
             never sent again",
            MIN_WINDOW_FOR_RESEND.as_secs()
        ));
    }
    let settings = ClientSettings {
        policy: Some(policy),
        ..ClientSettings::default()
    };
    let client = ctx.client_with(&args.send.service, settings)?;
    if prepared.id_was_generated() {
        render::progress(&format!(
            "ordering with alternative_order_id {id}; if this is interrupted, run \
             `markcert status --alternative-order-id {id}` before ordering again"
        ));
    } else {
        render::progress(&format!(
            "looking up alternative_order_id {id} first: an order placed with it before is \
             reported, not bought again"
        ));
    }
    match ctx.block_on(client.place(&prepared))? {
        Ok(placement) => placed(args, &placement),
        Err(e) => Err(order_failure(
            &e,
            args.send.lookup_window < MIN_WINDOW_FOR_RESEND,
        )),
    }
}

/// Says what was bought: to a person, the order id and the next commands; piped or with
/// `--json`, the JSON result.
fn placed(args: &SendFlags<'_>, placement: &Placement) -> Result<(), Failure> {
    let id = placement.alternative_order_id();
    let order_id = placement.order_id();
    if placement.has_duplicates() {
        render::note(&format!(
            "warning: several orders carry alternative_order_id {id}; cancel the ones you do \
             not want"
        ));
    }
    if let Placement::FoundByLookup(found) = placement {
        if found.posts == 0 {
            render::note(&format!(
                "order {order_id} was placed before with alternative_order_id {id}; nothing \
                 was sent now"
            ));
        } else {
            render::note(&format!(
                "the order's answer was lost ({}), but a lookup found the order",
                found.unclear
            ));
        }
    }
    if args.send.json || !std::io::stdout().is_terminal() {
        return render::json(&OrderOutput::from(placement));
    }
    let how = match placement {
        Placement::FoundByLookup(found) if found.posts == 0 => "was placed before",
        _ => "is placed",
    };
    render::stdout(&format!(
        "order {order_id} {how} (alternative_order_id {id})\n\
         next: markcert status {order_id}    what it waits for, and on whom\n      \
         markcert watch {order_id}     wait until it is issued\n"
    ))
}

/// Points to `markcert bimi ready` for the order's domains: DMARC at enforcement and CAA
/// allowing DigiCert are what a paid order most often stalls on, and the order cannot tell
/// whether they were checked. A progress line, so `-q` leaves it out.
pub fn readiness_hint(json: &Value) {
    let domains: Vec<&str> = json
        .pointer("/certificate/dns_names")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if domains.is_empty() {
        return;
    }
    let shown_names = domains
        .iter()
        .take(3)
        .map(|d| format!("`markcert bimi ready {}`", render::shown(d)))
        .collect::<Vec<_>>()
        .join(", ");
    let more = if domains.len() > 3 {
        format!(" (and the {} other domains)", domains.len() - 3)
    } else {
        String::new()
    };
    render::progress(&format!(
        "before paying, check each domain as DigiCert and mail receivers will (DMARC at \
         enforcement, CAA allowing DigiCert): {shown_names}{more}"
    ));
}

/// Shows what will be bought and asks, on a terminal; `--yes` skips the question; with
/// neither a terminal nor `--yes`, nothing is sent.
fn confirm<O: MarkOrder>(args: &SendFlags<'_>, prepared: &PreparedOrder<O>) -> Result<(), Failure> {
    if args.send.yes {
        return Ok(());
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return Err(Failure::Usage(
            "not ordering without a confirmation: standard input is not a terminal; add --yes \
             to place this paid order (or --dry-run to see its body)"
                .to_owned(),
        ));
    }
    let body: Value = serde_json::from_str(prepared.body_text()).unwrap_or(Value::Null);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "About to buy:");
    for line in summary(args.kind, &body, prepared.alternative_order_id()) {
        let _ = writeln!(err, "  {}", digicert_mark_certs::redact::untrusted(&line));
    }
    let _ = write!(err, "Place this paid order? Type yes to order: ");
    let _ = err.flush();
    drop(err);
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::Io(format!("cannot read the confirmation: {e}")))?;
    if answer.trim() != "yes" {
        render::note("not ordered: nothing was sent");
        return Err(Failure::Printed(Exit::Refused));
    }
    Ok(())
}

/// What the confirmation shows of an order: kind, domains, organization, validity, payment
/// (a card by its last four digits only) and the alternative order id.
fn summary(kind: Kind, body: &Value, id: &str) -> Vec<String> {
    let text = |v: &Value| match v {
        Value::String(s) => shown(s),
        Value::Null => String::new(),
        other => shown(&other.to_string()),
    };
    let mut lines = vec![match kind {
        Kind::Vmc => "a Verified Mark Certificate (VMC)".to_owned(),
        Kind::Cmc => "a Common Mark Certificate (CMC)".to_owned(),
    }];
    let certificate = &body["certificate"];
    let mut domains: Vec<String> = Vec::new();
    if let Some(name) = certificate["common_name"].as_str() {
        domains.push(shown(name));
    }
    for name in certificate["dns_names"].as_array().into_iter().flatten() {
        let name = text(name);
        if !domains.contains(&name) {
            domains.push(name);
        }
    }
    lines.push(format!(
        "domains: {}",
        if domains.is_empty() {
            "none named".to_owned()
        } else {
            domains.join(", ")
        }
    ));
    let organization = &body["organization"];
    lines.push(match (&organization["id"], &organization["name"]) {
        (Value::Null, Value::Null) => "organization: not named".to_owned(),
        (Value::Null, name) => format!("organization: {} (new)", text(name)),
        (id, _) => format!("organization: id {}", text(id)),
    });
    let validity = &body["order_validity"];
    lines.push(
        match (
            &validity["years"],
            &validity["days"],
            &validity["custom_expiration_date"],
        ) {
            (Value::Null, Value::Null, Value::Null) => "validity: not given".to_owned(),
            (years, Value::Null, Value::Null) => format!("validity: {} year(s)", text(years)),
            (_, Value::Null, date) => format!("validity: until {}", text(date)),
            (_, days, _) => format!("validity: {} day(s)", text(days)),
        },
    );
    let method = body["payment_method"].as_str().unwrap_or("balance");
    lines.push(if method == "card" {
        let number = body["credit_card"]["number"].to_string();
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let last = &digits[digits.len().saturating_sub(4)..];
        format!("payment: card ending {last}")
    } else {
        format!("payment: {}", mask_card_numbers(&shown(method)))
    });
    if let Some(renewed) = body.get("renewal_of_order_id").filter(|v| !v.is_null()) {
        lines.push(format!("renews order {}", text(renewed)));
    }
    lines.push(format!("alternative_order_id: {id}"));
    lines
}

/// The shortest lookup window after which an order that looks absent is sent once more.
const MIN_WINDOW_FOR_RESEND: std::time::Duration = std::time::Duration::from_secs(30);

/// Prints why an order failed and picks the exit: unknown when it may have been placed,
/// which includes "not found" over a lookup window too short to be sure (`short_window`).
fn order_failure(e: &ClientError, short_window: bool) -> Failure {
    render::note(&e.to_string());
    if let Some(report) = e.report() {
        render::findings_to_stderr(report);
    }
    let not_placed = matches!(e, ClientError::NotPlaced { .. });
    if let Some(id) = e.alternative_order_id() {
        render::note(&format!(
            "look for the order with `markcert status --alternative-order-id {id}`; to order \
             again, run the same command with --alternative-order-id {id}: the id is looked up \
             first, and an order placed with it is reported, never bought twice"
        ));
    }
    if e.is_outcome_unknown() || (not_placed && short_window) {
        if not_placed {
            render::note(
                "the lookups covered less than 30s, and an order can take longer to be found: \
                 its outcome is unknown",
            );
        }
        return Failure::Printed(Exit::Unknown);
    }
    match e {
        ClientError::Config(_) => Failure::Printed(Exit::Usage),
        _ => Failure::Printed(Exit::Refused),
    }
}
