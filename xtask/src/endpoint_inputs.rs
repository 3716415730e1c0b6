//! The `operationInputs` level of `cargo xtask endpoint-tests`: the endpoint test cases that
//! name an operation and its input are run through the generated clients.
//!
//! Writes the scratch workspace `target/endpoint-inputs/`: the client of every official model
//! that has such cases, with only the operations the cases call (generated as
//! `cargo xtask official-models` does, with the `serde` feature so that a case's `operationParams` deserialize into the input type), and the runner
//! `endpoint-inputs/` (its `main.rs` is `xtask/endpoint-inputs/main.rs`, which says what each
//! case checks; its `dispatch.rs`, generated here, maps `(model, operation)` to a call of the
//! generated client). Then runs it with `cargo run`, which prints the table.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::ir::Module;
use codegen::output::{self, Mode};
use serde_json::Value;

const RUNNER_MAIN: &str = include_str!("../endpoint-inputs/main.rs");

/// The operations each model's `operationInputs` cases call, by model file stem.
fn operations_by_model(models: &Path) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let mut out = BTreeMap::new();
    let files =
        crate::model_files(models).map_err(|e| format!("cannot read {}: {e}", models.display()))?;
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{stem}: {e}"))?;
        if !text.contains("\"operationInputs\"") {
            continue;
        }
        let model: Value = serde_json::from_str(&text).map_err(|e| format!("{stem}: {e}"))?;
        let ops: BTreeSet<String> = model["shapes"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, s)| s["type"] == "service")
            .flat_map(|(_, s)| {
                s["traits"]["smithy.rules#endpointTests"]["testCases"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .flat_map(|case| {
                case["operationInputs"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|input| input["operationName"].as_str().map(str::to_owned))
            .collect();
        if !ops.is_empty() {
            out.insert(stem, ops);
        }
    }
    Ok(out)
}

/// Generates the scratch workspace and runs the runner.
pub fn run(root: &Path, upstream: &Path) -> Result<ExitCode, String> {
    let models = upstream.join("aws-models");
    let wanted = operations_by_model(&models)?;
    let scratch = root.join("target/endpoint-inputs");
    let mut files = codegen::FileSet::new();
    let mut members = vec!["endpoint-inputs".to_owned()];
    let mut deps = String::new();
    let mut arms = String::new();
    for (stem, ops) in &wanted {
        // Only the operations the cases call: the endpoint parameters of an operation do not
        // depend on the others, and the clients build in seconds instead of minutes.
        let config = codegen::config::CrateConfig {
            operations: Some(ops.iter().cloned().collect()),
            ..Default::default()
        };
        let krate = super::official_crate(&models, stem, config, String::new())
            .map_err(|e| format!("{stem}: {e}"))?;
        let service = &krate.service;
        let lib = service.crate_name.replace('-', "_");
        writeln!(
            deps,
            "{} = {{ path = \"../{}\", features = [\"serde\"] }}",
            service.crate_name, service.crate_name
        )
        .ok();
        for op_name in ops {
            let Some(op) = service.operations.iter().find(|o| &o.name == op_name) else {
                return Err(format!(
                    "{stem}: the cases call `{op_name}`, which the generated client does not have"
                ));
            };
            let input = service
                .shapes
                .get(&op.input)
                .ok_or_else(|| format!("{stem}: no input shape for `{op_name}`"))?;
            let path = match &input.module {
                Module::Types => format!("{lib}::types::{}", input.rust_name),
                Module::Operation(m) => format!("{lib}::operation::{m}::{}", input.rust_name),
            };
            writeln!(
                arms,
                "        ({stem:?}, {op_name:?}) => Some(Box::pin(async move {{\n            \
                 let input: {path} = serde_json::from_value(params)\n                \
                 .map_err(|e| format!(\"{op_name} input: {{e}}\"))?;\n            \
                 Ok(crate::outcome(\n                \
                 {lib}::Client::new(config).{}().set_input(input).send().await,\n            \
                 ))\n        }})),",
                op.method
            )
            .ok();
        }
        members.push(service.crate_name.clone());
        for (rel, bytes) in krate.files {
            files.insert(format!("{}/{rel}", service.crate_name), bytes);
        }
    }
    let stems: Vec<String> = wanted.keys().map(|s| format!("{s:?}")).collect();
    let dispatch = format!(
        "// Written by `cargo xtask endpoint-tests` (xtask/src/endpoint_inputs.rs).\n\
         //! `(model, operation)` to a call of the generated client.\n\n\
         use std::future::Future;\nuse std::pin::Pin;\n\n\
         /// The models with `operationInputs` cases, by file stem.\n\
         pub const MODELS: &[&str] = &[{}];\n\n\
         type Call = Pin<Box<dyn Future<Output = Result<crate::Outcome, String>>>>;\n\n\
         /// Calls `op` of `model`'s client with `params` as its input.\n\
         pub fn call(\n    model: &str,\n    op: &str,\n    config: skiff_runtime::Config,\n    \
         params: serde_json::Value,\n) -> Option<Call> {{\n    match (model, op) {{\n{arms}        \
         _ => None,\n    }}\n}}\n",
        stems.join(", ")
    );
    files.insert(
        "endpoint-inputs/src/dispatch.rs".to_owned(),
        dispatch.into_bytes(),
    );
    files.insert(
        "endpoint-inputs/src/main.rs".to_owned(),
        RUNNER_MAIN.as_bytes().to_vec(),
    );
    files.insert(
        "endpoint-inputs/Cargo.toml".to_owned(),
        format!(
            "# Written by `cargo xtask endpoint-tests`.\n[package]\nname = \"endpoint-inputs\"\n\
             version = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
             skiff-runtime = {{ path = \"../../../crates/skiff-runtime\" }}\n\
             skiff-protocol-test-support = {{ path = \"../../../crates/skiff-protocol-test-support\" }}\n\
             serde_json = \"1\"\n{deps}"
        )
        .into_bytes(),
    );
    files.insert(
        "Cargo.toml".to_owned(),
        super::scratch_manifest("endpoint-tests", &members),
    );
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        files.insert("Cargo.lock".to_owned(), lock);
    }
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    output::sync(&scratch, ".", &files, Mode::Write).map_err(|e| e.to_string())?;
    println!(
        "endpoint-tests: running the operationInputs cases of {} through their generated clients \
         (scratch workspace {})",
        stems.join(", "),
        scratch.display()
    );
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["run", "--quiet", "-p", "endpoint-inputs", "--"])
        .arg(&models)
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", super::target_dir(root))
        .status()
        .map_err(|e| format!("cargo run in {}: {e}", scratch.display()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
