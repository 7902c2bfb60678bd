//! The API key, card number and CVV appear in no Display, Debug, log line or panic message,
//! on any path: success, invalid order, refusal, rate limit, unclear outcomes, bad answers,
//! transport failure, configuration errors.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use digicert_mark_certs::order::{
    CardPayment, OrderExt, Payment, existing_organization, vmc_order,
};
use digicert_mark_certs::{MarkClient, RetryPolicy, types};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY_MARKER: &str = "KEYMARKER7f3a9c1e5b";
const CARD_NUMBER: &str = "4000123412341234";
const CVV: u16 = 9876;

/// Collects everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn card_order() -> types::VmcOrderRequest {
    let address = types::BillingAddress {
        address: "1 Street".into(),
        address2: None,
        city: "Lehi".into(),
        state: None,
        country: "us".into(),
        zip: None,
        extra: Default::default(),
    };
    let card = CardPayment::new(CARD_NUMBER, 12, 2030, CVV, "Jane Doe", address).unwrap();
    vmc_order(["example.com"], existing_organization(1).unwrap(), 1)
        .unwrap()
        .with_payment(Payment::Card(Box::new(card)))
}

fn client(base_url: &str, key: &str) -> MarkClient {
    MarkClient::builder(key)
        .base_url(base_url)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy {
            rate_limit_retries: 1,
            resends: 1,
            backoff_base: Duration::from_millis(1),
            backoff_max: Duration::from_millis(5),
            lookup_delay: Duration::from_millis(1),
        })
        .build()
        .unwrap()
}

/// One fault: how the order POST and the lookup are answered.
async fn server(post: ResponseTemplate, lookup: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(post)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(lookup)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn no_secret_leaks_on_any_path() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .without_time()
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = panics.clone();
    std::panic::set_hook(Box::new(move |info| {
        seen.lock().unwrap().push(info.to_string())
    }));

    let approved = common::component_example(&common::document(), "OrderApproved");
    let errors = json!({"errors": [{"code": "invalid_input", "message": "bad"}]});
    let cases = vec![
        (
            "success",
            ResponseTemplate::new(201).set_body_json(&approved),
            ResponseTemplate::new(200),
        ),
        (
            "refused",
            ResponseTemplate::new(400).set_body_json(&errors),
            ResponseTemplate::new(200),
        ),
        (
            "rate limited",
            ResponseTemplate::new(429).set_body_json(&errors),
            ResponseTemplate::new(200),
        ),
        (
            "server error, not placed",
            ResponseTemplate::new(500).set_body_string("oops"),
            ResponseTemplate::new(200).set_body_json(json!({"orders": []})),
        ),
        (
            "timeout, lookup fails",
            ResponseTemplate::new(201).set_delay(Duration::from_secs(2)),
            ResponseTemplate::new(500),
        ),
        (
            "unreadable success",
            ResponseTemplate::new(201).set_body_string("not json"),
            ResponseTemplate::new(200),
        ),
        (
            "unexpected lookup",
            ResponseTemplate::new(502),
            ResponseTemplate::new(200).set_body_string("?"),
        ),
    ];

    let mut texts = Vec::new();
    let mut keys_seen_by_servers = 0;
    for (name, post, lookup) in cases {
        let server = server(post, lookup).await;
        let client = client(&server.uri(), KEY_MARKER);
        texts.push(format!("{name}: {client:?}"));
        match client.order_vmc(card_order()).await {
            Ok(placed) => texts.push(format!("{name}: {placed:?}")),
            Err(e) => texts.push(format!(
                "{name}: {e} / {e:?} / {:?}",
                std::error::Error::source(&e)
            )),
        }
        let requests = server.received_requests().await.unwrap();
        keys_seen_by_servers += requests
            .iter()
            .filter(|r| {
                r.headers
                    .get("x-dc-devkey")
                    .is_some_and(|v| v == KEY_MARKER)
            })
            .count();
    }

    // An invalid order: nothing sent, the report must not quote the card either.
    let mut invalid = card_order();
    invalid.credit_card.as_mut().unwrap().cvv =
        digicert_mark_certs::secret::CardVerificationValue::new(12);
    let err = client("http://127.0.0.1:9", KEY_MARKER)
        .order_vmc(invalid)
        .await
        .unwrap_err();
    texts.push(format!("invalid: {err} / {err:?}"));

    // Nothing listening.
    let err = client("http://127.0.0.1:9", KEY_MARKER)
        .order_vmc(card_order())
        .await
        .unwrap_err();
    texts.push(format!("transport: {err} / {err:?}"));

    // A key a header cannot carry.
    let err = MarkClient::builder(format!("{KEY_MARKER}\n"))
        .build()
        .unwrap_err();
    texts.push(format!("config: {err} / {err:?}"));

    // The order and its parts.
    texts.push(format!("order: {:?}", card_order()));

    let _ = std::panic::take_hook();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("sending order"),
        "the log capture works: {logs}"
    );
    assert!(
        keys_seen_by_servers >= 7,
        "the key was really sent: {keys_seen_by_servers}"
    );

    let everything = format!(
        "{}\n{logs}\n{}",
        texts.join("\n"),
        panics.lock().unwrap().join("\n")
    );
    // A leaked value prints as a token of its own ("cvv: 9876"); a random id or port that
    // happens to contain the same digits is a longer token and is no leak.
    let tokens: Vec<&str> = everything
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect();
    for secret in [KEY_MARKER, CARD_NUMBER, &CVV.to_string()] {
        assert!(
            !tokens.contains(&secret),
            "{secret} leaked in:\n{everything}"
        );
    }
}
