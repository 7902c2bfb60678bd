//! The logo embedded in the leaf: RFC 9399 logotype extension, data URI, gzip, hashes, the
//! SVG Tiny PS checker, and comparison with the SVG the user will publish.

use base64::Engine;
use der::Decode;
use ring::digest;

use super::asn1::{HashAlgAndValue, LogotypeExtn, LogotypeImage, LogotypeInfo, oid};
use super::{HashVerdict, LogotypeHash, Parsed};
use crate::codec::{BASE64, GZIP_MAGIC, SVG_DATA_URI_PREFIX, SVG_MEDIA_TYPE};
use crate::findings::{Location, Report};

/// What was read from the logotype extension.
#[derive(Default)]
pub(crate) struct Logo {
    pub svg: Option<Vec<u8>>,
    pub hashes: Vec<LogotypeHash>,
}

const REISSUE: &str = "ask the CA to reissue the certificate";

fn leaf() -> Location {
    Location::certificate(0)
}

pub(crate) fn check(leaf_cert: &Parsed, published: Option<&[u8]>, report: &mut Report) -> Logo {
    let mut logo = Logo::default();
    if let Some(image) = svg_image(leaf_cert, report) {
        let details = &image.image_details;
        let payload = data_payload(&details.logotype_uri, report);
        let gzip = payload.as_deref().and_then(|p| gzip_bytes(p, report));
        let svg = match (&payload, &gzip) {
            (Some(_), Some(gzip)) if !gzip.starts_with(&GZIP_MAGIC) => {
                report.error(
                    "logotype-data-invalid",
                    leaf(),
                    format!(
                        "the embedded logo is not gzip-compressed; RFC 9399 and the Mark \
                         Certificate Requirements carry the SVG gzip-compressed in the data: \
                         URI, and receivers fail to read anything else: {REISSUE}"
                    ),
                );
                None
            }
            (Some(payload), Some(_)) => match crate::logo::decode(payload) {
                Ok(svg) => Some(svg),
                Err(e) => {
                    report.error(
                        "logotype-data-invalid",
                        leaf(),
                        format!("the embedded logo cannot be decoded: {e}; {REISSUE}"),
                    );
                    None
                }
            },
            _ => None,
        };
        logo.hashes = hashes(
            &details.logotype_hash,
            svg.as_deref(),
            gzip.as_deref(),
            report,
        );
        if let Some(svg) = &svg {
            for mut finding in crate::logo::check(svg).findings {
                finding.rule = format!("logo-{}", finding.rule).into();
                finding.location.certificate = Some(0);
                report.push(finding);
            }
        }
        logo.svg = svg;
    }
    if let Some(published) = published {
        match &logo.svg {
            Some(embedded) => compare(published, embedded, report),
            None => report.warning(
                "published-logo-not-compared",
                Location::none(),
                "the SVG to publish was not compared: the certificate's own logo could not \
                 be read (see the errors above)",
            ),
        }
    }
    logo
}

/// The subject logo's SVG image, or the finding that says why there is none.
fn svg_image(leaf_cert: &Parsed, report: &mut Report) -> Option<LogotypeImage> {
    let extensions = leaf_cert
        .cert
        .tbs_certificate()
        .extensions()
        .map_or(&[][..], Vec::as_slice);
    let Some(extension) = extensions.iter().find(|e| e.extn_id == oid::LOGOTYPE) else {
        report.error(
            "logotype-missing",
            leaf(),
            format!(
                "the certificate has no logotype extension (1.3.6.1.5.5.7.1.12), so it \
                 carries no logo; {REISSUE}"
            ),
        );
        return None;
    };
    let extn = match LogotypeExtn::from_der(extension.extn_value.as_bytes()) {
        Ok(extn) => extn,
        Err(e) => {
            report.error(
                "logotype-malformed",
                leaf(),
                format!("the logotype extension cannot be read ({e}); {REISSUE}"),
            );
            return None;
        }
    };
    let data = match extn.subject_logo {
        None => {
            report.error(
                "logotype-no-subject-logo",
                leaf(),
                format!(
                    "the logotype extension has no subject logo (only issuer or community \
                     logos); BIMI shows the subject logo: {REISSUE}"
                ),
            );
            return None;
        }
        Some(LogotypeInfo::Indirect(_)) => {
            report.error(
                "logotype-indirect",
                leaf(),
                format!(
                    "the subject logo is given by reference, not embedded; BIMI requires the \
                     SVG embedded as a data: URI: {REISSUE}"
                ),
            );
            return None;
        }
        Some(LogotypeInfo::Direct(data)) => data,
    };
    let images = data.image.unwrap_or_default();
    let is_svg = |image: &&LogotypeImage| {
        let media_type = image.image_details.media_type.to_string();
        media_type
            .split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case(SVG_MEDIA_TYPE))
    };
    if let Some(image) = images.iter().find(is_svg) {
        return Some(image.clone());
    }
    let found = if images.is_empty() {
        "no image".to_owned()
    } else {
        images
            .iter()
            .map(|i| i.image_details.media_type.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    report.error(
        "logotype-no-svg",
        leaf(),
        format!("the subject logo holds {found}, not an {SVG_MEDIA_TYPE} image; {REISSUE}"),
    );
    None
}

/// The base64 text of the first `data:image/svg+xml;base64,` URI.
fn data_payload(uris: &[der::asn1::Ia5String], report: &mut Report) -> Option<String> {
    let uris: Vec<String> = uris.iter().map(ToString::to_string).collect();
    for uri in &uris {
        if let Some(prefix) = uri.get(..SVG_DATA_URI_PREFIX.len())
            && prefix.eq_ignore_ascii_case(SVG_DATA_URI_PREFIX)
        {
            return uri.get(SVG_DATA_URI_PREFIX.len()..).map(str::to_owned);
        }
    }
    let shown = |uri: &String| -> String {
        let head: String = uri.chars().take(60).collect();
        if head.len() < uri.len() {
            format!("{head}...")
        } else {
            head
        }
    };
    let found = if uris.is_empty() {
        "no URI".to_owned()
    } else {
        uris.iter().map(shown).collect::<Vec<_>>().join(", ")
    };
    report.error(
        "logotype-not-data-uri",
        leaf(),
        format!(
            "the SVG is not embedded as a `{SVG_DATA_URI_PREFIX}` URI of the gzip-compressed \
             SVG (found {found}); receivers read only the embedded logo: {REISSUE}"
        ),
    );
    None
}

/// The gzip bytes the data URI carries.
fn gzip_bytes(payload: &str, report: &mut Report) -> Option<Vec<u8>> {
    let cleaned: String = payload
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    match BASE64.decode(cleaned.as_bytes()) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            report.error(
                "logotype-data-invalid",
                leaf(),
                format!("the embedded logo is not valid base64 ({e}); {REISSUE}"),
            );
            None
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares each hash with the SVG, and with the gzip bytes when the SVG does not match.
fn hashes(
    listed: &[HashAlgAndValue],
    svg: Option<&[u8]>,
    gzip: Option<&[u8]>,
    report: &mut Report,
) -> Vec<LogotypeHash> {
    let mut out = Vec::with_capacity(listed.len());
    for hash in listed {
        let id = hash.hash_alg.oid;
        let value = hash.hash_value.as_bytes();
        let known: Option<(&'static digest::Algorithm, &str)> = match id {
            i if i == oid::SHA1 => Some((&digest::SHA1_FOR_LEGACY_USE_ONLY, "sha1")),
            i if i == oid::SHA256 => Some((&digest::SHA256, "sha256")),
            i if i == oid::SHA384 => Some((&digest::SHA384, "sha384")),
            i if i == oid::SHA512 => Some((&digest::SHA512, "sha512")),
            _ => None,
        };
        let Some((algorithm, name)) = known else {
            report.warning(
                "logotype-hash-unknown-algorithm",
                leaf(),
                format!(
                    "the logotype hash with algorithm {id} was not checked: receivers use \
                     SHA-1, SHA-256 or SHA-384"
                ),
            );
            out.push(LogotypeHash {
                algorithm: id.to_string(),
                value: hex(value),
                verdict: HashVerdict::UnknownAlgorithm,
            });
            continue;
        };
        let matches = |bytes: &[u8]| digest::digest(algorithm, bytes).as_ref() == value;
        let verdict = match (svg, gzip) {
            (Some(svg), _) if matches(svg) => HashVerdict::MatchesSvg,
            (Some(_), Some(gzip)) if matches(gzip) => HashVerdict::MatchesGzip,
            (Some(_), _) => HashVerdict::Mismatch,
            (None, _) => HashVerdict::NotChecked,
        };
        out.push(LogotypeHash {
            algorithm: name.to_owned(),
            value: hex(value),
            verdict,
        });
    }
    // Receivers check one hash of their choice: with another that matches, only some refuse.
    let matching: Vec<&str> = out
        .iter()
        .filter(|h| h.verdict == HashVerdict::MatchesSvg)
        .map(|h| h.algorithm.as_str())
        .collect();
    let who = if matching.is_empty() {
        "receivers will refuse the logo".to_owned()
    } else {
        format!(
            "the {} hash matches, but receivers that check this one will refuse the logo",
            matching.join(" and ")
        )
    };
    for hash in &out {
        let name = &hash.algorithm;
        match hash.verdict {
            HashVerdict::MatchesGzip => report.error(
                "logotype-hash-over-gzip",
                leaf(),
                format!(
                    "the {name} logotype hash is that of the gzip-compressed bytes, not of the \
                     SVG; RFC 9399 hashes the uncompressed SVG and receivers compare with it: \
                     {who}; {REISSUE}"
                ),
            ),
            HashVerdict::Mismatch => report.error(
                "logotype-hash-mismatch",
                leaf(),
                format!(
                    "the {name} logotype hash ({}) matches neither the embedded SVG nor its \
                     gzip bytes: {who}; {REISSUE}",
                    hash.value
                ),
            ),
            _ => {}
        }
    }
    if !out
        .iter()
        .any(|h| h.verdict != HashVerdict::UnknownAlgorithm)
    {
        report.error(
            "logotype-hash-missing",
            leaf(),
            format!(
                "the logo has no hash in an algorithm receivers use (SHA-1, SHA-256, \
                 SHA-384), so they cannot check it; {REISSUE}"
            ),
        );
    }
    out
}

/// The published SVG must be the embedded one, byte for byte.
fn compare(published: &[u8], embedded: &[u8], report: &mut Report) {
    if published == embedded {
        return;
    }
    let offset = published
        .iter()
        .zip(embedded)
        .position(|(a, b)| a != b)
        .unwrap_or(published.len().min(embedded.len()));
    let before = published.get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    let squeeze = |bytes: &[u8]| -> Vec<u8> {
        bytes
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect()
    };
    let detail = if published.starts_with(&GZIP_MAGIC) {
        "the file to publish is gzip-compressed; publish the plain SVG".to_owned()
    } else if squeeze(published) == squeeze(embedded) {
        "they differ only in white space (line ends, indentation or a final newline)".to_owned()
    } else {
        format!("the first difference is at byte {offset} (line {line}, column {column})")
    };
    // The line and column are those of the SVG to publish.
    let location = Location::line_column(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    );
    report.error(
        "published-logo-mismatch",
        location,
        format!(
            "the SVG to publish ({} bytes) differs from the one embedded in the certificate \
             ({} bytes): {detail}. Receivers compare the SVG at l= with the embedded one and \
             refuse a mismatch: publish the embedded SVG exactly, or reissue the \
             certificate with the new logo",
            published.len(),
            embedded.len()
        ),
    );
}
