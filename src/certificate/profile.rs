//! The leaf against the mark certificate profile: key purpose, policy, mark type, names and
//! validity period, and the domains the user will publish for.

use der::asn1::ObjectIdentifier;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{CertificatePolicies, ExtendedKeyUsage, SubjectAltName};

use super::asn1::oid;
use super::{MAX_VALIDITY_DAYS, Parsed, VerifyOptions, names};
use crate::findings::{Location, Report};

/// The mark types of the Mark Certificate Requirements.
const MARK_TYPES: &[&str] = &[
    "Registered Mark",
    "Government Mark",
    "Prior Use Mark",
    "Modified Registered Mark",
];

const DAY: u64 = 24 * 60 * 60;

/// Checks the leaf and returns its DNS names.
pub(crate) fn check(leaf: &Parsed, options: &VerifyOptions, report: &mut Report) -> Vec<String> {
    key_purpose(leaf, report);
    policy(leaf, report);
    mark_type_attribute(leaf, report);
    validity_period(leaf, report);
    let names = dns_names(leaf, report);
    domains(&names, &options.domains, report);
    names
}

fn malformed(what: &str, e: &der::Error, report: &mut Report) {
    report.error(
        "extension-malformed",
        Location::certificate(0),
        format!(
            "the {what} extension cannot be read ({e}), or appears twice; receivers will \
             refuse the certificate: ask the CA to reissue it"
        ),
    );
}

fn key_purpose(leaf: &Parsed, report: &mut Report) {
    let purposes = match leaf
        .cert
        .tbs_certificate()
        .get_extension::<ExtendedKeyUsage>()
    {
        Ok(found) => found.map(|(_, eku)| eku.0).unwrap_or_default(),
        Err(e) => return malformed("extended key usage", &e, report),
    };
    if !purposes.contains(&oid::EKU_BIMI) {
        let has = if purposes.is_empty() {
            "it has no extended key usage".to_owned()
        } else {
            format!("its extended key usage names {}", list(&purposes))
        };
        report.error(
            "eku-missing-bimi",
            Location::certificate(0),
            format!(
                "the certificate is not a mark certificate: {has}, without the BIMI key \
                 purpose 1.3.6.1.5.5.7.3.31 (id-kp-BrandIndicatorforMessageIdentification); \
                 receivers only accept a Verified Mark or Common Mark Certificate: order one"
            ),
        );
    } else if purposes.len() > 1 {
        report.warning(
            "eku-extra",
            Location::certificate(0),
            format!(
                "besides BIMI the certificate names {}; the Mark Certificate Requirements \
                 allow the BIMI key purpose alone, and some receivers may refuse others",
                list(
                    &purposes
                        .iter()
                        .copied()
                        .filter(|p| *p != oid::EKU_BIMI)
                        .collect::<Vec<_>>()
                )
            ),
        );
    }
}

fn list(oids: &[ObjectIdentifier]) -> String {
    oids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn policy(leaf: &Parsed, report: &mut Report) {
    let policies = match leaf
        .cert
        .tbs_certificate()
        .get_extension::<CertificatePolicies>()
    {
        Ok(found) => found.map(|(_, p)| p.0).unwrap_or_default(),
        Err(e) => return malformed("certificate policies", &e, report),
    };
    if !policies
        .iter()
        .any(|p| p.policy_identifier == oid::POLICY_MARK)
    {
        report.error(
            "policy-missing",
            Location::certificate(0),
            "the certificate does not assert the mark certificate policy \
             1.3.6.1.4.1.53087.1.1; it was not issued under the Mark Certificate \
             Requirements, and receivers refuse it",
        );
    }
}

/// The mark type attribute of the leaf's subject, when it is a string.
pub(crate) fn mark_type(leaf: &Parsed) -> Option<String> {
    names::attribute(leaf.cert.tbs_certificate().subject(), oid::MARK_TYPE).and_then(Result::ok)
}

fn mark_type_attribute(leaf: &Parsed, report: &mut Report) {
    match names::attribute(leaf.cert.tbs_certificate().subject(), oid::MARK_TYPE) {
        None => report.warning(
            "mark-type-missing",
            Location::certificate(0),
            "the subject has no mark type (1.3.6.1.4.1.53087.1.13); certificates issued \
             before it was required lack it and are still accepted, but a reissue will \
             carry it",
        ),
        Some(Err(tag)) => report.warning(
            "mark-type-unknown",
            Location::certificate(0),
            format!("the mark type attribute is a {tag}, not a string; receivers may ignore it"),
        ),
        Some(Ok(value)) if !MARK_TYPES.contains(&value.as_str()) => report.warning(
            "mark-type-unknown",
            Location::certificate(0),
            format!(
                "the mark type is `{value}`, not one of {}; receivers may not show the logo",
                MARK_TYPES.join(", ")
            ),
        ),
        Some(Ok(_)) => {}
    }
}

/// A validity longer than the requirements allow. Receivers do not check it, so it is a
/// warning: the certificate works, but a CA that issued it broke its rules and may have to
/// revoke it.
fn validity_period(leaf: &Parsed, report: &mut Report) {
    let validity = leaf.cert.tbs_certificate().validity();
    let start = validity.not_before.to_unix_duration().as_secs();
    let end = validity.not_after.to_unix_duration().as_secs();
    // Validity counts both ends: notAfter is its last second.
    let seconds = end.saturating_sub(start).saturating_add(1);
    if seconds > MAX_VALIDITY_DAYS * DAY {
        report.warning(
            "validity-too-long",
            Location::certificate(0),
            format!(
                "the certificate is valid for {} days; the Mark Certificate Requirements \
                 allow at most {MAX_VALIDITY_DAYS}. Receivers do not check this, but a \
                 certificate issued against the rules may be revoked: ask the CA about it",
                seconds / DAY
            ),
        );
    }
}

fn dns_names(leaf: &Parsed, report: &mut Report) -> Vec<String> {
    let names: Vec<String> = match leaf
        .cert
        .tbs_certificate()
        .get_extension::<SubjectAltName>()
    {
        Ok(found) => found
            .map(|(_, san)| san.0)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|name| match name {
                GeneralName::DnsName(dns) => Some(dns.to_string()),
                _ => None,
            })
            .collect(),
        Err(e) => {
            malformed("subject alternative name", &e, report);
            return Vec::new();
        }
    };
    if names.is_empty() {
        report.error(
            "san-missing",
            Location::certificate(0),
            "the certificate names no domain (no DNS name in subject alternative name); \
             receivers match the sending domain against these names, so none will show the \
             logo",
        );
    }
    for name in names.iter().filter(|n| n.starts_with('*')) {
        report.warning(
            "san-wildcard",
            Location::certificate(0),
            format!(
                "the certificate names the wildcard `{name}`; the Mark Certificate \
                 Requirements do not allow wildcards and receivers may ignore it: name each \
                 mail domain"
            ),
        );
    }
    names
}

/// A domain as compared: lower case, without a final dot.
fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `san` names `domain`: the same name, or a wildcard standing for exactly its first
/// label.
fn covers(san: &str, domain: &str) -> bool {
    let san = normalize(san);
    if san == domain {
        return true;
    }
    match (san.strip_prefix("*."), domain.split_once('.')) {
        (Some(parent), Some((label, rest))) => !label.is_empty() && rest == parent,
        _ => false,
    }
}

fn domains(names: &[String], wanted: &[String], report: &mut Report) {
    for raw in wanted {
        let domain = normalize(raw);
        if domain.is_empty() || names.iter().any(|san| covers(san, &domain)) {
            continue;
        }
        let ascii_hint = if domain.is_ascii() {
            ""
        } else {
            " (give an internationalized domain in its ASCII form, xn--...)"
        };
        let parent = names
            .iter()
            .map(|san| normalize(san))
            .find(|san| !san.starts_with('*') && domain.ends_with(&format!(".{san}")));
        match parent {
            Some(parent) => report.warning(
                "domain-covered-by-parent",
                Location::certificate(0),
                format!(
                    "`{domain}` is not named, but its parent `{parent}` is; receivers accept a \
                     certificate for the organizational domain, so this works if `{parent}` \
                     is the organizational domain of `{domain}`"
                ),
            ),
            None => report.error(
                "domain-not-covered",
                Location::certificate(0),
                format!(
                    "`{domain}`{ascii_hint} is not named by the certificate, which names {}; \
                     receivers will not show the logo for mail from it: publish the BIMI \
                     record only for named domains, or reissue the certificate with this one",
                    if names.is_empty() {
                        "no domain".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("Example.COM.", "example.com"));
        assert!(covers("*.example.com", "mail.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.mail.example.com"));
        assert!(!covers("example.com", "mail.example.com"));
    }
}
