//! `markcert renew`: a new order built from the one it renews, sent the way of
//! `markcert order`.

use digicert_mark_certs::order::{OrderKind, PrepareOptions, RenewalOrder};
use digicert_mark_certs::types::{CmcOrderRequest, VmcOrderRequest};

use crate::args::{Kind, RenewArgs};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render;
use crate::verbs::order::{SendFlags, send_body};

pub fn run(ctx: &Context, args: RenewArgs) -> Result<(), Failure> {
    let logo = match &args.logo {
        Some(path) => {
            let logo = super::logo::read_svg(path)?;
            let report = logo.check();
            Some((logo, report))
        }
        None => None,
    };
    let client = ctx.client(&args.send.service)?;
    let order = ctx
        .block_on(client.order_info(args.order_id))?
        .map_err(|e| failures::request(&e, Meant::Read))?;
    let mut renewal = RenewalOrder::from_order(&order, args.years)
        .map_err(|e| Failure::Refused(format!("cannot renew order {}: {e}", args.order_id)))?;
    match &logo {
        Some((logo, _)) => renewal = renewal.with_logo(logo),
        None if !renewal.has_logo() => {
            render::progress(&format!(
                "order {}'s answer carries no logo; reading it from the order",
                args.order_id
            ));
            let logo = ctx
                .block_on(client.order_logo(args.order_id))?
                .map_err(|e| {
                    render::note("give the logo with --logo FILE.svg");
                    failures::request(&e, Meant::Read)
                })?;
            renewal = renewal.with_logo(&logo);
        }
        None => {}
    }
    let kind = match renewal.kind() {
        OrderKind::Vmc => Kind::Vmc,
        _ => Kind::Cmc,
    };
    render::progress(&format!(
        "renewing order {} as a new {} order",
        args.order_id,
        super::order::kind_name(kind).to_uppercase()
    ));
    let body = renewal.into_body();
    let options = match &logo {
        Some((logo, report)) => PrepareOptions::new().checked_logo(logo, report),
        None => PrepareOptions::new(),
    };
    let flags = SendFlags {
        kind,
        deny_warnings: args.deny_warnings,
        send: &args.send,
    };
    let sent = match kind {
        Kind::Vmc => send_body::<VmcOrderRequest>(ctx, &body, options, &flags),
        Kind::Cmc => send_body::<CmcOrderRequest>(ctx, &body, options, &flags),
    };
    if let Err(Failure::Printed(Exit::Refused)) = &sent {
        render::note(&format!(
            "the renewal is built from order {}'s answer; to change it, print it with \
             --dry-run, edit the body and send it with `markcert order`",
            args.order_id
        ));
    }
    sent
}
