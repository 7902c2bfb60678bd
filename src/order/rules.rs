//! The rules between fields that the OpenAPI document states in words only.

use serde_json::Value;

use super::codes::{CountryUse, country_advice, locale_advice};
use super::report::Path;
use super::schema::shown;
use crate::findings::Report;
use crate::logo::Logo;

/// Which endpoint a body is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderKind {
    /// `POST /order/certificate/vmc_basic`
    Vmc,
    /// `POST /order/certificate/mark_certificate`
    Cmc,
}

impl OrderKind {
    /// The component schema of the request body.
    pub(crate) fn schema(self) -> &'static str {
        match self {
            Self::Vmc => "VmcOrderRequest",
            Self::Cmc => "CmcOrderRequest",
        }
    }
}

/// Fields a new organization needs when no `organization.id` is given.
const NEW_ORGANIZATION: &[&str] = &["name", "address", "city", "country", "telephone"];
/// Organization fields that describe a new organization.
const ORGANIZATION_DETAILS: &[&str] = &[
    "name",
    "assumed_name",
    "address",
    "address2",
    "city",
    "state",
    "zip",
    "country",
    "telephone",
    "organization_contact",
];
/// Fields a contact needs when it does not name an existing user.
const NEW_CONTACT: &[&str] = &["first_name", "last_name", "job_title", "telephone", "email"];

/// A logo already checked by the caller: its encoded text and its report, so a body that
/// carries exactly that text is not decoded and checked a second time.
#[derive(Clone, Copy)]
pub(crate) struct KnownLogo<'a> {
    pub(crate) encoded: &'a str,
    pub(crate) report: &'a Report,
}

pub(crate) fn check(kind: OrderKind, body: &Value, known: Option<KnownLogo>, report: &mut Report) {
    let root = Path::root();
    payment(body, report);
    ignored_combinations(body, report);
    organization(kind, body, report);
    dns_names(body, report);
    codes(body, report);
    if kind == OrderKind::Vmc {
        marks(body, report);
    }
    logo(body, &root.field("vmc").field("logo"), known, report);
}

fn present(value: &Value, key: &str) -> bool {
    value.get(key).is_some_and(|v| !v.is_null())
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Rule 2: a card payment carries the card and its address. Beside another payment method
/// DigiCert ignores them (the pages require them with `card` and forbid them nowhere): the
/// order is charged to the balance or the account's card, which the caller may not expect.
fn payment(body: &Value, report: &mut Report) {
    let given = text(body, "payment_method");
    let method = given.unwrap_or("balance");
    let charged = match method {
        "profile" => "the account's default credit card",
        _ => "the account balance",
    };
    let why = match given {
        Some(method) => format!("payment_method is {method}"),
        None => "payment_method is left out (balance is the default)".to_owned(),
    };
    let root = Path::root();
    for (field, rule_missing, rule_unused) in [
        (
            "credit_card",
            "card-needs-credit-card",
            "credit-card-without-card",
        ),
        (
            "billing_address",
            "card-needs-billing-address",
            "billing-address-without-card",
        ),
    ] {
        let at = root.field(field);
        match (method == "card", present(body, field)) {
            (true, false) => report.error(
                rule_missing,
                &at,
                format!("payment_method is card, so {at} is required; add it"),
            ),
            (false, true) => report.warning(
                rule_unused,
                &at,
                format!(
                    "{at} is ignored: {why}, so DigiCert charges {charged}, not this card; to \
                     pay by this card set payment_method to card, otherwise remove {at}"
                ),
            ),
            _ => {}
        }
    }
}

/// Rule 10: fields DigiCert ignores in some combinations.
fn ignored_combinations(body: &Value, report: &mut Report) {
    let root = Path::root();
    if present(body, "comments") && body.get("skip_approval") == Some(&Value::Bool(true)) {
        report.warning(
            "comments-ignored",
            &root.field("comments"),
            "comments is ignored when skip_approval is true, as no approval request is \
             created; remove one of them"
                .to_owned(),
        );
    }
    let method = text(body, "payment_method").unwrap_or("balance");
    if present(body, "vat_number") && !matches!(method, "card" | "profile") {
        report.warning(
            "vat-number-ignored",
            &root.field("vat_number"),
            format!(
                "vat_number is only used when paying by card or profile (this order pays by \
                 {method}); remove it"
            ),
        );
    }
}

/// Rule 5: an existing organization by id, or a complete new one; complete contacts.
fn organization(kind: OrderKind, body: &Value, report: &mut Report) {
    let Some(organization) = body.get("organization").filter(|o| o.is_object()) else {
        return; // missing or mistyped: reported by the schema check
    };
    let at = Path::root().field("organization");
    let has_id = present(organization, "id");
    let has_details = ORGANIZATION_DETAILS
        .iter()
        .any(|f| present(organization, f));
    match (has_id, has_details) {
        (false, false) => report.error(
            "organization-id-or-details",
            &at,
            "organization needs an id (existing organization) or the details of a new one \
             (name, address, city, country, telephone); add one of them"
                .to_owned(),
        ),
        (false, true) => {
            for field in NEW_ORGANIZATION {
                if !present(organization, field) {
                    let path = at.field(field);
                    report.error(
                        "new-organization-details",
                        &path,
                        format!(
                            "{path} is required for a new organization (no organization.id); \
                             add it, or give the id of an existing organization"
                        ),
                    );
                }
            }
        }
        (true, true) => report.warning(
            "organization-id-and-details",
            &at,
            "organization has both an id and new-organization details; DigiCert recommends the \
             id alone, so remove the details"
                .to_owned(),
        ),
        (true, false) => {}
    }
    let joined = [
        text(organization, "name"),
        text(organization, "assumed_name"),
    ];
    if let [Some(name), Some(assumed)] = joined
        && name.chars().count() + assumed.chars().count() > 61
    {
        report.error(
            "organization-name-length",
            &at.field("assumed_name"),
            "organization.name and organization.assumed_name together may have at most 61 \
             characters; shorten one of them"
                .to_owned(),
        );
    }

    let contacts_at = at.field("contacts");
    let contacts = organization
        .get("contacts")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (i, contact) in contacts.iter().enumerate() {
        let contact_at = contacts_at.index(i);
        if !contact.is_object() {
            continue;
        }
        if !present(contact, "user_id") {
            for field in NEW_CONTACT {
                if !present(contact, field) {
                    let path = contact_at.field(field);
                    report.error(
                        "contact-details",
                        &path,
                        format!(
                            "{path} is required for a contact without user_id; add it, or \
                             give the user_id of an existing user"
                        ),
                    );
                }
            }
        }
        if text(contact, "contact_type") == Some("ev_approver") {
            report.warning(
                "legacy-contact-type",
                &contact_at.field("contact_type"),
                "ev_approver is the legacy name of verified_contact; both work, but prefer \
                 verified_contact"
                    .to_owned(),
            );
        }
    }
    let has_verified = contacts.iter().any(|c| {
        matches!(
            text(c, "contact_type"),
            Some("verified_contact" | "ev_approver")
        )
    });
    if kind == OrderKind::Cmc && !has_id && !has_verified {
        report.error(
            "cmc-verified-contact",
            &contacts_at,
            "a CMC order for a new organization needs a contact with contact_type \
             verified_contact; add one to organization.contacts"
                .to_owned(),
        );
    }
}

/// Rule 8: the certificate names the mail domains, each a valid host name, each once.
fn dns_names(body: &Value, report: &mut Report) {
    let Some(certificate) = body.get("certificate").filter(|c| c.is_object()) else {
        return; // missing or mistyped: reported by the schema check
    };
    let at = Path::root().field("certificate").field("dns_names");
    let names = match certificate.get("dns_names") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(names)) => names.as_slice(),
        Some(_) => return, // mistyped: reported by the schema check
    };
    if names.is_empty() {
        report.warning(
            "no-dns-names",
            &at,
            "the order names no domain, so the certificate would name none of the mail \
             domains that publish the BIMI record; add them to certificate.dns_names (or add \
             them on the pending order before it is issued)"
                .to_owned(),
        );
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some(name) = name.as_str() else { continue };
        if let Err(why) = check_dns_name(name) {
            report.error(
                "dns-name",
                &at.index(i),
                format!("\"{name}\" is not a valid domain name: {why}"),
            );
        }
        let folded = name.to_ascii_lowercase();
        match seen.iter().find(|(known, _)| *known == folded) {
            Some((_, first)) => {
                let first_at = at.index(*first);
                let here = at.index(i);
                let case = if names[*first].as_str() == Some(name) {
                    ""
                } else {
                    " (domain names ignore case)"
                };
                report.warning(
                    "duplicate-dns-name",
                    &here,
                    format!(
                        "{here} ({}) repeats {first_at}{case}; each domain may cost more, so \
                         remove the repeat",
                        shown(&here, &Value::from(name))
                    ),
                );
            }
            None => seen.push((folded, i)),
        }
    }
}

/// Codes from DigiCert's glossaries: the locale, and the country codes of the organization,
/// the billing address and the mark. A value outside the lists is sent, with a warning.
fn codes(body: &Value, report: &mut Report) {
    let root = Path::root();
    let at = root.field("locale");
    if let Some(locale) = text(body, "locale")
        && let Some(advice) = locale_advice(locale, &shown(&at, &Value::from(locale)))
    {
        report.warning("unknown-locale", &at, advice);
    }
    let organization = root.field("organization");
    let vmc = root.field("vmc");
    let data = vmc.field("mark_type_data");
    let places = [
        (
            body.get("organization"),
            "country",
            organization.field("country"),
            CountryUse::Organization,
        ),
        (
            body.get("billing_address"),
            "country",
            root.field("billing_address").field("country"),
            CountryUse::Organization,
        ),
        (
            body.get("vmc").and_then(|v| v.get("mark_type_data")),
            "country_code",
            data.field("country_code"),
            CountryUse::Mark,
        ),
        (
            body.get("vmc"),
            "trademark_country_code",
            vmc.field("trademark_country_code"),
            CountryUse::Mark,
        ),
    ];
    for (parent, key, at, used) in places {
        if let Some(code) = parent.and_then(|p| text(p, key))
            && let Some(advice) = country_advice(code, used)
        {
            report.warning("unknown-country-code", &at, format!("{at}: {advice}"));
        }
    }
}

/// Checks a host name: ASCII labels of letters, digits and hyphens.
pub(crate) fn check_dns_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.starts_with("*.") {
        return Err("mark certificates do not cover wildcard names; list each name");
    }
    if !name.is_ascii() {
        return Err("write internationalized names in their xn-- (punycode) form");
    }
    if name.len() > 253 {
        return Err("it is longer than 253 characters");
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err("it needs at least two labels, as in example.com");
    }
    for label in labels {
        if label.is_empty() {
            return Err("it has an empty label (two dots in a row, or a dot at an end)");
        }
        if label.len() > 63 {
            return Err("a label is longer than 63 characters");
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err("labels may hold only letters, digits and hyphens");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label may not start or end with a hyphen");
        }
    }
    Ok(())
}

/// Rule 4: the VMC mark fields, by mark type.
fn marks(body: &Value, report: &mut Report) {
    let Some(vmc) = body.get("vmc").filter(|v| v.is_object()) else {
        return;
    };
    let vmc_at = Path::root().field("vmc");
    let Some(data) = vmc.get("mark_type_data").filter(|d| d.is_object()) else {
        return;
    };
    let data_at = vmc_at.field("mark_type_data");
    if !present(vmc, "logo") {
        report.error(
            "mark-data-needs-logo",
            &vmc_at.field("logo"),
            "vmc.mark_type_data is given, so vmc.logo is required; add the encoded logo".to_owned(),
        );
    }
    let mark_type = text(vmc, "mark_type").unwrap_or("registered_mark");
    let (ignored, kept_for): (&[&str], &str) = match mark_type {
        "government_mark" => (&["registration_number"], "registered trademarks"),
        _ => (
            &["state_province", "locality", "citation"],
            "government marks",
        ),
    };
    for field in ignored {
        if present(data, field) {
            let path = data_at.field(field);
            report.warning(
                "ignored-for-mark-type",
                &path,
                format!(
                    "{path} is ignored for a {mark_type}; it only applies to {kept_for}, so \
                     remove it or change vmc.mark_type"
                ),
            );
        }
    }
    if mark_type == "government_mark" && present(data, "citation") && !present(data, "country_code")
    {
        report.error(
            "citation-needs-country",
            &data_at.field("country_code"),
            "a government mark with a citation needs vmc.mark_type_data.country_code; add the \
             two-letter code of the granting country"
                .to_owned(),
        );
    }
}

/// Rule 9: the logo decodes and passes the checker; its findings land at `vmc.logo`.
fn logo(body: &Value, at: &Path, known: Option<KnownLogo>, report: &mut Report) {
    let Some(encoded) = body
        .get("vmc")
        .and_then(|v| v.get("logo"))
        .and_then(Value::as_str)
    else {
        return;
    };
    let checked = match known {
        Some(known) if known.encoded == encoded => known.report.clone(),
        _ => match Logo::from_encoded(encoded) {
            Err(e) => {
                report.error("logo-encoding", at, e.to_string());
                return;
            }
            Ok(logo) => logo.check(),
        },
    };
    for mut finding in checked.findings {
        finding.rule = format!("logo-{}", finding.rule).into();
        finding.location = finding.location.within(at.as_str());
        report.push(finding);
    }
}
