//! `bimi::check_domain`: a domain as a mail receiver sees it.

use serde::Serialize;

use super::assertion::{self, AssertionRecord};
use super::dmarc::{self, DmarcLookup};
use super::dns::Dns;
use super::fetch::{Fetched, Fetcher, Kind};
use super::options::{DomainError, DomainOptions};
use crate::certificate::{CertificateSummary, Verification, VerifyOptions, verify_chain};
use crate::findings::{Finding, Location, Report};

/// What a receiver would do with the domain's mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// Every check passed: a receiver would show the logo.
    Shown,
    /// At least one check failed: a receiver would not show the logo.
    NotShown,
    /// Nothing failed, but a lookup or fetch got no answer: the verdict is unknown.
    NoAnswer,
}

/// The outcome of [`check_domain`]; it serializes as `markcert bimi check --json`
/// (`schemas/bimi-check.json`).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DomainCheck {
    /// The domain checked, in ASCII (IDNA) form.
    pub domain: String,
    /// Its organizational domain (public suffix list).
    pub organizational_domain: String,
    /// The selector looked up.
    pub selector: String,
    /// What a receiver would do.
    pub verdict: Verdict,
    /// The DMARC records looked up.
    pub dmarc: Vec<DmarcLookup>,
    /// The assertion record used, if one was found.
    pub record: Option<AssertionRecord>,
    /// The mark certificate served at `a=`, when it could be read.
    pub certificate: Option<CertificateSummary>,
    /// Every finding: errors (the logo is not shown) and warnings.
    pub findings: Vec<Finding>,
    #[serde(skip)]
    report: Report,
}

impl DomainCheck {
    /// All findings as a report (rule lookups, text rendering).
    ///
    /// ```no_run
    /// use digicert_mark_certs::bimi::{DomainOptions, check_domain};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let check = check_domain("example.com", &DomainOptions::new()).await?;
    /// if check.report().has("dmarc-not-enforced") {
    ///     println!("set the DMARC policy to quarantine or reject first");
    /// }
    /// print!("{}", check.report().to_text());
    /// # Ok(()) }
    /// ```
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// `true` when a receiver would show the logo.
    ///
    /// ```no_run
    /// use digicert_mark_certs::bimi::{DomainOptions, check_domain};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let check = check_domain("example.com", &DomainOptions::new()).await?;
    /// println!("{}: logo {}", check.domain, if check.is_shown() { "shown" } else { "not shown" });
    /// # Ok(()) }
    /// ```
    pub fn is_shown(&self) -> bool {
        self.verdict == Verdict::Shown
    }
}

/// The domain in ASCII form, lower case, without a final dot; refused when it is not a DNS
/// name.
pub(crate) fn ascii_domain(domain: &str) -> Result<String, DomainError> {
    let trimmed = domain.trim().trim_end_matches('.');
    let refuse = || {
        DomainError::input(
            "domain",
            format!(
                "`{}` is not a domain name: give a mail domain such as example.com",
                crate::redact::server_text(domain, 100)
            ),
        )
    };
    if trimmed.is_empty() || trimmed.len() > 253 {
        return Err(refuse());
    }
    let ascii = idna::domain_to_ascii(trimmed).map_err(|_| refuse())?;
    let labels_ok = ascii.split('.').count() >= 2
        && ascii.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !labels_ok {
        return Err(refuse());
    }
    Ok(ascii)
}

/// The organizational domain (RFC 7489 section 3.2) by the public suffix list: the
/// registrable domain, or the name itself when it is a public suffix.
pub(crate) fn organizational_domain(domain: &str) -> String {
    psl::domain_str(domain).unwrap_or(domain).to_owned()
}

/// Verifies a mark certificate chain as receivers do: the one place the verifier is called.
pub(crate) fn verify(
    pem: &[u8],
    svg: Option<&[u8]>,
    crls: &[Vec<u8>],
    domain: &str,
    options: &DomainOptions,
) -> Verification {
    let mut verify = VerifyOptions::new()
        .trust_anchors(options.trust_anchors.clone())
        .selector(options.selector.clone())
        .domain(domain);
    if let Some(at) = options.at {
        verify = verify.at(at);
    }
    if let Some(svg) = svg {
        verify = verify.logo(svg.to_vec());
    }
    for crl in crls {
        verify = verify.crl(crl.clone());
    }
    verify_chain(pem, &verify)
}

/// A fetch's outcome as findings; the body when there is one.
pub(crate) fn take(
    fetched: Fetched,
    location: &str,
    report: &mut Report,
    unanswered: &mut bool,
) -> Option<Vec<u8>> {
    match fetched {
        Fetched::Body(body) => Some(body),
        Fetched::Refused(rule, message) => {
            report.error(rule, Location::path(location), message);
            None
        }
        Fetched::NoAnswer(message) => {
            *unanswered = true;
            report.error("fetch-no-answer", Location::path(location), message);
            None
        }
    }
}

/// Fetches the leaf's CRL (its first distribution point), for the verifier.
pub(crate) async fn leaf_crl(
    dns: &Dns,
    fetcher: &Fetcher,
    first: &Verification,
    report: &mut Report,
    unanswered: &mut bool,
) -> Vec<Vec<u8>> {
    let Some(url) = first
        .certificate
        .as_ref()
        .and_then(|c| c.crl_distribution_points.first())
    else {
        return Vec::new();
    };
    let fetched = fetcher.fetch(dns, url, Kind::Crl).await;
    take(fetched, "crl", report, unanswered)
        .into_iter()
        .collect()
}

/// Checks `domain` as a mail receiver would before showing its logo: DMARC of the domain and
/// of its organizational domain; the assertion record at `<selector>._bimi.<domain>` (else
/// the organizational domain); the SVG at `l=` and the chain at `a=`, fetched as receivers
/// fetch them; the SVG through the logo checker; the chain through the certificate
/// verifier with the domain, the served SVG and the leaf's CRL.
///
/// Independent lookups and fetches run at once. `Err` only for unusable input or setup;
/// everything a receiver would refuse is a finding, and the [`Verdict`] sums them up.
///
/// ```no_run
/// use digicert_mark_certs::bimi::{DomainOptions, Verdict, check_domain};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let check = check_domain("example.com", &DomainOptions::new()).await?;
/// if check.verdict != Verdict::Shown {
///     eprintln!("{}", check.report().to_text());
/// }
/// # Ok(()) }
/// ```
pub async fn check_domain(
    domain: &str,
    options: &DomainOptions,
) -> Result<DomainCheck, DomainError> {
    let domain = ascii_domain(domain)?;
    let org = organizational_domain(&domain);
    let dns = Dns::new(options)?;
    let fetcher = Fetcher::new(options)?;
    let selector = options.selector.clone();

    let (mut dmarc_report, mut record_report) = (Report::default(), Report::default());
    let (dmarc, discovery) = tokio::join!(
        dmarc::check(&dns, &domain, &org, &mut dmarc_report),
        assertion::discover(&dns, &selector, &domain, &org, &mut record_report),
    );
    let mut report = dmarc_report;
    report.extend(record_report);
    let mut unanswered = discovery.unanswered || report.has("dmarc-no-answer");
    let mut certificate = None;

    let usable = discovery.record.as_ref().and_then(|r| {
        let https = |u: &Option<String>| {
            u.clone()
                .filter(|u| u.to_ascii_lowercase().starts_with("https://"))
        };
        Some((https(&r.logo_url)?, https(&r.certificate_url)?))
    });
    if let Some((logo_url, certificate_url)) = usable {
        let (svg, pem) = tokio::join!(
            fetcher.fetch(&dns, &logo_url, Kind::Svg),
            fetcher.fetch(&dns, &certificate_url, Kind::Pem),
        );
        let svg = take(svg, "l=", &mut report, &mut unanswered);
        let pem = take(pem, "a=", &mut report, &mut unanswered);
        if let Some(svg) = &svg {
            for finding in crate::logo::check(svg).findings {
                report.push(Finding {
                    location: finding.location.within("l="),
                    ..finding
                });
            }
        }
        if let Some(pem) = &pem {
            let first = verify(pem, svg.as_deref(), &[], &domain, options);
            let crls = leaf_crl(&dns, &fetcher, &first, &mut report, &mut unanswered).await;
            let verification = if crls.is_empty() {
                first
            } else {
                verify(pem, svg.as_deref(), &crls, &domain, options)
            };
            for finding in verification.report.findings {
                if svg.is_none() && finding.rule == "published-logo-not-compared" {
                    continue;
                }
                report.push(Finding {
                    location: finding.location.within("a="),
                    ..finding
                });
            }
            certificate = verification.certificate;
        }
    }

    let verdict = verdict(&report, unanswered);
    Ok(DomainCheck {
        domain,
        organizational_domain: org,
        selector,
        verdict,
        dmarc,
        record: discovery.record,
        certificate,
        findings: report.findings.clone(),
        report,
    })
}

/// No-answer findings alone make the verdict unknown; any other error is a refusal.
pub(crate) fn verdict(report: &Report, unanswered: bool) -> Verdict {
    let refused = report.errors().any(|f| !f.rule.ends_with("-no-answer"));
    if refused {
        Verdict::NotShown
    } else if unanswered || !report.is_valid() {
        Verdict::NoAnswer
    } else {
        Verdict::Shown
    }
}
