//! Snapshots of every payload the library produces, and of every answer it parses.
//!
//! Request snapshots are the JSON bodies exactly as sent (keys in the generated types'
//! order). Answer snapshots are the parsed values, so a change in how an answer reads shows.

mod common;

use common::standin::{Reply, StandIn};
use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{
    CardPayment, Mark, MarkOrder, NewBillingAddress, NewContact, NewOrganization, OrderExt,
    Payment, PrepareOptions, PreparedOrder, Renewal, VmcOrderExt, billing_address,
    existing_organization, existing_user, new_organization, new_person,
};
use digicert_mark_certs::types::{self, ContactType};
use insta::{assert_debug_snapshot, assert_json_snapshot};
use serde_json::{Value, json};

/// The alternative order id the snapshots are prepared with (otherwise one is made at random).
const PINNED_ID: &str = "snapshot2026";

fn logo() -> Logo {
    Logo::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap()
}

fn minimal_vmc() -> types::VmcOrderRequest {
    types::VmcOrderRequest::minimal(["example.com"], existing_organization(123456).unwrap(), 1)
        .unwrap()
}

fn minimal_cmc() -> types::CmcOrderRequest {
    types::CmcOrderRequest::minimal(["example.com"], existing_organization(123456).unwrap(), 1)
        .unwrap()
}

fn card() -> Payment {
    let address = billing_address(NewBillingAddress {
        address: "2801 N Thanksgiving Way".into(),
        city: "Lehi".into(),
        state: Some("Utah".into()),
        zip: Some("84043".into()),
        country: "us".into(),
        ..Default::default()
    })
    .unwrap();
    let card = CardPayment::new("4111111111111111", 12, 2028, 333, "Jane Doe", address);
    Payment::Card(Box::new(card.unwrap()))
}

/// The body exactly as it is sent, for an order that has no finding at all.
#[track_caller]
fn sent<O: MarkOrder>(order: O) -> Value {
    let options = match order.alternative_order_id() {
        Some(_) => PrepareOptions::new(),
        None => PrepareOptions::new().alternative_order_id(PINNED_ID),
    };
    let prepared = PreparedOrder::with_options(order, options)
        .unwrap_or_else(|report| panic!("{}", report.to_text()));
    assert!(
        prepared.report().is_clean(),
        "{}",
        prepared.report().to_text()
    );
    serde_json::from_str(prepared.body_text()).unwrap()
}

/// The body sent for a body in DigiCert's JSON format, warnings allowed.
#[track_caller]
fn sent_json<O: MarkOrder>(body: &Value) -> (Value, Vec<String>) {
    let options = PrepareOptions::new().alternative_order_id(PINNED_ID);
    let prepared = PreparedOrder::<O>::from_json_with(body, options)
        .unwrap_or_else(|report| panic!("{}", report.to_text()));
    let rules = prepared
        .report()
        .rules()
        .iter()
        .map(|r| r.to_string())
        .collect();
    (serde_json::from_str(prepared.body_text()).unwrap(), rules)
}

// Requests: the seed examples of the document, as they are sent.

#[test]
fn request_cmc_seed_example() {
    let body = common::component_example(&common::document(), "CmcSeedRequest");
    let (sent, rules) = sent_json::<types::CmcOrderRequest>(&body);
    // DigiCert's own logo is not square and has one colour: advice, not errors.
    assert_eq!(rules, ["logo-not-square", "logo-single-colour"]);
    // DigiCert's form of enable_hosting is kept as written.
    assert_eq!(sent["vmc"]["enable_hosting"], json!("1"));
    assert_json_snapshot!(sent);
}

#[test]
fn request_vmc_registered_mark_example() {
    let body = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    let typed: types::VmcOrderRequest = serde_json::from_value(body).unwrap();
    assert_json_snapshot!(sent(typed));
}

#[test]
fn request_vmc_government_mark_example() {
    let body = common::component_example(&common::document(), "VmcGovernmentMarkRequest");
    let typed: types::VmcOrderRequest = serde_json::from_value(body).unwrap();
    assert_json_snapshot!(sent(typed));
}

// Requests built with the helpers.

#[test]
fn request_minimal_vmc() {
    assert_json_snapshot!(sent(minimal_vmc()));
}

#[test]
fn request_minimal_cmc() {
    assert_json_snapshot!(sent(minimal_cmc()));
}

#[test]
fn request_payment_balance() {
    assert_json_snapshot!(sent(minimal_cmc().with_payment(Payment::Balance)));
}

#[test]
fn request_payment_profile() {
    assert_json_snapshot!(sent(minimal_cmc().with_payment(Payment::Profile)));
}

#[test]
fn request_payment_card() {
    let order = minimal_cmc().with_payment(card());
    // The card's secrets stay out of Debug output.
    let debug = format!("{order:?}");
    assert!(
        !debug.contains("4111111111111111") && !debug.contains("333"),
        "{debug}"
    );
    assert_json_snapshot!(sent(order));
}

#[test]
fn request_payment_card_then_balance_drops_the_card() {
    let order = minimal_cmc()
        .with_payment(card())
        .with_payment(Payment::Balance);
    assert_json_snapshot!(sent(order));
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
    assert_json_snapshot!(sent(order));
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
    assert_json_snapshot!(sent(order));
}

#[test]
fn request_renewal_of_order_id() {
    let order = minimal_vmc().renewing(Renewal::OfOrder(144457000)).unwrap();
    assert_json_snapshot!(sent(order));
}

#[test]
fn request_renewal_of_thumbprint() {
    let thumbprint = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c4".to_owned();
    let order = minimal_vmc()
        .renewing(Renewal::OfThumbprint(thumbprint))
        .unwrap();
    assert_json_snapshot!(sent(order));
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
    let order = types::CmcOrderRequest::minimal(["example.com"], organization, 1)
        .unwrap()
        .with_contact(new_person(ContactType::VerifiedContact, person))
        .with_contact(existing_user(ContactType::TechnicalContact, 42).unwrap())
        .with_logo(&logo());
    assert_json_snapshot!(sent(order));
}

#[test]
fn request_existing_organization_with_user_contacts() {
    let order = minimal_cmc()
        .with_contact(existing_user(ContactType::VerifiedContact, 41).unwrap())
        .with_contact(existing_user(ContactType::OrganizationContact, 42).unwrap())
        .with_alternative_order_id("order20261122")
        .unwrap();
    assert_json_snapshot!(sent(order));
}

#[test]
fn request_enable_hosting_is_a_json_boolean() {
    let order = sent(minimal_cmc().with_logo(&logo()).with_hosting(true));
    assert_eq!(order["vmc"]["enable_hosting"], json!(true));
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
            "--alternative-order-id",
            PINNED_ID,
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
    // A given id makes no note; the one line on standard error points to `bimi ready`.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .all(|l| l.starts_with("markcert: before paying, check each domain")),
        "{stderr}"
    );
    let body = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(body);
    // Nothing the file gave is lost or changed: the body is the file (which carries the
    // same logo) plus the alternative order id.
    let mut expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/examples/vmc-order.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(expected["vmc"]["logo"], json!(logo().encoded()));
    expected["alternative_order_id"] = json!(PINNED_ID);
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

// After ordering: the bodies as they reach the wire.

/// The JSON body of the one request `send` makes to a stand-in that answers `answer`.
async fn body_on_the_wire<F, Fut>(answer: Reply, send: F) -> Value
where
    F: FnOnce(digicert_mark_certs::MarkClient) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let answer = std::sync::Mutex::new(Some(answer));
    let server = StandIn::start(move |_, _| {
        answer
            .lock()
            .unwrap()
            .take()
            .unwrap_or(Reply::Json(500, json!({})))
    })
    .await;
    let client = digicert_mark_certs::MarkClient::builder("snapshot-key")
        .base_url(&server.base_url)
        .build()
        .unwrap();
    send(client).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    serde_json::from_slice(&requests[0].body).unwrap()
}

fn no_content() -> Reply {
    Reply::Raw(204, Vec::new(), Vec::new())
}

async fn mark_update_sent(update: Value) -> Value {
    let update: types::MarkUpdate = serde_json::from_value(update).unwrap();
    body_on_the_wire(no_content(), |client| async move {
        let findings = client.update_mark(4400601, &update).await.unwrap();
        assert!(findings.is_clean(), "{}", findings.to_text());
    })
    .await
}

#[tokio::test]
async fn request_lifecycle_mark_update_registered() {
    let doc = common::document();
    let sent = mark_update_sent(common::component_example(&doc, "MarkUpdateRegistered")).await;
    assert_json_snapshot!(sent);
}

#[tokio::test]
async fn request_lifecycle_mark_update_government_with_hosting() {
    let sent = mark_update_sent(json!({
        "enable_hosting": true,
        "mark_type_data": {
            "country_code": "us",
            "state_province": "Utah",
            "locality": "Lehi",
            "citation": "Utah Code 63G-1-501"
        }
    }))
    .await;
    assert_json_snapshot!(sent);
}

#[tokio::test]
async fn request_lifecycle_mark_update_hosting_off() {
    let update = types::MarkUpdate::builder()
        .enable_hosting(Some(types::EnableHosting::from(false)))
        .try_into()
        .unwrap();
    let sent = body_on_the_wire(no_content(), |client| async move {
        client.update_mark(4400601, &update).await.unwrap();
    })
    .await;
    assert_json_snapshot!(sent);
}

#[tokio::test]
async fn request_lifecycle_cancel() {
    let sent = body_on_the_wire(no_content(), |client| async move {
        client
            .cancel_order(4400601, "  Ordered twice by mistake.\n")
            .await
            .unwrap();
    })
    .await;
    assert_json_snapshot!(sent);
}

#[tokio::test]
async fn request_lifecycle_encoded_logo() {
    let answer = Reply::Json(201, json!({"id": 990001, "organization_id": 77001}));
    let sent = body_on_the_wire(answer, |client| async move {
        client.upload_logo(4400601, &logo()).await.unwrap();
    })
    .await;
    assert_eq!(sent["logo"], json!(logo().encoded()));
    assert_json_snapshot!(sent);
}
