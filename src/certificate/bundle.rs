//! Putting a downloaded chain in the order receivers read it: the mark certificate first, then
//! each issuer after the certificate it signed.
//!
//! CertCentral's `pem_all` file is already in that order, but nothing in its documentation
//! promises it, and line ends vary (CRLF has been seen). The chain is rebuilt from the names
//! in the certificates, not from the order of the blocks, and written back as plain PEM.

use base64::Engine;
use der::{Decode, Encode};
use x509_cert::Certificate;

use crate::codec::BASE64;
use crate::findings::{Location, Report};

use super::pem;

/// A certificate chain in publishing order, as PEM text with LF line ends.
///
/// ```
/// use digicert_mark_certs::certificate::leaf_first;
///
/// let refused = leaf_first(b"no certificate here").unwrap_err();
/// assert!(refused.has("pem-no-certificate"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrderedChain {
    /// The chain, leaf first, each certificate as a PEM block of 64-character lines.
    pub pem: String,
    /// How many certificates it holds.
    pub certificates: usize,
    /// Whether the blocks were given in another order.
    pub reordered: bool,
}

/// Orders the certificates of a PEM chain leaf first, each followed by its issuer.
///
/// Refused, with findings: input that is not a readable PEM chain ([`super::MAX_PEM_BYTES`]
/// and [`super::MAX_CERTIFICATES`] bound it), and certificates that do not form one line of
/// issuers (two leaves, a certificate that no other names as issuer or subject, a loop).
///
/// ```
/// use digicert_mark_certs::certificate::leaf_first;
///
/// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
/// let ordered = leaf_first(&chain)?;
/// assert_eq!(ordered.certificates, 3);
/// assert!(!ordered.reordered);
/// assert!(ordered.pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn leaf_first(input: &[u8]) -> Result<OrderedChain, Report> {
    let mut report = Report::default();
    let Some(blocks) = pem::certificates(input, &mut report) else {
        return Err(report);
    };
    if !report.is_valid() {
        return Err(report);
    }
    let mut certificates = Vec::new();
    for (index, block) in blocks.into_iter().enumerate() {
        let Some(block) = block else { continue };
        match names(&block.der) {
            Ok((subject, issuer)) => certificates.push(Named {
                der: block.der,
                subject,
                issuer,
            }),
            Err(e) => report.error(
                "certificate-malformed",
                at(index),
                format!("certificate {index} is not a readable X.509 certificate ({e})"),
            ),
        }
    }
    if !report.is_valid() {
        return Err(report);
    }
    let order = match chain_order(&certificates) {
        Ok(order) => order,
        Err((rule, index, message)) => {
            report.error(rule, at(index), message);
            return Err(report);
        }
    };
    let reordered = order
        .iter()
        .enumerate()
        .any(|(place, &index)| place != index);
    let mut text = String::new();
    for &index in &order {
        armour(&certificates[index].der, &mut text);
    }
    Ok(OrderedChain {
        pem: text,
        certificates: order.len(),
        reordered,
    })
}

struct Named {
    der: Vec<u8>,
    subject: Vec<u8>,
    issuer: Vec<u8>,
}

fn names(der: &[u8]) -> Result<(Vec<u8>, Vec<u8>), der::Error> {
    let cert = Certificate::from_der(der)?;
    let tbs = cert.tbs_certificate();
    Ok((tbs.subject().to_der()?, tbs.issuer().to_der()?))
}

fn at(index: usize) -> Location {
    Location::certificate(index)
}

/// The positions of the certificates, leaf first, or why they are not one chain.
fn chain_order(certs: &[Named]) -> Result<Vec<usize>, (&'static str, usize, String)> {
    let issued_by = |i: usize| -> Option<usize> {
        // A self-signed root names itself: it has no issuer in the file.
        if certs[i].subject == certs[i].issuer {
            return None;
        }
        certs
            .iter()
            .position(|other| other.subject == certs[i].issuer)
    };
    let issuers: Vec<Option<usize>> = (0..certs.len()).map(issued_by).collect();
    let leaves: Vec<usize> = (0..certs.len())
        .filter(|&i| !issuers.contains(&Some(i)))
        .collect();
    let leaf = match leaves.as_slice() {
        [leaf] => *leaf,
        [] => {
            return Err((
                "chain-loop",
                0,
                "every certificate issues another one: the file holds no leaf".to_owned(),
            ));
        }
        [first, second, ..] => {
            return Err((
                "chain-several-leaves",
                *second,
                format!(
                    "certificates {first} and {second} both issue nothing else in the file: it \
                     holds more than one chain, or an unrelated certificate"
                ),
            ));
        }
    };
    let mut order = vec![leaf];
    let mut current = leaf;
    while let Some(next) = issuers[current] {
        if order.contains(&next) {
            return Err((
                "chain-loop",
                next,
                format!("certificate {next} comes back in its own chain of issuers"),
            ));
        }
        order.push(next);
        current = next;
    }
    if let Some(stray) = (0..certs.len()).find(|i| !order.contains(i)) {
        return Err((
            "chain-stray-certificate",
            stray,
            format!(
                "certificate {stray} is not in the line of issuers of the leaf (certificate \
                 {leaf}): the file holds an unrelated certificate"
            ),
        ));
    }
    Ok(order)
}

fn armour(der: &[u8], out: &mut String) {
    let encoded = BASE64.encode(der);
    out.push_str("-----BEGIN CERTIFICATE-----\n");
    for line in encoded.as_bytes().chunks(64) {
        // Base64 output is ASCII.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(subject: &str, issuer: &str) -> Named {
        Named {
            der: Vec::new(),
            subject: subject.as_bytes().to_vec(),
            issuer: issuer.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_order_follows_the_issuers_whatever_the_order_of_the_blocks() {
        let root = named("root", "root");
        let mid = named("mid", "root");
        let leaf = named("leaf", "mid");
        assert_eq!(
            chain_order(&[root, leaf, mid]).map_err(|e| e.0),
            Ok(vec![1, 2, 0])
        );
        let alone = named("leaf", "somewhere");
        assert_eq!(chain_order(&[alone]).map_err(|e| e.0), Ok(vec![0]));
    }

    #[test]
    fn a_file_that_is_not_one_chain_is_refused() {
        let two_leaves = [named("a", "mid"), named("b", "mid"), named("mid", "mid")];
        assert_eq!(
            chain_order(&two_leaves).unwrap_err().0,
            "chain-several-leaves"
        );
        let looped = [named("a", "b"), named("b", "a")];
        assert_eq!(chain_order(&looped).unwrap_err().0, "chain-loop");
    }
}
