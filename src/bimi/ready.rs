//! `bimi::ready`: before ordering, whether a mark certificate bought now would show.

use serde::Serialize;

use super::assertion::{self, AssertionRecord};
use super::caa::{self, CaaSeen};
use super::check::{Verdict, ascii_domain, organizational_domain, take, verdict, verify};
use super::dmarc::{self, DmarcLookup};
use super::dns::Dns;
use super::fetch::{Fetcher, Kind};
use super::options::{DomainError, DomainOptions};
use crate::certificate::CertificateSummary;
use crate::findings::{Finding, Report, Severity};

/// Whether an order can go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReadyVerdict {
    /// Every domain is at DMARC enforcement and CAA lets DigiCert issue.
    Ready,
    /// At least one domain is not: the errors say what to change first.
    NotReady,
    /// Nothing failed, but a lookup got no answer: try again.
    NoAnswer,
}

/// One sending domain, as checked before ordering.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DomainReadiness {
    /// The domain, in ASCII (IDNA) form.
    pub domain: String,
    /// Its organizational domain.
    pub organizational_domain: String,
    /// The DMARC records looked up.
    pub dmarc: Vec<DmarcLookup>,
    /// The CAA records that apply, absent when a lookup got no answer.
    pub caa: Option<CaaSeen>,
}

/// A BIMI record already published, and the certificate it points to.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExistingRecord {
    /// The record.
    pub record: AssertionRecord,
    /// The certificate served at its `a=`, when it could be read; `not_after` says when it
    /// expires.
    pub certificate: Option<CertificateSummary>,
}

/// The outcome of [`ready`]; it serializes as `markcert bimi ready --json`
/// (`schemas/bimi-ready.json`).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Readiness {
    /// The domain the order is for.
    pub domain: String,
    /// Whether the order can go ahead.
    pub verdict: ReadyVerdict,
    /// The `dns_names` the order should carry: the domain and every sending domain.
    pub dns_names: Vec<String>,
    /// Each domain's DMARC and CAA.
    pub domains: Vec<DomainReadiness>,
    /// The BIMI record already published for the domain (selector of the options), if any.
    pub existing: Option<ExistingRecord>,
    /// Every finding. Problems of an existing record or certificate are warnings: they do
    /// not stop an order.
    pub findings: Vec<Finding>,
    #[serde(skip)]
    report: Report,
}

impl Readiness {
    /// All findings as a report.
    ///
    /// ```no_run
    /// use digicert_mark_certs::bimi::{DomainOptions, ready};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let readiness = ready("example.com", &["news@example.com"], &DomainOptions::new()).await?;
    /// for error in readiness.report().errors() {
    ///     println!("fix first: {error}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// `true` when an order can go ahead.
    ///
    /// ```no_run
    /// use digicert_mark_certs::bimi::{DomainOptions, ready};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let readiness = ready("example.com", &[] as &[&str], &DomainOptions::new()).await?;
    /// if readiness.is_ready() {
    ///     println!("order for {}", readiness.dns_names.join(", "));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn is_ready(&self) -> bool {
        self.verdict == ReadyVerdict::Ready
    }
}

/// The mail domain of an address (`news@mail.example.com` gives `mail.example.com`).
fn address_domain(address: &str) -> Result<String, DomainError> {
    let Some((local, domain)) = address.trim().rsplit_once('@') else {
        return Err(DomainError::input(
            "--from",
            format!(
                "`{}` is not a mail address: give the From address of the mail that will \
                 show the logo, such as news@example.com",
                crate::redact::server_text(address, 100)
            ),
        ));
    };
    if local.is_empty() {
        return Err(DomainError::input(
            "--from",
            format!(
                "`{}` has nothing before the @: give a whole address",
                crate::redact::server_text(address, 100)
            ),
        ));
    }
    ascii_domain(domain).map_err(|e| match e {
        DomainError::Input { message, .. } => DomainError::Input {
            field: "--from",
            message,
        },
        other => other,
    })
}

async fn one_domain(dns: &Dns, domain: &str) -> (DomainReadiness, Report) {
    let org = organizational_domain(domain);
    let (mut dmarc_report, mut caa_report) = (Report::default(), Report::default());
    let (dmarc, caa) = tokio::join!(
        dmarc::check(dns, domain, &org, &mut dmarc_report),
        caa::check(dns, domain, &mut caa_report)
    );
    dmarc_report.extend(caa_report);
    (
        DomainReadiness {
            domain: domain.to_owned(),
            organizational_domain: org,
            dmarc,
            caa,
        },
        dmarc_report,
    )
}

/// What a published record and its certificate say, as warnings.
async fn existing(
    dns: &Dns,
    fetcher: &Fetcher,
    domain: &str,
    options: &DomainOptions,
) -> (Option<ExistingRecord>, Report) {
    let org = organizational_domain(domain);
    let mut found = Report::default();
    let discovery = assertion::discover(dns, &options.selector, domain, &org, &mut found).await;
    let mut report = Report::default();
    let Some(record) = discovery.record else {
        return (None, report);
    };
    let mut certificate = None;
    if let Some(url) = record
        .certificate_url
        .as_deref()
        .filter(|u| u.to_ascii_lowercase().starts_with("https://"))
    {
        let mut unanswered = false;
        let fetched = fetcher.fetch(dns, url, Kind::Pem).await;
        if let Some(pem) = take(fetched, "a=", &mut found, &mut unanswered) {
            let verification = verify(&pem, None, &[], domain, options);
            found.extend(verification.report);
            certificate = verification.certificate;
        }
    }
    for finding in found.findings {
        if finding.rule == "published-logo-not-compared" || finding.rule.starts_with("revocation") {
            continue;
        }
        report.push(Finding {
            severity: Severity::Warning,
            message: format!("existing record: {}", finding.message),
            ..finding
        });
    }
    (
        Some(ExistingRecord {
            record,
            certificate,
        }),
        report,
    )
}

/// Checks, before a mark certificate is ordered for `domain`, what would stop its logo from
/// showing or the certificate from being issued: DMARC at enforcement on the domain and on
/// each sending domain (`from`: mail addresses) and their organizational domains; CAA
/// allowing DigiCert (`issuevmc` where present, else `issue`); and the record and
/// certificate already published, if any, with when it expires. The
/// [`Readiness::dns_names`] are the names the order should carry.
///
/// ```no_run
/// use digicert_mark_certs::bimi::{DomainOptions, ready};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let readiness = ready("example.com", &["news@mail.example.com"], &DomainOptions::new()).await?;
/// println!("order for: {}", readiness.dns_names.join(", "));
/// # Ok(()) }
/// ```
pub async fn ready<S: AsRef<str>>(
    domain: &str,
    from: &[S],
    options: &DomainOptions,
) -> Result<Readiness, DomainError> {
    let domain = ascii_domain(domain)?;
    let mut names = vec![domain.clone()];
    for address in from {
        let name = address_domain(address.as_ref())?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let dns = Dns::new(options)?;
    let fetcher = Fetcher::new(options)?;
    let checks: Vec<_> = names.iter().map(|name| one_domain(&dns, name)).collect();
    let (checked, (existing, existing_report)) = tokio::join!(
        futures_util::future::join_all(checks),
        existing(&dns, &fetcher, &domain, options)
    );
    let mut report = Report::default();
    let mut domains = Vec::new();
    for (readiness, found) in checked {
        report.extend(found);
        domains.push(readiness);
    }
    report.extend(existing_report);
    let unanswered = report.errors().any(|f| f.rule.ends_with("-no-answer"));
    Ok(Readiness {
        domain,
        verdict: match verdict(&report, unanswered) {
            Verdict::Shown => ReadyVerdict::Ready,
            Verdict::NoAnswer => ReadyVerdict::NoAnswer,
            _ => ReadyVerdict::NotReady,
        },
        dns_names: names,
        domains,
        existing,
        findings: report.findings.clone(),
        report,
    })
}
