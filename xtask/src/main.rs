//! `cargo xtask`: project automation. Thin: parses flags, finds the workspace, calls
//! `codegen`, reports. The protocol compliance harness lives in [`protocol_tests`].

mod bench;
mod diff;
mod endpoint_inputs;
mod endpoint_tests;
mod moto;
mod msrv;
mod protocol_tests;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::output::{self, Mode};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the skiff workspace."
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate every crate under crates/ from models/*.json.
    ///
    /// Renders everything in memory first and writes nothing on any error; writes only files
    /// whose bytes changed; deletes generated files no longer produced; never touches a file
    /// without the generated header.
    Codegen {
        /// Write nothing; exit non-zero listing stale, missing and extra files.
        #[arg(long)]
        check: bool,
    },
    /// Generate one crate from one model file into a directory of your choice (for a service in
    /// your own repository). The configuration `<model stem>.toml` beside the model is read
    /// when present (or the one given with --config). Writes only files whose bytes changed;
    /// nothing at all on a model error.
    Generate {
        /// The Smithy JSON AST model file.
        model: PathBuf,
        /// The crate directory to write (Cargo.toml and src/).
        #[arg(long)]
        out: PathBuf,
        /// The codegen configuration (default: the model's stem with `.toml`, if it exists).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Depend on skiff-runtime at this path, as written in the manifest (relative to --out);
        /// without it the crate depends on skiff-runtime by version.
        #[arg(long)]
        runtime_path: Option<String>,
        /// The service shape id, when the model has several services.
        #[arg(long)]
        service: Option<String>,
        /// Write nothing; exit non-zero when the directory is not up to date.
        #[arg(long)]
        check: bool,
    },
    /// Generate clients for official AWS models and for codegen's test fixtures (among them the
    /// naming obstacle course) into target/official-models, then run clippy and rustdoc on them,
    /// denying warnings.
    ///
    /// Reads models from $SKIFF_UPSTREAM/aws-models (default: ../shared/upstream next to the
    /// workspace).
    OfficialModels {
        /// Model file stems to check (default: every model in aws-models/).
        #[arg(long, value_delimiter = ',')]
        models: Vec<String>,
        /// Generate only; skip `cargo check`.
        #[arg(long)]
        no_check: bool,
        /// A codegen configuration for one model, as `<stem>=<file.toml>` (repeatable), e.g.
        /// `s3=xtask/s3-five-operations.toml` to generate only the operations it lists.
        #[arg(long = "config", value_name = "STEM=FILE")]
        configs: Vec<String>,
    },
    /// Compare two versions of a model and report, per operation, type, member, error and enum
    /// value, what was added, removed or changed, and its semver impact on the generated crate
    /// (breaking, additive, documentation only).
    ///
    /// `--old a.json --new b.json`, or `--rev <rev> models/foo.json` (the old text is read with
    /// `git show`). Exits 0 when nothing breaking changed, 1 when something did, 2 on a usage
    /// or load error.
    Diff(diff::Args),
    /// Check that the runtime and every generated crate declare a `rust-version` at least as
    /// high as that of every dependency the lockfile resolves for them, and that generated
    /// manifests declare the runtime's.
    Msrv,
    /// Run the generated CloudFormation, CodePipeline and CodeDeploy clients against moto, an
    /// AWS emulator, on 127.0.0.1 with signature verification on, and print the scenario's
    /// table of steps.
    ///
    /// Generates the official models' clients and the scenario (xtask/moto-scenario) into
    /// target/moto, installs the moto pinned by xtask/moto-requirements.txt into
    /// target/moto-venv (needs python3 with venv and pip), starts moto, runs the scenario,
    /// stops moto. Reads $SKIFF_UPSTREAM/aws-models (default: ../shared/upstream next to the
    /// workspace).
    Moto,
    /// Benchmark the client generated from the complete official CodePipeline model against
    /// aws-sdk-codepipeline (pinned) and a hand-written floor, and write BENCHMARKS.md.
    ///
    /// Works in the bench/ workspace (excluded from the root one; it downloads the AWS SDK from
    /// crates.io): clean debug and release builds of three one-call programs, service crate
    /// compile times, generated lines, stripped binary sizes, sequential calls against a stub
    /// server on 127.0.0.1 (calls/s, p50/p99, CPU per call, peak RSS), and criterion figures
    /// of in-memory calls and parsing. `--large` adds the SageMaker service crates.
    Bench(bench::Args),
    /// Run every `smithy.rules#endpointTests` case of the models in
    /// $SKIFF_UPSTREAM/aws-models through the runtime's rules engine (parameters to endpoint),
    /// print a table per model; then run the cases with `operationInputs` through the generated
    /// clients (scratch workspace target/endpoint-inputs); exit non-zero on a failure.
    EndpointTests {
        /// Skip the `operationInputs` level (which generates and builds four clients).
        #[arg(long)]
        no_inputs: bool,
    },
    /// Generate a client and its Smithy protocol compliance tests for every service of the
    /// Smithy AWS protocol test model into target/protocol-tests, run them with `cargo test`,
    /// print one table per protocol, and compare the failures with
    /// xtask/protocol-tests-known-failures.txt (a new failure, or a listed case that passes,
    /// fails the command).
    ///
    /// Reads $SKIFF_UPSTREAM/smithy-protocol-tests/json-ast/smaws/smithy-aws-protocol-tests.json
    /// (default: ../shared/upstream next to the workspace).
    ProtocolTests {
        /// Rewrite the known-failures list from the current results (keeping its reasons).
        #[arg(long)]
        update_known_failures: bool,
        /// Only this service (shape id or shape name); repeatable. The known-failures check and
        /// update then concern these services only.
        #[arg(long = "service")]
        services: Vec<String>,
    },
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn upstream_dir(root: &Path) -> PathBuf {
    std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/upstream"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Cmd::Codegen { check } => codegen_cmd(&root, check),
        Cmd::OfficialModels {
            models,
            no_check,
            configs,
        } => official_models(&root, models, no_check, configs),
        Cmd::Diff(args) => Ok(diff::run(args)),
        Cmd::Generate {
            model,
            out,
            config,
            runtime_path,
            service,
            check,
        } => generate(&model, &out, config, runtime_path, service, check),
        Cmd::EndpointTests { no_inputs } => {
            let upstream = upstream_dir(&root);
            let params = endpoint_tests::run(&upstream);
            let inputs = if no_inputs {
                Ok(ExitCode::SUCCESS)
            } else {
                endpoint_inputs::run(&root, &upstream)
            };
            Ok(match (params, inputs) {
                (Ok(ExitCode::SUCCESS), Ok(ExitCode::SUCCESS)) => ExitCode::SUCCESS,
                (p, i) => {
                    for e in [p.err(), i.err()].into_iter().flatten() {
                        eprintln!("error: {e}");
                    }
                    ExitCode::FAILURE
                }
            })
        }
        Cmd::Msrv => Ok(msrv::run(&root).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        })),
        Cmd::Moto => moto::run(&root, &upstream_dir(&root)),
        Cmd::Bench(args) => bench::run(&root, &upstream_dir(&root), args),
        Cmd::ProtocolTests {
            update_known_failures,
            services,
        } => protocol_tests::run(
            &root,
            &upstream_dir(&root),
            protocol_tests::Options {
                update_known_failures,
                services,
            },
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen_cmd(root: &Path, check: bool) -> Result<ExitCode, codegen::Error> {
    let start = Instant::now();
    let workspace = codegen::generate_workspace(root)?;
    for warning in &workspace.warnings {
        eprintln!("warning: {warning}");
    }
    let files = workspace.files;
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = output::sync(root, "crates", &files, mode)?;
    if check {
        if report.is_clean() {
            println!("codegen: {} files up to date", report.unchanged);
            return Ok(ExitCode::SUCCESS);
        }
        for (label, list) in [
            ("stale", &report.stale),
            ("missing", &report.missing),
            ("extra", &report.extra),
        ] {
            for path in list {
                eprintln!("{label}: {path}");
            }
        }
        eprintln!("generated code is out of date; run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "codegen: {} written, {} created, {} deleted, {} unchanged in {:.2?}",
        report.stale.len(),
        report.missing.len(),
        report.extra.len(),
        report.unchanged,
        start.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask generate`: one model into one crate directory.
fn generate(
    model: &Path,
    out: &Path,
    config: Option<PathBuf>,
    runtime_path: Option<String>,
    service: Option<String>,
    check: bool,
) -> Result<ExitCode, codegen::Error> {
    let text = std::fs::read_to_string(model).map_err(|source| codegen::Error::Io {
        path: model.to_owned(),
        source,
    })?;
    let config_path = config.unwrap_or_else(|| model.with_extension("toml"));
    let config_file = config_path.display().to_string();
    let config = codegen::read_config(&config_path, &config_file)?;
    let stem = model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let model_file = model
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = codegen::CrateOptions {
        model_file,
        crate_suffix: stem,
        runtime_path,
        service,
        config,
        config_file,
    };
    let service = codegen::lower_model(&text, &options)?;
    for warning in &service.warnings {
        eprintln!("warning: {warning}");
    }
    for (op, reason) in &service.skipped {
        eprintln!("warning: operation {op} left out: {reason}");
    }
    let files = codegen::render_crate(&service, &options)?;
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = output::sync(out, "src", &files, mode)?;
    if check && !report.is_clean() {
        for path in report
            .stale
            .iter()
            .chain(&report.missing)
            .chain(&report.extra)
        {
            eprintln!("out of date: {path}");
        }
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{}: {} operations into {} ({} written, {} created, {} deleted, {} unchanged)",
        service.crate_name,
        service.operations.len(),
        out.display(),
        report.stale.len(),
        report.missing.len(),
        report.extra.len(),
        report.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

/// One generated official model, for the report table.
struct ModelRow {
    stem: String,
    crate_name: String,
    protocol: String,
    operations: usize,
    skipped: Vec<(String, String)>,
    lower: std::time::Duration,
    render: std::time::Duration,
    lines: usize,
}

/// The client crate of one official model, `<upstream>/<stem>.json`, as generated in memory.
struct OfficialCrate {
    service: codegen::ir::ServiceIr,
    /// The crate's files, relative to its directory.
    files: codegen::FileSet,
    lower: std::time::Duration,
    render: std::time::Duration,
}

/// Generates the client of the official model `<upstream>/<stem>.json` (named
/// `aws-models/<stem>.json` in headers), depending on the runtime at `runtime`, and prints the
/// generator's warnings and the operations it left out.
fn official_crate(
    upstream: &Path,
    stem: &str,
    config: codegen::config::CrateConfig,
    config_file: String,
) -> Result<OfficialCrate, codegen::Error> {
    // The scratch crates live in target/<command>/<crate>.
    official_crate_at(
        upstream,
        stem,
        config,
        config_file,
        "../../../crates/skiff-runtime",
    )
}

/// [`official_crate`], depending on the runtime at `runtime_path` (relative to the crate).
fn official_crate_at(
    upstream: &Path,
    stem: &str,
    config: codegen::config::CrateConfig,
    config_file: String,
    runtime_path: &str,
) -> Result<OfficialCrate, codegen::Error> {
    let path = upstream.join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).map_err(|source| codegen::Error::Io {
        path: path.clone(),
        source,
    })?;
    let options = codegen::CrateOptions {
        model_file: format!("aws-models/{stem}.json"),
        crate_suffix: stem.to_owned(),
        runtime_path: Some(runtime_path.to_owned()),
        service: None,
        config,
        config_file,
    };
    let start = Instant::now();
    let service = codegen::lower_model(&text, &options)?;
    let lower = start.elapsed();
    let start = Instant::now();
    let files = codegen::render_crate(&service, &options)?;
    let render = start.elapsed();
    for warning in &service.warnings {
        eprintln!("warning: {warning}");
    }
    for (op, reason) in &service.skipped {
        eprintln!("warning: {stem}: operation {op} left out: {reason}");
    }
    Ok(OfficialCrate {
        service,
        files,
        lower,
        render,
    })
}

/// The `Cargo.toml` of a scratch workspace written by `cargo xtask <command>`.
fn scratch_manifest(command: &str, members: &[String]) -> Vec<u8> {
    let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    format!(
        "# Scratch workspace written by `cargo xtask {command}`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    )
    .into_bytes()
}

fn official_models(
    root: &Path,
    models: Vec<String>,
    no_check: bool,
    configs: Vec<String>,
) -> Result<ExitCode, codegen::Error> {
    let mut by_stem = std::collections::BTreeMap::new();
    for pair in configs {
        let Some((stem, file)) = pair.split_once('=') else {
            eprintln!("error: --config takes <stem>=<file.toml>, not `{pair}`");
            return Ok(ExitCode::FAILURE);
        };
        by_stem.insert(stem.to_owned(), file.to_owned());
    }
    let configs = by_stem;
    let upstream = upstream_dir(root).join("aws-models");
    if !upstream.is_dir() {
        eprintln!(
            "error: upstream models not found at {} (set SKIFF_UPSTREAM)",
            upstream.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let models = if models.is_empty() {
        model_files(&upstream)
            .map_err(|source| codegen::Error::Io {
                path: upstream.clone(),
                source,
            })?
            .iter()
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .collect()
    } else {
        models
    };
    let scratch = root.join("target/official-models");
    let mut members = Vec::new();
    let mut all = codegen::FileSet::new();
    let mut rows = Vec::new();
    for stem in &models {
        let (config, config_file) = match configs.get(stem) {
            Some(file) => (codegen::read_config(&root.join(file), file)?, file.clone()),
            None => Default::default(),
        };
        let OfficialCrate {
            service,
            files,
            lower,
            render,
        } = official_crate(&upstream, stem, config, config_file)?;
        rows.push(ModelRow {
            stem: stem.clone(),
            crate_name: service.crate_name.clone(),
            protocol: format!("{:?}", service.protocol),
            operations: service.operations.len(),
            skipped: service.skipped.clone(),
            lower,
            render,
            lines: files
                .values()
                .map(|b| b.iter().filter(|c| **c == b'\n').count())
                .sum(),
        });
        members.push(service.crate_name.clone());
        for (rel, bytes) in files {
            all.insert(format!("{}/{rel}", service.crate_name), bytes);
        }
    }
    let fixtures = root.join("codegen/tests/fixtures");
    let mut fixture_paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .map_err(|source| codegen::Error::Io {
            path: fixtures.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    fixture_paths.sort();
    for path in fixture_paths {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).map_err(|source| codegen::Error::Io {
            path: path.clone(),
            source,
        })?;
        let options = codegen::CrateOptions {
            model_file: format!("codegen/tests/fixtures/{stem}.json"),
            crate_suffix: format!("fixture-{}", stem.replace('_', "-")),
            runtime_path: Some("../../../crates/skiff-runtime".to_owned()),
            service: None,
            config: Default::default(),
            config_file: String::new(),
        };
        let service = codegen::lower_model(&text, &options)?;
        members.push(service.crate_name.clone());
        for (rel, bytes) in codegen::render_crate(&service, &options)? {
            all.insert(format!("{}/{rel}", service.crate_name), bytes);
        }
    }
    all.insert(
        "Cargo.toml".to_owned(),
        scratch_manifest("official-models", &members),
    );
    // Resolve dependencies exactly as the main workspace does (no index lookups, no
    // different versions to build).
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        all.insert("Cargo.lock".to_owned(), lock);
    }
    std::fs::create_dir_all(&scratch).map_err(|source| codegen::Error::Io {
        path: scratch.clone(),
        source,
    })?;
    output::sync(&scratch, ".", &all, Mode::Write)?;

    let mut failed: Vec<String> = Vec::new();
    let mut check_time = None;
    if !no_check {
        let start = Instant::now();
        // clippy (which type-checks), then rustdoc, both denying warnings, on every crate.
        let clippy = [
            "clippy",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--message-format=short",
            "--",
            "-D",
            "warnings",
        ];
        let doc = ["doc", "--workspace", "--no-deps", "--keep-going", "--quiet"];
        for (args, marker) in [
            (&clippy[..], "error: could not compile `"),
            (&doc[..], "error: could not document `"),
        ] {
            let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
                .args(args)
                .current_dir(&scratch)
                .env("CARGO_TARGET_DIR", target_dir(root))
                .env(
                    "RUSTDOCFLAGS",
                    if args[0] == "doc" { "-D warnings" } else { "" },
                )
                .output()
                .map_err(|source| codegen::Error::Io {
                    path: scratch.clone(),
                    source,
                })?;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let before = failed.len();
            for line in stderr.lines() {
                if line.starts_with("error")
                    || line.starts_with("warning")
                    || line.contains(": error")
                {
                    eprintln!("{line}");
                }
                if let Some(rest) = line.strip_prefix(marker) {
                    failed.extend(rest.split('`').next().map(str::to_owned));
                }
            }
            if !out.status.success() && failed.len() == before {
                failed.push(format!("(cargo {} failed)", args[0]));
            }
        }
        check_time = Some(start.elapsed());
    }

    println!(
        "{:<26} {:<12} {:>5} {:>9}  {:<34} {:>8} {:>8} {:>7}  clippy, doc -D warnings",
        "model", "protocol", "ops", "left out", "reasons", "lower", "generate", "lines"
    );
    let (mut total_ops, mut total_skipped, mut total_lower, mut total_render) =
        (0, 0, std::time::Duration::ZERO, std::time::Duration::ZERO);
    for row in &rows {
        let mut reasons: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        for (_, reason) in &row.skipped {
            *reasons
                .entry(reason.split(" (").next().unwrap_or(reason).to_owned())
                .or_default() += 1;
        }
        let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        let check = if no_check {
            "not run"
        } else if failed.contains(&row.crate_name) {
            "FAILED"
        } else {
            "ok"
        };
        println!(
            "{:<26} {:<12} {:>5} {:>9}  {:<34} {:>8.0?} {:>8.0?} {:>7}  {}",
            row.stem,
            row.protocol,
            row.operations,
            row.skipped.len(),
            reasons.join(", "),
            row.lower,
            row.render,
            row.lines,
            check
        );
        total_ops += row.operations;
        total_skipped += row.skipped.len();
        total_lower += row.lower;
        total_render += row.render;
    }
    println!(
        "{} models: {total_ops} operations generated, {total_skipped} left out; load+lower {total_lower:.2?}, generate {total_render:.2?}",
        rows.len()
    );
    if let Some(t) = check_time {
        println!(
            "clippy and doc -D warnings of {} crates (models and fixtures): {} in {t:.1?}",
            members.len(),
            if failed.is_empty() {
                "ok".to_owned()
            } else {
                format!("{} FAILED: {}", failed.len(), failed.join(", "))
            }
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The target directory of the scratch builds: the caller's `CARGO_TARGET_DIR`, else the
/// workspace's (shared by every command, so the runtime and its dependencies are built once).
/// The official model files of `dir` (`aws-models/`): every `*.json` but `MANIFEST.json`,
/// sorted.
pub(crate) fn model_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("MANIFEST.json"))
        .collect();
    files.sort();
    Ok(files)
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
