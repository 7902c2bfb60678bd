//! Answers of any size cost no more memory than the client's read limit: a 256 MiB answer to
//! the order POST, and one to the lookup, are cut at 1 MiB.
//!
//! This test binary counts live heap bytes with its own allocator, so it stays alone in its
//! file: other tests running beside it would disturb the count.

#[path = "common/peak_heap.rs"]
mod peak_heap;

mod common;

use std::time::Duration;

use common::standin::{Reply, StandIn};
use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
use digicert_mark_certs::{Error, MarkClient, RetryPolicy, types};
use serde_json::json;

#[global_allocator]
static ALLOCATOR: peak_heap::Counting = peak_heap::Counting;

const HUGE: u64 = 256 * 1024 * 1024;
/// The read limit, the copies the error keeps (bytes and text), and the rest of a request.
const ALLOWED: usize = 6 * 1024 * 1024;

fn client(base_url: &str) -> MarkClient {
    MarkClient::builder("memory-key")
        .base_url(base_url)
        .timeout(Duration::from_secs(60))
        .retry_policy(RetryPolicy::default().resends(0).lookups(
            Duration::ZERO,
            Duration::ZERO,
            Duration::ZERO,
        ))
        .build()
        .unwrap()
}

fn prepared() -> PreparedOrder<types::VmcOrderRequest> {
    let order =
        types::VmcOrderRequest::minimal(["example.com"], existing_organization(1).unwrap(), 1)
            .unwrap();
    PreparedOrder::new(order).unwrap()
}

/// Peak heap bytes above what was live before `place` ran.
async fn peak_while_placing(
    server: &StandIn,
) -> (usize, Result<digicert_mark_certs::Placement, Error>) {
    let client = client(&server.base_url);
    let prepared = prepared();
    let before = peak_heap::start();
    let outcome = client.place(&prepared).await;
    (peak_heap::peak_since(before), outcome)
}

#[tokio::test]
async fn huge_answers_are_read_within_the_limit() {
    // To the order POST: probably placed, unreadable.
    let server = StandIn::start(|_, _| Reply::Endless {
        status: 201,
        total: Some(HUGE),
    })
    .await;
    let (peak, outcome) = peak_while_placing(&server).await;
    let err = outcome.unwrap_err();
    assert!(matches!(err, Error::UnreadableSuccess { .. }), "{err:?}");
    assert!(peak < ALLOWED, "a 256 MiB answer took {peak} bytes");
    drop(err);

    // To the lookup after an unclear outcome: the lookup failed, the outcome is unknown.
    let server = StandIn::start(|request, _| {
        if request.is_order_post() {
            Reply::Json(500, json!({}))
        } else {
            Reply::Endless {
                status: 200,
                total: Some(HUGE),
            }
        }
    })
    .await;
    let (peak, outcome) = peak_while_placing(&server).await;
    let err = outcome.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert!(peak < ALLOWED, "a 256 MiB lookup answer took {peak} bytes");
    println!("peak above baseline with a 256 MiB answer: {peak} bytes");
}
