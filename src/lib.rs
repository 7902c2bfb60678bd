#![doc = "Order BIMI mark certificates from DigiCert CertCentral."]
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
