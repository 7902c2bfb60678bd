//! `markcert reissue`, `renew`, `orders`, `organizations` and `watch` of several orders
//! against a stand-in for CertCentral, run as a user would (standard input and output are
//! pipes, not terminals).
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::process::Output;

use cli::markcert_with_key;
use common::standin::{Recorded, Reply, StandIn, lookup_answer};
use serde_json::{Value, json};

const KEY: &str = "CLIKEYMARKER42";

fn logo_encoded() -> String {
    digicert_mark_certs::logo::Logo::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/logo.svg"
    ))
    .unwrap()
    .encoded()
    .to_owned()
}

async fn run(server: &StandIn, args: &[&str]) -> Output {
    let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    all.push("--base-url".to_owned());
    all.push(server.base_url.clone());
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        markcert_with_key(&args, b"", Some(KEY))
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
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
    let all = format!("{}{}", stdout(out), stderr(out));
    assert!(!all.contains(KEY), "the key leaked: {all}");
}

fn is(request: &Recorded, method: &str, path: &str) -> bool {
    request.method == method && request.path.split('?').next() == Some(path)
}

fn issued(id: i64) -> Value {
    json!({
        "id": id,
        "status": "issued",
        "product": {"name_id": "vmc_basic"},
        "organization": {"id": 117483},
        "certificate": {"dns_names": ["example.com"], "valid_till": "2027-01-05"},
        "vmc": {
            "logo": logo_encoded(),
            "mark_type": "registered_mark",
            "mark_type_data": {"country_code": "us", "registration_number": "5551234"}
        }
    })
}

#[tokio::test]
async fn reissue_sends_once_with_yes_and_reports_an_unclear_answer_as_unknown() {
    let server = StandIn::start(|request, before| {
        let posted = before.iter().any(|r| r.method == "POST");
        if request.method == "POST" {
            Reply::Json(
                500,
                json!({"errors": [{"code": "internal", "message": "oops"}]}),
            )
        } else if is(request, "GET", "/order/certificate/5/reissue") {
            Reply::Json(200, json!({"certificates": []}))
        } else if posted {
            Reply::Json(503, json!({}))
        } else {
            Reply::Json(200, issued(5))
        }
    })
    .await;
    let out = run(&server, &["reissue", "5", "--yes"]).await;
    assert_exit(&out, 3);
    assert!(stderr(&out).contains("cannot be told"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Nothing was sent again"));
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(output["outcome"], "unknown");
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn reissue_found_after_a_lost_answer_is_success() {
    let server = StandIn::start(|request, before| {
        let posted = before.iter().any(|r| r.method == "POST");
        if request.method == "POST" {
            Reply::Drop
        } else if is(request, "GET", "/order/certificate/5/reissue") {
            Reply::Json(200, json!({"certificates": []}))
        } else if posted {
            let mut order = issued(5);
            order["status"] = json!("reissue_pending");
            Reply::Json(200, order)
        } else {
            Reply::Json(200, issued(5))
        }
    })
    .await;
    let out = run(
        &server,
        &["reissue", "5", "--yes", "--domain", "example.com"],
    )
    .await;
    assert_exit(&out, 0);
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(output["outcome"], "found");
    assert!(stderr(&out).contains("it was made"));
}

#[tokio::test]
async fn reissue_without_a_terminal_or_yes_sends_nothing() {
    let server = StandIn::start(|_, _| Reply::Json(200, issued(5))).await;
    let out = run(&server, &["reissue", "5", "--logo", "examples/logo.svg"]).await;
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--yes"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn reissue_auto_reissue_only_changes_the_setting() {
    let server = StandIn::start(|_, _| Reply::Raw(204, vec![], vec![])).await;
    let out = run(&server, &["reissue", "5", "--auto-reissue", "off"]).await;
    assert_exit(&out, 0);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(is(&requests[0], "PUT", "/order/certificate/5/auto-reissue"));
    assert_eq!(requests[0].json(), json!({"auto_reissue": 0}));
}

#[tokio::test]
async fn renew_dry_run_prints_the_renewal_body_and_places_nothing() {
    let server = StandIn::start(|request, _| {
        if is(request, "GET", "/order/certificate/5") {
            Reply::Json(200, issued(5))
        } else {
            Reply::Json(201, json!({"id": 6}))
        }
    })
    .await;
    let out = run(&server, &["renew", "5", "--years", "2", "--dry-run"]).await;
    assert_exit(&out, 0);
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["renewal_of_order_id"], 5);
    assert_eq!(body["order_validity"]["years"], 2);
    assert_eq!(body["organization"]["id"], 117483);
    assert_eq!(body["vmc"]["logo"], json!(logo_encoded()));
    assert!(body["alternative_order_id"].is_string());
    assert!(server.requests().iter().all(|r| r.method == "GET"));
}

#[tokio::test]
async fn renew_looks_up_its_alternative_id_and_places_one_order() {
    let server = StandIn::start(|request, before| {
        if request.is_lookup() {
            let placed = before.iter().any(|r| r.is_order_post());
            return Reply::Json(
                200,
                if placed {
                    lookup_answer(&[(6, Some("renewalid0001"))])
                } else {
                    lookup_answer(&[])
                },
            );
        }
        if request.is_order_post() {
            return Reply::Json(
                201,
                json!({"id": 6, "requests": [{"id": 1, "status": "pending"}]}),
            );
        }
        Reply::Json(200, issued(5))
    })
    .await;
    let out = run(
        &server,
        &[
            "renew",
            "5",
            "--yes",
            "--alternative-order-id",
            "renewalid0001",
        ],
    )
    .await;
    assert_exit(&out, 0);
    let posts: Vec<Recorded> = server
        .requests()
        .into_iter()
        .filter(|r| r.is_order_post())
        .collect();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].path, "/order/certificate/vmc_basic");
    assert_eq!(posts[0].json()["renewal_of_order_id"], 5);
    // Run again with the same id: found by the lookup, not bought twice.
    let again = run(
        &server,
        &[
            "renew",
            "5",
            "--yes",
            "--alternative-order-id",
            "renewalid0001",
        ],
    )
    .await;
    assert_exit(&again, 0);
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn renew_of_a_pending_order_is_refused() {
    let server = StandIn::start(|_, _| {
        let mut order = issued(5);
        order["status"] = json!("pending");
        Reply::Json(200, order)
    })
    .await;
    let out = run(&server, &["renew", "5", "--dry-run"]).await;
    assert_exit(&out, 1);
    assert!(stderr(&out).contains("status"), "{}", stderr(&out));
}

fn listing(request: &Recorded) -> Reply {
    let vmc = request.path.contains("vmc_basic");
    let orders = if vmc {
        // One ends in 10 days on a 3-year plan (reissue), one in 400 days.
        vec![
            json!({"id": 11, "status": "issued", "product": {"name_id": "vmc_basic"},
                   "certificate": {"dns_names": ["a.example"], "valid_till": days_from_now(10)},
                   "date_created": "2026-06-01T00:00:00+00:00", "validity_years": 3}),
            json!({"id": 12, "status": "issued", "product": {"name_id": "vmc_basic"},
                   "certificate": {"dns_names": ["b.example"], "valid_till": days_from_now(400)}}),
        ]
    } else {
        vec![json!({"id": 13, "status": "pending", "product": {"name_id": "mark_certificate"}})]
    };
    Reply::Json(
        200,
        json!({"orders": orders, "page": {"total": orders.len(), "offset": 0}}),
    )
}

fn days_from_now(days: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400
        + days;
    // Civil date from days since the epoch (the same calendar the crate uses).
    let z = now as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[tokio::test]
async fn orders_lists_every_mark_order_with_its_expiry() {
    let server = StandIn::start(|request, _| listing(request)).await;
    let out = run(&server, &["orders"]).await;
    assert_exit(&out, 0);
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<i64> = output["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [11, 12, 13]);
    assert_eq!(output["orders"][0]["expiry"]["days_left"], 10);
    assert_eq!(output["orders"][0]["expiry"]["due"], "reissue");
    assert_eq!(output["complete"], true);
    cli::assert_fits(&output, "orders-output.json");
}

#[tokio::test]
async fn orders_expiring_names_what_is_due_and_exits_1() {
    let server = StandIn::start(|request, _| listing(request)).await;
    let out = run(&server, &["orders", "--expiring", "30d"]).await;
    assert_exit(&out, 1);
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(output["orders"].as_array().unwrap().len(), 1);
    assert_eq!(output["orders"][0]["order_id"], 11);
    assert!(
        stderr(&out).contains("markcert reissue 11"),
        "{}",
        stderr(&out)
    );
    let calm = run(&server, &["orders", "--expiring", "5d"]).await;
    assert_exit(&calm, 0);
}

#[tokio::test]
async fn orders_expiring_on_an_incomplete_listing_cannot_tell() {
    let server = StandIn::start(|request, _| {
        Reply::Json(
            200,
            json!({"orders": [{"id": request.path.len(), "status": "issued"}], "page": {"total": 1_000_000}}),
        )
    })
    .await;
    let out = run(&server, &["orders", "--expiring", "30d"]).await;
    assert_exit(&out, 3);
    assert!(stderr(&out).contains("more orders may exist"));
    // Bounded: 50 pages for each of the two products.
    assert_eq!(server.requests().len(), 100);
}

#[tokio::test]
async fn organizations_lists_ids() {
    let server = StandIn::start(|_, _| {
        Reply::Json(
            200,
            json!({"organizations": [{"id": 117483, "name": "Example\u{1b}[31m Brands", "is_active": true}], "page": {"total": 1}}),
        )
    })
    .await;
    let out = run(&server, &["organizations"]).await;
    assert_exit(&out, 0);
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(output["organizations"][0]["id"], 117483);
    assert!(!stdout(&out).contains('\u{1b}'), "{}", stdout(&out));
    cli::assert_fits(&output, "organizations-output.json");
}

#[tokio::test]
async fn watch_of_several_orders_reads_status_changes_once_per_poll() {
    let server = StandIn::start(|request, before| {
        if request.path.starts_with("/order/certificate/status-changes") {
            return Reply::Json(
                200,
                json!({"orders": [{"order_id": 21, "status": "issued"}, {"order_id": 22, "status": "rejected"}]}),
            );
        }
        let id: i64 = request
            .path
            .trim_start_matches("/order/certificate/")
            .parse()
            .unwrap();
        let polled = before
            .iter()
            .any(|r| r.path.starts_with("/order/certificate/status-changes"));
        let status = match (id, polled) {
            (21, true) => "issued",
            (22, true) => "rejected",
            _ => "pending",
        };
        Reply::Json(200, json!({"id": id, "status": status}))
    })
    .await;
    let out = run(
        &server,
        &[
            "watch",
            "21",
            "22",
            "23",
            "--interval",
            "1s",
            "--give-up-after",
            "4s",
        ],
    )
    .await;
    // One order ended without a certificate: exit 1.
    assert_exit(&out, 1);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let changes: Vec<(i64, String)> = lines
        .iter()
        .map(|e| {
            (
                e["order_id"].as_i64().unwrap(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes[..5],
        [
            (21, "pending".to_owned()),
            (22, "pending".to_owned()),
            (23, "pending".to_owned()),
            (21, "issued".to_owned()),
            (22, "rejected".to_owned()),
        ]
    );
    let reads = server.requests();
    let status_reads = reads
        .iter()
        .filter(|r| r.path.starts_with("/order/certificate/status-changes"))
        .count();
    let order_reads = reads.len() - status_reads;
    // 3 at the start and 2 for the changes; order 23 is never read again.
    assert_eq!(order_reads, 5, "{reads:?}");
    assert!(status_reads >= 1);
    assert!(stderr(&out).contains("order 22 is rejected"));
}

#[tokio::test]
async fn status_shows_the_expiry_and_what_is_due() {
    let server = StandIn::start(|request, _| {
        if request.path.ends_with("/validation") {
            return Reply::Json(200, json!({}));
        }
        let mut order = issued(5);
        order["certificate"]["valid_till"] = json!(days_from_now(12));
        order["order_valid_till"] = json!(days_from_now(700));
        Reply::Json(200, order)
    })
    .await;
    let out = run(&server, &["status", "5", "--json"]).await;
    assert_exit(&out, 0);
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(output["expiry"]["days_left"], 12);
    assert_eq!(output["expiry"]["due"], "reissue");
    cli::assert_fits(&output, "status-output.json");
}

#[tokio::test]
async fn watch_timeout_is_per_request_and_a_long_one_points_to_give_up_after() {
    let server =
        StandIn::start(|_, _| Reply::Json(200, json!({"id": 7, "status": "pending"}))).await;
    let out = run(&server, &["watch", "7", "--timeout", "7d"]).await;
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("--give-up-after 7days"),
        "{}",
        stderr(&out)
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn piped_watch_output_ends_with_a_final_event() {
    let server =
        StandIn::start(|_, _| Reply::Json(200, json!({"id": 7, "status": "pending"}))).await;
    let out = run(
        &server,
        &[
            "watch",
            "7",
            "--interval",
            "1s",
            "--give-up-after",
            "2s",
            "--timeout",
            "1s",
        ],
    )
    .await;
    assert_exit(&out, 3);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = lines.last().unwrap();
    assert_eq!(last["end"], "deadline");
    assert_eq!(last["order_id"], 7);
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.get("end").is_none())
    );
    for line in &lines {
        cli::assert_fits(line, "watch-event.json");
    }
}
