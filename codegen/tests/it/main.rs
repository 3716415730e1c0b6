//! The codegen crate's integration tests, one binary: model errors, snapshots of generated
//! output for small fixtures, determinism, and the staleness of the checked-in `crates/`.

mod config;
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

/// The upstream data directory: `$SKIFF_UPSTREAM`, else `../shared/upstream` beside the
/// workspace.
pub fn upstream_dir() -> PathBuf {
    std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/upstream"))
}

/// The text of an upstream file, or `None` (printing that `what` is skipped) when it is
/// absent; with `SKIFF_REQUIRE_UPSTREAM=1` its absence fails the test.
pub fn read_upstream(path: &Path, what: &str) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(_) if std::env::var("SKIFF_REQUIRE_UPSTREAM").as_deref() == Ok("1") => panic!(
            "SKIFF_REQUIRE_UPSTREAM=1 but {} is missing (set SKIFF_UPSTREAM)",
            path.display()
        ),
        Err(_) => {
            println!(
                "{what} skipped: upstream data absent at {} (set SKIFF_UPSTREAM, or \
                 SKIFF_REQUIRE_UPSTREAM=1 to make this a failure)",
                path.display()
            );
            None
        }
    }
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
        runtime_path: Some("../skiff-runtime".to_owned()),
        service: None,
        config: Default::default(),
        config_file: String::new(),
    };
    let service = codegen::lower_model(text, &options)?;
    codegen::render_crate(&service, &options)
}
