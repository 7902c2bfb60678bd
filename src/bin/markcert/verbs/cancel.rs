//! `markcert cancel`: cancel a pending order (asks first on a terminal).

use std::io::{BufRead, IsTerminal, Write};

use crate::args::CancelArgs;
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::failures::{self, Meant};
use crate::render::{self, shown};

pub fn run(ctx: &Context, args: CancelArgs) -> Result<(), Failure> {
    if args.note.trim().is_empty() {
        return Err(Failure::Usage(
            "--note needs a few words saying why the order is canceled; DigiCert requires one"
                .to_owned(),
        ));
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !args.yes && !interactive {
        return Err(Failure::Usage(format!(
            "not canceling order {} without a confirmation: standard input is not a terminal; \
             add --yes to cancel it",
            args.order_id
        )));
    }
    let client = ctx.client(&args.service)?;
    if !args.yes {
        let order = ctx
            .block_on(client.order_info(args.order_id))?
            .map_err(|e| failures::request(&e, Meant::Read))?;
        let name = order
            .certificate
            .as_ref()
            .and_then(|c| c.common_name.clone())
            .map(|n| format!(" for {}", shown(&n)))
            .unwrap_or_default();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "Cancel order {}{name} (now {})? This cannot be undone. Type the order id to \
             confirm: ",
            order.id,
            shown(order.status.as_str())
        );
        let _ = err.flush();
        drop(err);
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Failure::Io(format!("cannot read the confirmation: {e}")))?;
        if answer.trim() != args.order_id.to_string() {
            render::note(&format!("order {} was not canceled", args.order_id));
            return Err(Failure::Printed(Exit::Refused));
        }
    }
    ctx.block_on(client.cancel_order(args.order_id, &args.note))?
        .map_err(|e| failures::request(&e, Meant::Change))?;
    render::note(&format!("order {} canceled", args.order_id));
    Ok(())
}
