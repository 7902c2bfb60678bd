//! `markcert mark update`: the mark details or the hosting of an order.

use digicert_mark_certs::check_mark_update_json;
use digicert_mark_certs::findings::Report;
use digicert_mark_certs::types::{self, EnableHosting};
use serde_json::{Map, Value};

use crate::args::{MarkCommand, MarkUpdateArgs, Switch};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render;

pub fn run(ctx: &Context, command: MarkCommand) -> Result<(), Failure> {
    match command {
        MarkCommand::Update(args) => update(ctx, args),
    }
}

/// The update the options ask for, checked: every finding names its field.
fn mark_update_body(args: &MarkUpdateArgs) -> Result<(types::MarkUpdate, Report), Failure> {
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
        Failure::Printed(Exit::Refused)
    })
}

fn update(ctx: &Context, args: MarkUpdateArgs) -> Result<(), Failure> {
    let (update, findings) = mark_update_body(&args)?;
    if args.dry_run {
        render::findings_to_stderr(&findings);
        return render::json(&update);
    }
    let client = ctx.client(&args.service)?;
    let findings = ctx
        .block_on(client.update_mark(args.order_id, &update))?
        .map_err(|e| failures::request(&e, Meant::Change))?;
    render::findings_to_stderr(&findings);
    render::note(&format!("order {} updated", args.order_id));
    Ok(())
}
