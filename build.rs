//! Generates the HTTP client and wire types from `openapi/mark-certificates.yaml`.
//!
//! The output goes to `$OUT_DIR/codegen.rs` and is included by `src/generated.rs`; it is never
//! committed. Only the document and this file trigger regeneration.

use std::{env, fs, path::PathBuf};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;

const DOCUMENT: &str = "openapi/mark-certificates.yaml";

fn main() {
    println!("cargo:rerun-if-changed={DOCUMENT}");
    println!("cargo:rerun-if-changed=build.rs");

    let text =
        fs::read_to_string(DOCUMENT).unwrap_or_else(|e| panic!("cannot read {DOCUMENT}: {e}"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    // The whole document as JSON, for the validator that enforces its constraints at run time.
    let document: Value = serde_norway::from_str(&text)
        .unwrap_or_else(|e| panic!("{DOCUMENT} is not valid YAML: {e}"));
    let json_path = out_dir.join("openapi.json");
    fs::write(&json_path, document.to_string())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", json_path.display()));

    let mut for_rust = document;
    prepare_for_rust(&mut for_rust);
    let spec: openapiv3::OpenAPI = serde_json::from_value(for_rust)
        .unwrap_or_else(|e| panic!("{DOCUMENT} is not a valid OpenAPI 3.0 document: {e}"));

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        // Every request runs through the crate's transport hooks (bounded reads, tracing).
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote_path("crate::raw::Hooks"))
        // Unknown fields kept from answers serialize in a stable order.
        .with_map_type("::std::collections::BTreeMap")
        // Lists DigiCert may extend, and a field it accepts in several forms.
        .with_replacement(
            "RequestStatus",
            "crate::values::RequestStatus",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            "DcvMethod",
            "crate::values::DcvMethod",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            "OrderStatus",
            "crate::values::OrderStatus",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            "LooseId",
            "crate::values::LooseId",
            [TypeImpl::Display].into_iter(),
        )
        .with_replacement(
            "DomainName",
            "crate::values::DomainName",
            [TypeImpl::Display].into_iter(),
        )
        .with_replacement("AutoRenew", "crate::values::AutoRenew", std::iter::empty())
        .with_replacement(
            "EnableHosting",
            "crate::values::EnableHosting",
            std::iter::empty(),
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

    // With the `json-schema` feature, every wire type describes itself as a JSON Schema.
    if env::var_os("CARGO_FEATURE_JSON_SCHEMA").is_some() {
        settings.with_derive("schemars::JsonSchema");
    }

    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("cannot generate a client from {DOCUMENT}: {e}"));
    let file: syn::File = syn::parse2(tokens).expect("generated code parses as Rust");
    let code = patch(prettyplease::unparse(&file));

    let out = out_dir.join("codegen.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

fn quote_path(path: &str) -> proc_macro2::TokenStream {
    path.parse().expect("a Rust path")
}

/// The document as the Rust generator should see it. Two things differ from what other
/// languages read, each so that a Rust value is exactly what was given and is sent as given:
/// - `default:` is dropped: with it, optional fields become non-optional and every body would
///   carry each default explicitly, so the bytes sent would no longer be the bytes written;
/// - `format: date-time` is dropped: DigiCert writes timestamps in more than one form, and an
///   answer must stay readable whatever form a timestamp takes (it stays text).
///
/// `x-strict` (the rules in JSON Schema form, for validators) is not read by the generator.
///
/// Operations marked `x-not-in-rust-client` (with the reason as its value) are left out: the
/// generator cannot write them, and the document keeps them for other languages.
fn prepare_for_rust(value: &mut Value) {
    drop_operations_not_in_rust(value);
    drop_generation_only_keywords(value);
}

fn drop_operations_not_in_rust(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        item.retain(|_, operation| match operation.get("x-not-in-rust-client") {
            Some(Value::String(reason)) if !reason.trim().is_empty() => false,
            Some(_) => panic!("x-not-in-rust-client must give the reason as text"),
            None => true,
        });
    }
}

fn drop_generation_only_keywords(value: &mut Value) {
    match value {
        Value::Object(map) => {
            // Only schema keywords: a property named `default` would be a map key under
            // `properties`, whose value is an object, not a schema default.
            if map.get("default").is_some_and(|d| !d.is_object()) {
                map.remove("default");
            }
            if map.get("format").and_then(Value::as_str) == Some("date-time") {
                map.remove("format");
            }
            map.remove("x-strict");
            for child in map.values_mut() {
                drop_generation_only_keywords(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_generation_only_keywords),
        _ => {}
    }
}

/// Two corrections to the generated code, each checked so that a new progenitor version that
/// changes the output fails the build here instead of silently skipping the correction.
fn patch(code: String) -> String {
    let patches: [(&str, &str, &str); 2] = [
        (
            // Answer types keep unknown fields in `extra`; their builders would otherwise
            // refuse to build unless the caller named `extra`, which they never set.
            r#"extra: Err("no value supplied for extra".to_string())"#,
            "extra: Ok(Default::default())",
            "builders of answer types",
        ),
        (
            // `Client::new` would build a reqwest client with no TLS provider (a panic) that
            // follows redirects; the crate's starting point has neither problem.
            "reqwest::ClientBuilder::new()",
            "crate::tls::http_client_builder()",
            "Client::new",
        ),
    ];
    let mut code = code;
    for (from, to, what) in patches {
        assert!(
            code.contains(from),
            "the generated code changed: cannot patch {what} (no `{from}`)"
        );
        code = code.replace(from, to);
    }
    code
}
