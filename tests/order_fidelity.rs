//! What DigiCert's own pages accept is accepted; what would silently cost money is refused.
//! One test per decision, each with the forms on both sides of the line.

mod common;

use digicert_mark_certs::findings::{Report, Severity};
use digicert_mark_certs::order::{
    MarkOrder, OrderExt, OrderKind, PreparedOrder, existing_organization, validate_json,
};
use digicert_mark_certs::types;
use serde_json::{Value, json};

use OrderKind::{Cmc, Vmc};

fn seed() -> Value {
    common::component_example(&common::document(), "CmcSeedRequest")
}

fn minimal() -> Value {
    json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 123456},
        "order_validity": {"years": 1}
    })
}

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    body.pointer_mut(parent).unwrap()[key] = value;
    body
}

#[track_caller]
fn finding(report: &Report, rule: &str, path: &str, severity: Severity) -> String {
    let found = report
        .find(rule, path)
        .unwrap_or_else(|| panic!("{rule} at {path}: {}", report.to_text()));
    assert_eq!(found.severity, severity, "{found}");
    found.message.clone()
}

/// The body exactly as it would be sent.
#[track_caller]
fn sent<O: MarkOrder>(body: &Value) -> Value {
    let prepared =
        PreparedOrder::<O>::from_json(body).unwrap_or_else(|r| panic!("{}", r.to_text()));
    serde_json::from_str(prepared.body_text()).unwrap()
}

// Too strict before: valid orders DigiCert's pages accept.

#[test]
fn digicerts_own_cmc_example_is_accepted_as_written() {
    let report = validate_json(Cmc, &seed());
    assert!(report.is_valid(), "{}", report.to_text());
    assert!(report.errors().next().is_none());
    assert_eq!(
        sent::<types::CmcOrderRequest>(&seed())["vmc"]["enable_hosting"],
        "1"
    );
}

#[test]
fn enable_hosting_takes_every_form_the_pages_use_on_both_endpoints_and_keeps_it() {
    for kind in [Vmc, Cmc] {
        for form in [
            json!(true),
            json!(false),
            json!(1),
            json!(0),
            json!("1"),
            json!("0"),
        ] {
            let body = with(minimal(), "/vmc", json!({"enable_hosting": form.clone()}));
            let report = validate_json(kind, &body);
            assert!(report.is_clean(), "{form}: {}", report.to_text());
            let kept = match kind {
                Vmc => sent::<types::VmcOrderRequest>(&body),
                Cmc => sent::<types::CmcOrderRequest>(&body),
            };
            assert_eq!(kept["vmc"]["enable_hosting"], form, "kept as written");
        }
        for refused in [json!("yes"), json!(2), json!("true"), json!(null)] {
            let body = with(
                minimal(),
                "/vmc",
                json!({"enable_hosting": refused.clone()}),
            );
            let report = validate_json(kind, &body);
            if refused.is_null() {
                // null means "absent": left out, with a warning.
                finding(
                    &report,
                    "treated-as-absent",
                    "vmc.enable_hosting",
                    Severity::Warning,
                );
            } else {
                let message = finding(&report, "type", "vmc.enable_hosting", Severity::Error);
                assert!(
                    message.contains("\"1\""),
                    "the accepted forms are named: {message}"
                );
            }
        }
    }
    // The builders send the one documented form.
    let order =
        types::CmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
            .unwrap()
            .with_hosting(true);
    let prepared = PreparedOrder::new(order).unwrap();
    assert!(prepared.body_text().contains(r#""enable_hosting":true"#));
}

#[test]
fn dcv_method_outside_the_documented_list_is_a_warning_naming_the_known_ones() {
    let report = validate_json(Vmc, &with(minimal(), "/dcv_method", json!("dns-txt-token")));
    assert!(report.is_clean());
    let report = validate_json(
        Vmc,
        &with(minimal(), "/dcv_method", json!("email-advanced")),
    );
    let message = finding(&report, "unknown-value", "dcv_method", Severity::Warning);
    for known in ["email", "dns-txt-token", "dns-cname-token", "http-token"] {
        assert!(message.contains(known), "{message}");
    }
    assert!(report.is_valid());
}

#[test]
fn forms_the_pages_do_not_rule_out_are_sent_with_a_warning() {
    let colons = "3A:7B:D3:E2:36:0A:3D:29:EE:A4:36:FC:FB:7E:44:C7:35:D1:17:C4";
    for (pointer, value, path) in [
        ("/renewed_thumbprint", json!(colons), "renewed_thumbprint"),
        (
            "/alternative_order_id",
            json!("brand-2026_a"),
            "alternative_order_id",
        ),
    ] {
        let report = validate_json(Vmc, &with(minimal(), pointer, value));
        finding(&report, "pattern", path, Severity::Warning);
        assert!(report.is_valid(), "{}", report.to_text());
    }
    // A card number grouped by spaces: a warning that does not quote it.
    let mut registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    registered["credit_card"]["number"] = json!("4111 1111 1111 1111");
    let report = validate_json(Vmc, &registered);
    let message = finding(&report, "pattern", "credit_card.number", Severity::Warning);
    assert!(!message.contains("4111"), "{message}");
    // What is not a thumbprint at all is refused.
    let report = validate_json(Vmc, &with(minimal(), "/renewed_thumbprint", json!("abc")));
    finding(&report, "pattern", "renewed_thumbprint", Severity::Error);
}

#[test]
fn null_or_empty_optional_fields_are_treated_as_absent_with_a_warning() {
    let government = json!({
        "logo": common::component_example(&common::document(), "CmcSeedRequest")["vmc"]["logo"],
        "mark_type": "government_mark",
        "mark_type_data": {"citation": "", "state_province": "Utah"}
    });
    let body = with(
        with(minimal(), "/vmc", government),
        "/comments",
        Value::Null,
    );
    let report = validate_json(Vmc, &body);
    finding(
        &report,
        "treated-as-absent",
        "vmc.mark_type_data.citation",
        Severity::Warning,
    );
    finding(&report, "treated-as-absent", "comments", Severity::Warning);
    // An empty citation is no citation: no country is needed for it.
    assert!(
        report
            .find("citation-needs-country", "vmc.mark_type_data.country_code")
            .is_none()
    );
    assert!(report.is_valid(), "{}", report.to_text());
    let sent = sent::<types::VmcOrderRequest>(&body);
    assert!(sent["vmc"]["mark_type_data"].get("citation").is_none());
    assert!(sent.get("comments").is_none());
}

// Too loose before: orders that silently cost money or would be refused later.

#[test]
fn misspelt_fields_are_refused_naming_the_field_meant() {
    for (pointer, typo, path, meant) in [
        ("", "payment_methd", "payment_methd", "payment_method"),
        (
            "/vmc",
            "enable_hostng",
            "vmc.enable_hostng",
            "enable_hosting",
        ),
        (
            "/organization/contacts/0",
            "emial",
            "organization.contacts[0].emial",
            "email",
        ),
    ] {
        let mut body = seed();
        body.pointer_mut(pointer)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(typo.to_owned(), json!("card"));
        let report = validate_json(Cmc, &body);
        let message = finding(&report, "unknown-field", path, Severity::Error);
        assert!(
            message.contains(&format!("did you mean `{meant}`?")),
            "{message}"
        );
        assert!(PreparedOrder::<types::CmcOrderRequest>::from_json(&body).is_err());
    }
}

#[test]
fn required_strings_may_not_be_empty() {
    let mut registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    registered["credit_card"]["cardholder_name"] = json!("");
    registered["billing_address"]["city"] = json!("");
    let report = validate_json(Vmc, &registered);
    finding(
        &report,
        "length",
        "credit_card.cardholder_name",
        Severity::Error,
    );
    finding(&report, "length", "billing_address.city", Severity::Error);
}

#[test]
fn the_logo_must_be_base64_text() {
    let body = with(minimal(), "/vmc", json!({"logo": "<svg>not encoded</svg>"}));
    let report = validate_json(Cmc, &body);
    finding(&report, "pattern", "vmc.logo", Severity::Error);
    // base64 wrapped over lines, as `base64` writes it, is sent with a warning.
    let encoded = seed()["vmc"]["logo"].as_str().unwrap().to_owned();
    let wrapped = format!("{}\n{}", &encoded[..40], &encoded[40..]);
    let report = validate_json(Cmc, &with(minimal(), "/vmc", json!({"logo": wrapped})));
    finding(&report, "pattern", "vmc.logo", Severity::Warning);
    assert!(report.is_valid(), "{}", report.to_text());
}

#[test]
fn a_billing_country_that_is_not_a_two_letter_code_is_a_warning() {
    let mut registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    registered["billing_address"]["country"] = json!("United States");
    let report = validate_json(Vmc, &registered);
    finding(
        &report,
        "pattern",
        "billing_address.country",
        Severity::Warning,
    );
    assert!(report.is_valid());
}

#[test]
fn the_contact_fields_of_digicerts_example_are_documented_fields() {
    // `name` and `type` on contacts come from the CMC example, not the table.
    let report = validate_json(Cmc, &seed());
    assert!(
        report
            .find("unknown-field", "organization.contacts[2].type")
            .is_none()
    );
    assert!(
        report
            .find("unknown-field", "organization.contacts[1].name")
            .is_none()
    );
}
