//! `MarkClient` against local servers with injected faults. Each test counts the order POSTs
//! it caused: a duplicate order costs real money.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use digicert_mark_certs::order::{OrderExt, cmc_order, existing_organization, vmc_order};
use digicert_mark_certs::{Error, MarkClient, RequestStatus, RetryPolicy, types};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const VMC: &str = "/order/certificate/vmc_basic";
const CMC: &str = "/order/certificate/mark_certificate";
const KEY: &str = "test-key-0123";

/// Quick retries, so tests take milliseconds.
fn fast() -> RetryPolicy {
    RetryPolicy {
        rate_limit_retries: 3,
        resends: 1,
        backoff_base: Duration::from_millis(5),
        backoff_max: Duration::from_millis(20),
        lookup_delay: Duration::from_millis(5),
    }
}

fn client(base_url: &str) -> MarkClient {
    MarkClient::builder(KEY)
        .base_url(base_url)
        .timeout(Duration::from_millis(500))
        .retry_policy(fast())
        .build()
        .unwrap()
}

fn order() -> types::VmcOrderRequest {
    vmc_order(["example.com"], existing_organization(123456).unwrap(), 1).unwrap()
}

fn approved() -> Value {
    common::component_example(&common::document(), "OrderApproved")
}

fn found(id: &str) -> Value {
    json!({"orders": [{"order_id": 144457096, "certificate_id": 145451175, "status": "pending"}],
           "page": {"total": 1}, "_id": id})
}

fn none() -> Value {
    json!({"orders": [], "page": {"total": 0}})
}

async fn posts(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count()
}

fn sent_body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn success_sends_one_post_with_key_agent_and_a_generated_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(VMC))
        .and(header("x-dc-devkey", KEY))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(approved()))
        .expect(1)
        .mount(&server)
        .await;
    let placed = client(&server.uri()).order_vmc(order()).await.unwrap();
    assert_eq!(placed.order.id, 144457096);
    assert_eq!(placed.order.requests[0].status, RequestStatus::Approved);
    assert_eq!(placed.posts, 1);
    assert!(!placed.found_by_lookup);
    assert_eq!(
        serde_json::from_str::<Value>(&placed.raw_body).unwrap(),
        approved()
    );

    let id = &placed.alternative_order_id;
    assert_eq!(id.len(), 32);
    assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(sent_body(&requests[0])["alternative_order_id"], json!(id));
    let agent = requests[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(agent.starts_with("digicert-mark-certs/"), "{agent}");
}

#[tokio::test]
async fn the_callers_alternative_order_id_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CMC))
        .respond_with(ResponseTemplate::new(201).set_body_json(approved()))
        .mount(&server)
        .await;
    let cmc = cmc_order(["example.com"], existing_organization(1).unwrap(), 1)
        .unwrap()
        .with_alternative_order_id("mine42")
        .unwrap();
    let placed = client(&server.uri()).order_cmc(cmc).await.unwrap();
    assert_eq!(placed.alternative_order_id, "mine42");
}

#[tokio::test]
async fn an_invalid_order_sends_nothing() {
    let server = MockServer::start().await;
    let mut bad = order();
    bad.certificate.dns_names = vec!["not a name".into()];
    let err = client(&server.uri()).order_vmc(bad).await.unwrap_err();
    match &err {
        Error::Invalid(report) => assert!(
            report
                .find("dns-name", "certificate.dns_names[0]")
                .is_some()
        ),
        other => panic!("{other:?}"),
    }
    assert!(err.is_invalid());
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn rate_limited_once_then_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(
                    json!({"errors": [{"code": "request_limit_exceeded", "message": "slow down"}]}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(approved()))
        .mount(&server)
        .await;
    let placed = client(&server.uri()).order_vmc(order()).await.unwrap();
    assert_eq!(placed.posts, 2);
    assert_eq!(posts(&server).await, 2);
}

#[tokio::test]
async fn rate_limited_until_the_retries_run_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(
                    json!({"errors": [{"code": "request_limit_exceeded", "message": "slow down"}]}),
                ),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri()).order_vmc(order()).await.unwrap_err();
    match &err {
        Error::RateLimited {
            attempts,
            retry_after,
            body,
        } => {
            assert_eq!(*attempts, 4, "1 request and 3 retries");
            assert_eq!(*retry_after, Some(Duration::from_secs(1)));
            assert!(body.contains("request_limit_exceeded"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_rate_limited());
    assert_eq!(posts(&server).await, 4);
}

#[tokio::test]
async fn a_refusal_keeps_every_error_and_is_not_retried() {
    let server = MockServer::start().await;
    let refusal = json!({"errors": [
        {"code": "invalid_dns_name", "message": "The DNS name is invalid."},
        {"code": "access_denied|missing_permission", "message": "Not allowed."}
    ]});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(&refusal))
        .mount(&server)
        .await;
    let err = client(&server.uri()).order_vmc(order()).await.unwrap_err();
    let Error::Api {
        status,
        errors,
        body,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(errors.len(), 2);
    assert_eq!(
        (errors[1].code.as_str(), errors[1].variant.as_deref()),
        ("access_denied", Some("missing_permission"))
    );
    assert_eq!(serde_json::from_str::<Value>(body).unwrap(), refusal);
    let text = err.to_string();
    assert!(
        text.contains("invalid_dns_name") && text.contains("access_denied|missing_permission"),
        "{text}"
    );
    assert_eq!(posts(&server).await, 1);
}

#[tokio::test]
async fn a_500_with_html_is_looked_up_and_keeps_the_raw_body() {
    let server = MockServer::start().await;
    let html = "<html><body>Internal Server Error</body></html>";
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string(html))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/order/alternate/[A-Za-z0-9]{32}$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(none()))
        .mount(&server)
        .await;
    let err = client(&server.uri()).order_vmc(order()).await.unwrap_err();
    let Error::NotPlaced { body, reason, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(body.as_deref(), Some(html));
    assert!(reason.contains("500"));
    assert_eq!(err.raw_body(), Some(html));
    // One POST, lookup (none), one resend, lookup (none): two POSTs in all.
    assert_eq!(posts(&server).await, 2);
}

#[tokio::test]
async fn a_timeout_with_the_order_found_returns_it_after_one_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(approved())
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/order/alternate/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(found("x")))
        .mount(&server)
        .await;
    let placed = client(&server.uri()).order_vmc(order()).await.unwrap();
    assert!(placed.found_by_lookup);
    assert_eq!(placed.order.id, 144457096);
    assert_eq!(placed.order.certificate_id, Some(145451175));
    assert_eq!(posts(&server).await, 1);
}

#[tokio::test]
async fn a_timeout_with_a_failed_lookup_is_outcome_unknown_with_the_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .mount(&server)
        .await;
    let err = client(&server.uri()).order_vmc(order()).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    let id = err.alternative_order_id().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(err.to_string().contains(&id));
    assert_eq!(posts(&server).await, 1);
}

#[tokio::test]
async fn unknown_status_and_extra_fields_are_a_success() {
    let server = MockServer::start().await;
    let answer =
        json!({"id": 5, "requests": [{"id": 6, "status": "needs_review"}], "new_field": [1]});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(&answer))
        .mount(&server)
        .await;
    let placed = client(&server.uri()).order_vmc(order()).await.unwrap();
    assert_eq!(
        placed.order.requests[0].status,
        RequestStatus::Unknown("needs_review".into())
    );
    assert_eq!(placed.order.extra["new_field"], json!([1]));
}

#[tokio::test]
async fn a_2xx_that_is_not_json_is_kept_and_flagged_as_probably_placed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_string("<html>OK</html>"))
        .mount(&server)
        .await;
    let err = client(&server.uri()).order_vmc(order()).await.unwrap_err();
    let Error::UnreadableSuccess {
        status,
        body,
        alternative_order_id,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*status, body.as_str()), (201, "<html>OK</html>"));
    assert_eq!(alternative_order_id.len(), 32);
    assert!(err.is_outcome_unknown());
    assert!(err.to_string().contains("probably placed"));
    assert_eq!(posts(&server).await, 1);
}

#[tokio::test]
async fn nothing_listening_is_a_transport_error_after_bounded_attempts() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = client(&format!("http://127.0.0.1:{port}"))
        .order_vmc(order())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

/// A loopback server that reads each request whole and then, for the first `drops` order
/// POSTs, closes the connection without answering. Lookups answer `lookup`.
struct DroppingServer {
    base_url: String,
    posts: Arc<AtomicUsize>,
}

async fn dropping_server(drops: usize, lookup: Value) -> DroppingServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let posts = Arc::new(AtomicUsize::new(0));
    let counter = posts.clone();
    tokio::spawn(async move {
        // Bounded: the test ends long before this many connections.
        for _ in 0..32 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            let lookup = lookup.clone();
            tokio::spawn(async move {
                let Some((head, _body)) = read_request(&mut socket).await else {
                    return;
                };
                if head.starts_with("POST") {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    if n <= drops {
                        return; // the whole order was received; close without answering
                    }
                    respond(&mut socket, 201, &approved()).await;
                } else {
                    respond(&mut socket, 200, &lookup).await;
                }
            });
        }
    });
    DroppingServer { base_url, posts }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_string();
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            while data.len() < end + 4 + length {
                let n = socket.read(&mut buf).await.ok()?;
                if n == 0 {
                    return None;
                }
                data.extend_from_slice(&buf[..n]);
            }
            return Some((head, data[end + 4..].to_vec()));
        }
    }
}

async fn respond(socket: &mut tokio::net::TcpStream, status: u16, body: &Value) {
    let body = body.to_string();
    let reply = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = socket.write_all(reply.as_bytes()).await;
    let _ = socket.shutdown().await;
}

#[tokio::test]
async fn a_dropped_connection_with_the_order_present_makes_exactly_one_post() {
    let server = dropping_server(1, found("x")).await;
    let placed = client(&server.base_url).order_vmc(order()).await.unwrap();
    assert!(placed.found_by_lookup);
    assert_eq!(placed.posts, 1);
    assert_eq!(server.posts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_dropped_connection_with_the_order_absent_makes_one_more_post() {
    let server = dropping_server(1, none()).await;
    let placed = client(&server.base_url).order_vmc(order()).await.unwrap();
    assert!(!placed.found_by_lookup);
    assert_eq!(placed.posts, 2);
    assert_eq!(server.posts.load(Ordering::SeqCst), 2);
}
