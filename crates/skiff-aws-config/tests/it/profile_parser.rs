//! Every case of `profile-parser-tests.json`.

use super::common;

use std::collections::BTreeMap;

use serde_json::Value;
use skiff_aws_config::{ProfileSet, Section};

fn section_map(section: &Section) -> BTreeMap<String, String> {
    section
        .properties()
        .map(|p| (p.key().to_owned(), p.value().to_owned()))
        .collect()
}

fn expected_sections(value: Option<&Value>) -> BTreeMap<String, BTreeMap<String, String>> {
    value
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(name, props)| (name.clone(), common::string_map(Some(props))))
                .collect()
        })
        .unwrap_or_default()
}

fn check(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let config = input["configFile"].as_str().unwrap_or("");
    let credentials = input["credentialsFile"].as_str().unwrap_or("");
    let output = &case["output"];
    let result = ProfileSet::parse(config, credentials);
    if let Some(expected) = output["errorContaining"].as_str() {
        return match result {
            Err(e) if e.to_string().contains(expected) => Ok(()),
            Err(e) => Err(format!("error `{e}` does not contain `{expected}`")),
            Ok(set) => Err(format!(
                "expected an error containing `{expected}`, got {set:?}"
            )),
        };
    }
    let set = result.map_err(|e| format!("unexpected error: {e}"))?;
    let expected = expected_sections(output["config"].get("profiles"));
    let actual: BTreeMap<_, _> = set
        .profiles()
        .map(|p| (p.name().to_owned(), section_map(p)))
        .collect();
    if actual != expected {
        return Err(format!("profiles: expected {expected:?}, got {actual:?}"));
    }
    if let Some(sessions) = output["config"].get("sso_sessions") {
        let expected = expected_sections(Some(sessions));
        let actual: BTreeMap<_, _> = set
            .sso_sessions()
            .map(|s| (s.name().to_owned(), section_map(s)))
            .collect();
        if actual != expected {
            return Err(format!(
                "sso_sessions: expected {expected:?}, got {actual:?}"
            ));
        }
    }
    Ok(())
}

#[test]
fn profile_parser_tests() {
    let Some(data) = common::read_json("profile-parser-tests.json") else {
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
    common::report("profile-parser-tests.json", cases.len(), &failures);
}
