//! What watching many orders costs: a counting stand-in for CertCentral holds N pending
//! orders; after the first poll one order is issued, after the second the rest. The many-order
//! wait makes N reads at the start, then one status-changes request per poll plus one read per
//! changed order; following each order alone would read every order on every poll.
//!
//! Run with `cargo bench --bench watch_many`; it prints one line per N (1, 20, 200).

#[path = "../tests/common/standin.rs"]
mod standin;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use digicert_mark_certs::{MarkClient, WaitEvent, WaitOptions};
use serde_json::json;
use standin::{Reply, StandIn};

struct Account {
    states: BTreeMap<i64, &'static str>,
    changed: Vec<i64>,
}

async fn watch(n: i64) -> (u32, u32, u32, usize) {
    let account = Arc::new(Mutex::new(Account {
        states: (1..=n).map(|id| (id, "pending")).collect(),
        changed: Vec::new(),
    }));
    let shared = account.clone();
    let server = StandIn::start(move |request, _| {
        let mut account = shared.lock().unwrap();
        if request
            .path
            .starts_with("/order/certificate/status-changes")
        {
            let orders: Vec<_> = std::mem::take(&mut account.changed)
                .into_iter()
                .map(|id| json!({"order_id": id, "status": account.states[&id]}))
                .collect();
            return Reply::Json(200, json!({ "orders": orders }));
        }
        let id: i64 = request
            .path
            .trim_start_matches("/order/certificate/")
            .parse()
            .unwrap_or(0);
        Reply::Json(200, json!({"id": id, "status": account.states[&id]}))
    })
    .await;
    let client = MarkClient::builder("bench-key")
        .base_url(&server.base_url)
        .build()
        .unwrap();
    let ids: Vec<i64> = (1..=n).collect();
    let mut reads = 0usize;
    let outcome = client
        .wait_until_all_issued(
            &ids,
            &WaitOptions::new().interval(Duration::from_secs(1)),
            |event| {
                if let WaitEvent::Polled { polls, .. } = event {
                    reads += 1;
                    let mut account = account.lock().unwrap();
                    if !account.changed.is_empty() {
                        return;
                    }
                    if *polls == 1 && reads == ids.len() {
                        account.states.insert(1, "issued");
                        account.changed.push(1);
                    } else if *polls == 2 {
                        for id in 2..=n {
                            account.states.insert(id, "issued");
                            account.changed.push(id);
                        }
                    }
                }
            },
        )
        .await
        .unwrap();
    assert!(outcome.all_issued());
    (
        outcome.requests.polls,
        outcome.requests.status_changes,
        outcome.requests.order_info,
        server.requests().len(),
    )
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("orders  polls  status-reads  order-reads  requests  one-by-one");
    for n in [1, 20, 200] {
        let (polls, status, info, requests) = runtime.block_on(watch(n));
        // Following each order alone: every order read on every poll until it is issued.
        let one_by_one = if n == 1 { 2 } else { 3 * n - 1 };
        println!("{n:>6}  {polls:>5}  {status:>12}  {info:>11}  {requests:>8}  {one_by_one:>10}");
        assert_eq!(u32::try_from(requests).unwrap(), status + info);
        // N reads at the start, then per poll one status read plus the changed orders.
        assert_eq!(info, n as u32 + n as u32);
    }
}
