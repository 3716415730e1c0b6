//! Shared helpers for the data-driven tests: locating the upstream test data and turning JSON
//! objects into environment lookups.
//!
//! The data is `$SKIFF_UPSTREAM/aws-config-tests` (`SKIFF_UPSTREAM` defaults to
//! `<CARGO_MANIFEST_DIR>/../../../shared/upstream`). When it is absent a test prints that it is
//! skipped and passes, or fails when `SKIFF_REQUIRE_UPSTREAM=1`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The upstream test data folder (it may not exist).
pub fn upstream_dir() -> PathBuf {
    std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream"))
}

/// `relative` below the upstream folder, or `None` (after printing why `test` is skipped) when
/// it is absent. Panics instead when `SKIFF_REQUIRE_UPSTREAM=1`.
pub fn upstream_path(test: &str, relative: &str) -> Option<PathBuf> {
    let path = upstream_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("SKIFF_REQUIRE_UPSTREAM").as_deref() == Ok("1") {
        panic!(
            "SKIFF_REQUIRE_UPSTREAM=1 but {} is missing (set SKIFF_UPSTREAM to the directory \
             holding aws-config-tests/)",
            path.display()
        );
    }
    println!(
        "{test} skipped: upstream data absent at {} (set SKIFF_UPSTREAM, or \
         SKIFF_REQUIRE_UPSTREAM=1 to make this a failure)",
        path.display()
    );
    None
}

/// The `aws-config-tests` folder, or `None` as for [`upstream_path`].
pub fn data_dir(test: &str) -> Option<PathBuf> {
    upstream_path(test, "aws-config-tests")
}

/// Reads and parses a JSON file.
pub fn read_json_file(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Reads and parses a JSON file below `aws-config-tests`, or `None` when the data is absent.
pub fn read_json(relative: &str) -> Option<Value> {
    Some(read_json_file(&data_dir(relative)?.join(relative)))
}

/// A JSON object of strings as a map.
pub fn string_map(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// An environment lookup over a map.
pub fn env_fn(map: &BTreeMap<String, String>) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| map.get(name).cloned()
}

/// Prints the tally and fails the test when any case failed.
pub fn report(file: &str, total: usize, failures: &[String]) {
    let passed = total - failures.len();
    println!(
        "{file}: {passed} passed, {} failed (of {total})",
        failures.len()
    );
    for f in failures {
        println!("  FAILED {f}");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) of {file} failed",
        failures.len()
    );
    assert!(total > 0, "{file} had no cases");
}
