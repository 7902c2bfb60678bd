//! ASN.1 structures the verifier reads beyond what `x509-cert` declares, decoded by `der`'s
//! derive macros, and the object identifiers it knows.
//!
//! None of these types is recursive, so decoding depth is bounded by the declarations: hostile
//! nesting inside an `ANY` is skipped by its length, never descended into.

use der::asn1::{Any, Ia5String, ObjectIdentifier as Oid, OctetString, UintRef};
use der::{Choice, Sequence};
use x509_cert::spki::AlgorithmIdentifierOwned;

/// The logotype extension (RFC 9399 section 4.1).
///
/// Only `subjectLogo` matters to BIMI; the other slots are kept as raw values so that an
/// unusual community or issuer logo cannot make the subject logo unreadable.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct LogotypeExtn {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub community_logos: Option<Any>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    pub issuer_logo: Option<Any>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    pub subject_logo: Option<LogotypeInfo>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    pub other_logos: Option<Any>,
}

/// `LogotypeInfo`: the logo itself, or a reference to a document describing it. The RFC's
/// module uses implicit tags, so `[0]` replaces the SEQUENCE tag of `LogotypeData`.
#[derive(Clone, Debug, Choice)]
pub(crate) enum LogotypeInfo {
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", constructed = "true")]
    Direct(LogotypeData),
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", constructed = "true")]
    Indirect(LogotypeReference),
}

/// `LogotypeData`: images and audio.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct LogotypeData {
    #[asn1(optional = "true")]
    pub image: Option<Vec<LogotypeImage>>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub audio: Option<Vec<Any>>,
}

/// `LogotypeImage`: details, and image info the verifier does not need.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct LogotypeImage {
    pub image_details: LogotypeDetails,
    #[asn1(optional = "true")]
    pub image_info: Option<Any>,
}

/// `LogotypeDetails`: media type, hashes of the image, and where the image is.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct LogotypeDetails {
    pub media_type: Ia5String,
    pub logotype_hash: Vec<HashAlgAndValue>,
    pub logotype_uri: Vec<Ia5String>,
}

/// `LogotypeReference`: an indirect logo, described by a document fetched elsewhere.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct LogotypeReference {
    pub ref_struct_hash: Vec<HashAlgAndValue>,
    pub ref_struct_uri: Vec<Ia5String>,
}

/// `HashAlgAndValue`: one hash of the logo.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct HashAlgAndValue {
    pub hash_alg: AlgorithmIdentifierOwned,
    pub hash_value: OctetString,
}

/// The outer shape of a certificate, read once more to get the exact bytes that were signed.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct SignedCertificate<'a> {
    pub tbs_certificate: der::asn1::AnyRef<'a>,
    pub signature_algorithm: der::asn1::AnyRef<'a>,
    pub signature: der::asn1::BitStringRef<'a>,
}

/// `RSASSA-PSS-params` (RFC 4055). Absent fields take the defaults, which are SHA-1 based.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct RsaPssParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    pub mask_gen_algorithm: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    pub salt_length: Option<u32>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    pub trailer_field: Option<u32>,
}

/// `RSAPublicKey` (RFC 8017), read only for the size of the modulus.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct RsaPublicKey<'a> {
    pub modulus: UintRef<'a>,
    pub public_exponent: UintRef<'a>,
}

/// Object identifiers the verifier reads.
pub(crate) mod oid {
    use super::Oid;

    /// `id-kp-BrandIndicatorforMessageIdentification`.
    pub const EKU_BIMI: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.31");
    /// The mark certificate policy of the Mark Certificate Requirements.
    pub const POLICY_MARK: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.1.1");
    /// The subject attribute naming the mark type.
    pub const MARK_TYPE: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.1.13");
    /// The pilot identifier extension of the Mark Certificate Requirements, critical in some
    /// CMCs; not allowed in certificates issued on or after 2025-03-15.
    pub const PILOT_IDENTIFIER: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.4.1");
    /// The subject attribute with the URL where a prior use mark was seen.
    pub const PRIOR_USE_MARK_SOURCE_URL: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.5.1");

    // Subject attributes (X.520, the CA/Browser Forum's jurisdiction attributes, and those of
    // the Mark Certificate Requirements).
    pub const COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");
    pub const SERIAL_NUMBER: Oid = Oid::new_unwrap("2.5.4.5");
    pub const COUNTRY_NAME: Oid = Oid::new_unwrap("2.5.4.6");
    pub const LOCALITY_NAME: Oid = Oid::new_unwrap("2.5.4.7");
    pub const STATE_OR_PROVINCE_NAME: Oid = Oid::new_unwrap("2.5.4.8");
    pub const STREET_ADDRESS: Oid = Oid::new_unwrap("2.5.4.9");
    pub const ORGANIZATION_NAME: Oid = Oid::new_unwrap("2.5.4.10");
    pub const ORGANIZATIONAL_UNIT_NAME: Oid = Oid::new_unwrap("2.5.4.11");
    pub const BUSINESS_CATEGORY: Oid = Oid::new_unwrap("2.5.4.15");
    pub const POSTAL_CODE: Oid = Oid::new_unwrap("2.5.4.17");
    pub const JURISDICTION_LOCALITY: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.60.2.1.1");
    pub const JURISDICTION_STATE: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.60.2.1.2");
    pub const JURISDICTION_COUNTRY: Oid = Oid::new_unwrap("1.3.6.1.4.1.311.60.2.1.3");
    pub const EMAIL_ADDRESS: Oid = Oid::new_unwrap("1.2.840.113549.1.9.1");
    pub const TRADEMARK_OFFICE_NAME: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.1.2");
    pub const TRADEMARK_COUNTRY: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.1.3");
    pub const TRADEMARK_IDENTIFIER: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.1.4");
    pub const STATUTE_COUNTRY: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.3.2");
    pub const STATUTE_CITATION: Oid = Oid::new_unwrap("1.3.6.1.4.1.53087.3.5");

    pub const LOGOTYPE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.12");
    pub const AUTHORITY_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");
    pub const SCT_LIST: Oid = Oid::new_unwrap("1.3.6.1.4.1.11129.2.4.2");
    pub const PRECERT_POISON: Oid = Oid::new_unwrap("1.3.6.1.4.1.11129.2.4.3");

    pub const SUBJECT_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.14");
    pub const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
    pub const SUBJECT_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.17");
    pub const ISSUER_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.18");
    pub const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
    pub const NAME_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.30");
    pub const CRL_DISTRIBUTION_POINTS: Oid = Oid::new_unwrap("2.5.29.31");
    pub const CERTIFICATE_POLICIES: Oid = Oid::new_unwrap("2.5.29.32");
    pub const POLICY_MAPPINGS: Oid = Oid::new_unwrap("2.5.29.33");
    pub const AUTHORITY_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.35");
    pub const POLICY_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.36");
    pub const EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
    pub const FRESHEST_CRL: Oid = Oid::new_unwrap("2.5.29.46");
    pub const INHIBIT_ANY_POLICY: Oid = Oid::new_unwrap("2.5.29.54");

    pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
    pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

    pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    pub const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
    pub const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");
    pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
    pub const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
    pub const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
    pub const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");

    pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
    pub const ECDSA_WITH_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
    pub const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
    pub const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
    pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
}

/// One DER element: its tag byte, its contents, and all its bytes.
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub whole: &'a [u8],
}

/// The first DER element of `input` (one-byte tags, definite lengths of up to four bytes),
/// and what follows it.
pub(crate) fn tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |n, &b| (n << 8) | usize::from(b));
        (length, &rest[count..])
    };
    if rest.len() < length {
        return None;
    }
    let header = input.len() - rest.len();
    Some((
        Tlv {
            tag,
            content: &rest[..length],
            whole: &input[..header + length],
        },
        &rest[length..],
    ))
}

/// A DER element from its tag and contents.
pub(crate) fn encode_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}
