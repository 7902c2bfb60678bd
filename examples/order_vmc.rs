//! Builds a VMC order for a registered trademark, prepares it, and prints the exact body.
//! With `DIGICERT_API_KEY` set and `--send` given, it places the order (a paid request).
//!
//! ```sh
//! cargo run --example order_vmc
//! DIGICERT_API_KEY=... cargo run --example order_vmc -- --send
//! ```

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    Mark, MarkOrder, NewContact, OrderExt, Payment, PreparedOrder, VmcOrderExt,
    existing_organization, new_person,
};
use digicert_mark_certs::types::{self, ContactType};
use digicert_mark_certs::{MarkClient, Region};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let logo = Logo::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg"))?;
    let verified = new_person(
        ContactType::VerifiedContact,
        NewContact {
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            job_title: "Brand Manager".into(),
            telephone: "+1 801-555-0101".into(),
            email: "jane.doe@example.com".into(),
        },
    );
    let order =
        types::VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
            .with_logo(&logo)
            .with_mark(Mark::Registered {
                country_code: "us".into(),
                registration_number: "5678901".into(),
            })?
            .with_contact(verified)
            .with_payment(Payment::Balance);

    let prepared = PreparedOrder::new(order)?;
    for warning in prepared.report().warnings() {
        eprintln!("{warning}");
    }
    println!("{}", prepared.body_text());

    if std::env::args().any(|a| a == "--send") {
        let client = MarkClient::builder_from_env()?.region(Region::Us).build()?;
        eprintln!(
            "ordering with alternative_order_id {}",
            prepared.alternative_order_id()
        );
        let placement = client.place(&prepared).await?;
        println!(
            "placed order {} (alternative order id {})",
            placement.order_id(),
            placement.alternative_order_id()
        );
    }
    Ok(())
}
