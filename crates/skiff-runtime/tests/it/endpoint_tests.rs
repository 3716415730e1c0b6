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

use std::path::PathBuf;

use serde_json::Value;
use skiff_runtime::endpoint::rules::{Partitions, RuleSet};

const CONTEMPORARY_PARTITIONS: &str = include_str!("data/partitions-2025-07.json");

// The case runner, shared with `cargo xtask endpoint-tests`.
#[path = "endpoint_case.rs"]
mod case;
use case::check;

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
