//! The BIMI record that publishes a mark certificate: a TXT record at
//! `default._bimi.<domain>` holding `v=BIMI1; l=<logo URL>; a=<certificate URL>`; and the
//! domain as mail receivers see it once the record is published ([`check_domain`]), or
//! before a certificate is ordered ([`ready`]).
//!
//! Both URLs must be https (receivers fetch nothing else). The URLs come from the order, when
//! DigiCert hosts the files (`hosted_logo_location`, `hosted_cert_location`), or are given.
//! Characters that would break the record (`;` separates its tags, whitespace and quotes end
//! a TXT string in zone files) are refused rather than escaped: a receiver would read an
//! escaped URL differently from the one meant.
//!
//! ```
//! use digicert_mark_certs::bimi::BimiRecord;
//!
//! let record = BimiRecord::new(
//!     "Example.com",
//!     "https://example.com/bimi/logo.svg",
//!     "https://example.com/bimi/chain.pem",
//! )
//! .map_err(|report| report.to_text())?;
//! assert_eq!(record.name(), "default._bimi.example.com");
//! assert_eq!(
//!     record.value(),
//!     "v=BIMI1; l=https://example.com/bimi/logo.svg; a=https://example.com/bimi/chain.pem"
//! );
//!
//! let refused = BimiRecord::new("example.com", "http://example.com/logo.svg", "https://example.com/c.pem")
//!     .unwrap_err();
//! assert!(refused.has("bimi-url-not-https"));
//! # Ok::<(), String>(())
//! ```

use crate::findings::{Location, Report};
use crate::types;

mod assertion;
mod caa;
mod check;
mod dmarc;
mod dns;
mod fetch;
mod options;
mod ready;

pub use assertion::AssertionRecord;
pub use caa::{CaaSeen, DIGICERT_CAA_ISSUERS};
pub use check::{DomainCheck, Verdict, check_domain};
pub use dmarc::DmarcLookup;
pub use fetch::{MAX_FETCHED_PEM_BYTES, MAX_FETCHED_SVG_BYTES, MAX_REDIRECTS};
pub use options::{DEFAULT_STEP_TIMEOUT, DomainError, DomainOptions, MAX_TLS_ROOTS_BYTES};
pub use ready::{DomainReadiness, ExistingRecord, Readiness, ReadyVerdict, ready};

/// The selector DigiCert's files are published under. Receivers look up `default` unless a
/// message names another selector.
pub const SELECTOR: &str = "default";

/// Longest character-string of a TXT record: longer values are split into several strings,
/// which receivers join.
const TXT_STRING_MAX: usize = 255;

/// A BIMI record for one domain, with the warnings found while making it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BimiRecord {
    /// The mail domain, lower case, without a final dot.
    pub domain: String,
    /// The https URL of the SVG logo (`l=`).
    pub logo_url: String,
    /// The https URL of the PEM certificate chain (`a=`).
    pub certificate_url: String,
    /// Warnings (never errors): things to check before publishing.
    pub findings: Report,
}

impl BimiRecord {
    /// A record from URLs given. Refused, with every problem at once: a domain that is not a
    /// DNS name, a URL that is not https, is not written `https://host/...`, has no host,
    /// carries credentials, or holds a character that would break the record. Each URL goes
    /// into the record in the form it was checked in (the parsed form: `https://Example.COM`
    /// is written `https://example.com/`).
    ///
    /// ```
    /// use digicert_mark_certs::bimi::BimiRecord;
    ///
    /// let record = BimiRecord::new(
    ///     "example.com",
    ///     "https://example.com/bimi/logo.svg",
    ///     "https://example.com/bimi/chain.pem",
    /// )?;
    /// assert_eq!(record.name(), "default._bimi.example.com");
    /// let refused = BimiRecord::new("example.com", "http://example.com/logo.svg", "ftp://example.com/c.pem");
    /// assert_eq!(refused.unwrap_err().errors().count(), 2);
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn new(domain: &str, logo_url: &str, certificate_url: &str) -> Result<Self, Report> {
        let mut report = Report::default();
        let domain = checked_domain(domain, &mut report);
        let logo_url = check_url("l", "logo", logo_url, &mut report);
        let certificate_url = check_url("a", "certificate", certificate_url, &mut report);
        match (logo_url, certificate_url) {
            (Some(logo_url), Some(certificate_url)) if report.is_valid() => Ok(Self {
                domain,
                logo_url,
                certificate_url,
                findings: report,
            }),
            _ => Err(report),
        }
    }

    /// A record from the hosting locations of an order (Order info with hosting enabled).
    /// Refused when the order ended without a certificate to publish (rejected, canceled,
    /// revoked, expired) or has no hosting locations, besides the refusals of
    /// [`BimiRecord::new`]. Warns when the order is not issued yet (the certificate URL
    /// serves nothing until it is) and when its certificate does not name the domain.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::BimiRecord;
    /// use digicert_mark_certs::types::OrderInfo;
    /// use serde_json::json;
    ///
    /// let order: OrderInfo = serde_json::from_value(json!({
    ///     "id": 144457095,
    ///     "status": "issued",
    ///     "hosted_logo_location": "https://bimi.digicert.com/144457095/logo.svg",
    ///     "hosted_cert_location": "https://bimi.digicert.com/144457095/chain.pem"
    /// }))?;
    /// let record = BimiRecord::from_order("example.com", &order)?;
    /// assert!(record.value().contains("l=https://bimi.digicert.com/144457095/logo.svg"));
    /// assert!(record.findings.is_clean());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_order(domain: &str, order: &types::OrderInfo) -> Result<Self, Report> {
        if order.status.is_final() && !order.status.is_issued() {
            let mut report = Report::default();
            report.error(
                "bimi-order-ended",
                Location::path("status"),
                format!(
                    "order {} is {}: it has no certificate to publish; order again (or renew) \
                     and publish the record of the new order",
                    order.id,
                    crate::redact::server_text(order.status.as_str(), 60)
                ),
            );
            return Err(report);
        }
        let mark = order.vmc.as_ref();
        let logo = order
            .hosted_logo_location
            .as_deref()
            .or_else(|| mark.and_then(|m| m.hosted_logo_location.as_deref()));
        let certificate = order
            .hosted_cert_location
            .as_deref()
            .or_else(|| mark.and_then(|m| m.hosted_cert_location.as_deref()));
        let (Some(logo), Some(certificate)) = (logo, certificate) else {
            let mut report = Report::default();
            report.error(
                "bimi-no-hosting",
                Location::path("hosted_logo_location"),
                format!(
                    "order {} has no hosting locations: turn hosting on (markcert mark update \
                     {} --hosting on) or publish the files yourself and give their URLs",
                    order.id, order.id
                ),
            );
            return Err(report);
        };
        let mut record = Self::new(domain, logo, certificate)?;
        if !order.status.is_issued() {
            record.findings.warning(
                "bimi-order-not-issued",
                Location::path("status"),
                format!(
                    "order {} is {}, not issued: the certificate URL serves nothing until it is",
                    order.id,
                    crate::redact::server_text(order.status.as_str(), 60)
                ),
            );
        }
        let names = order
            .certificate
            .as_ref()
            .map(|c| c.dns_names.as_slice())
            .unwrap_or_default();
        if !names.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&record.domain)) {
            record.findings.warning(
                "bimi-domain-not-covered",
                Location::path("certificate.dns_names"),
                format!(
                    "the certificate of order {} names {}, not {}: receivers refuse a mark \
                     certificate for a domain it does not name",
                    order.id,
                    names
                        .iter()
                        .map(|n| crate::redact::server_text(n, 100))
                        .collect::<Vec<_>>()
                        .join(", "),
                    record.domain
                ),
            );
        }
        Ok(record)
    }

    /// The DNS name of the record: `default._bimi.<domain>`.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::BimiRecord;
    ///
    /// let record = BimiRecord::new("Example.COM.", "https://example.com/l.svg", "https://example.com/a.pem")?;
    /// assert_eq!(record.name(), "default._bimi.example.com");
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn name(&self) -> String {
        format!("{SELECTOR}._bimi.{}", self.domain)
    }

    /// The TXT value: `v=BIMI1; l=<logo URL>; a=<certificate URL>`.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::BimiRecord;
    ///
    /// let record = BimiRecord::new("example.com", "https://example.com/l.svg", "https://example.com/a.pem")?;
    /// assert_eq!(record.value(), "v=BIMI1; l=https://example.com/l.svg; a=https://example.com/a.pem");
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn value(&self) -> String {
        format!("v=BIMI1; l={}; a={}", self.logo_url, self.certificate_url)
    }

    /// The record as a zone file line, the value split into strings of at most 255
    /// characters as TXT records require: `default._bimi.example.com. 3600 IN TXT "..."`.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::BimiRecord;
    ///
    /// let record = BimiRecord::new("example.com", "https://example.com/l.svg", "https://example.com/a.pem")?;
    /// assert_eq!(
    ///     record.zone_line(),
    ///     r#"default._bimi.example.com. 3600 IN TXT "v=BIMI1; l=https://example.com/l.svg; a=https://example.com/a.pem""#
    /// );
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn zone_line(&self) -> String {
        let value = self.value();
        // The value is ASCII (URLs with anything else are refused), so bytes are characters.
        let strings: Vec<String> = value
            .as_bytes()
            .chunks(TXT_STRING_MAX)
            .map(|chunk| format!("\"{}\"", String::from_utf8_lossy(chunk)))
            .collect();
        format!("{}. 3600 IN TXT {}", self.name(), strings.join(" "))
    }
}

fn checked_domain(domain: &str, report: &mut Report) -> String {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    if let Err(why) = crate::order::check_dns_name(&domain) {
        report.error(
            "bimi-domain",
            Location::path("domain"),
            format!(
                "\"{}\" is not a mail domain: {why}",
                crate::redact::server_text(&domain, 80)
            ),
        );
    }
    domain
}

/// Checks a URL for the record and gives the form it was checked in, or `None` when it is
/// refused.
fn check_url(tag: &str, what: &str, url: &str, report: &mut Report) -> Option<String> {
    let at = Location::path(tag);
    let shown = crate::redact::server_text(url, 120);
    if let Some(bad) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | '"' | '\\' | ','))
    {
        let name = match bad {
            ';' => "a semicolon, which ends the tag".to_owned(),
            '"' => "a double quote, which ends a TXT string".to_owned(),
            '\\' => "a backslash, which zone files read as an escape".to_owned(),
            ',' => "a comma, which receivers may read as a list separator".to_owned(),
            c if c.is_whitespace() => "whitespace, which ends the URL".to_owned(),
            c => format!("the control character U+{:04X}", u32::from(c)),
        };
        report.error(
            "bimi-url-character",
            at,
            format!(
                "the {what} URL ({tag}=) {shown} holds {name}; percent-encode it or use \
                 another URL"
            ),
        );
        return None;
    }
    if !url.is_ascii() {
        report.error(
            "bimi-url-character",
            at,
            format!(
                "the {what} URL ({tag}=) {shown} holds characters outside ASCII; write the \
                 host in its xn-- form and percent-encode the path"
            ),
        );
        return None;
    }
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(e) => {
            report.error(
                "bimi-url-unreadable",
                at,
                format!("the {what} URL ({tag}=) {shown} is not a URL: {e}"),
            );
            return None;
        }
    };
    if parsed.scheme() != "https" {
        report.error(
            "bimi-url-not-https",
            at,
            format!(
                "the {what} URL ({tag}=) {shown} uses {}; receivers fetch BIMI files over https \
                 only",
                parsed.scheme()
            ),
        );
        return None;
    }
    // URL parsers forgive `https:host/...` and `https:///host/...`; receivers need not, and a
    // record must say exactly what was checked.
    let after_scheme = &url[parsed.scheme().len() + 1..];
    let authority = after_scheme.strip_prefix("//");
    if authority.is_none_or(|rest| rest.is_empty() || rest.starts_with('/')) {
        report.error(
            "bimi-url-unreadable",
            at,
            format!(
                "the {what} URL ({tag}=) {shown} is not written https://HOST/PATH; write the \
                 host right after https://"
            ),
        );
        return None;
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        report.error(
            "bimi-url-unreadable",
            at,
            format!("the {what} URL ({tag}=) {shown} names no host"),
        );
        return None;
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        report.error(
            "bimi-url-credentials",
            at,
            format!(
                "the {what} URL ({tag}=) carries a user name or password; publish a public URL"
            ),
        );
        return None;
    }
    Some(parsed.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO: &str = "https://example.com/logo.svg";
    const CERT: &str = "https://example.com/chain.pem";

    #[test]
    fn a_long_value_is_split_into_txt_strings_of_at_most_255_characters() {
        let long = format!("https://example.com/{}.svg", "a".repeat(300));
        let record = BimiRecord::new("example.com", &long, CERT).unwrap();
        let line = record.zone_line();
        let strings: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        assert!(strings.len() >= 2, "{line}");
        assert!(strings.iter().all(|s| s.len() <= 255));
        assert_eq!(strings.concat(), record.value());
    }

    #[test]
    fn each_character_that_breaks_the_record_is_refused() {
        for bad in [
            "https://example.com/a;b.svg",
            "https://example.com/a b.svg",
            "https://example.com/a\tb.svg",
            "https://example.com/a\"b.svg",
            "https://example.com/a\\b.svg",
            "https://example.com/a,b.svg",
            "https://example.com/a\u{7}b.svg",
            "https://exämple.com/logo.svg",
        ] {
            let report = BimiRecord::new("example.com", bad, CERT).unwrap_err();
            assert!(
                report.has("bimi-url-character"),
                "{bad:?}: {}",
                report.to_text()
            );
        }
    }

    #[test]
    fn only_https_urls_with_a_host_and_no_credentials() {
        for (bad, rule) in [
            ("http://example.com/logo.svg", "bimi-url-not-https"),
            ("ftp://example.com/logo.svg", "bimi-url-not-https"),
            ("data:image/svg+xml;base64,AAAA", "bimi-url-character"),
            ("example.com/logo.svg", "bimi-url-unreadable"),
            (
                "https://user:pw@example.com/logo.svg",
                "bimi-url-credentials",
            ),
        ] {
            let report = BimiRecord::new("example.com", LOGO, bad).unwrap_err();
            assert!(report.has(rule), "{bad}: {}", report.to_text());
        }
        for unwritten in [
            "https:evil.example/logo.svg",
            "https:///evil.example/logo.svg",
            "https://",
        ] {
            let report = BimiRecord::new("example.com", unwritten, CERT).unwrap_err();
            assert!(
                report.has("bimi-url-unreadable"),
                "{unwritten}: {}",
                report.to_text()
            );
        }
        // What goes into the record is the form that was checked.
        let record = BimiRecord::new("example.com", "https://Example.COM/Logo.svg", CERT).unwrap();
        assert_eq!(record.logo_url, "https://example.com/Logo.svg");
        let both = BimiRecord::new("not a domain", "http://x.test/l.svg", "http://x.test/c.pem")
            .unwrap_err();
        assert_eq!(both.errors().count(), 3, "{}", both.to_text());
    }
}
