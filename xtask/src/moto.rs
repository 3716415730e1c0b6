//! `cargo xtask moto`: the generated clients against moto, an AWS emulator, on 127.0.0.1.
//!
//! 1. Generates the clients of the official CloudFormation, CodePipeline and CodeDeploy models
//!    (as `official-models` does) into the scratch workspace `target/moto/`, with the scenario
//!    crate beside them: its source is `xtask/moto-scenario/`, copied there because it depends
//!    on the generated crates, which are not checked in (so it is no member of the root
//!    workspace).
//! 2. Builds the scenario (clippy denying warnings, then `cargo build`).
//! 3. Installs moto, every package pinned by [`REQUIREMENTS`], into the virtualenv
//!    `target/moto-venv` (when the venv is missing or the list changed; needs `python3` with
//!    `venv` and pip, or the interpreter in `SKIFF_PYTHON`).
//! 4. Starts `moto_server` on 127.0.0.1 on a free port, waits (bounded) until it accepts
//!    connections, runs the scenario against it (bounded), and stops the server by its pid,
//!    whatever happened. The scenario prints its table of steps; the command fails when a step
//!    fails, or the scenario does not finish in time.
//!
//! Signatures: moto checks the SigV4 signature (and the IAM policies) of every request after
//! the first `INITIAL_NO_AUTH_ACTION_COUNT`. That count is [`UNSIGNED_CALLS`]: the scenario
//! spends those calls creating, through a CloudFormation stack, the IAM user (allowed
//! everything) and access key that it signs every later request with, then one STS
//! `AssumeRoleWithWebIdentity` (which AWS serves unsigned, and moto, once it checks, refuses
//! without an `Authorization` header), and then checks that a wrong key or secret is refused.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use codegen::output::{self, Mode};

/// The official models whose clients the scenario uses (stems under `aws-models/`).
const MODELS: [&str; 3] = ["cloudformation", "codepipeline", "codedeploy"];

/// The scenario crate's source, relative to the workspace root.
const SCENARIO: &str = "xtask/moto-scenario";

/// The pinned moto and dependencies, relative to the workspace root.
pub const REQUIREMENTS: &str = "xtask/moto-requirements.txt";

/// Requests moto serves before it starts checking signatures: the scenario's bootstrap calls and
/// its web identity call.
const UNSIGNED_CALLS: u32 = 3;

/// Bounds of every wait.
const BUILD_LIMIT: Duration = Duration::from_secs(30 * 60);
const INSTALL_LIMIT: Duration = Duration::from_secs(10 * 60);
const START_LIMIT: Duration = Duration::from_secs(60);
const SCENARIO_LIMIT: Duration = Duration::from_secs(5 * 60);

/// A failure of the command that is not a codegen error.
type Failed = String;

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> codegen::Error + '_ {
    move |source| codegen::Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Runs the command.
pub fn run(root: &Path, upstream: &Path) -> Result<ExitCode, codegen::Error> {
    let models = upstream.join("aws-models");
    if let Some(missing) = MODELS
        .iter()
        .map(|stem| models.join(format!("{stem}.json")))
        .find(|p| !p.is_file())
    {
        eprintln!(
            "error: {} not found (set SKIFF_UPSTREAM)",
            missing.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let start = Instant::now();
    let scratch = root.join("target/moto");
    write_workspace(root, &models, &scratch)?;
    let generated = start.elapsed();
    let outcome = (|| -> Result<(), Failed> {
        let start = Instant::now();
        let scenario = build(root, &scratch)?;
        let built = start.elapsed();
        let start = Instant::now();
        let venv = install_moto(root)?;
        let installed = start.elapsed();
        let start = Instant::now();
        let mut moto = Moto::start(&venv, &scratch.join("moto.log"))?;
        let started = start.elapsed();
        println!(
            "moto: generated in {generated:.1?}, built in {built:.1?}, installed in {installed:.1?}, started in {started:.1?} (pid {}, {})",
            moto.child.id(),
            moto.endpoint
        );
        let start = Instant::now();
        let result = run_scenario(&scenario, &moto.endpoint);
        println!("moto: scenario ran in {:.1?}", start.elapsed());
        moto.stop();
        if result.is_err() {
            moto.print_log_tail();
        }
        result
    })();
    Ok(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    })
}

/// Writes the scratch workspace: the generated crates, the scenario, the manifest, and the
/// root workspace's lockfile (the same dependency versions, no index lookups).
fn write_workspace(root: &Path, models: &Path, scratch: &Path) -> Result<(), codegen::Error> {
    let mut files = codegen::FileSet::new();
    let mut members = Vec::new();
    for stem in MODELS {
        let generated = crate::official_crate(models, stem, Default::default(), String::new())?;
        let name = generated.service.crate_name.clone();
        for (rel, bytes) in generated.files {
            files.insert(format!("{name}/{rel}"), bytes);
        }
        members.push(name);
    }
    let template = root.join(SCENARIO);
    copy_tree(&template, &template, "moto-scenario", &mut files)?;
    members.push("moto-scenario".to_owned());
    files.insert(
        "Cargo.toml".to_owned(),
        crate::scratch_manifest("moto", &members),
    );
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        files.insert("Cargo.lock".to_owned(), lock);
    }
    std::fs::create_dir_all(scratch).map_err(io_err(scratch))?;
    output::sync(scratch, ".", &files, Mode::Write)?;
    Ok(())
}

/// Adds every file under `dir` (a directory of `base`) to `files`, under `prefix`.
fn copy_tree(
    base: &Path,
    dir: &Path,
    prefix: &str,
    files: &mut codegen::FileSet,
) -> Result<(), codegen::Error> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_err(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            copy_tree(base, &path, prefix, files)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            let bytes = std::fs::read(&path).map_err(io_err(&path))?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(format!("{prefix}/{rel}"), bytes);
        }
    }
    Ok(())
}

/// Runs `command` to completion within `limit` (killing it after), stdout and stderr inherited.
fn run_bounded(command: &mut Command, what: &str, limit: Duration) -> Result<(), Failed> {
    let mut child = command
        .spawn()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    match wait_bounded(&mut child, limit) {
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!("{what} failed ({status})")),
        None => Err(format!("{what} did not finish in {limit:?}; killed")),
    }
}

/// Waits for `child` at most `limit`; past it, kills the child (by pid) and returns `None`.
pub(crate) fn wait_bounded(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Lints and builds the scenario; returns the path of its binary.
fn build(root: &Path, scratch: &Path) -> Result<PathBuf, Failed> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = crate::target_dir(root);
    for args in [
        &[
            "clippy",
            "--quiet",
            "--package",
            "moto-scenario",
            "--",
            "-D",
            "warnings",
        ][..],
        &["build", "--quiet", "--package", "moto-scenario"][..],
    ] {
        run_bounded(
            Command::new(&cargo)
                .args(args)
                .current_dir(scratch)
                .env("CARGO_TARGET_DIR", &target),
            &format!("cargo {} of the scenario", args[0]),
            BUILD_LIMIT,
        )?;
    }
    Ok(target.join("debug/moto-scenario"))
}

/// Makes `target/moto-venv` hold exactly the pinned packages; returns the venv's path.
///
/// Wheels only (no builds from source, no compiler needed), no bytecode compilation (Python
/// compiles what moto imports), nothing but the listed packages, then `pip check`. Where the
/// system Python has no `ensurepip` (Debian without `python3-venv`), the venv is made without
/// pip and filled by the system's pip (`pip --python`).
fn install_moto(root: &Path) -> Result<PathBuf, Failed> {
    let requirements = root.join(REQUIREMENTS);
    let wanted = std::fs::read(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let venv = root.join("target/moto-venv");
    let stamp = venv.join("skiff-requirements.txt");
    let python = venv.join("bin/python");
    if python.is_file() && std::fs::read(&stamp).ok().as_ref() == Some(&wanted) {
        return Ok(venv);
    }
    let fresh = || {
        if venv.exists() {
            // Another list, or a half-made venv: start afresh, so nothing unpinned is left.
            std::fs::remove_dir_all(&venv)
                .map_err(|e| format!("cannot remove {}: {e}", venv.display()))
        } else {
            Ok(())
        }
    };
    let system_python = std::env::var("SKIFF_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    println!("moto: installing {REQUIREMENTS} into {}", venv.display());
    fresh()?;
    let mut pip = Command::new(&python);
    pip.args(["-m", "pip"]);
    let with_pip = run_bounded(
        Command::new(&system_python)
            .args(["-m", "venv"])
            .arg(&venv)
            .stdout(Stdio::null()),
        &format!("`{system_python} -m venv`"),
        INSTALL_LIMIT,
    );
    if let Err(e) = with_pip {
        eprintln!("moto: {e}; making the venv without pip, filled by the system's pip");
        fresh()?;
        run_bounded(
            Command::new(&system_python)
                .args(["-m", "venv", "--without-pip"])
                .arg(&venv),
            &format!("`{system_python} -m venv --without-pip`"),
            INSTALL_LIMIT,
        )?;
        pip = Command::new(&system_python);
        pip.args(["-m", "pip", "--python"]).arg(&python);
    }
    let pip_run = |args: &[&str], what: &str| {
        let mut command = Command::new(pip.get_program());
        command
            .args(pip.get_args())
            .args(args)
            .arg("--disable-pip-version-check");
        run_bounded(&mut command, what, INSTALL_LIMIT)
    };
    pip_run(
        &[
            "install",
            "--quiet",
            "--no-input",
            "--no-deps",
            "--only-binary=:all:",
            "--no-compile",
            "--requirement",
            &requirements.to_string_lossy(),
        ],
        "pip install",
    )?;
    pip_run(
        &["check"],
        &format!("pip check (is {REQUIREMENTS} complete?)"),
    )?;
    std::fs::write(&stamp, &wanted)
        .map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(venv)
}

/// Runs moto's server (`moto.server.main`, the `moto_server` command) and ends it when its
/// stdin closes, i.e. when this process ends, however it ends: a killed `cargo xtask moto`
/// leaves no server behind.
const SERVER: &str = "import os, sys, threading
def watch():
    sys.stdin.read()
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
";

/// A running moto server; stopped (by pid) when dropped.
struct Moto {
    child: Child,
    /// The server's stdin: it exits when this closes.
    stdin: Option<std::process::ChildStdin>,
    endpoint: String,
    log: PathBuf,
    stopped: bool,
}

impl Moto {
    /// Starts `moto_server` on a free port of 127.0.0.1 and waits until it accepts
    /// connections. A port taken between the probe and moto's bind makes moto exit: then it
    /// is tried again on another port.
    fn start(venv: &Path, log: &Path) -> Result<Moto, Failed> {
        let mut last = String::new();
        for _ in 0..3 {
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|l| l.local_addr())
                .map_err(|e| format!("no free port on 127.0.0.1: {e}"))?
                .port();
            let log_file = std::fs::File::create(log)
                .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
            let err_file = log_file
                .try_clone()
                .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
            let mut child = Command::new(venv.join("bin/python"))
                .args(["-c", SERVER, "--host", "127.0.0.1", "--port"])
                .arg(port.to_string())
                .env("INITIAL_NO_AUTH_ACTION_COUNT", UNSIGNED_CALLS.to_string())
                .env("PYTHONUNBUFFERED", "1")
                .stdin(Stdio::piped())
                .stdout(log_file)
                .stderr(err_file)
                .spawn()
                .map_err(|e| format!("cannot start moto: {e}"))?;
            let mut moto = Moto {
                stdin: child.stdin.take(),
                child,
                endpoint: format!("http://127.0.0.1:{port}"),
                log: log.to_path_buf(),
                stopped: false,
            };
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            let deadline = Instant::now() + START_LIMIT;
            loop {
                if let Ok(Some(status)) = moto.child.try_wait() {
                    moto.stopped = true;
                    last = format!("moto exited while starting ({status})");
                    moto.print_log_tail();
                    break;
                }
                if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
                    return Ok(moto);
                }
                if Instant::now() >= deadline {
                    moto.stop();
                    moto.print_log_tail();
                    return Err(format!(
                        "moto did not accept connections within {START_LIMIT:?}"
                    ));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Err(last)
    }

    /// Kills the server by its pid and reaps it.
    fn stop(&mut self) {
        if !self.stopped {
            self.stopped = true;
            let _ = self.child.kill();
            let _ = self.child.wait();
            self.stdin = None;
            println!("moto: stopped (pid {})", self.child.id());
        }
    }

    fn print_log_tail(&self) {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        eprintln!("--- last lines of {}", self.log.display());
        for line in &lines[lines.len().saturating_sub(30)..] {
            eprintln!("{line}");
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs the scenario binary against `endpoint` (it prints its table).
fn run_scenario(binary: &Path, endpoint: &str) -> Result<(), Failed> {
    let mut command = Command::new(binary);
    command
        .env("SKIFF_MOTO_ENDPOINT", endpoint)
        .env("SKIFF_MOTO_UNSIGNED_CALLS", UNSIGNED_CALLS.to_string())
        // 127.0.0.1 only: never through a proxy from the environment.
        .env("NO_PROXY", "*")
        .env("no_proxy", "*")
        .stdin(Stdio::null());
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    run_bounded(&mut command, "the scenario", SCENARIO_LIMIT)
}
