//! The client and wire types generated at build time from `openapi/mark-certificates.yaml`.
//!
//! Nothing here is written by hand: edit the document and rebuild. The hand-written layer
//! lives beside this module.
#![allow(missing_docs, clippy::all, clippy::pedantic, unused_imports)]

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
