//! The codegen crate's integration tests, one binary: model errors, snapshots of generated
//! output for small fixtures, determinism, and the staleness of the checked-in `crates/`.

mod determinism;
mod diff;
mod errors;
mod loader;
mod mutations;
mod naming;
mod snapshots;
mod staleness;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Generates the crate of a fixture model (`tests/fixtures/<name>.json`).
pub fn render_fixture(name: &str) -> codegen::Result<codegen::FileSet> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.json"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    render_text(&text, name)
}

/// Generates a crate from model text, named `tests/fixtures/<name>.json` in headers and errors.
pub fn render_text(text: &str, name: &str) -> codegen::Result<codegen::FileSet> {
    let options = codegen::CrateOptions {
        model_file: format!("tests/fixtures/{name}.json"),
        crate_suffix: name.replace('_', "-"),
        runtime_path: "../skiff-runtime".to_owned(),
        service: None,
    };
    let service = codegen::lower_model(text, &options)?;
    codegen::render_crate(&service, &options)
}
