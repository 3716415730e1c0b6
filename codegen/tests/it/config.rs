//! Codegen configuration (`models/<stem>.toml`): parse errors name the file, and the operation
//! allowlist generates exactly the listed operations and the closure of shapes they reach,
//! checked on the official S3 model against a reachability walk written here over the raw
//! JSON AST.

use std::collections::BTreeSet;

use codegen::config::CrateConfig;
use codegen::CrateOptions;
use serde_json::Value;

fn parse_err(text: &str) -> String {
    CrateConfig::parse("models/s3.toml", text)
        .unwrap_err()
        .to_string()
}

#[test]
fn parse_errors_name_the_file() {
    assert_eq!(
        CrateConfig::parse("models/s3.toml", "").unwrap(),
        CrateConfig::default()
    );
    let ok = CrateConfig::parse(
        "models/s3.toml",
        "operations = [\"GetObject\"]\ncrate-name = \"skiff-s3-lite\"\nversion = \"1.2.3-rc.1\"\n",
    )
    .unwrap();
    assert_eq!(
        ok.operations.as_deref(),
        Some(&["GetObject".to_owned()][..])
    );
    assert_eq!(ok.crate_name.as_deref(), Some("skiff-s3-lite"));
    assert_eq!(ok.version.as_deref(), Some("1.2.3-rc.1"));

    let unknown = parse_err("operation = [\"GetObject\"]\n");
    assert!(
        unknown.starts_with("models/s3.toml: ") && unknown.contains("unknown field `operation`"),
        "{unknown}"
    );
    assert_eq!(
        parse_err("operations = []"),
        "models/s3.toml: `operations` is empty: list at least one operation, or leave the key out to generate all"
    );
    assert_eq!(
        parse_err("operations = [\"A\", \"B\", \"A\"]"),
        "models/s3.toml: operation `A` is listed twice"
    );
    assert_eq!(
        parse_err("crate-name = \"1st crate\""),
        "models/s3.toml: `crate-name` `1st crate` is not a valid crate name (ASCII letters, digits, `-`, `_`; starting with a letter)"
    );
    assert_eq!(
        parse_err("version = \"1.2\""),
        "models/s3.toml: `version` `1.2` is not a semantic version like 1.2.3"
    );
    let syntax = parse_err("operations = [");
    assert!(syntax.starts_with("models/s3.toml: "), "{syntax}");
}

const FIVE: [&str; 5] = [
    "DeleteObject",
    "GetObject",
    "HeadObject",
    "ListObjectsV2",
    "PutObject",
];

fn options(operations: Option<&[&str]>) -> CrateOptions {
    CrateOptions {
        model_file: "aws-models/s3.json".to_owned(),
        crate_suffix: "s3".to_owned(),
        runtime_path: Some("../skiff-runtime".to_owned()),
        service: None,
        config: CrateConfig {
            operations: operations.map(|o| o.iter().map(|s| s.to_string()).collect()),
            crate_name: Some("skiff-s3-five".to_owned()),
            version: Some("0.3.0".to_owned()),
        },
        config_file: "s3-five.toml".to_owned(),
    }
}

/// Data shapes reachable from `ops` (and the service's errors), walking the raw AST.
fn reachable(model: &Value, service: &Value, ops: &[&str]) -> BTreeSet<String> {
    let shapes = &model["shapes"];
    let mut stack: Vec<String> = Vec::new();
    let target = |v: &Value| v["target"].as_str().map(str::to_owned);
    for e in service["errors"].as_array().into_iter().flatten() {
        stack.extend(target(e));
    }
    for op in ops {
        let op = &shapes[format!("com.amazonaws.s3#{op}")];
        stack.extend(target(&op["input"]));
        stack.extend(target(&op["output"]));
        for e in op["errors"].as_array().into_iter().flatten() {
            stack.extend(target(e));
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
            continue;
        }
        let shape = &shapes[&id];
        for key in ["member", "key", "value"] {
            stack.extend(target(&shape[key]));
        }
        if shape["type"] != "enum" && shape["type"] != "intEnum" {
            for m in shape["members"].as_object().into_iter().flatten() {
                stack.extend(target(m.1));
            }
        }
    }
    seen
}

#[test]
fn allowlist_generates_the_closure_of_the_listed_operations() {
    let path = super::upstream_dir().join("aws-models/s3.json");
    let Some(text) = super::read_upstream(&path, "allowlist test") else {
        return;
    };
    let all = codegen::lower_model(&text, &options(None)).unwrap();
    let five = codegen::lower_model(&text, &options(Some(&FIVE))).unwrap();
    let names: Vec<&str> = five.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, FIVE);
    assert!(all.operations.len() > 90, "{}", all.operations.len());

    let model: Value = serde_json::from_str(&text).unwrap();
    let service = &model["shapes"]["com.amazonaws.s3#AmazonS3"];
    let expected = reachable(&model, service, &FIVE);
    let got: BTreeSet<String> = five.shapes.keys().cloned().collect();
    assert_eq!(got, expected);
    assert!(got.contains("com.amazonaws.s3#Object"));
    assert!(!got.contains("com.amazonaws.s3#ReplicationConfiguration"));
    assert!(
        got.len() * 4 < all.shapes.len(),
        "{} of {}",
        got.len(),
        all.shapes.len()
    );

    let files = codegen::render_crate(&five, &options(Some(&FIVE))).unwrap();
    let ops: Vec<&str> = files
        .keys()
        .filter_map(|k| k.strip_prefix("src/operation/"))
        .collect();
    assert_eq!(
        ops,
        [
            "delete_object.rs",
            "get_object.rs",
            "head_object.rs",
            "list_objects_v2.rs",
            "mod.rs",
            "put_object.rs"
        ]
    );
    let manifest = String::from_utf8(files["Cargo.toml"].clone()).unwrap();
    assert!(
        manifest.contains("\nname = \"skiff-s3-five\"\nversion = \"0.3.0\"\n"),
        "{manifest}"
    );

    let err = codegen::lower_model(&text, &options(Some(&["GetObject", "getobjectacl"])))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "s3-five.toml: `getobjectacl` is not an operation of service `com.amazonaws.s3#AmazonS3` in aws-models/s3.json (did you mean `GetObjectAcl`?)"
    );
}
