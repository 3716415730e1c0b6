//! `cargo xtask endpoint-tests`: every `smithy.rules#endpointTests` case of every model in
//! `$SKIFF_UPSTREAM/aws-models`, resolved by the runtime's rules engine with the partitions
//! table the runtime ships, and compared exactly with `expect` (URL, headers, properties, or
//! the error rule's message).
//!
//! Level: parameters to resolver. `operationInputs` (building the operation through a
//! generated client) are not checked yet.
//!
//! The cases were generated with an older partitions table, in which the ISO partitions had no
//! dual-stack. With the shipped (smithy-rs 1.1.7) table, dual-stack cases in those regions get
//! the newer answer (so do the cases of rule sets that use `dualStackDnsSuffix` unconditionally,
//! such as arc-region-switch). Each failure is therefore re-checked with that older table
//! (`crates/skiff-runtime/tests/it/data/partitions-2025-07.json`): a failure that passes there,
//! in a region whose partition differs between the tables, is counted as "newer-pt"
//! (partitions table newer than the case); any other failure fails the command.

use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;
use skiff_runtime::endpoint::rules::{Partitions, RuleSet};

const CONTEMPORARY_PARTITIONS: &str =
    include_str!("../../crates/skiff-runtime/tests/it/data/partitions-2025-07.json");

// The case runner, shared with the runtime's own test of the same cases.
#[path = "../../crates/skiff-runtime/tests/it/endpoint_case.rs"]
mod case;
use case::check;

/// Runs every case; prints a table per model and the totals.
pub fn run(upstream: &Path) -> Result<ExitCode, String> {
    let dir = upstream.join("aws-models");
    let files = crate::model_files(&dir)
        .map_err(|e| format!("cannot read {} (set SKIFF_UPSTREAM): {e}", dir.display()))?;
    let contemporary = Partitions::parse(CONTEMPORARY_PARTITIONS)
        .map_err(|e| format!("the older partitions table does not parse: {e}"))?;
    let shipped = Partitions::embedded();
    println!(
        "{:<28} {:>6} {:>6} {:>8} {:>6}",
        "model", "cases", "passed", "newer-pt", "failed"
    );
    let (mut total, mut passed_all, mut newer_all, mut failed_all) = (0, 0, 0, 0);
    for file in &files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let text = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
        let model: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        let Some(service) = model["shapes"]
            .as_object()
            .and_then(|shapes| shapes.values().find(|s| s["type"] == "service"))
        else {
            return Err(format!("{name}: no service shape"));
        };
        let traits = &service["traits"];
        let Some(rule_set_json) = traits.get("smithy.rules#endpointRuleSet") else {
            println!("{name:<28} (no endpointRuleSet)");
            continue;
        };
        let rule_set = RuleSet::parse(&rule_set_json.to_string())
            .map_err(|e| format!("{name}: rule set does not parse: {e}"))?;
        let cases = traits["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let (mut passed, mut newer, mut failed) = (0, 0, 0);
        for (i, case) in cases.iter().enumerate() {
            match check(&rule_set, shipped, case) {
                Ok(()) => passed += 1,
                Err(problem) => {
                    let region_changed = case["params"]["Region"]
                        .as_str()
                        .is_some_and(|r| contemporary.resolve(r) != shipped.resolve(r));
                    if region_changed && check(&rule_set, &contemporary, case).is_ok() {
                        newer += 1;
                    } else {
                        failed += 1;
                        println!("FAIL {name} case {i}: {problem}");
                    }
                }
            }
        }
        println!(
            "{name:<28} {:>6} {passed:>6} {newer:>8} {failed:>6}",
            cases.len()
        );
        total += cases.len();
        passed_all += passed;
        newer_all += newer;
        failed_all += failed;
    }
    println!(
        "endpoint-tests: {passed_all}/{total} pass with the shipped partitions table; \
         {newer_all} expect the older table's answer (ISO regions; they pass with it); \
         {failed_all} failed"
    );
    Ok(if failed_all == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
