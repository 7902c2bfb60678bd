//! DigiCert's own check of a logo, which needs no API key.

use std::time::Duration;

use super::transport::{Request, done};
use super::{ApiKey, DEFAULT_TIMEOUT, Error, MarkClient, RetryPolicy, checked_base_url, error};
use crate::logo::Logo;
use crate::{raw, types};

/// DigiCert's verdict on a logo, from `PUT /util/validate-vmc-encoded-logo`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RemoteLogoVerdict {
    /// DigiCert accepts the logo (HTTP 204).
    Accepted,
    /// DigiCert refuses it, and says why.
    Refused {
        /// HTTP status.
        status: u16,
        /// DigiCert's explanation (every error message, or the start of the answer).
        message: String,
    },
}

/// Asks DigiCert whether it accepts a logo. Needs no API key and places no order. The base
/// URL follows the rules of [`MarkClientBuilder::base_url`](crate::MarkClientBuilder::base_url). Each request may take 120 s, and
/// the rate limit is waited out as [`RetryPolicy::default`] says; see
/// [`check_logo_remotely_with`] to choose.
///
/// ```no_run
/// use digicert_mark_certs::logo::Logo;
/// use digicert_mark_certs::{Region, check_logo_remotely};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let logo = Logo::from_file("logo.svg")?;
/// let verdict = check_logo_remotely(Region::Us.base_url(), &logo).await?;
/// println!("{verdict:?}");
/// # Ok(())
/// # }
/// ```
pub async fn check_logo_remotely(base_url: &str, logo: &Logo) -> Result<RemoteLogoVerdict, Error> {
    check_logo_remotely_with(base_url, logo, DEFAULT_TIMEOUT, &RetryPolicy::default()).await
}

/// [`check_logo_remotely`] with the time allowed for each request and the retry policy,
/// applied as to any request that only reads: HTTP 429 waited out, a transport failure or a
/// 5xx answer tried again a little.
///
/// ```no_run
/// use std::time::Duration;
/// use digicert_mark_certs::logo::Logo;
/// use digicert_mark_certs::{Region, RetryPolicy, check_logo_remotely_with};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let logo = Logo::from_file("logo.svg")?;
/// let policy = RetryPolicy::default().rate_limit_retries(1);
/// let verdict =
///     check_logo_remotely_with(Region::Eu.base_url(), &logo, Duration::from_secs(30), &policy)
///         .await?;
/// println!("{verdict:?}");
/// # Ok(())
/// # }
/// ```
pub async fn check_logo_remotely_with(
    base_url: &str,
    logo: &Logo,
    timeout: Duration,
    policy: &RetryPolicy,
) -> Result<RemoteLogoVerdict, Error> {
    let base_url = checked_base_url(base_url)?;
    let http = crate::tls::build(crate::tls::proxy_rule(
        crate::tls::http_client_builder().timeout(timeout),
        &base_url,
    ))
    .map_err(Error::Config)?;
    // A client without a key: the endpoint needs none, and none is sent.
    let client = MarkClient {
        http,
        base_url,
        retry: policy.clone(),
        read_limit: raw::DEFAULT_READ_LIMIT,
        deny_warnings: false,
        key: ApiKey(String::new()),
    };
    let body = types::EncodedLogo {
        logo: types::LogoData::try_from(logo.encoded().to_owned())
            .map_err(|e| Error::Config(format!("the encoded logo is unusable: {e}")))?,
    };
    let result = client
        .call(
            Request::read("validate_encoded_logo", &client),
            |api| {
                let body = body.clone();
                async move { api.validate_encoded_logo().body(body).send().await }
            },
            done,
        )
        .await;
    match result {
        Ok(()) => Ok(RemoteLogoVerdict::Accepted),
        Err(Error::Api {
            status,
            errors,
            body,
        }) => Ok(RemoteLogoVerdict::Refused {
            status,
            message: error::join(&errors, &body),
        }),
        Err(e) => Err(e),
    }
}
