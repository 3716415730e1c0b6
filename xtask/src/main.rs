//! `cargo xtask`: project automation. Thin: parses flags, finds the workspace, calls
//! `codegen`, reports.

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
    /// Generate clients for official AWS models and for codegen's test fixtures (among them the
    /// naming obstacle course) into target/official-models, and `cargo check` them.
    ///
    /// Reads models from $SKIFF_UPSTREAM/aws-models (default: ../shared/upstream next to the
    /// workspace).
    OfficialModels {
        /// Model file stems to check (default: codedeploy, codepipeline, cloudformation).
        #[arg(long, value_delimiter = ',')]
        models: Vec<String>,
        /// Generate only; skip `cargo check`.
        #[arg(long)]
        no_check: bool,
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
        Cmd::OfficialModels { models, no_check } => official_models(&root, models, no_check),
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
    let files = codegen::generate_workspace(root)?;
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

fn official_models(
    root: &Path,
    models: Vec<String>,
    no_check: bool,
) -> Result<ExitCode, codegen::Error> {
    let upstream = upstream_dir(root).join("aws-models");
    if !upstream.is_dir() {
        eprintln!(
            "error: upstream models not found at {} (set SKIFF_UPSTREAM)",
            upstream.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let models = if models.is_empty() {
        vec![
            "codedeploy".to_owned(),
            "codepipeline".to_owned(),
            "cloudformation".to_owned(),
        ]
    } else {
        models
    };
    let scratch = root.join("target/official-models");
    let runtime = root.join("crates/skiff-runtime");
    let mut members = Vec::new();
    let mut all = codegen::FileSet::new();
    println!(
        "{:<24} {:>10} {:>12} {:>10}",
        "model", "operations", "generate", "lines"
    );
    for stem in &models {
        let path = upstream.join(format!("{stem}.json"));
        let text = std::fs::read_to_string(&path).map_err(|source| codegen::Error::Io {
            path: path.clone(),
            source,
        })?;
        let start = Instant::now();
        let options = codegen::CrateOptions {
            model_file: format!("aws-models/{stem}.json"),
            crate_suffix: stem.clone(),
            runtime_path: runtime.display().to_string(),
            service: None,
        };
        let service = codegen::lower_model(&text, &options)?;
        let files = codegen::render_crate(&service, &options)?;
        let elapsed = start.elapsed();
        let lines: usize = files
            .values()
            .map(|b| b.iter().filter(|c| **c == b'\n').count())
            .sum();
        println!(
            "{:<24} {:>10} {:>10.0?} {:>10}",
            stem,
            service.operations.len(),
            elapsed,
            lines
        );
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
            runtime_path: runtime.display().to_string(),
            service: None,
        };
        let service = codegen::lower_model(&text, &options)?;
        members.push(service.crate_name.clone());
        for (rel, bytes) in codegen::render_crate(&service, &options)? {
            all.insert(format!("{}/{rel}", service.crate_name), bytes);
        }
    }
    let members_toml: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    all.insert(
        "Cargo.toml".to_owned(),
        format!(
            "# Scratch workspace written by `cargo xtask official-models`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members_toml.join(", ")
        )
        .into_bytes(),
    );
    std::fs::create_dir_all(&scratch).map_err(|source| codegen::Error::Io {
        path: scratch.clone(),
        source,
    })?;
    output::sync(&scratch, ".", &all, Mode::Write)?;
    if no_check {
        return Ok(ExitCode::SUCCESS);
    }
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["clippy", "--workspace", "--keep-going", "--quiet", "--", "-D", "warnings"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .map_err(|source| codegen::Error::Io {
            path: scratch.clone(),
            source,
        })?;
    println!(
        "cargo clippy -D warnings of {} crates: {} in {:.1?}",
        members.len(),
        if status.success() { "ok" } else { "FAILED" },
        start.elapsed()
    );
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
