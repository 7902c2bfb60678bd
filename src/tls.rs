//! HTTPS setup: rustls with the `ring` provider, so builds need no C crypto library.

use crate::generated::Client;

/// Installs `ring` as the process-wide rustls provider unless one is installed already.
fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race to another thread that installs a provider is fine: one is in place.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The starting point of every HTTP client of the crate: HTTPS ready (the `ring` provider
/// installed) and the `User-Agent: digicert-mark-certs/<version>` every request carries.
pub(crate) fn http_client_builder() -> reqwest::ClientBuilder {
    ensure_crypto_provider();
    reqwest::Client::builder()
        .user_agent(concat!("digicert-mark-certs/", env!("CARGO_PKG_VERSION")))
}

/// Builds the generated client for `base_url` with HTTPS ready to use.
///
/// This is the low-level client: it sends what it is given, without validation, API key or
/// retry policy. `base_url` is a Services API v2 root such as
/// `https://www.digicert.com/services/v2`.
///
/// ```
/// use digicert_mark_certs::ClientInfo;
///
/// let client = digicert_mark_certs::raw_client("https://www.digicert.com/services/v2")?;
/// assert_eq!(client.baseurl(), "https://www.digicert.com/services/v2");
/// # Ok::<(), reqwest::Error>(())
/// ```
pub fn raw_client(base_url: &str) -> Result<Client, reqwest::Error> {
    let http = http_client_builder().build()?;
    Ok(Client::new_with_client(base_url, http))
}
