//! Revocation: every certificate below the root names where its CRL is published, and a CRL
//! given by the caller (never fetched here) must be signed by the issuer, be current, and not
//! list the certificate.

use der::Decode;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::chain::{self, Outcome, Path};
use super::{MAX_CRL_BYTES, MAX_CRLS, Parsed, Verification, VerifyOptions, asn1, pem, profile};
use super::{names, rfc3339};
use crate::findings::{Location, Report};

/// One CRL as given: its position among the CRLs, its decoded form and its signed bytes.
struct Crl {
    number: usize,
    list: CertificateList,
    tbs: Vec<u8>,
}

fn crl_location() -> Location {
    Location::none()
}

/// The CRLs given, decoded; what cannot be read is reported.
fn read(options: &VerifyOptions, report: &mut Report) -> Vec<Crl> {
    let mut ders: Vec<Vec<u8>> = Vec::new();
    if options.crls.len() > MAX_CRLS {
        report.error(
            "crl-too-many",
            crl_location(),
            format!(
                "{} CRLs given; at most {MAX_CRLS} are read: give the CRL of each CA of the \
                 chain",
                options.crls.len()
            ),
        );
        return Vec::new();
    }
    for (number, given) in options.crls.iter().enumerate() {
        if given.len() > MAX_CRL_BYTES {
            report.error(
                "crl-too-large",
                crl_location(),
                format!(
                    "CRL {number} is {} bytes, more than the {MAX_CRL_BYTES} read",
                    given.len()
                ),
            );
            continue;
        }
        let text_start = given.iter().position(|b| !b.is_ascii_whitespace());
        if text_start.is_some_and(|i| given[i] == b'-') {
            match pem::labelled_blocks(given, &["X509 CRL"], MAX_CRLS) {
                Ok(blocks) if !blocks.is_empty() => ders.extend(blocks),
                Ok(_) => report.error(
                    "crl-malformed",
                    crl_location(),
                    format!(
                        "CRL {number} is PEM text without an `X509 CRL` block; give the CRL \
                         as DER or as PEM"
                    ),
                ),
                Err(_) => report.error(
                    "crl-malformed",
                    crl_location(),
                    format!("CRL {number} is damaged PEM text; download it again"),
                ),
            }
        } else {
            ders.push(given.clone());
        }
    }
    let mut crls = Vec::new();
    for (number, der) in ders.into_iter().take(MAX_CRLS).enumerate() {
        let tbs = asn1::tlv(&der)
            .filter(|(outer, rest)| outer.tag == 0x30 && rest.is_empty())
            .and_then(|(outer, _)| asn1::tlv(outer.content))
            .map(|(tbs, _)| tbs.whole.to_vec());
        match (CertificateList::from_der(&der), tbs) {
            (Ok(list), Some(tbs)) => crls.push(Crl { number, list, tbs }),
            (Err(e), _) => report.error(
                "crl-malformed",
                crl_location(),
                format!("CRL {number} is not a readable X.509 CRL ({e}); download it again"),
            ),
            (Ok(_), None) => report.error(
                "crl-malformed",
                crl_location(),
                format!("CRL {number} is not a readable X.509 CRL; download it again"),
            ),
        }
    }
    crls
}

/// A certificate of the path that revocation applies to: below the root, not an anchor.
struct Subject<'a> {
    index: usize,
    cert: &'a Certificate,
    issuer: Option<&'a Certificate>,
}

pub(crate) fn check(
    chain: &[Option<Parsed>],
    path: &Path<'_>,
    options: &VerifyOptions,
    report: &mut Report,
    verification: &mut Verification,
) {
    let mut subjects: Vec<Subject<'_>> = Vec::new();
    for (place, &index) in path.order.iter().enumerate() {
        let Some(parsed) = &chain[index] else {
            continue;
        };
        if chain::is_self_issued(&parsed.cert)
            || (place > 0 && options.trust_anchors.same_as(&parsed.cert).is_some())
        {
            break;
        }
        let issuer = match path.order.get(place + 1) {
            Some(&next) => chain[next].as_ref().map(|p| &p.cert),
            None => path.completed_by.map(|a| &a.parsed.cert),
        };
        subjects.push(Subject {
            index,
            cert: &parsed.cert,
            issuer,
        });
        if profile::crl_urls(parsed).is_empty() {
            let what = if place == 0 {
                "the mark certificate".to_owned()
            } else {
                format!("CA certificate {index}")
            };
            report.error(
                "crl-distribution-point-missing",
                Location::certificate(index),
                format!(
                    "{what} names no CRL distribution point (an http URL of its issuer's CRL); \
                     receivers cannot learn whether it was revoked and refuse it: ask the CA \
                     to reissue it"
                ),
            );
        }
    }

    let crls = read(options, report);
    let mut covered = vec![false; subjects.len()];
    let at = options
        .at
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    for crl in &crls {
        let tbs = &crl.list.tbs_cert_list;
        let number = crl.number;
        let issuer_name = names::to_text(&tbs.issuer);
        let matching: Vec<usize> = (0..subjects.len())
            .filter(|&i| subjects[i].cert.tbs_certificate().issuer() == &tbs.issuer)
            .collect();
        let Some(signer) = matching.iter().find_map(|&i| subjects[i].issuer) else {
            report.warning(
                "crl-unrelated",
                crl_location(),
                format!(
                    "CRL {number} is issued by `{issuer_name}`, which issued no certificate of \
                     the chain (or is not in it); it was not used"
                ),
            );
            continue;
        };
        let signature = crl.list.signature.as_bytes().unwrap_or_default();
        match chain::verify_signed(&crl.tbs, &crl.list.signature_algorithm, signature, signer) {
            Outcome::Valid => {}
            Outcome::Invalid => {
                report.error(
                    "crl-signature-invalid",
                    crl_location(),
                    format!(
                        "the signature of CRL {number} (issuer `{issuer_name}`) does not verify \
                         with the issuer's key: it is forged, damaged, or from another CA of \
                         the same name; download it again from the distribution point"
                    ),
                );
                continue;
            }
            Outcome::Unchecked(why) => {
                report.warning(
                    "crl-signature-unchecked",
                    crl_location(),
                    format!("the signature of CRL {number} was not checked: {why}"),
                );
                continue;
            }
        }
        let this_update = tbs.this_update.to_unix_duration();
        let next_update = tbs.next_update.map(|t| t.to_unix_duration());
        let stale = match next_update {
            Some(next) => at > next,
            None => false,
        };
        if at < this_update || stale {
            report.error(
                "crl-not-current",
                crl_location(),
                format!(
                    "CRL {number} (issuer `{issuer_name}`) is valid from {} to {}, not at the \
                     verification time {}; a CRL that is not current proves nothing: fetch the \
                     current one from the distribution point",
                    tbs.this_update,
                    tbs.next_update
                        .map_or_else(|| "(no next update)".to_owned(), |t| t.to_string()),
                    rfc3339(options.at)
                ),
            );
            continue;
        }
        for &i in &matching {
            covered[i] = true;
            let serial = subjects[i].cert.tbs_certificate().serial_number();
            let revoked = tbs
                .revoked_certificates
                .iter()
                .flatten()
                .find(|r| r.serial_number.as_bytes() == serial.as_bytes());
            if let Some(revoked) = revoked {
                let index = subjects[i].index;
                report.error(
                    "revoked",
                    Location::certificate(index),
                    format!(
                        "certificate {index} was revoked at {} (CRL {number} of `{issuer_name}` \
                         lists its serial); receivers refuse it: order a new certificate",
                        revoked.revocation_date
                    ),
                );
            }
        }
    }
    for (subject, covered) in subjects.iter().zip(covered) {
        let index = subject.index;
        if covered {
            verification.record(
                "revocation",
                true,
                format!("certificate {index}: not listed in its issuer's current CRL"),
            );
        } else {
            let urls = chain[index]
                .as_ref()
                .map(profile::crl_urls)
                .unwrap_or_default();
            verification.record(
                "revocation",
                false,
                format!(
                    "certificate {index}: no current CRL of `{}` given (--crl){}",
                    names::to_text(subject.cert.tbs_certificate().issuer()),
                    match urls.first() {
                        Some(url) => format!("; it is published at {url}"),
                        None => String::new(),
                    }
                ),
            );
        }
    }
}
