//! The mark certificate verifier against real chains (checked against the facts of each
//! fixture's `analysis.json`), generated chains for what no public chain shows, and hostile
//! PEM input. Fixtures and their sources: `tests/fixtures/marks/SOURCES.md`.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use digicert_mark_certs::certificate::{
    HashVerdict, MAX_CERTIFICATES, MAX_PEM_BYTES, TrustAnchors, Verification, VerifyOptions,
    verify_chain,
};
use digicert_mark_certs::findings::Severity;
use proptest::prelude::*;
use serde_json::Value;

/// The public chains, all issued by a Mark Verifying Authority.
const REAL: &[&str] = &[
    "cnn-2021",
    "globalsign-gmo-2025",
    "paypal-2024",
    "provectus-cmc-2025",
    "redsift-2021",
    "xometry-cmc-2024",
];

fn fixture(name: &str, file: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "marks",
        name,
        file,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn analysis(name: &str) -> Value {
    serde_json::from_slice(&fixture(name, "analysis.json")).expect("analysis.json")
}

/// `YYYY-MM-DDTHH:MM:SSZ` as a time (days from the civil calendar, no time crate needed).
fn time(text: &str) -> SystemTime {
    let n = |range: std::ops::Range<usize>| -> i64 { text[range].parse().expect(text) };
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19);
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).expect("after 1970"))
}

const DAY: Duration = Duration::from_secs(86_400);

/// Inside the validity of the generated leaves and their CAs.
fn generated_time() -> SystemTime {
    time("2025-09-01T00:00:00Z")
}

/// The roots of the generated chains (`generate.py` writes them beside the chains).
fn test_roots() -> TrustAnchors {
    let pem = std::fs::read(
        [
            env!("CARGO_MANIFEST_DIR"),
            "tests/fixtures/marks/test-roots.pem",
        ]
        .iter()
        .collect::<PathBuf>(),
    )
    .expect("test-roots.pem");
    TrustAnchors::from_pem(&pem).expect("the test roots")
}

/// Options for the generated chains: their time, their roots.
fn generated() -> VerifyOptions {
    VerifyOptions::new()
        .at(generated_time())
        .trust_anchors(test_roots())
}

fn verify(name: &str, options: &VerifyOptions) -> Verification {
    verify_chain(&fixture(name, "chain.pem"), options)
}

/// What the findings were, for assertion messages.
fn shown(verification: &Verification) -> String {
    verification.report.to_text()
}

fn assert_rule(verification: &Verification, rule: &str, severity: Severity, certificate: usize) {
    assert!(
        verification.report.findings.iter().any(|f| f.rule == rule
            && f.severity == severity
            && f.location.certificate == Some(certificate)),
        "expected {severity}[{rule}] at certificate {certificate}, got:\n{}",
        shown(verification)
    );
}

/// RFC 4514 escaping, as the summary writes attribute values.
fn escaped(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if matches!(c, '"' | '+' | ',' | ';' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The attribute values of an `analysis.json` name (`Label: value` joined by `; ` or `, `).
fn values(name: &str) -> Vec<String> {
    let separator = if name.contains("; ") { "; " } else { ", " };
    name.split(separator)
        .map(|part| {
            part.split_once(": ")
                .map_or(part, |(_, value)| value)
                .to_owned()
        })
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

#[test]
fn real_chains_match_their_analysis_and_are_valid_inside_their_validity() {
    for &name in REAL {
        let facts = analysis(name);
        let not_before = facts["notBefore"].as_str().expect("notBefore");
        let sans = strings(&facts["SANs"]);
        let options = VerifyOptions::new()
            .at(time(not_before) + DAY)
            .domains(sans.clone())
            .logo(fixture(name, "embedded.svg"));
        let verification = verify(name, &options);
        assert!(
            verification.is_valid(),
            "{name} should be valid:\n{}",
            shown(&verification)
        );
        // Every signature of these chains is RSA PKCS#1 and is checked.
        assert!(
            !verification.report.has("signature-unchecked"),
            "{name}:\n{}",
            shown(&verification)
        );

        let summary = verification.certificate.as_ref().expect("summary");
        assert_eq!(summary.not_before.to_string(), not_before, "{name}");
        assert_eq!(
            summary.not_after.to_string(),
            facts["notAfter"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(summary.domains, sans, "{name}");
        let mark_type = facts["markType"].as_str().unwrap();
        assert_eq!(
            summary.mark_type.as_deref(),
            Some(mark_type).filter(|t| !t.is_empty()),
            "{name}"
        );
        assert_eq!(
            verification.report.has("mark-type-missing"),
            mark_type.is_empty(),
            "{name}: mark-type-missing is a warning exactly when the attribute is absent"
        );
        for value in values(facts["subject"].as_str().unwrap()) {
            // An attribute given twice (Xometry's two `street` lines) is listed once, its
            // values joined by ", ".
            let each = value
                .split(", ")
                .all(|v| summary.subject.contains(&escaped(v)));
            assert!(
                summary.subject.contains(&escaped(&value)) || each,
                "{name}: subject `{}` lacks `{value}`",
                summary.subject
            );
        }
        for value in values(facts["issuer"].as_str().unwrap()) {
            assert!(
                summary.issuer.contains(&escaped(&value)),
                "{name}: issuer `{}` lacks `{value}`",
                summary.issuer
            );
        }

        let logo = &facts["logos"][0];
        let expected: Vec<(String, String)> = logo["hashes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let found: Vec<(String, String)> = verification
            .logotype_hashes()
            .iter()
            .map(|h| (h.algorithm.clone(), h.value.clone()))
            .collect();
        assert_eq!(found, expected, "{name}: logotype hashes");
        assert!(
            verification
                .logotype_hashes()
                .iter()
                .all(|h| h.verdict == HashVerdict::MatchesSvg),
            "{name}"
        );
        assert_eq!(
            verification.embedded_svg(),
            Some(fixture(name, "embedded.svg").as_slice()),
            "{name}: the decoded logo is the one extracted independently"
        );
    }
}

#[test]
fn real_chains_are_expired_on_2026_11_23() {
    let options = VerifyOptions::new().at(time("2026-11-23T00:00:00Z"));
    for &name in REAL {
        let verification = verify(name, &options);
        assert!(!verification.is_valid(), "{name}");
        assert_rule(&verification, "expired", Severity::Error, 0);
        assert!(!verification.report.has("not-yet-valid"), "{name}");
    }
}

#[test]
fn a_chain_is_not_yet_valid_before_its_start() {
    let facts = analysis("paypal-2024");
    let start = time(facts["notBefore"].as_str().unwrap());
    let verification = verify("paypal-2024", &VerifyOptions::new().at(start - DAY));
    assert_rule(&verification, "not-yet-valid", Severity::Error, 0);
    assert!(!verification.report.has("expired"));
    // The last second of validity is still valid.
    let end = time(facts["notAfter"].as_str().unwrap());
    let verification = verify("paypal-2024", &VerifyOptions::new().at(end));
    assert!(verification.is_valid(), "{}", shown(&verification));
    let verification = verify(
        "paypal-2024",
        &VerifyOptions::new().at(end + Duration::from_secs(1)),
    );
    assert_rule(&verification, "expired", Severity::Error, 0);
}

#[test]
fn a_hash_over_the_gzip_bytes_is_refused_with_its_own_rule() {
    let facts = analysis("syn-bimiquest-perfect");
    assert_eq!(
        facts["logos"][0]["hash_checks"][0]["matches_payload(gz)"],
        true
    );
    let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
    let verification = verify("syn-bimiquest-perfect", &VerifyOptions::new().at(at));
    assert!(!verification.is_valid());
    assert_rule(&verification, "logotype-hash-over-gzip", Severity::Error, 0);
    assert!(!verification.report.has("logotype-hash-mismatch"));
    let hashes = verification.logotype_hashes();
    assert_eq!(hashes.len(), 1);
    assert_eq!(hashes[0].algorithm, "sha256");
    assert_eq!(hashes[0].verdict, HashVerdict::MatchesGzip);
    assert_eq!(
        verification.embedded_svg(),
        Some(fixture("syn-bimiquest-perfect", "embedded.svg").as_slice())
    );
    // Its other faults: signed by itself, and valid for more than 398 days.
    assert_rule(&verification, "self-signed", Severity::Error, 0);
    assert_rule(&verification, "validity-too-long", Severity::Warning, 0);
    let summary = verification.certificate.expect("summary");
    assert_eq!(summary.mark_type.as_deref(), Some("Registered Mark"));
    assert_eq!(summary.domains, ["test.example.com"]);
}

#[test]
fn a_self_signed_certificate_without_bimi_extensions_is_refused() {
    let facts = analysis("syn-postal-selfsigned");
    let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
    let verification = verify("syn-postal-selfsigned", &VerifyOptions::new().at(at));
    assert!(!verification.is_valid());
    for rule in [
        "eku-missing-bimi",
        "policy-missing",
        "logotype-missing",
        "san-missing",
        "self-signed",
    ] {
        assert_rule(&verification, rule, Severity::Error, 0);
    }
    assert_rule(&verification, "mark-type-missing", Severity::Warning, 0);
    assert!(
        !verification.report.has("signature-invalid"),
        "its self-signature is sound: {}",
        shown(&verification)
    );
    let summary = verification.certificate.as_ref().expect("summary");
    assert!(
        summary.subject.contains("CN=postal.vmc.local"),
        "{}",
        summary.subject
    );
    assert_eq!(summary.subject, summary.issuer);
    assert!(summary.domains.is_empty());
    assert!(verification.embedded_svg().is_none());
}

fn provectus_options() -> VerifyOptions {
    let facts = analysis("provectus-cmc-2025");
    VerifyOptions::new().at(time(facts["notBefore"].as_str().unwrap()) + DAY)
}

#[test]
fn the_published_logo_must_be_the_embedded_one() {
    let published = fixture("provectus-cmc-2025", "published-logo.svg");
    let verification = verify(
        "provectus-cmc-2025",
        &provectus_options().logo(published.clone()),
    );
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert!(!verification.report.has("published-logo-mismatch"));

    // One colour changed on line 3.
    let text = String::from_utf8(published.clone()).expect("utf-8");
    let first_fill = text.find("fill=\"#").expect("a fill colour") + "fill=\"#".len();
    let mut modified = published.clone();
    modified[first_fill] = if modified[first_fill] == b'0' {
        b'1'
    } else {
        b'0'
    };
    let verification = verify("provectus-cmc-2025", &provectus_options().logo(modified));
    let finding = verification
        .report
        .findings
        .iter()
        .find(|f| f.rule == "published-logo-mismatch" && f.severity == Severity::Error)
        .expect("mismatch");
    assert!(
        finding.message.contains(&format!("byte {first_fill}")),
        "{}",
        finding.message
    );
    let line = 1 + published[..first_fill]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    assert_eq!(finding.location.line, Some(u32::try_from(line).unwrap()));

    // Only white space differs: said so, and still refused.
    let mut spaced = published.clone();
    spaced.extend_from_slice(b"\n");
    let verification = verify("provectus-cmc-2025", &provectus_options().logo(spaced));
    let finding = verification
        .report
        .findings
        .iter()
        .find(|f| f.rule == "published-logo-mismatch")
        .expect("mismatch");
    assert!(
        finding.message.contains("only in white space"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("2182 bytes"),
        "{}",
        finding.message
    );

    // The gzip form (as uploaded to CertCentral) is not what l= serves.
    let encoded = digicert_mark_certs::logo::encode(&published).unwrap();
    let gzip = STANDARD.decode(encoded).unwrap();
    let verification = verify("provectus-cmc-2025", &provectus_options().logo(gzip));
    assert!(
        shown(&verification).contains("gzip-compressed; publish the plain SVG"),
        "{}",
        shown(&verification)
    );
}

#[test]
fn domains_must_be_named_by_the_certificate() {
    let facts = analysis("paypal-2024");
    let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
    let verification = verify(
        "paypal-2024",
        &VerifyOptions::new().at(at).domains(["PayPal.COM."]),
    );
    assert!(verification.is_valid(), "{}", shown(&verification));

    let verification = verify(
        "paypal-2024",
        &VerifyOptions::new()
            .at(at)
            .domains(["paypal.com", "example.com"]),
    );
    assert_rule(&verification, "domain-not-covered", Severity::Error, 0);
    assert_eq!(
        verification.report.errors().count(),
        1,
        "{}",
        shown(&verification)
    );
    assert!(
        verification.report.findings[0]
            .message
            .contains("example.com")
    );

    // A subdomain of a named domain: receivers may fall back to the organizational domain.
    let verification = verify(
        "paypal-2024",
        &VerifyOptions::new().at(at).domain("mail.paypal.com"),
    );
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert_rule(
        &verification,
        "domain-covered-by-parent",
        Severity::Warning,
        0,
    );
}

#[test]
fn a_wildcard_name_covers_nothing_and_the_organizational_domain_covers_its_subdomains() {
    // gen-ecdsa-chain names brand.example and *.mail.brand.example.
    let verification = verify("gen-ecdsa-chain", &generated().domain("brand.example"));
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert_rule(&verification, "san-wildcard", Severity::Warning, 0);
    assert!(!verification.report.has("domain-covered-by-parent"));

    // Covered through the organizational domain, not through the wildcard.
    for domain in ["x.mail.brand.example", "a.b.mail.brand.example"] {
        let verification = verify("gen-ecdsa-chain", &generated().domain(domain));
        assert!(verification.is_valid(), "{}", shown(&verification));
        assert_rule(
            &verification,
            "domain-covered-by-parent",
            Severity::Warning,
            0,
        );
        assert!(
            shown(&verification).contains("organizational domain `brand.example`"),
            "{}",
            shown(&verification)
        );
    }

    let verification = verify("gen-ecdsa-chain", &generated().domain("brand.test"));
    assert_rule(&verification, "domain-not-covered", Severity::Error, 0);
}

#[test]
fn the_critical_mark_extension_of_cmcs_is_accepted_and_unknown_critical_ones_are_not() {
    let facts = analysis("xometry-cmc-2024");
    assert!(strings(&facts["critical_extensions"]).contains(&"1.3.6.1.4.1.53087.4.1".to_owned()));
    let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
    let verification = verify("xometry-cmc-2024", &VerifyOptions::new().at(at));
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert!(!verification.report.has("critical-extension-unknown"));

    // The same certificate with that OID's last arc changed (4.1 -> 4.9) is refused; the
    // signature no longer matches either.
    let oid = [0x2b, 6, 1, 4, 1, 0x83, 0x9e, 0x5f, 4, 1];
    let pem = mutate_block(&fixture("xometry-cmc-2024", "chain.pem"), 0, |der| {
        let at = find(der, &oid).expect("the OID of 53087.4.1");
        der[at + oid.len() - 1] = 9;
    });
    let verification = verify_chain(&pem, &VerifyOptions::new().at(at));
    assert_rule(
        &verification,
        "critical-extension-unknown",
        Severity::Error,
        0,
    );
    assert_rule(&verification, "signature-invalid", Severity::Error, 0);

    // Issued on 2025-06-01, it also carries the pilot identifier too late.
    let verification = verify("gen-critical-unknown", &generated());
    assert_rule(&verification, "pilot-extension", Severity::Error, 0);
    let unknown: Vec<_> = verification
        .report
        .findings
        .iter()
        .filter(|f| f.rule == "critical-extension-unknown")
        .collect();
    assert_eq!(unknown.len(), 1, "{}", shown(&verification));
    assert!(unknown[0].message.contains("1.2.3.4"));
    assert_eq!(
        verification.report.errors().count(),
        2,
        "{}",
        shown(&verification)
    );
}

#[test]
fn ecdsa_rsa_pss_and_ed25519_signatures_are_checked() {
    for name in ["gen-ecdsa-chain", "gen-pss-ed25519-chain"] {
        let verification = verify(name, &generated());
        assert!(verification.is_valid(), "{name}:\n{}", shown(&verification));
        assert!(!verification.report.has("signature-unchecked"), "{name}");
        let summary = verification.certificate.as_ref().unwrap();
        assert_eq!(summary.mark_type.as_deref(), Some("Registered Mark"));
        assert_eq!(summary.not_before.to_string(), "2025-06-01T00:00:00Z");
        assert_eq!(
            verification.embedded_svg(),
            Some(fixture("gen-ecdsa-chain", "embedded.svg").as_slice())
        );
        // A changed signature byte in each certificate is caught.
        for index in 0..3 {
            let pem = mutate_block(&fixture(name, "chain.pem"), index, |der| {
                let last = der.len() - 1;
                der[last] ^= 0x01;
            });
            let verification = verify_chain(&pem, &generated());
            assert_rule(&verification, "signature-invalid", Severity::Error, index);
        }
    }
}

#[test]
fn a_changed_byte_in_a_real_certificate_breaks_its_signature() {
    let at = time("2025-01-01T00:00:00Z");
    // "paypal.com" in the SAN becomes "paypal.con".
    let pem = mutate_block(&fixture("paypal-2024", "chain.pem"), 0, |der| {
        let at = find(der, b"paypal.com").expect("the SAN");
        der[at + 9] = b'n';
    });
    let verification = verify_chain(&pem, &VerifyOptions::new().at(at));
    assert_rule(&verification, "signature-invalid", Severity::Error, 0);
    // The intermediate's signature, by the root.
    let pem = mutate_block(&fixture("paypal-2024", "chain.pem"), 1, |der| {
        let last = der.len() - 1;
        der[last] ^= 0x80;
    });
    let verification = verify_chain(&pem, &VerifyOptions::new().at(at));
    assert_rule(&verification, "signature-invalid", Severity::Error, 1);
    assert!(
        !verification
            .report
            .findings
            .iter()
            .any(|f| f.rule == "signature-invalid" && f.location.certificate == Some(0))
    );
}

#[test]
fn the_chain_must_be_in_order_and_complete() {
    let at = time("2025-01-01T00:00:00Z");
    let blocks = pem_blocks(&fixture("paypal-2024", "chain.pem"));
    assert_eq!(blocks.len(), 3);

    // Reversed: one finding, and the leaf checks still run on the leaf (found by its key
    // purpose), not on the root that comes first.
    let reversed: Vec<Vec<u8>> = blocks.iter().rev().cloned().collect();
    let verification = verify_chain(&to_pem(&reversed), &VerifyOptions::new().at(at));
    assert_rule(&verification, "chain-order", Severity::Error, 2);
    assert_eq!(verification.report.rules(), ["chain-order"]);
    assert!(shown(&verification).contains("serve them as 2, 1, 0"));
    let summary = verification.certificate.as_ref().expect("the leaf is read");
    assert!(summary.subject.contains("PayPal"), "{}", summary.subject);

    // The intermediate left out: its name is given, and the root is not called a stray.
    let no_intermediate = vec![blocks[0].clone(), blocks[2].clone()];
    let verification = verify_chain(&to_pem(&no_intermediate), &VerifyOptions::new().at(at));
    assert_rule(&verification, "chain-incomplete", Severity::Error, 0);
    assert_eq!(verification.report.rules(), ["chain-incomplete"]);
    assert!(
        shown(&verification).contains("DigiCert Verified Mark RSA4096 SHA256 2021 CA1"),
        "{}",
        shown(&verification)
    );

    // The intermediate of another chain: incomplete, and the other CA is a stray.
    let other = pem_blocks(&fixture("gen-ecdsa-chain", "chain.pem"));
    let wrong = vec![blocks[0].clone(), other[1].clone(), blocks[2].clone()];
    let verification = verify_chain(&to_pem(&wrong), &VerifyOptions::new().at(at));
    assert_rule(&verification, "chain-incomplete", Severity::Error, 0);
    assert_rule(&verification, "chain-stray-certificate", Severity::Error, 1);
    assert!(!verification.report.has("chain-order"));

    // Every public leaf alone lacks its issuer.
    for &name in REAL {
        let facts = analysis(name);
        let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
        let verification = verify_chain(&fixture(name, "leaf.pem"), &VerifyOptions::new().at(at));
        assert_rule(&verification, "chain-incomplete", Severity::Error, 0);
    }
    let leaf_only = fixture("paypal-2024", "leaf.pem");
    let verification = verify_chain(&leaf_only, &VerifyOptions::new().at(at));
    assert_rule(&verification, "chain-incomplete", Severity::Error, 0);
    assert_eq!(
        verification.report.errors().count(),
        1,
        "{}",
        shown(&verification)
    );

    // A CA of another chain before the chain: the leaf is still found by what it is.
    let stray_first = vec![
        other[1].clone(),
        blocks[0].clone(),
        blocks[1].clone(),
        blocks[2].clone(),
    ];
    let verification = verify_chain(&to_pem(&stray_first), &VerifyOptions::new().at(at));
    assert_rule(&verification, "chain-stray-certificate", Severity::Error, 0);
    assert_rule(&verification, "chain-order", Severity::Error, 1);
    assert!(
        !verification.report.has("leaf-is-ca"),
        "{}",
        shown(&verification)
    );
    let summary = verification.certificate.as_ref().expect("the leaf is read");
    assert!(summary.subject.contains("PayPal"), "{}", summary.subject);

    // The leaf twice: called a duplicate, and nothing else.
    let doubled = vec![blocks[0].clone(), blocks[0].clone(), blocks[1].clone()];
    let verification = verify_chain(&to_pem(&doubled), &VerifyOptions::new().at(at));
    assert_rule(&verification, "chain-duplicate", Severity::Error, 1);
    assert_eq!(verification.report.rules(), ["chain-duplicate"]);

    // CertCentral serves pem_all with CRLF line ends.
    let crlf = String::from_utf8(fixture("paypal-2024", "chain.pem"))
        .unwrap()
        .replace('\n', "\r\n");
    let verification = verify_chain(crlf.as_bytes(), &VerifyOptions::new().at(at));
    assert!(verification.is_valid(), "{}", shown(&verification));
}

#[test]
fn logotype_faults_have_their_own_rules() {
    let options = generated();
    let cases = [
        ("gen-bomb", "logotype-data-invalid", Severity::Error),
        (
            "gen-unknown-hash",
            "logotype-hash-unknown-algorithm",
            Severity::Warning,
        ),
        ("gen-unknown-hash", "logotype-hash-missing", Severity::Error),
        (
            "gen-hash-mismatch",
            "logotype-hash-mismatch",
            Severity::Error,
        ),
        ("gen-indirect", "logotype-indirect", Severity::Error),
        ("gen-https-uri", "logotype-not-data-uri", Severity::Error),
        ("gen-png-logo", "logotype-no-svg", Severity::Error),
        (
            "gen-uncompressed-logo",
            "logotype-data-invalid",
            Severity::Error,
        ),
        (
            "gen-issuer-logo-only",
            "logotype-no-subject-logo",
            Severity::Error,
        ),
        (
            "gen-logotype-garbage",
            "logotype-malformed",
            Severity::Error,
        ),
        ("gen-precertificate", "precertificate", Severity::Error),
        ("gen-odd-profile", "logotype-critical", Severity::Error),
    ];
    for (name, rule, severity) in cases {
        let verification = verify(name, &options);
        assert_rule(&verification, rule, severity, 0);
        // gen-odd-profile also has an extra key purpose.
        let expected = if name == "gen-odd-profile" { 2 } else { 1 };
        assert_eq!(
            verification.report.errors().count(),
            expected,
            "{name}: nothing else is wrong:\n{}",
            shown(&verification)
        );
    }
    let bomb = verify("gen-bomb", &options.clone().logo(b"<svg/>".to_vec()));
    assert!(
        shown(&bomb).contains("inflates to more than"),
        "{}",
        shown(&bomb)
    );
    assert!(bomb.embedded_svg().is_none());
    assert!(bomb.report.has("published-logo-not-compared"));
    let plain = verify("gen-uncompressed-logo", &options);
    assert!(
        shown(&plain).contains("not gzip-compressed"),
        "{}",
        shown(&plain)
    );
    let mismatch = verify("gen-hash-mismatch", &options);
    assert_eq!(mismatch.logotype_hashes()[0].verdict, HashVerdict::Mismatch);
}

#[test]
fn an_extra_key_purpose_is_refused_and_an_unknown_mark_type_is_a_warning() {
    let verification = verify("gen-odd-profile", &generated());
    assert_rule(&verification, "eku-extra", Severity::Error, 0);
    assert!(shown(&verification).contains("1.3.6.1.5.5.7.3.1"));
    assert_rule(&verification, "mark-type-unknown", Severity::Warning, 0);
    assert_eq!(
        verification.certificate.unwrap().mark_type.as_deref(),
        Some("Trademark")
    );
}

#[test]
fn a_sha1_signature_below_the_root_is_refused() {
    let verification = verify("gen-sha1", &generated());
    assert_rule(&verification, "signature-sha1", Severity::Error, 0);
    assert_eq!(
        verification.report.errors().count(),
        1,
        "{}",
        shown(&verification)
    );
    // The same profile signed with SHA-256 passes.
    assert!(verify("gen-ecdsa-chain", &generated()).is_valid());
}

#[test]
fn small_rsa_keys_are_refused_and_their_signatures_left_unchecked() {
    let verification = verify("gen-small-rsa", &generated());
    assert_rule(&verification, "key-too-small", Severity::Error, 1);
    assert_rule(&verification, "signature-unchecked", Severity::Warning, 0);
    assert_eq!(
        verification.report.errors().count(),
        1,
        "{}",
        shown(&verification)
    );
}

#[test]
fn the_embedded_logo_goes_through_the_logo_checker() {
    // CNN's logo is a single colour: the logo checker's warning is reported with the prefix
    // and the leaf's position.
    let facts = analysis("cnn-2021");
    let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
    let verification = verify("cnn-2021", &VerifyOptions::new().at(at));
    let logo_findings: Vec<_> = verification
        .report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("logo-"))
        .collect();
    let direct = digicert_mark_certs::logo::check(&fixture("cnn-2021", "embedded.svg"));
    assert_eq!(logo_findings.len(), direct.findings.len());
    for (ours, theirs) in logo_findings.iter().zip(&direct.findings) {
        assert_eq!(ours.rule, format!("logo-{}", theirs.rule));
        assert_eq!(ours.location.certificate, Some(0));
        assert_eq!(ours.location.line, theirs.location.line);
    }
}

#[test]
fn the_json_output_has_the_shape_the_cli_prints() {
    let facts = analysis("paypal-2024");
    let at = time(facts["notBefore"].as_str().unwrap()) + DAY;
    let verification = verify(
        "paypal-2024",
        &VerifyOptions::new().at(at).domain("example.com"),
    );
    let json = serde_json::to_value(&verification).unwrap();
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&json), ["certificate", "checks", "findings", "valid"]);
    assert_eq!(json["valid"], false);
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
    assert_eq!(json["certificate"]["kind"], "VMC");
    assert_eq!(
        json["certificate"]["crl_distribution_points"][0],
        "http://crl3.digicert.com/DigiCertVerifiedMarkRSA4096SHA2562021CA1.crl"
    );
    // Nothing given to check revocation or SCT signatures with: said so.
    let not_made: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["made"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        not_made,
        [
            "sct-signatures",
            "revocation",
            "revocation",
            "published-logo"
        ]
    );
    assert_eq!(json["certificate"]["mark_type"], "Registered Mark");
    assert_eq!(json["certificate"]["domains"][0], "paypal.com");
    let finding = &json["findings"][0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["rule"], "domain-not-covered");
    assert_eq!(finding["certificate"], 0);
    assert!(finding["message"].as_str().unwrap().contains("example.com"));

    // Nothing readable: the certificate is null.
    let json = serde_json::to_value(verify_chain(b"", &VerifyOptions::new())).unwrap();
    assert_eq!(json["certificate"], Value::Null);

    #[cfg(feature = "json-schema")]
    {
        let schema = serde_json::to_value(schemars::schema_for!(Verification)).unwrap();
        assert_eq!(
            keys(&schema["properties"]),
            ["certificate", "checks", "findings", "valid"]
        );
    }
}

// Hostile input: every case gives a finding, none panics.

#[test]
fn input_that_is_not_a_pem_chain_is_refused_with_a_finding() {
    let options = VerifyOptions::new();
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let leaf_der = pem_der(&fixture("paypal-2024", "leaf.pem"));
    for (what, input) in [
        ("empty", Vec::new()),
        ("text", b"hello\nworld\n".to_vec()),
        ("garbage", garbage),
        ("binary DER", leaf_der),
    ] {
        let verification = verify_chain(&input, &options);
        assert!(verification.report.has("pem-no-certificate"), "{what}");
        assert!(!verification.is_valid(), "{what}");
        assert!(verification.certificate.is_none(), "{what}");
    }
    let verification = verify_chain(&pem_der(&fixture("paypal-2024", "leaf.pem")), &options);
    assert!(shown(&verification).contains("openssl x509 -inform der"));
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let mut input = fixture("paypal-2024", "chain.pem");
    input.resize(MAX_PEM_BYTES + 1, b' ');
    let verification = verify_chain(&input, &VerifyOptions::new());
    assert_eq!(verification.report.rules(), ["pem-too-large"]);

    let chain = fixture("paypal-2024", "chain.pem");
    let many: Vec<u8> = chain.repeat(MAX_CERTIFICATES / 3 + 1);
    let verification = verify_chain(&many, &VerifyOptions::new());
    assert_eq!(verification.report.rules(), ["pem-too-many-certificates"]);
    assert!(verification.certificate.is_none());
    // Up to the limit is read.
    let blocks = pem_blocks(&chain);
    let ten: Vec<Vec<u8>> = blocks
        .iter()
        .cycle()
        .take(MAX_CERTIFICATES)
        .cloned()
        .collect();
    let verification = verify_chain(&to_pem(&ten), &VerifyOptions::new());
    assert!(!verification.report.has("pem-too-many-certificates"));
    assert!(verification.certificate.is_some());
}

#[test]
fn damaged_pem_blocks_are_reported_and_the_rest_still_verified() {
    let at = time("2025-01-01T00:00:00Z");
    let chain = String::from_utf8(fixture("paypal-2024", "chain.pem")).unwrap();

    // Cut inside the second block.
    let second = chain.match_indices("-----BEGIN").nth(1).unwrap().0;
    let truncated = &chain[..second + 200];
    let verification = verify_chain(truncated.as_bytes(), &VerifyOptions::new().at(at));
    assert!(
        verification.report.has("pem-malformed"),
        "{}",
        shown(&verification)
    );
    assert!(verification.certificate.is_some(), "the leaf is still read");
    assert!(verification.report.has("chain-incomplete"));

    // Bad base64 in the leaf.
    let damaged = chain.replacen("MII", "M*I", 1);
    let verification = verify_chain(damaged.as_bytes(), &VerifyOptions::new().at(at));
    assert_rule(&verification, "pem-malformed", Severity::Error, 0);
    assert!(verification.certificate.is_none());

    // An END that does not match its BEGIN.
    let mismatched = chain.replacen("-----END CERTIFICATE-----", "-----END X509 CRL-----", 1);
    let verification = verify_chain(mismatched.as_bytes(), &VerifyOptions::new().at(at));
    assert!(verification.report.has("pem-malformed"));

    // Non-UTF-8 bytes inside a block.
    let mut binary = chain.clone().into_bytes();
    let inside = chain.find("MII").unwrap() + 10;
    binary[inside] = 0xff;
    let verification = verify_chain(&binary, &VerifyOptions::new().at(at));
    assert_rule(&verification, "pem-malformed", Severity::Error, 0);
}

#[test]
fn blocks_other_than_certificates_are_refused() {
    let at = time("2025-01-01T00:00:00Z");
    let chain = String::from_utf8(fixture("paypal-2024", "chain.pem")).unwrap();
    let key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
    let verification = verify_chain(
        format!("{chain}{key}").as_bytes(),
        &VerifyOptions::new().at(at),
    );
    assert_eq!(verification.report.rules(), ["pem-unexpected-block"]);
    assert!(
        verification.report.findings[0]
            .message
            .contains("private key")
    );

    let crl = "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n";
    let verification = verify_chain(
        format!("{crl}{chain}").as_bytes(),
        &VerifyOptions::new().at(at),
    );
    assert_eq!(verification.report.rules(), ["pem-unexpected-block"]);
}

#[test]
fn hostile_der_gives_a_finding() {
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", {
            let der = pem_der(&fixture("paypal-2024", "leaf.pem"));
            der[..der.len() / 2].to_vec()
        }),
        (
            "huge length",
            vec![0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00],
        ),
        (
            "longest length form",
            vec![0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ),
        (
            "indefinite length",
            vec![0x30, 0x80, 0x30, 0x80, 0x00, 0x00, 0x00, 0x00],
        ),
        ("trailing bytes", {
            let mut der = pem_der(&fixture("paypal-2024", "leaf.pem"));
            der.extend_from_slice(&[0, 0]);
            der
        }),
        ("empty block", Vec::new()),
    ];
    // SEQUENCEs nested 50,000 deep.
    let mut headers: Vec<Vec<u8>> = Vec::new();
    let mut inner = 0;
    for _ in 0..50_000 {
        let mut header = vec![0x30];
        header.extend(length(inner));
        inner += header.len();
        headers.push(header);
    }
    let nested: Vec<u8> = headers.into_iter().rev().flatten().collect();
    cases.push(("deeply nested", nested));
    for (what, der) in cases {
        let verification = verify_chain(&to_pem(&[der]), &VerifyOptions::new());
        assert_eq!(
            verification.report.rules(),
            ["certificate-malformed"],
            "{what}: {}",
            shown(&verification)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let verification = verify_chain(&input, &VerifyOptions::new());
        prop_assert!(!verification.is_valid());
    }

    #[test]
    fn damaged_certificates_never_panic(
        block in 0usize..3,
        position in any::<prop::sample::Index>(),
        value in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let pem = mutate_block(&fixture("globalsign-gmo-2025", "chain.pem"), block, |der| {
            let at = position.index(der.len());
            der[at] = value;
            der.truncate(cut.index(der.len()) + der.len() / 2);
        });
        let _ = verify_chain(&pem, &VerifyOptions::new().logo(b"<svg/>".to_vec()));
    }
}

// PEM helpers for building hostile and altered chains.

/// The base64 text of each CERTIFICATE block.
fn pem_blocks(pem: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(pem);
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line == "-----BEGIN CERTIFICATE-----" {
            current = Some(String::new());
        } else if line == "-----END CERTIFICATE-----" {
            blocks.extend(current.take().map(String::into_bytes));
        } else if let Some(body) = current.as_mut() {
            body.push_str(line);
        }
    }
    blocks
        .into_iter()
        .map(|b64| STANDARD.decode(b64).expect("fixture base64"))
        .collect()
}

fn pem_der(pem: &[u8]) -> Vec<u8> {
    pem_blocks(pem).remove(0)
}

fn to_pem(ders: &[Vec<u8>]) -> Vec<u8> {
    let mut out = String::new();
    for der in ders {
        out.push_str("-----BEGIN CERTIFICATE-----\n");
        let text = STANDARD.encode(der);
        for chunk in text.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(chunk).unwrap());
            out.push('\n');
        }
        out.push_str("-----END CERTIFICATE-----\n");
    }
    out.into_bytes()
}

fn mutate_block(pem: &[u8], index: usize, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut blocks = pem_blocks(pem);
    change(&mut blocks[index]);
    to_pem(&blocks)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn length(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}
