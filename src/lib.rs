#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod generated;
pub mod logo;
pub mod order;
pub mod request_status;
pub mod secret;
mod tls;

pub use generated::{Client, ClientInfo, Error, ResponseValue, types};
pub use request_status::RequestStatus;
pub use tls::raw_client;
