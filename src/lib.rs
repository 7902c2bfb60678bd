#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod certificate;
mod client;
pub mod findings;
pub mod generated;
pub mod logo;
pub mod order;
pub mod redact;
pub mod request_status;
pub mod secret;
mod tls;

pub use client::{
    API_KEY_VARIABLE, ApiError, Error, MarkClient, MarkClientBuilder, PlacedOrder, Region,
    RemoteLogoVerdict, RetryPolicy, check_logo_remotely,
};
pub use generated::{Client, ClientInfo, ResponseValue, types};
pub use request_status::RequestStatus;
pub use tls::raw_client;
