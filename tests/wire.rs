//! The generated client on the wire, against a local mock server: method, path, headers and
//! body of both operations, and parsing of every answer in the document.

mod common;

use digicert_mark_certs::raw::{Client, Error, Hooks, ResponseValue};
use digicert_mark_certs::types::{self, RequestStatus};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const VMC_PATH: &str = "/order/certificate/vmc_basic";
const CMC_PATH: &str = "/order/certificate/mark_certificate";

/// A server that answers `status` with `answer` to a POST on `route` carrying exactly `body`
/// as JSON, and nothing else.
async fn server_expecting(route: &str, body: &Value, status: u16, answer: &Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(status).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Sends `body` as a CMC order to `server` through the generated client.
async fn send_cmc(
    server: &MockServer,
    body: Value,
) -> Result<ResponseValue<types::OrderResponse>, Error<types::ErrorResponse>> {
    let typed: types::CmcOrderRequest = serde_json::from_value(body).unwrap();
    Client::new(&server.uri(), Hooks::default())
        .order_cmc()
        .body(typed)
        .send()
        .await
}

fn answers(doc: &Value) -> Vec<(String, Value)> {
    [
        "OrderPending",
        "OrderSubmitted",
        "OrderApproved",
        "OrderExistingLogo",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), common::component_example(doc, name)))
    .collect()
}

#[tokio::test]
async fn order_vmc_posts_each_example_body_and_parses_each_answer() {
    let doc = common::document();
    let requests = ["VmcRegisteredMarkRequest", "VmcGovernmentMarkRequest"];
    for request_name in requests {
        let body = common::component_example(&doc, request_name);
        for (answer_name, answer) in answers(&doc) {
            let server = server_expecting(VMC_PATH, &body, 201, &answer).await;
            let typed: types::VmcOrderRequest = serde_json::from_value(body.clone()).unwrap();
            let placed = Client::new(&server.uri(), Hooks::default())
                .order_vmc()
                .body(typed)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{request_name} / {answer_name}: {e}"));
            assert_eq!(placed.status().as_u16(), 201);
            assert_eq!(serde_json::to_value(placed.into_inner()).unwrap(), answer);
            server.verify().await;
        }
    }
}

#[tokio::test]
async fn order_cmc_posts_the_seed_body_and_parses_each_answer() {
    let doc = common::document();
    let body = common::component_example(&doc, "CmcSeedRequest");
    for (answer_name, answer) in answers(&doc) {
        let server = server_expecting(CMC_PATH, &body, 201, &answer).await;
        let placed = send_cmc(&server, body.clone())
            .await
            .unwrap_or_else(|e| panic!("{answer_name}: {e}"));
        let order = placed.into_inner();
        assert_eq!(
            serde_json::to_value(&order).unwrap(),
            answer,
            "{answer_name}"
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn the_approved_answer_reads_as_typed_fields() {
    let doc = common::document();
    let body = common::component_example(&doc, "CmcSeedRequest");
    let answer = common::component_example(&doc, "OrderApproved");
    let server = server_expecting(CMC_PATH, &body, 201, &answer).await;
    let order = send_cmc(&server, body).await.unwrap().into_inner();
    assert_eq!(order.id, 144457096);
    assert_eq!(order.requests[0].status, RequestStatus::Approved);
    assert_eq!(
        order.domains[0].name.as_ref().and_then(|n| n.as_str()),
        Some("example.com")
    );
    assert_eq!(order.certificate_id, Some(145451175));
}

#[tokio::test]
async fn a_refusal_keeps_every_error_entry() {
    let doc = common::document();
    let body = common::component_example(&doc, "CmcSeedRequest");
    let refusal = json!({"errors": [
        {"code": "invalid_dns_name", "message": "The DNS name is invalid."},
        {"code": "access_denied|missing_permission", "message": "Not allowed."}
    ]});
    let server = server_expecting(CMC_PATH, &body, 400, &refusal).await;
    let outcome = send_cmc(&server, body).await;
    match outcome {
        Err(Error::ErrorResponse(answer)) => {
            assert_eq!(answer.status().as_u16(), 400);
            let codes: Vec<_> = answer.errors.iter().map(|e| e.code.as_str()).collect();
            assert_eq!(
                codes,
                ["invalid_dns_name", "access_denied|missing_permission"]
            );
        }
        other => panic!("expected a DigiCert error answer, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_status_and_extra_fields_still_parse() {
    let doc = common::document();
    let body = common::component_example(&doc, "CmcSeedRequest");
    let answer = json!({
        "id": 1, "requests": [{"id": 2, "status": "needs_review", "reviewer": "x"}],
        "hosted_logo_location": "https://example.com/logo.svg"
    });
    let server = server_expecting(CMC_PATH, &body, 201, &answer).await;
    let order = send_cmc(&server, body).await.unwrap().into_inner();
    assert_eq!(
        order.requests[0].status,
        RequestStatus::Unknown("needs_review".into())
    );
    assert_eq!(
        order.extra["hosted_logo_location"],
        "https://example.com/logo.svg"
    );
    assert_eq!(serde_json::to_value(&order).unwrap(), answer);
}
