//! `markcert logo encode` and `markcert logo decode`, run as a user would.
#![cfg(feature = "cli")]

mod common;

#[path = "common/cli.rs"]
mod cli;

use cli::markcert;

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("markcert-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The encoded logo of DigiCert's CMC example.
fn seed_logo() -> String {
    let doc = common::document();
    common::component_example(&doc, "CmcSeedRequest")["vmc"]["logo"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn encode_of_the_seed_svg_decodes_back_byte_for_byte() {
    let seed = seed_logo();
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

#[test]
fn check_of_the_seed_logo_passes_with_warnings_only() {
    let seed = seed_logo();
    // The encoded form, detected as such.
    let encoded = temp_file("seed.b64", seed.as_bytes());
    let out = markcert(&["logo", "check", "--json", encoded.to_str().unwrap()], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], true);
    let mut rules: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["severity"], "warning");
            f["rule"].as_str().unwrap().to_owned()
        })
        .collect();
    rules.sort();
    assert_eq!(rules, ["not-square", "single-colour"]);

    // The SVG itself, through standard input, in human form.
    let svg = digicert_mark_certs::logo::decode(&seed).unwrap();
    let out = markcert(&["logo", "check", "-"], &svg);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("warning[not-square]") && text.ends_with("valid: 0 error(s), 2 warning(s)\n"),
        "{text}"
    );
}

#[test]
fn check_json_lists_errors_with_positions_and_exits_1() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>x</title>
<rect style="fill:red"/></svg>"#;
    let out = markcert(&["logo", "check", "--json", "-"], svg);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], false);
    let error = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "error")
        .unwrap();
    assert_eq!(error["rule"], "attribute-not-allowed");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(2), Some(1))
    );
    let keys: Vec<_> = error.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        ["column", "element", "line", "message", "rule", "severity"]
    );
}

#[test]
fn check_of_an_undecodable_logo_is_an_error_finding() {
    let out = markcert(&["logo", "check", "--json", "-"], b"bm90IGd6aXA=");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["rule"], "logo-encoding");
    assert_eq!(report["findings"][0]["line"], serde_json::Value::Null);
}

#[test]
fn check_of_a_missing_file_exits_2() {
    let out = markcert(&["logo", "check", "missing/logo.svg"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_png_gif_or_pdf_given_as_a_logo_is_named_everywhere_a_logo_is_read() {
    let dir = std::env::temp_dir().join(format!("markcert-png-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // GIF and PDF files start with ASCII text, so they must not be taken for an encoding.
    let formats: [(&str, &[u8]); 3] = [
        (
            "PNG",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0",
        ),
        ("GIF", b"GIF89a\x10\0\x10\0"),
        ("PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ];
    for (name, bytes) in formats {
        let file = dir.join(format!("logo.{}", name.to_lowercase()));
        std::fs::write(&file, bytes).unwrap();
        let file = file.to_str().unwrap();
        for args in [
            vec!["logo", "check", file],
            vec!["logo", "encode", file],
            vec!["validate", "vmc", "examples/vmc-order.json", "--logo", file],
            vec![
                "order",
                "cmc",
                "examples/cmc-order.json",
                "--logo",
                file,
                "--dry-run",
            ],
        ] {
            let out = markcert(&args, b"");
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(said.contains(name), "{args:?}: {said}");
            assert!(said.contains("SVG"), "{args:?}: {said}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn encode_checks_first_and_encodes_a_logo_with_errors_only_when_forced() {
    let bad = br#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>x</title><rect style="fill:red"/></svg>"#;
    let refused = markcert(&["logo", "encode", "-"], bad);
    assert_eq!(refused.status.code(), Some(1));
    assert!(refused.stdout.is_empty());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("attribute-not-allowed"));
    let forced = markcert(&["logo", "encode", "--force", "-"], bad);
    assert_eq!(forced.status.code(), Some(0));
    let back = markcert(&["logo", "decode", "-"], &forced.stdout);
    assert_eq!(back.stdout, bad);
}
