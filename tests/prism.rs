//! Conformance with the OpenAPI document, checked by a real mock server (Prism).
//!
//! Runs when `PRISM_URL` names a `prism mock openapi/mark-certificates.yaml` server, as
//! `.ci/run` arranges; without it the test says so and checks nothing. Every request payload
//! pinned in `tests/snapshots/` is sent through `MarkClient` (orders, mark updates, cancels,
//! logo uploads) and must be accepted with no `sl-violations` header; every operation that
//! only reads is called and its example answer must read as the generated type; the SVG
//! upload, which the Rust client does not generate, is sent as the document describes it; a
//! deliberately broken order and a misspelt mark update must be reported as violations.

use std::time::Duration;

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{MarkOrder, PreparedOrder};
use digicert_mark_certs::raw::{Client, Hooks};
use digicert_mark_certs::types::DcvMethod;
use digicert_mark_certs::{MarkClient, OrderQuery, Placement, RetryPolicy, types};
use serde_json::Value;

/// Which endpoint each request snapshot is for. A new request snapshot must be added here.
const REQUEST_SNAPSHOTS: &[(&str, &str)] = &[
    ("request_cmc_seed_example", "cmc"),
    ("request_vmc_registered_mark_example", "vmc"),
    ("request_vmc_government_mark_example", "vmc"),
    ("request_minimal_vmc", "vmc"),
    ("request_minimal_cmc", "cmc"),
    ("request_payment_balance", "cmc"),
    ("request_payment_profile", "cmc"),
    ("request_payment_card", "cmc"),
    ("request_payment_card_then_balance_drops_the_card", "cmc"),
    ("request_mark_registered", "vmc"),
    ("request_mark_government", "vmc"),
    ("request_renewal_of_order_id", "vmc"),
    ("request_renewal_of_thumbprint", "vmc"),
    ("request_new_organization_with_contacts", "cmc"),
    ("request_existing_organization_with_user_contacts", "cmc"),
    ("request_enable_hosting_is_a_json_boolean", "cmc"),
    ("cli_dry_run_of_the_bundled_vmc_order", "vmc"),
    ("request_lifecycle_mark_update_registered", "mark_update"),
    (
        "request_lifecycle_mark_update_government_with_hosting",
        "mark_update",
    ),
    ("request_lifecycle_mark_update_hosting_off", "mark_update"),
    ("request_lifecycle_cancel", "cancel"),
    ("request_lifecycle_encoded_logo", "encoded_logo"),
];

/// The order id the operations after ordering are sent for.
const ORDER_ID: i64 = 4400601;

fn snapshot_body(name: &str) -> Value {
    let path = format!(
        "{}/tests/snapshots/snapshots__{name}.snap",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    // insta files: a `---` delimited header, then the snapshot itself.
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .unwrap_or_else(|| panic!("{path}: no body"));
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_request_snapshot_is_listed() {
    let dir = format!("{}/tests/snapshots", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let name = name
            .trim_start_matches("snapshots__")
            .trim_end_matches(".snap");
        if name.starts_with("request_") || name.starts_with("cli_") {
            assert!(
                REQUEST_SNAPSHOTS.iter().any(|(n, _)| *n == name),
                "{name} is not listed"
            );
        }
    }
}

#[tokio::test]
async fn snapshot_payloads_conform_and_a_broken_body_does_not() {
    let Ok(prism) = std::env::var("PRISM_URL") else {
        println!("prism conformance: skipped (PRISM_URL is not set; .ci/run sets it)");
        return;
    };
    let client = MarkClient::builder("conformance-key")
        .base_url(&prism)
        .retry_policy(
            RetryPolicy::default()
                .rate_limit_retries(0)
                .resends(0)
                .lookup_window(Duration::from_millis(40)),
        )
        .build()
        .unwrap();

    for (name, kind) in REQUEST_SNAPSHOTS {
        let body = snapshot_body(name);
        if send_after_ordering(&client, kind, &body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e} ({:?})", e.raw_body()))
        {
            continue;
        }
        let placed = match *kind {
            "vmc" => send::<types::VmcOrderRequest>(&client, body).await,
            _ => send::<types::CmcOrderRequest>(&client, body).await,
        };
        let placed = placed.unwrap_or_else(|e| panic!("{name}: {e} ({:?})", e.raw_body()));
        match placed {
            Placement::Answered(placed) => {
                let violations = placed.headers.get("sl-violations");
                assert!(violations.is_none(), "{name}: {violations:?}");
            }
            // A body with an alternative order id is looked up before it is sent, and Prism's
            // example answer names an order, so the client rightly sends nothing. The body is
            // then posted through the generated client alone, to be checked all the same.
            Placement::FoundByLookup(found) if found.posts == 0 => {
                post_unchecked(&prism, kind, snapshot_body(name)).await;
            }
            other => panic!("{name}: {other:?}"),
        }
    }

    // Bypassing validation: order_validity.years 9 and no organization details or id.
    let mut broken: types::VmcOrderRequest =
        serde_json::from_value(snapshot_body("request_minimal_vmc")).unwrap();
    broken.order_validity.years = 9.try_into().unwrap();
    // The generated client with only the key added, so the body is the one violation.
    let raw = raw_client(&prism);
    let outcome = raw.order_vmc().body(broken).send().await;
    let err = outcome.expect_err("Prism must refuse years = 9");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422), "{err:?}");
    let detail = format!("{err:?}");
    assert!(detail.contains("sl-violations"), "Prism explains: {detail}");
    assert!(
        detail.contains("order_validity.years must be <= 3"),
        "{detail}"
    );

    let reads = reads_conform(&client, &raw).await;
    let svg = svg_upload_conforms(&prism).await;
    mark_update_with_a_misspelt_field_is_refused(&prism).await;

    println!(
        "prism conformance: {} payloads accepted, {reads} more calls and {svg} SVG upload \
         answered, 2 broken bodies refused",
        REQUEST_SNAPSHOTS.len()
    );
}

/// The generated client on a plain reqwest client that adds the key and nothing else (no
/// validation, no retries). A plain reqwest client needs a TLS provider installed for the
/// process.
fn raw_client(prism: &str) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("X-DC-DEVKEY", "conformance-key".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(prism, http, Hooks::default())
}

/// Posts an order body through the generated client with only the key added; Prism must
/// answer 2xx with no violation.
async fn post_unchecked(prism: &str, kind: &str, body: Value) {
    let raw = raw_client(prism);
    let answer = match kind {
        "vmc" => {
            let typed: types::VmcOrderRequest = serde_json::from_value(body).unwrap();
            raw.order_vmc()
                .body(typed)
                .send()
                .await
                .map(|r| r.headers().clone())
        }
        _ => {
            let typed: types::CmcOrderRequest = serde_json::from_value(body).unwrap();
            raw.order_cmc()
                .body(typed)
                .send()
                .await
                .map(|r| r.headers().clone())
        }
    };
    let headers = answer.unwrap_or_else(|e| panic!("{kind} body refused: {e:?}"));
    let violations = headers.get("sl-violations");
    assert!(violations.is_none(), "{kind}: {violations:?}");
}

/// Sends a body of the operations after ordering through `MarkClient`; `false` for an order
/// body. An answer Prism refuses (400, 401, 422) is an error.
async fn send_after_ordering(
    client: &MarkClient,
    kind: &str,
    body: &Value,
) -> Result<bool, digicert_mark_certs::Error> {
    match kind {
        "mark_update" => {
            let update: types::MarkUpdate = serde_json::from_value(body.clone()).unwrap();
            client.update_mark(ORDER_ID, &update).await?;
        }
        "cancel" => {
            let note = body["note"].as_str().unwrap();
            client.cancel_order(ORDER_ID, note).await?;
        }
        "encoded_logo" => {
            let logo = Logo::from_encoded(body["logo"].as_str().unwrap()).unwrap();
            client.upload_logo(ORDER_ID, &logo).await?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Every operation that sends no body, through `MarkClient` (Prism answers the document's
/// examples, which must read as the generated types), and the download through the generated
/// client (its example is a placeholder chain that does not parse). Returns the calls made.
async fn reads_conform(client: &MarkClient, raw: &Client) -> usize {
    let order = client.order_info(ORDER_ID).await.expect("order info");
    assert!(order.id > 0);
    client
        .status_changes(Duration::from_secs(3600))
        .await
        .expect("status changes");
    client
        .status_changes(Duration::from_secs(90))
        .await
        .expect("status changes in seconds");
    // The validation answer Prism gives is the document's first example, which names order
    // 4400401; an answer about another order than the one asked for is refused.
    client
        .validation_status(4400401)
        .await
        .expect("validation status");
    client.order_logo(ORDER_ID).await.expect("order logo");
    client.approval_request(456789012).await.expect("request");
    client.check_dcv(ORDER_ID).await.expect("check dcv");
    let download = raw
        .download_order_certificate()
        .order_id(ORDER_ID)
        .format("pem_all")
        .send()
        .await
        .expect("download");
    assert_eq!(download.status().as_u16(), 200);
    assert!(download.headers().get("sl-violations").is_none());

    // The account and the rest of a certificate's life.
    let orders = client
        .list_orders(&OrderQuery::marks().status("issued"))
        .await
        .expect("list orders");
    assert!(!orders.items.is_empty());
    let organizations = client
        .list_organizations()
        .await
        .expect("list organizations");
    assert!(!organizations.items.is_empty());
    client
        .list_reissues(ORDER_ID, false)
        .await
        .expect("list reissues");
    client
        .set_auto_reissue(ORDER_ID, true)
        .await
        .expect("auto-reissue");
    client
        .change_dcv_method(ORDER_ID, DcvMethod::from("dns-txt-token"))
        .await
        .expect("dcv method");
    client
        .resend_dcv_emails(ORDER_ID)
        .await
        .expect("resend emails");
    client
        .revoke(ORDER_ID, "The mark is no longer used.", false)
        .await
        .expect("revoke");
    // The reissue through the generated client: `MarkClient::reissue` reads the order first,
    // and Prism's example order is not one that may be reissued.
    let reissue: types::ReissueRequest = serde_json::from_value(serde_json::json!({
        "certificate": {"dns_names": ["example.com"]},
        "comments": "New logo"
    }))
    .unwrap();
    let answer = raw
        .reissue_order()
        .order_id(ORDER_ID)
        .body(reissue)
        .send()
        .await
        .expect("reissue");
    assert!(answer.headers().get("sl-violations").is_none());
    16
}

/// The SVG upload, which the Rust client does not generate, sent as the document describes
/// it to a path read from the document.
async fn svg_upload_conforms(prism: &str) -> usize {
    let doc: Value = serde_norway::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/openapi/mark-certificates.yaml"
        ))
        .unwrap(),
    )
    .unwrap();
    let path = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, item)| item["post"]["operationId"] == "upload_order_svg_logo")
        .map(|(path, _)| path.replace("{order_id}", &ORDER_ID.to_string()))
        .expect("the SVG upload is in the document");
    let svg = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap();
    let answer = reqwest::Client::new()
        .post(format!("{prism}{path}"))
        .header("X-DC-DEVKEY", "conformance-key")
        .header("content-type", "image/svg+xml")
        .body(svg)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{answer:?}");
    assert!(
        answer.headers().get("sl-violations").is_none(),
        "{answer:?}"
    );
    1
}

/// A mark update with a misspelt field, sent as raw JSON: the closed schema refuses it.
async fn mark_update_with_a_misspelt_field_is_refused(prism: &str) {
    let answer = reqwest::Client::new()
        .put(format!("{prism}/order/certificate/{ORDER_ID}/vmc"))
        .header("X-DC-DEVKEY", "conformance-key")
        .json(&serde_json::json!({"enable_hostng": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 422, "{answer:?}");
    let violations = answer
        .headers()
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(violations.contains("enable_hostng"), "{violations}");
}

/// Sends a snapshot body as it was pinned: the body already carries its alternative order id.
async fn send<O: MarkOrder>(
    client: &MarkClient,
    body: serde_json::Value,
) -> Result<Placement, digicert_mark_certs::Error> {
    let prepared =
        PreparedOrder::<O>::from_json(&body).map_err(digicert_mark_certs::Error::Invalid)?;
    client.place(&prepared).await
}
