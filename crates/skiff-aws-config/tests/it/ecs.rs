//! Every case of `ecs-tests.json`: the container credentials URI from the environment.

use super::common;

use std::io;
use std::net::IpAddr;

use serde_json::Value;
use skiff_aws_config::container_endpoint;

/// A fake resolver: `localhost` is loopback, everything else fails.
fn resolve(host: &str) -> io::Result<Vec<IpAddr>> {
    match host {
        "localhost" => Ok(vec![
            IpAddr::from([127, 0, 0, 1]),
            "::1".parse().expect("valid literal"),
        ]),
        other => Err(io::Error::other(format!("unknown host {other}"))),
    }
}

fn check(case: &Value) -> Result<(), String> {
    let env = common::string_map(case.get("env"));
    let result = container_endpoint(common::env_fn(&env), resolve);
    let expected = &case["result"];
    if let Some(uri) = expected["Ok"].as_str() {
        return match result {
            Ok(ep) if ep.uri == uri => Ok(()),
            Ok(ep) => Err(format!("expected {uri}, got {}", ep.uri)),
            Err(e) => Err(format!("expected {uri}, got error {e}")),
        };
    }
    let needle = expected["ErrorContains"]
        .as_str()
        .ok_or("no expected result")?;
    match result {
        Err(e) if e.to_string().contains(needle) => Ok(()),
        Err(e) => Err(format!("error `{e}` does not contain `{needle}`")),
        Ok(ep) => Err(format!("expected error `{needle}`, got {ep:?}")),
    }
}

#[test]
fn ecs_tests() {
    let Some(data) = common::read_json("ecs-tests.json") else {
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
    common::report("ecs-tests.json", cases.len(), &failures);
}
