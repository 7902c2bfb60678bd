//! `markcert bimi record`.

use digicert_mark_certs::bimi::BimiRecord;
use digicert_mark_certs::output::BimiRecordOutput;

use crate::args::{BimiCommand, BimiRecordArgs};
use crate::lifecycle::{client, failure};
use crate::{Failure, render};

pub fn run(command: BimiCommand) -> Result<(), Failure> {
    match command {
        BimiCommand::Record(args) => record(args),
    }
}

fn record(args: BimiRecordArgs) -> Result<(), Failure> {
    let made = match (&args.order, &args.logo_url, &args.cert_url) {
        (Some(order_id), None, None) => {
            let client = client(&args.service)?;
            let order = crate::runtime()?
                .block_on(client.order_info(*order_id))
                .map_err(|e| failure(&e, false))?;
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
            return Err(Failure::Printed(1));
        }
    };
    render::findings_to_stderr(&record.findings);
    if args.json {
        return render::json(&BimiRecordOutput::from(&record));
    }
    render::stdout(
        format!(
            "name:  {}\ntype:  TXT\nvalue: {}\nzone:  {}\n",
            record.name(),
            record.value(),
            record.zone_line()
        )
        .as_bytes(),
    )
}
