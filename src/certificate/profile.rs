//! The leaf against the mark certificate profile: key purpose, policy, mark type, names and
//! validity period, and the domains the user will publish for.

use der::asn1::ObjectIdentifier;
use x509_cert::ext::pkix::name::DistributionPointName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    CertificatePolicies, CrlDistributionPoints, ExtendedKeyUsage, SubjectAltName,
};

use super::asn1::oid;
use super::{EXPIRY_WARNING_DAYS, MAX_VALIDITY_DAYS, Parsed, VerifyOptions, names};
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
    subject_fields(leaf, report);
    dated_rules(leaf, report);
    name_constraints(leaf, report);
    validity_period(leaf, report);
    expiring(leaf, options.at, report);
    let names = dns_names(leaf, report);
    super::domains::check(&names, &options.domains, &options.selector, report);
    names
}

/// The subject attributes every mark certificate needs, and those of its mark type (Mark
/// Certificate Requirements section 7.1.4.2.2, as checkdmarc's `bimi.py` lists them).
/// Certificates without a mark type predate these rules and are not held to them.
const REQUIRED_FOR_ALL: &[(ObjectIdentifier, &str)] = &[
    (oid::ORGANIZATION_NAME, "organizationName (O)"),
    (oid::STREET_ADDRESS, "streetAddress (street)"),
    (oid::COUNTRY_NAME, "countryName (C)"),
    (oid::BUSINESS_CATEGORY, "businessCategory"),
    (oid::SERIAL_NUMBER, "serialNumber"),
    (
        oid::JURISDICTION_COUNTRY,
        "jurisdictionCountryName (jurisdictionC)",
    ),
];
const REQUIRED_FOR_TRADEMARKS: &[(ObjectIdentifier, &str)] = &[
    (oid::TRADEMARK_COUNTRY, "trademarkCountryOrRegionName"),
    (oid::TRADEMARK_IDENTIFIER, "trademarkIdentifier"),
];
const REQUIRED_FOR_GOVERNMENT: &[(ObjectIdentifier, &str)] = &[
    (oid::STATUTE_COUNTRY, "statuteCountryName"),
    (oid::STATUTE_CITATION, "statuteCitation"),
];

fn has_attribute(leaf: &Parsed, attribute: &ObjectIdentifier) -> bool {
    leaf.cert
        .tbs_certificate()
        .subject()
        .iter()
        .any(|atv| atv.oid == *attribute)
}

fn subject_fields(leaf: &Parsed, report: &mut Report) {
    let Some(mark_type) = mark_type(leaf) else {
        return;
    };
    let by_type: &[(ObjectIdentifier, &str)] = match mark_type.as_str() {
        "Registered Mark" | "Modified Registered Mark" => REQUIRED_FOR_TRADEMARKS,
        "Government Mark" => REQUIRED_FOR_GOVERNMENT,
        "Prior Use Mark" => &[],
        _ => return,
    };
    let mut missing: Vec<&str> = REQUIRED_FOR_ALL
        .iter()
        .chain(by_type)
        .filter(|(attribute, _)| !has_attribute(leaf, attribute))
        .map(|(_, name)| *name)
        .collect();
    if !has_attribute(leaf, &oid::LOCALITY_NAME)
        && !has_attribute(leaf, &oid::STATE_OR_PROVINCE_NAME)
    {
        missing.push("localityName (L) or stateOrProvinceName (ST)");
    }
    if !missing.is_empty() {
        report.error(
            "subject-field-missing",
            Location::certificate(0),
            format!(
                "the subject of this {mark_type} certificate lacks {}, which the Mark \
                 Certificate Requirements (7.1.4.2.2) ask of it; receivers that check the \
                 profile refuse it: ask the CA to reissue it",
                missing.join(", ")
            ),
        );
    }
}

/// 2025-03-15T00:00:00Z and 2025-04-15T00:00:00Z, in seconds since 1970.
const PILOT_ENDS: u64 = 1_741_996_800;
const PRIOR_USE_URL_FROM: u64 = 1_744_675_200;

/// Rules of the requirements that apply from a date of issuance (notBefore), as checkdmarc
/// applies them.
fn dated_rules(leaf: &Parsed, report: &mut Report) {
    let tbs = leaf.cert.tbs_certificate();
    let issued = tbs.validity().not_before.to_unix_duration().as_secs();
    let has_pilot = tbs
        .extensions()
        .is_some_and(|e| e.iter().any(|e| e.extn_id == oid::PILOT_IDENTIFIER));
    if issued >= PILOT_ENDS && has_pilot {
        report.error(
            "pilot-extension",
            Location::certificate(0),
            "the certificate carries the pilot identifier extension 1.3.6.1.4.1.53087.4.1, \
             which the Mark Certificate Requirements do not allow in certificates issued on or \
             after 2025-03-15: ask the CA to reissue it",
        );
    }
    if issued >= PRIOR_USE_URL_FROM
        && mark_type(leaf).as_deref() == Some("Prior Use Mark")
        && !has_attribute(leaf, &oid::PRIOR_USE_MARK_SOURCE_URL)
    {
        report.error(
            "prior-use-mark-source-missing",
            Location::certificate(0),
            "the certificate is for a Prior Use Mark but its subject has no \
             priorUseMarkSourceURL (1.3.6.1.4.1.53087.5.1), required in certificates issued \
             on or after 2025-04-15: ask the CA to reissue it with the URL where the mark was \
             seen",
        );
    }
}

/// Name constraints have no place in a mark certificate (checkdmarc forbids the extension).
fn name_constraints(leaf: &Parsed, report: &mut Report) {
    let present = leaf
        .cert
        .tbs_certificate()
        .extensions()
        .is_some_and(|e| e.iter().any(|e| e.extn_id == oid::NAME_CONSTRAINTS));
    if present {
        report.error(
            "name-constraints",
            Location::certificate(0),
            "the mark certificate carries a name constraints extension, which only CA \
             certificates may have and which receivers refuse in a mark certificate: ask the CA \
             to reissue it",
        );
    }
}

/// A certificate close to its end: receivers stop showing the logo when it expires.
fn expiring(leaf: &Parsed, at: std::time::SystemTime, report: &mut Report) {
    let at = at
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let end = leaf
        .cert
        .tbs_certificate()
        .validity()
        .not_after
        .to_unix_duration()
        .as_secs();
    if at <= end && end - at < EXPIRY_WARNING_DAYS * DAY {
        report.warning(
            "expiring-soon",
            Location::certificate(0),
            format!(
                "the certificate expires in {} days, at {}: renew it now and publish the new \
                 chain before then",
                (end - at) / DAY,
                leaf.cert.tbs_certificate().validity().not_after
            ),
        );
    }
}

/// The URLs of the certificate's CRL distribution points (full names only).
pub(crate) fn crl_urls(cert: &Parsed) -> Vec<String> {
    let Ok(Some((_, points))) = cert
        .cert
        .tbs_certificate()
        .get_extension::<CrlDistributionPoints>()
    else {
        return Vec::new();
    };
    points
        .0
        .iter()
        .filter_map(|point| match &point.distribution_point {
            Some(DistributionPointName::FullName(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .filter_map(|name| match name {
            GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
            _ => None,
        })
        .collect()
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
        report.error(
            "eku-extra",
            Location::certificate(0),
            format!(
                "besides BIMI the certificate names {}; the Mark Certificate Requirements \
                 allow the BIMI key purpose alone, and receivers (Apple among them) refuse \
                 others: ask the CA to reissue it",
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
                 Requirements do not allow wildcards and receivers match no domain with it: \
                 name each mail domain"
            ),
        );
    }
    names
}
