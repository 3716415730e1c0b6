//! Generates Rust client crates from Smithy JSON AST models.
//!
//! The pipeline: [`model::parse`] (serde) → [`ir::lower`] (validate, resolve, name) →
//! [`emit`] (token streams) → [`output`] (prettyplease, headers, an in-memory [`FileSet`]) →
//! [`output::sync`] (write or check). This crate has no CLI and does not know where the
//! workspace is: callers pass paths and model text.

pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod naming;
pub mod output;
pub mod protocol_tests;

use std::path::Path;

pub use error::{Error, Result};
pub use output::FileSet;

use ir::ServiceIr;

/// The minimum Rust version of generated crates: that of the runtime they depend on
/// (`cargo xtask msrv` checks it against the resolved dependencies).
pub const RUST_VERSION: &str = "1.89";

/// How to generate one crate.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The model file as named in headers and errors (e.g. `models/codepipeline.json`).
    pub model_file: String,
    /// The suffix of the crate name (`skiff-<vendor>-<suffix>`), usually the file stem.
    pub crate_suffix: String,
    /// The path of the runtime crate, relative to the generated crate's directory.
    pub runtime_path: String,
    /// The service shape to generate; `None` means the model's only service.
    pub service: Option<String>,
}

/// Parses and lowers a model's text into the IR of one service.
pub fn lower_model(text: &str, options: &CrateOptions) -> Result<ServiceIr> {
    let file = options.model_file.as_str();
    let model = model::parse(file, text)?;
    let service = match &options.service {
        Some(s) => s.clone(),
        None => {
            let services = ir::services(&model);
            match services.as_slice() {
                [one] => one.clone(),
                [] => {
                    return Err(Error::Model {
                        file: file.to_owned(),
                        shape: None,
                        member: None,
                        message: "the model has no service shape".to_owned(),
                    })
                }
                _ => {
                    return Err(Error::Model {
                        file: file.to_owned(),
                        shape: None,
                        member: None,
                        message: format!(
                            "the model has several services ({}); pick one",
                            services.join(", ")
                        ),
                    })
                }
            }
        }
    };
    ir::lower(
        file,
        &model,
        &service,
        &ir::LowerOptions {
            crate_suffix: options.crate_suffix.clone(),
        },
    )
}

/// Renders the files of one crate, with paths relative to the crate directory.
pub fn render_crate(service: &ServiceIr, options: &CrateOptions) -> Result<FileSet> {
    let file = service.file.as_str();
    let mut files = FileSet::new();
    files.insert(
        "Cargo.toml".to_owned(),
        cargo_toml(service, options).into_bytes(),
    );
    files.insert(
        "src/lib.rs".to_owned(),
        output::rust_file(emit::client::lib_rs(service), file, "src/lib.rs")?,
    );
    files.insert(
        "src/client.rs".to_owned(),
        output::rust_file(emit::client::client_rs(service), file, "src/client.rs")?,
    );
    files.insert(
        "src/types.rs".to_owned(),
        output::rust_file(emit::client::types_rs(service), file, "src/types.rs")?,
    );
    files.insert(
        "src/operation/mod.rs".to_owned(),
        output::rust_file(
            emit::client::operation_index(service),
            file,
            "src/operation/mod.rs",
        )?,
    );
    for op in &service.operations {
        let name = format!("src/operation/{}.rs", op.method.trim_start_matches("r#"));
        let tokens = emit::operation::operation_module(service, op);
        files.insert(name.clone(), output::rust_file(tokens, file, &name)?);
    }
    Ok(files)
}

/// The generated crate's `Cargo.toml`: runtime features from the protocol and signing scheme
/// the service uses.
fn cargo_toml(service: &ServiceIr, options: &CrateOptions) -> String {
    let mut features = vec![service.protocol.feature()];
    features.extend(service.signing.feature());
    if service
        .operations
        .iter()
        .any(|o| !o.request_compression.is_empty())
    {
        features.push("compression");
    }
    if service.operations.iter().any(|o| o.checksum_required) {
        features.push("checksum");
    }
    if service.operations.iter().any(|op| !op.waiters.is_empty()) {
        features.push("waiters");
    }
    features.sort();
    features.dedup();
    let features: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    let description =
        format!("Generated client for {} ({}).", service.title, service.id).replace('"', "'");
    format!(
        "{header}[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"{rust_version}\"\ndescription = \"{description}\"\nlicense = \"Apache-2.0\"\npublish = false\n\n\
[features]\ndefault = [\"reqwest\"]\n# The default HTTP transport (reqwest with rustls).\nreqwest = [\"skiff-runtime/reqwest\"]\n# `Serialize` and `Deserialize` on every type (sensitive members only when asked for).\nserde = [\"skiff-runtime/serde\"]\n# Typed mocks: `skiff_runtime::mock!(Client::operation)` rules for tests of code that calls this client.\ntest-util = [\"skiff-runtime/test-util\"]\n\n\
[dependencies]\nskiff-runtime = {{ path = \"{runtime}\", version = \"0.1.0\", default-features = false, features = [{features}] }}\n",
        header = output::header("#", &service.file),
        name = service.crate_name,
        runtime = options.runtime_path,
        features = features.join(", "),
        rust_version = RUST_VERSION,
    )
}

/// The crates of a workspace, rendered in memory.
#[derive(Debug)]
pub struct Workspace {
    /// Every generated file, by path relative to the workspace root.
    pub files: FileSet,
    /// What the models' lowering ignored (see [`ServiceIr::warnings`]).
    pub warnings: Vec<String>,
}

/// Generates every crate of the workspace at `root` from `root/models/*.json` into
/// `crates/<crate name>/`. Reads models only; writes nothing.
pub fn generate_workspace(root: &Path) -> Result<Workspace> {
    let models = root.join("models");
    let entries = std::fs::read_dir(&models).map_err(|source| Error::Io {
        path: models.clone(),
        source,
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut all = FileSet::new();
    let mut warnings = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let options = CrateOptions {
            model_file: format!("models/{stem}.json"),
            crate_suffix: stem,
            runtime_path: "../skiff-runtime".to_owned(),
            service: None,
        };
        let service = lower_model(&text, &options)?;
        for (rel, bytes) in render_crate(&service, &options)? {
            all.insert(format!("crates/{}/{rel}", service.crate_name), bytes);
        }
        warnings.extend(service.warnings);
    }
    Ok(Workspace {
        files: all,
        warnings,
    })
}
