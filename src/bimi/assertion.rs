//! The BIMI assertion record: `<selector>._bimi.<domain>`, else the same name under the
//! organizational domain; exactly one `v=BIMI1` record; unknown tags ignored.

use serde::Serialize;

use super::dmarc::tags;
use super::dns::{Answer, Dns};
use crate::findings::{Location, Report};
use crate::redact::server_text;

/// The assertion record a receiver uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AssertionRecord {
    /// Where it was found (`default._bimi.example.com`).
    pub name: String,
    /// Its text (strings joined), escaped for display.
    pub text: String,
    /// The `l=` URL, absent or empty when the record declines to show a logo.
    pub logo_url: Option<String>,
    /// The `a=` URL of the mark certificate chain.
    pub certificate_url: Option<String>,
    /// `true` when found at the organizational domain because the author domain has none.
    pub fallback: bool,
}

enum Looked {
    One(String),
    None,
    Several(usize),
    NoAnswer(String),
}

async fn look(dns: &Dns, name: &str) -> Looked {
    match dns.txt(name).await {
        Answer::Unanswered(why) => Looked::NoAnswer(why),
        Answer::None => Looked::None,
        Answer::Found(records) => {
            let bimi: Vec<String> = records
                .iter()
                .map(|r| String::from_utf8_lossy(r).into_owned())
                .filter(|t| starts_as_bimi(t))
                .collect();
            match bimi.len() {
                0 => Looked::None,
                1 => Looked::One(bimi.into_iter().next().unwrap_or_default()),
                n => Looked::Several(n),
            }
        }
    }
}

/// Whether a TXT record's first tag is `v=BIMI1`: such a record is the domain's BIMI record
/// even when the rest cannot be read (it is then reported as malformed, not as missing).
fn starts_as_bimi(text: &str) -> bool {
    text.split(';')
        .next()
        .and_then(|first| first.split_once('='))
        .is_some_and(|(name, value)| name.trim() == "v" && value.trim() == "BIMI1")
}

/// The outcome of discovery: the record, or findings saying why there is none (`unanswered`
/// when a lookup got no answer).
pub(crate) struct Discovery {
    pub record: Option<AssertionRecord>,
    pub unanswered: bool,
}

/// Looks up both names at once (the fallback costs no extra round trip) and picks as a
/// receiver does.
pub(crate) async fn discover(
    dns: &Dns,
    selector: &str,
    domain: &str,
    org: &str,
    report: &mut Report,
) -> Discovery {
    let own_name = format!("{selector}._bimi.{domain}");
    let org_name = format!("{selector}._bimi.{org}");
    let (own, parent) = tokio::join!(look(dns, &own_name), async {
        if org != domain {
            look(dns, &org_name).await
        } else {
            Looked::None
        }
    });
    let mut discovery = Discovery {
        record: None,
        unanswered: false,
    };
    let chosen = match own {
        Looked::One(text) => Some((own_name.clone(), text, false)),
        Looked::Several(n) => {
            report.error(
                "bimi-several-records",
                Location::path(&own_name),
                format!(
                    "{own_name} holds {n} v=BIMI1 records; receivers then use none: keep \
                     exactly one"
                ),
            );
            None
        }
        Looked::NoAnswer(why) => {
            report.error(
                "bimi-no-answer",
                Location::path(&own_name),
                format!("the lookup of {own_name} got no answer: {why}; try again later"),
            );
            discovery.unanswered = true;
            None
        }
        Looked::None => match parent {
            Looked::One(text) => Some((org_name.clone(), text, true)),
            Looked::Several(n) => {
                report.error(
                    "bimi-several-records",
                    Location::path(&org_name),
                    format!(
                        "{org_name} holds {n} v=BIMI1 records; receivers then use none: keep \
                         exactly one"
                    ),
                );
                None
            }
            Looked::NoAnswer(why) => {
                report.error(
                    "bimi-no-answer",
                    Location::path(&org_name),
                    format!("the lookup of {org_name} got no answer: {why}; try again later"),
                );
                discovery.unanswered = true;
                None
            }
            Looked::None => {
                let also = if org != domain {
                    format!(" nor at {org_name}")
                } else {
                    String::new()
                };
                report.error(
                    "bimi-record-missing",
                    Location::path(&own_name),
                    format!(
                        "no v=BIMI1 record at {own_name}{also}: publish TXT {own_name} \
                         `v=BIMI1; l=<https URL of the SVG>; a=<https URL of the PEM chain>` \
                         (markcert bimi record prints it)"
                    ),
                );
                None
            }
        },
    };
    let Some((name, text, fallback)) = chosen else {
        return discovery;
    };
    let parsed = tags(&text).unwrap_or_default();
    let value = |tag: &str| {
        parsed
            .iter()
            .find(|(n, _)| n == tag)
            .map(|(_, v)| v.clone())
    };
    let logo_url = value("l").filter(|v| !v.is_empty());
    let certificate_url = value("a").filter(|v| !v.is_empty());
    if tags(&text).is_err() {
        report.error(
            "bimi-record-malformed",
            Location::path(&name),
            format!(
                "the record at {name} is not a list of tag=value pairs separated by `;`: \
                 publish `v=BIMI1; l=...; a=...`"
            ),
        );
    } else if logo_url.is_none() && certificate_url.is_none() {
        report.error(
            "bimi-declined",
            Location::path(&name),
            format!(
                "the record at {name} has an empty `l=`: it declines to show a logo; publish \
                 the https URLs of the SVG (l=) and of the certificate chain (a=)"
            ),
        );
    } else {
        for (tag, url, what) in [
            ("l", &logo_url, "SVG logo"),
            ("a", &certificate_url, "PEM certificate chain"),
        ] {
            match url {
                None => report.error(
                    "bimi-url-missing",
                    Location::path(format!("{name} {tag}=")),
                    format!(
                        "the record at {name} has no `{tag}=`: receivers that show logos need \
                         the https URL of the {what}; add `{tag}=https://...`"
                    ),
                ),
                Some(url) if !url.to_ascii_lowercase().starts_with("https://") => report.error(
                    "bimi-url-not-https",
                    Location::path(format!("{name} {tag}=")),
                    format!(
                        "`{tag}={}` is not an https URL: receivers fetch the {what} over https \
                         only; publish it at an https URL",
                        server_text(url, 200)
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    discovery.record = Some(AssertionRecord {
        name,
        text: server_text(&text, 1000),
        logo_url,
        certificate_url,
        fallback,
    });
    discovery
}
