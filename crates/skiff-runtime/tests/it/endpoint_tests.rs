//! Runs the `smithy.rules#endpointTests` cases of the official AWS models against their
//! `smithy.rules#endpointRuleSet`.
//!
//! The models are read from `$SKIFF_UPSTREAM/aws-models/*.json` (default
//! `../shared/upstream` beside the workspace; skipped with a message when absent, a failure with
//! `SKIFF_REQUIRE_UPSTREAM=1`). Each case's `params` are resolved and the result compared exactly
//! with `expect`: the URL, headers and properties (as JSON) of an endpoint, or an error rule's
//! message. `operationInputs` are not used here (they need generated clients); a case without
//! `params` is resolved with no parameters.
//!
//! The cases were generated with the partitions table of their time (`tests/it/data/`, see its
//! README), so they are checked against that table. They are also run against the table shipped
//! in `src/endpoint/rules/`, where the only differences allowed are for regions whose partition facts differ
//! between the two tables.
#![cfg(feature = "endpoint-rules")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use skiff_runtime::endpoint::rules::{
    Document, Number, ParamValue, Params, Partitions, ResolveError, RuleSet,
};

const CONTEMPORARY_PARTITIONS: &str = include_str!("data/partitions-2025-07.json");

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
fn check(rule_set: &RuleSet, partitions: &Partitions, case: &Value) -> Result<(), String> {
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

#[test]
fn official_endpoint_tests() {
    let Some(dir) = crate::harness::upstream_or_skip("aws-models", "endpoint tests") else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {} (set SKIFF_UPSTREAM): {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("MANIFEST.json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no models in {}", dir.display());

    let contemporary = Partitions::parse(CONTEMPORARY_PARTITIONS).expect("fixture table parses");
    let shipped = Partitions::embedded();
    // Regions whose `aws.partition` answer differs between the two tables.
    let changed_region = |case: &Value| {
        case["params"]["Region"]
            .as_str()
            .is_some_and(|region| contemporary.resolve(region) != shipped.resolve(region))
    };
    let (mut total_passed, mut total_failed, mut total_with_inputs, mut models) = (0, 0, 0, 0);
    let (mut shipped_differences, mut unexplained) = (0, 0);
    for file in &files {
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_owned();
        let text = std::fs::read_to_string(file).expect("readable model");
        let model: Value = serde_json::from_str(&text).expect("model is JSON");
        let Some(service) = model["shapes"]
            .as_object()
            .and_then(|shapes| shapes.values().find(|s| s["type"] == "service"))
        else {
            panic!("{name}: no service shape");
        };
        let traits = &service["traits"];
        let Some(rule_set_json) = traits.get("smithy.rules#endpointRuleSet") else {
            println!("{name}: no endpointRuleSet");
            continue;
        };
        models += 1;
        let rule_set = RuleSet::parse(&rule_set_json.to_string())
            .unwrap_or_else(|e| panic!("{name}: rule set does not parse: {e}"));
        let cases = traits["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let (mut passed, mut failed) = (0, 0);
        for (i, case) in cases.iter().enumerate() {
            if case.get("operationInputs").is_some() {
                total_with_inputs += 1;
            }
            if check(&rule_set, shipped, case).is_err() {
                shipped_differences += 1;
                if !changed_region(case) {
                    unexplained += 1;
                    println!("UNEXPLAINED difference with the shipped table: {name} case {i}");
                }
            }
            match check(&rule_set, &contemporary, case) {
                Ok(()) => passed += 1,
                Err(problem) => {
                    failed += 1;
                    println!(
                        "FAIL {name} case {i} ({}): {problem}\n    params: {}",
                        case["documentation"].as_str().unwrap_or(""),
                        case.get("params").cloned().unwrap_or(Value::Null)
                    );
                }
            }
        }
        println!("{name}: {passed} passed, {failed} failed");
        total_passed += passed;
        total_failed += failed;
    }
    println!(
        "models: {models}, cases: {} ({total_with_inputs} with operationInputs)",
        total_passed + total_failed
    );
    println!(
        "with the shipped partitions table: {shipped_differences} cases differ, \
         {unexplained} of them outside the regions whose partition changed"
    );
    println!("endpoint tests: {total_passed} passed, {total_failed} failed");
    assert_eq!(total_failed, 0, "{total_failed} endpoint test cases failed");
    assert_eq!(
        unexplained, 0,
        "differences with the shipped table outside changed regions"
    );
}
