//! The operations after ordering on the wire, against a stand-in for CertCentral answering
//! with the fixtures of `tests/fixtures/certcentral`: method, path, headers and body of each
//! request, the policy around them (429 waited out, reads retried a little, changes never sent
//! again blindly, no redirect followed, bounded reads), and waiting for issuance.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use common::standin::{Recorded, Reply, StandIn, lookup_answer};
use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::types::{self, LooseId, OrderStatus, RequestStatus};
use digicert_mark_certs::{
    Error, MarkClient, OrderRef, RetryPolicy, WaitEvent, WaitOptions, WaitOutcome,
};
use serde_json::{Value, json};

const KEY: &str = "test-key-0123";

fn fixture_bytes(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/tests/fixtures/certcentral/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn fixture(path: &str) -> Value {
    serde_json::from_slice(&fixture_bytes(path)).unwrap()
}

fn mark_fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/marks/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn example(name: &str) -> Value {
    common::component_example(&common::document(), name)
}

fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .rate_limit_retries(3)
        .read_retries(2)
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn client_with(base_url: &str, read_limit: usize) -> MarkClient {
    MarkClient::builder(KEY)
        .base_url(base_url)
        .timeout(Duration::from_millis(800))
        .retry_policy(fast())
        .read_limit(read_limit)
        .build()
        .unwrap()
}

fn client(base_url: &str) -> MarkClient {
    client_with(base_url, 1024 * 1024)
}

fn json_reply(status: u16, body: Value) -> Reply {
    Reply::Json(status, body)
}

fn no_content() -> Reply {
    Reply::Raw(204, Vec::new(), Vec::new())
}

fn rate_limited() -> Reply {
    Reply::Raw(
        429,
        vec![
            ("content-type", "application/json".to_owned()),
            ("retry-after", "0".to_owned()),
        ],
        json!({"errors": [{"code": "request_limit_exceeded", "message": "Too many requests."}]})
            .to_string()
            .into_bytes(),
    )
}

/// The request carried the key, asked for JSON where an answer is JSON, and nothing else
/// surprising.
#[track_caller]
fn assert_request(request: &Recorded, method: &str, path: &str) {
    assert_eq!(request.method, method, "{request:?}");
    assert_eq!(request.path, path, "{request:?}");
    assert_eq!(request.header("x-dc-devkey"), Some(KEY));
    assert!(
        request
            .header("user-agent")
            .is_some_and(|a| a.starts_with("digicert-mark-certs/"))
    );
}

#[test]
fn the_examples_of_the_document_are_the_fixtures() {
    for (example_name, file) in [
        ("OrderInfoPublicClient", "riboseinc-digicert/order.json"),
        (
            "StatusChangesFound",
            "digicert-docs-shapes/status_changes.json",
        ),
        (
            "StatusChangesNone",
            "digicert-docs-shapes/status_changes_empty.json",
        ),
        (
            "ValidationDocumented",
            "digicert-docs-shapes/validation_status_pending.json",
        ),
        (
            "OrderLogoEncoded",
            "digicert-docs-shapes/vmc_logo_get_json.json",
        ),
        (
            "LogoUploadNew",
            "digicert-docs-shapes/vmc_logo_upload_answer.json",
        ),
        (
            "LogoUploadExisting",
            "digicert-docs-shapes/vmc_logo_upload_answer_existing_logo.json",
        ),
        (
            "DcvCheckPending",
            "digicert-docs-shapes/check_dcv_pending_valid.json",
        ),
        (
            "DcvCheckIssued",
            "digicert-docs-shapes/check_dcv_issued_with_domains.json",
        ),
        (
            "ApprovalRequestPending",
            "riboseinc-digicert/certificate_request_pending.json",
        ),
        (
            "ApprovalRequestApproved",
            "riboseinc-digicert/certificate_request.json",
        ),
    ] {
        assert_eq!(example(example_name), fixture(file), "{example_name}");
    }
    // The download's text example is the mocked pem_all of DigiCert's own client.
    let doc = common::document();
    let text = doc.pointer(
        "/paths/~1certificate~1download~1order~1{order_id}~1format~1{format}/get/responses/200/content/text~1plain/example",
    );
    let expected = fixture_bytes(
        "digicert-digicert_client/TestDownloadCertificate.v2_download_order_response.pem_all.txt",
    );
    assert_eq!(
        text.and_then(Value::as_str).map(str::as_bytes),
        Some(expected.as_slice())
    );
    // The SVG upload's example is the bundled logo, which passes the check.
    let svg = doc.pointer(
        "/paths/~1order~1certificate~1{order_id}~1vmc~1logo/post/requestBody/content/image~1svg+xml/example",
    );
    let bundled = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap();
    assert_eq!(
        svg.and_then(Value::as_str).map(str::as_bytes),
        Some(bundled.as_slice())
    );
    assert!(digicert_mark_certs::logo::check(&bundled).is_clean());
}

// Reading.

#[tokio::test]
async fn order_info_is_a_get_and_keeps_statuses_and_fields_it_does_not_know() {
    let server =
        StandIn::start(|_, _| json_reply(200, fixture("riboseinc-digicert/order.json"))).await;
    let order = client(&server.base_url)
        .order_info(123456789)
        .await
        .unwrap();
    assert_eq!(order.id, 123456789);
    assert_eq!(order.status, OrderStatus::Unknown("approved".to_owned()));
    assert_eq!(order.extra["receipt_id"], json!(123892));
    assert_eq!(
        order.certificate.as_ref().unwrap().dns_names,
        ["digicert.com"]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_request(&requests[0], "GET", "/order/certificate/123456789");
    assert_eq!(requests[0].header("accept"), Some("application/json"));
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn hosting_locations_are_read_from_the_order() {
    let server = StandIn::start(|_, _| json_reply(200, example("OrderInfoIssuedHosted"))).await;
    let order = client(&server.base_url).order_info(4400602).await.unwrap();
    assert!(order.status.is_issued());
    assert_eq!(
        order.hosted_logo_location.as_deref(),
        Some("https://hosting.example/4400602/logo.svg")
    );
    let mark = order.vmc.as_ref().unwrap();
    assert_eq!(mark.logo_id, Some(990001));
    assert_eq!(mark.enable_hosting, Some(json!(true)));
}

#[tokio::test]
async fn status_changes_ask_minutes_or_seconds_and_read_an_empty_object() {
    let server = StandIn::start(|request, _| {
        if request.path.contains("minutes=") {
            json_reply(200, fixture("digicert-docs-shapes/status_changes.json"))
        } else {
            json_reply(
                200,
                fixture("digicert-docs-shapes/status_changes_empty.json"),
            )
        }
    })
    .await;
    let client = client(&server.base_url);
    let changes = client
        .status_changes(Duration::from_secs(3600))
        .await
        .unwrap();
    let statuses: Vec<(i64, OrderStatus)> = changes
        .iter()
        .map(|c| (c.order_id, c.status.clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (4400201, OrderStatus::Issued),
            (4400202, OrderStatus::Canceled),
            (4400203, OrderStatus::Rejected)
        ]
    );
    let none = client
        .status_changes(Duration::from_millis(89_500))
        .await
        .unwrap();
    assert!(none.is_empty());
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/order/certificate/status-changes?minutes=60",
            "/order/certificate/status-changes?seconds=90"
        ]
    );

    // Longer than DigiCert allows: refused before sending.
    for window in [Duration::ZERO, Duration::from_secs(7 * 24 * 3600 + 1)] {
        let err = client.status_changes(window).await.unwrap_err();
        assert!(err.report().is_some_and(|r| r.has("status-changes-window")));
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_window_error_of_status_changes_is_a_refusal_with_its_code() {
    let server = StandIn::start(|_, _| {
        json_reply(
            400,
            fixture("digicert-docs-shapes/status_changes_error_time_frame_too_long.json"),
        )
    })
    .await;
    let err = client(&server.base_url)
        .status_changes(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert_eq!(err.code().as_deref(), Some("time_frame_too_long"));
    assert_eq!(server.requests().len(), 1, "a refusal is not retried");
}

#[tokio::test]
async fn validation_status_takes_ids_as_strings_or_numbers() {
    let server = StandIn::start(|request, _| {
        if request.path.ends_with("/4400401/validation") {
            json_reply(
                200,
                fixture("digicert-docs-shapes/validation_status_pending.json"),
            )
        } else {
            json_reply(200, example("ValidationVerifiedContactPending"))
        }
    })
    .await;
    let client = client(&server.base_url);
    let documented = client.validation_status(4400401).await.unwrap();
    assert_eq!(
        documented.order_id,
        Some(LooseId::Text("4400401".to_owned()))
    );
    assert_eq!(
        documented.order_id.as_ref().and_then(LooseId::as_i64),
        Some(4400401)
    );
    let domain = &documented.dns_name_validations[0];
    assert_eq!(
        domain.domain_id.as_ref().and_then(LooseId::as_i64),
        Some(88001)
    );
    assert_eq!(
        documented.organization_validations[0].verification_details["address_verification"],
        json!("pending")
    );

    let contacts = client.validation_status(4400601).await.unwrap();
    assert_eq!(contacts.order_id, Some(LooseId::Number(4400601)));
    let contact = &contacts.organization_validations[0].verified_contacts[0];
    assert_eq!(contact.first_name.as_deref(), Some("Jane"));
    assert_eq!(contact.status.as_deref(), Some("pending"));
    let requests = server.requests();
    assert_request(&requests[0], "GET", "/order/certificate/4400401/validation");
    assert_request(&requests[1], "GET", "/order/certificate/4400601/validation");
}

#[tokio::test]
async fn an_approval_request_reads_the_public_clients_answers() {
    let server = StandIn::start(|request, _| {
        if request.path.ends_with("/456789012") {
            json_reply(
                200,
                fixture("riboseinc-digicert/certificate_request_pending.json"),
            )
        } else {
            json_reply(200, fixture("riboseinc-digicert/certificate_request.json"))
        }
    })
    .await;
    let client = client(&server.base_url);
    let pending = client.approval_request(456789012).await.unwrap();
    assert_eq!(pending.status, Some(RequestStatus::Pending));
    assert_eq!(
        pending
            .requester
            .as_ref()
            .and_then(|r| r.first_name.as_deref()),
        Some("Clive")
    );
    let approved = client.approval_request(123456789).await.unwrap();
    assert_eq!(approved.status, Some(RequestStatus::Approved));
    assert_eq!(approved.order.as_ref().map(|o| o.id), Some(542757));
    assert_request(&server.requests()[0], "GET", "/request/456789012");
}

#[tokio::test]
async fn the_order_logo_is_decoded_to_the_exact_svg() {
    let server = StandIn::start(|_, _| {
        json_reply(200, fixture("digicert-docs-shapes/vmc_logo_get_json.json"))
    })
    .await;
    let logo = client(&server.base_url).order_logo(4400601).await.unwrap();
    assert_eq!(logo.svg(), mark_fixture("provectus-cmc-2025/embedded.svg"));
    let request = &server.requests()[0];
    assert_request(request, "GET", "/order/certificate/4400601/vmc/logo");
    assert_eq!(request.header("accept"), Some("application/json"));
}

// Changing.

fn logo() -> Logo {
    Logo::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap()
}

#[tokio::test]
async fn a_logo_upload_posts_the_encoded_logo_once() {
    let server = StandIn::start(|_, earlier| {
        if earlier.is_empty() {
            json_reply(
                201,
                fixture("digicert-docs-shapes/vmc_logo_upload_answer.json"),
            )
        } else {
            // A success status the document does not name is read from its body.
            json_reply(
                200,
                fixture("digicert-docs-shapes/vmc_logo_upload_answer_existing_logo.json"),
            )
        }
    })
    .await;
    let client = client(&server.base_url);
    let logo = logo();
    let uploaded = client.upload_logo(4400601, &logo).await.unwrap();
    assert_eq!(uploaded.answer.id, 990001);
    assert_eq!(uploaded.answer.organization_id, Some(77001));
    assert!(uploaded.findings.is_valid());
    let again = client.upload_logo(4400601, &logo).await.unwrap();
    assert_eq!(
        again.answer.trademark_registration_number.as_deref(),
        Some("1234567")
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let post = &requests[0];
    assert_request(post, "POST", "/order/certificate/4400601/vmc/encoded-logo");
    assert_eq!(post.header("content-type"), Some("application/json"));
    assert_eq!(post.json(), json!({"logo": logo.encoded()}));
}

#[tokio::test]
async fn a_logo_with_errors_is_not_sent() {
    let server = StandIn::start(|_, _| json_reply(201, json!({"id": 1}))).await;
    let bad = Logo::from_svg(
        br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>"#
            .to_vec(),
    )
    .unwrap();
    let err = client(&server.base_url)
        .upload_logo(4400601, &bad)
        .await
        .unwrap_err();
    assert!(err.is_invalid(), "{err:?}");
    assert!(server.requests().is_empty());
}

fn registered_update() -> types::MarkUpdate {
    serde_json::from_value(example("MarkUpdateRegistered")).unwrap()
}

#[tokio::test]
async fn a_mark_update_puts_the_checked_body() {
    let server = StandIn::start(|_, _| no_content()).await;
    let client = client(&server.base_url);
    let findings = client
        .update_mark(4400601, &registered_update())
        .await
        .unwrap();
    assert!(findings.is_clean(), "{}", findings.to_text());
    let put = &server.requests()[0];
    assert_request(put, "PUT", "/order/certificate/4400601/vmc");
    assert_eq!(put.header("content-type"), Some("application/json"));
    assert_eq!(put.json(), example("MarkUpdateRegistered"));

    // A citation without its country, a misshapen country code, nothing at all: refused
    // before sending.
    for (body, rule) in [
        (
            json!({"mark_type_data": {"citation": "Act 12"}}),
            "citation-needs-country",
        ),
        (json!({}), "mark-update-empty"),
    ] {
        let update: types::MarkUpdate = serde_json::from_value(body).unwrap();
        let err = client.update_mark(4400601, &update).await.unwrap_err();
        assert!(err.report().is_some_and(|r| r.has(rule)), "{err:?}");
    }
    assert!(
        serde_json::from_value::<types::MarkUpdate>(json!({"mark_typ_data": {}})).is_err(),
        "the update is closed: a misspelt field does not even parse"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_dcv_check_is_a_put_without_a_body() {
    let server = StandIn::start(|_, earlier| match earlier.len() {
        0 => json_reply(
            200,
            fixture("digicert-docs-shapes/check_dcv_issued_with_domains.json"),
        ),
        _ => json_reply(
            400,
            fixture("digicert-docs-shapes/check_dcv_error_invalid_dns_txt.json"),
        ),
    })
    .await;
    let client = client(&server.base_url);
    let check = client.check_dcv(4400601).await.unwrap();
    assert_eq!(check.order_status, Some(OrderStatus::Issued));
    assert_eq!(
        check.dns_name_validations[1].dns_name.as_deref(),
        Some("example.org")
    );
    let err = client.check_dcv(4400601).await.unwrap_err();
    assert_eq!(err.code().as_deref(), Some("invalid_dns_txt"));
    let put = &server.requests()[0];
    assert_request(put, "PUT", "/order/certificate/4400601/check-dcv");
    assert!(put.body.is_empty());
}

#[tokio::test]
async fn a_cancel_puts_the_status_and_the_note() {
    let server = StandIn::start(|_, _| no_content()).await;
    let client = client(&server.base_url);
    client
        .cancel_order(4400601, "Ordered twice by mistake.")
        .await
        .unwrap();
    let put = &server.requests()[0];
    assert_request(put, "PUT", "/order/certificate/4400601/status");
    assert_eq!(put.json(), example("CancelOrderRequest"));
    // A blank note: refused before sending.
    let err = client.cancel_order(4400601, "  ").await.unwrap_err();
    assert!(err.report().is_some_and(|r| r.has("cancel-note")));
    assert_eq!(server.requests().len(), 1);
}

// The policy.

#[tokio::test]
async fn a_change_is_never_sent_again_after_a_server_error_or_a_lost_connection() {
    for failing in [
        (|| json_reply(503, json!({"errors": []}))) as fn() -> Reply,
        || Reply::Drop,
    ] {
        let server = StandIn::start(move |_, _| failing()).await;
        let client = client(&server.base_url);
        let update = registered_update();
        let logo = logo();
        let errors = [
            client.cancel_order(1, "note").await.unwrap_err(),
            client.update_mark(1, &update).await.unwrap_err(),
            client.upload_logo(1, &logo).await.map(|_| ()).unwrap_err(),
            client.check_dcv(1).await.map(|_| ()).unwrap_err(),
        ];
        assert_eq!(
            server.requests().len(),
            4,
            "one request per change: {errors:?}"
        );
    }
}

#[tokio::test]
async fn a_read_is_sent_again_a_little_after_a_server_error() {
    let server = StandIn::start(|_, earlier| match earlier.len() {
        0 => json_reply(
            503,
            json!({"errors": [{"code": "unavailable", "message": "x"}]}),
        ),
        1 => Reply::Drop,
        _ => json_reply(200, example("OrderInfoPending")),
    })
    .await;
    let order = client(&server.base_url).order_info(4400601).await.unwrap();
    assert_eq!(order.status, OrderStatus::Pending);
    assert_eq!(server.requests().len(), 3);

    // Never more than the policy allows.
    let down = StandIn::start(|_, _| json_reply(502, json!({}))).await;
    let err = client(&down.base_url).order_info(1).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(down.requests().len(), 3, "1 + read_retries(2)");
}

#[tokio::test]
async fn the_rate_limit_is_waited_out_for_reads_and_changes() {
    let server = StandIn::start(|_, earlier| {
        if earlier.len() % 2 == 0 {
            rate_limited()
        } else if earlier.last().is_some_and(|r| r.method == "GET") {
            json_reply(200, example("OrderInfoPending"))
        } else {
            no_content()
        }
    })
    .await;
    let client = client(&server.base_url);
    client.order_info(4400601).await.unwrap();
    client.cancel_order(4400601, "note").await.unwrap();
    assert_eq!(server.requests().len(), 4);

    let always = StandIn::start(|_, _| rate_limited()).await;
    let err = client_with(&always.base_url, 1 << 20)
        .cancel_order(1, "note")
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(always.requests().len(), 4, "1 + rate_limit_retries(3)");
}

#[tokio::test]
async fn a_redirect_on_any_get_is_not_followed() {
    let elsewhere = StandIn::start(|_, _| json_reply(200, example("OrderInfoIssuedHosted"))).await;
    let target = format!("{}/stolen", elsewhere.base_url);
    let server = StandIn::start(move |_, _| Reply::Redirect(302, target.clone())).await;
    let client = client(&server.base_url);
    let errors = [
        client.order_info(1).await.map(|_| ()).unwrap_err(),
        client.validation_status(1).await.map(|_| ()).unwrap_err(),
        client.approval_request(1).await.map(|_| ()).unwrap_err(),
        client.order_logo(1).await.map(|_| ()).unwrap_err(),
        client
            .status_changes(Duration::from_secs(60))
            .await
            .map(|_| ())
            .unwrap_err(),
        client.download_chain(1).await.map(|_| ()).unwrap_err(),
        client.cancel_order(1, "note").await.unwrap_err(),
    ];
    for err in &errors {
        assert_eq!(err.status(), Some(302), "{err:?}");
        assert!(err.to_string().contains("never followed"), "{err}");
    }
    assert!(elsewhere.requests().is_empty(), "a redirect was followed");
    assert_eq!(
        server.requests().len(),
        errors.len(),
        "a redirect is not retried"
    );
}

#[tokio::test]
async fn answers_are_read_up_to_the_limit() {
    let server = StandIn::start(|_, _| Reply::Endless {
        status: 200,
        total: None,
    })
    .await;
    let client = client_with(&server.base_url, 64 * 1024);
    let err = client.order_info(1).await.unwrap_err();
    assert!(err.to_string().contains("65536-byte limit"), "{err}");
    let err = client.download_chain(1).await.unwrap_err();
    assert!(err.to_string().contains("65536-byte limit"), "{err}");
}

#[tokio::test]
async fn a_download_is_read_no_further_than_a_chain_can_be_even_with_a_higher_limit() {
    let server = StandIn::start(|_, _| Reply::Endless {
        status: 200,
        total: Some(3 * 1024 * 1024),
    })
    .await;
    let client = client_with(&server.base_url, 16 * 1024 * 1024);
    let err = client.download_chain(1).await.unwrap_err();
    assert!(err.to_string().contains("1048576-byte limit"), "{err}");
}

#[tokio::test]
async fn error_answers_are_kept_whole_and_never_show_the_key() {
    let echo = format!(
        r#"{{"errors": [{{"code": "access_denied|invalid_key", "message": "key {KEY} refused"}}, {{"code": "x", "message": "y"}}]}}"#
    );
    let server = StandIn::start(move |request, _| {
        if request.path.ends_with("/1") {
            Reply::Raw(
                401,
                vec![("content-type", "application/json".into())],
                echo.clone().into_bytes(),
            )
        } else {
            json_reply(404, fixture("riboseinc-digicert/errors.json"))
        }
    })
    .await;
    let client = client(&server.base_url);
    let err = client.order_info(1).await.unwrap_err();
    assert_eq!(err.api_errors().len(), 2);
    assert_eq!(err.code().as_deref(), Some("access_denied|invalid_key"));
    for text in [
        err.to_string(),
        format!("{err:?}"),
        err.raw_body().unwrap().to_owned(),
    ] {
        assert!(!text.contains(KEY), "{text}");
    }
    // An error body that is not the documented list is kept as received.
    let err = client.order_info(2).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.api_errors().is_empty());
    assert!(err.to_string().contains("not_found|route"), "{err}");
}

#[tokio::test]
async fn an_answer_that_echoes_the_key_is_read_without_it() {
    let mut order = example("OrderInfoPending");
    order["certificate"]["common_name"] = Value::from(format!("{KEY}.example.com"));
    let server = StandIn::start(move |_, _| json_reply(200, order.clone())).await;
    let order = client(&server.base_url).order_info(4400601).await.unwrap();
    let shown = serde_json::to_string(&order).unwrap();
    assert!(!shown.contains(KEY), "{shown}");
    assert_eq!(order.id, 4400601);
}

// The certificate.

/// The blocks of a PEM file, reversed and with CRLF line ends.
fn reversed_crlf(pem: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(pem.to_vec()).unwrap();
    let mut blocks: Vec<String> = text
        .split_inclusive("-----END CERTIFICATE-----\n")
        .filter(|b| b.contains("BEGIN"))
        .map(str::to_owned)
        .collect();
    blocks.reverse();
    blocks.concat().replace('\n', "\r\n").into_bytes()
}

#[tokio::test]
async fn the_chain_download_asks_for_pem_all_and_puts_the_leaf_first() {
    let served = reversed_crlf(&fixture_bytes("riboseinc-digicert/certificate.pem"));
    let server = StandIn::start(move |_, _| {
        Reply::Raw(
            200,
            vec![("content-type", "text/plain".into())],
            served.clone(),
        )
    })
    .await;
    let chain = client(&server.base_url)
        .download_chain(4400602)
        .await
        .unwrap();
    assert!(chain.reordered);
    assert_eq!(chain.certificates, 3);
    assert!(!chain.pem.contains('\r'));
    // Leaf first, as the public client received it.
    let original = String::from_utf8(fixture_bytes("riboseinc-digicert/certificate.pem")).unwrap();
    assert_eq!(chain.pem, original);
    let request = &server.requests()[0];
    assert_request(
        request,
        "GET",
        "/certificate/download/order/4400602/format/pem_all",
    );
}

#[tokio::test]
async fn a_downloaded_mark_chain_verifies() {
    let served = reversed_crlf(&mark_fixture("paypal-2024/chain.pem"));
    let server = StandIn::start(move |_, _| Reply::Raw(200, Vec::new(), served.clone())).await;
    let chain = client(&server.base_url).download_chain(1).await.unwrap();
    // 2024-10-01T00:00:00Z, inside the chain's validity.
    let at = UNIX_EPOCH + Duration::from_secs(1_727_740_800);
    let verification = verify_chain(
        chain.pem.as_bytes(),
        &VerifyOptions::new().at(at).domain("paypal.com"),
    );
    assert!(verification.is_valid(), "{}", verification.report.to_text());
}

#[tokio::test]
async fn a_download_that_is_not_a_chain_is_an_error() {
    let placeholder = fixture_bytes(
        "digicert-digicert_client/TestDownloadCertificate.v2_download_order_response.pem_all.txt",
    );
    let server = StandIn::start(move |_, _| Reply::Raw(200, Vec::new(), placeholder.clone())).await;
    let err = client(&server.base_url)
        .download_chain(1)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a usable PEM chain"), "{err}");
}

// Waiting for issuance.

fn order_with_status(id: i64, status: &str) -> Value {
    let mut order = example("OrderInfoPending");
    order["id"] = Value::from(id);
    order["status"] = Value::from(status);
    order
}

#[tokio::test]
async fn a_wait_goes_from_pending_to_issued_through_429s() {
    // Poll 1: pending. Poll 2: two 429s, then issued.
    let server = StandIn::start(|_, earlier| match earlier.len() {
        0 => json_reply(200, order_with_status(7, "pending")),
        1 | 2 => rate_limited(),
        _ => json_reply(200, order_with_status(7, "issued")),
    })
    .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let started = Instant::now();
    let outcome = client(&server.base_url)
        .wait_until_issued(
            7,
            &WaitOptions::new().interval(Duration::from_secs(1)),
            move |event| seen.lock().unwrap().push(event.clone()),
        )
        .await
        .unwrap();
    let WaitOutcome::Issued { order } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(order.id, 7);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert!(requests.iter().all(|r| r.path == "/order/certificate/7"));
    // The second poll came an interval after the first.
    assert!(requests[1].at - requests[0].at >= Duration::from_secs(1));
    assert!(started.elapsed() < Duration::from_secs(5));
    let events = events.lock().unwrap();
    let statuses: Vec<(OrderStatus, Option<OrderStatus>, bool)> = events
        .iter()
        .map(|e| match e {
            WaitEvent::Polled {
                order,
                previous,
                changed,
                ..
            } => (order.status.clone(), previous.clone(), *changed),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (OrderStatus::Pending, None, true),
            (OrderStatus::Issued, Some(OrderStatus::Pending), true)
        ]
    );
}

#[tokio::test]
async fn a_wait_resumes_from_an_alternative_order_id() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            json_reply(200, lookup_answer(&[(4400601, Some("brandvmc2026a"))]))
        } else {
            json_reply(200, order_with_status(4400601, "issued"))
        }
    })
    .await;
    let outcome = client(&server.base_url)
        .wait_until_issued(
            OrderRef::alternative("brandvmc2026a"),
            &WaitOptions::new(),
            |_| {},
        )
        .await
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::Issued { .. }), "{outcome:?}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/order/alternate/brandvmc2026a",
            "/order/certificate/4400601"
        ]
    );

    // Two orders carry the id, or none: nothing is polled.
    for found in [
        lookup_answer(&[(1, Some("twice")), (2, Some("twice"))]),
        lookup_answer(&[]),
    ] {
        let server = StandIn::start(move |_, _| json_reply(200, found.clone())).await;
        let err = client(&server.base_url)
            .wait_until_issued(OrderRef::alternative("twice"), &WaitOptions::new(), |_| {})
            .await
            .unwrap_err();
        assert!(matches!(err, Error::OrderNotResolved { .. }), "{err:?}");
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_wait_ends_on_a_final_status_and_at_the_deadline() {
    for status in ["rejected", "canceled", "revoked", "expired"] {
        let server =
            StandIn::start(move |_, _| json_reply(200, order_with_status(7, status))).await;
        // A deadline, so that a wait that wrongly goes on fails instead of hanging.
        let options = WaitOptions::new().timeout(Duration::from_millis(500));
        let outcome = client(&server.base_url)
            .wait_until_issued(7, &options, |_| {})
            .await
            .unwrap();
        let WaitOutcome::Ended { status: ended, .. } = outcome else {
            panic!("{status}: {outcome:?}")
        };
        assert_eq!(ended.as_str(), status);
    }

    // Pending throughout: polls at 0 s and 1 s; the next would start past the deadline
    // (1.5 s), so the wait gives up there.
    let server = StandIn::start(|_, _| json_reply(200, order_with_status(7, "pending"))).await;
    let options = WaitOptions::new()
        .interval(Duration::from_secs(1))
        .timeout(Duration::from_millis(1500));
    let outcome = client(&server.base_url)
        .wait_until_issued(7, &options, |_| {})
        .await
        .unwrap();
    let WaitOutcome::Deadline { last: Some(last) } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(last.status, OrderStatus::Pending);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_wait_polls_no_faster_than_the_floor() {
    let server = StandIn::start(|_, _| json_reply(200, order_with_status(7, "pending"))).await;
    let options = WaitOptions::new()
        .interval(Duration::from_millis(1))
        .timeout(Duration::from_millis(1200));
    client(&server.base_url)
        .wait_until_issued(7, &options, |_| {})
        .await
        .unwrap();
    // 0 s, 1 s, and the last poll at the deadline.
    assert!(
        server.requests().len() <= 3,
        "{} polls",
        server.requests().len()
    );
}

#[tokio::test]
async fn a_wait_rides_out_trouble_and_stops_on_a_refusal() {
    let server = StandIn::start(|_, earlier| match earlier.len() {
        // A server error (retried twice by the read policy, then reported)...
        0..=2 => json_reply(503, json!({})),
        // ...then issued at the next poll.
        _ => json_reply(200, order_with_status(7, "issued")),
    })
    .await;
    let troubles = Arc::new(Mutex::new(0));
    let counted = troubles.clone();
    let outcome = client(&server.base_url)
        .wait_until_issued(
            7,
            &WaitOptions::new().interval(Duration::from_secs(1)),
            move |event| {
                if matches!(event, WaitEvent::Trouble { .. }) {
                    *counted.lock().unwrap() += 1;
                }
            },
        )
        .await
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::Issued { .. }));
    assert_eq!(*troubles.lock().unwrap(), 1);

    let server = StandIn::start(|_, _| {
        json_reply(
            404,
            json!({"errors": [{"code": "not_found|order", "message": "no"}]}),
        )
    })
    .await;
    let err = client(&server.base_url)
        .wait_until_issued(7, &WaitOptions::new(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code().as_deref(), Some("not_found|order"));
    assert_eq!(server.requests().len(), 1);
}
