//! DMARC as BIMI receivers read it: a logo is shown only for mail whose domain is at
//! enforcement (`p=quarantine` with `pct=100`, or `p=reject`), with no `sp=none`, for the
//! author domain and for its organizational domain.

use serde::Serialize;

use super::dns::{Answer, Dns};
use crate::findings::{Location, Report};
use crate::redact::server_text;

/// A DMARC record looked up, and what was found there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DmarcLookup {
    /// The name looked up (`_dmarc.<domain>`).
    pub name: String,
    /// The `v=DMARC1` record found there, escaped for display; absent when there is none
    /// or no answer came.
    pub record: Option<String>,
}

/// The policy tags of one record that matter to BIMI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Policy {
    p: String,
    sp: Option<String>,
    np: Option<String>,
    pct: u8,
    testing: bool,
}

/// Splits a `tag=value; tag=value` record (DMARC and BIMI share the syntax). Tag names are
/// lower-cased; empty parts (a final `;`) are skipped.
pub(crate) fn tags(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in text.split(';') {
        let part = part.trim_matches([' ', '\t', '\r', '\n']);
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!(
                "`{}` is not a tag=value pair",
                server_text(part, 60)
            ));
        };
        out.push((
            name.trim().to_ascii_lowercase(),
            value.trim_matches([' ', '\t', '\r', '\n']).to_owned(),
        ));
    }
    Ok(out)
}

fn is_dmarc(text: &str) -> bool {
    let head = text.trim_start();
    head.get(..2).is_some_and(|v| v.eq_ignore_ascii_case("v="))
        && head[2..]
            .trim_start()
            .get(..6)
            .is_some_and(|v| v.eq_ignore_ascii_case("DMARC1"))
}

/// Reads the policy tags; the error names the tag and the fix.
pub(crate) fn parse(text: &str) -> Result<Policy, String> {
    let tags = tags(text)?;
    if !tags
        .first()
        .is_some_and(|(n, v)| n == "v" && v.eq_ignore_ascii_case("DMARC1"))
    {
        return Err("the record must start with `v=DMARC1`".to_owned());
    }
    let mut policy = Policy {
        pct: 100,
        ..Policy::default()
    };
    let mut p = None;
    let allowed = |tag: &str, value: &str| -> Result<String, String> {
        let value = value.to_ascii_lowercase();
        if matches!(value.as_str(), "none" | "quarantine" | "reject") {
            Ok(value)
        } else {
            Err(format!(
                "`{tag}={}` is not a policy: use none, quarantine or reject",
                server_text(&value, 40)
            ))
        }
    };
    for (name, value) in &tags[1..] {
        match name.as_str() {
            "p" => p = Some(allowed("p", value)?),
            "sp" => policy.sp = Some(allowed("sp", value)?),
            "np" => policy.np = Some(allowed("np", value)?),
            "pct" => {
                policy.pct = value
                    .parse::<u8>()
                    .ok()
                    .filter(|n| *n <= 100)
                    .ok_or_else(|| {
                        format!(
                            "`pct={}` is not a number from 0 to 100",
                            server_text(value, 20)
                        )
                    })?;
            }
            // DMARCbis: t=y asks receivers to apply the policy one level lower.
            "t" => policy.testing = value.eq_ignore_ascii_case("y"),
            _ => {}
        }
    }
    policy.p = p.ok_or("the record has no `p=` tag: add `p=quarantine` or `p=reject`")?;
    Ok(policy)
}

/// One record's lookup, reduced to what the check needs.
enum Found {
    Record(Policy),
    None,
    NoAnswer,
}

async fn lookup(
    dns: &Dns,
    domain: &str,
    report: &mut Report,
    seen: &mut Vec<DmarcLookup>,
) -> Found {
    let name = format!("_dmarc.{domain}");
    let answer = dns.txt(&name).await;
    let mut lookup = DmarcLookup {
        name: name.clone(),
        record: None,
    };
    let found = match answer {
        Answer::Unanswered(why) => {
            report.error(
                "dmarc-no-answer",
                Location::path(&name),
                format!("the DMARC lookup of {name} got no answer: {why}; try again later"),
            );
            Found::NoAnswer
        }
        Answer::None => Found::None,
        Answer::Found(records) => {
            let texts: Vec<String> = records
                .iter()
                .map(|r| String::from_utf8_lossy(r).into_owned())
                .filter(|t| is_dmarc(t))
                .collect();
            match texts.as_slice() {
                [] => Found::None,
                [text] => {
                    lookup.record = Some(server_text(text, 400));
                    match parse(text) {
                        Ok(policy) => Found::Record(policy),
                        Err(why) => {
                            report.error(
                                "dmarc-malformed",
                                Location::path(&name),
                                format!(
                                    "the DMARC record at {name} cannot be used: {why}; \
                                     receivers treat the domain as having no DMARC policy"
                                ),
                            );
                            Found::None
                        }
                    }
                }
                _ => {
                    report.error(
                        "dmarc-several-records",
                        Location::path(&name),
                        format!(
                            "{name} holds {} v=DMARC1 records; receivers then apply none: keep \
                             exactly one",
                            texts.len()
                        ),
                    );
                    Found::None
                }
            }
        }
    };
    seen.push(lookup);
    found
}

/// The policy a receiver applies to mail from a domain, after DMARCbis testing mode.
fn applied(policy: &str, testing: bool) -> &str {
    match (policy, testing) {
        ("reject", true) => "quarantine",
        ("quarantine", true) => "none",
        (p, _) => p,
    }
}

fn judge(report: &mut Report, name: &str, policy: &Policy, effective: &str, tag: &str, what: &str) {
    let applied = applied(effective, policy.testing);
    if applied == "none" {
        let why = if policy.testing && effective != "none" {
            format!("`{tag}={effective}` with `t=y` (testing) is applied as none")
        } else {
            format!("`{tag}=none`")
        };
        report.error(
            "dmarc-not-enforced",
            Location::path(name),
            format!(
                "the DMARC policy for {what} is {why}: receivers show a logo only at \
                 enforcement; set `{tag}=quarantine` or `{tag}=reject` in {name}{}",
                if policy.testing {
                    " and remove `t=y`"
                } else {
                    ""
                }
            ),
        );
        return;
    }
    if policy.testing {
        report.warning(
            "dmarc-testing",
            Location::path(name),
            format!("{name} has `t=y` (testing): `{tag}={effective}` is applied as {applied}; remove `t=y`"),
        );
    }
    if policy.pct < 100 {
        if applied == "quarantine" {
            report.error(
                "dmarc-pct-below-100",
                Location::path(name),
                format!(
                    "{name} applies quarantine to {}% of failing mail only: receivers show a \
                     logo only with `pct=100` (or no pct tag); remove `pct={}`",
                    policy.pct, policy.pct
                ),
            );
        } else {
            report.warning(
                "dmarc-pct-below-100",
                Location::path(name),
                format!(
                    "{name} rejects {}% of failing mail and quarantines the rest; some receivers \
                     ask for `pct=100`: remove `pct={}`",
                    policy.pct, policy.pct
                ),
            );
        }
    }
}

/// Checks the DMARC records of `domain` and of its organizational domain `org`, both looked
/// up at once. Returns the lookups made; findings go to `report`.
pub(crate) async fn check(
    dns: &Dns,
    domain: &str,
    org: &str,
    report: &mut Report,
) -> Vec<DmarcLookup> {
    let mut seen = Vec::new();
    let mut own_report = Report::default();
    let mut org_report = Report::default();
    let (mut own_seen, mut org_seen) = (Vec::new(), Vec::new());
    let is_sub = domain != org;
    let (own, parent) = tokio::join!(lookup(dns, domain, &mut own_report, &mut own_seen), async {
        if is_sub {
            lookup(dns, org, &mut org_report, &mut org_seen).await
        } else {
            Found::None
        }
    });
    report.extend(own_report);
    report.extend(org_report);
    seen.extend(own_seen);
    seen.extend(org_seen);

    let own_name = format!("_dmarc.{domain}");
    let org_name = format!("_dmarc.{org}");
    match (&own, &parent) {
        (Found::NoAnswer, _) | (_, Found::NoAnswer) => {}
        (Found::None, Found::None) => report.error(
            "dmarc-missing",
            Location::path(&own_name),
            format!(
                "no DMARC record applies to {domain}: receivers show no logo without one; \
                 publish TXT {org_name} `v=DMARC1; p=quarantine; rua=mailto:dmarc@{org}` \
                 (or p=reject)"
            ),
        ),
        (Found::Record(policy), _) => judge(report, &own_name, policy, &policy.p, "p", domain),
        (Found::None, Found::Record(policy)) => {
            let (effective, tag) = match &policy.sp {
                Some(sp) => (sp.as_str(), "sp"),
                None => (policy.p.as_str(), "p"),
            };
            judge(report, &org_name, policy, effective, tag, domain);
        }
    }
    // The organizational domain must be at enforcement too, and not exempt its subdomains.
    let org_policy = if is_sub {
        match &parent {
            Found::Record(policy) => Some((org_name.as_str(), policy)),
            Found::None if matches!(own, Found::Record(..)) => {
                report.error(
                    "dmarc-org-missing",
                    Location::path(&org_name),
                    format!(
                        "{domain} has a DMARC record but its organizational domain {org} has \
                         none: receivers ask for enforcement there too; publish TXT {org_name} \
                         `v=DMARC1; p=quarantine` (or p=reject)"
                    ),
                );
                None
            }
            _ => None,
        }
    } else {
        match &own {
            Found::Record(policy) => Some((own_name.as_str(), policy)),
            _ => None,
        }
    };
    if let Some((name, policy)) = org_policy {
        if is_sub && matches!(own, Found::Record(..)) {
            judge(report, name, policy, &policy.p, "p", org);
        }
        if policy.sp.as_deref() == Some("none") && !report.has("dmarc-not-enforced") {
            report.error(
                "dmarc-sp-none",
                Location::path(name),
                format!(
                    "{name} has `sp=none`: mail from subdomains of {org} is not at enforcement \
                     and receivers do not show the logo; remove `sp=none` or set \
                     `sp=quarantine`"
                ),
            );
        }
        if policy.np.as_deref() == Some("none") {
            report.warning(
                "dmarc-np-none",
                Location::path(name),
                format!(
                    "{name} has `np=none` (DMARCbis): some receivers read it as subdomains \
                     not at enforcement; remove it or set `np=quarantine`"
                ),
            );
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_with_lower_case_names() {
        let policy = parse("v=DMARC1; P=Reject; pct=50; t=y;").unwrap();
        assert_eq!(policy.p, "reject");
        assert_eq!(policy.pct, 50);
        assert!(policy.testing);
    }

    #[test]
    fn a_record_without_p_or_with_a_bad_value_is_refused() {
        assert!(
            parse("v=DMARC1; rua=mailto:a@b")
                .unwrap_err()
                .contains("p=")
        );
        assert!(
            parse("v=DMARC1; p=always")
                .unwrap_err()
                .contains("p=always")
        );
        assert!(
            parse("v=DMARC1; p=reject; pct=101")
                .unwrap_err()
                .contains("pct")
        );
        assert!(
            parse("p=reject; v=DMARC1")
                .unwrap_err()
                .contains("v=DMARC1")
        );
    }
}
