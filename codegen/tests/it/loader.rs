//! The loader reads the whole Smithy 2.0 JSON AST: `apply` statements, resources'
//! `collectionOperations`, and properties it does not know (warned about, not fatal).

use codegen::ir::{ServiceIr, ShapeKind};

fn lower(model: &str) -> codegen::Result<ServiceIr> {
    let options = codegen::CrateOptions {
        model_file: "tests/fixtures/loader.json".to_owned(),
        crate_suffix: "loader".to_owned(),
        runtime_path: Some("../skiff-runtime".to_owned()),
        service: None,
        config: Default::default(),
        config_file: String::new(),
    };
    codegen::lower_model(model, &options)
}

const SERVICE: &str = r#""fx#Svc": {"type": "service", "version": "1", "operations": [{"target": "fx#Op"}],
    "resources": [{"target": "fx#Thing"}],
    "traits": {"aws.api#service": {"sdkId": "Svc", "endpointPrefix": "svc"}, "aws.protocols#awsJson1_1": {}, "aws.auth#sigv4": {"name": "svc"}}},
  "fx#Op": {"type": "operation", "input": {"target": "fx#In"}},
  "fx#Thing": {"type": "resource", "collectionOperations": [{"target": "fx#ListThings"}]},
  "fx#ListThings": {"type": "operation"},
  "fx#In": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}}}"#;

#[test]
fn collection_operations_are_generated() {
    let ir = lower(&format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE} }}}}"#
    ))
    .unwrap();
    let names: Vec<&str> = ir.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["ListThings", "Op"]);
}

#[test]
fn apply_statements_add_traits() {
    let ir = lower(&format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In$name": {{"type": "apply", "traits": {{"smithy.api#required": {{}}}}}} }}}}"#
    ))
    .unwrap();
    let shape = &ir.shapes["fx#In"];
    let ShapeKind::Structure(members) = &shape.kind else {
        panic!("fx#In is a structure")
    };
    assert!(members[0].required);
}

#[test]
fn apply_to_a_missing_member_is_an_error() {
    let err = lower(&format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In$nope": {{"type": "apply", "traits": {{"smithy.api#required": {{}}}}}} }}}}"#
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/loader.json: shape `fx#In`, member `nope`: an `apply` statement names a shape or member that does not exist"
    );
}

#[test]
fn unknown_properties_are_warnings() {
    let ir = lower(&format!(
        r#"{{"smithy": "2.0", "futureTop": {{}}, "shapes": {{ {SERVICE},
          "fx#Extra": {{"type": "string", "futureShape": 1}},
          "fx#Other": {{"type": "structure", "members": {{"m": {{"target": "smithy.api#String", "futureMember": true}}}}}} }}}}"#
    ))
    .unwrap();
    assert_eq!(
        ir.warnings,
        [
            "tests/fixtures/loader.json: shape `fx#Extra`: unknown property `futureShape` ignored",
            "tests/fixtures/loader.json: shape `fx#Other`, member `m`: unknown property `futureMember` ignored",
            "tests/fixtures/loader.json: unknown model property `futureTop` ignored",
        ]
    );
}
