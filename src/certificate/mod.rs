//! Local checks of an issued mark certificate chain, before it is published at `a=`.
//!
//! [`verify_chain`] reads the PEM file a CA delivers (leaf first, then its issuers) and reports,
//! all at once, what would make mail receivers refuse it, as the VMC validation draft
//! (draft-fetch-validation-vmc-wchuang) and the Mark Certificate Requirements have them check:
//!
//! - the chain: the leaf found by its BIMI key purpose, each issuer after the certificate it
//!   signed, no duplicate or stray, every signature, and an end in a trust anchor
//!   ([`TrustAnchors::bundled`], the Mark Verifying Authorities' roots, or a set of your own);
//! - Certificate Transparency: an SCT list with an SCT dated at or before the verification
//!   time, each SCT's signature checked over the precertificate when its log is in the
//!   [`CtLogs`] given;
//! - revocation: a CRL distribution point on every certificate below the root, and the CRLs
//!   given ([`VerifyOptions::crl`]) signed by the issuer, current, and not listing the serial;
//! - key purposes and algorithms: the BIMI key purpose alone on the leaf and allowed by each CA
//!   below the root, no SHA-1 signature, no RSA key under 2048 bits;
//! - the profile: mark certificate policy, mark type and the subject fields it needs, the rules
//!   that apply from a date of issuance, no name constraints, validity, critical extensions;
//! - the logo: embedded as the profile asks, every hash matching, the SVG to publish equal;
//! - names: each mail domain named by a SAN as itself or its organizational domain (public
//!   suffix list), plain or as `<selector>._bimi.<domain>`, wildcards covering nothing.
//!
//! Nothing is fetched. What could not be checked (no CRL given, an SCT from a log whose key is
//! unknown) is listed in [`Verification::checks`], not passed over in silence.
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

mod anchors;
mod asn1;
mod bundle;
mod chain;
mod crl;
mod ct;
mod domains;
mod logotype;
mod names;
mod pem;
mod profile;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use der::Decode;
use serde::Serialize;
use x509_cert::Certificate;

use crate::findings::{Finding, Location, Report};

pub use anchors::{MAX_TRUST_ANCHOR_BYTES, MAX_TRUST_ANCHORS, TrustAnchors, TrustAnchorsError};
pub use bundle::{OrderedChain, leaf_first};
pub use ct::{CtLogs, CtLogsError, MAX_LOG_LIST_BYTES};

/// Largest PEM input read, in bytes. Real chains are a few kilobytes to a few dozen (the logo
/// is embedded in the leaf); anything larger is refused before it is parsed.
pub const MAX_PEM_BYTES: usize = 1024 * 1024;

/// Most certificates read from one PEM input. A mark certificate chain holds two to four.
pub const MAX_CERTIFICATES: usize = 10;

/// Longest validity of a mark certificate allowed by the Mark Certificate Requirements, in days.
pub const MAX_VALIDITY_DAYS: u64 = 398;

/// A certificate that expires within this many days of the verification time gets a warning.
pub const EXPIRY_WARNING_DAYS: u64 = 30;

/// Most CRLs given to one verification, and the largest size of each, in bytes.
pub const MAX_CRLS: usize = 16;

/// Largest CRL read, in bytes. Mark certificate CRLs are small (few certificates are revoked).
pub const MAX_CRL_BYTES: usize = 4 * 1024 * 1024;

/// What to verify a chain against. Built with [`VerifyOptions::new`] and the methods below.
///
/// ```
/// use std::time::SystemTime;
/// use digicert_mark_certs::certificate::VerifyOptions;
///
/// let options = VerifyOptions::new()
///     .at(SystemTime::now())
///     .logo(std::fs::read("examples/logo.svg")?)
///     .domains(["example.com", "example.org"])
///     .selector("default");
/// # let _ = options;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct VerifyOptions {
    at: SystemTime,
    logo: Option<Vec<u8>>,
    domains: Vec<String>,
    trust_anchors: TrustAnchors,
    crls: Vec<Vec<u8>>,
    ct_logs: Option<CtLogs>,
    selector: String,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            at: SystemTime::now(),
            logo: None,
            domains: Vec::new(),
            trust_anchors: TrustAnchors::bundled(),
            crls: Vec::new(),
            ct_logs: None,
            selector: "default".to_owned(),
        }
    }
}

impl VerifyOptions {
    /// Verification now, against the bundled Mark Verifying Authority roots, with no
    /// published logo, no domain to cover, no CRL and no CT log list, selector `default`.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let verification = verify_chain(b"not a certificate", &VerifyOptions::new());
    /// assert!(verification.report.has("pem-no-certificate"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The roots the chain must end in, in place of the bundled ones
    /// ([`TrustAnchors::bundled`]): for a private PKI, or tests.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{TrustAnchors, VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let roots = TrustAnchors::from_pem(&std::fs::read("tests/fixtures/marks/test-roots.pem")?)?;
    /// let options = VerifyOptions::new()
    ///     .at(UNIX_EPOCH + Duration::from_secs(1_735_689_600))
    ///     .trust_anchors(roots);
    /// // PayPal's chain ends in a Mark Verifying Authority's root, not in these test roots.
    /// assert!(!verify_chain(&chain, &options).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn trust_anchors(mut self, anchors: TrustAnchors) -> Self {
        self.trust_anchors = anchors;
        self
    }

    /// A CRL (DER or PEM) to check revocation against; repeat for the CRL of each CA. A CRL
    /// must be signed by the issuer of the certificate it covers and be current at the
    /// verification time. Nothing is fetched: without a CRL, revocation is reported as not
    /// checked.
    ///
    /// ```no_run
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("chain.pem")?;
    /// // The CRL of the CA that issued the leaf, fetched beforehand.
    /// let options = VerifyOptions::new().crl(std::fs::read("issuer.crl")?);
    /// let verification = verify_chain(&chain, &options);
    /// assert!(verification.checks.iter().any(|c| c.check == "revocation" && c.made));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[must_use]
    pub fn crl(mut self, crl: impl Into<Vec<u8>>) -> Self {
        self.crls.push(crl.into());
        self
    }

    /// The CT logs whose keys are known ([`CtLogs::from_json`]): SCTs from these logs get
    /// their signatures checked; others are reported as unchecked.
    ///
    /// ```no_run
    /// use digicert_mark_certs::certificate::{CtLogs, VerifyOptions, verify_chain};
    ///
    /// // The published log list, such as https://www.gstatic.com/ct/log_list/v3/log_list.json.
    /// let logs = CtLogs::from_json(&std::fs::read("log_list.json")?)?;
    /// let chain = std::fs::read("chain.pem")?;
    /// let verification = verify_chain(&chain, &VerifyOptions::new().ct_logs(logs));
    /// println!("{}", verification.report.to_text());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn ct_logs(mut self, logs: CtLogs) -> Self {
        self.ct_logs = Some(logs);
        self
    }

    /// The BIMI selector (default `default`): a SAN of the form `<selector>._bimi.<domain>`
    /// covers the domain.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let options = VerifyOptions::new()
    ///     .at(UNIX_EPOCH + Duration::from_secs(1_735_689_600))
    ///     .selector("brand")
    ///     .domain("paypal.com");
    /// assert!(verify_chain(&chain, &options).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn selector(mut self, selector: impl Into<String>) -> Self {
        self.selector = selector.into();
        self
    }

    /// Checks validity at `at` instead of now (to test a renewal date, or an old chain).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// // 2025-01-01: within the certificate's validity.
    /// let then = VerifyOptions::new().at(UNIX_EPOCH + Duration::from_secs(1_735_689_600));
    /// assert!(verify_chain(&chain, &then).is_valid());
    /// // 2030-01-01: long expired.
    /// let later = VerifyOptions::new().at(UNIX_EPOCH + Duration::from_secs(1_893_456_000));
    /// assert!(!verify_chain(&chain, &later).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn at(mut self, at: SystemTime) -> Self {
        self.at = at;
        self
    }

    /// The SVG that will be served at `l=`; it must be byte-equal to the embedded one.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let at = UNIX_EPOCH + Duration::from_secs(1_735_689_600);
    /// let served = std::fs::read("tests/fixtures/marks/paypal-2024/embedded.svg")?;
    /// assert!(verify_chain(&chain, &VerifyOptions::new().at(at).logo(served)).is_valid());
    /// let other = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec();
    /// let mismatch = verify_chain(&chain, &VerifyOptions::new().at(at).logo(other));
    /// assert!(mismatch.report.has("published-logo-mismatch"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn logo(mut self, svg: impl Into<Vec<u8>>) -> Self {
        self.logo = Some(svg.into());
        self
    }

    /// A mail domain the certificate must name (adds to those given before).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let at = VerifyOptions::new().at(UNIX_EPOCH + Duration::from_secs(1_735_689_600));
    /// assert!(verify_chain(&chain, &at.clone().domain("paypal.com")).is_valid());
    /// assert!(!verify_chain(&chain, &at.domain("example.com")).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domains.push(domain.into());
        self
    }

    /// Mail domains the certificate must name (adds to those given before).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let options = VerifyOptions::new()
    ///     .at(UNIX_EPOCH + Duration::from_secs(1_735_689_600))
    ///     .domains(["paypal.com", "example.com"]);
    /// // The certificate names paypal.com only.
    /// assert!(!verify_chain(&chain, &options).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    pub not_before: crate::values::Timestamp,
    /// End of validity, RFC 3339 in UTC.
    pub not_after: crate::values::Timestamp,
    /// The mark type attribute (`Registered Mark`, `Prior Use Mark`, ...); absent in older
    /// certificates.
    pub mark_type: Option<String>,
    /// Verified Mark Certificate or Common Mark Certificate, from the mark type.
    pub kind: MarkKind,
    /// The DNS names of the subject alternative name extension: the domains covered.
    pub domains: Vec<String>,
    /// The leaf's CRL distribution points (URLs), where its revocation status is published.
    pub crl_distribution_points: Vec<String>,
}

/// The two kinds of mark certificate of the Mark Certificate Requirements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum MarkKind {
    /// Verified Mark Certificate: a registered or government mark. Certificates without a
    /// mark type predate Common Mark Certificates and are VMCs.
    #[serde(rename = "VMC")]
    Vmc,
    /// Common Mark Certificate: a prior use mark or a modified registered mark.
    #[serde(rename = "CMC")]
    Cmc,
}

impl MarkKind {
    /// The kind a mark type attribute means.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::MarkKind;
    ///
    /// assert_eq!(MarkKind::from_mark_type(Some("Registered Mark")), MarkKind::Vmc);
    /// assert_eq!(MarkKind::from_mark_type(Some("Prior Use Mark")), MarkKind::Cmc);
    /// // Certificates without a mark type predate CMCs.
    /// assert_eq!(MarkKind::from_mark_type(None), MarkKind::Vmc);
    /// ```
    pub fn from_mark_type(mark_type: Option<&str>) -> MarkKind {
        match mark_type {
            Some("Prior Use Mark" | "Modified Registered Mark") => MarkKind::Cmc,
            _ => MarkKind::Vmc,
        }
    }
}

impl std::fmt::Display for MarkKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MarkKind::Vmc => "VMC",
            MarkKind::Cmc => "CMC",
        })
    }
}

/// One check of the verification, and whether it could be made. A check not made (no CRL
/// given, an SCT from a log whose key is unknown) is neither passed nor failed: receivers may
/// still refuse the chain for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Check {
    /// Which check: `trust` (the chain ends in a trust anchor), `sct` (the leaf's SCTs),
    /// `sct-signatures` (their signatures, against the log list), `revocation` (one per
    /// certificate below the root, against the CRLs given), `published-logo` (the SVG served
    /// at `l=` against the embedded one).
    pub check: String,
    /// Whether it was made.
    pub made: bool,
    /// What was checked, or why it was not.
    pub detail: String,
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
    /// The checks, made or not, in the order made.
    pub checks: Vec<Check>,
    embedded_svg: Option<Vec<u8>>,
    logotype_hashes: Vec<LogotypeHash>,
}

impl Verification {
    /// `true` when no finding is an error: receivers should accept the chain, as far as a
    /// local check can tell.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let options = VerifyOptions::new().at(UNIX_EPOCH + Duration::from_secs(1_735_689_600));
    /// assert!(verify_chain(&chain, &options).is_valid());
    /// assert!(!verify_chain(b"not a certificate", &options).is_valid());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }

    /// The SVG embedded in the leaf (decompressed), when it could be decoded: the exact bytes
    /// to serve at `l=`.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let verification = verify_chain(&chain, &VerifyOptions::new());
    /// let embedded = std::fs::read("tests/fixtures/marks/paypal-2024/embedded.svg")?;
    /// assert_eq!(verification.embedded_svg(), Some(embedded.as_slice()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn embedded_svg(&self) -> Option<&[u8]> {
        self.embedded_svg.as_deref()
    }

    /// The hashes of the leaf's logotype extension, in order, with how each compares.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::{HashVerdict, VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let verification = verify_chain(&chain, &VerifyOptions::new());
    /// let hash = &verification.logotype_hashes()[0];
    /// assert_eq!(hash.algorithm, "sha1");
    /// assert_eq!(hash.verdict, HashVerdict::MatchesSvg);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn logotype_hashes(&self) -> &[LogotypeHash] {
        &self.logotype_hashes
    }

    /// The checks that could not be made.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let verification = verify_chain(&chain, &VerifyOptions::new());
    /// // No CRL was given: revocation could not be checked.
    /// assert!(verification.not_checked().any(|c| c.check == "revocation"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn not_checked(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.made)
    }

    pub(crate) fn record(&mut self, check: &str, made: bool, detail: impl Into<String>) {
        self.checks.push(Check {
            check: check.to_owned(),
            made,
            detail: detail.into(),
        });
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
    /// The checks, made or not.
    checks: &'a [Check],
}

impl<'a> From<&'a Verification> for VerificationJson<'a> {
    fn from(verification: &'a Verification) -> Self {
        Self {
            valid: verification.is_valid(),
            findings: &verification.report.findings,
            certificate: verification.certificate.as_ref(),
            checks: &verification.checks,
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
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use digicert_mark_certs::certificate::{VerifyOptions, verify_chain};
///
/// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
/// let options = VerifyOptions::new()
///     .at(UNIX_EPOCH + Duration::from_secs(1_735_689_600))
///     .domain("paypal.com");
/// let verification = verify_chain(&chain, &options);
/// assert!(verification.is_valid(), "{}", verification.report.to_text());
/// let leaf = verification.certificate.expect("the leaf is read");
/// assert_eq!(leaf.domains, ["paypal.com"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_chain(pem: &[u8], options: &VerifyOptions) -> Verification {
    let mut verification = Verification::default();
    let mut report = Report::default();
    let Some(blocks) = pem::certificates(pem, &mut report) else {
        verification.report = report;
        return verification;
    };
    let chain: Vec<Option<Parsed>> = blocks
        .into_iter()
        .enumerate()
        .map(|(index, block)| block.and_then(|block| parse(index, &block, &mut report)))
        .collect();

    let path = chain::check(&chain, &options.trust_anchors, options.at, &mut report);
    verification.record(
        "trust",
        true,
        match (&path.completed_by, path.trusted) {
            (Some(anchor), true) => format!(
                "the chain ends in the trust anchor `{}`, taken from the trust anchors",
                names::to_text(anchor.parsed.cert.tbs_certificate().subject())
            ),
            (_, true) => "the chain ends in a trust anchor".to_owned(),
            (_, false) => "the chain does not end in a trust anchor".to_owned(),
        },
    );

    let Some(leaf_index) = path.leaf() else {
        verification.report = report;
        return verification;
    };
    // A CA found for want of a mark certificate is no leaf: `leaf-is-ca` says so.
    let Some(leaf) = chain[leaf_index]
        .as_ref()
        .filter(|p| !chain::is_ca(&p.cert))
    else {
        verification.report = report;
        return verification;
    };
    let issuer = match path.order.get(1) {
        Some(&next) => chain[next].as_ref().map(|p| &p.cert),
        None => path.completed_by.map(|a| &a.parsed.cert),
    };

    // The leaf checks speak of certificate 0; they are moved to the leaf's place in the file.
    let mut leaf_report = Report::default();
    let domains = profile::check(leaf, options, &mut leaf_report);
    ct::check(leaf, issuer, options, &mut leaf_report, &mut verification);
    let logo = logotype::check(leaf, options.logo.as_deref(), &mut leaf_report);
    for mut finding in leaf_report.findings {
        if finding.location.certificate == Some(0) {
            finding.location.certificate = Some(leaf_index);
        }
        report.findings.push(finding);
    }
    crl::check(&chain, &path, options, &mut report, &mut verification);

    let tbs = leaf.cert.tbs_certificate();
    let validity = tbs.validity();
    let mark_type = profile::mark_type(leaf);
    verification.certificate = Some(CertificateSummary {
        subject: names::to_text(tbs.subject()),
        issuer: names::to_text(tbs.issuer()),
        not_before: validity.not_before.to_system_time().into(),
        not_after: validity.not_after.to_system_time().into(),
        kind: MarkKind::from_mark_type(mark_type.as_deref()),
        mark_type,
        domains,
        crl_distribution_points: profile::crl_urls(leaf),
    });
    verification.embedded_svg = logo.svg;
    verification.logotype_hashes = logo.hashes;
    if options.logo.is_none() {
        verification.record(
            "published-logo",
            false,
            "no published logo given (--logo): whether l= serves the embedded SVG was not checked",
        );
    }
    // The checks not made, said as info findings, so the summary of the report says them.
    for check in verification.not_checked() {
        report.info(
            "not-checked",
            Location::none(),
            format!("{} was not checked: {}", check.check, check.detail),
        );
    }
    verification.report = report;
    verification
}

/// A DER certificate, decoded, with the bytes its signature covers.
pub(crate) fn parse_der(der: &[u8]) -> Result<Parsed, der::Error> {
    let cert = Certificate::from_der(der)?;
    let tbs = asn1::SignedCertificate::from_der(der)
        .and_then(|signed| der::Encode::to_der(&signed.tbs_certificate))?;
    Ok(Parsed { cert, tbs })
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
