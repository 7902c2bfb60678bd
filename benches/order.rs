//! Validating and serializing a full VMC order that carries a 32 KB logo.
//!
//! `cargo bench --bench order`

mod common;

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    Mark, MarkOrder, NewContact, OrderExt, Payment, PreparedOrder, VmcOrderExt,
    existing_organization, new_person,
};
use digicert_mark_certs::types::{self, ContactType};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

pub fn full_vmc_order() -> types::VmcOrderRequest {
    let logo = Logo::from_svg(common::svg_of_size(32 * 1024)).unwrap();
    let person = NewContact {
        first_name: "Jane".into(),
        last_name: "Doe".into(),
        job_title: "Brand Manager".into(),
        telephone: "+1 801-555-0101".into(),
        email: "jane.doe@example.com".into(),
    };
    types::VmcOrderRequest::minimal(
        ["example.com", "mail.example.com"],
        existing_organization(123456).unwrap(),
        3,
    )
    .unwrap()
    .with_logo(&logo)
    .with_mark(Mark::Registered {
        country_code: "us".into(),
        registration_number: "5678901".into(),
    })
    .unwrap()
    .with_contact(new_person(ContactType::VerifiedContact, person))
    .with_payment(Payment::Profile)
    .with_alternative_order_id("benchmark2026")
    .unwrap()
}

#[divan::bench]
fn prepare_vmc_with_32kb_logo(bencher: Bencher) {
    let order = full_vmc_order();
    bencher.bench(|| {
        let prepared = PreparedOrder::new(black_box(order.clone())).unwrap();
        prepared.bytes().len()
    });
}
