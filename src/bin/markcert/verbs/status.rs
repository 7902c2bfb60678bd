//! `markcert status`: where an order stands, what it waits for and on whom.

use digicert_mark_certs::OrderRef;
use digicert_mark_certs::output::{StatusOutput, is_done};

use crate::args::{OrderSelector, StatusArgs};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render::{self, shown};

/// The order the selector names.
pub fn reference(selector: &OrderSelector) -> Result<OrderRef, Failure> {
    match (&selector.order_id, &selector.alternative_id) {
        (Some(id), None) => Ok(OrderRef::Id(*id)),
        (None, Some(alternative)) => Ok(OrderRef::alternative(alternative.clone())),
        _ => Err(Failure::Usage(
            "give an ORDER_ID or --alternative-order-id, not both".to_owned(),
        )),
    }
}

pub fn run(ctx: &Context, args: StatusArgs) -> Result<(), Failure> {
    let client = ctx.client(&args.service)?;
    let reference = reference(&args.order)?;
    let (output, unread) = ctx.block_on(async {
        let id = client
            .resolve_order(&reference)
            .await
            .map_err(|e| failures::request(&e, Meant::Read))?;
        let order = client
            .order_info(id)
            .await
            .map_err(|e| failures::request(&e, Meant::Read))?;
        let validation = if order.status.is_final() {
            Err("the order has ended".to_owned())
        } else {
            client
                .validation_status(id)
                .await
                .map_err(|e| e.to_string())
        };
        // The details of a few pending requests say who asked for them; the list is the
        // server's, so it is not read whole.
        let (requests, unread) = client.pending_approval_requests(&order).await;
        Ok::<_, Failure>((
            StatusOutput::new(&order, validation.as_ref().map_err(Clone::clone), &requests),
            unread,
        ))
    })??;
    if unread > 0 {
        render::note(&format!(
            "{unread} more pending approval request(s) not read in detail; CertCentral lists them"
        ));
    }
    if args.json {
        render::json(&output)?;
    } else {
        render::stdout(&status_text(&output))?;
    }
    match &output.status {
        status if status.is_issued() => Ok(()),
        status if status.is_final() => Err(Failure::Printed(Exit::Refused)),
        _ => Err(Failure::Printed(Exit::Unknown)),
    }
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
    // What is pending is said once, under "waiting on"; below are the steps already done.
    for request in output
        .requests
        .iter()
        .filter(|r| r.status.as_deref() != Some("pending"))
    {
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
    for v in output
        .organization_validations
        .iter()
        .filter(|v| is_done(&v.status))
    {
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
    for c in output
        .verified_contacts
        .iter()
        .filter(|c| is_done(&c.status))
    {
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
    for d in output
        .domain_validations
        .iter()
        .filter(|d| is_done(&d.status))
    {
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
    if let Some(line) = output.expiry.as_ref().and_then(super::orders::expiry_line) {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&next_step(output));
    out
}

/// The command to run next, as the last line.
fn next_step(output: &StatusOutput) -> String {
    let id = output.order_id;
    if output.status.is_issued() {
        let domain = output
            .domains
            .first()
            .map_or_else(|| "DOMAIN".to_owned(), |d| shown(d));
        return format!(
            "next: `markcert cert download {id} -o chain.pem`, then `markcert bimi record \
             --domain {domain} --order {id}`\n"
        );
    }
    if output.status.is_final() {
        return "next: nothing: no certificate will come from this order; a new one needs a \
                new order\n"
            .to_owned();
    }
    let dns_token = output
        .domain_validations
        .iter()
        .any(|d| !is_done(&d.status) && d.method.as_deref().is_some_and(|m| m.starts_with("dns-")));
    if dns_token {
        format!(
            "next: publish the DNS token of each pending domain, then `markcert dcv check {id}`; \
             `markcert watch {id}` waits for issuance\n"
        )
    } else {
        format!("next: `markcert watch {id}` waits for issuance and says when each step changes\n")
    }
}
