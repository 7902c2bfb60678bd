//! Logo encoding, decoding and checking for SVGs of about 1 KB, 8 KB and 32 KB; and the
//! encoded size of each beside `gzip -9` of the same bytes.
//!
//! `cargo bench --bench logo`

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use digicert_mark_certs::logo::{check, decode, encode};
use divan::{Bencher, black_box};

const SIZES_KB: [usize; 3] = [1, 8, 32];

fn main() {
    print_sizes();
    divan::main();
}

#[divan::bench(args = SIZES_KB)]
fn encode_logo(bencher: Bencher, kb: usize) {
    let svg = common::svg_of_size(kb * 1024);
    bencher.bench(|| encode(black_box(&svg)).unwrap());
}

#[divan::bench(args = SIZES_KB)]
fn decode_logo(bencher: Bencher, kb: usize) {
    let encoded = encode(&common::svg_of_size(kb * 1024)).unwrap();
    bencher.bench(|| decode(black_box(&encoded)).unwrap());
}

#[divan::bench(args = SIZES_KB)]
fn check_logo(bencher: Bencher, kb: usize) {
    let svg = common::svg_of_size(kb * 1024);
    bencher.bench(|| {
        let report = check(black_box(&svg));
        assert!(report.is_valid());
        report
    });
}

/// The gzip stream inside our encoding beside `gzip -9 -n` of the same SVG.
fn print_sizes() {
    println!("size     svg bytes  ours (gzip)  gzip -9  ours (base64)");
    for kb in SIZES_KB {
        let svg = common::svg_of_size(kb * 1024);
        let encoded = encode(&svg).unwrap();
        let ours = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &encoded)
            .unwrap()
            .len();
        let reference = gzip_9(&svg).map_or("n/a".to_owned(), |n| n.to_string());
        println!(
            "{:>2} KB  {:>10}  {:>11}  {:>7}  {:>13}",
            kb,
            svg.len(),
            ours,
            reference,
            encoded.len()
        );
    }
}

fn gzip_9(bytes: &[u8]) -> Option<usize> {
    let mut child = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(bytes).ok()?;
    Some(child.wait_with_output().ok()?.stdout.len())
}
