//! CAA (RFC 8659) as a mark certificate CA reads it: the closest CAA record set on the way
//! up from the domain; its `issuevmc` properties where present, else `issue`.

use serde::Serialize;

use super::dns::{Answer, Dns};
use crate::findings::{Location, Report};
use crate::redact::server_text;

/// The issuer domain names DigiCert checks for in CAA records.
pub const DIGICERT_CAA_ISSUERS: &[&str] = &["digicert.com", "www.digicert.com"];

/// Property tags a CA understands; a critical record with another tag forbids issuance.
const KNOWN_TAGS: &[&str] = &[
    "issue",
    "issuewild",
    "iodef",
    "issuevmc",
    "issuemail",
    "contactemail",
    "contactphone",
];

/// The CAA record set that applies to a domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CaaSeen {
    /// The domain the order would name.
    pub domain: String,
    /// Where the applying set was found (the domain or a parent), absent when no name on the
    /// way up has CAA records (any CA may issue).
    pub found_at: Option<String>,
    /// The records of that set, in presentation form (`0 issuevmc "digicert.com"`).
    pub records: Vec<String>,
    /// Whether DigiCert may issue a mark certificate for the domain.
    pub allows_digicert: bool,
}

/// The names looked up for `domain`: itself and each parent, the top-level domain excluded.
fn climb(domain: &str) -> Vec<String> {
    let labels: Vec<&str> = domain.split('.').collect();
    (0..labels.len().saturating_sub(1))
        .map(|i| labels[i..].join("."))
        .collect()
}

/// Checks CAA for one domain: every name on the way up is looked up at once, and the closest
/// set with records is used. Returns `None` when a lookup needed got no answer.
pub(crate) async fn check(dns: &Dns, domain: &str, report: &mut Report) -> Option<CaaSeen> {
    let names = climb(domain);
    let answers = futures_join(dns, &names).await;
    let mut applying = None;
    for (name, answer) in names.iter().zip(answers) {
        match answer {
            Answer::Found(records) => {
                applying = Some((name.clone(), records));
                break;
            }
            Answer::None => continue,
            Answer::Unanswered(why) => {
                report.error(
                    "caa-no-answer",
                    Location::path(name),
                    format!("the CAA lookup of {name} got no answer: {why}; try again later"),
                );
                return None;
            }
        }
    }
    let Some((found_at, records)) = applying else {
        return Some(CaaSeen {
            domain: domain.to_owned(),
            found_at: None,
            records: Vec::new(),
            allows_digicert: true,
        });
    };
    let shown: Vec<String> = records
        .iter()
        .map(|r| {
            format!(
                "{} {} \"{}\"",
                r.flags(),
                server_text(&r.tag, 20),
                server_text(&String::from_utf8_lossy(&r.value), 200)
            )
        })
        .collect();
    let critical_unknown = records
        .iter()
        .find(|r| r.issuer_critical && !KNOWN_TAGS.contains(&r.tag.to_ascii_lowercase().as_str()));
    let vmc: Vec<_> = records
        .iter()
        .filter(|r| r.tag.eq_ignore_ascii_case("issuevmc"))
        .collect();
    let (property, relevant) = if vmc.is_empty() {
        (
            "issue",
            records
                .iter()
                .filter(|r| r.tag.eq_ignore_ascii_case("issue"))
                .collect(),
        )
    } else {
        ("issuevmc", vmc)
    };
    let issuers: Vec<String> = relevant
        .iter()
        .map(|r| {
            let value = String::from_utf8_lossy(&r.value);
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    let allows = critical_unknown.is_none()
        && (relevant.is_empty()
            || issuers
                .iter()
                .any(|i| DIGICERT_CAA_ISSUERS.contains(&i.as_str())));
    if let Some(record) = critical_unknown {
        report.error(
            "caa-critical-unknown",
            Location::path(&found_at),
            format!(
                "the CAA records at {found_at} include a critical `{}` property, which CAs do \
                 not know and so must not issue: remove the critical flag or the record",
                server_text(&record.tag, 20)
            ),
        );
    } else if !allows {
        let named: Vec<String> = issuers
            .iter()
            .map(|i| {
                if i.is_empty() {
                    "no CA".to_owned()
                } else {
                    server_text(i, 60)
                }
            })
            .collect();
        report.error(
            "caa-forbids-digicert",
            Location::path(&found_at),
            format!(
                "the CAA `{property}` records at {found_at} allow only {} to issue, so DigiCert \
                 cannot issue a mark certificate for {domain}: add `{found_at}. CAA 0 issuevmc \
                 \"digicert.com\"`",
                named.join(", ")
            ),
        );
    }
    Some(CaaSeen {
        domain: domain.to_owned(),
        found_at: Some(found_at),
        records: shown,
        allows_digicert: allows,
    })
}

/// Looks up every name at once.
async fn futures_join(
    dns: &Dns,
    names: &[String],
) -> Vec<Answer<hickory_resolver::proto::rr::rdata::CAA>> {
    let mut set = Vec::with_capacity(names.len());
    for name in names {
        set.push(dns.caa(name));
    }
    futures_util::future::join_all(set).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_climb_stops_before_the_top_level_domain() {
        assert_eq!(
            super::climb("mail.brand.example"),
            ["mail.brand.example", "brand.example"]
        );
    }
}
