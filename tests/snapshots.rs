//! Snapshots of every payload the library produces, and of every answer it parses.
//!
//! Request snapshots are the JSON bodies exactly as sent (keys in the generated types'
//! order). Answer snapshots are the parsed values, so a change in how an answer reads shows.

mod common;

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    CardPayment, Mark, NewContact, NewOrganization, OrderExt, Payment, Renewal, VmcOrderExt,
    cmc_order, existing_organization, existing_user, new_organization, new_person, validate_cmc,
    validate_vmc, vmc_order,
};
use digicert_mark_certs::types::{self, ContactType};
use insta::{assert_debug_snapshot, assert_json_snapshot};
use serde_json::{Value, json};

fn logo() -> Logo {
    Logo::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap()
}

fn minimal_vmc() -> types::VmcOrderRequest {
    vmc_order(["example.com"], existing_organization(123456).unwrap(), 1).unwrap()
}

fn minimal_cmc() -> types::CmcOrderRequest {
    cmc_order(["example.com"], existing_organization(123456).unwrap(), 1).unwrap()
}

fn billing_address() -> types::BillingAddress {
    types::BillingAddress {
        address: "2801 N Thanksgiving Way".into(),
        address2: None,
        city: "Lehi".into(),
        state: Some("Utah".into()),
        country: "us".into(),
        zip: Some("84043".into()),
        extra: Default::default(),
    }
}

fn card() -> Payment {
    let card = CardPayment::new(
        "4111111111111111",
        12,
        2028,
        333,
        "Jane Doe",
        billing_address(),
    );
    Payment::Card(Box::new(card.unwrap()))
}

#[track_caller]
fn valid_vmc(order: types::VmcOrderRequest) -> types::VmcOrderRequest {
    let report = validate_vmc(&order);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    order
}

#[track_caller]
fn valid_cmc(order: types::CmcOrderRequest) -> types::CmcOrderRequest {
    let report = validate_cmc(&order);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    order
}

// Requests: the seed examples of the document, as they are sent.

#[test]
fn request_cmc_seed_example() {
    let body = common::component_example(&common::document(), "CmcSeedRequest");
    let typed: types::CmcOrderRequest = serde_json::from_value(body).unwrap();
    assert_json_snapshot!(typed);
}

#[test]
fn request_vmc_registered_mark_example() {
    let body = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    let typed: types::VmcOrderRequest = serde_json::from_value(body).unwrap();
    assert_json_snapshot!(valid_vmc(typed));
}

#[test]
fn request_vmc_government_mark_example() {
    let body = common::component_example(&common::document(), "VmcGovernmentMarkRequest");
    let typed: types::VmcOrderRequest = serde_json::from_value(body).unwrap();
    assert_json_snapshot!(valid_vmc(typed));
}

// Requests built with the helpers.

#[test]
fn request_minimal_vmc() {
    assert_json_snapshot!(valid_vmc(minimal_vmc()));
}

#[test]
fn request_minimal_cmc() {
    assert_json_snapshot!(valid_cmc(minimal_cmc()));
}

#[test]
fn request_payment_balance() {
    assert_json_snapshot!(valid_cmc(minimal_cmc().with_payment(Payment::Balance)));
}

#[test]
fn request_payment_profile() {
    assert_json_snapshot!(valid_cmc(minimal_cmc().with_payment(Payment::Profile)));
}

#[test]
fn request_payment_card() {
    let order = valid_cmc(minimal_cmc().with_payment(card()));
    assert_json_snapshot!(order);
    // The card's secrets stay out of Debug output.
    let debug = format!("{order:?}");
    assert!(
        !debug.contains("4111111111111111") && !debug.contains("333"),
        "{debug}"
    );
}

#[test]
fn request_payment_card_then_balance_drops_the_card() {
    let order = minimal_cmc()
        .with_payment(card())
        .with_payment(Payment::Balance);
    assert_json_snapshot!(valid_cmc(order));
}

#[test]
fn request_mark_registered() {
    let order = minimal_vmc()
        .with_logo(&logo())
        .with_mark(Mark::Registered {
            country_code: "us".into(),
            registration_number: "5678901".into(),
        })
        .unwrap();
    assert_json_snapshot!(valid_vmc(order));
}

#[test]
fn request_mark_government() {
    let order = minimal_vmc()
        .with_logo(&logo())
        .with_mark(Mark::Government {
            country_code: "us".into(),
            state_province: Some("Utah".into()),
            locality: Some("Lehi".into()),
            citation: Some("Utah Code 63G-1-501".into()),
        })
        .unwrap();
    assert_json_snapshot!(valid_vmc(order));
}

#[test]
fn request_renewal_of_order_id() {
    let order = minimal_vmc().renewing(Renewal::OfOrder(144457000)).unwrap();
    assert_json_snapshot!(valid_vmc(order));
}

#[test]
fn request_renewal_of_thumbprint() {
    let thumbprint = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c4".to_owned();
    let order = minimal_vmc()
        .renewing(Renewal::OfThumbprint(thumbprint))
        .unwrap();
    assert_json_snapshot!(valid_vmc(order));
}

#[test]
fn request_new_organization_with_contacts() {
    let organization = new_organization(NewOrganization {
        name: "Example Brands".into(),
        address: "1 Example Street".into(),
        city: "Lehi".into(),
        state: Some("Utah".into()),
        zip: Some("84043".into()),
        country: "us".into(),
        telephone: "+1 801-555-0100".into(),
    })
    .unwrap();
    let person = NewContact {
        first_name: "Jane".into(),
        last_name: "Doe".into(),
        job_title: "Brand Manager".into(),
        telephone: "+1 801-555-0101".into(),
        email: "jane.doe@example.com".into(),
    };
    let order = cmc_order(["example.com"], organization, 1)
        .unwrap()
        .with_contact(new_person(ContactType::VerifiedContact, person))
        .with_contact(existing_user(ContactType::TechnicalContact, 42).unwrap())
        .with_logo(&logo());
    assert_json_snapshot!(valid_cmc(order));
}

#[test]
fn request_existing_organization_with_user_contacts() {
    let order = minimal_cmc()
        .with_contact(existing_user(ContactType::VerifiedContact, 41).unwrap())
        .with_contact(existing_user(ContactType::OrganizationContact, 42).unwrap())
        .with_alternative_order_id("order20261122")
        .unwrap();
    assert_json_snapshot!(valid_cmc(order));
}

#[test]
fn request_enable_hosting_is_a_json_boolean() {
    let order = valid_cmc(minimal_cmc().with_logo(&logo()).with_hosting(true));
    assert_eq!(
        serde_json::to_value(&order).unwrap()["vmc"]["enable_hosting"],
        json!(true)
    );
    assert_json_snapshot!(order);
}

// The CLI's dry run prints the body the client would send.

#[cfg(feature = "cli")]
#[test]
fn cli_dry_run_of_the_bundled_vmc_order() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_markcert"))
        .current_dir(root)
        .args([
            "order",
            "vmc",
            "examples/vmc-order.json",
            "--logo",
            "examples/logo.svg",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(body);
    // Nothing the file gave is lost or changed: the body is the file plus the logo.
    let mut expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/examples/vmc-order.json")).unwrap(),
    )
    .unwrap();
    expected["vmc"]["logo"] = json!(logo().encoded());
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), expected);
}

// Answers, as parsed.

fn parse(value: Value) -> types::OrderResponse {
    serde_json::from_value(value).unwrap()
}

#[test]
fn answer_seed_examples() {
    let doc = common::document();
    for name in [
        "OrderPending",
        "OrderSubmitted",
        "OrderApproved",
        "OrderExistingLogo",
    ] {
        let parsed = parse(common::component_example(&doc, name));
        assert_debug_snapshot!(format!("answer_{name}"), parsed);
    }
}

#[test]
fn answer_unknown_request_status() {
    assert_debug_snapshot!(parse(
        json!({"id": 1, "requests": [{"id": 2, "status": "awaiting_documents"}]})
    ));
}

#[test]
fn answer_unknown_extra_fields() {
    assert_debug_snapshot!(parse(json!({
        "id": 1,
        "requests": [{"id": 2, "status": "pending", "approver": {"id": 9}}],
        "domains": [{"id": 3, "name": "example.com", "dns_name": "example.com", "validation_level": "ov"}],
        "hosted_logo_location": "https://example.com/logo.svg"
    })));
}

#[test]
fn answer_missing_optional_fields() {
    assert_debug_snapshot!(parse(json!({"id": 144457099})));
}
