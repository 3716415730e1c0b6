//! `cargo xtask diff`: reads two versions of a model (two files, or a file and its text at a
//! git revision), lets `codegen::diff` compare them, prints the report, and exits 0 when
//! nothing breaking changed, 1 when something did, 2 on a usage or load error.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diff::{self, Version};

/// How to print the report.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Plain text, for a terminal.
    Text,
    /// Markdown, for a pull-request comment.
    Markdown,
}

/// The flags of `cargo xtask diff`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["old", "rev"])))]
pub struct Args {
    /// The old model file (with --new).
    #[arg(long, requires = "new", conflicts_with = "rev")]
    old: Option<PathBuf>,
    /// The new model file (with --old).
    #[arg(long, requires = "old", conflicts_with = "rev")]
    new: Option<PathBuf>,
    /// Compare MODEL with its text at this git revision (read with `git show <rev>:<path>`).
    #[arg(long, requires = "model")]
    rev: Option<String>,
    /// The model file to compare with --rev, e.g. models/codepipeline.json.
    #[arg(requires = "rev")]
    model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The service shape (id or name), when the model has several.
    #[arg(long)]
    service: Option<String>,
}

/// Runs the command.
pub fn run(args: Args) -> ExitCode {
    match report(&args) {
        Ok(report) => {
            match args.format {
                Format::Text => print!("{}", report.text()),
                Format::Markdown => print!("{}", report.markdown()),
            }
            if report.is_breaking() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn report(args: &Args) -> Result<diff::Report, String> {
    let ((old_name, old_text), (new_name, new_text)) = match (&args.old, &args.new, &args.rev) {
        (Some(old), Some(new), None) => (read(old)?, read(new)?),
        (None, None, Some(rev)) => {
            let model = args.model.as_deref().ok_or("--rev needs a model file")?;
            (git_show(rev, model)?, read(model)?)
        }
        _ => return Err("give --old and --new, or --rev and a model file".to_owned()),
    };
    let service = args.service.as_deref();
    let old = Version::load(&old_name, &old_text, service).map_err(|e| e.to_string())?;
    let new = Version::load(&new_name, &new_text, service).map_err(|e| e.to_string())?;
    Ok(diff::diff(&old, &new))
}

/// A file's name (as given) and text.
fn read(path: &Path) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// The text of `path` at git revision `rev`, named `<rev>:<path>`.
fn git_show(rev: &str, path: &Path) -> Result<(String, String), String> {
    let name = format!("{rev}:{}", path.display());
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file", path.display()))?;
    // `<rev>:./<file>` is relative to the working directory, which is the file's.
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{}", file.to_string_lossy()))
        .current_dir(dir)
        .output()
        .map_err(|e| format!("{name}: cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{name}: git show failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| format!("{name}: not UTF-8"))?;
    Ok((name, text))
}
