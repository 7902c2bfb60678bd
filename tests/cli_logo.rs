//! `markcert logo encode` and `markcert logo decode`, run as a user would.
#![cfg(feature = "cli")]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn markcert(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_markcert"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("markcert runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("markcert-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn encode_of_the_seed_svg_decodes_back_byte_for_byte() {
    let doc = common::document();
    let seed = common::component_example(&doc, "CmcSeedRequest")["vmc"]["logo"]
        .as_str()
        .unwrap()
        .to_owned();
    let svg = digicert_mark_certs::logo::decode(&seed).unwrap();
    let svg_path = temp_file("seed.svg", &svg);

    let encoded = markcert(&["logo", "encode", svg_path.to_str().unwrap()], b"");
    assert_eq!(
        encoded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&encoded.stderr)
    );
    let text = String::from_utf8(encoded.stdout).unwrap();
    assert!(text.ends_with('\n') && text.trim_end().lines().count() == 1);

    let decoded = markcert(&["logo", "decode", "-"], text.as_bytes());
    assert_eq!(decoded.status.code(), Some(0));
    assert_eq!(decoded.stdout, svg);
}

#[test]
fn decode_of_a_file_writes_the_original_bytes() {
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title></svg>\r\n".to_vec();
    let encoded = digicert_mark_certs::logo::encode(&svg).unwrap();
    let path = temp_file("logo.b64", format!("{encoded}\n").as_bytes());
    let decoded = markcert(&["logo", "decode", path.to_str().unwrap()], b"");
    assert_eq!(decoded.status.code(), Some(0));
    assert_eq!(decoded.stdout, svg);
}

#[test]
fn a_refused_logo_exits_1_with_the_reason() {
    let out = markcert(&["logo", "decode", "-"], b"aGVsbG8=");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not gzip"));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_file_exits_2() {
    let out = markcert(&["logo", "encode", "does/not/exist.svg"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.svg"));
}

#[test]
fn bad_usage_exits_2() {
    let out = markcert(&["logo", "shrink"], b"");
    assert_eq!(out.status.code(), Some(2));
}
