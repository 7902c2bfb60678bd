//! The library as a downstream crate meets it: refusals work with `?`, ids are one type,
//! builders check what they take and set every optional order field.

use std::error::Error;

use digicert_mark_certs::order::{
    CardPayment, MarkOrder, NewBillingAddress, OrderExt, PreparedOrder, Renewal, billing_address,
    existing_organization, existing_user,
};
use digicert_mark_certs::types::{CmcOrderRequest, ContactType, VmcOrderRequest};

fn prepare(years: u8) -> Result<String, Box<dyn Error>> {
    let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, years)?;
    let prepared = PreparedOrder::new(order.with_dcv_method("dns_txt_token"))?;
    Ok(prepared.alternative_order_id().to_owned())
}

#[test]
fn a_refusing_report_works_with_the_question_mark_and_says_why() {
    fn refused() -> Result<(), Box<dyn Error>> {
        let mut order = CmcOrderRequest::minimal(["example.com"], existing_organization(1)?, 1)?;
        order.certificate.dns_names = vec!["not a domain".into()];
        PreparedOrder::new(order)?;
        Ok(())
    }
    let error = refused().unwrap_err();
    let text = error.to_string();
    assert!(text.contains("certificate.dns_names"), "{text}");
    assert!(text.starts_with("error["), "{text}");
    assert!(text.ends_with("warning(s)"), "{text}");
    assert!(prepare(1).is_ok());
}

#[test]
fn years_outside_the_plans_digicert_sells_are_refused_naming_the_field() {
    for years in [0, 4, 200] {
        let error = prepare(years).unwrap_err().to_string();
        assert!(error.starts_with("order_validity.years:"), "{error}");
        assert!(error.contains("1, 2 or 3 years"), "{error}");
    }
    for years in 1..=3 {
        assert!(prepare(years).is_ok(), "{years}");
    }
}

#[test]
fn ids_are_one_signed_type_and_refused_below_one() {
    let order_id: i64 = 144457000;
    let organization_id: i64 = 123456;
    let user_id: i64 = 7;
    assert!(existing_organization(organization_id).is_ok());
    assert!(existing_user(ContactType::VerifiedContact, user_id).is_ok());
    let renewal = VmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
        .unwrap()
        .renewing(Renewal::OfOrder(order_id))
        .unwrap();
    assert_eq!(
        renewal.renewal_of_order_id.map(|id| id.0.get()),
        Some(144457000)
    );
    for bad in [0, -1, i64::MIN] {
        let error = existing_organization(bad).unwrap_err();
        assert_eq!(error.field, "organization.id");
        assert!(
            error.message.contains("ids are whole numbers from 1"),
            "{error}"
        );
    }
}

#[test]
fn card_dates_are_checked_with_the_field_named() {
    let address = billing_address(NewBillingAddress {
        address: "2801 N Thanksgiving Way".into(),
        city: "Lehi".into(),
        country: "us".into(),
        ..Default::default()
    })
    .unwrap();
    let card = |month, year| {
        CardPayment::new(
            "4111111111111111",
            month,
            year,
            333,
            "Jane Doe",
            address.clone(),
        )
    };
    assert!(card(12, 2030).is_ok());
    let month = card(13, 2030).unwrap_err();
    assert_eq!(month.field, "credit_card.expiration_month");
    assert_eq!(
        card(0, 2030).unwrap_err().field,
        "credit_card.expiration_month"
    );
    let year = card(12, 30).unwrap_err();
    assert_eq!(year.field, "credit_card.expiration_year");
    assert!(year.message.contains("four digits"), "{year}");
    assert!(!format!("{month}{year}").contains("4111"));
}

#[test]
fn every_optional_order_field_has_a_setter_and_reaches_the_body() {
    let order = CmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 2)
        .unwrap()
        .with_comments("Logo approved by the board")
        .with_dcv_method("dns-txt-token")
        .with_skip_approval(true)
        .with_additional_emails(["brand@example.com", "it@example.com"])
        .unwrap()
        .with_locale("pt_BR")
        .with_auto_renew(true);
    let prepared = PreparedOrder::new(order).unwrap();
    let body: serde_json::Value = serde_json::from_str(prepared.body_text()).unwrap();
    assert_eq!(body["comments"], "Logo approved by the board");
    assert_eq!(body["dcv_method"], "dns-txt-token");
    assert_eq!(body["skip_approval"], true);
    assert_eq!(
        body["additional_emails"],
        serde_json::json!(["brand@example.com", "it@example.com"])
    );
    assert_eq!(body["locale"], "pt_BR");
    assert_eq!(body["auto_renew"], 1);
    // The page's own rule between two of them is applied to what the setters built.
    assert_eq!(prepared.report().rules(), ["comments-ignored"]);

    let refused = CmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
        .unwrap()
        .with_additional_emails(["not an address"])
        .unwrap_err();
    assert_eq!(refused.field, "additional_emails[]");
}

#[test]
fn serde_json_is_reexported_for_the_types_the_api_takes() {
    let body: digicert_mark_certs::serde_json::Value = digicert_mark_certs::serde_json::json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 1},
        "order_validity": {"years": 1}
    });
    assert!(PreparedOrder::<CmcOrderRequest>::from_json(&body).is_ok());
}

#[test]
fn the_kind_is_named_by_the_request_type_for_json_as_for_typed_orders() {
    use digicert_mark_certs::order::{OrderKind, validate_json};
    let body = serde_json::json!({
        "certificate": {"dns_names": ["example.com", "EXAMPLE.com"]},
        "organization": {"id": 123456},
        "order_validity": {"years": 2}
    });
    // The same type names the kind when checking JSON and when preparing it.
    let checked = validate_json::<CmcOrderRequest>(&body);
    let prepared = PreparedOrder::<CmcOrderRequest>::from_json(&body).unwrap();
    assert_eq!(checked.rules(), prepared.report().rules());
    assert_eq!(checked.rules(), ["duplicate-dns-name"]);
    // The run-time name of a type's kind, for programs that choose the type from input.
    assert_eq!(CmcOrderRequest::KIND, OrderKind::Cmc);
    assert_eq!(VmcOrderRequest::KIND, OrderKind::Vmc);
}
