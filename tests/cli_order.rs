//! `markcert validate` and `markcert order --dry-run`, run as a user would.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn markcert(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_markcert"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("markcert runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn json_out(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn validate_json_output_lists_every_finding_with_its_path() {
    let body = json!({
        "certificate": {"dns_names": ["bad..name"]},
        "organization": {"id": 1},
        "order_validity": {"years": "one"},
        "payment_method": "card",
        "colour": "blue"
    });
    let out = markcert(
        &["validate", "cmc", "-", "--json"],
        body.to_string().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json_out(&out);
    assert_eq!(report["valid"], false);
    let found: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let keys: Vec<_> = f.as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys, ["message", "path", "rule", "severity"]);
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("error", "type", "order_validity.years"),
        ("error", "card-needs-credit-card", "credit_card"),
        ("error", "card-needs-billing-address", "billing_address"),
        ("error", "dns-name", "certificate.dns_names[0]"),
        ("warning", "unknown-field", "colour"),
    ] {
        let expected = (
            expected.0.to_owned(),
            expected.1.to_owned(),
            expected.2.to_owned(),
        );
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
}

#[test]
fn validate_of_text_that_is_not_json_is_a_finding_not_a_crash() {
    let out = markcert(&["validate", "vmc", "-", "--json"], b"{\"certificate\": ");
    assert_eq!(out.status.code(), Some(1));
    let report = json_out(&out);
    assert_eq!(report["findings"][0]["rule"], "json");
    assert_eq!(report["findings"][0]["path"], "");
}

#[test]
fn validate_of_the_bundled_examples() {
    let out = markcert(&["validate", "cmc", "examples/cmc-order.json"], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("valid: 0 error(s), 0 warning(s)\n"));
    // The VMC example carries mark data, which needs the logo given with --logo.
    let out = markcert(&["validate", "vmc", "examples/vmc-order.json"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("mark-data-needs-logo"));
    let out = markcert(
        &[
            "validate",
            "vmc",
            "examples/vmc-order.json",
            "--logo",
            "examples/logo.svg",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn order_dry_run_prints_exactly_the_body_and_warnings_on_stderr() {
    let body = json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 1},
        "order_validity": {"years": 1},
        "vat_number": "GB1",
        "x_internal_note": {"keep": [1, 2]}
    });
    let out = markcert(
        &["order", "cmc", "-", "--dry-run"],
        body.to_string().as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sent: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        sent, body,
        "nothing dropped or changed, unknown fields included"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("warning[vat-number-ignored]"), "{stderr}");
    assert!(stderr.contains("warning[unknown-field]"), "{stderr}");
}

#[test]
fn order_dry_run_of_an_invalid_body_prints_no_body_and_exits_1() {
    let body = json!({"certificate": {}, "organization": {}, "order_validity": {"years": 9}});
    let out = markcert(
        &["order", "vmc", "-", "--dry-run"],
        body.to_string().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error[range] order_validity.years"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[organization-id-or-details] organization"),
        "{stderr}"
    );
}

#[test]
fn order_refuses_to_replace_a_different_logo() {
    let out = markcert(
        &[
            "order",
            "cmc",
            "examples/cmc-order.json",
            "--logo",
            "tests/logos/corpus/sunrise.svg",
            "--dry-run",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has a different vmc.logo"));
}

#[test]
fn order_without_dry_run_is_a_usage_error_until_sending_is_available() {
    let out = markcert(&["order", "vmc", "examples/vmc-order.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dry-run"));
}

#[test]
fn a_missing_order_file_exits_2() {
    let out = markcert(&["validate", "vmc", "no/such/order.json"], b"");
    assert_eq!(out.status.code(), Some(2));
}
