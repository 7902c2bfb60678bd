//! Certificate Transparency: the leaf's signed certificate timestamps (RFC 6962), checked
//! against the logs of a published log list.

use std::fmt;
use std::sync::Arc;

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use der::Decode;
use serde::Deserialize;
use x509_cert::Certificate;
use x509_cert::spki::SubjectPublicKeyInfoOwned;

use super::asn1::{self, oid};
use super::{Parsed, Verification, VerifyOptions, rfc3339};
use crate::findings::{Location, Report};

/// Largest log list read, in bytes (the published list is a few hundred kilobytes).
pub const MAX_LOG_LIST_BYTES: usize = 8 * 1024 * 1024;

/// Certificate Transparency logs whose keys are known, read from a log list in the published
/// v3 JSON format (`{"operators": [{"logs": [{"log_id", "key", ...}], "tiled_logs": [...]}]}`).
///
/// Without a list, the SCTs of a certificate are still read and their timestamps checked, but
/// their signatures are not.
///
/// ```
/// use digicert_mark_certs::certificate::CtLogs;
///
/// let none = CtLogs::from_json(br#"{"operators": []}"#)?;
/// assert!(none.is_empty());
/// assert!(CtLogs::from_json(b"[]").is_err());
/// # Ok::<(), digicert_mark_certs::certificate::CtLogsError>(())
/// ```
#[derive(Clone, Default)]
pub struct CtLogs {
    logs: Arc<[CtLog]>,
}

/// One log: its id (SHA-256 of its key), its key (DER SubjectPublicKeyInfo) and its name.
pub(crate) struct CtLog {
    pub id: [u8; 32],
    pub key: Vec<u8>,
    pub description: String,
}

impl fmt::Debug for CtLogs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.logs.iter().map(|l| &l.description))
            .finish()
    }
}

/// Why a log list was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CtLogsError {
    /// Larger than [`MAX_LOG_LIST_BYTES`].
    #[error("the log list is larger than {MAX_LOG_LIST_BYTES} bytes")]
    TooLarge,
    /// Not JSON of the v3 log list shape.
    #[error(
        "the log list is not a v3 log list ({0}); give the published JSON \
         (`{{\"operators\": [{{\"logs\": [...]}}]}}`)"
    )]
    Shape(String),
    /// A log whose id or key cannot be read, or whose id is not the hash of its key.
    #[error("log `{log}` in the log list: {reason}")]
    Log {
        /// The log's description.
        log: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
struct ListJson {
    operators: Vec<OperatorJson>,
}

#[derive(Deserialize)]
struct OperatorJson {
    #[serde(default)]
    logs: Vec<LogJson>,
    #[serde(default)]
    tiled_logs: Vec<LogJson>,
}

#[derive(Deserialize)]
struct LogJson {
    #[serde(default)]
    description: String,
    log_id: String,
    key: String,
}

impl CtLogs {
    /// The logs of a log list in the published v3 JSON format. Each log's `log_id` must be the
    /// SHA-256 of its `key`, as RFC 6962 defines it.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::{CtLogs, CtLogsError};
    ///
    /// assert!(CtLogs::from_json(br#"{"operators": []}"#)?.is_empty());
    /// // A log's id must be the SHA-256 of its key.
    /// let wrong = br#"{"operators": [{"logs": [{"log_id": "AAAA", "key": "AAAA"}]}]}"#;
    /// assert!(matches!(CtLogs::from_json(wrong), Err(CtLogsError::Log { .. })));
    /// # Ok::<(), CtLogsError>(())
    /// ```
    pub fn from_json(json: &[u8]) -> Result<CtLogs, CtLogsError> {
        if json.len() > MAX_LOG_LIST_BYTES {
            return Err(CtLogsError::TooLarge);
        }
        let list: ListJson =
            serde_json::from_slice(json).map_err(|e| CtLogsError::Shape(e.to_string()))?;
        let mut logs = Vec::new();
        for entry in list
            .operators
            .into_iter()
            .flat_map(|o| o.logs.into_iter().chain(o.tiled_logs))
        {
            let description: String = entry.description.chars().take(200).collect();
            let bad = |reason: &str| CtLogsError::Log {
                log: description.clone(),
                reason: reason.to_owned(),
            };
            let key = STANDARD
                .decode(entry.key.as_bytes())
                .map_err(|_| bad("its key is not base64"))?;
            let id = STANDARD
                .decode(entry.log_id.as_bytes())
                .map_err(|_| bad("its log_id is not base64"))?;
            let digest = ring::digest::digest(&ring::digest::SHA256, &key);
            if id != digest.as_ref() {
                return Err(bad("its log_id is not the SHA-256 of its key"));
            }
            let mut fixed = [0u8; 32];
            fixed.copy_from_slice(digest.as_ref());
            logs.push(CtLog {
                id: fixed,
                key,
                description,
            });
        }
        Ok(CtLogs {
            logs: Arc::from(logs),
        })
    }

    /// How many logs the list holds.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::CtLogs;
    ///
    /// assert_eq!(CtLogs::from_json(br#"{"operators": [{"logs": []}]}"#)?.len(), 0);
    /// # Ok::<(), digicert_mark_certs::certificate::CtLogsError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.logs.len()
    }

    /// `true` when no log is known.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::CtLogs;
    ///
    /// assert!(CtLogs::from_json(br#"{"operators": []}"#)?.is_empty());
    /// # Ok::<(), digicert_mark_certs::certificate::CtLogsError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.logs.is_empty()
    }

    pub(crate) fn find(&self, id: &[u8]) -> Option<&CtLog> {
        self.logs.iter().find(|l| l.id == id)
    }
}

/// Most SCTs read from one certificate; real ones carry two to four.
const MAX_SCTS: usize = 32;

/// One SCT of version 1, as RFC 6962 section 3.2 lays it out.
struct Sct<'a> {
    log_id: &'a [u8],
    timestamp_ms: u64,
    extensions: &'a [u8],
    hash_algorithm: u8,
    signature_algorithm: u8,
    signature: &'a [u8],
}

/// Reads `n` bytes.
fn take<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if input.len() < n {
        return None;
    }
    let (head, tail) = input.split_at(n);
    *input = tail;
    Some(head)
}

fn number(input: &mut &[u8], n: usize) -> Option<u64> {
    take(input, n).map(|b| b.iter().fold(0u64, |v, &x| (v << 8) | u64::from(x)))
}

fn opaque<'a>(input: &mut &'a [u8], length_bytes: usize) -> Option<&'a [u8]> {
    let n = usize::try_from(number(input, length_bytes)?).ok()?;
    take(input, n)
}

/// The SCTs of a `SignedCertificateTimestampList`: `Ok` with each SCT's bytes, `Err` when the
/// list is not well formed.
fn split_list(list: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut input = list;
    let mut body = opaque(&mut input, 2).ok_or("the list is cut short")?;
    if !input.is_empty() {
        return Err("bytes follow the list".to_owned());
    }
    let mut scts = Vec::new();
    while !body.is_empty() {
        if scts.len() == MAX_SCTS {
            return Err(format!("it holds more than {MAX_SCTS} SCTs"));
        }
        let sct = opaque(&mut body, 2).ok_or("an SCT is cut short")?;
        if sct.is_empty() {
            return Err("an SCT is empty".to_owned());
        }
        scts.push(sct);
    }
    if scts.is_empty() {
        return Err("the list is empty".to_owned());
    }
    Ok(scts)
}

/// A version 1 SCT; `Ok(None)` for another version, which RFC 6962 asks clients to skip.
fn parse_sct(bytes: &[u8]) -> Result<Option<Sct<'_>>, String> {
    let mut input = bytes;
    let cut = || "an SCT is cut short".to_owned();
    let version = number(&mut input, 1).ok_or_else(cut)?;
    if version != 0 {
        return Ok(None);
    }
    let log_id = take(&mut input, 32).ok_or_else(cut)?;
    let timestamp_ms = number(&mut input, 8).ok_or_else(cut)?;
    let extensions = opaque(&mut input, 2).ok_or_else(cut)?;
    let hash_algorithm = u8::try_from(number(&mut input, 1).ok_or_else(cut)?).unwrap_or(0);
    let signature_algorithm = u8::try_from(number(&mut input, 1).ok_or_else(cut)?).unwrap_or(0);
    let signature = opaque(&mut input, 2).ok_or_else(cut)?;
    if !input.is_empty() {
        return Err("bytes follow an SCT's signature".to_owned());
    }
    Ok(Some(Sct {
        log_id,
        timestamp_ms,
        extensions,
        hash_algorithm,
        signature_algorithm,
        signature,
    }))
}

/// The TBSCertificate of the precertificate a log signed: the leaf's, without the SCT list
/// extension (RFC 6962 section 3.2).
fn precertificate_tbs(tbs: &[u8]) -> Option<Vec<u8>> {
    let (outer, rest) = asn1::tlv(tbs)?;
    if outer.tag != 0x30 || !rest.is_empty() {
        return None;
    }
    let sct_oid = der::Encode::to_der(&oid::SCT_LIST).ok()?;
    let mut fields = Vec::new();
    let mut input = outer.content;
    while !input.is_empty() {
        let (field, rest) = asn1::tlv(input)?;
        input = rest;
        if field.tag != 0xa3 {
            fields.extend_from_slice(field.whole);
            continue;
        }
        let (list, after) = asn1::tlv(field.content)?;
        if list.tag != 0x30 || !after.is_empty() {
            return None;
        }
        let mut kept = Vec::new();
        let mut extensions = list.content;
        while !extensions.is_empty() {
            let (extension, rest) = asn1::tlv(extensions)?;
            extensions = rest;
            let (id, _) = asn1::tlv(extension.content)?;
            if id.whole != sct_oid.as_slice() {
                kept.extend_from_slice(extension.whole);
            }
        }
        if !kept.is_empty() {
            fields.extend(asn1::encode_tlv(0xa3, &asn1::encode_tlv(0x30, &kept)));
        }
    }
    Some(asn1::encode_tlv(0x30, &fields))
}

/// The bytes a log signs for a precertificate entry (RFC 6962 section 3.2).
fn signed_data(sct: &Sct<'_>, issuer_key_hash: &[u8], precert_tbs: &[u8]) -> Option<Vec<u8>> {
    let tbs_length = u32::try_from(precert_tbs.len())
        .ok()
        .filter(|&n| n < 1 << 24)?;
    let extensions_length = u16::try_from(sct.extensions.len()).ok()?;
    let mut out = Vec::with_capacity(precert_tbs.len() + 64);
    out.push(0); // sct_version v1
    out.push(0); // signature_type certificate_timestamp
    out.extend_from_slice(&sct.timestamp_ms.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes()); // entry_type precert_entry
    out.extend_from_slice(issuer_key_hash);
    out.extend_from_slice(&tbs_length.to_be_bytes()[1..]);
    out.extend_from_slice(precert_tbs);
    out.extend_from_slice(&extensions_length.to_be_bytes());
    out.extend_from_slice(sct.extensions);
    Some(out)
}

/// Whether a log's signature verifies; `Err` says why it could not be checked.
fn verify_sct(log: &CtLog, sct: &Sct<'_>, message: &[u8]) -> Result<bool, String> {
    use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
    let spki = SubjectPublicKeyInfoOwned::from_der(&log.key)
        .map_err(|e| format!("the log's key cannot be read ({e})"))?;
    let key = spki
        .subject_public_key
        .as_bytes()
        .ok_or("the log's key cannot be read")?;
    let algorithm: &dyn VerificationAlgorithm = match (
        spki.algorithm.oid,
        sct.hash_algorithm,
        sct.signature_algorithm,
    ) {
        (k, 4, 3) if k == oid::EC_PUBLIC_KEY => &signature::ECDSA_P256_SHA256_ASN1,
        (k, 4, 1) if k == oid::RSA_ENCRYPTION => &signature::RSA_PKCS1_2048_8192_SHA256,
        (_, hash, sig) => {
            return Err(format!(
                "the SCT's algorithm (hash {hash}, signature {sig}) does not fit the log's key"
            ));
        }
    };
    Ok(UnparsedPublicKey::new(algorithm, key)
        .verify(message, sct.signature)
        .is_ok())
}

fn ms_to_text(ms: u64) -> String {
    rfc3339(UNIX_EPOCH + Duration::from_millis(ms))
}

/// The leaf's SCTs: present, well formed, not after the verification time, and signed by
/// their log where its key is known.
pub(crate) fn check(
    leaf: &Parsed,
    issuer: Option<&Certificate>,
    options: &VerifyOptions,
    report: &mut Report,
    verification: &mut Verification,
) {
    let at_ms = options
        .at
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let at_ms = u64::try_from(at_ms).unwrap_or(u64::MAX);
    let extension = leaf
        .cert
        .tbs_certificate()
        .extensions()
        .and_then(|e| e.iter().find(|e| e.extn_id == oid::SCT_LIST));
    let Some(extension) = extension else {
        report.error(
            "sct-missing",
            Location::certificate(0),
            "the certificate carries no signed certificate timestamps (SCT list extension \
             1.3.6.1.4.1.11129.2.4.2): mark certificates must be logged in Certificate \
             Transparency, and receivers refuse one that was not. Download the issued \
             certificate from the CA, not a copy made before logging",
        );
        verification.record("sct", true, "no SCT list");
        return;
    };
    let list = match asn1::tlv(extension.extn_value.as_bytes()) {
        Some((octets, rest)) if octets.tag == 0x04 && rest.is_empty() => split_list(octets.content),
        _ => Err("the extension does not hold an OCTET STRING".to_owned()),
    };
    let malformed = |why: &str, report: &mut Report| {
        report.error(
            "sct-malformed",
            Location::certificate(0),
            format!(
                "the SCT list cannot be read ({why}); receivers refuse a certificate whose \
                 transparency cannot be shown: ask the CA to reissue it"
            ),
        );
    };
    let scts = match list {
        Ok(scts) => scts,
        Err(why) => {
            malformed(&why, report);
            verification.record("sct", true, "the SCT list cannot be read");
            return;
        }
    };
    let mut parsed = Vec::new();
    for bytes in scts {
        match parse_sct(bytes) {
            Ok(Some(sct)) => parsed.push(sct),
            Ok(None) => {}
            Err(why) => {
                malformed(&why, report);
                verification.record("sct", true, "an SCT cannot be read");
                return;
            }
        }
    }
    let current = parsed.iter().filter(|s| s.timestamp_ms <= at_ms).count();
    if current == 0 {
        let detail = match parsed.iter().map(|s| s.timestamp_ms).min() {
            Some(first) => format!(
                "its earliest SCT is dated {}, after the verification time {}",
                ms_to_text(first),
                rfc3339(options.at)
            ),
            None => "none of its SCTs is of version 1".to_owned(),
        };
        report.error(
            "sct-not-current",
            Location::certificate(0),
            format!(
                "the certificate has no SCT of version 1 dated at or before the verification \
                 time ({detail}); receivers need one: check the clock, or the certificate"
            ),
        );
    }
    verification.record(
        "sct",
        true,
        format!(
            "{} SCT(s), {current} dated at or before the verification time",
            parsed.len()
        ),
    );

    let Some(logs) = &options.ct_logs else {
        verification.record(
            "sct-signatures",
            false,
            "no CT log list given (--ct-logs): the SCT signatures were not checked",
        );
        return;
    };
    let Some(issuer) = issuer else {
        verification.record(
            "sct-signatures",
            false,
            "the issuer of the leaf is unknown, so the precertificate the logs signed cannot \
             be rebuilt",
        );
        return;
    };
    let issuer_key =
        der::Encode::to_der(issuer.tbs_certificate().subject_public_key_info()).unwrap_or_default();
    let issuer_key_hash = ring::digest::digest(&ring::digest::SHA256, &issuer_key);
    let Some(precert) = precertificate_tbs(&leaf.tbs) else {
        malformed("the certificate's extensions cannot be re-read", report);
        return;
    };
    let (mut checked, mut unknown) = (0usize, 0usize);
    for (n, sct) in parsed.iter().enumerate() {
        let Some(log) = logs.find(sct.log_id) else {
            unknown += 1;
            report.warning(
                "sct-log-unknown",
                Location::certificate(0),
                format!(
                    "SCT {n} (dated {}) is from a log that is not in the log list (log id {}); \
                     its signature was not checked",
                    ms_to_text(sct.timestamp_ms),
                    STANDARD.encode(sct.log_id)
                ),
            );
            continue;
        };
        let verdict = signed_data(sct, issuer_key_hash.as_ref(), &precert)
            .ok_or_else(|| "the certificate is too large for an SCT".to_owned())
            .and_then(|message| verify_sct(log, sct, &message));
        match verdict {
            Ok(true) => checked += 1,
            Ok(false) => report.error(
                "sct-signature-invalid",
                Location::certificate(0),
                format!(
                    "the signature of SCT {n} does not verify with the key of the log `{}`: \
                     the SCT was not made for this certificate, or the certificate was \
                     altered; receivers refuse it: download the chain again from the CA",
                    log.description
                ),
            ),
            Err(why) => {
                unknown += 1;
                report.warning(
                    "sct-log-unknown",
                    Location::certificate(0),
                    format!("the signature of SCT {n} was not checked: {why}"),
                );
            }
        }
    }
    verification.record(
        "sct-signatures",
        unknown == 0,
        format!("{checked} SCT signature(s) verified, {unknown} from logs whose key is unknown"),
    );
}
