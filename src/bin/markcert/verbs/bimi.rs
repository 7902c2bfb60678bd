//! `markcert bimi record`.

use digicert_mark_certs::bimi::BimiRecord;
use digicert_mark_certs::output::BimiRecordOutput;

use crate::args::{BimiCommand, BimiRecordArgs};
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render;

pub fn run(ctx: &Context, command: BimiCommand) -> Result<(), Failure> {
    match command {
        BimiCommand::Record(args) => record(ctx, args),
        BimiCommand::Check(args) => super::domain::check(ctx, args),
        BimiCommand::Ready(args) => super::domain::ready(ctx, args),
    }
}

fn record(ctx: &Context, args: BimiRecordArgs) -> Result<(), Failure> {
    let made = match (&args.order, &args.logo_url, &args.cert_url) {
        (Some(order_id), None, None) => {
            let client = ctx.client(&args.service)?;
            let order = ctx
                .block_on(client.order_info(*order_id))?
                .map_err(|e| failures::request(&e, Meant::Read))?;
            BimiRecord::from_order(&args.domain, &order)
        }
        (None, Some(logo), Some(cert)) => BimiRecord::new(&args.domain, logo, cert),
        _ => {
            return Err(Failure::Usage(
                "give --order ORDER_ID, or both --logo-url and --cert-url".to_owned(),
            ));
        }
    };
    let record = match made {
        Ok(record) => record,
        Err(report) => {
            render::findings_to_stderr(&report);
            render::note("no record: fix the above first");
            return Err(Failure::Printed(Exit::Refused));
        }
    };
    render::findings_to_stderr(&record.findings);
    if record.findings.has("bimi-domain-not-covered") && !args.force {
        render::note(&format!(
            "no record: receivers refuse a certificate that does not name {}; put the domain \
             in the order's dns_names (a reissue), or add --force to print the record anyway",
            record.domain
        ));
        return Err(Failure::Printed(Exit::Refused));
    }
    if args.json {
        return render::json(&BimiRecordOutput::from(&record));
    }
    render::stdout(&format!(
        "name:  {}\ntype:  TXT\nvalue: {}\nzone:  {}\n",
        record.name(),
        record.value(),
        record.zone_line()
    ))
}
