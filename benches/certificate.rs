//! `verify_chain` in process, on the real chains of `tests/fixtures/marks/` against the bundled
//! roots (with each chain's logo and domain, at a date inside its validity) and on a generated
//! chain against its test roots: the verifier's own share of `markcert cert verify`, whose
//! whole-process time `.ci/cert_verify_speed.sh` reports.
//!
//! `cargo bench --bench certificate`

use std::time::{Duration, UNIX_EPOCH};

use digicert_mark_certs::certificate::{TrustAnchors, VerifyOptions, verify_chain};
use divan::Bencher;

fn main() {
    divan::main();
}

fn fixture(name: &str, file: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/marks/{name}/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// (chain, seconds since 1970 inside its validity, domain)
const CHAINS: &[(&str, u64, &str)] = &[
    ("paypal-2024", 1_727_740_800, "paypal.com"),
    ("cnn-2021", 1_630_454_400, "cnn.com"),
    ("globalsign-gmo-2025", 1_743_465_600, "globalsign.com"),
    ("provectus-cmc-2025", 1_749_081_600, "provectus.com"),
    ("redsift-2021", 1_627_776_000, "redsift.com"),
    ("xometry-cmc-2024", 1_728_604_800, "xometry.com"),
];

#[divan::bench(args = CHAINS.iter().map(|c| c.0))]
fn real_chain(bencher: Bencher, name: &str) {
    let &(_, at, domain) = CHAINS.iter().find(|c| c.0 == name).expect("a chain");
    let pem = fixture(name, "chain.pem");
    let options = VerifyOptions::new()
        .at(UNIX_EPOCH + Duration::from_secs(at))
        .domain(domain)
        .logo(fixture(name, "embedded.svg"));
    assert!(verify_chain(&pem, &options).is_valid(), "{name}");
    bencher.bench_local(|| verify_chain(divan::black_box(&pem), &options));
}

#[divan::bench]
fn generated_chain(bencher: Bencher) {
    let pem = fixture("gen-ecdsa-chain", "chain.pem");
    let roots = std::fs::read(format!(
        "{}/tests/fixtures/marks/test-roots.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("test roots");
    let options = VerifyOptions::new()
        .at(UNIX_EPOCH + Duration::from_secs(1_756_684_800))
        .trust_anchors(TrustAnchors::from_pem(&roots).expect("roots"))
        .domain("brand.example");
    assert!(verify_chain(&pem, &options).is_valid());
    bencher.bench_local(|| verify_chain(divan::black_box(&pem), &options));
}

/// Reading the bundled roots, as the first verification of a process does.
#[divan::bench]
fn bundled_roots_parse() -> usize {
    let pem = include_bytes!("../src/certificate/roots/mvarcs-cacert.pem");
    TrustAnchors::from_pem(divan::black_box(pem))
        .expect("bundled roots")
        .len()
}
