//! Builds a VMC order for a registered trademark, validates it, and prints the body.
//! With `DIGICERT_API_KEY` set and `--send` given, it places the order (a paid request).
//!
//! ```sh
//! cargo run --example order_vmc
//! DIGICERT_API_KEY=... cargo run --example order_vmc -- --send
//! ```

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    Mark, NewContact, OrderExt, Payment, VmcOrderExt, existing_organization, new_person,
    validate_vmc, vmc_order,
};
use digicert_mark_certs::types::ContactType;
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
    let order = vmc_order(["example.com"], existing_organization(123456)?, 1)?
        .with_logo(&logo)
        .with_mark(Mark::Registered {
            country_code: "us".into(),
            registration_number: "5678901".into(),
        })?
        .with_contact(verified)
        .with_payment(Payment::Balance);

    let report = validate_vmc(&order);
    for finding in &report.findings {
        eprintln!("{finding}");
    }
    if !report.is_valid() {
        return Err("the order is invalid".into());
    }
    println!("{}", serde_json::to_string_pretty(&order)?);

    if std::env::args().any(|a| a == "--send") {
        let client = MarkClient::builder_from_env()?.region(Region::Us).build()?;
        let placed = client.order_vmc(order).await?;
        println!(
            "placed order {} (alternative order id {})",
            placed.order.id, placed.alternative_order_id
        );
    }
    Ok(())
}
