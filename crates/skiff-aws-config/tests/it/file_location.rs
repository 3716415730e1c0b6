//! Every case of `file-location-tests.json`.

use super::common;

use std::path::Path;

use serde_json::Value;
use skiff_aws_config::{locate_files, Platform};

fn check(case: &Value) -> Result<(), String> {
    let env = common::string_map(case.get("environment"));
    let platform = match case["platform"].as_str() {
        Some("windows") => Platform::Windows,
        Some("linux") | Some("macos") => Platform::Unix,
        other => return Err(format!("unknown platform {other:?}")),
    };
    let loc = locate_files(common::env_fn(&env), platform);
    let expect_path = |what: &str, actual: Option<&Path>| -> Result<(), String> {
        let expected = case[what].as_str().map(Path::new);
        if expected == actual {
            Ok(())
        } else {
            Err(format!("{what}: expected {expected:?}, got {actual:?}"))
        }
    };
    expect_path("configLocation", loc.config.as_deref())?;
    expect_path("credentialsLocation", loc.credentials.as_deref())?;
    if let Some(profile) = case["profile"].as_str() {
        if loc.profile != profile {
            return Err(format!("profile: expected {profile}, got {}", loc.profile));
        }
    }
    Ok(())
}

#[test]
fn file_location_tests() {
    let Some(data) = common::read_json("file-location-tests.json") else {
        return;
    };
    let cases = data["tests"].as_array().expect("tests array");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            check(case)
                .err()
                .map(|e| format!("{}: {e}", case["name"].as_str().unwrap_or("?")))
        })
        .collect();
    common::report("file-location-tests.json", cases.len(), &failures);
}
