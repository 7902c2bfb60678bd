//! The chain as a whole: order, signatures, CA flags, validity and critical extensions.

use std::time::{SystemTime, UNIX_EPOCH};

use der::Decode;
use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage};
use x509_cert::spki::AlgorithmIdentifierOwned;

use super::anchors::{Anchor, TrustAnchors};
use super::asn1::{RsaPssParams, RsaPublicKey, oid};
use super::{Parsed, names, rfc3339};
use crate::findings::{Location, Report};

/// Extensions the verifier knows, so a critical one is not refused. Name and policy
/// constraints are only recognised: enforcing them is the receiver's path validation.
const KNOWN_EXTENSIONS: &[der::asn1::ObjectIdentifier] = &[
    oid::BASIC_CONSTRAINTS,
    oid::KEY_USAGE,
    oid::EXTENDED_KEY_USAGE,
    oid::SUBJECT_ALT_NAME,
    oid::ISSUER_ALT_NAME,
    oid::CERTIFICATE_POLICIES,
    oid::SUBJECT_KEY_IDENTIFIER,
    oid::AUTHORITY_KEY_IDENTIFIER,
    oid::CRL_DISTRIBUTION_POINTS,
    oid::FRESHEST_CRL,
    oid::AUTHORITY_INFO_ACCESS,
    oid::NAME_CONSTRAINTS,
    oid::POLICY_CONSTRAINTS,
    oid::POLICY_MAPPINGS,
    oid::INHIBIT_ANY_POLICY,
    oid::SCT_LIST,
    oid::LOGOTYPE,
    // The pilot identifier of the Mark Certificate Requirements: known, so accepted when
    // critical; the profile refuses it on certificates issued from 2025-03-15.
    oid::PILOT_IDENTIFIER,
];

/// The chain as receivers build it: the leaf, found by what it is, then each issuer, up to a
/// trust anchor.
pub(crate) struct Path<'a> {
    /// Positions in the file, leaf first.
    pub order: Vec<usize>,
    /// The anchor that issued the last certificate of `order`, when it was taken from the
    /// trust anchors rather than the file.
    pub completed_by: Option<&'a Anchor>,
    /// Whether the chain ends in a trust anchor.
    pub trusted: bool,
}

impl Path<'_> {
    /// The position in the file of the leaf.
    pub fn leaf(&self) -> Option<usize> {
        self.order.first().copied()
    }
}

pub(crate) fn check<'a>(
    chain: &[Option<Parsed>],
    anchors: &'a TrustAnchors,
    at: SystemTime,
    report: &mut Report,
) -> Path<'a> {
    let path = build(chain, anchors, report);
    for (index, parsed) in chain.iter().enumerate() {
        let Some(parsed) = parsed else { continue };
        validity(index, &parsed.cert, at, report);
        critical_extensions(index, &parsed.cert, report);
        key_size(index, &parsed.cert, report);
    }
    for (place, &index) in path.order.iter().enumerate() {
        let Some(parsed) = &chain[index] else {
            continue;
        };
        ca_flags(index, place, &parsed.cert, report);
        let issuer: Option<(usize, &Certificate)> = match path.order.get(place + 1) {
            Some(&next) => chain[next].as_ref().map(|p| (next, &p.cert)),
            None => path.completed_by.map(|a| (usize::MAX, &a.parsed.cert)),
        };
        let self_issued = is_self_issued(&parsed.cert);
        if !self_issued {
            sha1(index, parsed, report);
        }
        if place > 0 && !self_issued && anchors.same_as(&parsed.cert).is_none() {
            ca_purpose(index, &parsed.cert, report);
        }
        match issuer {
            Some((issuer_index, issuer)) => {
                signature(index, issuer_index, parsed, issuer, report);
            }
            None if self_issued => signature(index, index, parsed, &parsed.cert, report),
            None => {}
        }
    }
    if let Some(anchor) = path.completed_by
        && !is_self_issued(&anchor.parsed.cert)
    {
        ca_purpose(usize::MAX, &anchor.parsed.cert, report);
    }
    path
}

/// Finds the leaf and its issuers, and reports what keeps the file from being that chain in
/// order: duplicates, strays, a wrong order, a missing issuer, an untrusted root.
fn build<'a>(chain: &[Option<Parsed>], anchors: &'a TrustAnchors, report: &mut Report) -> Path<'a> {
    let mut path = Path {
        order: Vec::new(),
        completed_by: None,
        trusted: false,
    };
    // Certificates given twice are reported once and left out.
    let mut present: Vec<usize> = Vec::new();
    for (index, parsed) in chain.iter().enumerate() {
        let Some(parsed) = parsed else { continue };
        let first = present
            .iter()
            .copied()
            .find(|&other| chain[other].as_ref().is_some_and(|o| o.tbs == parsed.tbs));
        match first {
            Some(first) => report.error(
                "chain-duplicate",
                Location::certificate(index),
                format!(
                    "certificate {index} is a duplicate of certificate {first}; serve each \
                     certificate once: the leaf, then each issuer"
                ),
            ),
            None => present.push(index),
        }
    }
    let Some(leaf) = find_leaf(chain, &present) else {
        return path;
    };
    path.order.push(leaf);
    let mut current = leaf;
    while let Some(cert) = chain[current].as_ref().map(|p| &p.cert) {
        if anchors.same_as(cert).is_some() {
            path.trusted = true;
            break;
        }
        if is_self_issued(cert) {
            break;
        }
        let issuer = present.iter().copied().find(|&other| {
            !path.order.contains(&other)
                && chain[other].as_ref().is_some_and(|o| {
                    o.cert.tbs_certificate().subject() == cert.tbs_certificate().issuer()
                })
        });
        match issuer {
            Some(next) => {
                path.order.push(next);
                current = next;
            }
            None => break,
        }
    }

    let strays: Vec<usize> = present
        .iter()
        .copied()
        .filter(|i| !path.order.contains(i))
        .collect();
    let in_order = path.order.windows(2).all(|w| w[0] < w[1]) && path.order[0] == present[0];
    if !in_order {
        let wanted: Vec<String> = path.order.iter().map(ToString::to_string).collect();
        report.error(
            "chain-order",
            Location::certificate(path.order[0]),
            format!(
                "the certificates are not in order: receivers read the leaf first, then each \
                 issuer; the leaf is certificate {leaf}, so serve them as {}",
                wanted.join(", ")
            ),
        );
    }

    let top_index = *path.order.last().unwrap_or(&leaf);
    let Some(top) = chain[top_index].as_ref().map(|p| &p.cert) else {
        return path;
    };
    let incomplete =
        !path.trusted && !is_self_issued(top) && !anchors.named_issuers(top).any(|_| true);
    for &stray in &strays {
        let is_root = chain[stray]
            .as_ref()
            .is_some_and(|p| is_self_issued(&p.cert));
        // With an intermediate missing, the root in the file is not a stray: the gap is.
        if incomplete && is_root {
            continue;
        }
        report.error(
            "chain-stray-certificate",
            Location::certificate(stray),
            format!(
                "certificate {stray} is not an issuer of the leaf (certificate {leaf}): the file \
                 holds a certificate of another chain; leave it out"
            ),
        );
    }
    if path.trusted {
        return path;
    }
    let issuer_name = names::to_text(top.tbs_certificate().issuer());
    if is_self_issued(top) {
        if path.order.len() == 1 {
            report.error(
                "self-signed",
                Location::certificate(top_index),
                "the certificate is self-signed: no receiver trusts it. A mark certificate is \
                 issued by a Mark Verifying Authority (such as DigiCert or GlobalSign)",
            );
        } else {
            report.error(
                "untrusted-root",
                Location::certificate(top_index),
                format!(
                    "the chain ends in the root `{issuer_name}`, which is not a trust anchor: \
                     receivers trust only the roots of the Mark Verifying Authorities. Order the \
                     certificate from one of them, or, for a private PKI, give its root with \
                     --trust-anchors"
                ),
            );
        }
        return path;
    }
    // The root is usually left out of the file: take it from the anchors.
    let candidates: Vec<&Anchor> = anchors.named_issuers(top).collect();
    if let Some(anchor) = candidates.iter().find(|a| {
        chain[top_index]
            .as_ref()
            .is_some_and(|p| matches!(verify(p, &a.parsed.cert), Outcome::Valid))
    }) {
        path.completed_by = Some(anchor);
        path.trusted = true;
    } else if let Some(anchor) = candidates.first() {
        // Named like an anchor but not signed by it: the signature check says so.
        path.completed_by = Some(anchor);
    } else if path.order.len() == 1 {
        report.error(
            "chain-incomplete",
            Location::certificate(top_index),
            format!(
                "only the leaf is present; receivers need its issuer `{issuer_name}` too: \
                 publish the whole chain the CA delivers (CertCentral's `pem_all`), leaf first"
            ),
        );
    } else {
        report.error(
            "chain-incomplete",
            Location::certificate(top_index),
            format!(
                "certificate {top_index} is issued by `{issuer_name}`, which is neither in the \
                 file nor a trust anchor: add the missing intermediate (publish the whole chain \
                 the CA delivers, leaf first), or, for a private root, give it with \
                 --trust-anchors"
            ),
        );
    }
    path
}

/// The leaf: the one certificate that is no CA and has the BIMI key purpose; failing that,
/// the first certificate that issued no other in the file.
fn find_leaf(chain: &[Option<Parsed>], present: &[usize]) -> Option<usize> {
    let cert = |i: usize| chain[i].as_ref().map(|p| &p.cert);
    let marks: Vec<usize> = present
        .iter()
        .copied()
        .filter(|&i| cert(i).is_some_and(|c| !is_ca(c) && has_bimi_purpose(c)))
        .collect();
    if let [only] = marks.as_slice() {
        return Some(*only);
    }
    let issues_another = |i: usize| {
        present.iter().any(|&other| {
            other != i
                && matches!((cert(i), cert(other)), (Some(a), Some(b))
                    if !is_self_issued(b)
                        && b.tbs_certificate().issuer() == a.tbs_certificate().subject())
        })
    };
    present
        .iter()
        .copied()
        .find(|&i| !issues_another(i))
        .or_else(|| present.first().copied())
}

pub(crate) fn is_ca(cert: &Certificate) -> bool {
    matches!(cert.tbs_certificate().get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

pub(crate) fn purposes(cert: &Certificate) -> Option<Vec<der::asn1::ObjectIdentifier>> {
    match cert.tbs_certificate().get_extension::<ExtendedKeyUsage>() {
        Ok(Some((_, eku))) => Some(eku.0),
        _ => None,
    }
}

fn has_bimi_purpose(cert: &Certificate) -> bool {
    purposes(cert).is_some_and(|p| p.contains(&oid::EKU_BIMI))
}

/// A CA below the root must allow the BIMI key purpose: the Mark Certificate Requirements
/// give issuing CAs an extended key usage with it, and receivers check purposes along the path.
fn ca_purpose(index: usize, cert: &Certificate, report: &mut Report) {
    if has_bimi_purpose(cert) {
        return;
    }
    let (location, what) = if index == usize::MAX {
        (
            Location::none(),
            format!(
                "the issuing CA `{}` (a trust anchor)",
                names::to_text(cert.tbs_certificate().subject())
            ),
        )
    } else {
        (
            Location::certificate(index),
            format!("CA certificate {index}"),
        )
    };
    let has = match purposes(cert) {
        None => "has no extended key usage".to_owned(),
        Some(p) => format!(
            "allows only {}",
            p.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    report.error(
        "ca-eku-missing-bimi",
        location,
        format!(
            "{what} {has}, not the BIMI key purpose 1.3.6.1.5.5.7.3.31; a CA that does not \
             allow it cannot issue mark certificates, and receivers refuse the chain: it is \
             not a Mark Verifying Authority's issuing CA"
        ),
    );
}

/// SHA-1 signatures below the root: broken, refused by the requirements and receivers.
fn sha1(index: usize, parsed: &Parsed, report: &mut Report) {
    let algorithm = parsed.cert.signature_algorithm();
    let pss_sha1 = algorithm.oid == oid::RSASSA_PSS
        && algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<RsaPssParams>().ok())
            .is_some_and(|p| p.hash_algorithm.is_none_or(|h| h.oid == oid::SHA1));
    if algorithm.oid == oid::SHA1_WITH_RSA || algorithm.oid == oid::ECDSA_WITH_SHA1 || pss_sha1 {
        report.error(
            "signature-sha1",
            Location::certificate(index),
            format!(
                "certificate {index} is signed with SHA-1, which is broken; mark certificates \
                 and their CAs must be signed with SHA-256 or stronger, and receivers refuse \
                 SHA-1: ask the CA for a certificate signed with SHA-256"
            ),
        );
    }
}

fn validity(index: usize, cert: &Certificate, at_time: SystemTime, report: &mut Report) {
    // Before 1970 reads as 1970: every certificate is then not yet valid, as it should be.
    let at = at_time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let validity = cert.tbs_certificate().validity();
    let (not_before, not_after) = (validity.not_before, validity.not_after);
    let what = if index == 0 {
        "the certificate"
    } else {
        "this CA certificate"
    };
    if at < not_before.to_unix_duration() {
        report.error(
            "not-yet-valid",
            Location::certificate(index),
            format!(
                "{what} is valid from {not_before}, after {}; receivers refuse it until \
                 then: publish it from that date, or check the clock",
                rfc3339(at_time)
            ),
        );
    }
    if at > not_after.to_unix_duration() {
        let fix = if index == 0 {
            "renew or reissue it and publish the new chain"
        } else {
            "download the current chain from the CA (CertCentral's `pem_all`)"
        };
        report.error(
            "expired",
            Location::certificate(index),
            format!(
                "{what} expired at {not_after} (checked at {}); receivers refuse expired \
                 certificates: {fix}",
                rfc3339(at_time)
            ),
        );
    }
}

fn critical_extensions(index: usize, cert: &Certificate, report: &mut Report) {
    let extensions = cert
        .tbs_certificate()
        .extensions()
        .map_or(&[][..], Vec::as_slice);
    for extension in extensions.iter().filter(|e| e.critical) {
        let id = extension.extn_id;
        if id == oid::PRECERT_POISON {
            report.error(
                "precertificate",
                Location::certificate(index),
                "this is a Certificate Transparency precertificate (critical poison \
                 extension), not the issued certificate; download the issued certificate",
            );
        } else if id == oid::LOGOTYPE {
            report.error(
                "logotype-critical",
                Location::certificate(index),
                "the logotype extension is marked critical; RFC 9399 and the Mark Certificate \
                 Requirements ask for it non-critical, and receivers that do not read logos \
                 must refuse the certificate: ask the CA to reissue it",
            );
        } else if !KNOWN_EXTENSIONS.contains(&id) {
            report.error(
                "critical-extension-unknown",
                Location::certificate(index),
                format!(
                    "critical extension {id} is not one a mark certificate verifier knows; \
                     receivers must refuse a certificate with an unknown critical extension: \
                     ask the CA why it is there"
                ),
            );
        }
    }
}

/// The leaf must not be a CA; its issuers must be.
fn ca_flags(index: usize, place: usize, cert: &Certificate, report: &mut Report) {
    let tbs = cert.tbs_certificate();
    if place == 0 {
        if is_ca(cert) {
            report.error(
                "leaf-is-ca",
                Location::certificate(index),
                "the chain has no mark certificate (leaf): every certificate is a CA \
                 certificate; the file must hold the mark certificate itself, then its issuers",
            );
        }
        return;
    }
    if !is_ca(cert) {
        report.error(
            "issuer-not-ca",
            Location::certificate(index),
            format!(
                "certificate {index} is not a CA certificate (basicConstraints cA is not set) \
                 and cannot issue certificates; serve the chain the CA delivered, leaf first"
            ),
        );
    } else if let Ok(Some((_, KeyUsage(usage)))) = tbs.get_extension::<KeyUsage>()
        && !usage.contains(x509_cert::ext::pkix::KeyUsages::KeyCertSign)
    {
        report.error(
            "issuer-not-ca",
            Location::certificate(index),
            format!(
                "certificate {index} may not sign certificates (its key usage lacks \
                 keyCertSign), so it cannot have issued the certificate before it"
            ),
        );
    }
}

/// RSA keys of fewer than 2048 bits are refused by the requirements and by receivers.
fn key_size(index: usize, cert: &Certificate, report: &mut Report) {
    let spki = cert.tbs_certificate().subject_public_key_info();
    if spki.algorithm.oid != oid::RSA_ENCRYPTION {
        return;
    }
    let Some(bits) = spki.subject_public_key.as_bytes().and_then(rsa_bits) else {
        return;
    };
    if bits < 2048 {
        report.error(
            "key-too-small",
            Location::certificate(index),
            format!(
                "certificate {index} has an RSA key of {bits} bits; mark certificates and \
                 their CAs need at least 2048, and receivers refuse smaller keys"
            ),
        );
    }
}

/// The size of an RSA modulus, in bits.
fn rsa_bits(key: &[u8]) -> Option<usize> {
    let key = RsaPublicKey::from_der(key).ok()?;
    let modulus = key.modulus.as_bytes();
    let first = modulus.first()?;
    Some(modulus.len() * 8 - first.leading_zeros() as usize)
}

pub(crate) fn is_self_issued(cert: &Certificate) -> bool {
    let tbs = cert.tbs_certificate();
    tbs.issuer() == tbs.subject()
}

/// What came of checking one signature.
pub(crate) enum Outcome {
    Valid,
    Invalid,
    Unchecked(String),
}

fn signature(
    index: usize,
    issuer_index: usize,
    subject: &Parsed,
    issuer: &Certificate,
    report: &mut Report,
) {
    let by = if issuer_index == index {
        "its own key (self-signed)".to_owned()
    } else if issuer_index == usize::MAX {
        format!(
            "the key of the trust anchor `{}`",
            names::to_text(issuer.tbs_certificate().subject())
        )
    } else {
        format!("the key of certificate {issuer_index}")
    };
    if subject.cert.signature_algorithm() != subject.cert.tbs_certificate().signature() {
        report.error(
            "signature-invalid",
            Location::certificate(index),
            "the certificate names two different signature algorithms (inside and outside \
             the signed part); it is damaged or forged: download the chain again",
        );
        return;
    }
    match verify(subject, issuer) {
        Outcome::Valid => {}
        Outcome::Invalid => report.error(
            "signature-invalid",
            Location::certificate(index),
            format!(
                "the signature of certificate {index} does not verify with {by}; the \
                 certificate was altered or its issuer is another certificate with the same \
                 name: download the chain again from the CA"
            ),
        ),
        Outcome::Unchecked(why) => report.warning(
            "signature-unchecked",
            Location::certificate(index),
            format!("the signature of certificate {index} was not checked: {why}"),
        ),
    }
}

fn verify(subject: &Parsed, issuer: &Certificate) -> Outcome {
    let Some(signature) = subject.cert.signature().as_bytes() else {
        return Outcome::Invalid;
    };
    verify_signed(
        &subject.tbs,
        subject.cert.signature_algorithm(),
        signature,
        issuer,
    )
}

/// Whether `signature` over `signed` verifies with `issuer`'s key (certificates and CRLs).
pub(crate) fn verify_signed(
    signed: &[u8],
    signature_algorithm: &AlgorithmIdentifierOwned,
    signature: &[u8],
    issuer: &Certificate,
) -> Outcome {
    let spki = issuer.tbs_certificate().subject_public_key_info();
    let Some(key) = spki.subject_public_key.as_bytes() else {
        return Outcome::Invalid;
    };
    let algorithm = match algorithm(signature_algorithm, &spki.algorithm, key) {
        Ok(algorithm) => algorithm,
        Err(why) => return Outcome::Unchecked(why),
    };
    match UnparsedPublicKey::new(algorithm, key).verify(signed, signature) {
        Ok(()) => Outcome::Valid,
        Err(_) => Outcome::Invalid,
    }
}

/// The ring algorithm for a signature algorithm and an issuer key, or why there is none.
fn algorithm(
    signature: &AlgorithmIdentifierOwned,
    key: &AlgorithmIdentifierOwned,
    key_bytes: &[u8],
) -> Result<&'static dyn VerificationAlgorithm, String> {
    let sig = signature.oid;
    if key.oid == oid::RSA_ENCRYPTION {
        let bits = rsa_bits(key_bytes).ok_or("the issuer's RSA key cannot be read")?;
        if !(2048..=8192).contains(&bits) {
            return Err(format!(
                "the issuer's RSA key has {bits} bits; only 2048 to 8192 are checked"
            ));
        }
        return match sig {
            s if s == oid::SHA256_WITH_RSA => Ok(&signature::RSA_PKCS1_2048_8192_SHA256),
            s if s == oid::SHA384_WITH_RSA => Ok(&signature::RSA_PKCS1_2048_8192_SHA384),
            s if s == oid::SHA512_WITH_RSA => Ok(&signature::RSA_PKCS1_2048_8192_SHA512),
            s if s == oid::SHA1_WITH_RSA => {
                Ok(&signature::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY)
            }
            s if s == oid::RSASSA_PSS => pss(signature),
            other => Err(format!(
                "signature algorithm {other} with an RSA key is not one this verifier knows"
            )),
        };
    }
    if key.oid == oid::EC_PUBLIC_KEY {
        let curve = key
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok());
        return match (curve, sig) {
            (Some(c), s) if c == oid::P256 && s == oid::ECDSA_WITH_SHA256 => {
                Ok(&signature::ECDSA_P256_SHA256_ASN1)
            }
            (Some(c), s) if c == oid::P256 && s == oid::ECDSA_WITH_SHA384 => {
                Ok(&signature::ECDSA_P256_SHA384_ASN1)
            }
            (Some(c), s) if c == oid::P384 && s == oid::ECDSA_WITH_SHA384 => {
                Ok(&signature::ECDSA_P384_SHA384_ASN1)
            }
            (Some(c), s) if c == oid::P384 && s == oid::ECDSA_WITH_SHA256 => {
                Ok(&signature::ECDSA_P384_SHA256_ASN1)
            }
            (curve, sig) => Err(format!(
                "ECDSA on curve {} with signature algorithm {sig} is not checked (P-256 and \
                 P-384 with SHA-256 or SHA-384 are)",
                curve.map_or_else(|| "(unnamed)".to_owned(), |c| c.to_string())
            )),
        };
    }
    if key.oid == oid::ED25519 && sig == oid::ED25519 {
        return Ok(&signature::ED25519);
    }
    Err(format!(
        "signature algorithm {sig} with a key of type {} is not one this verifier knows",
        key.oid
    ))
}

/// RSA-PSS as ring checks it: SHA-256/384/512, MGF1 with the same hash, salt as long as the
/// hash.
fn pss(signature: &AlgorithmIdentifierOwned) -> Result<&'static dyn VerificationAlgorithm, String> {
    let params = signature
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<RsaPssParams>().ok())
        .ok_or("its RSA-PSS parameters cannot be read")?;
    let hash = params
        .hash_algorithm
        .as_ref()
        .map(|h| h.oid)
        .ok_or("RSA-PSS with the default SHA-1 hash is not checked")?;
    let mgf_hash = params
        .mask_gen_algorithm
        .as_ref()
        .filter(|m| m.oid == oid::MGF1)
        .and_then(|m| m.parameters.as_ref())
        .and_then(|p| p.decode_as::<AlgorithmIdentifierOwned>().ok())
        .map(|h| h.oid);
    let (algorithm, length): (&'static dyn VerificationAlgorithm, u32) = match hash {
        h if h == oid::SHA256 => (&signature::RSA_PSS_2048_8192_SHA256, 32),
        h if h == oid::SHA384 => (&signature::RSA_PSS_2048_8192_SHA384, 48),
        h if h == oid::SHA512 => (&signature::RSA_PSS_2048_8192_SHA512, 64),
        other => return Err(format!("RSA-PSS with hash {other} is not checked")),
    };
    let salt_ok = params.salt_length.unwrap_or(20) == length;
    let trailer_ok = params.trailer_field.unwrap_or(1) == 1;
    if mgf_hash != Some(hash) || !salt_ok || !trailer_ok {
        return Err(
            "RSA-PSS parameters other than MGF1 with the same hash and a salt as long as the \
             hash are not checked"
                .to_owned(),
        );
    }
    Ok(algorithm)
}
