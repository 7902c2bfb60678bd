//! Distinguished names as text, with the attribute names of the Mark Certificate Requirements.

use der::asn1::{
    Any, BmpString, Ia5StringRef, ObjectIdentifier, PrintableStringRef, TeletexStringRef,
    Utf8StringRef,
};
use der::{Tag, Tagged};
use x509_cert::name::Name;

/// Short names for the attributes seen in mark certificates. Others print as dotted OIDs.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "street"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.17", "postalCode"),
    ("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
    ("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("1.3.6.1.4.1.53087.1.2", "trademarkOfficeName"),
    ("1.3.6.1.4.1.53087.1.3", "trademarkCountryOrRegionName"),
    ("1.3.6.1.4.1.53087.1.4", "trademarkIdentifier"),
    ("1.3.6.1.4.1.53087.1.13", "markType"),
    ("1.3.6.1.4.1.53087.5.1", "priorUseMarkSourceURL"),
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

fn attribute_name(oid: &ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    ATTRIBUTE_NAMES
        .iter()
        .find(|(known, _)| *known == dotted)
        .map_or(dotted, |(_, short)| (*short).to_owned())
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
