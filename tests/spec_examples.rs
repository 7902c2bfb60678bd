//! Every example in the OpenAPI document fits the generated types exactly: it deserializes,
//! and serializes back to the same JSON value (nothing dropped, renamed or added).

mod common;

use digicert_mark_certs::types::{self, RequestStatus};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

fn round_trip<T: DeserializeOwned + Serialize>(place: &str, value: &Value) -> Value {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{place}: does not deserialize: {e}"));
    serde_json::to_value(&typed).unwrap_or_else(|e| panic!("{place}: does not serialize: {e}"))
}

/// Round-trips `value` through the generated type of the component schema `schema`.
fn round_trip_as(schema: &str, place: &str, value: &Value) -> Value {
    match schema {
        "VmcOrderRequest" => round_trip::<types::VmcOrderRequest>(place, value),
        "CmcOrderRequest" => round_trip::<types::CmcOrderRequest>(place, value),
        "OrderResponse" => round_trip::<types::OrderResponse>(place, value),
        "ErrorResponse" => round_trip::<types::ErrorResponse>(place, value),
        "AlternateOrderList" => round_trip::<types::AlternateOrderList>(place, value),
        "EncodedLogo" => round_trip::<types::EncodedLogo>(place, value),
        "LogoRejection" => round_trip::<types::LogoRejection>(place, value),
        "CountryCode" => round_trip::<types::CountryCode>(place, value),
        "Locale" => round_trip::<types::Locale>(place, value),
        "RequestStatus" => round_trip::<RequestStatus>(place, value),
        "DcvMethod" => round_trip::<types::DcvMethod>(place, value),
        "EnableHosting" => round_trip::<types::EnableHosting>(place, value),
        "OrderInfo" => round_trip::<types::OrderInfo>(place, value),
        "StatusChangeList" => round_trip::<types::StatusChangeList>(place, value),
        "OrderValidation" => round_trip::<types::OrderValidation>(place, value),
        "OrderLogoData" => round_trip::<types::OrderLogoData>(place, value),
        "LogoUpload" => round_trip::<types::LogoUpload>(place, value),
        "MarkUpdate" => round_trip::<types::MarkUpdate>(place, value),
        "DcvCheck" => round_trip::<types::DcvCheck>(place, value),
        "OrderStatusUpdate" => round_trip::<types::OrderStatusUpdate>(place, value),
        "ApprovalRequest" => round_trip::<types::ApprovalRequest>(place, value),
        "OrderStatus" => round_trip::<types::OrderStatus>(place, value),
        "LooseId" => round_trip::<types::LooseId>(place, value),
        "DomainName" => round_trip::<types::DomainName>(place, value),
        "CertificateFormat" => round_trip::<types::CertificateFormat>(place, value),
        "OrderList" => round_trip::<types::OrderList>(place, value),
        "OrganizationList" => round_trip::<types::OrganizationList>(place, value),
        "ReissueRequest" => round_trip::<types::ReissueRequest>(place, value),
        "ReissueResponse" => round_trip::<types::ReissueResponse>(place, value),
        "ReissueList" => round_trip::<types::ReissueList>(place, value),
        "AutoReissueUpdate" => round_trip::<types::AutoReissueUpdate>(place, value),
        "DcvMethodUpdate" => round_trip::<types::DcvMethodUpdate>(place, value),
        "RevokeRequest" => round_trip::<types::RevokeRequest>(place, value),
        other => panic!("{place}: no generated type is mapped for schema {other}; add it here"),
    }
}

#[test]
fn every_operation_example_round_trips_through_its_generated_type() {
    let doc = common::document();
    let examples = common::operation_examples(&doc);
    // Orders: 2 VMC + 1 CMC requests, 4 answers and 2 errors (4xx, 5xx) on each operation.
    // Lookup: 2 answers and the same errors. Logo check: 1 request and 1 refusal.
    // After ordering (each with the same errors): order info 3 answers, status changes 2,
    // validation 2, logo 1, encoded logo upload 1 request and 2 answers, SVG logo upload 2
    // answers (its body is not JSON), mark update 2 requests, DCV check 2 answers, cancel 1
    // request, approval request 2 answers; the download's answer is text, not JSON.
    let after_ordering = (3 + 2 + 2 + 1 + (1 + 2) + 2 + 2 + 2 + 1 + 2) + 11 * (2 + 2);
    // The account and renewals: order list 1 answer, organization list 1, reissue 1 request
    // and 1 answer, reissue list 1, auto-reissue 1 request, DCV method 1 request, resend
    // nothing, revoke 1 request; each with the same errors.
    let account = (1 + 1 + (1 + 1) + 1 + 1 + 1 + 1) + 8 * (2 + 2);
    assert_eq!(
        examples.len(),
        (3 + 2 * (4 + 2 + 2)) + (2 + 2 + 2) + (1 + 1) + after_ordering + account,
        "examples found: {}",
        examples.len()
    );
    for example in &examples {
        let back = round_trip_as(&example.schema, &example.place, &example.value);
        assert_eq!(
            back, example.value,
            "{} changed in a round trip",
            example.place
        );
    }
}

#[test]
fn every_schema_example_round_trips_through_its_generated_type() {
    let doc = common::document();
    let mut seen = 0;
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        if let Some(example) = schema.get("example") {
            let place = format!("schema {name} example");
            assert_eq!(&round_trip_as(name, &place, example), example, "{place}");
            seen += 1;
        }
    }
    assert!(seen >= 3, "schema examples found: {seen}");
}

#[test]
fn a_changed_example_is_caught_by_the_round_trip() {
    // The check above must be able to fail: a field of the wrong type does not deserialize.
    let doc = common::document();
    let mut broken = common::component_example(&doc, "CmcSeedRequest");
    broken["order_validity"]["years"] = Value::from("one");
    let parsed = serde_json::from_value::<types::CmcOrderRequest>(broken);
    assert!(
        parsed.is_err(),
        "a string for order_validity.years must not deserialize"
    );
}

#[test]
fn requests_are_closed_and_answers_are_open() {
    let doc = common::document();
    // A field the document does not list is refused in a request, at any depth...
    for (path, extra) in [
        ("", "payment_methd"),
        ("/organization/contacts/0", "emial"),
        ("/vmc", "enable_hostng"),
    ] {
        let mut request = common::component_example(&doc, "CmcSeedRequest");
        request
            .pointer_mut(path)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(extra.to_owned(), Value::from("x"));
        let parsed = serde_json::from_value::<types::CmcOrderRequest>(request);
        let error = parsed.expect_err(extra).to_string();
        assert!(error.contains(extra), "{error}");
    }

    // ...and kept in an answer, with unknown statuses.
    let mut answer = common::component_example(&doc, "OrderApproved");
    answer["requests"][0]["status"] = Value::from("awaiting_documents");
    answer["domains"][0]["validation_level"] = Value::from("ov");
    answer["hosted_logo_location"] = Value::from("https://example.com/logo.svg");
    let parsed: types::OrderResponse = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(
        parsed.requests[0].status,
        RequestStatus::Unknown("awaiting_documents".to_owned())
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), answer);
}

#[test]
fn generated_builders_need_only_the_fields_the_caller_sets() {
    let order = types::OrderResponse::try_from(types::OrderResponse::builder().id(144457095))
        .expect("an answer built with its id alone");
    assert_eq!(order.id, 144457095);
    assert!(order.extra.is_empty());
    let list =
        types::AlternateOrderList::try_from(types::AlternateOrderList::builder().orders(vec![
            types::AlternateOrder::try_from(types::AlternateOrder::builder().order_id(7)).unwrap(),
        ]))
        .expect("a lookup answer built from its orders");
    assert_eq!(list.orders[0].order_id, 7);
    let error = types::ErrorResponse::try_from(types::ErrorResponse::builder().errors(vec![
        types::ApiError::try_from(types::ApiError::builder().code("x").message("y")).unwrap(),
    ]))
    .expect("an error answer");
    assert_eq!(error.errors.len(), 1);
    let request = types::CmcOrderRequest::try_from(
        types::CmcOrderRequest::builder()
            .certificate(
                types::CertificateDetails::builder().dns_names(vec!["example.com".to_owned()]),
            )
            .organization(types::Organization::builder().id(std::num::NonZeroU64::new(1)))
            .order_validity(
                types::OrderValidity::builder().years(std::num::NonZeroU64::new(1).unwrap()),
            ),
    )
    .expect("a request built from its required parts");
    assert_eq!(request.certificate.dns_names, ["example.com"]);
}
