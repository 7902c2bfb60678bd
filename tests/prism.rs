//! Conformance with the OpenAPI document, checked by a real mock server (Prism).
//!
//! Runs when `PRISM_URL` names a `prism mock openapi/mark-certificates.yaml` server, as
//! `.ci/run` arranges; without it the test says so and checks nothing. Every request payload
//! pinned in `tests/snapshots/` is sent through `MarkClient` and must be accepted with no
//! `sl-violations` header; a deliberately broken body sent through the raw generated client
//! must be reported as a violation.

use std::time::Duration;

use digicert_mark_certs::order::{MarkOrder, PreparedOrder};
use digicert_mark_certs::raw::{Client, Hooks};
use digicert_mark_certs::{MarkClient, Placement, RetryPolicy, types};
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
];

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
        let placed = match *kind {
            "vmc" => send::<types::VmcOrderRequest>(&client, body).await,
            _ => send::<types::CmcOrderRequest>(&client, body).await,
        };
        let placed = placed.unwrap_or_else(|e| panic!("{name}: {e} ({:?})", e.raw_body()));
        let Placement::Answered(placed) = placed else {
            panic!("{name}: {placed:?}")
        };
        let violations = placed.headers.get("sl-violations");
        assert!(violations.is_none(), "{name}: {violations:?}");
    }

    // Bypassing validation: order_validity.years 9 and no organization details or id.
    let mut broken: types::VmcOrderRequest =
        serde_json::from_value(snapshot_body("request_minimal_vmc")).unwrap();
    broken.order_validity.years = 9.try_into().unwrap();
    // The generated client with only the key added, so the body is the one violation.
    // A plain reqwest client needs a TLS provider installed for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("X-DC-DEVKEY", "conformance-key".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let raw = Client::new_with_client(&prism, http, Hooks::default());
    let outcome = raw.order_vmc().body(broken).send().await;
    let err = outcome.expect_err("Prism must refuse years = 9");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422), "{err:?}");
    let detail = format!("{err:?}");
    assert!(detail.contains("sl-violations"), "Prism explains: {detail}");
    assert!(
        detail.contains("order_validity.years must be <= 3"),
        "{detail}"
    );

    println!(
        "prism conformance: {} payloads accepted, 1 broken body refused",
        REQUEST_SNAPSHOTS.len()
    );
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
