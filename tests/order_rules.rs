//! Each order rule of the seed pages, one test per rule, with a passing and a failing case and
//! the exact path of the finding.

mod common;

use digicert_mark_certs::findings::{Report, Severity};
use digicert_mark_certs::order::OrderKind;
use serde_json::{Value, json};

fn cmc_seed() -> Value {
    common::component_example(&common::document(), "CmcSeedRequest")
}

fn vmc_registered() -> Value {
    common::component_example(&common::document(), "VmcRegisteredMarkRequest")
}

fn vmc_government() -> Value {
    common::component_example(&common::document(), "VmcGovernmentMarkRequest")
}

/// A valid, minimal body: existing organization, balance payment.
fn minimal() -> Value {
    json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 123456},
        "order_validity": {"years": 1}
    })
}

fn check(kind: OrderKind, body: &Value) -> Report {
    common::validate_as(kind, body)
}

#[track_caller]
fn assert_clean(kind: OrderKind, body: &Value) {
    let report = check(kind, body);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[track_caller]
fn assert_finding(kind: OrderKind, body: &Value, rule: &str, path: &str, severity: Severity) {
    let report = check(kind, body);
    let found = report
        .find(rule, path)
        .unwrap_or_else(|| panic!("expected {rule} at {path}, got {:#?}", report.findings));
    assert_eq!(found.severity, severity, "{found}");
    assert!(
        found.message.len() > 20,
        "a message that says how to fix it: {found}"
    );
}

fn set(mut body: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    body.pointer_mut(parent).unwrap()[key] = value;
    body
}

fn remove(mut body: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match body.pointer_mut(parent).unwrap() {
        Value::Array(items) => {
            items.remove(key.parse::<usize>().unwrap());
        }
        Value::Object(fields) => {
            fields.remove(key);
        }
        other => panic!("cannot remove {key} from {other}"),
    }
    body
}

use OrderKind::{Cmc, Vmc};
use Severity::{Error, Warning};

#[test]
fn the_examples_of_the_document_validate_clean() {
    // DigiCert's own logo is valid but neither square nor two-coloured: warnings only.
    let seed = check(Cmc, &cmc_seed());
    let warnings: Vec<_> = seed
        .findings
        .iter()
        .map(|f| (f.severity, f.rule.as_ref(), f.path()))
        .collect();
    assert_eq!(
        warnings,
        [
            (Warning, "logo-not-square", "vmc.logo"),
            (Warning, "logo-single-colour", "vmc.logo")
        ]
    );
    assert_clean(Cmc, &minimal());
    assert_clean(Vmc, &minimal());
    // The registered-mark example pays by card and sends a VAT number: clean.
    assert_clean(Vmc, &vmc_registered());
    assert_clean(Vmc, &vmc_government());
}

// Rule 1: ranges, lengths, patterns and enumerations of the document.

#[test]
fn range_order_validity_years_is_1_to_3() {
    assert_clean(Vmc, &set(minimal(), "/order_validity/years", json!(3)));
    assert_finding(
        Vmc,
        &set(minimal(), "/order_validity/years", json!(4)),
        "range",
        "order_validity.years",
        Error,
    );
    assert_finding(
        Vmc,
        &set(minimal(), "/order_validity/years", json!(0)),
        "range",
        "order_validity.years",
        Error,
    );
}

#[test]
fn range_expiration_month_is_1_to_12() {
    let body = set(vmc_registered(), "/credit_card/expiration_month", json!(13));
    assert_finding(Vmc, &body, "range", "credit_card.expiration_month", Error);
}

#[test]
fn range_expiration_year_has_four_digits() {
    let body = set(vmc_registered(), "/credit_card/expiration_year", json!(28));
    assert_finding(Vmc, &body, "range", "credit_card.expiration_year", Error);
}

#[test]
fn range_cvv_has_three_or_four_digits_and_is_never_echoed() {
    let body = set(vmc_registered(), "/credit_card/cvv", json!(12345));
    assert_finding(Vmc, &body, "range", "credit_card.cvv", Error);
    let report = check(Vmc, &body);
    let text = format!("{report:?}");
    assert!(!text.contains("12345"), "the CVV is not repeated: {text}");
    let short = set(vmc_registered(), "/credit_card/cvv", json!(12));
    let finding = check(Vmc, &short)
        .find("range", "credit_card.cvv")
        .cloned()
        .unwrap();
    assert!(finding.message.contains("starts with 0"), "{finding}");
}

#[test]
fn pattern_card_number_is_never_echoed() {
    let body = set(
        vmc_registered(),
        "/credit_card/number",
        json!(4111111111111111u64),
    );
    assert_finding(Vmc, &body, "type", "credit_card.number", Error);
    assert!(!format!("{:?}", check(Vmc, &body)).contains("4111111111111111"));
}

#[test]
fn enum_auto_renew_is_0_or_1() {
    assert_clean(Vmc, &set(minimal(), "/auto_renew", json!(1)));
    assert_finding(
        Vmc,
        &set(minimal(), "/auto_renew", json!(2)),
        "enum",
        "auto_renew",
        Error,
    );
}

#[test]
fn enum_payment_method_and_mark_type() {
    assert_finding(
        Cmc,
        &set(minimal(), "/payment_method", json!("invoice")),
        "enum",
        "payment_method",
        Error,
    );
    let body = set(vmc_registered(), "/vmc/mark_type", json!("trade_mark"));
    assert_finding(Vmc, &body, "enum", "vmc.mark_type", Error);
}

#[test]
fn pattern_alternative_order_id_is_alphanumeric_up_to_64() {
    assert_clean(
        Cmc,
        &set(minimal(), "/alternative_order_id", json!("abc123")),
    );
    // DigiCert says "alphanumeric": `-` and `_` are sent, with a warning.
    assert_finding(
        Cmc,
        &set(minimal(), "/alternative_order_id", json!("abc-123_x")),
        "pattern",
        "alternative_order_id",
        Warning,
    );
    // Anything else could not travel in the lookup's path: refused.
    for bad in ["abc 123", "abc/123", "ab?c", "é"] {
        assert_finding(
            Cmc,
            &set(minimal(), "/alternative_order_id", json!(bad)),
            "pattern",
            "alternative_order_id",
            Error,
        );
    }
    assert_finding(
        Cmc,
        &set(minimal(), "/alternative_order_id", json!("a".repeat(65))),
        "length",
        "alternative_order_id",
        Error,
    );
}

#[test]
fn pattern_country_codes_are_two_letters() {
    let body = set(
        vmc_registered(),
        "/vmc/mark_type_data/country_code",
        json!("usa"),
    );
    assert_finding(
        Vmc,
        &body,
        "pattern",
        "vmc.mark_type_data.country_code",
        Error,
    );
    assert_clean(
        Vmc,
        &set(
            vmc_registered(),
            "/vmc/mark_type_data/country_code",
            json!("US"),
        ),
    );
}

#[test]
fn type_errors_and_missing_fields_are_reported_at_their_path_all_at_once() {
    let body = json!({
        "certificate": {"dns_names": "example.com"},
        "organization": {"id": "123456"},
        "vmc": {"enable_hosting": "yes"}
    });
    let report = check(Cmc, &body);
    for (rule, path) in [
        ("type", "certificate.dns_names"),
        ("type", "organization.id"),
        ("type", "vmc.enable_hosting"),
        ("required", "order_validity"),
    ] {
        assert!(
            report.find(rule, path).is_some(),
            "{rule} at {path}: {:#?}",
            report.findings
        );
    }
}

#[test]
fn unknown_field_is_an_error_naming_the_field_meant() {
    let body = set(minimal(), "/organisation", json!({"id": 1}));
    assert_finding(Cmc, &body, "unknown-field", "organisation", Error);
    let report = check(Cmc, &body);
    let finding = report.find("unknown-field", "organisation").unwrap();
    assert!(
        finding.message.contains("did you mean `organization`?"),
        "{finding}"
    );
}

#[test]
fn many_unknown_fields_are_listed_to_a_limit_then_counted() {
    let mut body = minimal();
    let fields = body.as_object_mut().unwrap();
    for i in 0..5000 {
        fields.insert(format!("extra_{i:04}"), json!(i));
    }
    let report = check(Cmc, &body);
    let unknown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "unknown-field")
        .collect();
    assert_eq!(unknown.len(), 21, "20 one by one and one count");
    assert!(
        unknown[20].message.contains("4980 more fields"),
        "{}",
        unknown[20]
    );
}

// Rule 2: card payments.

#[test]
fn card_needs_credit_card_and_billing_address() {
    let body = set(minimal(), "/payment_method", json!("card"));
    assert_finding(Vmc, &body, "card-needs-credit-card", "credit_card", Error);
    assert_finding(
        Vmc,
        &body,
        "card-needs-billing-address",
        "billing_address",
        Error,
    );
}

#[test]
fn credit_card_or_billing_address_without_card_is_a_warning_that_the_card_is_ignored() {
    // The pages require both with `card` (CMC lines 250 and 256) and forbid them nowhere.
    let body = set(vmc_registered(), "/payment_method", json!("profile"));
    assert_finding(
        Vmc,
        &body,
        "credit-card-without-card",
        "credit_card",
        Warning,
    );
    assert_finding(
        Vmc,
        &body,
        "billing-address-without-card",
        "billing_address",
        Warning,
    );
    let report = check(Vmc, &body);
    assert!(report.is_valid(), "{}", report.to_text());
    assert!(!report.is_clean(), "--deny-warnings refuses it");
    let message = &report
        .find("credit-card-without-card", "credit_card")
        .unwrap()
        .message;
    assert!(message.contains("ignored"), "{message}");
    assert!(message.contains("default credit card"), "{message}");
    assert!(message.contains("set payment_method to card"), "{message}");
    let body = remove(vmc_registered(), "/payment_method");
    assert_finding(
        Vmc,
        &body,
        "credit-card-without-card",
        "credit_card",
        Warning,
    );
    let report = check(Vmc, &body);
    let message = &report
        .find("credit-card-without-card", "credit_card")
        .unwrap()
        .message;
    assert!(message.contains("balance"), "{message}");
    // With `card`, both are expected and nothing is said.
    assert_clean(Vmc, &vmc_registered());
}

// Rule 3: renewals.

#[test]
fn renewal_thumbprint_is_40_hex_digits_and_order_id_positive() {
    let thumb = "a".repeat(40);
    assert_clean(Vmc, &set(minimal(), "/renewed_thumbprint", json!(thumb)));
    assert_finding(
        Vmc,
        &set(minimal(), "/renewed_thumbprint", json!("xyz")),
        "pattern",
        "renewed_thumbprint",
        Error,
    );
    assert_finding(
        Vmc,
        &set(minimal(), "/renewal_of_order_id", json!(0)),
        "range",
        "renewal_of_order_id",
        Error,
    );
    assert_finding(
        Vmc,
        &set(minimal(), "/renewal_of_order_id", json!(-5)),
        "range",
        "renewal_of_order_id",
        Error,
    );
}

// Rule 4: VMC marks.

#[test]
fn mark_data_needs_logo() {
    let body = remove(vmc_registered(), "/vmc/logo");
    assert_finding(Vmc, &body, "mark-data-needs-logo", "vmc.logo", Error);
}

#[test]
fn citation_needs_country_for_government_marks() {
    let body = remove(vmc_government(), "/vmc/mark_type_data/country_code");
    assert_finding(
        Vmc,
        &body,
        "citation-needs-country",
        "vmc.mark_type_data.country_code",
        Error,
    );
}

#[test]
fn fields_ignored_for_the_mark_type_are_warnings() {
    let body = set(
        vmc_registered(),
        "/vmc/mark_type_data/citation",
        json!("Act 12"),
    );
    assert_finding(
        Vmc,
        &body,
        "ignored-for-mark-type",
        "vmc.mark_type_data.citation",
        Warning,
    );
    let body = set(
        vmc_government(),
        "/vmc/mark_type_data/registration_number",
        json!("99"),
    );
    assert_finding(
        Vmc,
        &body,
        "ignored-for-mark-type",
        "vmc.mark_type_data.registration_number",
        Warning,
    );
    // No mark type means a registered trademark.
    let body = remove(
        set(
            vmc_registered(),
            "/vmc/mark_type_data/locality",
            json!("Lehi"),
        ),
        "/vmc/mark_type",
    );
    assert_finding(
        Vmc,
        &body,
        "ignored-for-mark-type",
        "vmc.mark_type_data.locality",
        Warning,
    );
}

#[test]
fn deprecated_trademark_fields_name_their_replacement() {
    let body = set(vmc_registered(), "/vmc/trademark_country_code", json!("us"));
    assert_finding(
        Vmc,
        &body,
        "deprecated",
        "vmc.trademark_country_code",
        Warning,
    );
    let report = check(Vmc, &body);
    let finding = report
        .find("deprecated", "vmc.trademark_country_code")
        .unwrap();
    assert!(
        finding.message.contains("mark_type_data.country_code"),
        "{finding}"
    );
    let body = set(
        vmc_registered(),
        "/vmc/trademark_registration_number",
        json!("1"),
    );
    let report = check(Vmc, &body);
    let finding = report
        .find("deprecated", "vmc.trademark_registration_number")
        .unwrap();
    assert!(
        finding
            .message
            .contains("mark_type_data.registration_number"),
        "{finding}"
    );
}

// Rule 5: organizations and contacts.

#[test]
fn organization_id_or_details() {
    let body = set(minimal(), "/organization", json!({}));
    assert_finding(
        Cmc,
        &body,
        "organization-id-or-details",
        "organization",
        Error,
    );
}

#[test]
fn new_organization_details_are_complete() {
    let body = remove(vmc_registered(), "/organization/telephone");
    assert_finding(
        Vmc,
        &body,
        "new-organization-details",
        "organization.telephone",
        Error,
    );
    let body = set(minimal(), "/organization", json!({"name": "Example"}));
    for field in ["address", "city", "country", "telephone"] {
        assert_finding(
            Vmc,
            &body,
            "new-organization-details",
            &format!("organization.{field}"),
            Error,
        );
    }
}

#[test]
fn organization_name_and_assumed_name_fit_61_characters() {
    let body = set(
        vmc_registered(),
        "/organization/assumed_name",
        json!("x".repeat(50)),
    );
    assert_finding(
        Vmc,
        &body,
        "organization-name-length",
        "organization.assumed_name",
        Error,
    );
}

#[test]
fn contact_details_without_user_id() {
    let body = remove(cmc_seed(), "/organization/contacts/1/job_title");
    assert_finding(
        Cmc,
        &body,
        "contact-details",
        "organization.contacts[1].job_title",
        Error,
    );
    // With a user_id the details may be left out.
    assert_clean(
        Vmc,
        &set(
            minimal(),
            "/organization/contacts",
            json!([{"contact_type": "technical_contact", "user_id": 7}]),
        ),
    );
}

#[test]
fn contact_emails_are_well_formed() {
    let body = set(
        cmc_seed(),
        "/organization/contacts/1/email",
        json!("doe.john-at-digicert.com"),
    );
    assert_finding(Cmc, &body, "email", "organization.contacts[1].email", Error);
}

#[test]
fn cmc_new_organization_needs_a_verified_contact() {
    let new_org = remove(vmc_registered(), "/organization/contacts/0");
    assert_finding(
        Cmc,
        &remove(new_org.clone(), "/vmc/mark_type_data"),
        "cmc-verified-contact",
        "organization.contacts",
        Error,
    );
    // The legacy name counts, with a warning.
    let legacy = set(
        vmc_registered(),
        "/organization/contacts/0/contact_type",
        json!("ev_approver"),
    );
    let legacy = remove(remove(legacy, "/vmc/mark_type_data"), "/vmc/mark_type");
    let report = check(Cmc, &legacy);
    assert!(
        report
            .find("cmc-verified-contact", "organization.contacts")
            .is_none()
    );
    assert_finding(
        Cmc,
        &legacy,
        "legacy-contact-type",
        "organization.contacts[0].contact_type",
        Warning,
    );
}

// Rule 6: root contacts.

#[test]
fn root_contacts_need_names_and_email() {
    let body = set(
        minimal(),
        "/technical_contact",
        json!({"first_name": "Sam"}),
    );
    assert_finding(Vmc, &body, "required", "technical_contact.last_name", Error);
    assert_finding(Vmc, &body, "required", "technical_contact.email", Error);
    let body = set(
        minimal(),
        "/organization_contact",
        json!({"first_name": "A", "last_name": "B", "email": "nope"}),
    );
    assert_finding(Vmc, &body, "email", "organization_contact.email", Error);
}

// Rule 7: containers and custom fields.

#[test]
fn container_needs_id_and_custom_fields_need_id_and_value() {
    assert_finding(
        Vmc,
        &set(minimal(), "/container", json!({})),
        "required",
        "container.id",
        Error,
    );
    let body = set(
        minimal(),
        "/custom_fields",
        json!([{"metadata_id": 1, "value": "x"}, {"value": "y"}, {"metadata_id": 2}]),
    );
    assert_finding(
        Vmc,
        &body,
        "required",
        "custom_fields[1].metadata_id",
        Error,
    );
    assert_finding(Vmc, &body, "required", "custom_fields[2].value", Error);
}

// Rule 8: DNS names.

#[test]
fn dns_names_are_valid_host_names() {
    let body = set(
        minimal(),
        "/certificate/dns_names",
        json!([
            "example.com",
            "bad..name",
            "*.example.com",
            "-x.com",
            "ok.example.org",
            "localhost"
        ]),
    );
    for i in [1, 2, 3, 5] {
        assert_finding(
            Vmc,
            &body,
            "dns-name",
            &format!("certificate.dns_names[{i}]"),
            Error,
        );
    }
    let report = check(Vmc, &body);
    assert_eq!(report.errors().filter(|f| f.rule == "dns-name").count(), 4);
}

// Rule 9: the logo.

#[test]
fn logo_findings_land_at_vmc_logo() {
    // The seed logo is valid with two warnings.
    let report = check(Cmc, &cmc_seed());
    assert!(report.is_valid());
    let body = set(cmc_seed(), "/vmc/logo", json!("bm90IGd6aXA="));
    assert_finding(Cmc, &body, "logo-encoding", "vmc.logo", Error);
    let bad_svg = br#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>x</title><script/></svg>"#;
    let encoded = digicert_mark_certs::logo::encode(bad_svg).unwrap();
    let body = set(cmc_seed(), "/vmc/logo", json!(encoded));
    assert_finding(Cmc, &body, "logo-element-not-allowed", "vmc.logo", Error);
    assert_finding(Cmc, &body, "logo-single-colour", "vmc.logo", Warning);
}

// Rule 10: ignored combinations.

#[test]
fn comments_are_ignored_with_skip_approval() {
    let body = set(
        set(minimal(), "/comments", json!("please rush")),
        "/skip_approval",
        json!(true),
    );
    assert_finding(Vmc, &body, "comments-ignored", "comments", Warning);
    assert_clean(Vmc, &set(minimal(), "/comments", json!("please rush")));
}

#[test]
fn vat_number_is_ignored_unless_paying_by_card_or_profile() {
    let body = set(minimal(), "/vat_number", json!("GB1"));
    assert_finding(Vmc, &body, "vat-number-ignored", "vat_number", Warning);
    assert_clean(
        Vmc,
        &set(
            set(minimal(), "/vat_number", json!("GB1")),
            "/payment_method",
            json!("profile"),
        ),
    );
}

// Nothing the user gave is dropped.

#[test]
fn an_empty_list_the_types_leave_out_is_a_warning_not_an_error() {
    let body = set(minimal(), "/organization/contacts", json!([]));
    assert_finding(
        Vmc,
        &body,
        "empty-list-left-out",
        "organization.contacts",
        Warning,
    );
    assert!(check(Vmc, &body).is_valid());
    // An empty list the types keep is sent as written.
    assert_clean(Vmc, &set(minimal(), "/additional_emails", json!([])));
}
