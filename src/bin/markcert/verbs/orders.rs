//! `markcert orders` and `markcert organizations`: the account, read page by page.

use std::io::IsTerminal;
use std::time::SystemTime;

use digicert_mark_certs::output::{OrdersOutput, OrganizationsOutput};
use digicert_mark_certs::{Due, Expiry, OrderQuery};

use crate::args::{OrdersArgs, OrganizationsArgs};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render::{self, shown};

/// The line `status` and `orders` print about an expiry: the end, the days left, what is due.
pub fn expiry_line(expiry: &Expiry) -> Option<String> {
    let ends = expiry.ends.as_ref()?;
    let days = expiry.days_left?;
    let when = if days < 0 {
        format!("ended {ends} ({} days ago)", -days)
    } else {
        format!("ends {ends} ({days} days left)")
    };
    let due = match expiry.due {
        Some(Due::Reissue) => match &expiry.plan_ends {
            Some(plan) => format!("; the plan runs to {plan}: reissue before then"),
            None => "; reissue before then".to_owned(),
        },
        Some(Due::Renewal) => match &expiry.plan_ends {
            Some(plan) => format!("; the plan ends {plan}: renew (a new order)"),
            None => "; renew (a new order): the plan's end is not in the answer".to_owned(),
        },
        None => String::new(),
    };
    Some(format!("certificate {when}{due}"))
}

fn due_word(due: Option<Due>) -> &'static str {
    match due {
        Some(Due::Reissue) => "reissue",
        Some(Due::Renewal) => "renew",
        None => "-",
    }
}

pub fn run(ctx: &Context, args: OrdersArgs) -> Result<(), Failure> {
    let client = ctx.client(&args.service)?;
    let mut query = OrderQuery::marks();
    for status in &args.statuses {
        query = query.status(status.clone());
    }
    for product in &args.products {
        query = query.product(product.clone());
    }
    let expiring = args
        .expiring
        .map(|window| i64::try_from(window.as_secs().div_ceil(86_400)).unwrap_or(i64::MAX));
    let listing = ctx
        .block_on(client.list_orders(&query))?
        .map_err(|e| failures::request(&e, Meant::Read))?;
    let output = OrdersOutput::new(&listing, expiring, SystemTime::now());
    if !output.complete {
        render::note(&format!(
            "warning: the listing stopped after {} pages; more orders may exist than are shown",
            output.pages
        ));
    }
    if args.json || !std::io::stdout().is_terminal() {
        render::json(&output)?;
    } else {
        let mut out = String::new();
        if output.orders.is_empty() {
            out.push_str(&match expiring {
                Some(days) => format!("no mark certificate order ends within {days} days\n"),
                None => "no mark certificate orders\n".to_owned(),
            });
        } else {
            out.push_str("ORDER       STATUS           ENDS        DAYS  DUE      DOMAINS\n");
        }
        for line in &output.orders {
            out.push_str(&format!(
                "{:<11} {:<16} {:<11} {:>5} {:<8} {}\n",
                line.order_id,
                shown(line.status.as_str()),
                line.expiry
                    .ends
                    .as_deref()
                    .map(shown)
                    .unwrap_or_else(|| "-".into()),
                line.expiry
                    .days_left
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                if line.status.is_issued() {
                    due_word(line.expiry.due)
                } else {
                    "-"
                },
                shown(&line.domains.join(" ")),
            ));
        }
        render::stdout(&out)?;
    }
    let Some(days) = expiring else {
        return Ok(());
    };
    if !output.orders.is_empty() {
        for line in &output.orders {
            let verb = match line.expiry.due {
                Some(Due::Reissue) => "reissue",
                _ => "renew",
            };
            render::note(&format!(
                "order {} is due: markcert {verb} {}",
                line.order_id, line.order_id
            ));
        }
        return Err(Failure::Printed(Exit::Refused));
    }
    if !output.complete {
        render::note(&format!(
            "not every order was read: whether one ends within {days} days cannot be told"
        ));
        return Err(Failure::Printed(Exit::Unknown));
    }
    Ok(())
}

pub fn organizations(ctx: &Context, args: OrganizationsArgs) -> Result<(), Failure> {
    let client = ctx.client(&args.service)?;
    let listing = ctx
        .block_on(client.list_organizations())?
        .map_err(|e| failures::request(&e, Meant::Read))?;
    let output = OrganizationsOutput::new(&listing);
    if !output.complete {
        render::note(
            "warning: the listing stopped at its page bound; more organizations may exist",
        );
    }
    if args.json || !std::io::stdout().is_terminal() {
        return render::json(&output);
    }
    let mut out = String::new();
    if output.organizations.is_empty() {
        out.push_str("no organizations\n");
    } else {
        out.push_str("ID          ACTIVE  NAME\n");
    }
    for o in &output.organizations {
        out.push_str(&format!(
            "{:<11} {:<7} {}\n",
            o.id,
            match o.is_active {
                Some(true) => "yes",
                Some(false) => "no",
                None => "-",
            },
            shown(
                o.display_name
                    .as_deref()
                    .or(o.name.as_deref())
                    .unwrap_or("-")
            ),
        ));
    }
    out.push_str("put the id in organization.id of an order file\n");
    render::stdout(&out)
}
