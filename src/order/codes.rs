//! The code lists that DigiCert's pages point to in glossaries: country codes (for trademark
//! offices and organizations) and the locale of the validation email.
//!
//! The order pages name both glossaries without listing them, so the lists here are the
//! standards the codes come from:
//! - countries: the officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance
//!   Agency), 249 of them;
//! - trademark offices that are not a country: the WIPO Standard ST.3 codes of the regional
//!   offices that register marks (`EM` for the European Union Intellectual Property Office,
//!   `WO` for WIPO's international register, `BX` for the Benelux office);
//! - locales: ISO 639-1 language codes (`en`), alone or with an ISO 3166-1 region (`en_US`,
//!   `en-US`), the form of the document's own example.
//!
//! A value outside these lists is sent as given, with a warning: DigiCert may take it.

/// ISO 3166-1 alpha-2, officially assigned codes.
const ISO_3166_1: &str = "\
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET \
FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU \
ID IE IL IM IN IO IQ IR IS IT \
JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ \
OM \
PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA \
RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ \
VA VC VE VG VI VN VU \
WF WS \
YE YT \
ZA ZM ZW";

/// Regional trademark offices (their WIPO ST.3 codes), taken for a mark's country beside the
/// countries: DigiCert's glossary names regional offices such as `EM` and `WO`.
const REGIONAL_OFFICES: &[(&str, &str)] = &[
    ("EM", "European Union Intellectual Property Office"),
    ("WO", "World Intellectual Property Organization"),
    ("BX", "Benelux Office for Intellectual Property"),
];

/// ISO 639-1 language codes.
const ISO_639_1: &str = "\
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht \
hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky \
la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny \
oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss \
st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo \
za zh zu";

/// Codes people write for a country or office that has another code.
const COUNTRY_ALIASES: &[(&str, &str)] = &[("UK", "GB"), ("EU", "EM")];

/// Where a country code is used: an organization's address, or the office of a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CountryUse {
    /// `organization.country`: a country.
    Organization,
    /// `vmc.mark_type_data.country_code`, `vmc.trademark_country_code`: a country or a
    /// regional trademark office.
    Mark,
}

fn is_country(code: &str) -> bool {
    code.len() == 2
        && ISO_3166_1
            .split(' ')
            .any(|known| known.eq_ignore_ascii_case(code))
}

fn regional_office(code: &str) -> Option<&'static str> {
    REGIONAL_OFFICES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// `None` for a known code; otherwise what to say about it (a "did you mean" when there is
/// a likely intended code). Codes that are not two letters are left to the document's
/// pattern.
pub(crate) fn country_advice(code: &str, at: CountryUse) -> Option<String> {
    if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic())) || is_country(code) {
        return None;
    }
    let office = regional_office(code);
    match (office, at) {
        (Some(_), CountryUse::Mark) => return None,
        (Some(name), CountryUse::Organization) => {
            return Some(format!(
                "\"{code}\" is the code of a trademark office ({name}), not of a country; give \
                 the two-letter ISO 3166-1 code of the organization's country"
            ));
        }
        (None, _) => {}
    }
    let alias = COUNTRY_ALIASES
        .iter()
        .find(|(written, _)| written.eq_ignore_ascii_case(code))
        .map(|(_, meant)| *meant)
        .filter(|meant| at == CountryUse::Mark || is_country(meant));
    let hint = match alias {
        Some(meant) => {
            let meant = same_case(code, meant);
            format!("did you mean `{meant}`?")
        }
        None if at == CountryUse::Mark => "use the ISO 3166-1 alpha-2 code of the country, or \
                                          EM (EU office) or WO (WIPO)"
            .to_owned(),
        None => "use the ISO 3166-1 alpha-2 code of the country".to_owned(),
    };
    Some(format!(
        "\"{code}\" is not an assigned ISO 3166-1 country code{}; it is sent as given, but \
         check it: {hint}",
        if at == CountryUse::Mark {
            " nor a regional trademark office"
        } else {
            ""
        }
    ))
}

/// `meant` written in the case of `written` (DigiCert's examples write `us`).
fn same_case(written: &str, meant: &str) -> String {
    if written.bytes().all(|b| b.is_ascii_lowercase()) {
        meant.to_ascii_lowercase()
    } else {
        meant.to_ascii_uppercase()
    }
}

fn is_language(code: &str) -> bool {
    code.len() == 2 && ISO_639_1.split([' ', '\n']).any(|known| known == code)
}

/// `None` for a locale of the known form; otherwise what to say, with a "did you mean".
/// `quoted` is the value as a message may show it.
pub(crate) fn locale_advice(locale: &str, quoted: &str) -> Option<String> {
    let (language, region) = match locale.split_once(['_', '-']) {
        Some((language, region)) => (language, Some(region)),
        None => (locale, None),
    };
    let region_ok =
        region.is_none_or(|r| r.bytes().all(|b| b.is_ascii_uppercase()) && is_country(r));
    if is_language(language) && region_ok {
        return None;
    }
    let hint = match suggest_locale(language, region) {
        Some(meant) => format!("did you mean `{meant}`?"),
        None => "write an ISO 639-1 language code such as `en`".to_owned(),
    };
    Some(format!(
        "locale {quoted} is not an ISO 639-1 language code, alone or with a region as in \
         en_US; it is sent as given, but check it against DigiCert's locale codes: {hint}"
    ))
}

fn suggest_locale(language: &str, region: Option<&str>) -> Option<String> {
    let lower = language.to_ascii_lowercase();
    let languages: Vec<&str> = ISO_639_1.split([' ', '\n']).collect();
    // Every two-letter string is one edit from several codes: only a longer one (`eng`,
    // `fre`) is near enough to suggest the code it starts like.
    let language = if is_language(&lower) {
        lower
    } else if lower.len() > 2 {
        super::schema::nearest(&lower, &languages)?.to_owned()
    } else {
        return None;
    };
    match region {
        None => Some(language),
        Some(region) if is_country(region) => {
            Some(format!("{language}_{}", region.to_ascii_uppercase()))
        }
        Some(_) => Some(language),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_have_the_standard_sizes() {
        let countries: Vec<&str> = ISO_3166_1.split(' ').collect();
        assert_eq!(countries.len(), 249);
        assert!(
            countries.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
        assert!(countries.iter().all(|c| c.len() == 2));
        let languages: Vec<&str> = ISO_639_1.split([' ', '\n']).collect();
        assert_eq!(languages.len(), 183);
        assert!(languages.iter().all(|l| l.len() == 2));
        let mut sorted = languages.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, languages, "sorted, no repeats");
    }
}
