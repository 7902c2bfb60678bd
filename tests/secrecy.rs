//! The API key, card number and CVV appear in no Display, Debug, log line, panic message or
//! printed server text, on any path: success, invalid order, refusal, rate limit, unclear
//! outcomes, bad or hostile answers (one that echoes the request), transport failure,
//! configuration errors, and validation of bodies that put card data where it does not go.

mod common;
#[path = "common/logs.rs"]
mod logs;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::standin::{Reply, StandIn, lookup_answer};
use digicert_mark_certs::order::{
    CardPayment, MarkOrder, NewBillingAddress, OrderExt, OrderKind, Payment, PreparedOrder,
    billing_address, existing_organization,
};
use digicert_mark_certs::{MarkClient, RetryPolicy, types};
use serde_json::{Value, json};

const KEY_MARKER: &str = "KEYMARKER7f3a9c1e5b";
/// Passes the Luhn check, as a real card number does.
const CARD_NUMBER: &str = "4000123412341234";
const CVV: u16 = 9876;
/// A card number with one digit wrong: it fails the Luhn check masking relies on.
const MISTYPED_CARD: &str = "4000123412341235";

fn card_order() -> types::VmcOrderRequest {
    let address = billing_address(NewBillingAddress {
        address: "1 Street".into(),
        city: "Lehi".into(),
        country: "us".into(),
        ..Default::default()
    })
    .unwrap();
    let card = CardPayment::new(CARD_NUMBER, 12, 2030, CVV, "Jane Doe", address).unwrap();
    types::VmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
        .unwrap()
        .with_payment(Payment::Card(Box::new(card)))
}

fn client(base_url: &str, key: &str) -> MarkClient {
    MarkClient::builder(key)
        .base_url(base_url)
        .timeout(Duration::from_millis(300))
        .retry_policy(
            RetryPolicy::default()
                .rate_limit_retries(1)
                .resends(1)
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .lookup_window(Duration::from_millis(40)),
        )
        .build()
        .unwrap()
}

/// An answer that repeats the whole request back: body and key.
fn echo(status: u16) -> impl Fn(&common::standin::Recorded, &[common::standin::Recorded]) -> Reply {
    move |request, _| {
        let echoed = json!({
            "errors": [{
                "code": "echo",
                "message": format!(
                    "you sent {} with key {}",
                    String::from_utf8_lossy(&request.body),
                    request.header("x-dc-devkey").unwrap_or_default()
                )
            }],
            "id": 5,
            "request": request.json()
        });
        Reply::Json(status, echoed)
    }
}

/// An answer whose strings hide the secrets behind JSON `\u` escapes.
fn escaped_echo() -> String {
    let key = format!(
        "\\u{:04X}{}",
        u32::from(KEY_MARKER.as_bytes()[0]),
        &KEY_MARKER[1..]
    );
    let cvv = CVV.to_string();
    let cvv = format!(
        "{}\\u{:04X}{}",
        &cvv[..2],
        u32::from(cvv.as_bytes()[2]),
        &cvv[3..]
    );
    format!(
        r#"{{"id":5,"requests":[{{"id":1,"status":"{key} {cvv}"}}],"errors":[{{"code":"{key}|{cvv}","message":"key {key} cvv {cvv}"}}],"x":"{key}"}}"#
    )
}

/// Every way an answer can go; each yields the texts a user could see.
async fn client_paths() -> (Vec<String>, usize) {
    let approved = common::component_example(&common::document(), "OrderApproved");
    let errors = json!({"errors": [{"code": "invalid_input", "message": "bad"}]});
    type Script = Box<
        dyn Fn(&common::standin::Recorded, &[common::standin::Recorded]) -> Reply + Send + Sync,
    >;
    let split = |post: Box<dyn Fn() -> Reply + Send + Sync>,
                 lookup: Box<dyn Fn() -> Reply + Send + Sync>|
     -> Script {
        Box::new(move |request, _| {
            if request.method == "POST" {
                post()
            } else {
                lookup()
            }
        })
    };
    let cases: Vec<(&str, Script)> = vec![
        ("success", {
            let a = approved.clone();
            split(
                Box::new(move || Reply::Json(201, a.clone())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            )
        }),
        ("refused", {
            let e = errors.clone();
            split(
                Box::new(move || Reply::Json(400, e.clone())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            )
        }),
        ("rate limited", {
            let e = errors.clone();
            split(
                Box::new(move || Reply::Json(429, e.clone())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            )
        }),
        (
            "server error, not placed",
            split(
                Box::new(|| Reply::Raw(500, vec![], b"oops".to_vec())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        (
            "timeout, lookup fails",
            split(
                Box::new(|| Reply::Hang),
                Box::new(|| Reply::Json(500, json!({}))),
            ),
        ),
        (
            "unreadable success",
            split(
                Box::new(|| Reply::Raw(201, vec![], b"not json".to_vec())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        (
            "redirect",
            split(
                Box::new(|| Reply::Redirect(307, "http://127.0.0.1:9/x".into())),
                Box::new(|| Reply::Json(200, lookup_answer(&[(1, None)]))),
            ),
        ),
        (
            "endless",
            split(
                Box::new(|| Reply::Endless {
                    status: 201,
                    total: Some(2 * 1024 * 1024),
                }),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        ("echo refused", Box::new(echo(400))),
        (
            "redirect naming the secrets",
            split(
                Box::new(|| {
                    Reply::Redirect(
                        302,
                        format!(
                            "https://elsewhere.example/x?key={KEY_MARKER}&cvv={CVV}&n={CARD_NUMBER}"
                        ),
                    )
                }),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        (
            "escaped echo refused",
            split(
                Box::new(|| Reply::Raw(400, vec![], escaped_echo().into_bytes())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        (
            "escaped echo placed",
            split(
                Box::new(|| Reply::Raw(201, vec![], escaped_echo().into_bytes())),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        ("headers echo placed", {
            let a = approved.clone();
            split(
                Box::new(move || {
                    Reply::Raw(
                        201,
                        vec![
                            ("x-echo", KEY_MARKER.to_owned()),
                            ("set-cookie", format!("cvv={CVV}; card={CARD_NUMBER}")),
                        ],
                        a.to_string().into_bytes(),
                    )
                }),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            )
        }),
        (
            "dotted card number refused",
            split(
                Box::new(|| {
                    Reply::Raw(400, vec![], b"{\"errors\":[{\"code\":\"x\",\"message\":\"card 4000.1234.1234.1234 refused\"}]}".to_vec())
                }),
                Box::new(|| Reply::Json(200, lookup_answer(&[]))),
            ),
        ),
        ("echo placed", Box::new(echo(201))),
        ("echo server error", Box::new(echo(500))),
    ];
    let mut texts = Vec::new();
    let mut keys_seen_by_servers = 0;
    for (name, script) in cases {
        let server = StandIn::start(script).await;
        let client = client(&server.base_url, KEY_MARKER);
        texts.push(format!("{name}: {client:?}"));
        let prepared = PreparedOrder::new(card_order()).unwrap();
        texts.push(format!("{name}: {prepared:?}"));
        match client.place(&prepared).await {
            Ok(placement) => texts.push(format!("{name}: {placement:?}")),
            Err(e) => texts.push(format!(
                "{name}: {e} / {e:?} / {:?} / {:?}",
                std::error::Error::source(&e),
                e.raw_body()
            )),
        }
        match client.find_orders(prepared.alternative_order_id()).await {
            Ok(found) => texts.push(format!("{name} lookup: {found:?}")),
            Err(e) => texts.push(format!("{name} lookup: {e} / {e:?}")),
        }
        keys_seen_by_servers += server
            .requests()
            .iter()
            .filter(|r| r.header("x-dc-devkey") == Some(KEY_MARKER))
            .count();
    }
    (texts, keys_seen_by_servers)
}

/// Bodies that put card data where a message might quote it.
fn misplaced_card_data() -> Vec<Value> {
    let card = json!({"number": CARD_NUMBER, "expiration_month": 1, "expiration_year": 2030, "cvv": CVV, "cardholder_name": "J"});
    let base = json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 1},
        "order_validity": {"years": 1},
        "payment_method": "card"
    });
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    vec![
        with("credit_card", Value::from(format!("{CARD_NUMBER} {CVV}"))),
        with("credit_card", json!([CARD_NUMBER, CVV])),
        with(
            "credit_card",
            json!({"number": CARD_NUMBER.parse::<u64>().unwrap(), "cvv": format!("{CVV}")}),
        ),
        json!({"order": with("credit_card", card.clone())}),
        json!([with("credit_card", card.clone())]),
        json!([{"credit_card": {"cvv": CVV}}]),
        with(
            "vat_number",
            Value::from(CARD_NUMBER.parse::<u64>().unwrap()),
        ),
        with("comments", json!({"note": CARD_NUMBER})),
        with(
            "alternative_order_id",
            Value::from(format!("{CARD_NUMBER}-x")),
        ),
        with("dcv_method", Value::from(format!("card {CARD_NUMBER}"))),
        with("credit_cards", card.clone()),
        with(
            "organization",
            json!({"id": 1, "contacts": [{"contact_type": "verified_contact", "card": card.clone()}]}),
        ),
        with("certificate", json!({"dns_names": card.clone()})),
        with("order_validity", json!({"years": {"cvv": CVV}})),
        with("custom_fields", json!([card.clone()])),
        with("vmc", json!([card])),
        with(
            "organization",
            json!({"id": 1, "contacts": format!("{MISTYPED_CARD} cvv {CVV}")}),
        ),
    ]
}

#[tokio::test]
async fn no_secret_leaks_on_any_path() {
    let (subscriber, captured) = logs::subscriber(tracing::Level::TRACE);
    let _guard = tracing::subscriber::set_default(subscriber);

    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = panics.clone();
    std::panic::set_hook(Box::new(move |info| {
        seen.lock().unwrap().push(info.to_string())
    }));

    let (mut texts, keys_seen_by_servers) = client_paths().await;

    // An invalid order: nothing sent, the report must not quote the card either.
    let mut invalid = card_order();
    invalid.credit_card.as_mut().unwrap().cvv =
        digicert_mark_certs::secret::CardVerificationValue::new(12);
    let err = client("http://127.0.0.1:9", KEY_MARKER)
        .order(invalid)
        .await
        .unwrap_err();
    texts.push(format!("invalid: {err} / {err:?}"));

    // Nothing listening.
    let err = client("http://127.0.0.1:9", KEY_MARKER)
        .order(card_order())
        .await
        .unwrap_err();
    texts.push(format!("transport: {err} / {err:?}"));

    // Keys a header cannot carry, or with a base the key must not travel to.
    for builder in [
        MarkClient::builder(format!("{KEY_MARKER}\nsecond line")),
        MarkClient::builder(KEY_MARKER).base_url("http://example.com"),
        MarkClient::builder("k").base_url(format!("http://x:{KEY_MARKER}@example.com/")),
        MarkClient::builder("k").base_url(format!("ftp://u:{KEY_MARKER}@x/")),
        MarkClient::builder("k").base_url(format!("https://user:{KEY_MARKER}@[bad")),
    ] {
        texts.push(format!("config: {builder:?}"));
        let err = builder.build().unwrap_err();
        texts.push(format!("config: {err} / {err:?}"));
    }

    // Card data in the wrong place of a body.
    for body in misplaced_card_data() {
        for kind in [OrderKind::Vmc, OrderKind::Cmc] {
            let report = common::validate_as(kind, &body);
            assert!(!report.is_clean(), "{body}");
            texts.push(format!("{report:?}\n{}", report.to_text()));
        }
    }

    // The order and its parts.
    texts.push(format!("order: {:?}", card_order()));

    let _ = std::panic::take_hook();
    let logs = captured.text();
    assert!(
        logs.contains("sending the order"),
        "the log capture works: {logs}"
    );
    assert!(
        keys_seen_by_servers >= 10,
        "the key was really sent: {keys_seen_by_servers}"
    );
    let everything = format!(
        "{}\n{logs}\n{}",
        texts.join("\n"),
        panics.lock().unwrap().join("\n")
    );
    assert_no_secret(&everything);
}

/// A leaked value prints as a token of its own ("cvv: 9876"); a random id or port that
/// happens to contain the same digits is a longer token and is no leak.
#[track_caller]
fn assert_no_secret(everything: &str) {
    let tokens: Vec<&str> = everything
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect();
    for secret in [KEY_MARKER, CARD_NUMBER, MISTYPED_CARD, &CVV.to_string()] {
        assert!(
            !tokens.contains(&secret),
            "{secret} leaked in:\n{everything}"
        );
    }
    // Grouped digits of the card are no better.
    for grouped in ["4000 1234 1234 1234", "4000.1234.1234.1234"] {
        assert!(
            !everything.contains(grouped),
            "{grouped} leaked in:\n{everything}"
        );
    }
}

#[cfg(feature = "cli")]
#[path = "common/cli.rs"]
mod cli;

#[cfg(feature = "cli")]
#[tokio::test(flavor = "multi_thread")]
async fn the_command_prints_no_secret_on_any_path() {
    let mut printed = Vec::new();
    for body in misplaced_card_data() {
        for command in ["validate", "order"] {
            let body = body.clone();
            let out = tokio::task::spawn_blocking(move || {
                let args = [command, "vmc", "-", "--dry-run"];
                let args = if command == "validate" {
                    &args[..3]
                } else {
                    &args[..]
                };
                cli::markcert(args, body.to_string().as_bytes())
            })
            .await
            .unwrap();
            printed.push(String::from_utf8_lossy(&out.stdout).into_owned());
            printed.push(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    }
    // A hostile server that echoes the order and the key, in every kind of answer.
    let order = serde_json::to_string(&card_order()).unwrap();
    for status in [201, 400, 429, 500] {
        let server = StandIn::start(echo(status)).await;
        let (base, order) = (server.base_url.clone(), order.clone());
        let out = tokio::task::spawn_blocking(move || {
            cli::markcert_with_key(
                &[
                    "-vv",
                    "order",
                    "vmc",
                    "-",
                    "--yes",
                    "--base-url",
                    &base,
                    "--lookup-window",
                    "50ms",
                    "--retries",
                    "0",
                ],
                order.as_bytes(),
                Some(KEY_MARKER),
            )
        })
        .await
        .unwrap();
        assert!(server.order_posts() >= 1);
        printed.push(String::from_utf8_lossy(&out.stdout).into_owned());
        printed.push(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let everything = printed.join("\n");
    assert!(
        everything.contains("echo"),
        "the echo reached the output: {everything}"
    );
    assert_no_secret(&everything);
}
