//! Whether the certificate names a mail domain, as receivers match it: the domain itself or
//! its organizational domain (public suffix list), in plain form or as
//! `<selector>._bimi.<domain>`; a wildcard covers nothing.

use crate::findings::{Location, Report};

/// A domain in the form it is compared in: IDNA ASCII (xn--), lower case, no final dot.
pub(crate) fn to_ascii(name: &str) -> Result<String, String> {
    let trimmed = name.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        return Err("it is empty".to_owned());
    }
    idna::domain_to_ascii(trimmed)
        .map_err(|e| format!("it is not a valid domain name ({e:?})"))
        .and_then(|ascii| {
            if ascii.is_empty() || ascii.split('.').any(str::is_empty) {
                Err("it has an empty label".to_owned())
            } else {
                Ok(ascii)
            }
        })
}

/// The organizational domain of an ASCII domain: one label below its public suffix.
pub(crate) fn organizational(domain: &str) -> Option<String> {
    psl::domain_str(domain).map(str::to_owned)
}

/// The SAN that covers `domain`, and how.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Cover {
    Exact,
    Organizational(String),
    None,
}

pub(crate) fn covers(sans: &[String], domain: &str, selector: &str) -> Cover {
    let sans: Vec<String> = sans
        .iter()
        .map(|s| s.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|s| !s.contains('*'))
        .collect();
    let named = |name: &str| {
        sans.iter()
            .any(|san| san == name || *san == format!("{selector}._bimi.{name}"))
    };
    if named(domain) {
        return Cover::Exact;
    }
    match organizational(domain) {
        Some(org) if org != domain && named(&org) => Cover::Organizational(org),
        _ => Cover::None,
    }
}

pub(crate) fn check(sans: &[String], wanted: &[String], selector: &str, report: &mut Report) {
    let selector = selector.trim().to_ascii_lowercase();
    for raw in wanted {
        let domain = match to_ascii(raw) {
            Ok(domain) => domain,
            Err(why) => {
                report.error(
                    "domain-invalid",
                    Location::certificate(0),
                    format!(
                        "the domain `{}` cannot be checked: {why}; give the mail domain, such \
                         as example.com",
                        crate::redact::server_text(raw, 100)
                    ),
                );
                continue;
            }
        };
        match covers(sans, &domain, &selector) {
            Cover::Exact => {}
            Cover::Organizational(org) => report.warning(
                "domain-covered-by-parent",
                Location::certificate(0),
                format!(
                    "`{domain}` is not named, but its organizational domain `{org}` is; \
                     receivers accept that, so mail from `{domain}` gets the logo as long as \
                     `{domain}` has its own BIMI record or none (then `{org}`'s applies)"
                ),
            ),
            Cover::None => {
                let shown: Vec<String> = sans
                    .iter()
                    .map(|san| crate::redact::server_text(san, 100))
                    .collect();
                let hint = match organizational(&domain) {
                    Some(org) if org != domain => format!(
                        "receivers accept `{domain}`, `{org}` (its organizational domain) or \
                         their `{selector}._bimi.` forms, and no wildcard"
                    ),
                    _ => format!(
                        "receivers accept `{domain}` or `{selector}._bimi.{domain}`, and no \
                         wildcard"
                    ),
                };
                report.error(
                    "domain-not-covered",
                    Location::certificate(0),
                    format!(
                        "`{domain}` is not named by the certificate, which names {}; {hint}: \
                         publish the BIMI record only for covered domains, or reissue the \
                         certificate with this one",
                        if shown.is_empty() {
                            "no domain".to_owned()
                        } else {
                            shown.join(", ")
                        }
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sans(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_domain_or_its_organizational_domain_is_covered_and_wildcards_are_not() {
        let named = sans(&["Example.COM.", "*.example.org", "mail.example.net"]);
        assert_eq!(covers(&named, "example.com", "default"), Cover::Exact);
        assert_eq!(
            covers(&named, "mail.example.com", "default"),
            Cover::Organizational("example.com".to_owned())
        );
        assert_eq!(covers(&named, "mail.example.org", "default"), Cover::None);
        assert_eq!(covers(&named, "x.mail.example.net", "default"), Cover::None);
        // The public suffix list knows co.uk: the organizational domain is one label below.
        let uk = sans(&["brand.co.uk"]);
        assert_eq!(
            covers(&uk, "mail.brand.co.uk", "default"),
            Cover::Organizational("brand.co.uk".to_owned())
        );
        assert_eq!(
            covers(&sans(&["co.uk"]), "brand.co.uk", "default"),
            Cover::None
        );
    }

    #[test]
    fn the_selector_form_covers_its_domain() {
        let named = sans(&["news._bimi.example.com"]);
        assert_eq!(covers(&named, "example.com", "news"), Cover::Exact);
        assert_eq!(covers(&named, "example.com", "default"), Cover::None);
    }

    #[test]
    fn unicode_domains_are_converted() {
        assert_eq!(
            to_ascii("Bücher.example.").unwrap(),
            "xn--bcher-kva.example"
        );
        assert!(to_ascii("a..b").is_err());
        assert!(to_ascii(" ").is_err());
    }
}
