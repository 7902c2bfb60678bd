//! What a domain check may use: which resolver, which roots for the HTTPS fetches, which
//! roots for the mark certificate, and how long to wait.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::certificate::TrustAnchors;

/// Longest time one step (a DNS lookup, or a fetch with its redirects) may take by default.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(5);

/// Largest `--tls-roots` file read, in bytes.
pub const MAX_TLS_ROOTS_BYTES: usize = 1024 * 1024;

/// How [`check_domain`](super::check_domain) and [`ready`](super::ready) reach the domain.
/// Built with [`DomainOptions::new`] and the methods below; the defaults are those of a
/// receiver on the public Internet.
///
/// ```
/// use std::time::Duration;
/// use digicert_mark_certs::bimi::DomainOptions;
///
/// let options = DomainOptions::new()
///     .dns_server("127.0.0.1:5353".parse()?)
///     .allow_private_addresses(true)
///     .selector("brand")?
///     .timeout(Duration::from_secs(2));
/// # let _ = options;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DomainOptions {
    pub(crate) dns_server: Option<SocketAddr>,
    pub(crate) tls_roots: Option<Vec<CertificateDer<'static>>>,
    pub(crate) allow_private_addresses: bool,
    pub(crate) trust_anchors: TrustAnchors,
    pub(crate) selector: String,
    pub(crate) at: Option<SystemTime>,
    pub(crate) timeout: Duration,
}

impl Default for DomainOptions {
    fn default() -> Self {
        Self {
            dns_server: None,
            tls_roots: None,
            allow_private_addresses: false,
            trust_anchors: TrustAnchors::bundled(),
            selector: super::SELECTOR.to_owned(),
            at: None,
            timeout: DEFAULT_STEP_TIMEOUT,
        }
    }
}

/// Why [`DomainOptions`] refused a setting, or a check could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// An input is not usable as given: `field` names it, the message says the fix.
    #[error("{field}: {message}")]
    Input {
        /// The argument concerned (`domain`, `selector`, `--from`, `tls roots`).
        field: &'static str,
        /// What is wrong and what to give instead.
        message: String,
    },
    /// The resolver or the HTTPS client could not be set up.
    #[error("{0}")]
    Setup(String),
}

impl DomainError {
    pub(crate) fn input(field: &'static str, message: impl Into<String>) -> Self {
        DomainError::Input {
            field,
            message: message.into(),
        }
    }
}

impl DomainOptions {
    /// The system's resolver and trusted roots, the bundled Mark Verifying Authority roots,
    /// selector `default`, public addresses only, [`DEFAULT_STEP_TIMEOUT`] per step.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::{DEFAULT_STEP_TIMEOUT, DomainOptions};
    ///
    /// let options = DomainOptions::new();
    /// let shown = format!("{options:?}");
    /// assert!(shown.contains(r#"selector: "default""#));
    /// assert!(shown.contains(&format!("timeout: {DEFAULT_STEP_TIMEOUT:?}")));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends every DNS query to this server (UDP, then TCP) instead of the system's
    /// resolvers.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::DomainOptions;
    ///
    /// let options = DomainOptions::new().dns_server("127.0.0.1:5353".parse()?);
    /// assert!(format!("{options:?}").contains("dns_server: Some(127.0.0.1:5353)"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn dns_server(mut self, server: SocketAddr) -> Self {
        self.dns_server = Some(server);
        self
    }

    /// Trusts these PEM roots for the HTTPS fetches of `l=` and `a=` instead of the
    /// system's. Refused when the text holds no certificate or one that cannot be read.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::DomainOptions;
    ///
    /// let root = rcgen::generate_simple_self_signed(vec!["roots.test".to_owned()])?;
    /// let options = DomainOptions::new().tls_roots(root.cert.pem().as_bytes())?;
    /// assert!(DomainOptions::new().tls_roots(b"no PEM here").is_err());
    /// # let _ = options;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tls_roots(mut self, pem: &[u8]) -> Result<Self, DomainError> {
        if pem.len() > MAX_TLS_ROOTS_BYTES {
            return Err(DomainError::input(
                "tls roots",
                format!("the file is larger than {MAX_TLS_ROOTS_BYTES} bytes; give PEM roots only"),
            ));
        }
        let roots = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                DomainError::input(
                    "tls roots",
                    format!("cannot read the PEM certificates ({e}); give PEM CERTIFICATE blocks"),
                )
            })?;
        if roots.is_empty() {
            return Err(DomainError::input(
                "tls roots",
                "no PEM CERTIFICATE block found; give the roots as PEM",
            ));
        }
        self.tls_roots = Some(roots);
        Ok(self)
    }

    /// Allows fetching from loopback, private and link-local addresses, which receivers
    /// never do (for tests and private networks).
    ///
    /// ```
    /// use digicert_mark_certs::bimi::DomainOptions;
    ///
    /// let options = DomainOptions::new().allow_private_addresses(true);
    /// assert!(format!("{options:?}").contains("allow_private_addresses: true"));
    /// ```
    #[must_use]
    pub fn allow_private_addresses(mut self, allow: bool) -> Self {
        self.allow_private_addresses = allow;
        self
    }

    /// The roots a mark certificate must chain to, instead of the bundled ones.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::DomainOptions;
    /// use digicert_mark_certs::certificate::TrustAnchors;
    ///
    /// let roots = TrustAnchors::from_pem(&std::fs::read("tests/fixtures/marks/test-roots.pem")?)?;
    /// let options = DomainOptions::new().trust_anchors(roots);
    /// # let _ = options;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn trust_anchors(mut self, anchors: TrustAnchors) -> Self {
        self.trust_anchors = anchors;
        self
    }

    /// The BIMI selector to look up (default `default`): one or more DNS labels of letters,
    /// digits and hyphens. Refused otherwise.
    ///
    /// ```
    /// use digicert_mark_certs::bimi::{DomainError, DomainOptions};
    ///
    /// let options = DomainOptions::new().selector("Brand")?;
    /// assert!(format!("{options:?}").contains(r#"selector: "brand""#));
    /// let refused = DomainOptions::new().selector("not a selector").unwrap_err();
    /// assert!(matches!(refused, DomainError::Input { field: "selector", .. }));
    /// # Ok::<(), DomainError>(())
    /// ```
    pub fn selector(mut self, selector: &str) -> Result<Self, DomainError> {
        let valid = !selector.is_empty()
            && selector.len() <= 63
            && selector.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !valid {
            return Err(DomainError::input(
                "selector",
                format!(
                    "`{}` is not a selector: give DNS labels of letters, digits and hyphens, \
                     such as `default`",
                    crate::redact::server_text(selector, 80)
                ),
            ));
        }
        self.selector = selector.to_ascii_lowercase();
        Ok(self)
    }

    /// Judges certificates and CRLs at `at` instead of now.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::bimi::DomainOptions;
    ///
    /// // Judge the certificate as of 2025-01-01.
    /// let options = DomainOptions::new().at(UNIX_EPOCH + Duration::from_secs(1_735_689_600));
    /// assert!(format!("{options:?}").contains("at: Some("));
    /// ```
    #[must_use]
    pub fn at(mut self, at: SystemTime) -> Self {
        self.at = Some(at);
        self
    }

    /// Longest time one step may take: a DNS lookup, or a fetch with its redirects. A step
    /// that takes longer counts as unanswered.
    ///
    /// ```
    /// use std::time::Duration;
    /// use digicert_mark_certs::bimi::DomainOptions;
    ///
    /// let options = DomainOptions::new().timeout(Duration::from_secs(2));
    /// assert!(format!("{options:?}").contains("timeout: 2s"));
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}
