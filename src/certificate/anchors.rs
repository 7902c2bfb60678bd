//! The roots a chain must end in: the Mark Verifying Authorities' roots that receivers trust,
//! or a set given for a private PKI.

use std::fmt;
use std::sync::{Arc, LazyLock};

use der::Encode;
use x509_cert::Certificate;

use super::pem;
use super::{Parsed, names, parse_der};

/// The Mark Verifying Authority root store (the `markcerts/mvarcs` project's `cacert.pem`),
/// bundled into the crate. `src/certificate/roots/README.md` says where it comes from and how
/// to refresh it.
const MVARCS_PEM: &[u8] = include_bytes!("roots/mvarcs-cacert.pem");

/// Most certificates read from a trust anchor file.
pub const MAX_TRUST_ANCHORS: usize = 200;

/// Largest trust anchor file read, in bytes.
pub const MAX_TRUST_ANCHOR_BYTES: usize = 2 * 1024 * 1024;

static BUNDLED: LazyLock<TrustAnchors> = LazyLock::new(|| {
    // The bundled file is checked by the crate's tests; a certificate that could not be read
    // would only make the set smaller, never a panic.
    TrustAnchors::from_pem(MVARCS_PEM).unwrap_or_else(|_| TrustAnchors {
        anchors: Arc::from(Vec::new()),
    })
});

/// Certificates a chain may end in. A chain is trusted when one of its certificates is an
/// anchor (same subject and key) or is issued by one (name and signature).
///
/// ```
/// use digicert_mark_certs::certificate::TrustAnchors;
///
/// let roots = TrustAnchors::bundled();
/// assert!(roots.subjects().iter().any(|s| s.contains("DigiCert Verified Mark Root CA")));
/// assert!(TrustAnchors::from_pem(b"no certificate").is_err());
/// ```
#[derive(Clone)]
pub struct TrustAnchors {
    anchors: Arc<[Anchor]>,
}

pub(crate) struct Anchor {
    pub parsed: Parsed,
    pub subject_der: Vec<u8>,
    pub spki_der: Vec<u8>,
}

impl fmt::Debug for TrustAnchors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.subjects()).finish()
    }
}

impl Default for TrustAnchors {
    fn default() -> Self {
        Self::bundled()
    }
}

/// Why a trust anchor file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustAnchorsError {
    /// The file holds no `CERTIFICATE` block.
    #[error(
        "the trust anchor file holds no PEM CERTIFICATE block; give the PEM roots, one block each"
    )]
    NoCertificate,
    /// A block could not be read.
    #[error("trust anchor {index} cannot be read: {reason}; give the PEM roots, one block each")]
    Malformed {
        /// Position of the block, from 0.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// The file is larger than [`MAX_TRUST_ANCHOR_BYTES`] or holds more than
    /// [`MAX_TRUST_ANCHORS`] certificates.
    #[error(
        "the trust anchor file is too large (at most {MAX_TRUST_ANCHORS} certificates and \
         {MAX_TRUST_ANCHOR_BYTES} bytes are read)"
    )]
    TooLarge,
}

impl TrustAnchors {
    /// The roots of the Mark Verifying Authorities, as the public MVA root store lists them
    /// (DigiCert, Entrust, GlobalSign, SSL.com).
    ///
    /// ```
    /// use digicert_mark_certs::certificate::TrustAnchors;
    ///
    /// let roots = TrustAnchors::bundled();
    /// assert!(!roots.is_empty());
    /// assert!(roots.subjects().iter().any(|s| s.contains("DigiCert")));
    /// ```
    pub fn bundled() -> TrustAnchors {
        BUNDLED.clone()
    }

    /// Anchors read from PEM text (`CERTIFICATE` blocks; text between them is ignored), in
    /// place of the bundled set: for a private PKI or tests.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::{TrustAnchors, TrustAnchorsError};
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// assert_eq!(TrustAnchors::from_pem(&chain)?.len(), 3);
    /// let none = TrustAnchors::from_pem(b"no certificate here");
    /// assert!(matches!(none, Err(TrustAnchorsError::NoCertificate)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem(pem: &[u8]) -> Result<TrustAnchors, TrustAnchorsError> {
        if pem.len() > MAX_TRUST_ANCHOR_BYTES {
            return Err(TrustAnchorsError::TooLarge);
        }
        let blocks = pem::labelled_blocks(pem, &["CERTIFICATE"], MAX_TRUST_ANCHORS).map_err(
            |e| match e {
                pem::BlockError::TooMany => TrustAnchorsError::TooLarge,
                pem::BlockError::Malformed { index, reason } => {
                    TrustAnchorsError::Malformed { index, reason }
                }
            },
        )?;
        if blocks.is_empty() {
            return Err(TrustAnchorsError::NoCertificate);
        }
        let mut anchors = Vec::with_capacity(blocks.len());
        for (index, der) in blocks.into_iter().enumerate() {
            let malformed = |reason: String| TrustAnchorsError::Malformed { index, reason };
            let parsed = parse_der(&der).map_err(|e| malformed(e.to_string()))?;
            let tbs = parsed.cert.tbs_certificate();
            let subject_der = tbs
                .subject()
                .to_der()
                .map_err(|e| malformed(e.to_string()))?;
            let spki_der = tbs
                .subject_public_key_info()
                .to_der()
                .map_err(|e| malformed(e.to_string()))?;
            anchors.push(Anchor {
                parsed,
                subject_der,
                spki_der,
            });
        }
        Ok(TrustAnchors {
            anchors: Arc::from(anchors),
        })
    }

    /// How many anchors the set holds.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::TrustAnchors;
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// assert_eq!(TrustAnchors::from_pem(&chain)?.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// `true` when the set holds no anchor (never the case for one built by this crate).
    ///
    /// ```
    /// use digicert_mark_certs::certificate::TrustAnchors;
    ///
    /// assert!(!TrustAnchors::bundled().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The subject of each anchor, RFC 4514 form.
    ///
    /// ```
    /// use digicert_mark_certs::certificate::TrustAnchors;
    ///
    /// let chain = std::fs::read("tests/fixtures/marks/paypal-2024/chain.pem")?;
    /// let subjects = TrustAnchors::from_pem(&chain)?.subjects();
    /// assert!(subjects[0].contains("PayPal"));
    /// assert!(subjects[1].contains("DigiCert Verified Mark"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subjects(&self) -> Vec<String> {
        self.anchors
            .iter()
            .map(|a| names::to_text(a.parsed.cert.tbs_certificate().subject()))
            .collect()
    }

    /// The anchor that is this certificate: same subject and same key.
    pub(crate) fn same_as(&self, cert: &Certificate) -> Option<&Anchor> {
        let tbs = cert.tbs_certificate();
        let subject = tbs.subject().to_der().ok()?;
        let spki = tbs.subject_public_key_info().to_der().ok()?;
        self.anchors
            .iter()
            .find(|a| a.subject_der == subject && a.spki_der == spki)
    }

    /// The anchors whose subject is `cert`'s issuer.
    pub(crate) fn named_issuers<'a>(
        &'a self,
        cert: &Certificate,
    ) -> impl Iterator<Item = &'a Anchor> + 'a {
        let issuer = cert.tbs_certificate().issuer().to_der().unwrap_or_default();
        self.anchors.iter().filter(move |a| a.subject_der == issuer)
    }
}
