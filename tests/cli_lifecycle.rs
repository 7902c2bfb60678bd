//! `markcert status`, `watch`, `logo upload`, `mark update`, `cancel`, `cert download` and
//! `bimi record` against a stand-in for CertCentral, run as a user would (standard input and
//! output are pipes, not terminals).
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::path::PathBuf;
use std::process::Output;

use cli::{assert_fits, json_out, json_out_as, markcert_with_key};
use common::standin::{Recorded, Reply, StandIn, lookup_answer};
use serde_json::{Value, json};

const KEY: &str = "CLIKEYMARKER42";

fn fixture(path: &str) -> Value {
    let full = format!(
        "{}/tests/fixtures/certcentral/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(&full).unwrap()).unwrap()
}

fn example(name: &str) -> Value {
    common::component_example(&common::document(), name)
}

/// Runs markcert with the key and `--base-url` of `server` after `args`.
async fn run(server: &StandIn, args: &[&str], key: Option<&'static str>) -> Output {
    let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    all.push("--base-url".to_owned());
    all.push(server.base_url.clone());
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        markcert_with_key(&args, b"", key)
    })
    .await
    .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[track_caller]
fn assert_no_key(out: &Output) {
    let all = format!("{}{}", stdout(out), stderr(out));
    assert!(!all.contains(KEY), "the key leaked: {all}");
}

fn order(id: i64, status: &str) -> Value {
    let mut order = example("OrderInfoPending");
    order["id"] = Value::from(id);
    order["status"] = Value::from(status);
    order
}

/// A pending order whose request, verified contact and domain all wait.
fn pending_account(request: &Recorded, _: &[Recorded]) -> Reply {
    let path = request.path.as_str();
    if path.starts_with("/request/") {
        Reply::Json(
            200,
            fixture("riboseinc-digicert/certificate_request_pending.json"),
        )
    } else if path.ends_with("/validation") {
        Reply::Json(200, example("ValidationVerifiedContactPending"))
    } else if request.is_lookup() {
        Reply::Json(200, lookup_answer(&[(4400601, Some("brandvmc2026a"))]))
    } else {
        let mut order = order(4400601, "pending");
        order["requests"][0]["id"] = Value::from(456789012);
        order["requests"][0]["status"] = Value::from("pending");
        Reply::Json(200, order)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn status_says_what_is_pending_and_on_whom() {
    let server = StandIn::start(pending_account).await;
    let out = run(&server, &["status", "4400601", "--json"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(3), "pending: {out:?}");
    assert_no_key(&out);
    let json = json_out_as(&out, "status-output.json");
    assert_eq!(json["status"], "pending");
    assert_eq!(json["alternative_order_id"], "brandvmc2026a");
    let steps: Vec<(String, String)> = json["waiting_on"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_owned(),
                s["on"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                "approval".to_owned(),
                "an administrator of the CertCentral account".to_owned()
            ),
            (
                "organization_validation".to_owned(),
                "DigiCert's validation team".to_owned()
            ),
            (
                "verified_contact".to_owned(),
                "Jane Doe <jane.doe@example.com>".to_owned()
            ),
            (
                "domain_validation".to_owned(),
                "the contacts of example.com (validation email)".to_owned()
            ),
        ]
    );
    assert!(
        json["waiting_on"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("Clive Collegedean"),
        "{json}"
    );
    assert_eq!(json["verified_contacts"][0]["job_title"], "Brand Manager");
    assert_eq!(json["organization_validations"][1]["status"], "active");

    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/order/certificate/4400601",
            "/order/certificate/4400601/validation",
            "/request/456789012"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn status_finds_the_order_by_its_alternative_id_and_prints_text() {
    let server = StandIn::start(pending_account).await;
    let out = run(
        &server,
        &["status", "--alternative-id", "brandvmc2026a"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let text = stdout(&out);
    assert!(text.starts_with("order 4400601: pending\n"), "{text}");
    assert!(text.contains("waiting on:\n"), "{text}");
    assert!(
        text.contains("  - Jane Doe <jane.doe@example.com>: the verified contact is pending"),
        "{text}"
    );
    assert!(
        text.contains(
            "  - the contacts of example.com (validation email): control of example.com is pending"
        ),
        "{text}"
    );
    // Each fact once: what is pending is not listed again below "waiting on".
    for fact in [
        "Jane Doe",
        "456789012",
        "VMC validation",
        "control of example.com",
    ] {
        assert_eq!(text.matches(fact).count(), 1, "{fact}: {text}");
    }
    assert!(
        text.contains("organization validation OV: active"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "next: `markcert watch 4400601` waits for issuance and says when each step changes\n"
        ),
        "{text}"
    );
    assert!(server.requests()[0].is_lookup());
}

#[tokio::test(flavor = "multi_thread")]
async fn status_of_an_issued_order_shows_the_hosted_files_and_exits_0() {
    let server = StandIn::start(|_, _| Reply::Json(200, example("OrderInfoIssuedHosted"))).await;
    let out = run(&server, &["status", "4400602"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.lines().last().is_some_and(|line| line.starts_with(
            "next: `markcert cert download 4400602 -o chain.pem`, then `markcert bimi record --domain "
        ) && line.ends_with("--order 4400602`")),
        "{text}"
    );
    assert!(
        text.contains("hosted logo (l=): https://hosting.example/4400602/logo.svg"),
        "{text}"
    );
    assert!(
        text.contains("certificate 5500602, valid 2026-03-09 to 2027-03-09"),
        "{text}"
    );
    assert!(!text.contains("waiting on"), "{text}");
    // An issued order needs no validation status.
    assert_eq!(server.requests().len(), 1);

    let canceled = StandIn::start(|_, _| Reply::Json(200, order(5, "canceled"))).await;
    let out = run(&canceled, &["status", "5"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_needs_an_order() {
    let server = StandIn::start(pending_account).await;
    for args in [
        vec!["status"],
        vec!["status", "1", "--alternative-id", "x"],
        vec!["status", "not-a-number"],
    ] {
        let out = run(&server, &args, Some(KEY)).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
    let out = run(&server, &["status", "1"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("DIGICERT_API_KEY"), "{out:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_prints_one_json_line_per_change_and_exits_0_when_issued() {
    let server = StandIn::start(|_, earlier| match earlier.len() {
        0 | 1 => Reply::Json(200, order(7, "pending")),
        _ => Reply::Json(200, order(7, "issued")),
    })
    .await;
    let out = run(
        &server,
        &["watch", "7", "--interval", "1s", "--give-up-after", "10s"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_no_key(&out);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One line per change, then the last line saying how the wait ended.
    assert_eq!(lines.len(), 3, "{lines:?}");
    lines
        .iter()
        .for_each(|l| assert_fits(l, "watch-event.json"));
    assert_eq!(lines[2]["end"], "issued");
    assert!(lines[..2].iter().all(|l| l.get("end").is_none()));
    assert_eq!(lines[0]["status"], "pending");
    assert_eq!(lines[0]["final"], false);
    assert!(lines[0].get("previous").is_none());
    assert_eq!(lines[1]["status"], "issued");
    assert_eq!(lines[1]["previous"], "pending");
    assert_eq!(lines[1]["final"], true);
    assert_eq!(lines[1]["polls"], 3);
    assert_eq!(lines[1]["order_id"], 7);
    let err = stderr(&out);
    // Not a terminal: progress lines, never redrawn in place.
    assert!(err.contains("order 7: pending (poll 1"), "{err}");
    assert!(!err.contains('\r'), "{err}");
    assert!(err.contains("markcert cert download 7"), "{err}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_shows_the_open_steps_as_they_change() {
    // The verified contact confirms between the first and second poll: the status stays
    // pending, the step closes, and that is an event of its own.
    let with_contact = |status: &str| {
        let mut order = order(7, "pending");
        order["requests"] = json!([]);
        order["verified_contacts"] = json!([{
            "first_name": "Ada", "last_name": "Brand", "email": "ada@example.com",
            "status": status
        }]);
        order
    };
    let server = StandIn::start(move |_, earlier| match earlier.len() {
        0 => Reply::Json(200, with_contact("pending")),
        1 => Reply::Json(200, with_contact("verified")),
        _ => Reply::Json(200, order(7, "issued")),
    })
    .await;
    let out = run(
        &server,
        &["watch", "7", "--interval", "1s", "--give-up-after", "10s"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    lines
        .iter()
        .for_each(|l| assert_fits(l, "watch-event.json"));
    assert_eq!(lines[0]["waiting_on"][0]["step"], "verified_contact");
    assert!(
        lines[0]["waiting_on"][0]["on"]
            .as_str()
            .unwrap()
            .contains("ada@example.com"),
        "{lines:?}"
    );
    // Same status, the step closed: shown, with nothing left open.
    assert_eq!(lines[1]["status"], "pending");
    assert!(lines[1].get("waiting_on").is_none(), "{lines:?}");
    assert_eq!(lines[2]["status"], "issued");
    assert_eq!(lines[3]["end"], "issued");
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_exits_1_when_the_order_ends_and_3_at_the_deadline() {
    let rejected = StandIn::start(|_, _| Reply::Json(200, order(7, "rejected"))).await;
    let out = run(
        &rejected,
        &["watch", "7", "--give-up-after", "5s"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("no certificate will come from it"));

    let pending = StandIn::start(|_, _| Reply::Json(200, order(7, "pending"))).await;
    let out = run(
        &pending,
        &["watch", "7", "--interval", "1s", "--give-up-after", "1s"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(
        stderr(&out).contains("still pending at the deadline"),
        "{out:?}"
    );
    assert_eq!(
        pending.requests().len(),
        1,
        "a first poll, and none that would start at the deadline"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_refuses_to_poll_faster_than_once_a_second() {
    let server = StandIn::start(|_, _| Reply::Json(200, order(7, "pending"))).await;
    // The deadline keeps a watch that would wrongly start from running forever.
    let out = run(
        &server,
        &["watch", "7", "--interval", "100ms", "--give-up-after", "2s"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("--interval must be at least 1s"));
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_resumes_from_an_alternative_id_through_the_rate_limit() {
    let server = StandIn::start(|request, earlier| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[(7, Some("brandvmc2026a"))]))
        } else if earlier.len() < 3 {
            Reply::Raw(
                429,
                vec![("retry-after", "0".to_owned())],
                br#"{"errors":[{"code":"request_limit_exceeded","message":"slow down"}]}"#.to_vec(),
            )
        } else {
            Reply::Json(200, order(7, "issued"))
        }
    })
    .await;
    let out = run(
        &server,
        &[
            "-v",
            "watch",
            "--alternative-id",
            "brandvmc2026a",
            "--give-up-after",
            "10s",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        server.requests().len(),
        4,
        "a lookup, two 429s and the poll"
    );
    assert!(stderr(&out).contains("rate limited"), "{out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_asks_first_and_refuses_without_a_terminal() {
    let server = StandIn::start(|_, _| Reply::Raw(204, Vec::new(), Vec::new())).await;
    let out = run(
        &server,
        &["cancel", "7", "--note", "Ordered twice."],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("add --yes"), "{out:?}");
    let out = run(
        &server,
        &["cancel", "7", "--note", "  ", "--yes"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(server.requests().is_empty());

    let out = run(
        &server,
        &["cancel", "7", "--note", "Ordered twice.", "--yes"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].path, "/order/certificate/7/status");
    assert_eq!(
        requests[0].json(),
        json!({"note": "Ordered twice.", "status": "canceled"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancel_whose_answer_is_lost_is_not_sent_again_and_exits_3() {
    let server = StandIn::start(|_, _| Reply::Drop).await;
    let out = run(
        &server,
        &["cancel", "7", "--note", "Ordered twice.", "--yes"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(stderr(&out).contains("markcert status"), "{out:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn mark_update_dry_run_prints_the_body_and_sending_puts_it() {
    let server = StandIn::start(|_, _| Reply::Raw(204, Vec::new(), Vec::new())).await;
    let args = [
        "mark",
        "update",
        "7",
        "--hosting",
        "on",
        "--country-code",
        "us",
        "--registration-number",
        "1234567",
    ];
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let out = run(&server, &dry, None).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let body: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let expected = json!({
        "enable_hosting": true,
        "mark_type_data": {"country_code": "us", "registration_number": "1234567"}
    });
    assert_eq!(body, expected);
    assert!(server.requests().is_empty());

    let out = run(&server, &args, Some(KEY)).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let put = &server.requests()[0];
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", "/order/certificate/7/vmc")
    );
    assert_eq!(put.json(), expected);

    for (bad, code, said) in [
        (
            vec!["mark", "update", "7", "--country-code", "usa"],
            1,
            "mark_type_data.country_code",
        ),
        (
            vec!["mark", "update", "7", "--citation", "Act 12"],
            1,
            "country_code",
        ),
        // Given empty, the only field is left out, and an empty update changes nothing.
        (
            vec!["mark", "update", "7", "--registration-number", ""],
            1,
            "mark_type_data.registration_number",
        ),
        (vec!["mark", "update", "7"], 2, "nothing to change"),
        (
            vec!["mark", "update", "7", "--hosting", "maybe"],
            2,
            "maybe",
        ),
    ] {
        let out = run(&server, &bad, Some(KEY)).await;
        assert_eq!(out.status.code(), Some(code), "{bad:?}: {out:?}");
        assert!(stderr(&out).contains(said), "{bad:?}: {}", stderr(&out));
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn logo_upload_checks_the_logo_and_posts_its_encoded_form() {
    let server = StandIn::start(|_, _| {
        Reply::Json(
            201,
            fixture("digicert-docs-shapes/vmc_logo_upload_answer.json"),
        )
    })
    .await;
    let out = run(
        &server,
        &["logo", "upload", "7", "examples/logo.svg"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(json_out(&out)["id"], 990001);
    let post = &server.requests()[0];
    assert_eq!(post.path, "/order/certificate/7/vmc/encoded-logo");
    let logo = digicert_mark_certs::logo::Logo::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/logo.svg"
    ))
    .unwrap();
    assert_eq!(post.json(), json!({"logo": logo.encoded()}));

    // A logo with an error is not sent.
    let dir = temp_dir("logo");
    let bad = dir.join("bad.svg");
    std::fs::write(
        &bad,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>x</script></svg>"#,
    )
    .unwrap();
    let out = run(
        &server,
        &["logo", "upload", "7", bad.to_str().unwrap()],
        Some(KEY),
    )
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("not sent"), "{out:?}");
    assert_eq!(server.requests().len(), 1);
}

fn temp_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "markcert-{what}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chain_fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/certcentral/riboseinc-digicert/certificate.pem"
    ))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn cert_download_writes_the_chain_whole_and_keeps_an_existing_file() {
    // Served leaf last, with CRLF line ends.
    let original = String::from_utf8(chain_fixture()).unwrap();
    let mut blocks: Vec<&str> = original
        .split_inclusive("-----END CERTIFICATE-----\n")
        .collect();
    blocks.reverse();
    let served = blocks.concat().replace('\n', "\r\n").into_bytes();
    let server = StandIn::start(move |_, _| Reply::Raw(200, Vec::new(), served.clone())).await;
    let dir = temp_dir("download");
    let target = dir.join("chain.pem");
    let target_arg = target.to_str().unwrap().to_owned();

    let out = run(
        &server,
        &["cert", "download", "4400602", "-o", &target_arg],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), original);
    assert!(stderr(&out).contains("3 certificates"), "{out:?}");
    assert_eq!(
        server.requests()[0].path,
        "/certificate/download/order/4400602/format/pem_all"
    );

    // The file exists: kept, nothing asked.
    std::fs::write(&target, "published\n").unwrap();
    let out = run(
        &server,
        &["cert", "download", "4400602", "-o", &target_arg],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "published\n");
    assert_eq!(server.requests().len(), 1);

    let out = run(
        &server,
        &["cert", "download", "4400602", "-o", &target_arg, "--force"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), original);
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn cert_download_to_a_directory_or_nowhere_downloads_nothing() {
    let server = StandIn::start(|_, _| Reply::Raw(200, Vec::new(), chain_fixture())).await;
    let dir = temp_dir("where");
    let missing = dir.join("not-made").join("chain.pem");
    for (target, said) in [(dir.clone(), "is a directory"), (missing, "does not exist")] {
        let out = run(
            &server,
            &["cert", "download", "1", "-o", target.to_str().unwrap()],
            Some(KEY),
        )
        .await;
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(stderr(&out).contains(said), "{out:?}");
    }
    assert!(server.requests().is_empty(), "nothing was downloaded");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn cert_download_keeps_a_file_that_appears_while_it_downloads() {
    let dir = temp_dir("race");
    let target = dir.join("chain.pem");
    let appears = target.clone();
    let chain = chain_fixture();
    let server = StandIn::start(move |_, _| {
        // Someone else writes the file while the chain is on its way.
        std::fs::write(&appears, "published\n").unwrap();
        Reply::Raw(200, Vec::new(), chain.clone())
    })
    .await;
    let out = run(
        &server,
        &["cert", "download", "1", "-o", target.to_str().unwrap()],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "published\n");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn cert_download_of_something_that_is_not_a_chain_writes_nothing() {
    let server =
        StandIn::start(|_, _| Reply::Raw(200, Vec::new(), b"<html>maintenance</html>".to_vec()))
            .await;
    let dir = temp_dir("notchain");
    let target = dir.join("chain.pem");
    let out = run(
        &server,
        &["cert", "download", "1", "-o", target.to_str().unwrap()],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("not a usable PEM chain"), "{out:?}");
    assert!(std::fs::read_dir(&dir).unwrap().next().is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn bimi_record_from_the_order_or_from_urls() {
    let server = StandIn::start(|_, _| Reply::Json(200, example("OrderInfoIssuedHosted"))).await;
    let out = run(
        &server,
        &[
            "bimi",
            "record",
            "--domain",
            "example.com",
            "--order",
            "4400602",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("name:  default._bimi.example.com\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "value: v=BIMI1; l=https://hosting.example/4400602/logo.svg; \
             a=https://hosting.example/4400602/certificate.pem\n"
        ),
        "{text}"
    );

    let out = run(
        &server,
        &[
            "bimi",
            "record",
            "--domain",
            "example.org",
            "--logo-url",
            "https://example.org/bimi/logo.svg",
            "--cert-url",
            "https://example.org/bimi/chain.pem",
            "--json",
        ],
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = json_out_as(&out, "bimi-record.json");
    assert_eq!(json["name"], "default._bimi.example.org");
    assert_eq!(
        json["zone_line"],
        "default._bimi.example.org. 3600 IN TXT \"v=BIMI1; l=https://example.org/bimi/logo.svg; a=https://example.org/bimi/chain.pem\""
    );
    assert_eq!(json["findings"], json!([]));
    assert_eq!(server.requests().len(), 1, "URLs given: nothing asked");
}

#[tokio::test(flavor = "multi_thread")]
async fn bimi_record_refuses_urls_that_break_it_and_orders_without_hosting() {
    let server = StandIn::start(|_, _| Reply::Json(200, example("OrderInfoPending"))).await;
    for (url, rule) in [
        ("http://example.org/logo.svg", "bimi-url-not-https"),
        ("https://example.org/a;b.svg", "bimi-url-character"),
        ("https://example.org/a b.svg", "bimi-url-character"),
    ] {
        let out = run(
            &server,
            &[
                "bimi",
                "record",
                "--domain",
                "example.org",
                "--logo-url",
                url,
                "--cert-url",
                "https://example.org/chain.pem",
            ],
            None,
        )
        .await;
        assert_eq!(out.status.code(), Some(1), "{url}: {out:?}");
        assert!(stderr(&out).contains(rule), "{url}: {out:?}");
        assert!(out.stdout.is_empty());
    }
    let out = run(
        &server,
        &[
            "bimi",
            "record",
            "--domain",
            "example.com",
            "--order",
            "4400601",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("bimi-no-hosting"), "{out:?}");
    for usage in [
        vec!["bimi", "record", "--domain", "example.com"],
        vec![
            "bimi",
            "record",
            "--domain",
            "example.com",
            "--logo-url",
            "https://x.test/l.svg",
        ],
        vec![
            "bimi",
            "record",
            "--domain",
            "example.com",
            "--order",
            "1",
            "--logo-url",
            "https://x.test/l.svg",
            "--cert-url",
            "https://x.test/c.pem",
        ],
    ] {
        let out = run(&server, &usage, Some(KEY)).await;
        assert_eq!(out.status.code(), Some(2), "{usage:?}: {out:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_change_is_unknown_and_a_refused_read_is_a_usage_problem() {
    // A cancel answered 500 may have been made: exit 3, sent once.
    let broken = StandIn::start(|_, _| {
        Reply::Json(
            500,
            json!({"errors": [{"code": "internal", "message": "Oops."}]}),
        )
    })
    .await;
    let out = run(
        &broken,
        &["cancel", "7", "--note", "Ordered twice.", "--yes"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(
        stderr(&out).contains("may or may not have been made"),
        "{out:?}"
    );
    assert_eq!(broken.requests().len(), 1);

    // A status refused for a wrong key is not an order that ended: exit 2.
    let refusing = StandIn::start(|_, _| {
        Reply::Json(
            401,
            json!({"errors": [{"code": "invalid_api_key", "message": "Bad key."}]}),
        )
    })
    .await;
    let out = run(&refusing, &["status", "7"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("check the API key"), "{out:?}");
    assert_no_key(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_of_an_alternative_id_that_finds_nothing_is_unknown_not_absent() {
    let server = StandIn::start(|_, _| Reply::Json(200, lookup_answer(&[]))).await;
    let out = run(
        &server,
        &["status", "--alternative-id", "brandvmc2026a"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let said = stderr(&out);
    assert!(
        said.contains("may not be found yet") && said.contains("--alternative-order-id"),
        "{said}"
    );

    // An id no order can carry is refused before anything is sent, and shown escaped.
    let out = run(
        &server,
        &["status", "--alternative-id", "two words\u{1b}[31m"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = stderr(&out);
    assert!(said.contains("is not an alternative order id"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said}");
    assert_eq!(server.requests().len(), 1, "only the first lookup was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_with_a_deadline_beyond_any_clock_waits_without_one() {
    let server = StandIn::start(|_, _| Reply::Json(200, order(7, "issued"))).await;
    let out = run(
        &server,
        &["watch", "7", "--give-up-after", "18446744073709551615s"],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dcv_check_prints_each_domain_and_exits_3_while_one_waits() {
    let issued = StandIn::start(|_, _| {
        Reply::Json(
            200,
            fixture("digicert-docs-shapes/check_dcv_issued_with_domains.json"),
        )
    })
    .await;
    let out = run(&issued, &["dcv", "check", "7"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        stdout(&out),
        "order 7: domain control valid\nexample.com: approved\nexample.org: approved\n"
    );
    let put = &issued.requests()[0];
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", "/order/certificate/7/check-dcv")
    );

    // One domain waits, or the order as a whole does: either is still waiting.
    for answer in [
        json!({"dns_name_validations": [
            {"dns_name": "example.com", "status": "approved"},
            {"dns_name": "example.org", "status": "pending"}
        ]}),
        json!({"dcv_status": "pending"}),
    ] {
        let waiting = StandIn::start(move |_, _| Reply::Json(200, answer.clone())).await;
        let out = run(&waiting, &["dcv", "check", "7"], Some(KEY)).await;
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        assert!(stdout(&out).contains("pending"), "{out:?}");
    }

    // DigiCert's refusal (the record is not there yet) is printed with its code: exit 1.
    let refused = StandIn::start(|_, _| {
        Reply::Json(
            400,
            fixture("digicert-docs-shapes/check_dcv_error_invalid_dns_txt.json"),
        )
    })
    .await;
    let out = run(&refused, &["dcv", "check", "7"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("invalid_dns_txt"), "{out:?}");
    assert_eq!(refused.requests().len(), 1);
    assert_no_key(&out);
}
