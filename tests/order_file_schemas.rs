//! The JSON Schemas of the order files (`schemas/vmc-order.json`, `schemas/cmc-order.json`),
//! for editors: made from the OpenAPI document's request schemas and kept equal to them here;
//! the bundled examples validate against them, a misspelt field does not, and an order file
//! that names its schema with `"$schema"` is accepted and sends no such field.
//!
//! After changing the document, write the files again with
//! `UPDATE_SCHEMAS=1 cargo test --test order_file_schemas`, and review the diff.

use digicert_mark_certs::order::{PreparedOrder, SCHEMA_KEY, validate_json};
use digicert_mark_certs::types::{CmcOrderRequest, VmcOrderRequest};
use serde_json::{Map, Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn document() -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/openapi/mark-certificates.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// An OpenAPI 3.0 schema object as JSON Schema 2020-12: references point into `$defs`, an
/// `example` becomes `examples`, extension keys are left out. Every other keyword the request
/// schemas use (types, lengths, patterns, enumerations, `oneOf`/`anyOf`/`allOf`/`not`,
/// `additionalProperties`) means the same in both.
fn converted(node: &Value) -> Value {
    match node {
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, value) in object {
                match key.as_str() {
                    "$ref" => {
                        let name = value.as_str().unwrap().rsplit('/').next().unwrap();
                        out.insert(key.clone(), json!(format!("#/$defs/{name}")));
                    }
                    "example" => {
                        out.insert("examples".into(), json!([value]));
                    }
                    "nullable" | "discriminator" | "xml" | "externalDocs" => {
                        panic!("the request schemas use `{key}`: teach the conversion its meaning")
                    }
                    key if key.starts_with("x-") => {}
                    // A property named like a keyword is still a property.
                    "properties" => {
                        let properties = value
                            .as_object()
                            .unwrap()
                            .iter()
                            .map(|(name, schema)| (name.clone(), converted(schema)))
                            .collect();
                        out.insert(key.into(), Value::Object(properties));
                    }
                    _ => {
                        out.insert(key.clone(), converted(value));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(converted).collect()),
        other => other.clone(),
    }
}

/// The names of the schemas `node` refers to, directly or through others, in `schemas`.
fn referenced(node: &Value, schemas: &Map<String, Value>, found: &mut Vec<String>) {
    match node {
        Value::Object(object) => {
            for (key, value) in object {
                if key == "$ref" {
                    let name = value.as_str().unwrap().rsplit('/').next().unwrap();
                    if !found.iter().any(|f| f == name) {
                        found.push(name.to_owned());
                        referenced(&schemas[name], schemas, found);
                    }
                } else {
                    referenced(value, schemas, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| referenced(i, schemas, found)),
        _ => {}
    }
}

fn order_file_schema(request: &str, file: &str) -> Value {
    let document = document();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut names = Vec::new();
    referenced(&schemas[request], schemas, &mut names);
    names.sort();
    let defs: Map<String, Value> = names
        .iter()
        .map(|name| (name.clone(), converted(&schemas[name])))
        .collect();
    let Value::Object(mut top) = converted(&schemas[request]) else {
        panic!("{request} is not an object schema");
    };
    top.get_mut("properties")
        .and_then(Value::as_object_mut)
        .unwrap()
        .insert(
            SCHEMA_KEY.into(),
            json!({
                "type": "string",
                "description": "The schema of this file, for editors; never sent to DigiCert."
            }),
        );
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("$id".into(), json!(file));
    schema.insert(
        "title".into(),
        json!(format!("{request}: an order file for markcert")),
    );
    schema.extend(top);
    schema.insert("$defs".into(), Value::Object(defs));
    Value::Object(schema)
}

const FILES: &[(&str, &str, &str)] = &[
    (
        "VmcOrderRequest",
        "vmc-order.json",
        "examples/vmc-order.json",
    ),
    (
        "CmcOrderRequest",
        "cmc-order.json",
        "examples/cmc-order.json",
    ),
];

fn published(file: &str) -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/schemas/{file}"))
        .unwrap_or_else(|e| panic!("schemas/{file}: {e}; write it with UPDATE_SCHEMAS=1"));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_order_file_schemas_are_the_document_s_request_schemas() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    for &(request, file, _) in FILES {
        let schema = order_file_schema(request, file);
        if update {
            let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
            std::fs::write(format!("{ROOT}/schemas/{file}"), text).unwrap();
            continue;
        }
        assert!(
            published(file) == schema,
            "schemas/{file} no longer matches {request} in the document; write it again with \
             UPDATE_SCHEMAS=1 and review the change"
        );
    }
}

#[test]
fn the_examples_validate_and_a_misspelt_field_does_not() {
    for &(_, file, example) in FILES {
        let validator = jsonschema::validator_for(&published(file)).unwrap();
        let text = std::fs::read_to_string(format!("{ROOT}/{example}")).unwrap();
        let mut body: Value = serde_json::from_str(&text).unwrap();
        assert!(
            validator.is_valid(&body),
            "{example} against schemas/{file}"
        );
        body[SCHEMA_KEY] = json!(format!("../schemas/{file}"));
        assert!(validator.is_valid(&body), "{example} naming its schema");
        body["payment_methd"] = json!("card");
        assert!(
            !validator.is_valid(&body),
            "a misspelt field passes schemas/{file}"
        );
        let mut years: Value = serde_json::from_str(&text).unwrap();
        years["order_validity"]["years"] = json!(4);
        assert!(!validator.is_valid(&years), "4 years pass schemas/{file}");
    }
}

#[test]
fn an_order_file_naming_its_schema_is_accepted_and_the_key_is_not_sent() {
    let text = std::fs::read_to_string(format!("{ROOT}/examples/cmc-order.json")).unwrap();
    let mut body: Value = serde_json::from_str(&text).unwrap();
    body[SCHEMA_KEY] = json!("../schemas/cmc-order.json");
    let report = validate_json::<digicert_mark_certs::types::CmcOrderRequest>(&body);
    assert!(report.is_valid(), "{report}");
    assert!(!report.has("unknown-field"), "{report}");
    let prepared = PreparedOrder::<CmcOrderRequest>::from_json(&body).unwrap();
    assert!(!prepared.body_text().contains("$schema"));
    assert!(!prepared.body_text().contains("schemas/"));

    // Only text names a schema: anything else under the key is an unknown field.
    let mut odd = body.clone();
    odd[SCHEMA_KEY] = json!(5);
    assert!(PreparedOrder::<CmcOrderRequest>::from_json(&odd).is_err());
    let vmc: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/examples/vmc-order.json")).unwrap(),
    )
    .unwrap();
    let mut named = vmc.clone();
    named[SCHEMA_KEY] = json!("../schemas/vmc-order.json");
    let named_result = PreparedOrder::<VmcOrderRequest>::from_json(&named);
    let plain = PreparedOrder::<VmcOrderRequest>::from_json(&vmc);
    assert_eq!(named_result.is_ok(), plain.is_ok());
}
