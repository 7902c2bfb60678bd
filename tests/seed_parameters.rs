//! Every parameter of DigiCert's two order pages is in the document, at the place the page
//! puts it, with the constraints the page states.

mod common;

use serde_json::{Value, json};

/// Parameters shared by the VMC and CMC request tables, as dotted paths (`[]` for items).
const SHARED_REQUEST: &[&str] = &[
    "certificate",
    "certificate.dns_names",
    "vmc",
    "vmc.logo",
    "vmc.enable_hosting",
    "renewed_thumbprint",
    "order_validity",
    "order_validity.years",
    "comments",
    "auto_renew",
    "custom_renewal_message",
    "disable_renewal_notifications",
    "additional_emails",
    "locale",
    "renewal_of_order_id",
    "payment_method",
    "credit_card",
    "credit_card.number",
    "credit_card.expiration_month",
    "credit_card.expiration_year",
    "credit_card.cvv",
    "credit_card.cardholder_name",
    "billing_address",
    "billing_address.address",
    "billing_address.address2",
    "billing_address.city",
    "billing_address.state",
    "billing_address.country",
    "billing_address.zip",
    "vat_number",
    "dcv_method",
    "skip_approval",
    "organization_contact",
    "organization_contact.first_name",
    "organization_contact.last_name",
    "organization_contact.email",
    "organization_contact.job_title",
    "organization_contact.telephone",
    "organization_contact.telephone_extension",
    "technical_contact",
    "technical_contact.first_name",
    "technical_contact.last_name",
    "technical_contact.email",
    "technical_contact.job_title",
    "technical_contact.telephone",
    "technical_contact.telephone_extension",
    "organization",
    "organization.id",
    "organization.skip_duplicate_org_check",
    "organization.contacts",
    "organization.contacts[].contact_type",
    "organization.contacts[].user_id",
    "organization.contacts[].first_name",
    "organization.contacts[].last_name",
    "organization.contacts[].job_title",
    "organization.contacts[].telephone",
    "organization.contacts[].email",
    "container",
    "container.id",
    "custom_fields",
    "custom_fields[].metadata_id",
    "custom_fields[].value",
    "alternative_order_id",
];

/// Parameters only the VMC request table has.
const VMC_ONLY: &[&str] = &[
    "vmc.mark_type",
    "vmc.mark_type_data",
    "vmc.mark_type_data.country_code",
    "vmc.mark_type_data.state_province",
    "vmc.mark_type_data.locality",
    "vmc.mark_type_data.citation",
    "vmc.mark_type_data.registration_number",
    "vmc.trademark_country_code",
    "vmc.trademark_registration_number",
];

/// The response table, the same on both pages.
const RESPONSE: &[&str] = &[
    "id",
    "domains",
    "domains[].id",
    "domains[].name",
    "domains[].dns_name",
    "domains[].dcv_token",
    "domains[].dcv_token.token",
    "domains[].dcv_token.status",
    "domains[].dcv_token.expiration_date",
    "domains[].dcv_token.verification_value",
    "domains[].dcv_token.http_token_url",
    "requests",
    "requests[].id",
    "requests[].status",
    "certificate_id",
    "vmc",
    "vmc.logo_id",
];

/// The schema of a property, with references and single-item `allOf` wrappers followed.
/// Returns the property's own schema (which may carry `deprecated`) and the resolved one.
fn property<'a>(doc: &'a Value, schema: &'a Value, path: &str) -> Option<(&'a Value, &'a Value)> {
    let mut own = schema;
    let mut current = common::resolve(doc, schema);
    for step in path.split('.') {
        let (name, items) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        own = current.get("properties")?.get(name)?;
        current = flatten(doc, own);
        if items {
            current = common::resolve(doc, current.get("items")?);
        }
    }
    Some((own, current))
}

fn flatten<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    let schema = common::resolve(doc, schema);
    match schema.get("allOf").and_then(Value::as_array) {
        Some(parts) if parts.len() == 1 => common::resolve(doc, &parts[0]),
        _ => schema,
    }
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

fn missing(doc: &Value, schema_name: &str, paths: &[&str]) -> Vec<String> {
    let root = schema(doc, schema_name);
    paths
        .iter()
        .filter(|p| property(doc, root, p).is_none())
        .map(|p| format!("{schema_name}: {p}"))
        .collect()
}

#[test]
fn every_vmc_request_parameter_is_in_the_vmc_request_schema() {
    let doc = common::document();
    let mut gaps = missing(&doc, "VmcOrderRequest", SHARED_REQUEST);
    gaps.extend(missing(&doc, "VmcOrderRequest", VMC_ONLY));
    assert!(gaps.is_empty(), "missing: {gaps:#?}");
}

#[test]
fn every_cmc_request_parameter_is_in_the_cmc_request_schema() {
    let doc = common::document();
    let gaps = missing(&doc, "CmcOrderRequest", SHARED_REQUEST);
    assert!(gaps.is_empty(), "missing: {gaps:#?}");
}

#[test]
fn the_cmc_vmc_object_has_only_logo_and_enable_hosting() {
    let doc = common::document();
    let (_, cmc) = property(&doc, schema(&doc, "CmcOrderRequest"), "vmc").unwrap();
    let mut keys: Vec<_> = cmc["properties"].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["enable_hosting", "logo"]);
    assert!(missing(&doc, "CmcOrderRequest", VMC_ONLY).len() == VMC_ONLY.len());
}

#[test]
fn every_response_parameter_is_in_the_order_response_schema() {
    let doc = common::document();
    let gaps = missing(&doc, "OrderResponse", RESPONSE);
    assert!(gaps.is_empty(), "missing: {gaps:#?}");
}

#[test]
fn the_required_parameters_of_the_tables_are_required() {
    let doc = common::document();
    for request in ["VmcOrderRequest", "CmcOrderRequest"] {
        let required = &schema(&doc, request)["required"];
        for name in ["certificate", "order_validity", "organization"] {
            assert!(
                required.as_array().unwrap().iter().any(|r| r == name),
                "{request}.{name} must be required"
            );
        }
    }
    let required = |name: &str| schema(&doc, name)["required"].clone();
    assert_eq!(required("OrderValidity"), json!(["years"]));
    assert_eq!(
        required("CreditCard"),
        json!([
            "number",
            "expiration_month",
            "expiration_year",
            "cvv",
            "cardholder_name"
        ])
    );
    assert_eq!(
        required("BillingAddress"),
        json!(["address", "city", "country"])
    );
    assert_eq!(
        required("OrderContact"),
        json!(["first_name", "last_name", "email"])
    );
    assert_eq!(required("OrganizationContact"), json!(["contact_type"]));
    assert_eq!(required("Container"), json!(["id"]));
    assert_eq!(required("CustomField"), json!(["metadata_id", "value"]));
}

#[test]
fn the_enums_ranges_and_patterns_of_the_tables_are_stated() {
    let doc = common::document();
    let vmc = schema(&doc, "VmcOrderRequest");
    let at = |path: &str| {
        property(&doc, vmc, path)
            .unwrap_or_else(|| panic!("{path}"))
            .1
            .clone()
    };

    assert_eq!(
        at("payment_method")["enum"],
        json!(["balance", "profile", "card"])
    );
    assert_eq!(
        at("vmc.mark_type")["enum"],
        json!(["registered_mark", "government_mark"])
    );
    assert_eq!(
        at("organization.contacts[].contact_type")["enum"],
        json!([
            "organization_contact",
            "technical_contact",
            "verified_contact",
            "ev_approver"
        ])
    );
    assert_eq!(at("auto_renew")["enum"], json!([0, 1]));
    let years = at("order_validity.years");
    assert_eq!(
        (years["minimum"].clone(), years["maximum"].clone()),
        (json!(1), json!(3))
    );
    let month = at("credit_card.expiration_month");
    assert_eq!(
        (month["minimum"].clone(), month["maximum"].clone()),
        (json!(1), json!(12))
    );
    let year = at("credit_card.expiration_year");
    assert_eq!(
        (year["minimum"].clone(), year["maximum"].clone()),
        (json!(1000), json!(9999))
    );
    let cvv = at("credit_card.cvv");
    assert_eq!(
        (cvv["minimum"].clone(), cvv["maximum"].clone()),
        (json!(100), json!(9999))
    );
    // "alphanumeric" is the documented form; `-` and `_` pass with a warning.
    assert_eq!(
        at("alternative_order_id")["x-recommended-pattern"],
        json!("^[A-Za-z0-9]{1,64}$")
    );
    assert_eq!(at("alternative_order_id")["maxLength"], json!(64));
    assert_eq!(
        at("renewed_thumbprint")["x-recommended-pattern"],
        json!("^[0-9A-Fa-f]{40}$")
    );
    assert_eq!(
        at("vmc.mark_type_data.country_code")["pattern"],
        json!("^[A-Za-z]{2}$")
    );
    // bool in the tables, 1/0 in the CMC table's words, "1" in the CMC example.
    assert_eq!(
        at("vmc.enable_hosting")["oneOf"],
        json!([
            {"type": "boolean"},
            {"type": "integer", "enum": [0, 1]},
            {"type": "string", "enum": ["0", "1"]}
        ])
    );
    assert_eq!(at("organization.name")["maxLength"], json!(64));

    // Open lists: the documented values, and any other string.
    for (name, known) in [
        (
            "RequestStatus",
            json!(["pending", "submitted", "approved", "rejected"]),
        ),
        (
            "DcvMethod",
            json!([
                "email",
                "dns-txt-token",
                "dns-cname-token",
                "http-token",
                "http-token-dynamic"
            ]),
        ),
    ] {
        let open = schema(&doc, name);
        assert_eq!(open["anyOf"][0]["enum"], known, "{name}");
        assert_eq!(open["anyOf"][1], json!({"type": "string"}), "{name}");
    }
}

#[test]
fn the_defaults_the_pages_state_are_written_as_defaults() {
    let doc = common::document();
    let vmc = schema(&doc, "VmcOrderRequest");
    for (path, default) in [
        ("payment_method", json!("balance")),
        ("auto_renew", json!(0)),
        ("disable_renewal_notifications", json!(false)),
        ("skip_approval", json!(false)),
        ("vmc.enable_hosting", json!(false)),
        ("vmc.mark_type", json!("registered_mark")),
        ("organization.skip_duplicate_org_check", json!(false)),
    ] {
        let (own, resolved) = property(&doc, vmc, path).unwrap();
        let found = own.get("default").or_else(|| resolved.get("default"));
        assert_eq!(found, Some(&default), "{path}");
    }
}

#[test]
fn request_schemas_are_closed_and_answers_open() {
    let doc = common::document();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for (name, schema) in schemas {
        if schema.get("type") != Some(&json!("object")) {
            continue;
        }
        let closed = schema["additionalProperties"] == json!(false);
        let request = [
            "VmcOrderRequest",
            "CmcOrderRequest",
            "CertificateDetails",
            "VmcDetails",
            "CmcDetails",
            "MarkTypeData",
            "OrderValidity",
            "CreditCard",
            "BillingAddress",
            "OrderContact",
            "Organization",
            "OrganizationContactDetails",
            "OrganizationContact",
            "Container",
            "CustomField",
            "EncodedLogo",
            "MarkUpdate",
            "OrderStatusUpdate",
            "ReissueRequest",
            "ReissueCertificate",
            "ReissueMark",
            "AutoReissueUpdate",
            "DcvMethodUpdate",
            "RevokeRequest",
        ]
        .contains(&name.as_str());
        assert_eq!(closed, request, "{name}: requests closed, answers open");
    }
}

#[test]
fn the_deprecated_trademark_fields_are_marked_deprecated() {
    let doc = common::document();
    let vmc = schema(&doc, "VmcOrderRequest");
    for path in [
        "vmc.trademark_country_code",
        "vmc.trademark_registration_number",
    ] {
        let (own, _) = property(&doc, vmc, path).unwrap();
        assert_eq!(own["deprecated"], Value::Bool(true), "{path}");
        let text = own["description"].as_str().unwrap_or_default();
        assert!(
            text.contains("mark_type_data."),
            "{path} names its replacement"
        );
    }
}
