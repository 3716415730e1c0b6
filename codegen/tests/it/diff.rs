//! `codegen::diff`: one fixture pair per kind of change (`tests/fixtures/diff/<case>.old.json`
//! and `<case>.new.json`; a pair read backwards, new to old, gives the opposite change: added
//! becomes removed), each with its exact report and impact; load errors; and a real pair made
//! from the official CodePipeline model.

use std::path::{Path, PathBuf};

use codegen::diff::{self, Impact, Report, Version};

fn load(case: &str, suffix: &str) -> Version {
    let file = format!("tests/fixtures/diff/{case}.{suffix}.json");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file))
        .expect("fixture exists");
    Version::load(&file, &text, None).unwrap_or_else(|e| panic!("{e}"))
}

/// The report of a fixture pair, old to new (or new to old when `backwards`).
fn report(case: &str, backwards: bool) -> Report {
    let (old, new) = (load(case, "old"), load(case, "new"));
    if backwards {
        diff::diff(&new, &old)
    } else {
        diff::diff(&old, &new)
    }
}

/// Checks the impact and the whole text of a fixture pair's report: `summary` is its first
/// line up to the service name, `body` what follows the first line.
fn check(case: &str, backwards: bool, impact: Option<Impact>, summary: &str, body: &str) {
    let r = report(case, backwards);
    let (a, b) = if backwards {
        ("new", "old")
    } else {
        ("old", "new")
    };
    let expected = format!(
        "{summary} in Svc, tests/fixtures/diff/{case}.{a}.json -> tests/fixtures/diff/{case}.{b}.json\n{body}"
    );
    assert_eq!(r.text(), expected, "{case} (backwards: {backwards})");
    assert_eq!(r.impact(), impact, "{case} (backwards: {backwards})");
    assert_eq!(r.is_breaking(), impact == Some(Impact::Breaking));
}

#[test]
fn no_change() {
    let r = report("operation", true);
    let same = diff::diff(&load("operation", "old"), &load("operation", "old"));
    assert!(same.changes.is_empty());
    assert_eq!(same.impact(), None);
    assert_eq!(
        same.text(),
        "no changes in Svc, tests/fixtures/diff/operation.old.json -> tests/fixtures/diff/operation.old.json\n"
    );
    assert!(!r.changes.is_empty());
}

#[test]
fn operation_added() {
    check(
        "operation",
        false,
        Some(Impact::Additive),
        "additive: 3 changes (0 breaking, 3 additive, 0 documentation)",
        "
Operations:
  [additive] added Client::delete_thing: operation `DeleteThing`

Types:
  [additive] added operation::delete_thing::DeleteThingInput: structure
  [additive] added operation::delete_thing::DeleteThingOutput: structure
",
    );
}

#[test]
fn operation_removed() {
    check(
        "operation",
        true,
        Some(Impact::Breaking),
        "breaking: 3 changes (3 breaking, 0 additive, 0 documentation)",
        "
Operations:
  [breaking] removed Client::delete_thing: operation `DeleteThing`

Types:
  [breaking] removed operation::delete_thing::DeleteThingInput: structure
  [breaking] removed operation::delete_thing::DeleteThingOutput: structure
",
    );
}

#[test]
fn member_added_optional() {
    check(
        "member_optional",
        false,
        Some(Impact::Additive),
        "additive: 1 change (0 breaking, 1 additive, 0 documentation)",
        "
Members:
  [additive] added operation::get_thing::GetThingInput.limit: optional member, `i32`
",
    );
}

#[test]
fn member_removed() {
    check(
        "member_optional",
        true,
        Some(Impact::Breaking),
        "breaking: 1 change (1 breaking, 0 additive, 0 documentation)",
        "
Members:
  [breaking] removed operation::get_thing::GetThingInput.limit: member, `i32`
",
    );
}

#[test]
fn member_added_required() {
    check(
        "member_required",
        false,
        Some(Impact::Breaking),
        "breaking: 1 change (1 breaking, 0 additive, 0 documentation)",
        "
Members:
  [breaking] added operation::get_thing::GetThingInput.owner: required member, `String`
",
    );
}

#[test]
fn type_changed() {
    check(
        "type_changed",
        false,
        Some(Impact::Breaking),
        "breaking: 1 change (1 breaking, 0 additive, 0 documentation)",
        "
Members:
  [breaking] changed types::Thing.size: type `i32` → `i64`
",
    );
}

/// An input member becoming required and an output member ceasing to be are breaking; the
/// opposite changes are additive.
#[test]
fn required_changed() {
    check(
        "required_changed",
        false,
        Some(Impact::Breaking),
        "breaking: 2 changes (2 breaking, 0 additive, 0 documentation)",
        "
Members:
  [breaking] changed operation::get_thing::GetThingInput.filter: now required
  [breaking] changed types::Thing.name: no longer required
",
    );
    check(
        "required_changed",
        true,
        Some(Impact::Additive),
        "additive: 2 changes (0 breaking, 2 additive, 0 documentation)",
        "
Members:
  [additive] changed operation::get_thing::GetThingInput.filter: no longer required
  [additive] changed types::Thing.name: now required
",
    );
}

#[test]
fn default_changed() {
    check(
        "default_changed",
        false,
        Some(Impact::Breaking),
        "breaking: 1 change (1 breaking, 0 additive, 0 documentation)",
        "
Members:
  [breaking] changed operation::get_thing::GetThingInput.limit: default `10` → `20`
",
    );
}

/// A narrower `@length` on an input is breaking, a wider one additive; constraints on outputs
/// are only documented.
#[test]
fn constraint_changed() {
    check(
        "constraint_changed",
        false,
        Some(Impact::Breaking),
        "breaking: 2 changes (1 breaking, 0 additive, 1 documentation)",
        "
Members:
  [breaking] changed operation::get_thing::GetThingInput.name: length `1 to 100` → `1 to 50` (narrower)
  [documentation] changed types::Thing.name: pattern none → `^(red|blue)$` (narrower)
",
    );
    check(
        "constraint_changed",
        true,
        Some(Impact::Additive),
        "additive: 2 changes (0 breaking, 1 additive, 1 documentation)",
        "
Members:
  [additive] changed operation::get_thing::GetThingInput.name: length `1 to 50` → `1 to 100` (wider)
  [documentation] changed types::Thing.name: pattern `^(red|blue)$` → none (wider)
",
    );
}

/// Docs of the operation, of `Thing`, and of `Thing.name`; `GetThingOutput.thing` has no docs
/// of its own, so its field shows `Thing`'s, which changed too.
#[test]
fn docs_only() {
    check(
        "docs_only",
        false,
        Some(Impact::Documentation),
        "documentation: 4 changes (0 breaking, 0 additive, 4 documentation)",
        "
Operations:
  [documentation] changed Client::get_thing: documentation changed

Types:
  [documentation] changed types::Thing: documentation changed

Members:
  [documentation] changed operation::get_thing::GetThingOutput.thing: documentation changed
  [documentation] changed types::Thing.name: documentation changed
",
    );
}

#[test]
fn enum_value_added() {
    check(
        "enum_value",
        false,
        Some(Impact::Additive),
        "additive: 2 changes (0 breaking, 2 additive, 0 documentation)",
        "
Enum values:
  [additive] added types::Color::Blue: value `blue`
  [additive] added types::Level::Medium: value `2`
",
    );
}

#[test]
fn enum_value_removed() {
    check(
        "enum_value",
        true,
        Some(Impact::Breaking),
        "breaking: 2 changes (2 breaking, 0 additive, 0 documentation)",
        "
Enum values:
  [breaking] removed types::Color::Blue: value `blue`
  [breaking] removed types::Level::Medium: value `2`
",
    );
}

#[test]
fn error_added() {
    check(
        "error",
        false,
        Some(Impact::Additive),
        "additive: 1 change (0 breaking, 1 additive, 0 documentation)",
        "
Operation errors:
  [additive] added GetThingError::Throttled: error `types::Throttled`
",
    );
}

/// Breaking for the generated crate: the error enum loses a variant that code may match on.
#[test]
fn error_removed() {
    check(
        "error",
        true,
        Some(Impact::Breaking),
        "breaking: 1 change (1 breaking, 0 additive, 0 documentation)",
        "
Operation errors:
  [breaking] removed GetThingError::Throttled: error `types::Throttled`
",
    );
}

#[test]
fn paginator_added_and_removed() {
    check(
        "paginator",
        false,
        Some(Impact::Additive),
        "additive: 1 change (0 breaking, 1 additive, 0 documentation)",
        "
Operations:
  [additive] changed Client::list_things: paginator added (`into_paginator()`), following `nextToken → nextToken`, items `things` of `types::Thing`
",
    );
    check(
        "paginator",
        true,
        Some(Impact::Breaking),
        "breaking: 1 change (1 breaking, 0 additive, 0 documentation)",
        "
Operations:
  [breaking] changed Client::list_things: paginator removed (`into_paginator()`)
",
    );
}

#[test]
fn http_binding_changed() {
    check(
        "http",
        false,
        Some(Impact::Breaking),
        "breaking: 2 changes (2 breaking, 0 additive, 0 documentation)",
        "
Operations:
  [breaking] changed Client::get_thing: HTTP binding `GET /things/{name} (200)` → `GET /v2/things/{name} (200)`

Members:
  [breaking] changed operation::get_thing::GetThingInput.version: HTTP binding header `X-Version` → query `version`
",
    );
}

/// The Markdown rendering: the summary in bold, a table per section, breaking in bold, pipes
/// escaped (GitHub ends a cell at `|` even inside code).
#[test]
fn markdown() {
    assert_eq!(
        report("constraint_changed", false).markdown(),
        "**Model diff: breaking: 2 changes (1 breaking, 0 additive, 1 documentation)** in `Svc`, `tests/fixtures/diff/constraint_changed.old.json` → `tests/fixtures/diff/constraint_changed.new.json`

#### Members

| Impact | Change | Item | Details |
|---|---|---|---|
| **breaking** | changed | `operation::get_thing::GetThingInput.name` | length `1 to 100` → `1 to 50` (narrower) |
| documentation | changed | `types::Thing.name` | pattern none → `^(red\\|blue)$` (narrower) |
"
    );
}

#[test]
fn load_errors_name_the_file() {
    let err = |text: &str, service: Option<&str>| {
        Version::load("models/broken.json", text, service)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err("{\"smithy\": ", None),
        "models/broken.json:1:11: invalid Smithy JSON AST: EOF while parsing a value"
    );
    assert_eq!(
        err(r#"{"smithy": "2.0", "shapes": {}}"#, None),
        "models/broken.json: the model has no service shape"
    );
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/operation.old.json"),
    )
    .unwrap();
    assert_eq!(
        err(&text, Some("Nope")),
        "models/broken.json: the model has no service `Nope`"
    );
    assert!(Version::load("models/ok.json", &text, Some("Svc")).is_ok());
    assert!(Version::load("models/ok.json", &text, Some("fx#Svc")).is_ok());
}

fn upstream_dir() -> PathBuf {
    std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream"))
}

/// The real pair: the official CodePipeline model (`$SKIFF_UPSTREAM/aws-models/codepipeline.json`)
/// as the new version, and as the old one the same model edited here, in the test, to play an
/// older revision: without the `DeleteWebhook` operation, without the required member
/// `RetryStageExecutionInput.retryMode`, with `PipelineDeclaration.version` a string rather
/// than the integer `PipelineVersion` (which has `@range(min: 1)`), and with other docs for
/// `GetPipelineInput.name`. Skipped when the upstream data is absent, unless
/// `SKIFF_REQUIRE_UPSTREAM=1`.
#[test]
fn codepipeline_real_pair() {
    let path = upstream_dir().join("aws-models/codepipeline.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        if std::env::var("SKIFF_REQUIRE_UPSTREAM").as_deref() == Ok("1") {
            panic!(
                "SKIFF_REQUIRE_UPSTREAM=1 but the CodePipeline model is missing at {} \
                 (set SKIFF_UPSTREAM to the directory holding aws-models/)",
                path.display()
            );
        }
        println!(
            "diff real pair skipped: upstream data absent at {} (set SKIFF_UPSTREAM, or \
             SKIFF_REQUIRE_UPSTREAM=1 to make this a failure)",
            path.display()
        );
        return;
    };
    let older = older_codepipeline(&text);
    let old = Version::load("codepipeline-older.json", &older, None).unwrap();
    let new = Version::load("aws-models/codepipeline.json", &text, None).unwrap();
    let r = diff::diff(&old, &new);
    print!("{}", r.markdown());
    assert_eq!(r.impact(), Some(Impact::Breaking));
    assert_eq!(
        r.summary(),
        "breaking: 7 changes (3 breaking, 3 additive, 1 documentation)"
    );
    let breaking: Vec<String> = r
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(|c| format!("{} {}: {}", c.kind.label(), c.item, c.detail))
        .collect();
    assert_eq!(
        breaking,
        [
            "added operation::retry_stage_execution::RetryStageExecutionInput.retry_mode: required member, `types::StageRetryMode`",
            "changed types::PipelineDeclaration.version: range none → `at least 1` (narrower)",
            "changed types::PipelineDeclaration.version: type `String` → `i32`",
        ]
    );
    assert_eq!(
        r.text(),
        "breaking: 7 changes (3 breaking, 3 additive, 1 documentation) in CodePipeline_20150709, codepipeline-older.json -> aws-models/codepipeline.json

Operations:
  [additive] added Client::delete_webhook: operation `DeleteWebhook`

Types:
  [additive] added operation::delete_webhook::DeleteWebhookInput: structure
  [additive] added operation::delete_webhook::DeleteWebhookOutput: structure

Members:
  [documentation] changed operation::get_pipeline::GetPipelineInput.name: documentation changed
  [breaking] added operation::retry_stage_execution::RetryStageExecutionInput.retry_mode: required member, `types::StageRetryMode`
  [breaking] changed types::PipelineDeclaration.version: range none → `at least 1` (narrower)
  [breaking] changed types::PipelineDeclaration.version: type `String` → `i32`
"
    );
    // Backwards, the same edits read as removals.
    let back = diff::diff(&new, &old);
    assert_eq!(
        back.summary(),
        "breaking: 7 changes (5 breaking, 1 additive, 1 documentation)"
    );
}

/// The official model with the edits of [`codepipeline_real_pair`].
fn older_codepipeline(text: &str) -> String {
    let mut model: serde_json::Value = serde_json::from_str(text).unwrap();
    let shapes = model["shapes"].as_object_mut().unwrap();
    let ns = "com.amazonaws.codepipeline#";
    let ops = shapes[&format!("{ns}CodePipeline_20150709")]["operations"]
        .as_array_mut()
        .unwrap();
    let before = ops.len();
    ops.retain(|t| t["target"] != format!("{ns}DeleteWebhook"));
    assert_eq!(ops.len(), before - 1);
    let members = |shapes: &mut serde_json::Map<String, serde_json::Value>, shape: &str| {
        shapes[&format!("{ns}{shape}")]["members"]
            .as_object_mut()
            .unwrap()
            .clone()
    };
    let mut retry = members(shapes, "RetryStageExecutionInput");
    assert!(retry.shift_remove("retryMode").is_some());
    shapes[&format!("{ns}RetryStageExecutionInput")]["members"] = retry.into();
    let mut decl = members(shapes, "PipelineDeclaration");
    decl["version"]["target"] = "smithy.api#String".into();
    shapes[&format!("{ns}PipelineDeclaration")]["members"] = decl.into();
    let mut get = members(shapes, "GetPipelineInput");
    get["name"]["traits"]["smithy.api#documentation"] = "<p>The name of the pipeline.</p>".into();
    shapes[&format!("{ns}GetPipelineInput")]["members"] = get.into();
    serde_json::to_string_pretty(&model).unwrap()
}
