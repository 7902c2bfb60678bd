//! HTTPS setup shared by every client the crate builds.
//!
//! - rustls with the `ring` provider, so builds need no C crypto library;
//! - the system's trusted certificates, loaded once per process: loading them reads every
//!   file of the system store (a few milliseconds), so a second client costs almost nothing;
//! - HTTP/1.1 only: two JSON endpoints gain nothing from HTTP/2, which would add crates and
//!   binary size;
//! - redirects are never followed: a redirect could carry the API key or a card number to
//!   another origin, or replay a paid order;
//! - proxies only for https: a proxy named by `HTTPS_PROXY` (or `ALL_PROXY`) reaches an https
//!   base URL by `CONNECT`, so it sees no header or body; an http base URL (loopback only)
//!   never goes through a proxy, which would read the key in clear.

use std::sync::{Arc, OnceLock};

use rustls::ClientConfig;

/// The TLS configuration, built once; the error says why it could not be.
static TLS: OnceLock<Result<ClientConfig, String>> = OnceLock::new();

fn tls_config() -> Result<ClientConfig, String> {
    TLS.get_or_init(|| {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
            .map_err(|e| format!("cannot load the system's trusted certificates: {e}"))?;
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    })
    .clone()
}

/// The starting point of every HTTP client of the crate: the shared TLS setup, no redirects,
/// and the `User-Agent: digicert-mark-certs/<version>` every request carries.
///
/// When the system's certificates cannot be loaded the builder is returned as is, and
/// `build()` reports the failure in reqwest's terms (HTTPS needs them).
pub(crate) fn http_client_builder() -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder()
        .user_agent(concat!("digicert-mark-certs/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .http1_only();
    match tls_config() {
        Ok(config) => builder.tls_backend_preconfigured(config),
        Err(e) => {
            tracing::warn!("{e}");
            if rustls::crypto::CryptoProvider::get_default().is_none() {
                // Losing a race to another thread that installs a provider is fine.
                let _ = rustls::crypto::ring::default_provider().install_default();
            }
            builder
        }
    }
}

/// The proxy rule for a base URL: the system's proxies for https (reached by `CONNECT`), none
/// for anything else.
pub(crate) fn proxy_rule(
    builder: reqwest::ClientBuilder,
    base_url: &str,
) -> reqwest::ClientBuilder {
    if base_url
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("https://")
    {
        builder
    } else {
        builder.no_proxy()
    }
}

/// The HTTP client of the crate, built as [`http_client_builder`] describes.
pub(crate) fn build(builder: reqwest::ClientBuilder) -> Result<reqwest::Client, String> {
    builder
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// The TLS configuration of [`http_client_builder`], for clients that set their own options.
pub(crate) fn system_tls_config() -> Result<ClientConfig, String> {
    tls_config()
}

/// A TLS configuration that trusts only `roots` (for servers of a private PKI, or tests).
pub(crate) fn tls_config_with_roots(
    roots: &[rustls::pki_types::CertificateDer<'static>],
) -> Result<ClientConfig, String> {
    let mut store = rustls::RootCertStore::empty();
    for root in roots {
        store
            .add(root.clone())
            .map_err(|e| format!("a TLS root cannot be used: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_root_certificates(store)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// A client builder like [`http_client_builder`], with the TLS configuration given.
pub(crate) fn http_client_builder_with(config: ClientConfig) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .user_agent(concat!("digicert-mark-certs/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .http1_only()
        .tls_backend_preconfigured(config)
}
