//! `markcert validate` and `markcert order --dry-run`, run as a user would.
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;

use std::process::Output;

use cli::{json_out, json_out_as, markcert, markcert_with_key};
use serde_json::{Value, json};

#[test]
fn validate_json_output_lists_every_finding_with_its_path() {
    let body = json!({
        "certificate": {"dns_names": ["bad..name"]},
        "organization": {"id": 1},
        "order_validity": {"years": "one"},
        "payment_method": "card",
        "colour": "blue"
    });
    let out = markcert(
        &["validate", "cmc", "-", "--json"],
        body.to_string().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json_out_as(&out, "check-output.json");
    assert_eq!(report["valid"], false);
    let found: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let keys: Vec<_> = f.as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys, ["message", "path", "rule", "severity"]);
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("error", "type", "order_validity.years"),
        ("error", "card-needs-credit-card", "credit_card"),
        ("error", "card-needs-billing-address", "billing_address"),
        ("error", "dns-name", "certificate.dns_names[0]"),
        ("error", "unknown-field", "colour"),
    ] {
        let expected = (
            expected.0.to_owned(),
            expected.1.to_owned(),
            expected.2.to_owned(),
        );
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
}

#[test]
fn validate_of_text_that_is_not_json_is_a_finding_not_a_crash() {
    let out = markcert(&["validate", "vmc", "-", "--json"], b"{\"certificate\": ");
    assert_eq!(out.status.code(), Some(1));
    let report = json_out(&out);
    assert_eq!(report["findings"][0]["rule"], "json");
    assert_eq!(report["findings"][0]["path"], "");
}

#[test]
fn validate_of_the_bundled_examples() {
    // Each bundled order is valid on its own: the VMC one carries its logo.
    for (kind, file) in [
        ("cmc", "examples/cmc-order.json"),
        ("vmc", "examples/vmc-order.json"),
    ] {
        let out = markcert(&["validate", kind, file], b"");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).ends_with("valid: 0 error(s), 0 warning(s)\n")
        );
    }
    // --logo with the same logo changes nothing.
    let out = markcert(
        &[
            "validate",
            "vmc",
            "examples/vmc-order.json",
            "--logo",
            "examples/logo.svg",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn order_dry_run_prints_exactly_the_body_with_its_id_and_warnings_on_stderr() {
    let body = json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 1},
        "order_validity": {"years": 1},
        "vat_number": "GB1",
        "vmc": {"enable_hosting": "1"}
    });
    let out = markcert(
        &["order", "cmc", "-", "--dry-run"],
        body.to_string().as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut sent: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The body carries the alternative order id it would be sent with, and the dry run
    // says how to send exactly it.
    let id = sent["alternative_order_id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("warning[vat-number-ignored]"), "{stderr}");
    assert!(
        stderr.contains(&format!("--alternative-order-id {id}")),
        "{stderr}"
    );
    // Apart from the id, nothing dropped or changed: "1" stays "1".
    sent.as_object_mut().unwrap().remove("alternative_order_id");
    assert_eq!(sent, body);
}

#[test]
fn order_dry_run_with_a_pinned_id_prints_the_same_bytes_every_time() {
    let run = || {
        markcert(
            &[
                "order",
                "cmc",
                "examples/cmc-order.json",
                "--alternative-order-id",
                "pinned42",
                "--dry-run",
            ],
            b"",
        )
    };
    let (first, second) = (run(), run());
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(first.stdout, second.stdout);
    let sent: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(sent["alternative_order_id"], "pinned42");
}

#[test]
fn order_dry_run_of_an_invalid_body_prints_no_body_and_exits_1() {
    let body = json!({"certificate": {}, "organization": {}, "order_validity": {"years": 9}});
    let out = markcert(
        &["order", "vmc", "-", "--dry-run"],
        body.to_string().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error[range] order_validity.years"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[organization-id-or-details] organization"),
        "{stderr}"
    );
}

#[test]
fn order_refuses_to_replace_a_different_logo() {
    let out = markcert(
        &[
            "order",
            "cmc",
            "examples/cmc-order.json",
            "--logo",
            "tests/logos/corpus/sunrise.svg",
            "--dry-run",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has a different vmc.logo"));
}

#[test]
fn a_missing_order_file_exits_2() {
    let out = markcert(&["validate", "vmc", "no/such/order.json"], b"");
    assert_eq!(out.status.code(), Some(2));
}

// Sending, against a local mock server.

use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "CLIKEYMARKER42";

async fn run(args: Vec<String>, key: Option<&'static str>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        markcert_with_key(&args, b"", key)
    })
    .await
    .unwrap()
}

fn order_args(server: &MockServer, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "order",
        "cmc",
        "examples/cmc-order.json",
        "--yes",
        "--base-url",
    ];
    args.push(Box::leak(server.uri().into_boxed_str()));
    args.extend_from_slice(extra);
    args.into_iter().map(str::to_owned).collect()
}

#[track_caller]
fn assert_no_key(out: &Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(KEY), "the key leaked: {all}");
}

#[tokio::test(flavor = "multi_thread")]
async fn order_sends_with_the_key_and_prints_the_placed_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-dc-devkey", KEY))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": 77, "requests": [{"id": 8, "status": "pending"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let out = run(order_args(&server, &[]), Some(KEY)).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = json_out_as(&out, "order-output.json");
    let sent = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    let id = body["alternative_order_id"].as_str().unwrap();
    assert_eq!(printed["alternative_order_id"], id);
    assert_eq!(printed["outcome"], "answered");
    assert_eq!(printed["order_id"], 77);
    assert_eq!(printed["order"]["id"], 77);
    assert_eq!(printed["posts"], 1);
    // The id was on standard error before the order was sent.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("ordering with alternative_order_id {id}")),
        "{stderr}"
    );
    assert_no_key(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn order_without_a_key_is_a_usage_error() {
    let server = MockServer::start().await;
    let out = run(order_args(&server, &[]), None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DIGICERT_API_KEY"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn order_refused_prints_every_message_and_exits_1() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": [
            {"code": "invalid_contact", "message": "First problem."},
            {"code": "access_denied|missing_permission", "message": "Second problem."}
        ]})))
        .mount(&server)
        .await;
    let out = run(order_args(&server, &[]), Some(KEY)).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("First problem.") && stderr.contains("Second problem."),
        "{stderr}"
    );
    assert_no_key(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn order_with_an_unknown_outcome_prints_the_id_and_exits_3() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let mut args = vec!["-v".to_owned()];
    args.extend(order_args(&server, &["--lookup-window", "300ms"]));
    let out = run(args, Some(KEY)).await;
    assert_eq!(out.status.code(), Some(3));
    let requests = server.received_requests().await.unwrap();
    let posts: Vec<_> = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .collect();
    assert_eq!(posts.len(), 1);
    let body: Value = serde_json::from_slice(&posts[0].body).unwrap();
    let id = body["alternative_order_id"].as_str().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(id), "{stderr}");
    assert!(
        stderr.contains("outcome of the order is unknown"),
        "{stderr}"
    );
    // How to look again, and how to order again without a second order.
    assert!(
        stderr.contains(&format!("markcert status --alternative-order-id {id}"))
            && stderr.contains(&format!("with --alternative-order-id {id}")),
        "{stderr}"
    );
    // The lookups were repeated over the window, and each was said on standard error.
    let lookups = requests.len() - 1;
    assert!(lookups >= 3, "{lookups} lookups");
    assert!(
        stderr.contains("waiting before looking the order up"),
        "{stderr}"
    );
    assert_no_key(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_short_lookup_window_never_resends_and_leaves_absence_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"orders": [], "page": {"total": 0, "limit": 0, "offset": 0}}),
            ),
        )
        .mount(&server)
        .await;
    let out = run(
        order_args(&server, &["--lookup-window", "300ms"]),
        Some(KEY),
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let requests = server.received_requests().await.unwrap();
    let posts = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(
        posts, 1,
        "a lookup window of 300ms is too thin to resend on"
    );
    assert!(stderr.contains("--lookup-window is under 30s"), "{stderr}");
    assert!(stderr.contains("its outcome is unknown"), "{stderr}");
}

#[test]
fn an_order_file_with_a_byte_order_mark_is_read() {
    let body = std::fs::read("examples/cmc-order.json").unwrap();
    let mut marked = "\u{feff}".as_bytes().to_vec();
    marked.extend_from_slice(&body);
    let out = markcert(&["validate", "cmc", "-"], &marked);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_zero_duration_is_a_usage_error() {
    for option in ["--timeout", "--lookup-window"] {
        let out = markcert(
            &["order", "cmc", "examples/cmc-order.json", option, "0s"],
            b"",
        );
        assert_eq!(out.status.code(), Some(2), "{option}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(option) && stderr.contains("zero"),
            "{stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn order_retries_sets_the_rate_limit_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"errors": [{"code": "request_limit_exceeded", "message": "slow"}]}),
        ))
        .mount(&server)
        .await;
    let out = run(order_args(&server, &["--retries", "0"]), Some(KEY)).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rate limit"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn logo_check_remote_reports_digicerts_verdict() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": [{"code": "invalid_logo", "message": "bad element (line 3, column 2)"}]})))
        .mount(&server)
        .await;
    let args = |json: bool| {
        let mut a = vec![
            "logo".to_owned(),
            "check".into(),
            "examples/logo.svg".into(),
            "--remote".into(),
            "--base-url".into(),
            server.uri(),
        ];
        if json {
            a.push("--json".into());
        }
        a
    };
    let accepted = run(args(false), None).await;
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&accepted.stdout)
    );
    assert!(String::from_utf8_lossy(&accepted.stdout).contains("DigiCert accepts the logo"));
    let refused = run(args(true), None).await;
    assert_eq!(refused.status.code(), Some(1));
    let report = json_out_as(&refused, "check-output.json");
    assert_eq!(report["valid"], false);
    assert_eq!(report["findings"][0]["rule"], "digicert-refused");
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 3, column 2")
    );
    let sent = server.received_requests().await.unwrap();
    assert!(
        sent.iter().all(|r| r.headers.get("x-dc-devkey").is_none()),
        "no key is sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn logo_check_remote_follows_retries_and_timeout() {
    let remote = |server: &MockServer, extra: &[&str]| {
        let mut a: Vec<String> = [
            "logo",
            "check",
            "examples/logo.svg",
            "--remote",
            "--base-url",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        a.push(server.uri());
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a
    };
    let limited = || {
        ResponseTemplate::new(429)
            .insert_header("retry-after", "0")
            .set_body_json(
                json!({"errors": [{"code": "request_limit_exceeded", "message": "slow"}]}),
            )
    };
    // Rate limited twice, then accepted: waited out within the default retries.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(limited())
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let out = run(remote(&server, &[]), None).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    // --retries 0: the first 429 ends it.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(limited())
        .mount(&server)
        .await;
    let out = run(remote(&server, &["--retries", "0"]), None).await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // --timeout bounds the wait for an answer.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204).set_delay(std::time::Duration::from_secs(30)))
        .mount(&server)
        .await;
    let out = run(remote(&server, &["--timeout", "1s"]), None).await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("timed out"),
        "{out:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_shows_each_attempt_wait_and_lookup_with_the_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"orders": [{"order_id": 5}]})),
        )
        .mount(&server)
        .await;
    let out = run(
        order_args(&server, &["-v", "--lookup-window", "200ms"]),
        Some(KEY),
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = json_out(&out);
    assert_eq!(printed["outcome"], "found_by_lookup");
    let id = printed["alternative_order_id"].as_str().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [
        "sending the order",
        "outcome is unclear",
        "waiting before looking the order up",
        "answer",
    ] {
        let found = stderr
            .lines()
            .find(|l| l.contains(line))
            .unwrap_or_else(|| panic!("{line}: {stderr}"));
        if line != "answer" {
            assert!(found.contains(id), "{found}");
        }
    }
    assert_no_key(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_base_url_the_key_must_not_travel_to_is_a_usage_error_and_sends_nothing() {
    for base in [
        "ftp://www.digicert.com/services/v2",
        "http://www.digicert.com/services/v2",
    ] {
        let out = run(
            [
                "order",
                "cmc",
                "examples/cmc-order.json",
                "--yes",
                "--base-url",
                base,
            ]
            .map(str::to_owned)
            .to_vec(),
            Some(KEY),
        )
        .await;
        assert_eq!(out.status.code(), Some(2), "{base}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("base URL"), "{stderr}");
        assert!(
            !stderr.contains("ordering with"),
            "nothing was about to be sent: {stderr}"
        );
    }
    let out = run(order_args(&MockServer::start().await, &[]), Some("   ")).await;
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_error_answer_is_printed_once_and_short() {
    let server = MockServer::start().await;
    let long = format!("BEGIN{}\u{1b}[2J", "Z".repeat(200_000));
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string(long))
        .mount(&server)
        .await;
    let out = run(order_args(&server, &[]), Some(KEY)).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("BEGIN").count(), 1, "{stderr}");
    assert!(stderr.len() < 4000, "{} bytes", stderr.len());
    assert!(!stderr.contains('\u{1b}'));
}

#[test]
fn only_regular_files_or_standard_input_are_read() {
    for (path, said) in [
        ("/dev/zero", "not a regular file"),
        ("examples", "not a regular file"),
    ] {
        let out = markcert(&["validate", "vmc", path], b"");
        assert_eq!(out.status.code(), Some(2), "{path}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(said),
            "{path}"
        );
    }
    let big = std::env::temp_dir().join(format!("markcert-big-{}.json", std::process::id()));
    std::fs::write(&big, vec![b' '; 9 * 1024 * 1024]).unwrap();
    let out = markcert(&["validate", "vmc", big.to_str().unwrap()], b"");
    std::fs::remove_file(&big).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than"));
    // Too much on standard input is refused the same way, without reading it all.
    let out = markcert(&["validate", "vmc", "-"], &vec![b' '; 9 * 1024 * 1024]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn standard_input_can_feed_one_input_only() {
    let out = markcert(&["order", "vmc", "-", "--logo", "-", "--dry-run"], b"{}");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
}
