//! An order placed through `MarkClient` (the generated operation, its hooks and the policy
//! around them) to a loopback server, beside a plain reqwest POST of the same bytes to the
//! same server: the ratio is the client's own work, serialization and answer parsing included.
//! Validation is not in it: it runs once, when the order is prepared (see `benches/order.rs`).
//!
//! Also: the cost of building a client once the first one in the process exists (the system's
//! certificates are loaded once and shared).
//!
//! `cargo bench --bench client`

mod common;

use std::time::Duration;

use digicert_mark_certs::logo::Logo;
use digicert_mark_certs::order::{MarkOrder, OrderExt, PreparedOrder, existing_organization};
use digicert_mark_certs::{MarkClient, RetryPolicy, types};
use divan::Bencher;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

const ANSWER: &str = r#"{"id":144457096,"requests":[{"id":11963703,"status":"approved"}],"domains":[{"id":3612638,"name":"example.com","dns_name":"example.com"}],"certificate_id":145451175}"#;

fn main() {
    divan::main();
}

/// A keep-alive HTTP/1.1 server on loopback that answers every request with 201 and ANSWER.
fn serve(rt: &Runtime) -> String {
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut data = Vec::new();
                    let mut buf = [0u8; 16 * 1024];
                    loop {
                        let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
                            match socket.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => data.extend_from_slice(&buf[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap_or(0));
                        while data.len() < end + 4 + length {
                            match socket.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => data.extend_from_slice(&buf[..n]),
                            }
                        }
                        data.drain(..end + 4 + length);
                        let reply = format!(
                            "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{ANSWER}",
                            ANSWER.len()
                        );
                        if socket.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        url
    })
}

fn order() -> types::VmcOrderRequest {
    let logo = Logo::from_svg(common::svg_of_size(32 * 1024)).unwrap();
    types::VmcOrderRequest::minimal(["example.com"], existing_organization(123456).unwrap(), 1)
        .unwrap()
        .with_logo(&logo)
        .with_alternative_order_id("benchmark2026")
        .unwrap()
}

#[divan::bench]
fn mark_client_place(bencher: Bencher) {
    let rt = Runtime::new().unwrap();
    let url = serve(&rt);
    let client = MarkClient::builder("bench-key")
        .base_url(&url)
        .retry_policy(RetryPolicy::default().lookup_window(Duration::ZERO))
        .build()
        .unwrap();
    let prepared = PreparedOrder::new(order()).unwrap();
    bencher.bench_local(|| rt.block_on(client.place(&prepared)).unwrap());
}

#[divan::bench]
fn raw_reqwest_post_of_prebuilt_bytes(bencher: Bencher) {
    let rt = Runtime::new().unwrap();
    let url = format!("{}/order/certificate/vmc_basic", serve(&rt));
    // A plain client needs a TLS provider installed for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let body = PreparedOrder::new(order()).unwrap().bytes().to_vec();
    bencher.bench_local(|| {
        rt.block_on(async {
            let response = http
                .post(&url)
                .header("x-dc-devkey", "bench-key")
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            response.bytes().await.unwrap()
        })
    });
}

#[divan::bench]
fn build_another_client(bencher: Bencher) {
    // The first client of the process loads the system's certificates.
    MarkClient::builder("bench-key").build().unwrap();
    bencher.bench(|| MarkClient::builder("bench-key").build().unwrap());
}
