//! Generates Rust client crates from Smithy JSON AST models.
//!
//! The pipeline: [`model::parse`] (serde) → [`ir::lower`] (validate, resolve, name) →
//! [`emit`] (token streams) → [`output`] (prettyplease, headers, an in-memory [`FileSet`]) →
//! [`output::sync`] (write or check). [`diff`] compares two versions of a model for review.
//! This crate has no CLI and does not know where the workspace is: callers pass paths and
//! model text.

pub mod config;
pub mod diff;
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

/// The version of `skiff-runtime` that generated crates depend on.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// How to generate one crate.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The model file as named in headers and errors (e.g. `models/codepipeline.json`).
    pub model_file: String,
    /// The suffix of the crate name (`skiff-<vendor>-<suffix>`), usually the file stem.
    pub crate_suffix: String,
    /// The path of the runtime crate, relative to the generated crate's directory; `None`
    /// depends on it by version only (from a registry).
    pub runtime_path: Option<String>,
    /// The service shape to generate; `None` means the model's only service.
    pub service: Option<String>,
    /// The service's codegen configuration (see [`config`]); `Default` generates everything.
    pub config: config::CrateConfig,
    /// The configuration's file as named in errors (e.g. `models/codepipeline.toml`).
    pub config_file: String,
}

/// Parses and lowers a model's text into the IR of one service.
pub fn lower_model(text: &str, options: &CrateOptions) -> Result<ServiceIr> {
    let file = options.model_file.as_str();
    let model = model::parse(file, text)?;
    let service = match &options.service {
        Some(s) => s.clone(),
        None => only_service(file, &model)?,
    };
    ir::lower(
        file,
        &model,
        &service,
        &ir::LowerOptions {
            crate_suffix: options.crate_suffix.clone(),
            config: options.config.clone(),
            config_file: options.config_file.clone(),
        },
    )
}

/// The id of the only service shape of `model` (read from `file`); an error when it has none or
/// several.
pub(crate) fn only_service(file: &str, model: &model::Model) -> Result<String> {
    let services = ir::services(model);
    match services.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::Model {
            file: file.to_owned(),
            shape: None,
            member: None,
            message: "the model has no service shape".to_owned(),
        }),
        _ => Err(Error::Model {
            file: file.to_owned(),
            shape: None,
            member: None,
            message: format!(
                "the model has several services ({}); pick one",
                services.join(", ")
            ),
        }),
    }
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
    if let Some(tokens) = emit::client::endpoint_rules_rs(service) {
        files.insert(
            "src/endpoint_rules.rs".to_owned(),
            output::rust_file(tokens, file, "src/endpoint_rules.rs")?,
        );
    }
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
    if service.endpoint_rules.is_some() {
        features.push("endpoint-rules");
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
        "{header}[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\nrust-version = \"{rust_version}\"\ndescription = \"{description}\"\nlicense = \"Apache-2.0\"\npublish = false\n\n\
[features]\ndefault = [\"reqwest\"]\n# The default HTTP transport (reqwest with rustls).\nreqwest = [\"skiff-runtime/reqwest\"]\n# `Serialize` and `Deserialize` on every type (sensitive members only when asked for).\nserde = [\"skiff-runtime/serde\"]\n# Typed mocks: `skiff_runtime::mock!(Client::operation)` rules for tests of code that calls this client.\ntest-util = [\"skiff-runtime/test-util\"]\n\n\
[dependencies]\nskiff-runtime = {{ {runtime}version = \"{runtime_version}\", default-features = false, features = [{features}] }}\n",
        header = output::header("#", &service.file),
        name = service.crate_name,
        runtime = match &options.runtime_path {
            Some(path) => format!("path = \"{path}\", "),
            None => String::new(),
        },
        runtime_version = RUNTIME_VERSION,
        features = features.join(", "),
        rust_version = RUST_VERSION,
        version = options.config.version.as_deref().unwrap_or("0.1.0"),
    )
}

/// The configuration at `path` (named `name` in errors), or the default when there is none.
pub fn read_config(path: &Path, name: &str) -> Result<config::CrateConfig> {
    match std::fs::read_to_string(path) {
        Ok(text) => config::CrateConfig::parse(name, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Default::default()),
        Err(source) => Err(Error::Io {
            path: path.to_owned(),
            source,
        }),
    }
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
        let config_file = format!("models/{stem}.toml");
        let config = read_config(&models.join(format!("{stem}.toml")), &config_file)?;
        let options = CrateOptions {
            model_file: format!("models/{stem}.json"),
            crate_suffix: stem,
            runtime_path: Some("../skiff-runtime".to_owned()),
            service: None,
            config,
            config_file,
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
