//! Every example in the OpenAPI document fits the generated types exactly: it deserializes,
//! and serializes back to the same JSON value (nothing dropped, renamed or added).

mod common;

use digicert_mark_certs::{RequestStatus, types};
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
        other => panic!("{place}: no generated type is mapped for schema {other}; add it here"),
    }
}

#[test]
fn every_operation_example_round_trips_through_its_generated_type() {
    let doc = common::document();
    let examples = common::operation_examples(&doc);
    // Orders: 2 VMC + 1 CMC requests, 4 answers and 2 errors (4xx, 5xx) on each operation.
    // Lookup: 2 answers and the same errors. Logo check: 1 request and 1 refusal.
    assert_eq!(
        examples.len(),
        (3 + 2 * (4 + 2 + 2)) + (2 + 2 + 2) + (1 + 1),
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
fn unknown_fields_survive_a_round_trip() {
    let doc = common::document();
    let mut request = common::component_example(&doc, "CmcSeedRequest");
    request["future_option"] = Value::from(true);
    request["organization"]["contacts"][0]["preferred_language"] = Value::from("fr");
    let back = round_trip_as("CmcOrderRequest", "extended CMC request", &request);
    assert_eq!(back, request);

    let mut answer = common::component_example(&doc, "OrderApproved");
    answer["requests"][0]["status"] = Value::from("awaiting_documents");
    answer["domains"][0]["validation_level"] = Value::from("ov");
    let parsed: types::OrderResponse = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(
        parsed.requests[0].status,
        RequestStatus::Unknown("awaiting_documents".to_owned())
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), answer);
}
