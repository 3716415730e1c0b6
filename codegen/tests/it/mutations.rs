//! The loader and lowering on structurally mutated models (proptest, a bounded number of
//! cases): each fixture model is damaged (a property removed, a value replaced by another kind
//! of JSON, a target pointed at nothing, a shape type changed) and must either generate or fail
//! with an error naming the file, never panic.

use proptest::prelude::*;
use serde_json::Value as Json;

const FIXTURES: &[&str] = &[
    "aws_query",
    "defaults",
    "enums",
    "errors",
    "http_bindings",
    "naming",
    "paginated",
    "recursive",
    "structure",
    "union",
];

fn fixture(name: &str) -> Json {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

/// Every path (object keys and array indices) of a JSON tree, in document order.
fn paths(json: &Json, prefix: &mut Vec<Json>, out: &mut Vec<Vec<Json>>) {
    match json {
        Json::Object(map) => {
            for (k, v) in map {
                prefix.push(Json::String(k.clone()));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Json::from(i));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Remove,
    Replace(Json),
}

fn replacement() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        Just(Json::from(1e300)),
        "[a-zA-Z#.$_ -]{0,12}".prop_map(Json::String),
        Just(Json::String("fx#Nowhere".to_owned())),
        Just(Json::String("structure".to_owned())),
        Just(Json::Array(vec![])),
        Just(serde_json::json!({"target": "smithy.api#String"})),
        Just(serde_json::json!({})),
    ]
}

fn apply(json: &mut Json, path: &[Json], mutation: &Mutation) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = json;
    for step in parents {
        node = match (node, step) {
            (Json::Object(map), Json::String(k)) => match map.get_mut(k) {
                Some(v) => v,
                None => return,
            },
            (Json::Array(items), Json::Number(i)) => {
                match items.get_mut(i.as_u64().unwrap_or(0) as usize) {
                    Some(v) => v,
                    None => return,
                }
            }
            _ => return,
        };
    }
    match (node, last, mutation) {
        (Json::Object(map), Json::String(k), Mutation::Remove) => {
            map.shift_remove(k);
        }
        (Json::Object(map), Json::String(k), Mutation::Replace(v)) => {
            map.insert(k.clone(), v.clone());
        }
        (Json::Array(items), Json::Number(i), Mutation::Remove) => {
            let i = i.as_u64().unwrap_or(0) as usize;
            if i < items.len() {
                items.remove(i);
            }
        }
        (Json::Array(items), Json::Number(i), Mutation::Replace(v)) => {
            if let Some(slot) = items.get_mut(i.as_u64().unwrap_or(0) as usize) {
                *slot = v.clone();
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_models_never_panic(
        which in 0..FIXTURES.len(),
        picks in proptest::collection::vec((any::<prop::sample::Index>(), prop_oneof![Just(Mutation::Remove), replacement().prop_map(Mutation::Replace)]), 1..4),
    ) {
        let name = FIXTURES[which];
        let mut model = fixture(name);
        for (index, mutation) in &picks {
            let mut all = Vec::new();
            paths(&model, &mut Vec::new(), &mut all);
            if all.is_empty() {
                break;
            }
            let path = index.get(&all).clone();
            apply(&mut model, &path, mutation);
        }
        let text = serde_json::to_string(&model).unwrap();
        match crate::render_text(&text, name) {
            Ok(files) => prop_assert!(!files.is_empty()),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with(&format!("tests/fixtures/{name}.json")), "{}", message);
            }
        }
    }
}
