//! The JSON Schemas of the command's `--json` outputs, published in `schemas/`, match the
//! types the outputs are made from; and the command's real output validates against them.
//!
//! After changing an output type, write the schemas again with
//! `UPDATE_SCHEMAS=1 cargo test --all-features --test schemas`, and review the diff.
#![cfg(feature = "json-schema")]

use digicert_mark_certs::bimi::{DomainCheck, Readiness};
use digicert_mark_certs::certificate::Verification;
use digicert_mark_certs::output::{
    BimiRecordOutput, CheckOutput, OrderOutput, OrdersOutput, OrganizationsOutput, ReissueOutput,
    StatusOutput, WatchEvent,
};
use serde_json::Value;

/// Every published schema: its file and the schema of its type.
fn published() -> Vec<(&'static str, Value)> {
    vec![
        ("check-output.json", schema::<CheckOutput>()),
        ("order-output.json", schema::<OrderOutput>()),
        ("certificate-verification.json", schema::<Verification>()),
        ("status-output.json", schema::<StatusOutput>()),
        ("watch-event.json", schema::<WatchEvent>()),
        ("bimi-record.json", schema::<BimiRecordOutput>()),
        ("bimi-check.json", schema::<DomainCheck>()),
        ("bimi-ready.json", schema::<Readiness>()),
        ("orders-output.json", schema::<OrdersOutput>()),
        ("organizations-output.json", schema::<OrganizationsOutput>()),
        ("reissue-output.json", schema::<ReissueOutput>()),
    ]
}

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap()
}

fn path(file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(file)
}

/// The published schema of `file`, for validating an output.
pub fn validator(file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(path(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

#[test]
fn the_published_schemas_match_the_output_types() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    for (file, schema) in published() {
        let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
        if update {
            std::fs::write(path(file), &text).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(path(file))
            .unwrap_or_else(|e| panic!("{file}: {e}; write it with UPDATE_SCHEMAS=1"));
        assert_eq!(
            committed, text,
            "schemas/{file} no longer matches its type; write it again with UPDATE_SCHEMAS=1 \
             and review the change"
        );
    }
}

#[test]
fn a_schema_refuses_an_output_of_another_shape() {
    let check = validator("check-output.json");
    assert!(check.is_valid(&serde_json::json!({"valid": true, "findings": []})));
    assert!(!check.is_valid(&serde_json::json!({"valid": "yes", "findings": []})));
    assert!(!check.is_valid(&serde_json::json!({"valid": true, "findings": [{"severity": "fatal", "rule": "x", "message": "m"}]})));
}

#[cfg(feature = "cli")]
#[path = "common/cli.rs"]
mod cli;

/// Each `--json` command that needs no server, run as a user would, prints a document its
/// schema accepts. The commands that talk to DigiCert (`order`, `status`, `watch`) are checked
/// against their schemas in their own tests (`tests/cli_order.rs`, `tests/cli_lifecycle.rs`).
#[cfg(feature = "cli")]
#[test]
fn every_json_output_of_the_command_validates_against_its_schema() {
    let order = std::fs::read("examples/vmc-order.json").unwrap();
    let runs: Vec<(&str, Vec<&str>, Vec<u8>)> = vec![
        (
            "check-output.json",
            vec!["validate", "vmc", "-", "--json"],
            order.clone(),
        ),
        (
            "check-output.json",
            vec!["validate", "cmc", "-", "--json"],
            b"{\"certificate\": 1}".to_vec(),
        ),
        (
            "check-output.json",
            vec!["validate", "vmc", "-", "--json"],
            b"not json".to_vec(),
        ),
        (
            "check-output.json",
            vec!["logo", "check", "examples/logo.svg", "--json"],
            vec![],
        ),
        (
            "check-output.json",
            vec!["logo", "check", "-", "--json"],
            b"<svg/>".to_vec(),
        ),
    ];
    for (file, args, stdin) in runs {
        let out = cli::markcert(&args, &stdin);
        let printed: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
        let validator = validator(file);
        let errors: Vec<String> = validator
            .iter_errors(&printed)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{args:?} against {file}: {errors:?}\n{printed}"
        );
    }
}
