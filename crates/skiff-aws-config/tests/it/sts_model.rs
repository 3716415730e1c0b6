//! `models/sts.json` (hand-written, with only what the credential providers need) against the
//! official STS model in `$SKIFF_UPSTREAM/aws-models/sts.json`: every shape it has must exist
//! there with the same type, members, targets and traits, documentation aside, so that the wire
//! format is the official one. Deliberate differences are listed in [`ALLOWED`].

use serde_json::{Map, Value};

use super::common;

/// `(shape, trait, why)`: traits that differ from the official model on purpose.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "com.amazonaws.sts#AssumeRoleWithWebIdentity",
        "smithy.api#optionalAuth",
        "the call needs no credentials (STS documentation); the SDKs send it unsigned",
    ),
    (
        "com.amazonaws.sts#tokenType",
        "smithy.api#sensitive",
        "session tokens are secrets; only Debug output changes",
    ),
    (
        "com.amazonaws.sts#AWSSecurityTokenServiceV20110615",
        "smithy.rules#endpointRuleSet",
        "skiff derives the endpoint from endpointPrefix",
    ),
    (
        "com.amazonaws.sts#AWSSecurityTokenServiceV20110615",
        "smithy.rules#endpointTests",
        "no endpoint rules, no endpoint tests",
    ),
];

const IGNORED_TRAITS: &[&str] = &["smithy.api#documentation", "smithy.api#examples"];

fn traits(value: &Value) -> Map<String, Value> {
    let mut traits = value["traits"].as_object().cloned().unwrap_or_default();
    for t in IGNORED_TRAITS {
        traits.remove(*t);
    }
    traits
}

fn compare_traits(id: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    let (ours, theirs) = (traits(ours), traits(theirs));
    let names: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for name in names {
        if ALLOWED.iter().any(|(s, t, _)| *s == id && t == name) {
            continue;
        }
        if ours.get(name) != theirs.get(name) {
            problems.push(format!(
                "{id}: trait {name} is {:?}, officially {:?}",
                ours.get(name),
                theirs.get(name)
            ));
        }
    }
}

#[test]
fn sts_model_matches_the_official_one() {
    let Some(official) = common::upstream_path("sts_model", "aws-models/sts.json") else {
        return;
    };
    let official = common::read_json_file(&official);
    let ours = common::read_json_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/sts.json"),
    );
    let (ours, theirs) = (&ours["shapes"], &official["shapes"]);
    let mut problems = Vec::new();
    let shapes = ours.as_object().expect("shapes");
    for (id, shape) in shapes {
        let Some(official) = theirs.get(id) else {
            problems.push(format!("{id} is not in the official model"));
            continue;
        };
        if shape["type"] != official["type"] {
            problems.push(format!(
                "{id}: type {} (officially {})",
                shape["type"], official["type"]
            ));
        }
        compare_traits(id, shape, official, &mut problems);
        for key in [
            "input", "output", "errors", "member", "key", "value", "version",
        ] {
            if shape.get(key) != official.get(key) {
                problems.push(format!("{id}: `{key}` differs from the official model"));
            }
        }
        if let Some(operations) = shape["operations"].as_array() {
            let official_ops = official["operations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for op in operations {
                if !official_ops.contains(op) {
                    problems.push(format!("{id}: operation {op} is not official"));
                }
            }
        }
        let members = shape["members"].as_object().cloned().unwrap_or_default();
        let official_members = official["members"].as_object().cloned().unwrap_or_default();
        for (name, member) in &members {
            let Some(theirs) = official_members.get(name) else {
                problems.push(format!("{id}${name} is not an official member"));
                continue;
            };
            if member["target"] != theirs["target"] {
                problems.push(format!("{id}${name}: target differs"));
            }
            compare_traits(&format!("{id}${name}"), member, theirs, &mut problems);
        }
        // Left-out members must be optional, or requests would lack them.
        for (name, theirs) in &official_members {
            if !members.contains_key(name) && theirs["traits"].get("smithy.api#required").is_some()
            {
                problems.push(format!("{id}${name} is required officially but left out"));
            }
        }
        // Every target must be in the model (a closed set).
        for member in members.values() {
            let target = member["target"].as_str().unwrap_or_default();
            if target.starts_with("com.amazonaws.sts#") && !shapes.contains_key(target) {
                problems.push(format!("{id} targets {target}, which the model lacks"));
            }
        }
    }
    for (shape, name, _) in ALLOWED {
        if shapes.contains_key(*shape)
            && theirs[*shape]["traits"].get(*name).is_none()
            && ours[*shape]["traits"].get(*name).is_none()
        {
            problems.push(format!(
                "allowed difference {shape} {name} no longer exists"
            ));
        }
    }
    println!("models/sts.json: {} shapes checked", shapes.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
