//! `markcert cert verify` over the mark certificate fixtures, run as a user would.
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;

use std::process::Output;

use cli::{json_out, markcert};
use serde_json::Value;

const MARKS: &str = "tests/fixtures/marks";

fn verify(args: &[&str]) -> Output {
    let mut all = vec!["cert", "verify"];
    all.extend_from_slice(args);
    markcert(&all, b"")
}

fn rules(json: &Value) -> Vec<String> {
    cli::assert_fits(json, "certificate-verification.json");
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn a_real_chain_is_valid_inside_its_validity_and_the_json_has_the_documented_shape() {
    let out = verify(&[
        &format!("{MARKS}/paypal-2024/chain.pem"),
        "--at",
        "2024-10-01T00:00:00Z",
        "--domain",
        "paypal.com",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = cli::json_out_as(&out, "certificate-verification.json");
    assert_eq!(keys(&json), ["certificate", "checks", "findings", "valid"]);
    assert_eq!(json["valid"], true);
    assert_eq!(
        keys(&json["certificate"]),
        [
            "crl_distribution_points",
            "domains",
            "issuer",
            "kind",
            "mark_type",
            "not_after",
            "not_before",
            "subject"
        ]
    );
    assert_eq!(json["certificate"]["mark_type"], "Registered Mark");
    assert_eq!(json["certificate"]["kind"], "VMC");
    assert_eq!(json["certificate"]["domains"][0], "paypal.com");
    // One JSON document, one line.
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 1);
}

#[test]
fn the_same_chain_is_expired_now() {
    let chain = format!("{MARKS}/paypal-2024/chain.pem");
    let out = verify(&[&chain, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json = json_out(&out);
    assert_eq!(json["valid"], false);
    assert!(rules(&json).contains(&"expired".to_owned()), "{json}");

    // The text form says so too.
    let out = verify(&[&chain]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[expired]"), "{text}");
    assert!(text.contains("subject: "), "{text}");
    assert!(text.contains("kind: VMC (Registered Mark)"), "{text}");
    // The checks that could not be made are said, as info findings, with what would make
    // them; they are not counted as warnings.
    assert!(
        text.contains(
            "info[not-checked]: revocation was not checked: certificate 0: no current CRL of"
        ),
        "{text}"
    );
    assert!(
        text.contains("info[not-checked]: sct-signatures was not checked"),
        "{text}"
    );
    assert!(!text.contains("not checked ("), "{text}");
}

#[test]
fn a_common_mark_certificate_says_so() {
    let out = verify(&[
        &format!("{MARKS}/xometry-cmc-2024/chain.pem"),
        "--at",
        "2024-10-11T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("kind: CMC (Prior Use Mark)"), "{text}");
}

/// The generated chains end in test roots: refused against the bundled roots, accepted with
/// `--trust-anchors`.
#[test]
fn trust_anchors_replace_the_bundled_roots() {
    let chain = format!("{MARKS}/gen-ecdsa-chain/chain.pem");
    let at = ["--at", "2025-09-01T00:00:00Z"];
    let out = verify(&[&chain, at[0], at[1], "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json = json_out(&out);
    assert_eq!(rules(&json), ["untrusted-root"]);
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Test Marks ECDSA Root"),
        "{json}"
    );

    let anchors = format!("{MARKS}/test-roots.pem");
    let out = verify(&[&chain, at[0], at[1], "--trust-anchors", &anchors, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    rules(&json_out(&out));

    // A file that holds no root is a usage error that names the flag.
    let out = verify(&[&chain, "--trust-anchors", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--trust-anchors"));
}

#[test]
fn a_unicode_domain_is_converted_to_its_ascii_form() {
    // PayPal's SANs hold no IDN; the converted form is what the message names.
    let out = verify(&[
        &format!("{MARKS}/paypal-2024/chain.pem"),
        "--at",
        "2024-10-01T00:00:00Z",
        "--domain",
        "bücher.example",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json = json_out(&out);
    assert_eq!(rules(&json), ["domain-not-covered"]);
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`xn--bcher-kva.example`"),
        "{json}"
    );
}

#[test]
fn a_ct_log_list_and_crls_that_cannot_be_read_are_usage_errors() {
    let chain = format!("{MARKS}/paypal-2024/chain.pem");
    let out = verify(&[&chain, "--ct-logs", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ct-logs"));
    // A CRL that is not one is a finding of the verification.
    let out = verify(&[
        &chain,
        "--at",
        "2024-10-01T00:00:00Z",
        "--crl",
        "Cargo.toml",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(rules(&json_out(&out)), ["crl-malformed"]);
}

#[test]
fn the_published_logo_must_be_the_embedded_one() {
    let chain = format!("{MARKS}/provectus-cmc-2025/chain.pem");
    let published = format!("{MARKS}/provectus-cmc-2025/published-logo.svg");
    let at = ["--at", "2025-06-05T00:00:00Z"];
    let out = verify(&[&chain, at[0], at[1], "--logo", &published, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    // One byte changed in the published logo.
    let mut changed = std::fs::read(format!("{}/{published}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let at_fill = changed
        .windows(7)
        .position(|w| w == b"fill=\"#")
        .expect("a fill colour")
        + 7;
    changed[at_fill] = if changed[at_fill] == b'0' { b'1' } else { b'0' };
    let dir = std::env::temp_dir().join(format!("markcert-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let modified = dir.join("logo.svg");
    std::fs::write(&modified, &changed).unwrap();
    let out = verify(&[
        &chain,
        at[0],
        at[1],
        "--logo",
        modified.to_str().unwrap(),
        "--json",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(rules(&json_out(&out)), ["published-logo-mismatch"]);
}

#[test]
fn a_logotype_hash_that_does_not_match_is_refused() {
    let out = verify(&[
        &format!("{MARKS}/gen-hash-mismatch/chain.pem"),
        "--at",
        "2025-09-01T00:00:00Z",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        rules(&json_out(&out)).contains(&"logotype-hash-mismatch".to_owned()),
        "{out:?}"
    );
}

#[test]
fn a_domain_the_certificate_does_not_name_is_refused() {
    let out = verify(&[
        &format!("{MARKS}/paypal-2024/chain.pem"),
        "--at",
        "2024-10-01T00:00:00Z",
        "--domain",
        "example.com",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rules(&json_out(&out)), ["domain-not-covered"]);
}

#[test]
fn usage_errors_exit_2() {
    let chain = format!("{MARKS}/paypal-2024/chain.pem");
    for args in [
        vec![chain.as_str(), "--at", "yesterday"],
        vec!["tests/fixtures/marks/no-such-chain.pem"],
        vec!["tests/fixtures/marks"],
        vec!["-", "--logo", "-"],
    ] {
        let out = verify(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_chain_on_standard_input_is_read() {
    let chain = std::fs::read(format!(
        "{}/{MARKS}/paypal-2024/chain.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let out = markcert(
        &[
            "cert",
            "verify",
            "-",
            "--at",
            "2024-10-01 00:00:00",
            "--json",
        ],
        &chain,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
