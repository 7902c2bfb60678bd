//! The verifier against the rules receivers apply, one test per rule, on chains made here: a
//! test root, an issuing CA, a mark certificate, a CT log key that signs SCTs over the
//! precertificate (RFC 6962), and CRLs, all generated with rcgen.

use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use digicert_mark_certs::certificate::{
    CtLogs, MarkKind, TrustAnchors, Verification, VerifyOptions, verify_chain,
};
use digicert_mark_certs::findings::Severity;
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
    CustomExtension, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, PublicKeyData, RevokedCertParams, SerialNumber,
    SigningKey, date_time_ymd,
};

const BIMI: [u64; 9] = [1, 3, 6, 1, 5, 5, 7, 3, 31];
const MCR: [u64; 7] = [1, 3, 6, 1, 4, 1, 53087];

fn mcr(rest: &[u64]) -> Vec<u64> {
    MCR.iter().chain(rest).copied().collect()
}

/// 2025-06-01T00:00:00Z plus `days`.
fn day(days: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_748_736_000 + days * 86_400)
}

// DER pieces the tests write themselves.

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = vec![(40 * arcs[0] + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut chunk = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            chunk.insert(0, 0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

/// The contents and the whole of the first DER element.
fn first_element(der: &[u8]) -> (&[u8], &[u8]) {
    let (length, header) = match der[1] {
        n if n < 0x80 => (usize::from(n), 2),
        n => {
            let count = usize::from(n & 0x7f);
            let length = der[2..2 + count]
                .iter()
                .fold(0usize, |v, &b| (v << 8) | usize::from(b));
            (length, 2 + count)
        }
    };
    (&der[header..header + length], &der[..header + length])
}

/// The TBSCertificate of a DER certificate.
fn tbs_of(cert: &[u8]) -> Vec<u8> {
    let (content, _) = first_element(cert);
    first_element(content).1.to_vec()
}

fn svg() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap()
}

/// A logotype extension embedding the example logo, gzip-compressed, with its SHA-256 (and,
/// with `wrong_second`, a SHA-384 of other bytes).
fn logotype(wrong_second: bool) -> Vec<u8> {
    let svg = svg();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&svg).unwrap();
    let uri = format!(
        "data:image/svg+xml;base64,{}",
        STANDARD.encode(gz.finish().unwrap())
    );
    let hash = |algorithm: &'static ring::digest::Algorithm, arc: u64, bytes: &[u8]| {
        tlv(
            0x30,
            &[
                tlv(0x30, &oid(&[2, 16, 840, 1, 101, 3, 4, 2, arc])),
                tlv(0x04, ring::digest::digest(algorithm, bytes).as_ref()),
            ]
            .concat(),
        )
    };
    let mut hash = hash(&ring::digest::SHA256, 1, &svg);
    if wrong_second {
        hash.extend(self::hash_of_other());
    }
    let details = tlv(
        0x30,
        &[
            tlv(0x16, b"image/svg+xml"),
            tlv(0x30, &hash),
            tlv(0x30, &tlv(0x16, uri.as_bytes())),
        ]
        .concat(),
    );
    let info = tlv(0xa0, &tlv(0x30, &tlv(0x30, &details)));
    tlv(0x30, &tlv(0xa2, &info))
}

/// A SHA-384 HashAlgAndValue of bytes that are not the logo.
fn hash_of_other() -> Vec<u8> {
    tlv(
        0x30,
        &[
            tlv(0x30, &oid(&[2, 16, 840, 1, 101, 3, 4, 2, 2])),
            tlv(
                0x04,
                ring::digest::digest(&ring::digest::SHA384, b"another logo").as_ref(),
            ),
        ]
        .concat(),
    )
}

fn policies() -> Vec<u8> {
    tlv(0x30, &tlv(0x30, &oid(&mcr(&[1, 1]))))
}

/// The test CT log: its key, and the log list (v3 JSON) that names it.
struct Log {
    key: KeyPair,
}

impl Log {
    fn new() -> Self {
        Self {
            key: KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap(),
        }
    }

    fn id(&self) -> Vec<u8> {
        ring::digest::digest(&ring::digest::SHA256, &self.key.subject_public_key_info())
            .as_ref()
            .to_vec()
    }

    fn list(&self) -> CtLogs {
        let json = serde_json::json!({
            "version": "3.0",
            "operators": [{
                "name": "Test Marks",
                "email": ["ct@test-marks.example"],
                "logs": [{
                    "description": "Test Marks log",
                    "log_id": STANDARD.encode(self.id()),
                    "key": STANDARD.encode(self.key.subject_public_key_info()),
                    "url": "https://ct.test-marks.example/",
                    "mmd": 86400
                }]
            }]
        });
        CtLogs::from_json(json.to_string().as_bytes()).unwrap()
    }

    /// An SCT over a precertificate entry (RFC 6962 section 3.2), as a list extension value.
    fn sct_list(&self, timestamp: SystemTime, issuer_spki: &[u8], precert_tbs: &[u8]) -> Vec<u8> {
        let ms = u64::try_from(timestamp.duration_since(UNIX_EPOCH).unwrap().as_millis()).unwrap();
        let mut signed = vec![0u8, 0];
        signed.extend(ms.to_be_bytes());
        signed.extend(1u16.to_be_bytes());
        signed.extend(ring::digest::digest(&ring::digest::SHA256, issuer_spki).as_ref());
        signed.extend(&(precert_tbs.len() as u32).to_be_bytes()[1..]);
        signed.extend(precert_tbs);
        signed.extend(0u16.to_be_bytes());
        let signature = self.key.sign(&signed).unwrap();
        let mut sct = vec![0u8];
        sct.extend(self.id());
        sct.extend(ms.to_be_bytes());
        sct.extend(0u16.to_be_bytes());
        sct.extend([4, 3]);
        sct.extend((signature.len() as u16).to_be_bytes());
        sct.extend(signature);
        let mut list = (sct.len() as u16).to_be_bytes().to_vec();
        list.extend(sct);
        let mut body = (list.len() as u16).to_be_bytes().to_vec();
        body.extend(list);
        tlv(0x04, &body)
    }
}

/// What to change in a generated chain.
#[derive(Clone)]
struct Spec {
    sct: bool,
    sct_time: SystemTime,
    leaf_crl_dp: bool,
    ca_crl_dp: bool,
    ca_eku: bool,
    sans: Vec<&'static str>,
    mark_type: &'static str,
    trademark_identifier: bool,
    prior_use_url: bool,
    not_before: (i32, u8, u8),
    pilot: bool,
    name_constraints: bool,
    wrong_second_hash: bool,
    serial: u8,
    /// The statute attributes a Government Mark names.
    statute: bool,
    /// An SCT list extension whose content is cut short.
    sct_garbage: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            sct: true,
            sct_time: day(0) + Duration::from_secs(3600),
            leaf_crl_dp: true,
            ca_crl_dp: true,
            ca_eku: true,
            sans: vec!["brand.example"],
            mark_type: "Registered Mark",
            trademark_identifier: true,
            prior_use_url: false,
            not_before: (2025, 6, 1),
            pilot: false,
            name_constraints: false,
            wrong_second_hash: false,
            serial: 7,
            statute: false,
            sct_garbage: false,
        }
    }
}

/// A test PKI: root, issuing CA, CT log.
struct Pki {
    root_key: KeyPair,
    root_params: CertificateParams,
    root_der: Vec<u8>,
    ca_key: KeyPair,
    log: Log,
}

fn name(common: &str) -> rcgen::DistinguishedName {
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(DnType::CountryName, "US");
    dn.push(DnType::OrganizationName, "Test Marks");
    dn.push(DnType::CommonName, common);
    dn
}

fn ca_params(common: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(common);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = date_time_ymd(2025, 1, 1);
    params.not_after = date_time_ymd(2035, 1, 1);
    params.key_identifier_method = KeyIdMethod::Sha256;
    params
}

impl Pki {
    fn new() -> Self {
        let root_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let root_params = ca_params("Test Marks Root");
        let root_der = root_params.self_signed(&root_key).unwrap().der().to_vec();
        Self {
            root_key,
            root_params,
            root_der,
            ca_key: KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap(),
            log: Log::new(),
        }
    }

    fn root_issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.root_params, &self.root_key)
    }

    fn ca_params(&self, spec: &Spec) -> CertificateParams {
        let mut params = ca_params("Test Marks Mark CA");
        if spec.ca_eku {
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(BIMI.to_vec())];
        }
        if spec.ca_crl_dp {
            params.crl_distribution_points = vec![CrlDistributionPoint {
                uris: vec!["http://crl.test-marks.example/root.crl".to_owned()],
            }];
        }
        params
    }

    fn ca_der(&self, spec: &Spec) -> Vec<u8> {
        self.ca_params(spec)
            .signed_by(&self.ca_key, &self.root_issuer())
            .unwrap()
            .der()
            .to_vec()
    }

    fn leaf_params(&self, spec: &Spec, sct: Option<Vec<u8>>) -> CertificateParams {
        let mut params = CertificateParams::new(
            spec.sans
                .iter()
                .map(|s| (*s).to_owned())
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(DnType::CountryName, "US");
        dn.push(DnType::StateOrProvinceName, "California");
        dn.push(DnType::LocalityName, "San Francisco");
        dn.push(DnType::CustomDnType(vec![2, 5, 4, 9]), "1 Example Way");
        dn.push(DnType::OrganizationName, "Example Brands");
        dn.push(DnType::CommonName, "Example Brands");
        dn.push(
            DnType::CustomDnType(vec![2, 5, 4, 15]),
            "Private Organization",
        );
        dn.push(
            DnType::CustomDnType(vec![2, 5, 4, 5]),
            DnValue::PrintableString("1234567".try_into().unwrap()),
        );
        dn.push(
            DnType::CustomDnType(vec![1, 3, 6, 1, 4, 1, 311, 60, 2, 1, 3]),
            DnValue::PrintableString("US".try_into().unwrap()),
        );
        dn.push(DnType::CustomDnType(mcr(&[1, 3])), "US");
        if spec.trademark_identifier {
            dn.push(DnType::CustomDnType(mcr(&[1, 4])), "7654321");
        }
        if spec.statute {
            dn.push(DnType::CustomDnType(mcr(&[3, 2])), "US");
            dn.push(
                DnType::CustomDnType(mcr(&[3, 5])),
                "36 U.S.C. 300101 (Example Brands Act)",
            );
        }
        if spec.prior_use_url {
            dn.push(
                DnType::CustomDnType(mcr(&[5, 1])),
                "https://brand.example/2020/",
            );
        }
        dn.push(DnType::CustomDnType(mcr(&[1, 13])), spec.mark_type);
        params.distinguished_name = dn;
        params.serial_number = Some(SerialNumber::from(vec![spec.serial]));
        let (y, m, d) = spec.not_before;
        params.not_before = date_time_ymd(y, m, d);
        params.not_after = date_time_ymd(y + 1, m, d) - Duration::from_secs(1);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(BIMI.to_vec())];
        params.use_authority_key_identifier_extension = true;
        params.key_identifier_method = KeyIdMethod::Sha256;
        if spec.leaf_crl_dp {
            params.crl_distribution_points = vec![CrlDistributionPoint {
                uris: vec!["http://crl.test-marks.example/mark-ca.crl".to_owned()],
            }];
        }
        params.custom_extensions = vec![
            CustomExtension::from_oid_content(&[2, 5, 29, 32], policies()),
            CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 5, 5, 7, 1, 12],
                logotype(spec.wrong_second_hash),
            ),
        ];
        if spec.pilot {
            params
                .custom_extensions
                .push(CustomExtension::from_oid_content(&mcr(&[4, 1]), vec![5, 0]));
        }
        if spec.name_constraints {
            // Permitted subtree dNSName brand.example.
            let subtree = tlv(0x30, &tlv(0x82, b"brand.example"));
            params
                .custom_extensions
                .push(CustomExtension::from_oid_content(
                    &[2, 5, 29, 30],
                    tlv(0x30, &tlv(0xa0, &subtree)),
                ));
        }
        // A list that says it holds 200 bytes and holds 3.
        let sct = if spec.sct_garbage {
            Some(tlv(0x04, &[0, 200, 1, 2, 3]))
        } else {
            sct
        };
        if let Some(sct) = sct {
            params
                .custom_extensions
                .push(CustomExtension::from_oid_content(
                    &[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2],
                    sct,
                ));
        }
        params
    }

    /// The chain as PEM (leaf, CA, and the root unless `with_root` is false), with the leaf's
    /// DER and key.
    fn chain(&self, spec: &Spec, with_root: bool) -> (Vec<u8>, Vec<u8>) {
        let leaf_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let ca_params = self.ca_params(spec);
        let ca = Issuer::from_params(&ca_params, &self.ca_key);
        let sct = spec.sct.then(|| {
            // The precertificate: the same certificate without the SCT list.
            let pre = self
                .leaf_params(spec, None)
                .signed_by(&leaf_key, &ca)
                .unwrap();
            self.log.sct_list(
                spec.sct_time,
                &self.ca_key.subject_public_key_info(),
                &tbs_of(pre.der()),
            )
        });
        let leaf = self
            .leaf_params(spec, sct)
            .signed_by(&leaf_key, &ca)
            .unwrap()
            .der()
            .to_vec();
        let mut ders = vec![leaf.clone(), self.ca_der(spec)];
        if with_root {
            ders.push(self.root_der.clone());
        }
        (pem(&ders, "CERTIFICATE"), leaf)
    }

    fn anchors(&self) -> TrustAnchors {
        TrustAnchors::from_pem(&pem(std::slice::from_ref(&self.root_der), "CERTIFICATE")).unwrap()
    }

    /// A CRL of the issuing CA (signed by `key`), current from `this_update` for a week.
    fn crl(&self, key: &KeyPair, revoked: &[u8], this_update: (i32, u8, u8)) -> Vec<u8> {
        let params = CertificateRevocationListParams {
            this_update: date_time_ymd(this_update.0, this_update.1, this_update.2),
            next_update: date_time_ymd(this_update.0, this_update.1, this_update.2)
                + Duration::from_secs(7 * 86_400),
            crl_number: SerialNumber::from(vec![1]),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|&serial| RevokedCertParams {
                    serial_number: SerialNumber::from(vec![serial]),
                    revocation_time: date_time_ymd(2025, 8, 1),
                    reason_code: None,
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        };
        let ca_params = self.ca_params(&Spec::default());
        params
            .signed_by(&Issuer::from_params(&ca_params, key))
            .unwrap()
            .der()
            .to_vec()
    }

    /// Options on day 30 with this PKI's root, log list, a current CRL of the CA that lists
    /// nothing, the domain brand.example and the published logo.
    fn options(&self) -> VerifyOptions {
        self.options_with(day(30), (2025, 6, 28))
    }

    /// The same at another time, with an empty CRL of the CA issued on `crl_from`.
    fn options_with(&self, at: SystemTime, crl_from: (i32, u8, u8)) -> VerifyOptions {
        self.bare(at)
            .ct_logs(self.log.list())
            .crl(self.crl(&self.ca_key, &[], crl_from))
            .crl(self.root_crl(crl_from))
    }

    /// An empty CRL of the root, covering the issuing CA.
    fn root_crl(&self, this_update: (i32, u8, u8)) -> Vec<u8> {
        let (y, m, d) = this_update;
        CertificateRevocationListParams {
            this_update: date_time_ymd(y, m, d),
            next_update: date_time_ymd(y, m, d) + Duration::from_secs(30 * 86_400),
            crl_number: SerialNumber::from(vec![1]),
            issuing_distribution_point: None,
            revoked_certs: Vec::new(),
            key_identifier_method: KeyIdMethod::Sha256,
        }
        .signed_by(&self.root_issuer())
        .unwrap()
        .der()
        .to_vec()
    }

    /// Only the time, the root, the domain and the logo.
    fn bare(&self, at: SystemTime) -> VerifyOptions {
        VerifyOptions::new()
            .at(at)
            .trust_anchors(self.anchors())
            .domain("brand.example")
            .logo(svg())
    }
}

fn pem(ders: &[Vec<u8>], label: &str) -> Vec<u8> {
    let mut out = String::new();
    for der in ders {
        out.push_str(&format!("-----BEGIN {label}-----\n"));
        for chunk in STANDARD.encode(der).as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(chunk).unwrap());
            out.push('\n');
        }
        out.push_str(&format!("-----END {label}-----\n"));
    }
    out.into_bytes()
}

fn shown(verification: &Verification) -> String {
    verification.report.to_text()
}

/// The errors, as rule ids.
fn errors(verification: &Verification) -> Vec<&str> {
    verification
        .report
        .errors()
        .map(|f| f.rule.as_ref())
        .collect()
}

fn assert_only_error(verification: &Verification, rule: &str, certificate: Option<usize>) {
    assert_eq!(errors(verification), [rule], "{}", shown(verification));
    let finding = verification.report.errors().next().unwrap();
    assert_eq!(finding.location.certificate, certificate, "{finding}");
}

fn verify(pki: &Pki, spec: &Spec, options: &VerifyOptions) -> Verification {
    verify_chain(&pki.chain(spec, true).0, options)
}

#[test]
fn a_complete_chain_passes_every_check_and_every_check_is_made() {
    let pki = Pki::new();
    let verification = verify(&pki, &Spec::default(), &pki.options());
    assert!(verification.report.is_clean(), "{}", shown(&verification));
    let not_made: Vec<_> = verification.not_checked().collect();
    assert!(not_made.is_empty(), "{not_made:?}");
    assert_eq!(verification.report.infos().count(), 0);
    let summary = verification.certificate.as_ref().unwrap();
    assert_eq!(summary.kind, MarkKind::Vmc);
    assert_eq!(
        summary.crl_distribution_points,
        ["http://crl.test-marks.example/mark-ca.crl"]
    );
    let sct = verification
        .checks
        .iter()
        .find(|c| c.check == "sct-signatures")
        .unwrap();
    assert!(sct.made && sct.detail.starts_with("1 SCT signature(s) verified"));
}

#[test]
fn checks_not_made_are_info_findings_that_block_nothing() {
    let pki = Pki::new();
    // No CT log list and no CRL: the SCT signatures and the revocation of both certificates
    // below the root are not checked.
    let verification = verify(&pki, &Spec::default(), &pki.bare(day(30)));
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert!(verification.report.is_clean(), "{}", shown(&verification));
    let said: Vec<&str> = verification
        .report
        .infos()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(said.len(), verification.not_checked().count(), "{said:?}");
    assert!(
        said.iter()
            .any(|m| m.starts_with("sct-signatures was not checked")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.starts_with("revocation was not checked")),
        "{said:?}"
    );
    assert!(
        verification
            .report
            .infos()
            .all(|f| f.rule == "not-checked" && f.severity == Severity::Info)
    );
}

#[test]
fn untrusted_root() {
    let pki = Pki::new();
    // The bundled roots instead of the test root.
    let options = pki.options().trust_anchors(TrustAnchors::bundled());
    let verification = verify(&pki, &Spec::default(), &options);
    assert_only_error(&verification, "untrusted-root", Some(2));
    assert!(shown(&verification).contains("`CN=Test Marks Root,O=Test Marks,C=US`"));

    // Another root of the same name is not the anchor either: the CA's signature fails.
    let other = Pki::new();
    let verification = verify_chain(&pki.chain(&Spec::default(), false).0, &other.options());
    assert!(
        errors(&verification).contains(&"signature-invalid"),
        "{}",
        shown(&verification)
    );
}

#[test]
fn a_root_left_out_is_taken_from_the_trust_anchors() {
    let pki = Pki::new();
    let (chain, _) = pki.chain(&Spec::default(), false);
    let verification = verify_chain(&chain, &pki.options());
    assert!(verification.report.is_clean(), "{}", shown(&verification));
    let trust = verification
        .checks
        .iter()
        .find(|c| c.check == "trust")
        .unwrap();
    assert!(
        trust.detail.contains("taken from the trust anchors"),
        "{trust:?}"
    );
    // Without the anchor, the root is missing.
    let verification = verify_chain(
        &chain,
        &pki.options().trust_anchors(TrustAnchors::bundled()),
    );
    assert_only_error(&verification, "chain-incomplete", Some(1));
}

#[test]
fn sct_missing() {
    let pki = Pki::new();
    let spec = Spec {
        sct: false,
        ..Spec::default()
    };
    assert_only_error(&verify(&pki, &spec, &pki.options()), "sct-missing", Some(0));
}

#[test]
fn sct_malformed() {
    let pki = Pki::new();
    let spec = Spec {
        sct_garbage: true,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "sct-malformed", Some(0));
}

#[test]
fn sct_not_current() {
    let pki = Pki::new();
    // Issued on day 0, logged an hour later; checked half an hour after issuance.
    let options = pki.options_with(day(0) + Duration::from_secs(1800), (2025, 5, 31));
    let verification = verify(&pki, &Spec::default(), &options);
    assert_only_error(&verification, "sct-not-current", Some(0));
}

#[test]
fn sct_signature_invalid() {
    let pki = Pki::new();
    let (chain, _) = pki.chain(&Spec::default(), true);
    // The same SCT on another certificate: take the SCT list of one leaf into a leaf with
    // another serial, signed again by the CA so that only the SCT is wrong.
    let spec = Spec {
        serial: 8,
        ..Spec::default()
    };
    let leaf_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let ca_params = pki.ca_params(&spec);
    let ca = Issuer::from_params(&ca_params, &pki.ca_key);
    let first_leaf = digicert_der(&chain, 0);
    let sct_value = extension_value(&first_leaf, &[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2]);
    let leaf = pki
        .leaf_params(&spec, Some(sct_value))
        .signed_by(&leaf_key, &ca)
        .unwrap()
        .der()
        .to_vec();
    let chain = pem(
        &[leaf, pki.ca_der(&spec), pki.root_der.clone()],
        "CERTIFICATE",
    );
    let verification = verify_chain(&chain, &pki.options());
    assert_only_error(&verification, "sct-signature-invalid", Some(0));
    assert!(shown(&verification).contains("Test Marks log"));
}

#[test]
fn an_sct_from_an_unknown_log_is_a_warning_and_its_signature_is_not_checked() {
    let pki = Pki::new();
    let options = pki.options().ct_logs(Log::new().list());
    let verification = verify(&pki, &Spec::default(), &options);
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert!(verification.report.has("sct-log-unknown"));
    let warning = verification.report.warnings().next().unwrap();
    assert!(warning.message.contains("its signature was not checked"));
    assert!(
        verification
            .not_checked()
            .any(|c| c.check == "sct-signatures")
    );
    // No log list at all: said as a check not made, not a warning.
    let options = pki
        .bare(day(30))
        .crl(pki.crl(&pki.ca_key, &[], (2025, 6, 28)));
    let verification = verify(&pki, &Spec::default(), &options);
    assert!(verification.report.is_clean(), "{}", shown(&verification));
    let check = verification.not_checked().next().unwrap();
    assert_eq!(check.check, "sct-signatures");
    assert!(check.detail.contains("--ct-logs"));
}

#[test]
fn revoked() {
    let pki = Pki::new();
    let options = pki
        .bare(day(30))
        .crl(pki.crl(&pki.ca_key, &[7], (2025, 6, 28)));
    let verification = verify(&pki, &Spec::default(), &options);
    assert_only_error(&verification, "revoked", Some(0));
    // Another serial revoked: fine.
    let options = pki
        .bare(day(30))
        .crl(pki.crl(&pki.ca_key, &[9], (2025, 6, 28)));
    assert!(verify(&pki, &Spec::default(), &options).is_valid());
}

#[test]
fn a_crl_in_pem_is_read_too() {
    let pki = Pki::new();
    let crl = pem(&[pki.crl(&pki.ca_key, &[7], (2025, 6, 28))], "X509 CRL");
    let options = pki.bare(day(30)).crl(crl);
    assert_only_error(
        &verify(&pki, &Spec::default(), &options),
        "revoked",
        Some(0),
    );
}

#[test]
fn crl_not_current() {
    let pki = Pki::new();
    // A week's CRL from May, checked on day 30 (July 1st).
    let options =
        pki.bare(day(30))
            .ct_logs(pki.log.list())
            .crl(pki.crl(&pki.ca_key, &[], (2025, 5, 1)));
    let verification = verify(&pki, &Spec::default(), &options);
    assert_only_error(&verification, "crl-not-current", None);
    assert!(
        verification
            .not_checked()
            .any(|c| c.check == "revocation" && c.detail.contains("mark-ca.crl"))
    );
}

#[test]
fn crl_signature_invalid() {
    let pki = Pki::new();
    let impostor = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let options =
        pki.bare(day(30))
            .ct_logs(pki.log.list())
            .crl(pki.crl(&impostor, &[], (2025, 6, 28)));
    let verification = verify(&pki, &Spec::default(), &options);
    assert_only_error(&verification, "crl-signature-invalid", None);
}

#[test]
fn a_crl_of_another_issuer_is_a_warning() {
    let pki = Pki::new();
    let other_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let other_params = ca_params("Another Root");
    let mut params = CertificateRevocationListParams {
        this_update: date_time_ymd(2025, 6, 28),
        next_update: date_time_ymd(2025, 7, 5),
        crl_number: SerialNumber::from(vec![1]),
        issuing_distribution_point: None,
        revoked_certs: Vec::new(),
        key_identifier_method: KeyIdMethod::Sha256,
    };
    params.revoked_certs.clear();
    let crl = params
        .signed_by(&Issuer::from_params(&other_params, &other_key))
        .unwrap()
        .der()
        .to_vec();
    let options = pki.options().crl(crl);
    let verification = verify(&pki, &Spec::default(), &options);
    assert!(verification.is_valid(), "{}", shown(&verification));
    assert!(verification.report.has("crl-unrelated"));
}

#[test]
fn crl_distribution_point_missing() {
    let pki = Pki::new();
    let leaf = Spec {
        leaf_crl_dp: false,
        ..Spec::default()
    };
    let verification = verify(&pki, &leaf, &pki.options());
    assert_only_error(&verification, "crl-distribution-point-missing", Some(0));
    let ca = Spec {
        ca_crl_dp: false,
        ..Spec::default()
    };
    let verification = verify(&pki, &ca, &pki.options());
    assert_only_error(&verification, "crl-distribution-point-missing", Some(1));
}

#[test]
fn ca_eku_missing_bimi() {
    let pki = Pki::new();
    let spec = Spec {
        ca_eku: false,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "ca-eku-missing-bimi", Some(1));
}

#[test]
fn names_are_matched_as_receivers_match_them() {
    let pki = Pki::new();
    let spec = Spec {
        sans: vec![
            "default._bimi.brand.example",
            "*.shop.example",
            "mail.news.example",
        ],
        ..Spec::default()
    };
    let (chain, _) = pki.chain(&spec, true);
    let check = |options: VerifyOptions| verify_chain(&chain, &options);
    // The selector form covers the domain, with the selector given.
    let verification = check(pki.options());
    assert!(verification.is_valid(), "{}", shown(&verification));
    let verification = check(pki.options().selector("news"));
    assert_only_error(&verification, "domain-not-covered", Some(0));
    assert!(shown(&verification).contains("news._bimi."));
    // A subdomain is covered through its organizational domain.
    let verification = check(pki.options().domain("mail.brand.example"));
    assert!(verification.is_valid(), "{}", shown(&verification));
    // A wildcard covers nothing, and neither does a name below the organizational domain.
    for domain in ["a.shop.example", "x.mail.news.example"] {
        let verification = check(pki.options().domain(domain));
        assert!(
            errors(&verification).contains(&"domain-not-covered"),
            "{domain}: {}",
            shown(&verification)
        );
    }
}

#[test]
fn a_unicode_domain_is_matched_in_its_ascii_form() {
    let pki = Pki::new();
    let spec = Spec {
        sans: vec!["xn--bcher-kva.example"],
        ..Spec::default()
    };
    let options = pki
        .options_with(day(30), (2025, 6, 28))
        .domains(["Bücher.example", "xn--bcher-kva.example."]);
    // brand.example of the default options is not named: only that error.
    let verification = verify(&pki, &spec, &options);
    assert_eq!(
        errors(&verification),
        ["domain-not-covered"],
        "{}",
        shown(&verification)
    );
    assert!(shown(&verification).contains("`brand.example`"));
    let verification = verify(&pki, &spec, &pki.options().domain("a..example"));
    assert!(errors(&verification).contains(&"domain-invalid"));
}

#[test]
fn subject_field_missing() {
    let pki = Pki::new();
    let spec = Spec {
        trademark_identifier: false,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "subject-field-missing", Some(0));
    assert!(shown(&verification).contains("trademarkIdentifier"));
    // A prior use mark does not need it.
    let spec = Spec {
        trademark_identifier: false,
        mark_type: "Prior Use Mark",
        prior_use_url: true,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert!(verification.report.is_clean(), "{}", shown(&verification));
    assert_eq!(verification.certificate.unwrap().kind, MarkKind::Cmc);
}

#[test]
fn a_government_mark_needs_its_statute_fields() {
    let pki = Pki::new();
    let spec = Spec {
        mark_type: "Government Mark",
        trademark_identifier: false,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "subject-field-missing", Some(0));
    let said = shown(&verification);
    assert!(said.contains("statuteCountryName"), "{said}");
    assert!(said.contains("statuteCitation"), "{said}");
    // Not the trademark number, which only registered marks carry.
    assert!(!said.contains("trademarkIdentifier"), "{said}");
    let spec = Spec {
        statute: true,
        ..spec
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert!(verification.report.is_clean(), "{}", shown(&verification));
    let summary = verification.certificate.unwrap();
    assert_eq!(summary.kind, MarkKind::Vmc);
    assert_eq!(summary.mark_type.as_deref(), Some("Government Mark"));
}

#[test]
fn the_pilot_identifier_is_refused_from_2025_03_15() {
    let pki = Pki::new();
    let late = Spec {
        pilot: true,
        ..Spec::default()
    };
    let verification = verify(&pki, &late, &pki.options());
    assert_only_error(&verification, "pilot-extension", Some(0));
    let early = Spec {
        pilot: true,
        not_before: (2025, 3, 14),
        sct_time: UNIX_EPOCH + Duration::from_secs(1_741_910_400 + 3600),
        ..Spec::default()
    };
    let verification = verify(&pki, &early, &pki.options());
    assert!(verification.report.is_clean(), "{}", shown(&verification));
}

#[test]
fn a_prior_use_mark_needs_its_source_url_from_2025_04_15() {
    let pki = Pki::new();
    let spec = Spec {
        mark_type: "Prior Use Mark",
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "prior-use-mark-source-missing", Some(0));
    let early = Spec {
        not_before: (2025, 4, 14),
        sct_time: UNIX_EPOCH + Duration::from_secs(1_744_588_800 + 3600),
        ..spec
    };
    let verification = verify(&pki, &early, &pki.options());
    assert!(verification.report.is_clean(), "{}", shown(&verification));
}

#[test]
fn name_constraints() {
    let pki = Pki::new();
    let spec = Spec {
        name_constraints: true,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "name-constraints", Some(0));
}

#[test]
fn a_certificate_that_expires_within_30_days_is_warned_about() {
    let pki = Pki::new();
    // Valid to 2026-05-31T23:59:59Z; checked on 2026-05-12, with a CRL of that week.
    let options = pki.options_with(day(345), (2026, 5, 10));
    let verification = verify(&pki, &Spec::default(), &options);
    assert!(verification.is_valid(), "{}", shown(&verification));
    let warning = verification
        .report
        .findings
        .iter()
        .find(|f| f.rule == "expiring-soon" && f.severity == Severity::Warning)
        .unwrap_or_else(|| panic!("{}", shown(&verification)));
    assert!(warning.message.contains("expires in 19 days"), "{warning}");
    // 31 days before: no warning.
    let options = pki.options_with(day(333), (2026, 4, 28));
    let verification = verify(&pki, &Spec::default(), &options);
    assert!(
        !verification.report.has("expiring-soon"),
        "{}",
        shown(&verification)
    );
}

/// The DER of certificate `index` of a PEM chain.
fn digicert_der(pem: &[u8], index: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(pem);
    let block = text
        .split("-----BEGIN CERTIFICATE-----")
        .nth(index + 1)
        .unwrap();
    let body: String = block
        .split("-----END")
        .next()
        .unwrap()
        .lines()
        .map(str::trim)
        .collect();
    STANDARD.decode(body).unwrap()
}

/// The contents of the extnValue of extension `arcs` in a DER certificate.
fn extension_value(cert: &[u8], arcs: &[u64]) -> Vec<u8> {
    let id = oid(arcs);
    let at = cert
        .windows(id.len())
        .position(|w| w == id.as_slice())
        .expect("the extension");
    // OID, then (no critical flag) the OCTET STRING extnValue.
    let (content, _) = first_element(&cert[at + id.len()..]);
    content.to_vec()
}

#[test]
fn the_bundled_anchors_are_the_mark_verifying_authorities() {
    let subjects = TrustAnchors::bundled().subjects();
    for expected in [
        "CN=DigiCert Verified Mark Root CA",
        "CN=GlobalSign Verified Mark Root R42",
        "CN=Entrust Verified Mark Root Certification Authority - VMCR1",
        "CN=SSL.com VMC RSA Root CA 2024",
        "CN=SSL.com VMC Issuing ECC CA 1",
        "CN=SSL.com VMC Issuing RSA CA 1",
    ] {
        assert!(
            subjects.iter().any(|s| s.starts_with(expected)),
            "{expected} in {subjects:?}"
        );
    }
    assert_eq!(subjects.len(), 6);
}

#[test]
fn trust_anchor_and_log_list_files_that_cannot_be_read_are_refused_with_the_reason() {
    let error = TrustAnchors::from_pem(b"# no roots here\n").unwrap_err();
    assert!(
        error.to_string().contains("no PEM CERTIFICATE block"),
        "{error}"
    );
    let error =
        TrustAnchors::from_pem(b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n")
            .unwrap_err();
    assert!(error.to_string().contains("trust anchor 0"), "{error}");
    let error = TrustAnchors::from_pem(b"-----BEGIN CERTIFICATE-----\nMAA=\n").unwrap_err();
    assert!(error.to_string().contains("never ends"), "{error}");

    let error = CtLogs::from_json(br#"{"logs": []}"#).unwrap_err();
    assert!(error.to_string().contains("not a v3 log list"), "{error}");
    // A log id that is not the hash of the key is refused.
    let log = Log::new();
    let json = serde_json::json!({"operators": [{"logs": [{
        "description": "Mislabelled",
        "log_id": STANDARD.encode([0u8; 32]),
        "key": STANDARD.encode(log.key.subject_public_key_info()),
    }]}]});
    let error = CtLogs::from_json(json.to_string().as_bytes()).unwrap_err();
    assert!(
        error.to_string().contains("`Mislabelled`") && error.to_string().contains("SHA-256"),
        "{error}"
    );
    assert_eq!(log.list().len(), 1);
}

#[test]
fn a_second_logotype_hash_that_is_wrong_is_refused_for_what_it_is() {
    let pki = Pki::new();
    let spec = Spec {
        wrong_second_hash: true,
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options());
    assert_only_error(&verification, "logotype-hash-mismatch", Some(0));
    let message = &verification.report.errors().next().unwrap().message;
    assert!(message.contains("the sha384 logotype hash"), "{message}");
    assert!(
        message.contains("the sha256 hash matches, but receivers that check this one"),
        "{message}"
    );
}

// Hostile input in the new places: CRLs, SCT lists, log lists. None panics.

static PKI: std::sync::LazyLock<Pki> = std::sync::LazyLock::new(Pki::new);

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    #[test]
    fn arbitrary_crls_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
        let pki = &*PKI;
        let chain = pki.chain(&Spec::default(), true).0;
        let verification = verify_chain(&chain, &pki.bare(day(30)).crl(bytes));
        proptest::prop_assert!(!verification.report.has("revoked"));
    }

    #[test]
    fn arbitrary_sct_lists_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
        let pki = &*PKI;
        let spec = Spec { sct: false, ..Spec::default() };
        let leaf_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let ca_params = pki.ca_params(&spec);
        let ca = Issuer::from_params(&ca_params, &pki.ca_key);
        let leaf = pki
            .leaf_params(&spec, Some(bytes))
            .signed_by(&leaf_key, &ca)
            .unwrap()
            .der()
            .to_vec();
        let chain = pem(&[leaf, pki.ca_der(&spec), pki.root_der.clone()], "CERTIFICATE");
        let verification = verify_chain(&chain, &pki.options());
        // Random bytes are never a list of SCTs signed by the test log.
        proptest::prop_assert!(!verification.is_valid(), "{}", shown(&verification));
    }

    #[test]
    fn arbitrary_log_lists_never_panic(text in "\\PC{0,300}") {
        let _ = CtLogs::from_json(text.as_bytes());
    }
}

#[test]
fn text_from_a_log_list_or_a_certificate_reaches_messages_escaped() {
    let pki = Pki::new();
    // A log named with an escape sequence, whose key signs nothing of ours.
    let stranger = Log::new();
    let json = serde_json::json!({"operators": [{"logs": [{
        "description": "evil\u{1b}[31mlog",
        "log_id": STANDARD.encode(pki.log.id()),
        "key": STANDARD.encode(pki.log.key.subject_public_key_info()),
    }, {
        "description": "other",
        "log_id": STANDARD.encode(stranger.id()),
        "key": STANDARD.encode(stranger.key.subject_public_key_info()),
    }]}]});
    let logs = CtLogs::from_json(json.to_string().as_bytes()).unwrap();
    assert!(!format!("{logs:?}").contains('\u{1b}'));
    // A SAN with an escape sequence: the finding that names it does not carry it raw.
    let spec = Spec {
        sans: vec!["brand.example", "x\u{1b}[2J.example"],
        ..Spec::default()
    };
    let verification = verify(&pki, &spec, &pki.options().domain("other.example"));
    assert!(errors(&verification).contains(&"domain-not-covered"));
    assert!(
        !shown(&verification).contains('\u{1b}'),
        "{}",
        shown(&verification)
    );
}
