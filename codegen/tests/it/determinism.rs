//! Generation is byte-deterministic: twice from the same model, and from the same model with
//! its JSON objects reordered.
//!
//! Reordering covers every object except `members`: Smithy structure members are ordered (the
//! order is the field order of the generated type and the order of JSON/query bodies), so a
//! model with reordered members is a different model.

use serde_json::Value;

fn reorder(v: &mut Value, in_members: bool) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            if !in_members {
                entries.reverse();
                // A second, different permutation: rotate by half.
                let half = entries.len() / 2;
                entries.rotate_left(half);
            }
            for (k, mut v) in entries {
                let members = k == "members";
                reorder(&mut v, members);
                map.insert(k, v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| reorder(i, false)),
        _ => {}
    }
}

#[test]
fn same_bytes_twice_and_after_reordering() {
    for model in ["codepipeline", "codedeploy", "cloudformation"] {
        let text = std::fs::read_to_string(crate::workspace().join(format!("models/{model}.json")))
            .unwrap();
        let first = crate::render_text(&text, model).unwrap();
        let second = crate::render_text(&text, model).unwrap();
        assert_eq!(first, second, "{model}: two runs differ");
        let mut json: Value = serde_json::from_str(&text).unwrap();
        reorder(&mut json, false);
        let shuffled = serde_json::to_string_pretty(&json).unwrap();
        assert_ne!(shuffled, text);
        let third = crate::render_text(&shuffled, model).unwrap();
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            third.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &first {
            assert!(
                third[path] == *bytes,
                "{model}: {path} differs after reordering the model"
            );
        }
    }
}
