//! Verifies a mark certificate chain before publishing it, and prints the findings and the
//! JSON the CLI's `--json` prints.
//!
//! ```sh
//! cargo run --example verify_chain -- chain.pem [--logo logo.svg] [--domain example.com] \
//!     [--at UNIX_SECONDS]
//! cargo run --example verify_chain -- tests/fixtures/marks/paypal-2024/chain.pem \
//!     --domain paypal.com --at 1735689600
//! ```

use std::time::{Duration, UNIX_EPOCH};

use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut pem_path = None;
    let mut options = VerifyOptions::new();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--logo" => options = options.logo(std::fs::read(value()?)?),
            "--domain" => options = options.domain(value()?),
            "--at" => {
                let seconds: u64 = value()?.parse()?;
                options = options.at(UNIX_EPOCH + Duration::from_secs(seconds));
            }
            _ => pem_path = Some(arg),
        }
    }
    let pem_path =
        pem_path.ok_or("usage: verify_chain CHAIN.pem [--logo SVG] [--domain D] [--at S]")?;
    let verification = verify_chain(&std::fs::read(&pem_path)?, &options);
    print!("{}", verification.report.to_text());
    println!("{}", serde_json::to_string_pretty(&verification)?);
    if verification.is_valid() {
        Ok(())
    } else {
        Err(format!("{pem_path}: the chain would be refused").into())
    }
}
