//! `markcert validate`: check an order body against every rule, without sending it.

use digicert_mark_certs::findings::Report;
use digicert_mark_certs::order::{MarkOrder, PrepareOptions, PreparedOrder};
use digicert_mark_certs::output::CheckOutput;
use digicert_mark_certs::types::{CmcOrderRequest, VmcOrderRequest};
use serde_json::Value;

use crate::args::{Kind, ValidateArgs};
use crate::exit::Failure;
use crate::render;
use crate::verbs::order::{self, Body};

pub fn run(args: ValidateArgs) -> Result<(), Failure> {
    let body = Body::read(&args.body)?;
    let report = match &body.json {
        Ok(json) => match args.body.kind {
            Kind::Vmc => prepare::<VmcOrderRequest>(json, body.options()),
            Kind::Cmc => prepare::<CmcOrderRequest>(json, body.options()),
        },
        Err(report) => report.clone(),
    };
    if let Ok(json) = &body.json
        && !report.is_valid()
        && order::reads_as_the_other_kind(args.body.kind, json, body.options())
    {
        let other = order::kind_name(order::other_kind(args.body.kind));
        crate::render::note(&format!(
            "this body reads as a {} order: did you mean `markcert validate {other} ...`?",
            other.to_uppercase()
        ));
    }
    let denied = args.body.deny_warnings && !report.is_clean();
    let output = if args.json {
        let mut document = CheckOutput::from(&report);
        document.valid &= !denied;
        render::json_line(&document)?
    } else {
        let mut text = render::findings_text(&report);
        if denied {
            text.push_str("refused: --deny-warnings and the order has warnings\n");
        }
        text
    };
    if let Ok(json) = &body.json
        && report.is_valid()
        && !args.json
    {
        order::readiness_hint(json);
    }
    render::verdict(&output, report.is_valid() && !denied)
}

/// The validation report of a body, as the order command would prepare it.
fn prepare<O: MarkOrder>(json: &Value, options: PrepareOptions) -> Report {
    match PreparedOrder::<O>::from_json_with(json, options) {
        Ok(prepared) => prepared.report().clone(),
        Err(report) => report,
    }
}
