//! Collecting what an order holds: its logo and its certificate chain.

use super::transport::Request;
use super::{Error, MarkClient};
use crate::certificate::{self, OrderedChain};
use crate::logo::Logo;
use crate::redact::server_text;

/// The format of the certificate file to publish: leaf, intermediates and root in one PEM.
const CHAIN_FORMAT: &str = "pem_all";

impl MarkClient {
    /// The logo the order carries, decoded (bounded, as [`Logo::from_encoded`] reads it).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let logo = client.order_logo(144457095).await?;
    /// println!("{} bytes of SVG", logo.svg().len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn order_logo(&self, order_id: i64) -> Result<Logo, Error> {
        self.call(
            Request::read("get_order_logo", self),
            |api| async move { api.get_order_logo().order_id(order_id).send().await },
            |client, answer| {
                let status = answer.status;
                let data = client.json(answer)?;
                Logo::from_encoded(&data.logo).map_err(|e| Error::Unexpected {
                    status: Some(status.as_u16()),
                    detail: format!("the order's logo cannot be decoded: {e}"),
                    body: String::new(),
                })
            },
        )
        .await
    }

    /// Downloads the certificate chain of an issued order (`pem_all`), leaf first, with LF
    /// line ends. The answer is read up to the client's byte limit or
    /// [`certificate::MAX_PEM_BYTES`], whichever is smaller.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let chain = client.download_chain(144457095).await?;
    /// std::fs::write("chain.pem", &chain.pem)?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn download_chain(&self, order_id: i64) -> Result<OrderedChain, Error> {
        let limit = self.read_limit.min(certificate::MAX_PEM_BYTES);
        self.call(
            Request::read("download_order_certificate", self).reading(limit),
            |api| async move {
                api.download_order_certificate()
                    .order_id(order_id)
                    .format(CHAIN_FORMAT)
                    .send()
                    .await
            },
            |client, answer| {
                if contains(&answer.body, client.key.0.as_bytes()) {
                    return Err(Error::Unexpected {
                        status: Some(answer.status.as_u16()),
                        detail: "the certificate file holds the API key; it was not kept"
                            .to_owned(),
                        body: String::new(),
                    });
                }
                certificate::leaf_first(&answer.body).map_err(|report| Error::Unexpected {
                    status: Some(answer.status.as_u16()),
                    detail: format!(
                        "the certificate file is not a usable PEM chain: {}",
                        report
                            .errors()
                            .map(|f| server_text(&f.message, 300))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    body: server_text(&String::from_utf8_lossy(&answer.body), 300),
                })
            },
        )
        .await
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
