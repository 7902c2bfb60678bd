//! `markcert validate` and `markcert order`.

use std::path::Path;

use digicert_mark_certs::findings::Report;
use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{self, MarkOrder, PrepareOptions, PreparedOrder};
use digicert_mark_certs::output::{CheckOutput, OrderOutput};
use digicert_mark_certs::types::{CmcOrderRequest, VmcOrderRequest};
use digicert_mark_certs::{Error as ClientError, MarkClient, Placement, RetryPolicy};
use serde_json::{Value, json};

use crate::args::{BodyArgs, Kind, OrderArgs, ValidateArgs};
use crate::{Failure, input, logos, render};

/// An order body read from its file, with the logo given by `--logo` placed in it.
struct Body {
    json: Result<Value, Report>,
    logo: Option<(Logo, Report)>,
}

impl Body {
    fn read(args: &BodyArgs) -> Result<Self, Failure> {
        input::stdin_at_most_once(
            [args.file.as_path()]
                .into_iter()
                .chain(args.logo.as_deref()),
        )?;
        let bytes = input::read(&args.file, input::MAX_BODY_BYTES, "an order body")?;
        // Editors on Windows may start a UTF-8 file with a byte order mark, which JSON
        // parsers refuse; it carries nothing, so it is skipped.
        let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        let mut json = serde_json::from_slice::<Value>(text).map_err(|e| order::not_json(&e));
        let logo = match &args.logo {
            Some(path) => {
                let logo = logos::read_svg(path)?;
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

    fn options(&self) -> PrepareOptions<'_> {
        match &self.logo {
            Some((logo, report)) => PrepareOptions::new().checked_logo(logo, report),
            None => PrepareOptions::new(),
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

pub fn validate(args: ValidateArgs) -> Result<(), Failure> {
    let body = Body::read(&args.body)?;
    let report = match &body.json {
        Ok(json) => match args.body.kind {
            Kind::Vmc => prepare::<VmcOrderRequest>(json, body.options()),
            Kind::Cmc => prepare::<CmcOrderRequest>(json, body.options()),
        },
        Err(report) => report.clone(),
    };
    let denied = args.body.deny_warnings && !report.is_clean();
    let output = if args.json {
        let mut document = CheckOutput::from(&report);
        document.valid &= !denied;
        format!(
            "{}\n",
            serde_json::to_string(&document)
                .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?
        )
    } else {
        let mut text = render::findings_text(&report);
        if denied {
            text.push_str("refused: --deny-warnings and the order has warnings\n");
        }
        text
    };
    render::verdict(&output, report.is_valid() && !denied)
}

/// The validation report of a body, as the order command would prepare it.
fn prepare<O: MarkOrder>(json: &Value, options: PrepareOptions) -> Report {
    match PreparedOrder::<O>::from_json_with(json, options) {
        Ok(prepared) => prepared.report().clone(),
        Err(report) => report,
    }
}

pub fn order(args: OrderArgs) -> Result<(), Failure> {
    match args.body.kind {
        Kind::Vmc => order_of::<VmcOrderRequest>(args),
        Kind::Cmc => order_of::<CmcOrderRequest>(args),
    }
}

fn order_of<O: MarkOrder>(args: OrderArgs) -> Result<(), Failure> {
    let body = Body::read(&args.body)?;
    let json = match &body.json {
        Ok(json) => json,
        Err(report) => {
            render::findings_to_stderr(report);
            render::note("invalid: nothing was sent");
            return Err(Failure::Printed(1));
        }
    };
    let mut options = body.options();
    if let Some(id) = &args.alternative_order_id {
        options = options.alternative_order_id(id);
    }
    let prepared = match PreparedOrder::<O>::from_json_with(json, options) {
        Ok(prepared) => prepared,
        Err(report) => {
            render::findings_to_stderr(&report);
            render::note("invalid: nothing was sent");
            return Err(Failure::Printed(1));
        }
    };
    render::findings_to_stderr(prepared.report());
    if args.body.deny_warnings && !prepared.report().is_clean() {
        render::note("refused: --deny-warnings and the order has warnings; nothing was sent");
        return Err(Failure::Printed(1));
    }
    let id = prepared.alternative_order_id();
    if args.dry_run {
        render::stdout_raw(format!("{}\n", prepared.body_text()).as_bytes())?;
        if prepared.id_was_generated() {
            render::note(&format!(
                "alternative_order_id {id} was made for this dry run; to send exactly this \
                 body, add --alternative-order-id {id}"
            ));
        }
        return Ok(());
    }

    let mut policy = RetryPolicy::default()
        .rate_limit_retries(args.service.retries)
        .lookup_window(args.lookup_window);
    if args.lookup_window < MIN_WINDOW_FOR_RESEND {
        // A lookup may lag behind a placed order by seconds: absence over a short window is
        // too thin to pay for a second order on.
        policy = policy.resends(0);
        render::note(&format!(
            "--lookup-window is under {}s: after an unclear answer the order is looked up but \
             never sent again",
            MIN_WINDOW_FOR_RESEND.as_secs()
        ));
    }
    let client = MarkClient::builder_from_env()
        .and_then(|builder| {
            builder
                .base_url(args.service.base_url())
                .timeout(args.service.timeout)
                .retry_policy(policy)
                .build()
        })
        .map_err(|e| Failure::Io(e.to_string()))?;
    render::note(&format!(
        "ordering with alternative_order_id {id}; if this is interrupted, run \
         `markcert status --alternative-id {id}` before ordering again"
    ));
    match crate::runtime()?.block_on(client.place(&prepared)) {
        Ok(placement) => {
            if placement.has_duplicates() {
                render::note(&format!(
                    "warning: several orders carry alternative_order_id {id}; cancel the ones \
                     you do not want"
                ));
            }
            if let Placement::FoundByLookup(found) = &placement {
                render::note(&format!(
                    "the order's answer was lost ({}), but a lookup found the order",
                    found.unclear
                ));
            }
            render::json(&OrderOutput::from(&placement))
        }
        Err(e) => Err(order_failure(
            &e,
            args.lookup_window < MIN_WINDOW_FOR_RESEND,
        )),
    }
}

/// The shortest lookup window after which an order that looks absent is sent once more.
const MIN_WINDOW_FOR_RESEND: std::time::Duration = std::time::Duration::from_secs(30);

/// Prints why an order failed and picks the exit code: 3 when it may have been placed,
/// which includes "not found" over a lookup window too short to be sure (`short_window`).
fn order_failure(e: &ClientError, short_window: bool) -> Failure {
    render::note(&e.to_string());
    if let Some(report) = e.report() {
        render::findings_to_stderr(report);
    }
    let not_placed = matches!(e, ClientError::NotPlaced { .. });
    if let Some(id) = e.alternative_order_id() {
        render::note(&format!(
            "look for the order with `markcert status --alternative-id {id}`; if you order \
             again, add --alternative-order-id {id} so that the same order is sent, never a \
             second one under a new id"
        ));
    }
    if e.is_outcome_unknown() || (not_placed && short_window) {
        if not_placed {
            render::note(
                "the lookups covered less than 30s, and an order can take longer to be found: \
                 its outcome is unknown",
            );
        }
        return Failure::Printed(3);
    }
    match e {
        ClientError::Config(_) => Failure::Printed(2),
        _ => Failure::Printed(1),
    }
}
