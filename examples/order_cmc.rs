//! Builds a CMC order for a new organization, prepares it (validation, alternative order id),
//! and prints the exact body. With `DIGICERT_API_KEY` set and `--send` given, it places the
//! order (a paid request), and shows how an unknown outcome is reported.
//!
//! ```sh
//! cargo run --example order_cmc
//! ```

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    MarkOrder, NewContact, NewOrganization, OrderExt, Payment, PreparedOrder, new_organization,
    new_person,
};
use digicert_mark_certs::types::{self, ContactType};
use digicert_mark_certs::{MarkClient, Placement};

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
    let order = types::CmcOrderRequest::minimal(["example.com"], organization, 1)?
        .with_contact(verified)
        .with_logo(&logo)
        .with_payment(Payment::Profile);

    let prepared = match PreparedOrder::new(order) {
        Ok(prepared) => prepared,
        Err(report) => {
            eprint!("{}", report.to_text());
            return Err("the order is invalid".into());
        }
    };
    for warning in prepared.report().warnings() {
        eprintln!("{warning}");
    }
    println!("{}", prepared.body_text());
    eprintln!(
        "alternative_order_id: {} (keep it: it finds the order again)",
        prepared.alternative_order_id()
    );

    if std::env::args().any(|a| a == "--send") {
        let client = MarkClient::from_env()?;
        match client.place(&prepared).await {
            Ok(Placement::Answered(placed)) => println!("placed order {}", placed.order.id),
            Ok(other) => println!("placed order {} (found by lookup)", other.order_id()),
            Err(e) if e.is_outcome_unknown() => {
                eprintln!("{e}");
                eprintln!(
                    "look up {} before ordering again",
                    prepared.alternative_order_id()
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
