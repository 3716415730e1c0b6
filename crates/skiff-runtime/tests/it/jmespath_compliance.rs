//! Runs the JMESPath compliance suite against `skiff_runtime::jmespath`: every `*.json` file in
//! `$SKIFF_UPSTREAM/jmespath-compliance` (`SKIFF_UPSTREAM` defaults to
//! `<CARGO_MANIFEST_DIR>/../../../shared/upstream`), each a list of
//! `{given, cases: [{expression, result | error | bench}]}` (908 cases).
//!
//! A `result` case must evaluate to that value (JMESPath equality: numbers as `f64`, objects
//! unordered); an `error` case must fail, at compile or search time, with that kind; a `bench`
//! case must compile (`parse`) or compile and evaluate (`interpret`, `full`) without error.
//! Prints a per-file table and fails if any case fails. A second test feeds every prefix and
//! one-character deletion of every suite expression through the evaluator (no panic allowed).
//!
//! When the data is absent the tests are skipped with a message, or fail when
//! `SKIFF_REQUIRE_UPSTREAM=1`.
#![cfg(feature = "jmespath")]

use std::path::{Path, PathBuf};

use serde_json::Value;
use skiff_runtime::jmespath::{compile, Variable};

/// The number of cases in the suite (the test fails if it runs fewer, so that a truncated
/// checkout cannot pass quietly).
const EXPECTED_CASES: usize = 908;

/// The suite directory, or `None` (after a message) when it is absent and not required.
fn suite_dir() -> Option<PathBuf> {
    let root = std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream"));
    let dir = root.join("jmespath-compliance");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("SKIFF_REQUIRE_UPSTREAM").as_deref() == Ok("1") {
        panic!(
            "SKIFF_REQUIRE_UPSTREAM=1 but the JMESPath compliance suite is missing at {} \
             (set SKIFF_UPSTREAM to the directory holding jmespath-compliance/)",
            dir.display()
        );
    }
    println!(
        "JMESPath compliance skipped: upstream data absent at {} (set SKIFF_UPSTREAM, or \
         SKIFF_REQUIRE_UPSTREAM=1 to make this a failure)",
        dir.display()
    );
    None
}

/// Converts serde's tree (kept in document order by `preserve_order`) to ours.
fn to_variable(v: &Value) -> Variable {
    match v {
        Value::Null => Variable::Null,
        Value::Bool(b) => Variable::Bool(*b),
        Value::Number(n) => Variable::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Variable::from(s.as_str()),
        Value::Array(items) => Variable::array(items.iter().map(to_variable).collect()),
        Value::Object(members) => {
            Variable::object(members.iter().map(|(k, v)| (k.as_str(), to_variable(v))))
        }
    }
}

/// Runs one case; `Err` says why it failed.
fn run_case(given: &Variable, case: &Value) -> Result<(), String> {
    let expression = case["expression"]
        .as_str()
        .ok_or("case without an expression")?;
    let outcome = compile(expression)
        .map_err(|e| (e.kind(), e.to_string()))
        .and_then(|compiled| {
            compiled
                .search(given)
                .map_err(|e| (e.kind(), e.to_string()))
        });
    if let Some(bench) = case.get("bench") {
        let compiled = compile(expression).map_err(|e| format!("bench {bench}: {e}"))?;
        if bench != "parse" {
            compiled
                .search(given)
                .map_err(|e| format!("bench {bench}: {e}"))?;
        }
        if case.get("result").is_none() {
            return Ok(());
        }
    }
    match (case.get("result"), case.get("error")) {
        (_, Some(Value::String(kind))) => match outcome {
            Err((got, _)) if got.as_str() == kind => Ok(()),
            Err((_, message)) => Err(format!("expected {kind} error, got: {message}")),
            Ok(value) => Err(format!("expected {kind} error, got {value}")),
        },
        (Some(expected), _) => {
            let expected = to_variable(expected);
            match outcome {
                Ok(value) if value == expected => Ok(()),
                Ok(value) => Err(format!("expected {expected}, got {value}")),
                Err((_, message)) => Err(format!("expected {expected}, got: {message}")),
            }
        }
        _ => Err("case has neither result nor error".into()),
    }
}

#[test]
fn jmespath_compliance_suite() {
    let Some(dir) = suite_dir() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no suite files in {}", dir.display());

    let (mut total_passed, mut total_failed) = (0, 0);
    let mut failures = Vec::new();
    println!("{:<20} {:>7} {:>7}", "file", "passed", "failed");
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let text = std::fs::read_to_string(path).expect("readable suite file");
        let groups: Value = serde_json::from_str(&text).expect("valid suite JSON");
        let (mut passed, mut failed) = (0, 0);
        for group in groups.as_array().expect("a list of groups") {
            let given = to_variable(&group["given"]);
            for case in group["cases"].as_array().expect("a list of cases") {
                match run_case(&given, case) {
                    Ok(()) => passed += 1,
                    Err(why) => {
                        failed += 1;
                        failures.push(format!("{name}: {}: {why}", case["expression"]));
                    }
                }
            }
        }
        println!("{name:<20} {passed:>7} {failed:>7}");
        total_passed += passed;
        total_failed += failed;
    }
    println!("{:<20} {total_passed:>7} {total_failed:>7}", "total");
    for failure in &failures {
        println!("FAILED {failure}");
    }
    println!("compliance: {total_passed} passed, {total_failed} failed");
    assert_eq!(total_failed, 0, "{total_failed} compliance cases failed");
    assert_eq!(
        total_passed, EXPECTED_CASES,
        "the suite has {total_passed} cases, expected {EXPECTED_CASES}"
    );
}

/// Every prefix of every suite expression, and every one-character deletion from it, must
/// compile or fail cleanly, and evaluate or fail cleanly, against the case's data.
#[test]
fn mangled_suite_expressions_never_panic() {
    let Some(dir) = suite_dir() else { return };
    let mut tried = 0;
    for entry in std::fs::read_dir(&dir).expect("suite directory").flatten() {
        let path = entry.path();
        if path.extension() != Some("json".as_ref()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable suite file");
        let groups: Value = serde_json::from_str(&text).expect("valid suite JSON");
        for group in groups.as_array().expect("a list of groups") {
            let given = to_variable(&group["given"]);
            for case in group["cases"].as_array().expect("a list of cases") {
                let expression = case["expression"].as_str().unwrap_or_default();
                let cuts: Vec<usize> = expression.char_indices().map(|(i, _)| i).collect();
                for (n, &at) in cuts.iter().enumerate() {
                    let next = cuts.get(n + 1).copied().unwrap_or(expression.len());
                    let deleted = format!("{}{}", &expression[..at], &expression[next..]);
                    for variant in [&expression[..at], deleted.as_str()] {
                        tried += 1;
                        if let Ok(compiled) = compile(variant) {
                            let _ = compiled.search(&given);
                        }
                    }
                }
            }
        }
    }
    assert!(tried > 10_000, "only {tried} variants tried");
}
