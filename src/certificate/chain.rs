//! The chain as a whole: order, signatures, CA flags, validity and critical extensions.

use std::time::{SystemTime, UNIX_EPOCH};

use der::Decode;
use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::spki::AlgorithmIdentifierOwned;

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
    // The Mark Certificate Requirements define it, and some CMCs mark it critical.
    oid::MARK_EXTENSION_4_1,
];

pub(crate) fn check(chain: &[Option<Parsed>], at: SystemTime, report: &mut Report) {
    for (index, parsed) in chain.iter().enumerate() {
        let Some(parsed) = parsed else { continue };
        validity(index, &parsed.cert, at, report);
        critical_extensions(index, &parsed.cert, report);
        ca_flags(index, &parsed.cert, report);
        key_size(index, &parsed.cert, report);
    }
    links(chain, report);
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
fn ca_flags(index: usize, cert: &Certificate, report: &mut Report) {
    let tbs = cert.tbs_certificate();
    let is_ca = matches!(tbs.get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca);
    if index == 0 {
        if is_ca {
            report.error(
                "leaf-is-ca",
                Location::certificate(0),
                "the first certificate is a CA certificate; the file must begin with the \
                 mark certificate itself (the leaf), then its issuers",
            );
        }
        return;
    }
    if !is_ca {
        report.error(
            "issuer-not-ca",
            Location::certificate(index),
            format!(
                "certificate {index} is not a CA certificate (basicConstraints cA is not set) \
                 and cannot issue certificate {}; serve the chain the CA delivered, leaf first",
                index - 1
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
                 keyCertSign), so it cannot have issued certificate {}",
                index - 1
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

/// Each certificate must be issued by the next; a lone certificate needs its issuer.
fn links(chain: &[Option<Parsed>], report: &mut Report) {
    for (index, pair) in chain.windows(2).enumerate() {
        let [Some(subject), Some(issuer)] = pair else {
            continue;
        };
        let subject_tbs = subject.cert.tbs_certificate();
        let issuer_tbs = issuer.cert.tbs_certificate();
        if subject_tbs.issuer() != issuer_tbs.subject() {
            let reversed =
                matches!(chain.first(), Some(Some(first)) if is_self_issued(&first.cert));
            let hint = if reversed {
                "the chain looks reversed or mixed: put the leaf first, then each issuer"
            } else {
                "put each certificate right before the one that issued it, leaf first, and \
                 leave out certificates of other chains"
            };
            report.error(
                "chain-order",
                Location::certificate(index),
                format!(
                    "certificate {index} is issued by `{}`, but certificate {} is `{}`; {hint}",
                    names::to_text(subject_tbs.issuer()),
                    index + 1,
                    names::to_text(issuer_tbs.subject()),
                ),
            );
            continue;
        }
        signature(index, index + 1, subject, &issuer.cert, report);
    }

    let Some(Some(last)) = chain.last() else {
        return;
    };
    let last_index = chain.len() - 1;
    if is_self_issued(&last.cert) {
        signature(last_index, last_index, last, &last.cert, report);
        if last_index == 0 {
            report.error(
                "self-signed",
                Location::certificate(0),
                "the certificate is self-signed: no receiver trusts it. A mark certificate is \
                 issued by a Mark Verifying Authority (such as DigiCert or GlobalSign)",
            );
        }
    } else if last_index == 0 {
        report.error(
            "chain-incomplete",
            Location::certificate(0),
            format!(
                "only the leaf is present; receivers need its issuer `{}` too: publish the \
                 whole chain the CA delivers (CertCentral's `pem_all`), leaf first",
                names::to_text(last.cert.tbs_certificate().issuer())
            ),
        );
    }
}

fn is_self_issued(cert: &Certificate) -> bool {
    let tbs = cert.tbs_certificate();
    tbs.issuer() == tbs.subject()
}

/// What came of checking one signature.
enum Outcome {
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
    let spki = issuer.tbs_certificate().subject_public_key_info();
    let Some(key) = spki.subject_public_key.as_bytes() else {
        return Outcome::Invalid;
    };
    let Some(signature) = subject.cert.signature().as_bytes() else {
        return Outcome::Invalid;
    };
    let algorithm = match algorithm(subject.cert.signature_algorithm(), &spki.algorithm, key) {
        Ok(algorithm) => algorithm,
        Err(why) => return Outcome::Unchecked(why),
    };
    match UnparsedPublicKey::new(algorithm, key).verify(&subject.tbs, signature) {
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
