//! What the command says, and how it ends, when a request to DigiCert fails.

use digicert_mark_certs::Error as ClientError;

use crate::exit::{Exit, Failure};
use crate::render;

/// What the failed request was meant to do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Meant {
    /// Read something: a refusal means a wrong key, region or id (exit 2), no answer means
    /// unknown (exit 3).
    Read,
    /// Change something: a refusal is exit 1, an unclear end exit 3 (it may have been made).
    Change,
}

/// A client that could not be set up (no key, an unusable base URL): exit 2.
pub fn setup(e: &ClientError) -> Failure {
    Failure::Usage(e.to_string())
}

/// Prints why a request failed and picks the exit.
pub fn request(e: &ClientError, meant: Meant) -> Failure {
    render::note(&e.to_string());
    if let Some(report) = e.report() {
        render::findings_to_stderr(report);
    }
    let exit = match e {
        ClientError::Config(_) => Exit::Usage,
        ClientError::Invalid(_) => Exit::Refused,
        ClientError::ChangeUnknown { .. } => {
            render::note(
                "the change may or may not have been made; check with `markcert status` \
                 before trying again",
            );
            Exit::Unknown
        }
        ClientError::Api { .. } if meant == Meant::Change => Exit::Refused,
        ClientError::Api { status, .. } => {
            render::note(&read_refused_hint(*status));
            Exit::Usage
        }
        ClientError::OrderNotResolved { order_ids, .. } if order_ids.is_empty() => {
            render::note(
                "an order placed in the last minute may not be found yet: look again before \
                 ordering again, and order again only with the same --alternative-order-id",
            );
            Exit::Unknown
        }
        ClientError::OrderNotResolved { .. } => Exit::Usage,
        // Nothing was written: the change was not made.
        ClientError::Transport(_) if meant == Meant::Change => Exit::Usage,
        // An answer came, but not one to use (not the documented JSON, about another order,
        // not a chain): the command cannot be carried out against this server.
        ClientError::Unexpected {
            status: Some(status),
            ..
        } if meant == Meant::Read && (200..300).contains(status) => Exit::Usage,
        // No usable answer came: a lost connection, a server error, an answer that could not
        // be read or was about something else, a deadline.
        _ => Exit::Unknown,
    };
    Failure::Printed(exit)
}

/// The base URL requests go to, for hints.
static BASE_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Keeps the base URL the client uses, for hints about it.
pub fn remember_base_url(url: &str) {
    let _ = BASE_URL.set(url.to_owned());
}

/// Where to look when DigiCert refuses a read.
fn read_refused_hint(status: u16) -> String {
    if status == 404
        && let Some(url) = BASE_URL.get()
        && !url.trim_end_matches('/').ends_with("/services/v2")
    {
        return format!(
            "the base URL {} does not end in /services/v2: give the whole Services API v2 base \
             URL, such as https://www.digicert.com/services/v2",
            crate::render::shown(url)
        );
    }
    match status {
        401 | 403 => "DigiCert refused the key: check the API key (DIGICERT_API_KEY) and the \
                      region (--region eu for CertCentral Europe)"
            .to_owned(),
        404 => "DigiCert knows no such order here: check the order id and the region \
                (--region), or the base URL (it ends in /services/v2)"
            .to_owned(),
        _ => "check the API key, the region (--region) and the order id".to_owned(),
    }
}
