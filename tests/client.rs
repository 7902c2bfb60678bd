//! `MarkClient` against a stand-in server that misbehaves the ways a network and a hostile
//! server can. Each test counts the order POSTs it caused (a duplicate order costs money)
//! and the requests that reached a second origin (a redirect could carry the key or a card).

mod common;

use std::time::{Duration, Instant};

use common::standin::{Recorded, Reply, StandIn, looked_up_id, lookup_answer};
use digicert_mark_certs::order::{
    MarkOrder, OrderExt, PrepareOptions, PreparedOrder, existing_organization,
};
use digicert_mark_certs::types::{self, RequestStatus};
use digicert_mark_certs::{Error, MarkClient, Placement, RetryPolicy};
use serde_json::{Value, json};

const KEY: &str = "test-key-0123";

/// Quick retries and a short lookup window, so tests take milliseconds.
fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .rate_limit_retries(3)
        .resends(1)
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
        .lookups(
            Duration::from_millis(20),
            Duration::from_millis(60),
            Duration::from_millis(250),
        )
}

fn client_with(base_url: &str, policy: RetryPolicy) -> MarkClient {
    MarkClient::builder(KEY)
        .base_url(base_url)
        .timeout(Duration::from_millis(500))
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn client(base_url: &str) -> MarkClient {
    client_with(base_url, fast())
}

fn order() -> types::VmcOrderRequest {
    types::VmcOrderRequest::minimal(["example.com"], existing_organization(123456).unwrap(), 1)
        .unwrap()
}

fn prepared() -> PreparedOrder<types::VmcOrderRequest> {
    PreparedOrder::new(order()).unwrap()
}

fn approved() -> Value {
    common::component_example(&common::document(), "OrderApproved")
}

fn none() -> Value {
    lookup_answer(&[])
}

/// The id of the order a request carried, for lookups that find "our" order.
fn id_of_first_post(earlier: &[Recorded]) -> Option<String> {
    earlier
        .iter()
        .find(|r| r.is_order_post())
        .and_then(|r| r.json()["alternative_order_id"].as_str().map(str::to_owned))
}

// What succeeds.

#[tokio::test]
async fn success_sends_exactly_the_prepared_bytes_once_with_key_and_agent() {
    let server = StandIn::start(|_, _| Reply::Json(201, approved())).await;
    let prepared = prepared();
    let placement = client(&server.base_url).place(&prepared).await.unwrap();
    let Placement::Answered(placed) = &placement else {
        panic!("{placement:?}")
    };
    assert_eq!(placed.order.id, 144457096);
    assert_eq!(placed.order.requests[0].status, RequestStatus::Approved);
    assert_eq!((placed.posts, placed.status), (1, 201));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let post = &requests[0];
    assert_eq!(post.path, "/order/certificate/vmc_basic");
    // The bytes on the wire are the prepared bytes: what a dry run prints is what is sent.
    assert_eq!(post.body, prepared.bytes());
    assert_eq!(post.header("x-dc-devkey"), Some(KEY));
    assert!(
        post.header("user-agent")
            .is_some_and(|a| a.starts_with("digicert-mark-certs/"))
    );
    assert_eq!(
        post.json()["alternative_order_id"],
        json!(prepared.alternative_order_id())
    );
}

#[tokio::test]
async fn unknown_statuses_and_fields_in_the_answer_are_a_success() {
    let answer =
        json!({"id": 5, "requests": [{"id": 6, "status": "needs_review"}], "new_field": [1]});
    let server = StandIn::start(move |_, _| Reply::Json(201, answer.clone())).await;
    let Placement::Answered(placed) = client(&server.base_url).order(order()).await.unwrap() else {
        panic!()
    };
    assert_eq!(
        placed.order.requests[0].status,
        RequestStatus::Unknown("needs_review".into())
    );
    assert_eq!(placed.order.extra["new_field"], json!([1]));
}

#[tokio::test]
async fn a_success_status_the_document_does_not_list_is_read_from_its_body() {
    let server = StandIn::start(|_, _| Reply::Json(200, approved())).await;
    let Placement::Answered(placed) = client(&server.base_url).order(order()).await.unwrap() else {
        panic!()
    };
    assert_eq!((placed.status, placed.order.id), (200, 144457096));
}

// Nothing is sent for an order that must not be.

#[tokio::test]
async fn an_invalid_order_sends_nothing() {
    let server = StandIn::start(|_, _| Reply::Json(201, approved())).await;
    let mut bad = order();
    bad.certificate.dns_names = vec!["not a name".into()];
    let err = client(&server.base_url).order(bad).await.unwrap_err();
    assert!(err.is_invalid(), "{err:?}");
    let report = err.report().unwrap();
    assert!(
        report
            .find("dns-name", "certificate.dns_names[0]")
            .is_some()
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_client_that_denies_warnings_sends_nothing_for_an_order_with_warnings() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[]))
        } else {
            Reply::Json(201, approved())
        }
    })
    .await;
    let with_warning = order().with_alternative_order_id("has-dash").unwrap();
    let prepared = PreparedOrder::new(with_warning).unwrap();
    assert!(!prepared.report().is_clean());
    let strict = MarkClient::builder(KEY)
        .base_url(&server.base_url)
        .deny_warnings(true)
        .build()
        .unwrap();
    let err = strict.place(&prepared).await.unwrap_err();
    assert!(err.is_invalid(), "{err:?}");
    assert!(server.requests().is_empty());
    // The same order goes through a client that allows warnings.
    client(&server.base_url).place(&prepared).await.unwrap();
    assert_eq!(server.order_posts(), 1);
}

// Refusals and the rate limit.

#[tokio::test]
async fn a_refusal_keeps_every_error_and_is_not_retried() {
    let refusal = json!({"errors": [
        {"code": "invalid_dns_name", "message": "The DNS name is invalid."},
        {"code": "access_denied|missing_permission", "message": "Not allowed."}
    ]});
    let sent = refusal.clone();
    let server = StandIn::start(move |_, _| Reply::Json(400, sent.clone())).await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    let Error::Api { status, errors, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(errors.len(), 2);
    assert_eq!(
        (errors[1].code.as_str(), errors[1].variant.as_deref()),
        ("access_denied", Some("missing_permission"))
    );
    assert_eq!(err.code().as_deref(), Some("invalid_dns_name"));
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    let text = err.to_string();
    assert!(
        text.contains("invalid_dns_name") && text.contains("access_denied|missing_permission"),
        "{text}"
    );
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn rate_limited_once_then_placed() {
    let server = StandIn::start(|_, earlier| {
        if earlier.is_empty() {
            Reply::Raw(
                429,
                vec![("retry-after", "0".into())],
                br#"{"errors":[{"code":"request_limit_exceeded","message":"slow down"}]}"#.to_vec(),
            )
        } else {
            Reply::Json(201, approved())
        }
    })
    .await;
    let placement = client(&server.base_url).order(order()).await.unwrap();
    assert_eq!(placement.posts(), 2);
    assert_eq!(server.order_posts(), 2);
}

#[tokio::test]
async fn rate_limited_until_the_retries_run_out() {
    let server = StandIn::start(|_, _| {
        Reply::Raw(
            429,
            vec![("retry-after", "1".into())],
            br#"{"errors":[{"code":"request_limit_exceeded","message":"slow down"}]}"#.to_vec(),
        )
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    let Error::RateLimited {
        attempts,
        retry_after,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*attempts, 4, "1 request and 3 retries");
    assert_eq!(*retry_after, Some(Duration::from_secs(1)));
    assert!(err.is_retryable());
    assert_eq!(server.order_posts(), 4);
}

// Redirects are never followed.

#[tokio::test]
async fn a_redirect_of_the_order_is_never_followed_to_any_origin() {
    for code in [301, 302, 303, 307, 308] {
        let elsewhere = StandIn::start(|_, _| Reply::Json(201, approved())).await;
        let target = format!("{}/order/certificate/vmc_basic", elsewhere.base_url);
        let server = StandIn::start(move |request, _| {
            if request.is_order_post() {
                Reply::Redirect(code, target.clone())
            } else {
                Reply::Json(200, none())
            }
        })
        .await;
        let err = client_with(&server.base_url, fast().resends(0))
            .order(order())
            .await
            .unwrap_err();
        // Every lookup over the window said "none": not placed, and nothing resent.
        assert!(matches!(err, Error::NotPlaced { .. }), "{code}: {err:?}");
        assert!(err.to_string().contains("redirect"), "{err}");
        assert_eq!(server.order_posts(), 1, "{code}");
        assert!(
            elsewhere.requests().is_empty(),
            "{code}: the redirect was followed"
        );
    }
}

#[tokio::test]
async fn a_redirect_loop_makes_one_post() {
    let server = StandIn::start(|request, _| {
        if request.is_order_post() {
            Reply::Redirect(307, request.path.clone())
        } else {
            Reply::Json(500, json!({}))
        }
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn a_redirect_of_the_lookup_is_not_followed_and_leaves_the_outcome_unknown() {
    let elsewhere = StandIn::start(|_, _| Reply::Json(200, none())).await;
    let target = elsewhere.base_url.clone();
    let server = StandIn::start(move |request, _| {
        if request.is_order_post() {
            Reply::Json(500, json!({}))
        } else {
            Reply::Redirect(302, format!("{target}{}", request.path))
        }
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(server.order_posts(), 1);
    assert!(elsewhere.requests().is_empty());
}

// Unclear outcomes: looked up over a window, never resent on thin evidence.

/// A server that places the order when the POST arrives, answers it with `post_reply`, and
/// whose lookups only see the order `lag` after it was placed.
async fn placing_server(post_reply: fn() -> Reply, lag: Duration) -> StandIn {
    StandIn::start(move |request, earlier| {
        if request.is_order_post() {
            return post_reply();
        }
        let placed = earlier.iter().find(|r| r.is_order_post());
        match placed {
            Some(post) if post.at.elapsed() >= lag => {
                let id = id_of_first_post(earlier);
                Reply::Json(200, lookup_answer(&[(144457096, id.as_deref())]))
            }
            _ => Reply::Json(200, none()),
        }
    })
    .await
}

#[tokio::test]
async fn a_500_after_placing_with_a_lagging_lookup_finds_the_order_with_one_post() {
    let server = placing_server(
        || Reply::Raw(500, vec![], b"<html>Internal Server Error</html>".to_vec()),
        Duration::from_millis(120),
    )
    .await;
    let placement = client(&server.base_url).order(order()).await.unwrap();
    let Placement::FoundByLookup(found) = &placement else {
        panic!("{placement:?}")
    };
    assert_eq!(found.orders[0].order_id, 144457096);
    assert!(found.unclear.contains("500"), "{}", found.unclear);
    assert!(found.lookups >= 2, "the first lookups lagged");
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn a_slow_placement_that_outlives_the_timeout_is_found_not_resent() {
    // The order is placed when it arrives, but the answer never comes within the timeout,
    // and the lookups see the order only after a while.
    let server = placing_server(|| Reply::Hang, Duration::from_millis(600)).await;
    let policy = fast().lookups(
        Duration::from_millis(50),
        Duration::from_millis(200),
        Duration::from_millis(900),
    );
    let started = Instant::now();
    let placement = client_with(&server.base_url, policy)
        .order(order())
        .await
        .unwrap();
    assert!(
        matches!(placement, Placement::FoundByLookup(_)),
        "{placement:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "the timeout was waited"
    );
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn only_an_empty_list_counts_as_none_anything_else_leaves_the_outcome_unknown() {
    type MakeReply = fn() -> Reply;
    let lookups: Vec<(&str, MakeReply)> = vec![
        ("404 HTML", || {
            Reply::Raw(404, vec![], b"<html>Not Found</html>".to_vec())
        }),
        ("404 JSON", || {
            Reply::Json(
                404,
                json!({"errors": [{"code": "not_found", "message": "No order."}]}),
            )
        }),
        ("200 not JSON", || Reply::Raw(200, vec![], b"OK".to_vec())),
        ("200 without orders", || Reply::Json(200, json!({}))),
        ("200 empty list that counts orders", || {
            Reply::Json(200, json!({"orders": [], "page": {"total": 1}}))
        }),
        ("200 empty list beside errors", || {
            Reply::Json(
                200,
                json!({"orders": [], "errors": [{"code": "server_busy", "message": "Later."}]}),
            )
        }),
        ("500", || Reply::Json(500, json!({}))),
        ("dropped", || Reply::Drop),
    ];
    for (what, lookup) in lookups {
        let server = StandIn::start(move |request, _| {
            if request.is_order_post() {
                Reply::Json(502, json!({}))
            } else {
                lookup()
            }
        })
        .await;
        let err = client(&server.base_url).order(order()).await.unwrap_err();
        assert!(err.is_outcome_unknown(), "{what}: {err:?}");
        assert!(!err.is_retryable(), "{what}");
        assert_eq!(server.order_posts(), 1, "{what}: resent on thin evidence");
        assert_eq!(
            err.alternative_order_id().map(str::len),
            Some(32),
            "{what}: the id to look up"
        );
    }
}

#[tokio::test]
async fn every_lookup_of_the_window_must_say_none_before_a_single_resend() {
    let server = StandIn::start(|request, earlier| {
        if request.is_order_post() {
            if earlier.iter().any(Recorded::is_order_post) {
                Reply::Json(201, approved())
            } else {
                Reply::Json(503, json!({}))
            }
        } else {
            Reply::Json(200, none())
        }
    })
    .await;
    let placement = client(&server.base_url).order(order()).await.unwrap();
    assert!(matches!(placement, Placement::Answered(_)));
    assert_eq!(server.order_posts(), 2);
    let schedule = fast().lookup_schedule().len();
    assert_eq!(
        server.lookups(),
        schedule,
        "every lookup of the window before the resend"
    );
    // Both POSTs carry the same id: with unique ids required, DigiCert refuses a duplicate.
    let ids: Vec<Value> = server
        .requests()
        .iter()
        .filter(|r| r.is_order_post())
        .map(|r| r.json()["alternative_order_id"].clone())
        .collect();
    assert_eq!(ids[0], ids[1]);
}

#[tokio::test]
async fn with_no_resend_left_a_confirmed_absence_is_not_placed() {
    let server = StandIn::start(|request, _| {
        if request.is_order_post() {
            Reply::Raw(500, vec![], b"<html>oops</html>".to_vec())
        } else {
            Reply::Json(200, none())
        }
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    let Error::NotPlaced { body, reason, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(body.as_deref(), Some("<html>oops</html>"));
    assert!(reason.contains("500"));
    // One POST, lookups (none), one resend, lookups (none): two POSTs in all.
    assert_eq!(server.order_posts(), 2);
}

#[tokio::test]
async fn a_503_with_retry_after_delays_the_first_lookup() {
    let server = StandIn::start(|request, _| {
        if request.is_order_post() {
            Reply::Raw(503, vec![("retry-after", "1".into())], b"busy".to_vec())
        } else {
            Reply::Json(200, lookup_answer(&[(7, None)]))
        }
    })
    .await;
    let policy = fast().backoff(Duration::from_millis(5), Duration::from_secs(2));
    client_with(&server.base_url, policy)
        .order(order())
        .await
        .unwrap();
    let requests = server.requests();
    let waited = requests[1].at - requests[0].at;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
}

#[tokio::test]
async fn a_lookup_rate_limited_is_waited_out_not_counted_as_an_answer() {
    let server = StandIn::start(|request, earlier| {
        if request.is_order_post() {
            Reply::Json(500, json!({}))
        } else if earlier.iter().filter(|r| r.is_lookup()).count() < 2 {
            Reply::Raw(429, vec![("retry-after", "0".into())], b"{}".to_vec())
        } else {
            Reply::Json(200, lookup_answer(&[(9, None)]))
        }
    })
    .await;
    let placement = client(&server.base_url).order(order()).await.unwrap();
    assert_eq!(placement.order_id(), 9);
    assert_eq!(server.order_posts(), 1);
}

// Whose order a lookup found.

#[tokio::test]
async fn a_lookup_answering_an_order_with_another_id_is_not_taken_as_ours() {
    let server = StandIn::start(|request, _| {
        if request.is_order_post() {
            Reply::Json(500, json!({}))
        } else {
            Reply::Json(200, lookup_answer(&[(5, Some("SomebodyElse123"))]))
        }
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert!(
        err.to_string().contains("another alternative order id"),
        "{err}"
    );
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn several_orders_with_our_id_are_all_reported() {
    let server = StandIn::start(|request, earlier| {
        if request.is_order_post() {
            Reply::Drop
        } else {
            let id = id_of_first_post(earlier);
            assert_eq!(id.as_deref(), Some(looked_up_id(request).as_str()));
            Reply::Json(
                200,
                lookup_answer(&[(1, id.as_deref()), (2, id.as_deref()), (3, Some("other"))]),
            )
        }
    })
    .await;
    let placement = client(&server.base_url).order(order()).await.unwrap();
    let Placement::FoundByLookup(found) = &placement else {
        panic!("{placement:?}")
    };
    let ids: Vec<i64> = found.orders.iter().map(|o| o.order_id).collect();
    assert_eq!(ids, [1, 2], "ours, and only ours, all of them");
    assert!(placement.has_duplicates());
    assert_eq!(server.order_posts(), 1);
}

// Bounded reads.

#[tokio::test]
async fn an_endless_success_answer_is_cut_at_the_limit_and_called_probably_placed() {
    let server = StandIn::start(|_, _| Reply::Endless {
        status: 201,
        total: None,
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    let Error::UnreadableSuccess { detail, body, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(detail.contains("limit"), "{detail}");
    assert!(body.len() <= 1024 * 1024);
    assert!(err.is_outcome_unknown());
    assert!(err.to_string().contains("probably placed"));
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn an_endless_lookup_answer_is_a_failed_lookup() {
    let server = StandIn::start(|request, _| {
        if request.is_order_post() {
            Reply::Json(500, json!({}))
        } else {
            Reply::Endless {
                status: 200,
                total: None,
            }
        }
    })
    .await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert!(err.to_string().contains("limit"), "{err}");
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn a_long_refusal_is_kept_to_the_limit_and_quoted_short_and_escaped() {
    let mut body = b"\x1b[2J\x1b[31m".to_vec();
    body.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    let server = StandIn::start(move |_, _| Reply::Raw(400, vec![], body.clone())).await;
    let err = client(&server.base_url).order(order()).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(err.raw_body().unwrap().len() <= 1024 * 1024);
    let text = err.to_string();
    assert!(text.len() < 1000, "{} bytes", text.len());
    assert!(
        !text.contains('\x1b'),
        "terminal escapes are escaped: {text}"
    );
    assert!(text.contains("more bytes not shown"), "{text}");
}

// Transport failures.

#[tokio::test]
async fn nothing_listening_sends_nothing_and_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = client(&format!("http://127.0.0.1:{port}"))
        .order(order())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_dropped_connection_with_the_order_present_makes_exactly_one_post() {
    let server = placing_server(|| Reply::Drop, Duration::ZERO).await;
    let placement = client(&server.base_url).order(order()).await.unwrap();
    assert!(matches!(placement, Placement::FoundByLookup(_)));
    assert_eq!(placement.posts(), 1);
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn the_id_is_known_before_sending_so_a_cancelled_order_can_be_found() {
    let server = placing_server(|| Reply::Hang, Duration::ZERO).await;
    let client = client(&server.base_url);
    let prepared = prepared();
    let id = prepared.alternative_order_id().to_owned();
    // The caller gives up (a timeout, Ctrl-C) while the order is in flight.
    let cancelled = tokio::time::timeout(Duration::from_millis(150), client.place(&prepared)).await;
    assert!(cancelled.is_err());
    let found = client.find_orders(&id).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(server.order_posts(), 1);
}

#[tokio::test]
async fn the_id_given_is_the_id_sent() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[]))
        } else {
            Reply::Json(201, approved())
        }
    })
    .await;
    let options = PrepareOptions::new().alternative_order_id("mine42");
    let prepared = PreparedOrder::with_options(
        types::CmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
            .unwrap(),
        options,
    )
    .unwrap();
    let placement = client(&server.base_url).place(&prepared).await.unwrap();
    assert_eq!(placement.alternative_order_id(), "mine42");
    let requests = server.requests();
    // The id given is looked up first; the clear empty answer lets the order go.
    assert!(requests[0].is_lookup());
    assert_eq!(looked_up_id(&requests[0]), "mine42");
    assert_eq!(requests[1].json()["alternative_order_id"], "mine42");
    assert_eq!(requests[1].path, "/order/certificate/mark_certificate");
    assert_eq!(server.order_posts(), 1);
}

// Resuming with an id given: a lookup before any POST.

fn prepared_with_id(id: &str) -> PreparedOrder<types::CmcOrderRequest> {
    PreparedOrder::with_options(
        types::CmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
            .unwrap(),
        PrepareOptions::new().alternative_order_id(id),
    )
    .unwrap()
}

#[tokio::test]
async fn resuming_with_the_id_of_a_placed_order_finds_it_and_sends_no_post() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[(144457096, Some("resume7"))]))
        } else {
            Reply::Json(201, approved())
        }
    })
    .await;
    let placement = client(&server.base_url)
        .place(&prepared_with_id("resume7"))
        .await
        .unwrap();
    let Placement::FoundByLookup(found) = &placement else {
        panic!("{placement:?}")
    };
    assert_eq!(found.posts, 0);
    assert_eq!(placement.order_id(), 144457096);
    assert_eq!(server.order_posts(), 0);
    assert_eq!(server.lookups(), 1);
}

#[tokio::test]
async fn the_id_in_the_body_is_looked_up_too() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[(7, Some("inbody1"))]))
        } else {
            Reply::Json(201, approved())
        }
    })
    .await;
    let order =
        types::CmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
            .unwrap()
            .with_alternative_order_id("inbody1")
            .unwrap();
    let placement = client(&server.base_url).order(order).await.unwrap();
    assert_eq!(placement.posts(), 0);
    assert_eq!(server.order_posts(), 0);
}

#[tokio::test]
async fn a_failed_or_unclear_lookup_before_a_resume_sends_nothing() {
    let replies: Vec<fn() -> Reply> = vec![
        || Reply::Raw(503, vec![], b"down".to_vec()),
        || Reply::Drop,
        || Reply::Json(200, json!({})),
        || Reply::Json(200, json!({"orders": [], "page": {"total": 3}})),
        || {
            Reply::Json(
                404,
                json!({"errors": [{"code": "not_found", "message": "no"}]}),
            )
        },
        || Reply::Raw(200, vec![], b"<html>maintenance</html>".to_vec()),
    ];
    for reply in replies {
        let server = StandIn::start(move |request, _| {
            if request.is_lookup() {
                reply()
            } else {
                Reply::Json(201, approved())
            }
        })
        .await;
        let err = client(&server.base_url)
            .place(&prepared_with_id("resume8"))
            .await
            .unwrap_err();
        assert!(err.is_outcome_unknown(), "{err:?}");
        assert_eq!(err.alternative_order_id(), Some("resume8"));
        assert_eq!(server.order_posts(), 0, "{err}");
        assert!(server.lookups() >= 1);
    }
}

#[tokio::test]
async fn a_generated_id_is_not_looked_up_before_the_post() {
    let server = StandIn::start(|_, _| Reply::Json(201, approved())).await;
    client(&server.base_url).order(order()).await.unwrap();
    assert_eq!(server.lookups(), 0);
    assert_eq!(server.order_posts(), 1);
}

// Which bases may carry the key.

#[test]
fn the_key_only_goes_over_https_or_to_loopback() {
    for bad in [
        "ftp://www.digicert.com/services/v2",
        "http://www.digicert.com/services/v2",
        "http://192.168.1.10:8080",
        "not a url",
    ] {
        let err = MarkClient::builder(KEY).base_url(bad).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
    }
    assert!(matches!(
        MarkClient::builder("").build().unwrap_err(),
        Error::Config(_)
    ));
}

#[tokio::test]
async fn a_validation_status_about_another_order_is_not_taken() {
    let server = StandIn::start(|request, _| {
        assert!(request.path.ends_with("/5/validation"), "{}", request.path);
        Reply::Json(200, json!({"order_id": 999, "dns_name_validations": []}))
    })
    .await;
    let client = client(&server.base_url);
    let err = client.validation_status(5).await.unwrap_err();
    assert!(err.to_string().contains("not order 5"), "{err}");
    // The id is optional, and one given as text counts as the same number.
    let server = StandIn::start(|_, _| Reply::Json(200, json!({"order_id": "6"}))).await;
    assert!(client_with_base(&server).validation_status(6).await.is_ok());
    let server = StandIn::start(|_, _| Reply::Json(200, json!({}))).await;
    assert!(client_with_base(&server).validation_status(6).await.is_ok());
}

fn client_with_base(server: &StandIn) -> MarkClient {
    client(&server.base_url)
}
