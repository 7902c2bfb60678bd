#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod bimi;
pub mod certificate;
mod client;
mod codec;
pub mod findings;
mod generated;
pub mod logo;
pub mod order;
pub mod output;
pub mod raw;
pub mod redact;
pub mod secret;
mod status;
mod tls;
pub mod values;

/// The wire types of the OpenAPI document: request bodies, answers, and their parts.
///
/// Generated at build time from `openapi/mark-certificates.yaml`, except the open value
/// lists and multi-form fields of [`crate::values`], which the generated types use.
pub mod types {
    pub use crate::generated::types::*;
    pub use crate::secret::{CardNumber, CardVerificationValue};
    pub use crate::values::{
        AutoRenew, DcvMethod, DomainName, EnableHosting, LooseId, OrderStatus, RequestStatus,
    };
}

/// The JSON crate the public API takes values of (order bodies, answers): the same version,
/// so a `serde_json::Value` built here is the one the functions take.
pub use serde_json;

pub use client::{
    API_KEY_FILE_VARIABLE, API_KEY_VARIABLE, ApiError, DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, Due,
    Error, Expiry, FoundOrder, LIST_PAGE_SIZE, Listing, MARK_PRODUCTS, MAX_APPROVAL_DETAILS,
    MAX_LIST_PAGES, MAX_STATUS_CHANGE_WINDOW, MIN_POLL_INTERVAL, ManyOutcome, ManyRequests,
    MarkClient, MarkClientBuilder, OrderQuery, OrderRef, PlacedOrder, Placement, Region, Reissue,
    ReissueBuilder, ReissueOutcome, RemoteLogoVerdict, RetryPolicy, UploadedLogo, WaitEvent,
    WaitOptions, WaitOutcome, check_logo_remotely, check_logo_remotely_with, check_mark_update,
    check_mark_update_json,
};
