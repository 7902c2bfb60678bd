//! Builds a CMC order for a new organization, validates it, and prints the body. With
//! `DIGICERT_API_KEY` set and `--send` given, it places the order (a paid request), and shows
//! how an unknown outcome is reported.
//!
//! ```sh
//! cargo run --example order_cmc
//! ```

use digicert_mark_certs::MarkClient;
use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    NewContact, NewOrganization, OrderExt, Payment, cmc_order, new_organization, new_person,
    validate_cmc,
};
use digicert_mark_certs::types::ContactType;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let organization = new_organization(NewOrganization {
        name: "Example Brands".into(),
        address: "1 Example Street".into(),
        city: "Lehi".into(),
        state: Some("Utah".into()),
        zip: Some("84043".into()),
        country: "us".into(),
        telephone: "+1 801-555-0100".into(),
    })?;
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
    let logo = Logo::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg"))?;
    let order = cmc_order(["example.com"], organization, 1)?
        .with_contact(verified)
        .with_logo(&logo)
        .with_payment(Payment::Profile)
        .with_alternative_order_id("examplecmc2026")?;

    let report = validate_cmc(&order);
    if !report.is_valid() {
        for finding in &report.findings {
            eprintln!("{finding}");
        }
        return Err("the order is invalid".into());
    }
    println!("{}", serde_json::to_string_pretty(&order)?);

    if std::env::args().any(|a| a == "--send") {
        let client = MarkClient::from_env()?;
        match client.order_cmc(order).await {
            Ok(placed) => println!("placed order {}", placed.order.id),
            Err(e) if e.is_outcome_unknown() => {
                eprintln!("{e}");
                eprintln!(
                    "look up {} before ordering again",
                    e.alternative_order_id().unwrap_or("?")
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
