//! Reading `openapi/mark-certificates.yaml` in tests, with `$ref` resolution.
#![allow(dead_code)]

pub mod standin;

use serde_json::Value;

/// The OpenAPI document as a JSON value.
pub fn document() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/mark-certificates.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the OpenAPI document is readable");
    serde_norway::from_str(&text).expect("the OpenAPI document is valid YAML")
}

/// Follows a local `$ref` (`#/components/...`) once; other values come back as they are.
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("only local references are used: {reference}"));
            let target = doc
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling reference {reference}"));
            resolve(doc, target)
        }
        None => value,
    }
}

/// The component schema name a `{"$ref": "#/components/schemas/X"}` names.
pub fn schema_name(schema: &Value) -> String {
    schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .unwrap_or_else(|| panic!("expected a reference to a component schema, got {schema}"))
        .to_owned()
}

/// One example of a media type: where it sits, the schema it must match, and its value.
pub struct Example {
    pub place: String,
    pub schema: String,
    pub value: Value,
}

/// Every example of every request body and response of every operation.
pub fn operation_examples(doc: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (verb, operation) in item.as_object().expect("path item") {
            let id = operation["operationId"].as_str().unwrap_or(verb);
            let mut media = Vec::new();
            if let Some(body) = operation.get("requestBody") {
                media.push((format!("{id} request"), resolve(doc, body)));
            }
            for (status, response) in operation["responses"].as_object().expect("responses") {
                media.push((format!("{id} {status}"), resolve(doc, response)));
            }
            for (place, holder) in media {
                let Some(json) = holder.pointer("/content/application~1json") else {
                    continue;
                };
                let schema = schema_name(&json["schema"]);
                for (name, example) in json["examples"].as_object().into_iter().flatten() {
                    found.push(Example {
                        place: format!("{path} {place} example {name}"),
                        schema: schema.clone(),
                        value: resolve(doc, example)["value"].clone(),
                    });
                }
            }
        }
    }
    found
}

/// The value of the named example in `components/examples`.
pub fn component_example(doc: &Value, name: &str) -> Value {
    doc["components"]["examples"][name]["value"].clone()
}

/// The validation report for an order kind chosen at run time: the kind is named by the
/// request type, as the library has it.
pub fn validate_as(
    kind: digicert_mark_certs::order::OrderKind,
    body: &Value,
) -> digicert_mark_certs::findings::Report {
    use digicert_mark_certs::order::{OrderKind, validate_json};
    use digicert_mark_certs::types::{CmcOrderRequest, VmcOrderRequest};
    match kind {
        OrderKind::Vmc => validate_json::<VmcOrderRequest>(body),
        OrderKind::Cmc => validate_json::<CmcOrderRequest>(body),
    }
}
