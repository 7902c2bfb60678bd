//! Local checks of an issued mark certificate chain, before it is published at `a=`.
//!
//! [`verify_chain`] reads the PEM file a CA delivers (leaf first, then its issuers) and reports,
//! all at once, what would make mail receivers refuse it: a missing BIMI key purpose or mark
//! policy, a logo that is not embedded as the profile asks or whose hash does not match, a
//! chain out of order or with a broken signature, validity at the time given, domains not
//! named by the certificate, and a published SVG that differs from the embedded one.
//!
//! Nothing is fetched: revocation and whether the root is one receivers trust are not checked.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
//!
//! let options = VerifyOptions::new()
//!     .at(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
//!     .domain("example.com");
//! let verification = verify_chain(b"not a certificate", &options);
//! assert!(!verification.is_valid());
//! assert!(verification.report.has("pem-no-certificate"));
//! assert!(verification.certificate.is_none());
//! ```

mod asn1;
mod bundle;
mod chain;
mod logotype;
mod names;
mod pem;
mod profile;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use der::Decode;
use serde::Serialize;
use x509_cert::Certificate;

use crate::findings::{Finding, Location, Report};

pub use bundle::{OrderedChain, leaf_first};

/// Largest PEM input read, in bytes. Real chains are a few kilobytes to a few dozen (the logo
/// is embedded in the leaf); anything larger is refused before it is parsed.
pub const MAX_PEM_BYTES: usize = 1024 * 1024;

/// Most certificates read from one PEM input. A mark certificate chain holds two to four.
pub const MAX_CERTIFICATES: usize = 10;

/// Longest validity of a mark certificate allowed by the Mark Certificate Requirements, in days.
pub const MAX_VALIDITY_DAYS: u64 = 398;

/// What to verify a chain against. Built with [`VerifyOptions::new`] and the methods below.
///
/// ```
/// use std::time::SystemTime;
/// use digicert_mark_certs::certificate::VerifyOptions;
///
/// let options = VerifyOptions::new()
///     .at(SystemTime::now())
///     .logo(std::fs::read("examples/logo.svg")?)
///     .domains(["example.com", "example.org"]);
/// # let _ = options;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct VerifyOptions {
    at: SystemTime,
    logo: Option<Vec<u8>>,
    domains: Vec<String>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            at: SystemTime::now(),
            logo: None,
            domains: Vec::new(),
        }
    }
}

impl VerifyOptions {
    /// Verification now, with no published logo and no domain to cover.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks validity at `at` instead of now (to test a renewal date, or an old chain).
    #[must_use]
    pub fn at(mut self, at: SystemTime) -> Self {
        self.at = at;
        self
    }

    /// The SVG that will be served at `l=`; it must be byte-equal to the embedded one.
    #[must_use]
    pub fn logo(mut self, svg: impl Into<Vec<u8>>) -> Self {
        self.logo = Some(svg.into());
        self
    }

    /// A mail domain the certificate must name (adds to those given before).
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domains.push(domain.into());
        self
    }

    /// Mail domains the certificate must name (adds to those given before).
    #[must_use]
    pub fn domains<I, S>(mut self, domains: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.domains.extend(domains.into_iter().map(Into::into));
        self
    }
}

/// The leaf certificate in a few fields, as the CLI prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CertificateSummary {
    /// Subject distinguished name, RFC 4514 form (`CN=...,O=...,C=US`), with the mark
    /// attributes named (`markType`, `trademarkIdentifier`, ...).
    pub subject: String,
    /// Issuer distinguished name, same form.
    pub issuer: String,
    /// Start of validity, RFC 3339 in UTC (`2024-09-09T00:00:00Z`).
    pub not_before: String,
    /// End of validity, RFC 3339 in UTC.
    pub not_after: String,
    /// The mark type attribute (`Registered Mark`, `Prior Use Mark`, ...); absent in older
    /// certificates.
    pub mark_type: Option<String>,
    /// The DNS names of the subject alternative name extension: the domains covered.
    pub domains: Vec<String>,
}

/// How a logotype hash compares with the embedded logo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum HashVerdict {
    /// The hash is that of the uncompressed SVG, as RFC 9399 asks.
    MatchesSvg,
    /// The hash is that of the gzip bytes: receivers will not match it.
    MatchesGzip,
    /// The hash matches neither.
    Mismatch,
    /// The algorithm is not one the verifier knows.
    UnknownAlgorithm,
    /// The logo could not be decoded, so nothing was compared.
    NotChecked,
}

/// One hash of the leaf's logotype extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LogotypeHash {
    /// `sha1`, `sha256`, `sha384`, `sha512`, or the dotted OID of another algorithm.
    pub algorithm: String,
    /// The hash value, lowercase hex.
    pub value: String,
    /// How it compares with the embedded logo.
    pub verdict: HashVerdict,
}

/// The result of [`verify_chain`]: every finding, and what was read from the leaf.
///
/// It serializes as the CLI's `--json` output:
/// `{"valid": bool, "findings": [...], "certificate": {...} or null}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// All findings, errors and warnings; certificate findings carry the chain position.
    pub report: Report,
    /// The leaf, when it could be read.
    pub certificate: Option<CertificateSummary>,
    embedded_svg: Option<Vec<u8>>,
    logotype_hashes: Vec<LogotypeHash>,
}

impl Verification {
    /// `true` when no finding is an error: receivers should accept the chain, as far as a
    /// local check can tell.
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }

    /// The SVG embedded in the leaf (decompressed), when it could be decoded: the exact bytes
    /// to serve at `l=`.
    pub fn embedded_svg(&self) -> Option<&[u8]> {
        self.embedded_svg.as_deref()
    }

    /// The hashes of the leaf's logotype extension, in order, with how each compares.
    pub fn logotype_hashes(&self) -> &[LogotypeHash] {
        &self.logotype_hashes
    }
}

/// The JSON shape of a [`Verification`]; its schema is the schema of `Verification`.
#[derive(Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "json-schema", schemars(rename = "Verification"))]
struct VerificationJson<'a> {
    /// `true` when no finding is an error.
    valid: bool,
    /// Every finding.
    findings: &'a [Finding],
    /// The leaf, when it could be read.
    certificate: Option<&'a CertificateSummary>,
}

impl<'a> From<&'a Verification> for VerificationJson<'a> {
    fn from(verification: &'a Verification) -> Self {
        Self {
            valid: verification.is_valid(),
            findings: &verification.report.findings,
            certificate: verification.certificate.as_ref(),
        }
    }
}

impl Serialize for Verification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        VerificationJson::from(self).serialize(serializer)
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Verification {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Verification".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        VerificationJson::json_schema(generator)
    }
}

/// A certificate of the chain, decoded, with the exact bytes its signature covers.
pub(crate) struct Parsed {
    pub cert: Certificate,
    pub tbs: Vec<u8>,
}

/// Verifies a mark certificate chain given as PEM (leaf first), without any network access.
///
/// Every problem is reported at once in [`Verification::report`], each with a stable rule id
/// and the position of the certificate concerned (0 for the leaf). Hostile input is refused
/// with a finding: the function never panics and bounds what it reads ([`MAX_PEM_BYTES`],
/// [`MAX_CERTIFICATES`], [`crate::logo::MAX_SVG_BYTES`] for the embedded logo).
pub fn verify_chain(pem: &[u8], options: &VerifyOptions) -> Verification {
    let mut verification = Verification::default();
    let report = &mut verification.report;
    let Some(blocks) = pem::certificates(pem, report) else {
        return verification;
    };
    let chain: Vec<Option<Parsed>> = blocks
        .into_iter()
        .enumerate()
        .map(|(index, block)| block.and_then(|block| parse(index, &block, report)))
        .collect();

    chain::check(&chain, options.at, report);

    if let Some(Some(leaf)) = chain.first() {
        let tbs = leaf.cert.tbs_certificate();
        let domains = profile::check(leaf, options, report);
        let validity = tbs.validity();
        verification.certificate = Some(CertificateSummary {
            subject: names::to_text(tbs.subject()),
            issuer: names::to_text(tbs.issuer()),
            not_before: validity.not_before.to_string(),
            not_after: validity.not_after.to_string(),
            mark_type: profile::mark_type(leaf),
            domains,
        });
        let logo = logotype::check(leaf, options.logo.as_deref(), report);
        verification.embedded_svg = logo.svg;
        verification.logotype_hashes = logo.hashes;
    }
    verification
}

fn parse(index: usize, block: &pem::Block, report: &mut Report) -> Option<Parsed> {
    let failed = |e: der::Error, report: &mut Report| {
        let mut location = Location::line_column(block.line, 1);
        location.certificate = Some(index);
        report.error(
            "certificate-malformed",
            location,
            format!(
                "certificate {index} is not a readable X.509 certificate ({e}); the PEM block \
                 is damaged or holds something else: download the chain again"
            ),
        );
        None
    };
    let cert = match Certificate::from_der(&block.der) {
        Ok(cert) => cert,
        Err(e) => return failed(e, report),
    };
    let tbs = match asn1::SignedCertificate::from_der(&block.der)
        .and_then(|signed| der::Encode::to_der(&signed.tbs_certificate))
    {
        Ok(tbs) => tbs,
        Err(e) => return failed(e, report),
    };
    Some(Parsed { cert, tbs })
}

/// `at` in RFC 3339 (UTC), or seconds since 1970 outside the years DER can hold.
pub(crate) fn rfc3339(at: SystemTime) -> String {
    match der::DateTime::from_system_time(at) {
        Ok(time) => time.to_string(),
        Err(_) => format!(
            "{} seconds after 1970",
            at.duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_secs()
        ),
    }
}
