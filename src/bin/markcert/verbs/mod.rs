//! One file per verb of the command line. Each takes its arguments (and the shared
//! [`crate::context::Context`] when it talks to DigiCert) and ends in `Ok(())` or a
//! [`crate::exit::Failure`].

pub mod bimi;
pub mod cancel;
pub mod cert;
pub mod dcv;
pub mod docs;
pub mod domain;
pub mod init;
pub mod logo;
pub mod mark;
pub mod order;
pub mod orders;
pub mod reissue;
pub mod renew;
pub mod status;
pub mod validate;
pub mod watch;
