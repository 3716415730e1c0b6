//! One `smithy.rules#endpointTests` case against a rule set: its `params` as rules-engine
//! parameters, and the exact comparison with its `expect` (URL, headers and properties as JSON,
//! or an error rule's message). Shared, as a file, by the runtime's test
//! (`tests/it/endpoint_tests.rs`) and `cargo xtask endpoint-tests` (`xtask/src/endpoint_tests.rs`),
//! which include it with `#[path]`: test code, kept out of the runtime's API.

use std::collections::BTreeMap;

use serde_json::Value;
use skiff_runtime::endpoint::rules::{
    Document, Number, ParamValue, Params, Partitions, ResolveError, RuleSet,
};

fn to_json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        Document::Number(Number::Float(f)) => Value::from(*f),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Document::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

fn params_of(case: &Value) -> Result<Params, String> {
    let mut params = Params::new();
    let Some(given) = case.get("params") else {
        return Ok(params);
    };
    let given = given.as_object().ok_or("params is not an object")?;
    for (name, value) in given {
        let value = match value {
            Value::String(s) => ParamValue::String(s.clone()),
            Value::Bool(b) => ParamValue::Bool(*b),
            Value::Array(items) => ParamValue::StringArray(
                items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map(str::to_owned)
                            .ok_or("non-string array item")
                    })
                    .collect::<Result<_, _>>()?,
            ),
            other => return Err(format!("unsupported param value {other}")),
        };
        params.insert(name.clone(), value);
    }
    Ok(params)
}

/// Checks one case: `Ok(())` or a description of the difference.
pub(crate) fn check(
    rule_set: &RuleSet,
    partitions: &Partitions,
    case: &Value,
) -> Result<(), String> {
    let params = params_of(case)?;
    let result = rule_set.resolve_with(&params, partitions);
    let expect = case.get("expect").ok_or("no expect")?;
    if let Some(expected) = expect.get("error") {
        let expected = expected.as_str().ok_or("expect.error is not a string")?;
        return match result {
            Err(ResolveError::Rule(message)) if message == expected => Ok(()),
            other => Err(format!("expected error {expected:?}, got {other:?}")),
        };
    }
    let expected = expect
        .get("endpoint")
        .ok_or("expect has neither error nor endpoint")?;
    let endpoint = result.map_err(|e| format!("expected an endpoint, got error {e:?}"))?;
    let expected_url = expected
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if endpoint.url != expected_url {
        return Err(format!(
            "url: expected {expected_url:?}, got {:?}",
            endpoint.url
        ));
    }
    let expected_headers: BTreeMap<String, Value> = expected
        .get("headers")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let headers: BTreeMap<String, Value> = endpoint
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    if headers != expected_headers {
        return Err(format!(
            "headers: expected {expected_headers:?}, got {headers:?}"
        ));
    }
    let expected_properties = expected
        .get("properties")
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    let properties = to_json(&Document::Object(endpoint.properties));
    if properties != expected_properties {
        return Err(format!(
            "properties: expected {expected_properties}, got {properties}"
        ));
    }
    Ok(())
}
