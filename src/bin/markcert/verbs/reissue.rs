//! `markcert reissue`: reissue the certificate of an issued order (checked, confirmed, never
//! sent twice on thin evidence), or turn automatic reissue on or off.

use std::io::{BufRead, IsTerminal, Write};

use digicert_mark_certs::output::ReissueOutput;
use digicert_mark_certs::{Reissue, ReissueOutcome};

use crate::args::{ReissueArgs, Switch};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render::{self, shown};

pub fn run(ctx: &Context, args: ReissueArgs) -> Result<(), Failure> {
    let id = args.order_id;
    if let Some(switch) = args.auto_reissue {
        let on = matches!(switch, Switch::On);
        let client = ctx.client(&args.service)?;
        ctx.block_on(client.set_auto_reissue(id, on))?
            .map_err(|e| failures::request(&e, Meant::Change))?;
        render::note(&format!(
            "automatic reissue of order {id} is now {}{}",
            if on { "on" } else { "off" },
            if on {
                ": DigiCert asks for the reissue up to 30 days before the certificate ends"
            } else {
                ""
            }
        ));
        return Ok(());
    }
    let mut builder = Reissue::builder();
    if !args.domains.is_empty() {
        builder = builder.dns_names(args.domains.iter().cloned());
    }
    if let Some(path) = &args.logo {
        builder = builder.logo(&super::logo::read_svg(path)?);
    }
    if let Some(comments) = &args.comments {
        builder = builder.comments(comments.clone());
    }
    if args.skip_approval {
        builder = builder.skip_approval(true);
    }
    let reissue = match builder.build() {
        Ok(reissue) => reissue,
        Err(report) => {
            render::findings_to_stderr(&report);
            render::note("invalid: nothing was sent");
            return Err(Failure::Printed(Exit::Refused));
        }
    };
    render::findings_to_stderr(reissue.report());
    if args.deny_warnings && !reissue.report().is_clean() {
        render::note("refused: --deny-warnings and the reissue has warnings; nothing was sent");
        return Err(Failure::Printed(Exit::Refused));
    }
    if args.dry_run {
        render::stdout_raw(format!("{}\n", reissue.body_text()).as_bytes())?;
        render::note(&format!(
            "dry run: this is the body the reissue of order {id} would send; nothing was sent"
        ));
        return Ok(());
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !args.yes && !interactive {
        return Err(Failure::Usage(format!(
            "not reissuing order {id} without a confirmation: standard input is not a \
             terminal; add --yes to reissue it (or --dry-run to see the body)"
        )));
    }
    let client = ctx.client(&args.service)?;
    if !args.yes {
        let order = ctx
            .block_on(client.order_info(id))?
            .map_err(|e| failures::request(&e, Meant::Read))?;
        let now: Vec<String> = order
            .certificate
            .iter()
            .flat_map(|c| c.dns_names.iter())
            .cloned()
            .collect();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "About to reissue order {id} (now {}), domains {}",
            shown(order.status.as_str()),
            shown(&now.join(", "))
        );
        if let Some(new) = reissue.dns_names() {
            let dropped: Vec<&String> = now
                .iter()
                .filter(|n| !new.iter().any(|m| m.eq_ignore_ascii_case(n)))
                .collect();
            let _ = writeln!(err, "  new domains: {}", shown(&new.join(", ")));
            if !dropped.is_empty() {
                let names: Vec<&str> = dropped.iter().map(|s| s.as_str()).collect();
                let _ = writeln!(
                    err,
                    "  left out, revoked with the earlier certificates: {}",
                    shown(&names.join(", "))
                );
            }
        }
        if args.logo.is_some() {
            let _ = writeln!(err, "  with a new logo");
        }
        let _ = write!(err, "Reissue? Type yes to reissue: ");
        let _ = err.flush();
        drop(err);
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Failure::Io(format!("cannot read the confirmation: {e}")))?;
        if answer.trim() != "yes" {
            render::note("not reissued: nothing was sent");
            return Err(Failure::Printed(Exit::Refused));
        }
    }
    let outcome = ctx
        .block_on(client.reissue(id, &reissue))?
        .map_err(|e| failures::request(&e, Meant::Change))?;
    let exit = match &outcome {
        ReissueOutcome::Requested(_) => {
            render::note(&format!(
                "the reissue of order {id} is requested; follow it with `markcert watch {id}`, \
                 then download the new chain with `markcert cert download {id} -o chain.pem`"
            ));
            Exit::Ok
        }
        ReissueOutcome::Found { unclear, .. } => {
            render::note(&format!(
                "the reissue's answer was unclear ({}), but the order shows the reissue \
                 pending: it was made, and nothing was sent again; follow it with `markcert \
                 watch {id}`",
                shown(unclear)
            ));
            Exit::Ok
        }
        ReissueOutcome::NotSeen { unclear, .. } => {
            render::note(&format!(
                "the reissue's answer was unclear ({}), and the order shows no reissue yet: it \
                 may not have been made, or DigiCert does not show it yet. Nothing was sent \
                 again; run `markcert status {id}` in a few minutes, and reissue again only if \
                 it still shows none",
                shown(unclear)
            ));
            Exit::Unknown
        }
        ReissueOutcome::Unknown { unclear, reason } => {
            render::note(&format!(
                "the reissue's answer was unclear ({}), and whether it was made cannot be told \
                 ({}). Nothing was sent again; run `markcert status {id}` before reissuing",
                shown(unclear),
                shown(reason)
            ));
            Exit::Unknown
        }
        _ => Exit::Unknown,
    };
    if args.json || !std::io::stdout().is_terminal() {
        render::json(&ReissueOutput::new(id, &outcome))?;
    }
    match exit {
        Exit::Ok => Ok(()),
        other => Err(Failure::Printed(other)),
    }
}
