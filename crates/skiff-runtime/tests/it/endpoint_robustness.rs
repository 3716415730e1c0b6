//! Nothing panics, whatever the input: mutated and truncated real rule sets must parse or fail
//! with an error, and whatever parses must resolve or fail with an error; every function must
//! accept arbitrary strings.
#![cfg(feature = "endpoint-rules")]

use serde_json::{json, Value};
use skiff_runtime::endpoint::rules::{ParamValue, Params, RuleSet};

/// The rule set and the params of the first test cases of a model, or `None` (after a message)
/// when the upstream models are absent.
fn model(name: &str) -> Option<(Value, Vec<Params>)> {
    let dir = crate::harness::upstream_or_skip("aws-models", "endpoint robustness test")?;
    let path = dir.join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {} (set SKIFF_UPSTREAM): {e}", path.display()));
    let model: Value = serde_json::from_str(&text).expect("model is JSON");
    let service = model["shapes"]
        .as_object()
        .and_then(|shapes| shapes.values().find(|s| s["type"] == "service"))
        .expect("a service shape")
        .clone();
    let traits = &service["traits"];
    let params = traits["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .take(12)
                .map(|case| {
                    let mut params = Params::new();
                    if let Some(given) = case["params"].as_object() {
                        for (name, value) in given {
                            let value = match value {
                                Value::String(s) => ParamValue::String(s.clone()),
                                Value::Bool(b) => ParamValue::Bool(*b),
                                _ => continue,
                            };
                            params.insert(name.clone(), value);
                        }
                    }
                    params
                })
                .collect()
        })
        .unwrap_or_default();
    Some((traits["smithy.rules#endpointRuleSet"].clone(), params))
}

/// Pointers (as paths of keys and indexes) to every `step`-th node of `value`, in pre-order.
fn node_paths(value: &Value, step: usize) -> Vec<Vec<PathStep>> {
    fn walk(
        value: &Value,
        path: &mut Vec<PathStep>,
        out: &mut Vec<Vec<PathStep>>,
        count: &mut usize,
        step: usize,
    ) {
        if (*count).is_multiple_of(step) {
            out.push(path.clone());
        }
        *count += 1;
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    path.push(PathStep::Key(key.clone()));
                    walk(member, path, out, count, step);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(PathStep::Index(i));
                    walk(item, path, out, count, step);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out, &mut 0, step);
    out
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn node_mut<'v>(value: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    let mut current = value;
    for step in path {
        current = match step {
            PathStep::Key(key) => current.get_mut(key)?,
            PathStep::Index(i) => current.get_mut(*i)?,
        };
    }
    Some(current)
}

fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(7),
        json!(-1),
        json!(2.5),
        json!(""),
        json!("{"),
        json!("}x{"),
        json!("{Region#}"),
        json!("{Nope}"),
        json!([]),
        json!({}),
        json!({"ref": "Region"}),
        json!({"fn": "getAttr", "argv": [{"ref": "Region"}, "a[-1]"]}),
        json!({"fn": "substring", "argv": [{"ref": "Region"}, -5, 99, true]}),
        json!({"fn": "nope", "argv": []}),
    ]
}

fn mutate_and_resolve(rule_set: &Value, params: &[Params], step: usize) -> (usize, usize) {
    let (mut parsed, mut rejected) = (0, 0);
    for path in node_paths(rule_set, step) {
        for replacement in replacements() {
            let mut mutated = rule_set.clone();
            let Some(node) = node_mut(&mut mutated, &path) else {
                continue;
            };
            *node = replacement;
            match RuleSet::parse(&mutated.to_string()) {
                Ok(rs) => {
                    parsed += 1;
                    for p in params {
                        // Any result is fine; a panic fails the test.
                        let _ = rs.resolve(p);
                    }
                }
                Err(e) => {
                    rejected += 1;
                    assert!(!e.message().is_empty());
                }
            }
        }
    }
    (parsed, rejected)
}

#[test]
fn mutated_rule_sets_never_panic() {
    for (name, step) in [
        ("codepipeline", 1),
        ("sts", 5),
        ("s3-control", 100),
        ("s3", 500),
    ] {
        let Some((rule_set, params)) = model(name) else {
            return;
        };
        let (parsed, rejected) = mutate_and_resolve(&rule_set, &params, step);
        println!("{name}: {parsed} mutants parsed and resolved, {rejected} rejected");
        assert!(rejected > 0);
    }
}

#[test]
fn truncated_rule_sets_are_errors() {
    let Some((rule_set, _)) = model("codepipeline") else {
        return;
    };
    let text = rule_set.to_string();
    for end in (0..text.len()).step_by(7) {
        if let Some(prefix) = text.get(..end) {
            assert!(
                RuleSet::parse(prefix).is_err(),
                "prefix of {end} bytes parsed"
            );
        }
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "B",
            "z",
            "0",
            "9",
            "-",
            "_",
            ".",
            ":",
            "/",
            "[",
            "]",
            "@",
            "?",
            "#",
            "%",
            " ",
            "é",
            "\u{0}",
            "arn:",
            "aws",
            "s3",
            "https://",
            "http://",
            "::1",
            "127.0.0.1",
            "--",
            "us-east-1",
            "{",
            "}",
            "~",
        ];
        let len = self.next() % 12;
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn functions_accept_arbitrary_strings() {
    let call = |f: &str, args: Value| json!({"fn": f, "argv": args});
    let x = json!({"ref": "X"});
    let conditions = vec![
        json!({"fn": "isSet", "argv": [x]}),
        call("parseURL", json!([x])),
        call("aws.parseArn", json!([x])),
        call("aws.partition", json!([x])),
        call("isValidHostLabel", json!([x, true])),
        call("isValidHostLabel", json!([x, false])),
        call("aws.isVirtualHostableS3Bucket", json!([x, true])),
        call("aws.isVirtualHostableS3Bucket", json!([x, false])),
        call("substring", json!([x, 1, 4, true])),
        call("uriEncode", json!([x])),
        call("split", json!([x, {"ref": "D"}, 2])),
    ];
    // One rule per function, each failing at the end so every one is evaluated.
    let mut rules: Vec<Value> = conditions
        .iter()
        .map(|c| {
            json!({"type": "endpoint",
                   "conditions": [
                       {"fn": "isSet", "argv": [{"ref": "X"}]},
                       {"fn": "isSet", "argv": [{"ref": "D"}]},
                       c,
                       {"fn": "booleanEquals", "argv": [true, false]}],
                   "endpoint": {"url": "https://x"}})
        })
        .collect();
    rules.push(json!({"type": "error", "conditions": [], "error": "done: {X}"}));
    let document = json!({
        "version": "1.1",
        "parameters": {"X": {"type": "string"}, "D": {"type": "string"}},
        "rules": rules,
    });
    let rs = RuleSet::parse(&document.to_string()).expect("valid");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..5_000 {
        let params = Params::new()
            .with("X", rng.string())
            .with("D", rng.string());
        // An empty delimiter is an error; everything else reaches the error rule.
        let _ = rs.resolve(&params);
    }
}
