//! Every case of `imds-config/imds-endpoint-tests.json`.

use super::common;

use serde_json::Value;
use skiff_aws_config::location::selected_profile;
use skiff_aws_config::{imds_endpoint, EndpointMode, ImdsOverrides, ProfileSet};

fn check(case: &Value) -> Result<(), String> {
    let env = common::string_map(case.get("env"));
    let fs = common::string_map(case.get("fs"));
    // The cases point AWS_CONFIG_FILE at a file of their `fs`.
    let config = env
        .get("AWS_CONFIG_FILE")
        .and_then(|path| fs.get(path))
        .map(String::as_str)
        .unwrap_or("");
    let set = ProfileSet::parse(config, "").map_err(|e| format!("config: {e}"))?;
    let profile_name = selected_profile(common::env_fn(&env));
    let mode = match case["mode_override"].as_str() {
        Some(m) => Some(m.parse::<EndpointMode>().map_err(|e| e.to_string())?),
        None => None,
    };
    let overrides = ImdsOverrides {
        endpoint: case["endpoint_override"].as_str(),
        mode,
    };
    let result = imds_endpoint(common::env_fn(&env), set.get(&profile_name), overrides);
    let expected = &case["result"];
    if let Some(url) = expected["Ok"].as_str() {
        return match result {
            Ok(ep) if ep.token_url() == url => Ok(()),
            Ok(ep) => Err(format!("expected {url}, got {}", ep.token_url())),
            Err(e) => Err(format!("expected {url}, got error {e}")),
        };
    }
    let needle = expected["Err"].as_str().ok_or("no expected result")?;
    match result {
        Err(e) if e.to_string().contains(needle) => Ok(()),
        Err(e) => Err(format!("error `{e}` does not contain `{needle}`")),
        Ok(ep) => Err(format!("expected error `{needle}`, got {ep}")),
    }
}

#[test]
fn imds_endpoint_tests() {
    let Some(data) = common::read_json("imds-config/imds-endpoint-tests.json") else {
        return;
    };
    let cases = data["tests"].as_array().expect("tests array");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            check(case)
                .err()
                .map(|e| format!("{}: {e}", case["docs"].as_str().unwrap_or("?")))
        })
        .collect();
    common::report("imds-endpoint-tests.json", cases.len(), &failures);
}
