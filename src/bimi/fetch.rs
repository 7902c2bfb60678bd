//! Fetching `l=`, `a=` and CRLs as receivers do: https only (http for CRLs, as CRLs are
//! served), a trusted server certificate, a size cap, a time limit, at most
//! [`MAX_REDIRECTS`] redirects each checked again, and never a private, loopback or
//! link-local address. The host is resolved here, with the check's resolver, and the
//! connection pinned to the addresses checked, so DNS rebinding cannot slip past the check.
//! Nothing else is sent: no key, no cookie.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use rustls::ClientConfig;
use url::Url;

use super::dns::{Answer, Dns};
use super::options::{DomainError, DomainOptions};
use crate::codec::SVG_MEDIA_TYPE;
use crate::redact::server_text;

/// Most redirects followed for one file.
pub const MAX_REDIRECTS: usize = 3;

/// Largest SVG fetched from `l=`, in bytes.
pub const MAX_FETCHED_SVG_BYTES: usize = 64 * 1024;

/// Largest PEM chain fetched from `a=`, in bytes.
pub const MAX_FETCHED_PEM_BYTES: usize = 256 * 1024;

/// What is fetched, for its limits and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Svg,
    Pem,
    Crl,
}

impl Kind {
    fn cap(self) -> usize {
        match self {
            Kind::Svg => MAX_FETCHED_SVG_BYTES,
            Kind::Pem => MAX_FETCHED_PEM_BYTES,
            Kind::Crl => crate::certificate::MAX_CRL_BYTES,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Svg => "the SVG logo (l=)",
            Kind::Pem => "the certificate chain (a=)",
            Kind::Crl => "the CRL",
        }
    }

    fn accept(self) -> &'static str {
        match self {
            Kind::Svg => SVG_MEDIA_TYPE,
            Kind::Pem => "application/pem-certificate-chain, application/x-pem-file, */*",
            Kind::Crl => "application/pkix-crl, */*",
        }
    }
}

/// The outcome of one fetch.
#[derive(Debug)]
pub(crate) enum Fetched {
    /// The body.
    Body(Vec<u8>),
    /// A wrong answer: a receiver would refuse it (rule, message).
    Refused(&'static str, String),
    /// No answer in time, or the server could not be reached.
    NoAnswer(String),
}

/// The HTTP side of one check.
pub(crate) struct Fetcher {
    tls: ClientConfig,
    allow_private: bool,
    timeout: Duration,
}

/// `true` for addresses a receiver may connect to: not loopback, private, link-local,
/// shared (CGNAT), unspecified, multicast, broadcast or documentation.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064 && v6.segments()[1] == 0xff9b)
        }
    }
}

impl Fetcher {
    pub(crate) fn new(options: &DomainOptions) -> Result<Self, DomainError> {
        let tls = match &options.tls_roots {
            Some(roots) => crate::tls::tls_config_with_roots(roots),
            None => crate::tls::system_tls_config(),
        }
        .map_err(DomainError::Setup)?;
        Ok(Self {
            tls,
            allow_private: options.allow_private_addresses,
            timeout: options.timeout,
        })
    }

    /// Fetches `url` within the step's time limit.
    pub(crate) async fn fetch(&self, dns: &Dns, url: &str, kind: Kind) -> Fetched {
        let started = Instant::now();
        match tokio::time::timeout(self.timeout, self.follow(dns, url, kind, started)).await {
            Ok(fetched) => fetched,
            Err(_) => Fetched::NoAnswer(format!(
                "{} at {} did not arrive within {} s",
                kind.what(),
                server_text(url, 200),
                self.timeout.as_secs_f32()
            )),
        }
    }

    async fn follow(&self, dns: &Dns, first: &str, kind: Kind, started: Instant) -> Fetched {
        let mut url = match Url::parse(first) {
            Ok(url) => url,
            Err(e) => {
                return Fetched::Refused(
                    "fetch-url-invalid",
                    format!("`{}` is not a URL ({e})", server_text(first, 200)),
                );
            }
        };
        for hop in 0..=MAX_REDIRECTS {
            let shown = server_text(url.as_str(), 200);
            let https_only = kind != Kind::Crl;
            match url.scheme() {
                "https" => {}
                "http" if !https_only => {}
                other => {
                    return Fetched::Refused(
                        "fetch-not-https",
                        format!(
                            "{} is served from {shown}, a `{}` URL{}: receivers fetch it over \
                             https only",
                            kind.what(),
                            server_text(other, 20),
                            if hop > 0 { " (after a redirect)" } else { "" }
                        ),
                    );
                }
            }
            if !url.username().is_empty() || url.password().is_some() {
                // Said without the credentials: a password is not repeated in a report.
                let mut bare = url.clone();
                let _ = bare.set_username("");
                let _ = bare.set_password(None);
                return Fetched::Refused(
                    "fetch-url-credentials",
                    format!(
                        "{} carries a user name or password before its host; receivers \
                         fetch without credentials: publish a URL without them",
                        server_text(bare.as_str(), 200)
                    ),
                );
            }
            let Some(host) = url
                .host_str()
                .map(|h| h.trim_matches(['[', ']']).to_owned())
            else {
                return Fetched::Refused("fetch-url-invalid", format!("{shown} names no host"));
            };
            let port = url.port_or_known_default().unwrap_or(443);
            let addresses = match host.parse::<IpAddr>() {
                Ok(ip) => vec![ip],
                Err(_) => match dns.addresses(&host).await {
                    Answer::Found(found) => found,
                    Answer::None => {
                        return Fetched::Refused(
                            "fetch-host-unknown",
                            format!(
                                "the host {} of {shown} has no address in DNS: publish the file \
                                 on a host that exists",
                                server_text(&host, 100)
                            ),
                        );
                    }
                    Answer::Unanswered(why) => {
                        return Fetched::NoAnswer(format!(
                            "the address lookup of {} got no answer: {why}",
                            server_text(&host, 100)
                        ));
                    }
                },
            };
            let usable: Vec<SocketAddr> = addresses
                .iter()
                .filter(|ip| self.allow_private || is_public(**ip))
                .map(|ip| SocketAddr::new(*ip, port))
                .collect();
            if usable.is_empty() {
                let listed: Vec<String> = addresses.iter().map(IpAddr::to_string).collect();
                return Fetched::Refused(
                    "fetch-private-address",
                    format!(
                        "{shown} resolves to {} only, which is not a public address: receivers \
                         do not connect there; serve the file from a public host",
                        listed.join(", ")
                    ),
                );
            }
            let remaining = self.timeout.saturating_sub(started.elapsed());
            let client = crate::tls::http_client_builder_with(self.tls.clone())
                .resolve_to_addrs(&host, &usable)
                .no_proxy()
                .timeout(remaining.max(Duration::from_millis(10)))
                .build();
            let client = match client {
                Ok(client) => client,
                Err(e) => return Fetched::NoAnswer(format!("cannot build the HTTP client: {e}")),
            };
            let answer = client
                .get(url.clone())
                .header(reqwest::header::ACCEPT, kind.accept())
                .send()
                .await;
            let response = match answer {
                Ok(response) => response,
                Err(e) => return classify(&e, kind, &shown),
            };
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| url.join(v).ok());
                let Some(next) = location else {
                    return Fetched::Refused(
                        "fetch-status",
                        format!("{shown} answered {status} without a usable Location"),
                    );
                };
                if hop == MAX_REDIRECTS {
                    return Fetched::Refused(
                        "fetch-too-many-redirects",
                        format!(
                            "{} at {} is behind more than {MAX_REDIRECTS} redirects: receivers \
                             give up; publish the final URL in the record",
                            kind.what(),
                            server_text(first, 200)
                        ),
                    );
                }
                url = next;
                continue;
            }
            if status != reqwest::StatusCode::OK {
                return Fetched::Refused(
                    "fetch-status",
                    format!(
                        "{} at {shown} answered {status}: receivers need 200 OK with the file; \
                         publish it there or fix the URL in the record",
                        kind.what()
                    ),
                );
            }
            return read_capped(response, kind, &shown).await;
        }
        Fetched::Refused("fetch-too-many-redirects", "too many redirects".to_owned())
    }
}

async fn read_capped(mut response: reqwest::Response, kind: Kind, shown: &str) -> Fetched {
    let cap = kind.cap();
    let too_large = || {
        Fetched::Refused(
            "fetch-too-large",
            format!(
                "{} at {shown} is larger than {cap} bytes: receivers do not read it; serve a \
                 smaller file",
                kind.what()
            ),
        )
    };
    if response.content_length().is_some_and(|n| n > cap as u64) {
        return too_large();
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > cap {
                    return too_large();
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Fetched::Body(body),
            Err(e) => return classify(&e, kind, shown),
        }
    }
}

/// A TLS failure is a wrong answer (the server showed a certificate receivers do not
/// trust); a timeout or a connection that could not be made is no answer.
fn classify(error: &reqwest::Error, kind: Kind, shown: &str) -> Fetched {
    // io::Error hides what it wraps from `source()`: step into it with `get_ref()`.
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Fetched::Refused(
                "fetch-tls",
                format!(
                    "the TLS connection to {shown} for {} failed ({tls}): receivers need a \
                     server certificate from a publicly trusted CA, valid for the host, over \
                     TLS 1.2 or later",
                    kind.what()
                ),
            );
        }
        source = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    let why = if error.is_timeout() {
        "no answer in time".to_owned()
    } else {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(e) = source {
            text.push_str(": ");
            text.push_str(&e.to_string());
            source = e.source();
        }
        text
    };
    Fetched::NoAnswer(format!(
        "{} at {shown} could not be fetched: {}",
        kind.what(),
        server_text(&why, 300)
    ))
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn receivers_never_connect_to_private_addresses() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
