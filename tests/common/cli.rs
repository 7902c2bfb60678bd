//! Running `markcert` as a user would, for the CLI tests (feature `cli`).
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs markcert from the project root with `stdin`, without `DIGICERT_API_KEY`.
pub fn markcert(args: &[&str], stdin: &[u8]) -> Output {
    markcert_with_key(args, stdin, None)
}

/// Runs markcert from the project root with `DIGICERT_API_KEY` set to `key`, or unset.
pub fn markcert_with_key(args: &[&str], stdin: &[u8], key: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_markcert"));
    match key {
        Some(key) => command.env("DIGICERT_API_KEY", key),
        None => command.env_remove("DIGICERT_API_KEY"),
    };
    let mut child = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("markcert runs");
    // A command may stop reading early (an input over its limit): a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

/// Standard output parsed as JSON, or a panic that shows it.
pub fn json_out(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Standard output parsed as JSON and validated against the published schema `schema`
/// (a file of `schemas/`), or a panic that shows what does not fit.
#[track_caller]
pub fn json_out_as(out: &Output, schema: &str) -> Value {
    let value = json_out(out);
    assert_fits(&value, schema);
    value
}

/// Panics unless `value` validates against the published schema `schema`.
#[track_caller]
pub fn assert_fits(value: &Value, schema: &str) {
    let path = format!("{}/schemas/{schema}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{schema}: {errors:?}\n{value}");
}
