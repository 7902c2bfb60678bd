//! Distinguished names as text, with the attribute names of the Mark Certificate Requirements.

use der::asn1::{
    Any, BmpString, Ia5StringRef, ObjectIdentifier, PrintableStringRef, TeletexStringRef,
    Utf8StringRef,
};
use der::{Tag, Tagged};
use x509_cert::name::Name;

use super::asn1::oid;

/// Short names for the attributes seen in mark certificates. Others print as dotted OIDs.
const ATTRIBUTE_NAMES: &[(ObjectIdentifier, &str)] = &[
    (oid::COMMON_NAME, "CN"),
    (oid::SERIAL_NUMBER, "serialNumber"),
    (oid::COUNTRY_NAME, "C"),
    (oid::LOCALITY_NAME, "L"),
    (oid::STATE_OR_PROVINCE_NAME, "ST"),
    (oid::STREET_ADDRESS, "street"),
    (oid::ORGANIZATION_NAME, "O"),
    (oid::ORGANIZATIONAL_UNIT_NAME, "OU"),
    (oid::BUSINESS_CATEGORY, "businessCategory"),
    (oid::POSTAL_CODE, "postalCode"),
    (oid::JURISDICTION_LOCALITY, "jurisdictionL"),
    (oid::JURISDICTION_STATE, "jurisdictionST"),
    (oid::JURISDICTION_COUNTRY, "jurisdictionC"),
    (oid::EMAIL_ADDRESS, "emailAddress"),
    (oid::TRADEMARK_OFFICE_NAME, "trademarkOfficeName"),
    (oid::TRADEMARK_COUNTRY, "trademarkCountryOrRegionName"),
    (oid::TRADEMARK_IDENTIFIER, "trademarkIdentifier"),
    (oid::MARK_TYPE, "markType"),
    (oid::PRIOR_USE_MARK_SOURCE_URL, "priorUseMarkSourceURL"),
];

/// The name in RFC 4514 form (most specific attribute first), such as
/// `CN=PayPal\, Inc.,O=PayPal\, Inc.,C=US`.
pub(crate) fn to_text(name: &Name) -> String {
    let mut rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| format!("{}={}", attribute_name(&atv.oid), value_text(&atv.value)))
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.reverse();
    rdns.join(",")
}

fn attribute_name(attribute: &ObjectIdentifier) -> String {
    ATTRIBUTE_NAMES
        .iter()
        .find(|(known, _)| known == attribute)
        .map_or_else(|| attribute.to_string(), |(_, short)| (*short).to_owned())
}

/// An attribute value: its string, escaped as RFC 4514 asks, or `#` and the hex of its DER.
fn value_text(value: &Any) -> String {
    match string_value(value) {
        Some(text) => escape(&text),
        None => {
            let der = der::Encode::to_der(value).unwrap_or_default();
            let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
            format!("#{hex}")
        }
    }
}

/// The text of a directory string of any of the usual string types.
pub(crate) fn string_value(value: &Any) -> Option<String> {
    let text = match value.tag() {
        Tag::Utf8String => Utf8StringRef::try_from(value).ok()?.as_str().to_owned(),
        Tag::PrintableString => PrintableStringRef::try_from(value)
            .ok()?
            .as_str()
            .to_owned(),
        Tag::Ia5String => Ia5StringRef::try_from(value).ok()?.as_str().to_owned(),
        Tag::TeletexString => TeletexStringRef::try_from(value).ok()?.as_str().to_owned(),
        Tag::BmpString => value.decode_as::<BmpString>().ok()?.to_string(),
        _ => return None,
    };
    Some(text)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let last = text.chars().count().saturating_sub(1);
    for (i, c) in text.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The first value of attribute `oid` in `name`, as text (`None` when absent); `Err` holds
/// the tag of a value that is not a string.
pub(crate) fn attribute(name: &Name, oid: ObjectIdentifier) -> Option<Result<String, Tag>> {
    name.iter()
        .find(|atv| atv.oid == oid)
        .map(|atv| string_value(&atv.value).ok_or(atv.value.tag()))
}
