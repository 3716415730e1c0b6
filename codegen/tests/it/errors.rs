//! Bad models give exact errors naming file, shape and member, and leave `crates/` untouched.

use crate::render_text;

fn error_of(model: &str) -> String {
    match render_text(model, "bad") {
        Ok(_) => panic!("model was accepted"),
        Err(e) => e.to_string(),
    }
}

const SERVICE: &str = r#""fx#Svc": {"type": "service", "version": "1", "operations": [{"target": "fx#Op"}],
    "traits": {"aws.api#service": {"sdkId": "Svc", "endpointPrefix": "svc"}, "aws.protocols#awsJson1_1": {}, "aws.auth#sigv4": {"name": "svc"}}},
  "fx#Op": {"type": "operation", "input": {"target": "fx#In"}}"#;

#[test]
fn malformed_json() {
    assert_eq!(
        error_of("{\"smithy\": \"2.0\", \"shapes\": {\n  \"fx#A\": {\"type\": \"string\",}\n}}"),
        "tests/fixtures/bad.json:2:29: invalid Smithy JSON AST: trailing comma"
    );
}

#[test]
fn not_an_ast() {
    assert_eq!(
        error_of(r#"{"smithy": "2.0", "shapes": {"fx#A": {"kind": "string"}}}"#),
        "tests/fixtures/bad.json:1:55: invalid Smithy JSON AST: missing field `type`"
    );
    assert_eq!(
        error_of(r#"{"smithy": "2.0", "shapes": {"fx#A": {"type": "string", "members": 3}}}"#),
        "tests/fixtures/bad.json:1:68: invalid Smithy JSON AST: invalid type: integer `3`, expected a map"
    );
}

#[test]
fn dangling_target() {
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"name": {{"target": "fx#Missing"}}}}}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#In`, member `name`: target `fx#Missing` does not exist"
    );
}

#[test]
fn unsupported_shape_kind() {
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"name": {{"target": "fx#Odd"}}}}}},
          "fx#Odd": {{"type": "tuple"}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#Odd`: unsupported shape kind `tuple`"
    );
}

#[test]
fn operation_used_as_data() {
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"op": {{"target": "fx#Op"}}}}}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#In`, member `op`: targets `fx#Op`, a `operation` shape, which cannot be used as data"
    );
}

#[test]
fn names_must_be_smithy_identifiers() {
    for (member, valid) in [
        ("1st", false),
        ("_", false),
        ("bad name-1", false),
        ("café", false),
        ("", false),
        ("_1st", true),
        ("__x", true),
        ("ok_1", true),
    ] {
        let model = format!(
            r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
              "fx#In": {{"type": "structure", "members": {{"{member}": {{"target": "smithy.api#String"}}}}}} }}}}"#
        );
        let result = render_text(&model, "bad");
        if valid {
            assert!(result.is_ok(), "{member:?}: {:?}", result.err());
        } else {
            assert_eq!(
                result.err().map(|e| e.to_string()),
                Some(format!("tests/fixtures/bad.json: shape `fx#In`, member `{member}`: not a Smithy identifier (ASCII letters, digits and `_`, starting with a letter, or with `_` followed by a letter or digit)")),
                "{member:?}"
            );
        }
    }
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure"}}, "fx#9Lives": {{"type": "string"}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#9Lives`: not a Smithy identifier (ASCII letters, digits and `_`, starting with a letter, or with `_` followed by a letter or digit)"
    );
}

#[test]
fn member_name_collision() {
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"fooBar": {{"target": "smithy.api#String"}}, "foo_bar": {{"target": "smithy.api#String"}}}}}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#In`, member `foo_bar`: its Rust name `foo_bar` collides with one made for member `fooBar`"
    );
    // Methods made from members collide too: `with_foo` (the setter of `foo`) is the getter of
    // `withFoo`.
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"foo": {{"target": "smithy.api#String"}}, "withFoo": {{"target": "smithy.api#String"}}}}}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#In`, member `withFoo`: its Rust name `with_foo` collides with one made for member `foo`"
    );
}

#[test]
fn type_name_collision() {
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"a": {{"target": "fx#ABCThing"}}, "b": {{"target": "fx#AbcThing"}}}}}},
          "fx#ABCThing": {{"type": "structure", "members": {{}}}},
          "fx#AbcThing": {{"type": "structure", "members": {{}}}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#AbcThing`: its Rust name `AbcThing` collides with that of `fx#ABCThing`"
    );
}

#[test]
fn bad_trait_value() {
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{ {SERVICE},
          "fx#In": {{"type": "structure", "members": {{"at": {{"target": "smithy.api#Timestamp", "traits": {{"smithy.api#timestampFormat": "iso"}}}}}}}} }}}}"#
    );
    assert_eq!(
        error_of(&model),
        "tests/fixtures/bad.json: shape `fx#In`, member `at`: `smithy.api#timestampFormat` must be date-time, http-date or epoch-seconds, not `iso`"
    );
}

#[test]
fn no_protocol() {
    let model = r#"{"smithy": "2.0", "shapes": {"fx#Svc": {"type": "service", "version": "1", "traits": {"aws.api#service": {"sdkId": "S", "endpointPrefix": "s"}}}}}"#;
    assert_eq!(
        error_of(model),
        "tests/fixtures/bad.json: shape `fx#Svc`: no supported protocol trait (traits present: aws.api#service)"
    );
}

/// A bad model in a workspace: `generate_workspace` fails and nothing under `crates/` changes.
#[test]
fn bad_model_writes_nothing() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-model-workspace");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("models")).unwrap();
    std::fs::create_dir_all(root.join("crates/skiff-aws-good/src")).unwrap();
    let good = std::fs::read_to_string(crate::workspace().join("models/codedeploy.json")).unwrap();
    std::fs::write(root.join("models/good.json"), good).unwrap();
    std::fs::write(
        root.join("models/zbad.json"),
        "{\"smithy\": \"2.0\", \"shapes\": {",
    )
    .unwrap();
    let stale = "// @generated by `cargo xtask codegen` from models/good.json. DO NOT EDIT.\nold\n";
    std::fs::write(root.join("crates/skiff-aws-good/src/lib.rs"), stale).unwrap();
    let err = codegen::generate_workspace(&root).unwrap_err();
    assert!(err.to_string().starts_with("models/zbad.json:1:"), "{err}");
    let entries: Vec<_> = walk(&root.join("crates"));
    assert_eq!(entries, vec!["skiff-aws-good/src/lib.rs".to_owned()]);
    assert_eq!(
        std::fs::read_to_string(root.join("crates/skiff-aws-good/src/lib.rs")).unwrap(),
        stale
    );
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// A model with one waiter `W` on `fx#Op` whose acceptor is `acceptor` (JSON) and whose
/// delays are `delays` (JSON members, possibly empty).
fn waiter_model(acceptor: &str, delays: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
  "fx#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "fx#Op"}}],
    "traits": {{"aws.api#service": {{"sdkId": "Svc", "endpointPrefix": "svc"}}, "aws.protocols#awsJson1_1": {{}}, "aws.auth#sigv4": {{"name": "svc"}}}}}},
  "fx#Op": {{"type": "operation", "output": {{"target": "fx#Out"}},
    "traits": {{"smithy.waiters#waitable": {{"W": {{{delays} "acceptors": [{acceptor}]}}}}}}}},
  "fx#Out": {{"type": "structure", "members": {{"status": {{"target": "smithy.api#String"}}}}}} }}}}"#
    )
}

#[test]
fn invalid_waiters() {
    let output = |path: &str, comparator: &str, expected: &str| {
        format!(
            r#"{{"state": "success", "matcher": {{"output": {{"path": "{path}", "expected": "{expected}", "comparator": "{comparator}"}}}}}}"#
        )
    };
    assert_eq!(
        error_of(&waiter_model(&output("status[", "stringEquals", "A"), "")),
        "tests/fixtures/bad.json: shape `fx#Op`: waiter `W`: acceptor 1: invalid JMESPath `status[`: \
         JMESPath syntax error at offset 7: expected a number, ':' or '*' after '[', found end of expression"
    );
    assert_eq!(
        error_of(&waiter_model(&output("nope(status)", "stringEquals", "A"), "")),
        "tests/fixtures/bad.json: shape `fx#Op`: waiter `W`: acceptor 1: invalid JMESPath `nope(status)`: \
         JMESPath unknown-function error at offset 0: unknown function nope()"
    );
    assert_eq!(
        error_of(&waiter_model(&output("status", "booleanEquals", "yes"), "")),
        "tests/fixtures/bad.json: shape `fx#Op`: waiter `W`: acceptor 1: `booleanEquals` expects `true` or `false`, not `yes`"
    );
    assert_eq!(
        error_of(&waiter_model(&output("status", "numberEquals", "1"), "")),
        "tests/fixtures/bad.json: shape `fx#Op`: waiter `W`: acceptor 1: unknown comparator `numberEquals`"
    );
    assert_eq!(
        error_of(&waiter_model(r#"{"state": "done", "matcher": {"success": true}}"#, "")),
        "tests/fixtures/bad.json: shape `fx#Op`: waiter `W`: acceptor 1: `state` must be `success`, `failure` or `retry`"
    );
    assert_eq!(
        error_of(&waiter_model(
            r#"{"state": "success", "matcher": {"success": true}}"#,
            r#""minDelay": 10, "maxDelay": 5,"#
        )),
        "tests/fixtures/bad.json: shape `fx#Op`: waiter `W`: delays must satisfy 1 <= minDelay <= maxDelay (minDelay 10, maxDelay 5)"
    );
}
