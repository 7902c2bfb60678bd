//! The life after issuance on the wire, against a stand-in for CertCentral: reissue (its body,
//! the checks before it, and what an unclear answer leads to), automatic reissue, revocation,
//! the DCV method, renewal built from the order, the account's listings read page by page
//! with a bound, expiry, and waiting for many orders with one status request per poll.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::standin::{Recorded, Reply, StandIn};
use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{OrderKind, PreparedOrder, RenewalOrder};
use digicert_mark_certs::types::{self, VmcOrderRequest};
use digicert_mark_certs::values::DcvMethod;
use digicert_mark_certs::{
    Due, Expiry, MarkClient, OrderQuery, Reissue, ReissueOutcome, RetryPolicy, WaitEvent,
    WaitOptions,
};
use insta::assert_json_snapshot;
use serde_json::{Value, json};

const KEY: &str = "test-key-0123";

fn client(base_url: &str) -> MarkClient {
    MarkClient::builder(KEY)
        .base_url(base_url)
        .timeout(Duration::from_millis(800))
        .retry_policy(
            RetryPolicy::default()
                .rate_limit_retries(3)
                .read_retries(2)
                .backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .build()
        .unwrap()
}

fn logo() -> Logo {
    Logo::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap()
}

fn fixture(path: &str) -> Value {
    let full = format!(
        "{}/tests/fixtures/certcentral/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(&full).unwrap()).unwrap()
}

fn issued_order(id: i64) -> Value {
    json!({
        "id": id,
        "status": "issued",
        "product": {"name_id": "vmc_basic", "name": "Verified Mark Certificate"},
        "organization": {"id": 117483, "name": "Example Brands Ltd"},
        "certificate": {
            "id": 880001,
            "common_name": "example.com",
            "dns_names": ["example.com", "mail.example.com"],
            "valid_from": "2026-01-05",
            "valid_till": "2027-01-05"
        },
        "date_created": "2026-01-02T10:00:00+00:00",
        "validity_years": 3,
        "vmc": {
            "logo": logo().encoded(),
            "enable_hosting": true,
            "mark_type": "registered_mark",
            "mark_type_data": {
                "country_code": "us",
                "registration_number": "5551234",
                "trademark_office_name": "USPTO"
            }
        }
    })
}

fn is(request: &Recorded, method: &str, path: &str) -> bool {
    request.method == method && request.path.split('?').next() == Some(path)
}

/// A stand-in for one issued order (id 5) whose reissue POST is answered by `reissue`, and
/// whose reads answer as `after_post` says once the POST came (status, reissue list).
async fn reissue_standin(
    reissue: impl Fn() -> Reply + Send + Sync + 'static,
    after_post: impl Fn(&[Recorded]) -> (Reply, Reply) + Send + Sync + 'static,
) -> StandIn {
    StandIn::start(move |request, before| {
        let posted = before
            .iter()
            .any(|r| is(r, "POST", "/order/certificate/5/reissue"));
        if is(request, "POST", "/order/certificate/5/reissue") {
            return reissue();
        }
        let (order, list) = if posted {
            after_post(before)
        } else {
            (
                Reply::Json(200, issued_order(5)),
                Reply::Json(200, json!({"certificates": []})),
            )
        };
        if is(request, "GET", "/order/certificate/5") {
            order
        } else if is(request, "GET", "/order/certificate/5/reissue") {
            list
        } else {
            Reply::Json(
                404,
                json!({"errors": [{"code": "not_found", "message": "no"}]}),
            )
        }
    })
    .await
}

fn posts(server: &StandIn) -> Vec<Recorded> {
    server
        .requests()
        .into_iter()
        .filter(|r| is(r, "POST", "/order/certificate/5/reissue"))
        .collect()
}

#[tokio::test]
async fn request_reissue_with_domains_logo_and_comments() {
    let server = reissue_standin(
        || {
            Reply::Json(
                201,
                json!({"id": 5, "requests": [{"id": 71, "status": "pending"}]}),
            )
        },
        |_| unreachable!(),
    )
    .await;
    let reissue = Reissue::builder()
        .dns_names(["example.com"])
        .logo(&logo())
        .comments("New logo for 2027")
        .skip_approval(true)
        .build()
        .unwrap();
    let outcome = client(&server.base_url).reissue(5, &reissue).await.unwrap();
    assert!(matches!(outcome, ReissueOutcome::Requested(ref a) if a.requests[0].id == 71));
    let sent = posts(&server);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-dc-devkey"), Some(KEY));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    let body = sent[0].json();
    assert_eq!(body["vmc"]["logo"], json!(logo().encoded()));
    assert_eq!(body.to_string(), reissue.body_text());
    let mut shown = body.clone();
    shown["vmc"]["logo"] = json!("<the encoded examples/logo.svg>");
    assert_json_snapshot!(shown, @r#"
    {
      "certificate": {
        "dns_names": [
          "example.com"
        ]
      },
      "comments": "New logo for 2027",
      "skip_approval": true,
      "vmc": {
        "logo": "<the encoded examples/logo.svg>"
      }
    }
    "#);
}

#[tokio::test]
async fn a_reissue_of_an_order_not_issued_or_already_reissuing_is_not_sent() {
    for (status, rule) in [
        ("reissue_pending", "reissue-pending"),
        ("pending", "reissue-not-issued"),
    ] {
        let server = StandIn::start(move |request, _| {
            if request.method == "GET" && request.path == "/order/certificate/5" {
                let mut order = issued_order(5);
                order["status"] = json!(status);
                Reply::Json(200, order)
            } else {
                Reply::Json(201, json!({"id": 5}))
            }
        })
        .await;
        let err = client(&server.base_url)
            .reissue(5, &Reissue::builder().build().unwrap())
            .await
            .unwrap_err();
        assert!(err.report().is_some_and(|r| r.has(rule)), "{status}: {err}");
        assert!(posts(&server).is_empty(), "{status}");
    }
}

#[tokio::test]
async fn a_reissue_answered_500_is_not_sent_again_and_is_found() {
    let server = reissue_standin(
        || {
            Reply::Json(
                500,
                json!({"errors": [{"code": "internal", "message": "oops"}]}),
            )
        },
        |_| {
            let mut order = issued_order(5);
            order["status"] = json!("reissue_pending");
            (
                Reply::Json(200, order),
                Reply::Json(
                    200,
                    json!({"certificates": [{"id": 990, "status": "pending"}]}),
                ),
            )
        },
    )
    .await;
    let outcome = client(&server.base_url)
        .reissue(5, &Reissue::builder().build().unwrap())
        .await
        .unwrap();
    match &outcome {
        ReissueOutcome::Found { certificate, .. } => {
            assert_eq!(certificate.as_ref().and_then(|c| c.id), Some(990));
        }
        other => panic!("{other:?}"),
    }
    assert!(outcome.is_made());
    assert_eq!(posts(&server).len(), 1);
}

#[tokio::test]
async fn a_lost_reissue_answer_with_no_reissue_seen_is_not_seen_and_not_resent() {
    let server = reissue_standin(
        || Reply::Drop,
        |_| {
            (
                Reply::Json(200, issued_order(5)),
                Reply::Json(200, json!({"certificates": []})),
            )
        },
    )
    .await;
    let outcome = client(&server.base_url)
        .reissue(5, &Reissue::builder().build().unwrap())
        .await
        .unwrap();
    assert!(
        matches!(outcome, ReissueOutcome::NotSeen { .. }),
        "{outcome:?}"
    );
    assert!(!outcome.is_made());
    assert_eq!(posts(&server).len(), 1);
}

#[tokio::test]
async fn an_unclear_reissue_whose_reads_fail_is_unknown() {
    let server = reissue_standin(
        || Reply::Json(502, json!({})),
        |_| (Reply::Json(503, json!({})), Reply::Json(503, json!({}))),
    )
    .await;
    let outcome = client(&server.base_url)
        .reissue(5, &Reissue::builder().build().unwrap())
        .await
        .unwrap();
    assert!(
        matches!(outcome, ReissueOutcome::Unknown { .. }),
        "{outcome:?}"
    );
    assert_eq!(posts(&server).len(), 1);
}

#[tokio::test]
async fn a_pending_reissue_listed_before_does_not_count_as_found() {
    // The list showed a pending certificate before the POST: after a lost answer, the same
    // entry is no evidence that this reissue was made.
    let server = StandIn::start(|request, _| {
        if is(request, "POST", "/order/certificate/5/reissue") {
            Reply::Drop
        } else if is(request, "GET", "/order/certificate/5/reissue") {
            Reply::Json(
                200,
                json!({"certificates": [{"id": 41, "status": "pending"}]}),
            )
        } else {
            Reply::Json(200, issued_order(5))
        }
    })
    .await;
    let outcome = client(&server.base_url)
        .reissue(5, &Reissue::builder().build().unwrap())
        .await
        .unwrap();
    assert!(
        matches!(outcome, ReissueOutcome::NotSeen { .. }),
        "{outcome:?}"
    );
}

/// The one request a change sends, with the body it carried.
async fn one_change(reply: Reply, send: impl AsyncFnOnce(MarkClient)) -> Recorded {
    let reply = Mutex::new(Some(reply));
    let server = StandIn::start(move |_, _| {
        reply
            .lock()
            .unwrap()
            .take()
            .unwrap_or(Reply::Json(500, json!({})))
    })
    .await;
    send(client(&server.base_url)).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.into_iter().next().unwrap()
}

#[tokio::test]
async fn request_auto_reissue_revoke_and_dcv_method() {
    let on = one_change(Reply::Raw(204, vec![], vec![]), async |c| {
        c.set_auto_reissue(5, true).await.unwrap()
    })
    .await;
    assert!(is(&on, "PUT", "/order/certificate/5/auto-reissue"));
    assert_json_snapshot!(on.json(), @r#"
    {
      "auto_reissue": 1
    }
    "#);
    let off = one_change(Reply::Raw(204, vec![], vec![]), async |c| {
        c.set_auto_reissue(5, false).await.unwrap()
    })
    .await;
    assert_eq!(off.json(), json!({"auto_reissue": 0}));

    let revoke = one_change(
        Reply::Json(201, json!({"id": 8, "status": "pending", "type": "revoke"})),
        async |c| {
            let request = c
                .revoke(5, "  The mark is no longer used. ", false)
                .await
                .unwrap();
            assert_eq!(request.id, Some(8));
        },
    )
    .await;
    assert!(is(&revoke, "PUT", "/order/certificate/5/revoke"));
    assert_json_snapshot!(revoke.json(), @r#"
    {
      "comments": "The mark is no longer used.",
      "skip_approval": false
    }
    "#);

    let dcv = one_change(
        Reply::Json(
            200,
            json!({"dcv_random_value": "abc123", "expiration_date": "2027-01-01"}),
        ),
        async |c| {
            let change = c
                .change_dcv_method(5, DcvMethod::DnsTxtToken)
                .await
                .unwrap();
            assert_eq!(change.dcv_random_value.as_deref(), Some("abc123"));
        },
    )
    .await;
    assert!(is(&dcv, "PUT", "/order/certificate/5/dcv-method"));
    assert_json_snapshot!(dcv.json(), @r#"
    {
      "dcv_method": "dns-txt-token"
    }
    "#);

    let resend = one_change(Reply::Raw(204, vec![], vec![]), async |c| {
        c.resend_dcv_emails(5).await.unwrap()
    })
    .await;
    assert!(is(&resend, "PUT", "/order/certificate/5/resend-emails"));
    assert!(resend.body.is_empty());
}

#[tokio::test]
async fn a_blank_revocation_is_refused_before_sending() {
    let server = StandIn::start(|_, _| Reply::Json(201, json!({}))).await;
    let err = client(&server.base_url)
        .revoke(5, " \n", true)
        .await
        .unwrap_err();
    assert!(err.report().is_some_and(|r| r.has("revoke-comments")));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_change_answered_500_is_not_sent_again() {
    for send in 0..3 {
        let server = StandIn::start(|_, _| Reply::Json(500, json!({}))).await;
        let c = client(&server.base_url);
        let err = match send {
            0 => c.set_auto_reissue(5, true).await.unwrap_err(),
            1 => c.revoke(5, "gone", false).await.map(|_| ()).unwrap_err(),
            _ => c
                .change_dcv_method(5, DcvMethod::Email)
                .await
                .map(|_| ())
                .unwrap_err(),
        };
        assert!(err.is_change_unknown(), "{err}");
        assert_eq!(server.requests().len(), 1);
    }
}

#[test]
fn request_renewal_built_from_the_order() {
    let order: types::OrderInfo = serde_json::from_value(issued_order(5)).unwrap();
    let renewal = RenewalOrder::from_order(&order, 2).unwrap();
    assert_eq!(renewal.kind(), OrderKind::Vmc);
    let mut body = renewal.body().clone();
    assert_eq!(body["vmc"]["logo"], json!(logo().encoded()));
    body["vmc"]["logo"] = json!("<the order's logo>");
    // The mark details DigiCert returned beyond the order body's fields are left out.
    assert_json_snapshot!(body, @r#"
    {
      "certificate": {
        "dns_names": [
          "example.com",
          "mail.example.com"
        ]
      },
      "order_validity": {
        "years": 2
      },
      "organization": {
        "id": 117483
      },
      "renewal_of_order_id": 5,
      "vmc": {
        "enable_hosting": true,
        "logo": "<the order's logo>",
        "mark_type": "registered_mark",
        "mark_type_data": {
          "country_code": "us",
          "registration_number": "5551234"
        }
      }
    }
    "#);
    // It is an order like any other: it validates and is prepared.
    let prepared = PreparedOrder::<VmcOrderRequest>::from_json(renewal.body()).unwrap();
    assert!(prepared.report().is_valid());
    assert_eq!(
        serde_json::to_value(&prepared.order().renewal_of_order_id).unwrap(),
        json!(5)
    );
}

#[test]
fn a_renewal_is_refused_for_what_cannot_be_renewed() {
    type Change = fn(&mut Value);
    let cases: [(&str, Change); 5] = [
        ("product.name_id", |o| {
            o["product"]["name_id"] = json!("ssl_plus")
        }),
        ("status", |o| o["status"] = json!("pending")),
        ("organization.id", |o| {
            o["organization"].as_object_mut().unwrap().remove("id");
        }),
        ("certificate.dns_names", |o| {
            o["certificate"]["dns_names"] = json!([]);
        }),
        ("order_validity.years", |_| {}),
    ];
    for (field, change) in cases {
        let mut order = issued_order(5);
        change(&mut order);
        let order: types::OrderInfo = serde_json::from_value(order).unwrap();
        let years = if field == "order_validity.years" {
            4
        } else {
            1
        };
        let err = RenewalOrder::from_order(&order, years).unwrap_err();
        assert_eq!(err.field, field, "{err}");
    }
    // A CMC order renews as a CMC, without VMC mark details.
    let mut cmc = issued_order(6);
    cmc["product"]["name_id"] = json!("mark_certificate");
    let order: types::OrderInfo = serde_json::from_value(cmc).unwrap();
    let renewal = RenewalOrder::from_order(&order, 1).unwrap();
    assert_eq!(renewal.kind(), OrderKind::Cmc);
    assert!(renewal.body()["vmc"].get("mark_type").is_none());
}

fn listed(id: i64, status: &str, valid_till: &str) -> Value {
    json!({
        "id": id,
        "status": status,
        "certificate": {"dns_names": [format!("brand{id}.example")], "valid_till": valid_till},
        "product": {"name_id": "vmc_basic"},
        "organization": {"id": 117483},
        "date_created": "2026-01-02T10:00:00+00:00",
        "validity_years": 1
    })
}

#[tokio::test]
async fn the_order_list_reads_every_page_and_each_product() {
    // 5 VMC orders over pages of 2, and one CMC order.
    let server = StandIn::start(|request, _| {
        let query = request.path.split_once('?').map(|(_, q)| q).unwrap_or("");
        let offset: i64 = query
            .split('&')
            .find_map(|p| p.strip_prefix("offset="))
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        if query.contains("mark_certificate") {
            return Reply::Json(
                200,
                json!({"orders": [listed(900, "issued", "2027-03-01")], "page": {"total": 1, "limit": 2, "offset": 0}}),
            );
        }
        let orders: Vec<Value> = (offset..(offset + 2).min(5))
            .map(|i| listed(100 + i, "issued", "2027-01-01"))
            .collect();
        Reply::Json(
            200,
            json!({"orders": orders, "page": {"total": 5, "limit": 2, "offset": offset}}),
        )
    })
    .await;
    let listing = client(&server.base_url)
        .list_orders(&OrderQuery::marks().page_size(2))
        .await
        .unwrap();
    assert!(listing.complete);
    assert_eq!(listing.pages, 4);
    let ids: Vec<i64> = listing.items.iter().map(|o| o.id).collect();
    assert_eq!(ids, [100, 101, 102, 103, 104, 900]);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_json_snapshot!(paths, @r#"
    [
      "/order/certificate?filters%5Bproduct_name_id%5D=vmc_basic&limit=2&offset=0",
      "/order/certificate?filters%5Bproduct_name_id%5D=vmc_basic&limit=2&offset=2",
      "/order/certificate?filters%5Bproduct_name_id%5D=vmc_basic&limit=2&offset=4",
      "/order/certificate?filters%5Bproduct_name_id%5D=mark_certificate&limit=2&offset=0"
    ]
    "#);
}

#[tokio::test]
async fn a_list_whose_pages_never_end_is_bounded() {
    let server = StandIn::start(|request, _| {
        let n = request.path.len() as i64;
        Reply::Json(
            200,
            json!({"orders": [listed(n, "issued", "2027-01-01")], "page": {"total": 1_000_000_000}}),
        )
    })
    .await;
    let listing = client(&server.base_url)
        .list_orders(
            &OrderQuery::marks()
                .product("vmc_plus")
                .max_pages(7)
                .page_size(1),
        )
        .await
        .unwrap();
    assert!(!listing.complete);
    // 7 pages for each of the three products, and no more.
    assert_eq!(listing.pages, 21);
    assert_eq!(server.requests().len(), 21);
}

#[tokio::test]
async fn organizations_are_listed_with_their_ids() {
    let server = StandIn::start(|request, _| {
        assert!(
            request.path.starts_with("/organization?"),
            "{}",
            request.path
        );
        Reply::Json(200, fixture("riboseinc-digicert/organizations.json"))
    })
    .await;
    let listing = client(&server.base_url).list_organizations().await.unwrap();
    assert!(listing.complete);
    assert_eq!(listing.items[0].id, 117483);
    assert_eq!(listing.items[0].name.as_deref(), Some("DigiCert, Inc."));
}

#[test]
fn expiry_says_reissue_while_the_plan_runs_and_renewal_after() {
    let now = UNIX_EPOCH + Duration::from_secs(20_788 * 86_400); // 2026-12-01
    let three_years = Expiry::from_dates(
        Some("2026-12-20"),
        None,
        Some("2025-11-20T10:00:00+00:00"),
        Some(3),
        now,
    );
    assert_eq!(three_years.days_left, Some(19));
    assert_eq!(three_years.plan_ends.as_deref(), Some("2028-11-20"));
    assert_eq!(three_years.due, Some(Due::Reissue));
    let last = Expiry::from_dates(Some("2028-11-20"), Some("2028-11-20"), None, None, now);
    assert_eq!(last.due, Some(Due::Renewal));
    let ended = Expiry::from_dates(Some("2026-11-01"), None, None, None, now);
    assert_eq!(ended.days_left, Some(-30));
    assert!(ended.is_within(0));
    assert!(!three_years.is_within(18));
    assert!(three_years.is_within(19));
    let unreadable = Expiry::from_dates(Some("soon"), None, None, None, now);
    assert_eq!((unreadable.days_left, unreadable.due), (None, None));
}

/// A counting stand-in for many pending orders: each Order info read answers the order's
/// status in `states`; the status-changes read lists the orders in `changed`.
struct Account {
    states: Mutex<std::collections::BTreeMap<i64, &'static str>>,
    changed: Mutex<Vec<(i64, &'static str)>>,
}

async fn account_standin(account: Arc<Account>) -> StandIn {
    StandIn::start(move |request, _| {
        let path = request.path.split('?').next().unwrap_or("");
        if path == "/order/certificate/status-changes" {
            let changed: Vec<Value> = std::mem::take(&mut *account.changed.lock().unwrap())
                .into_iter()
                .map(|(id, status)| json!({"order_id": id, "status": status}))
                .collect();
            return Reply::Json(200, json!({"orders": changed}));
        }
        let id: i64 = path
            .strip_prefix("/order/certificate/")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0);
        match account.states.lock().unwrap().get(&id) {
            Some(status) => Reply::Json(200, json!({"id": id, "status": status})),
            None => Reply::Json(
                404,
                json!({"errors": [{"code": "not_found", "message": "no"}]}),
            ),
        }
    })
    .await
}

#[tokio::test]
async fn many_orders_cost_one_request_per_poll_plus_one_per_change() {
    let account = Arc::new(Account {
        states: Mutex::new((1..=20).map(|id| (id, "pending")).collect()),
        changed: Mutex::new(Vec::new()),
    });
    let server = account_standin(account.clone()).await;
    let client = client(&server.base_url);
    let ids: Vec<i64> = (1..=20).collect();
    let mut events = Vec::new();
    let mut polls_seen = 0;
    let options = WaitOptions::new().interval(Duration::from_secs(1));
    let account2 = account.clone();
    let outcome = client
        .wait_until_all_issued(&ids, &options, |event| {
            if let WaitEvent::Polled { order, polls, .. } = event {
                events.push((order.id, order.status.to_string()));
                if *polls > polls_seen {
                    polls_seen = *polls;
                }
            }
            // After the first poll, two orders are issued, then one rejected, then the rest
            // issued; a change that restates a known status is not read again.
            let mut states = account2.states.lock().unwrap();
            let mut changed = account2.changed.lock().unwrap();
            if changed.is_empty() && events.len() == 20 {
                states.insert(3, "issued");
                states.insert(4, "issued");
                changed.extend([(3, "issued"), (4, "issued"), (5, "pending")]);
            } else if changed.is_empty() && events.len() == 22 {
                states.insert(6, "rejected");
                changed.push((6, "rejected"));
            } else if changed.is_empty() && events.len() == 23 {
                for id in ids.iter().filter(|id| ![3, 4, 6].contains(*id)) {
                    states.insert(*id, "issued");
                    changed.push((*id, "issued"));
                }
            }
        })
        .await
        .unwrap();
    assert_eq!(outcome.issued.len(), 19);
    assert_eq!(outcome.ended.len(), 1);
    assert!(outcome.open.is_empty());
    assert!(!outcome.all_issued());
    // 20 reads at the start, then 2 + 1 + 17 for the changed orders; 3 status reads.
    assert_eq!(outcome.requests.order_info, 40);
    assert_eq!(outcome.requests.status_changes, 3);
    assert_eq!(outcome.requests.polls, 4);
    let requests = server.requests();
    assert_eq!(requests.len(), 43);
    let windows: Vec<&str> = requests
        .iter()
        .filter(|r| r.path.starts_with("/order/certificate/status-changes"))
        .map(|r| r.path.as_str())
        .collect();
    // Each window reaches back to the previous poll, with a minute's margin.
    for window in windows {
        let seconds: u64 = window
            .split_once("seconds=")
            .map(|(_, s)| s.parse().unwrap())
            .or_else(|| {
                window
                    .split_once("minutes=")
                    .map(|(_, m)| m.parse::<u64>().unwrap() * 60)
            })
            .unwrap();
        assert!((61..=64).contains(&seconds), "{window}");
    }
}

#[tokio::test]
async fn a_many_order_wait_holds_its_deadline_and_names_the_open_orders() {
    let account = Arc::new(Account {
        states: Mutex::new((1..=3).map(|id| (id, "pending")).collect()),
        changed: Mutex::new(Vec::new()),
    });
    let server = account_standin(account).await;
    let started = std::time::Instant::now();
    let outcome = client(&server.base_url)
        .wait_until_all_issued(
            &[1, 2, 3],
            &WaitOptions::new()
                .interval(Duration::from_secs(1))
                .timeout(Duration::from_millis(2500)),
            |_| {},
        )
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    let open: Vec<i64> = outcome.open.iter().map(|(id, _)| *id).collect();
    assert_eq!(open, [1, 2, 3]);
    assert_eq!(outcome.requests.order_info, 3);
    // No order info read after the first poll: nothing changed.
    assert!(outcome.requests.status_changes >= 1);
}

#[tokio::test]
async fn a_many_order_wait_ends_on_an_order_that_does_not_exist() {
    let account = Arc::new(Account {
        states: Mutex::new([(1, "pending")].into_iter().collect()),
        changed: Mutex::new(Vec::new()),
    });
    let server = account_standin(account).await;
    let err = client(&server.base_url)
        .wait_until_all_issued(&[1, 77], &WaitOptions::new(), |_| {})
        .await
        .unwrap_err();
    assert!(
        err.api_errors().iter().any(|e| e.code == "not_found"),
        "{err}"
    );
}

#[test]
fn the_expiry_of_an_order_uses_its_plan_end_when_given() {
    let mut order = issued_order(5);
    order["order_valid_till"] = json!("2029-01-02");
    let order: types::OrderInfo = serde_json::from_value(order).unwrap();
    let expiry = Expiry::of_order(&order, SystemTime::now());
    assert_eq!(expiry.plan_ends.as_deref(), Some("2029-01-02"));
    assert_eq!(expiry.ends.as_deref(), Some("2027-01-05"));
    assert_eq!(expiry.due, Some(Due::Reissue));
}

#[test]
fn the_public_clients_answers_read_as_the_documented_types() {
    let orders: types::OrderList =
        serde_json::from_value(fixture("riboseinc-digicert/orders.json")).unwrap();
    assert_eq!(orders.orders[0].id, 556729);
    assert_eq!(orders.page.as_ref().and_then(|p| p.total), Some(1));
    let reissued: types::ReissueResponse =
        serde_json::from_value(fixture("riboseinc-digicert/order_reissued.json")).unwrap();
    assert_eq!(reissued.id, 542757);
    assert_eq!(reissued.requests.len(), 1);
}
