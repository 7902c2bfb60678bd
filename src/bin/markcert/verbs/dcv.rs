//! `markcert dcv check`: ask DigiCert to check domain control now.

use digicert_mark_certs::output::is_done;

use crate::args::{DcvCheckArgs, DcvCommand};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render::{self, shown};

pub fn run(ctx: &Context, command: DcvCommand) -> Result<(), Failure> {
    match command {
        DcvCommand::Check(args) => check(ctx, args),
    }
}

/// `markcert dcv check`: one check, one line per domain.
fn check(ctx: &Context, args: DcvCheckArgs) -> Result<(), Failure> {
    let client = ctx.client(&args.service)?;
    let check = ctx
        .block_on(client.check_dcv(args.order_id))?
        .map_err(|e| failures::request(&e, Meant::Change))?;
    if check.dcv_status.is_none() && check.dns_name_validations.is_empty() {
        render::note(&format!(
            "DigiCert's answer reports nothing about domain control of order {}: whether the \
             domains are validated is unknown; see `markcert status {}`",
            args.order_id, args.order_id
        ));
        return Err(Failure::Printed(Exit::Unknown));
    }
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
    render::stdout(&out)?;
    if waiting {
        render::note(
            "some domains still wait: publish the value CertCentral shows for them (or have a \
             domain contact approve DigiCert's mail), then check again",
        );
        return Err(Failure::Printed(Exit::Unknown));
    }
    Ok(())
}
