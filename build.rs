//! Generates the HTTP client and wire types from `openapi/mark-certificates.yaml`.
//!
//! The output goes to `$OUT_DIR/codegen.rs` and is included by `src/generated.rs`; it is never
//! committed. Only the document and this file trigger regeneration.

use std::{env, fs, path::PathBuf};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};

const DOCUMENT: &str = "openapi/mark-certificates.yaml";

fn main() {
    println!("cargo:rerun-if-changed={DOCUMENT}");
    println!("cargo:rerun-if-changed=build.rs");

    let text =
        fs::read_to_string(DOCUMENT).unwrap_or_else(|e| panic!("cannot read {DOCUMENT}: {e}"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    // The document as JSON, for the validator that enforces its constraints at run time.
    let as_json: serde_json::Value = serde_norway::from_str(&text)
        .unwrap_or_else(|e| panic!("{DOCUMENT} is not valid YAML: {e}"));
    let json_path = out_dir.join("openapi.json");
    fs::write(&json_path, as_json.to_string())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", json_path.display()));
    let spec: openapiv3::OpenAPI = serde_norway::from_str(&text)
        .unwrap_or_else(|e| panic!("{DOCUMENT} is not a valid OpenAPI 3.0 document: {e}"));

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        // Unknown fields kept from answers serialize in a stable order.
        .with_map_type("::std::collections::BTreeMap")
        // DigiCert may add request statuses; the hand-written type keeps unknown ones.
        .with_replacement(
            "RequestStatus",
            "crate::RequestStatus",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        // Card secrets get types whose Debug output hides the value.
        .with_replacement(
            "CardNumber",
            "crate::secret::CardNumber",
            std::iter::empty(),
        )
        .with_replacement(
            "CardVerificationValue",
            "crate::secret::CardVerificationValue",
            std::iter::empty(),
        );

    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("cannot generate a client from {DOCUMENT}: {e}"));
    let file: syn::File = syn::parse2(tokens).expect("generated code parses as Rust");
    let code = prettyplease::unparse(&file);

    let out = out_dir.join("codegen.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
