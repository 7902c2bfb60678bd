//! What DigiCert's own pages accept is accepted; what would silently cost money is refused.
//! One test per decision, each with the forms on both sides of the line.

mod common;

use digicert_mark_certs::findings::{Report, Severity};
use digicert_mark_certs::order::{
    MarkOrder, OrderExt, OrderKind, PreparedOrder, existing_organization,
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
    let report = common::validate_as(Cmc, &seed());
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
            let report = common::validate_as(kind, &body);
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
            let report = common::validate_as(kind, &body);
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
    let report = common::validate_as(Vmc, &with(minimal(), "/dcv_method", json!("dns-txt-token")));
    assert!(report.is_clean());
    let report = common::validate_as(
        Vmc,
        &with(minimal(), "/dcv_method", json!("email-advanced")),
    );
    let message = finding(&report, "unknown-value", "dcv_method", Severity::Warning);
    for known in ["email", "dns-txt-token", "dns-cname-token", "http-token"] {
        assert!(message.contains(known), "{message}");
    }
    assert!(report.is_valid());
    assert!(!message.contains("did you mean"), "{message}");
}

#[test]
fn a_near_miss_of_an_open_list_gets_a_did_you_mean() {
    for (given, meant) in [
        ("dns_txt_token", "dns-txt-token"),
        ("DNS-CNAME-TOKEN", "dns-cname-token"),
        ("http-tokn", "http-token"),
        ("emial", "email"),
    ] {
        let report = common::validate_as(Vmc, &with(minimal(), "/dcv_method", json!(given)));
        let message = finding(&report, "unknown-value", "dcv_method", Severity::Warning);
        assert!(
            message.contains(&format!("did you mean `{meant}`?")),
            "{given}: {message}"
        );
        // Still sent as written: the list is open.
        assert!(report.is_valid());
    }
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
        let report = common::validate_as(Vmc, &with(minimal(), pointer, value));
        finding(&report, "pattern", path, Severity::Warning);
        assert!(report.is_valid(), "{}", report.to_text());
    }
    // A card number grouped by spaces: a warning that does not quote it.
    let mut registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    registered["credit_card"]["number"] = json!("4111 1111 1111 1111");
    let report = common::validate_as(Vmc, &registered);
    let message = finding(&report, "pattern", "credit_card.number", Severity::Warning);
    assert!(!message.contains("4111"), "{message}");
    // What is not a thumbprint at all is refused.
    let report = common::validate_as(Vmc, &with(minimal(), "/renewed_thumbprint", json!("abc")));
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
    let report = common::validate_as(Vmc, &body);
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
        let report = common::validate_as(Cmc, &body);
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
    let report = common::validate_as(Vmc, &registered);
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
    let report = common::validate_as(Cmc, &body);
    finding(&report, "pattern", "vmc.logo", Severity::Error);
    // base64 wrapped over lines, as `base64` writes it, is sent with a warning.
    let encoded = seed()["vmc"]["logo"].as_str().unwrap().to_owned();
    let wrapped = format!("{}\n{}", &encoded[..40], &encoded[40..]);
    let report = common::validate_as(Cmc, &with(minimal(), "/vmc", json!({"logo": wrapped})));
    finding(&report, "pattern", "vmc.logo", Severity::Warning);
    assert!(report.is_valid(), "{}", report.to_text());
}

#[test]
fn a_billing_country_that_is_not_a_two_letter_code_is_a_warning() {
    let mut registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    registered["billing_address"]["country"] = json!("United States");
    let report = common::validate_as(Vmc, &registered);
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
    let report = common::validate_as(Cmc, &seed());
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

// Second pass. Too strict before: forms the pages allow that were refused.

#[test]
fn empty_dns_names_and_contacts_are_accepted_left_out_and_said() {
    // Both lists are optional (CMC page lines 221 and 300); `certificate: {}` is accepted.
    let body = with(minimal(), "/certificate/dns_names", json!([]));
    let body = with(body, "/organization/contacts", json!([]));
    for kind in [Vmc, Cmc] {
        let report = common::validate_as(kind, &body);
        assert!(report.is_valid(), "{}", report.to_text());
        for (rule, path) in [
            ("empty-list-left-out", "certificate.dns_names"),
            ("empty-list-left-out", "organization.contacts"),
            ("no-dns-names", "certificate.dns_names"),
        ] {
            let message = finding(&report, rule, path, Severity::Warning);
            assert!(
                message.contains(path) || rule == "no-dns-names",
                "{message}"
            );
        }
        assert!(report.find("body-changed", "").is_none());
    }
    let sent = sent::<types::CmcOrderRequest>(&body);
    assert_eq!(
        sent["certificate"],
        json!({}),
        "left out, as the report says"
    );
    assert!(sent["organization"].get("contacts").is_none());
}

#[test]
fn an_order_with_no_domain_is_a_warning_that_the_certificate_names_none() {
    let no_list = with(minimal(), "/certificate", json!({}));
    let report = common::validate_as(Cmc, &no_list);
    let message = finding(
        &report,
        "no-dns-names",
        "certificate.dns_names",
        Severity::Warning,
    );
    assert!(message.contains("none of the mail"), "{message}");
    assert!(report.is_valid() && !report.is_clean());
    // A typed order without domains gets the same warning.
    let order =
        types::CmcOrderRequest::minimal(Vec::<String>::new(), existing_organization(1).unwrap(), 1)
            .unwrap();
    let prepared = PreparedOrder::new(order).unwrap();
    assert!(
        prepared
            .report()
            .find("no-dns-names", "certificate.dns_names")
            .is_some()
    );
    assert!(common::validate_as(Cmc, &minimal()).is_clean());
}

#[test]
fn a_card_beside_balance_or_profile_is_a_warning_that_says_how_to_pay_by_card() {
    let registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    for method in [json!("balance"), json!("profile"), Value::Null] {
        let mut body = registered.clone();
        match &method {
            Value::Null => {
                body.as_object_mut().unwrap().remove("payment_method");
            }
            given => body["payment_method"] = given.clone(),
        }
        let report = common::validate_as(Vmc, &body);
        assert!(report.is_valid(), "{method}: {}", report.to_text());
        for (rule, path) in [
            ("credit-card-without-card", "credit_card"),
            ("billing-address-without-card", "billing_address"),
        ] {
            let message = finding(&report, rule, path, Severity::Warning);
            assert!(message.contains("ignored"), "{message}");
            assert!(message.contains("set payment_method to card"), "{message}");
            assert!(!message.contains("4111"), "{message}");
        }
    }
}

#[test]
fn answers_take_domains_name_as_a_string_or_an_integer() {
    // The response tables type domains[].name as int (CMC line 344, VMC line 748); the
    // examples write a string (CMC line 196).
    for name in [json!("example.com"), json!(3612638)] {
        let answer = json!({
            "id": 144457096,
            "domains": [{"id": 3612638, "name": name.clone(), "dns_name": "example.com"}]
        });
        let typed: types::OrderResponse =
            serde_json::from_value(answer.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            answer,
            "kept as given"
        );
        let read = typed.domains[0].name.as_ref().unwrap();
        assert_eq!(read.as_str(), name.as_str());
    }
    let refused = json!({"id": 1, "domains": [{"name": ["example.com"]}]});
    assert!(serde_json::from_value::<types::OrderResponse>(refused).is_err());
}

// Second pass. Too loose before: what costs money or is outside DigiCert's lists.

#[test]
fn a_repeated_domain_is_a_warning_naming_both_entries() {
    // "Ordering a certificate for multiple domains can result in additional costs" (line 221).
    let body = with(
        minimal(),
        "/certificate/dns_names",
        json!([
            "example.com",
            "mail.example.com",
            "EXAMPLE.com",
            "example.com"
        ]),
    );
    let report = common::validate_as(Vmc, &body);
    assert!(report.is_valid());
    for repeat in [2, 3] {
        let message = finding(
            &report,
            "duplicate-dns-name",
            &format!("certificate.dns_names[{repeat}]"),
            Severity::Warning,
        );
        assert!(message.contains("certificate.dns_names[0]"), "{message}");
        assert!(message.contains("cost"), "{message}");
    }
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule == "duplicate-dns-name")
            .count(),
        2
    );
    let distinct = with(
        minimal(),
        "/certificate/dns_names",
        json!(["example.com", "mail.example.com", "example.org"]),
    );
    assert!(common::validate_as(Vmc, &distinct).is_clean());
}

#[test]
fn a_locale_outside_the_known_codes_is_a_warning_with_the_code_meant() {
    for known in ["en", "de", "ja", "zh_CN", "pt-BR", "en_US"] {
        let report = common::validate_as(Cmc, &with(minimal(), "/locale", json!(known)));
        assert!(report.is_clean(), "{known}: {}", report.to_text());
    }
    for (given, meant) in [
        ("EN", Some("en")),
        ("eng", Some("en")),
        ("en_us", Some("en_US")),
        ("english", None),
        ("xx", None),
    ] {
        let report = common::validate_as(Cmc, &with(minimal(), "/locale", json!(given)));
        assert!(report.is_valid());
        let message = finding(&report, "unknown-locale", "locale", Severity::Warning);
        match meant {
            Some(meant) => assert!(
                message.contains(&format!("did you mean `{meant}`?")),
                "{given}: {message}"
            ),
            // No guess for a two-letter code: every one is an edit away from several.
            None => assert!(
                message.contains("ISO 639-1") && !message.contains("did you mean"),
                "{given}: {message}"
            ),
        }
    }
    // A card number pasted in the wrong field is not repeated, even mistyped (a number that
    // fails the Luhn check escapes the report's own masking).
    for pasted in [
        "4111 1111 1111 1111",
        "4111111111111112",
        "4111 1111 1111 1112",
    ] {
        let report = common::validate_as(Cmc, &with(minimal(), "/locale", json!(pasted)));
        let message = finding(&report, "unknown-locale", "locale", Severity::Warning);
        assert!(!message.contains("4111"), "{message}");
        let names = json!(["example.com", pasted, pasted]);
        let report = common::validate_as(Cmc, &with(minimal(), "/certificate/dns_names", names));
        let message = finding(
            &report,
            "duplicate-dns-name",
            "certificate.dns_names[2]",
            Severity::Warning,
        );
        assert!(!message.contains("4111"), "{message}");
    }
}

#[test]
fn country_codes_outside_iso_3166_and_the_trademark_offices_are_warnings() {
    let mark = |code: &str| {
        with(
            minimal(),
            "/vmc",
            json!({
                "logo": seed()["vmc"]["logo"],
                "mark_type_data": {"country_code": code, "registration_number": "1"}
            }),
        )
    };
    let at = "vmc.mark_type_data.country_code";
    // DigiCert's examples write lower case; the regional offices (EM, WO) are marks' codes.
    for known in ["us", "GB", "au", "EM", "wo"] {
        let report = common::validate_as(Vmc, &mark(known));
        assert!(report.find("unknown-country-code", at).is_none(), "{known}");
    }
    for (given, meant) in [("zz", None), ("uk", Some("gb")), ("EU", Some("EM"))] {
        let report = common::validate_as(Vmc, &mark(given));
        assert!(report.is_valid());
        let message = finding(&report, "unknown-country-code", at, Severity::Warning);
        assert!(message.contains(at), "{message}");
        match meant {
            Some(meant) => assert!(
                message.contains(&format!("did you mean `{meant}`?")),
                "{message}"
            ),
            None => assert!(
                message.contains("ISO 3166-1") && !message.contains("did you mean"),
                "{message}"
            ),
        }
    }
    // The deprecated field takes the same codes.
    let old = with(minimal(), "/vmc", json!({"trademark_country_code": "zz"}));
    finding(
        &common::validate_as(Vmc, &old),
        "unknown-country-code",
        "vmc.trademark_country_code",
        Severity::Warning,
    );
    // An organization is in a country: an office's code is not one.
    let organization = |country: &str| {
        json!({
            "certificate": {"dns_names": ["example.com"]},
            "order_validity": {"years": 1},
            "organization": {
                "name": "Example Brands", "address": "1 Example Street", "city": "Lehi",
                "country": country, "telephone": "+1 801-555-0100"
            }
        })
    };
    assert!(common::validate_as(Vmc, &organization("us")).is_clean());
    let message = finding(
        &common::validate_as(Vmc, &organization("EM")),
        "unknown-country-code",
        "organization.country",
        Severity::Warning,
    );
    assert!(message.contains("trademark office"), "{message}");
    let message = finding(
        &common::validate_as(Vmc, &organization("UK")),
        "unknown-country-code",
        "organization.country",
        Severity::Warning,
    );
    assert!(message.contains("did you mean `GB`?"), "{message}");
    // The billing country, when it is a two-letter code (other text has its own warning).
    let mut registered = common::component_example(&common::document(), "VmcRegisteredMarkRequest");
    registered["billing_address"]["country"] = json!("uk");
    let message = finding(
        &common::validate_as(Vmc, &registered),
        "unknown-country-code",
        "billing_address.country",
        Severity::Warning,
    );
    assert!(message.contains("did you mean `gb`?"), "{message}");
}
