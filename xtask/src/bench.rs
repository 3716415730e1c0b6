//! `cargo xtask bench`: skiff's client of the complete official CodePipeline model against
//! `aws-sdk-codepipeline` (pinned in `bench/Cargo.toml`) and a hand-written floor (reqwest +
//! serde derive + SigV4), measured in one run, and written to `BENCHMARKS.md`.
//!
//! Everything runs in the `bench/` workspace, which the root workspace excludes (so
//! `cargo test --workspace` and CI never compile the SDK). xtask itself depends on no SDK
//! crate: it spawns `cargo` and the programs, each bounded in time.
//!
//! 1. Generates `bench/generated/skiff-aws-codepipeline` from
//!    `$SKIFF_UPSTREAM/aws-models/codepipeline.json` (not checked in), counts its lines and
//!    those of the SDK crate's source in the cargo registry.
//! 2. Builds (unless `--skip-builds`), for the debug and then the release profile, each of the
//!    three one-call programs from scratch in a fresh target directory of its own
//!    (`CARGO_INCREMENTAL=0`, sources already fetched), the variants' order rotating: wall time,
//!    CPU (user + system) and peak RSS of the whole build from `/usr/bin/time -v`. Then, in the
//!    same target directory, `cargo clean -p <service crate>` and a timed rebuild of that crate
//!    alone (its compile time and peak memory). Release binaries are kept, stripped copies
//!    measured; each target directory is deleted afterwards.
//! 3. Starts the stub server (`bench/stub`, 127.0.0.1, port printed, it exits when our end of
//!    its stdin closes) and runs the three release programs `--rounds` times each, interleaved,
//!    `--calls` sequential calls per run: calls/s, p50/p99, CPU per call, peak RSS; then, when
//!    valgrind and strace are installed, counts each program's user-space instructions and
//!    system calls per call against the same stub.
//! 4. Runs the criterion bench `bench/parse` (in-memory calls with the full and the empty
//!    body, serde derive alone) and reads criterion's `estimates.json` (medians); then, when
//!    valgrind is installed, counts the instructions of the same calls with callgrind.
//! 5. With `--large`: the SageMaker service crate, ours and aws-sdk-sagemaker (pinned in
//!    `bench/large/Cargo.toml`), each built clean in debug, then rebuilt alone (time, peak
//!    memory).
//! 6. Writes `BENCHMARKS.md` (or `--out`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use codegen::output::{self, Mode};

use crate::moto::wait_bounded;

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Sequential calls per run of a one-call program.
    #[arg(long, default_value_t = 3000)]
    calls: usize,
    /// Runs of each one-call program (interleaved skiff, SDK, floor).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Skip the clean builds (build figures are then "not measured"; the programs are built
    /// incrementally in a shared target directory).
    #[arg(long)]
    skip_builds: bool,
    /// Skip the criterion bench.
    #[arg(long)]
    skip_criterion: bool,
    /// Criterion measurement time per bench, seconds.
    #[arg(long, default_value_t = 3)]
    measurement_time: u64,
    /// Also compile the SageMaker service crates, ours and aws-sdk-sagemaker (minutes, GBs).
    #[arg(long)]
    large: bool,
    /// The report to write (default: BENCHMARKS.md at the repository root).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only generate the bench crates (`bench/generated`, with `--large` also
    /// `bench/large/generated`), to read them or build them by hand; measures nothing.
    #[arg(long)]
    generate_only: bool,
}

/// A failure of the command.
type Failed = String;

const BUILD_LIMIT: Duration = Duration::from_secs(40 * 60);
const RUN_LIMIT: Duration = Duration::from_secs(10 * 60);
const CRITERION_LIMIT: Duration = Duration::from_secs(60 * 60);
const STUB_START_LIMIT: Duration = Duration::from_secs(30);

/// One of the three one-call programs.
struct Variant {
    name: &'static str,
    package: &'static str,
    bin: &'static str,
    /// The service crate (none for the floor).
    service: Option<&'static str>,
}

const VARIANTS: [Variant; 3] = [
    Variant {
        name: "sdk",
        package: "sdk-call",
        bin: "sdk-call",
        service: Some("aws-sdk-codepipeline"),
    },
    Variant {
        name: "skiff",
        package: "skiff-call",
        bin: "skiff-call",
        service: Some("skiff-aws-codepipeline"),
    },
    Variant {
        name: "floor",
        package: "floor",
        bin: "floor-call",
        service: None,
    },
];

/// The figures of one measured cargo invocation.
#[derive(Clone, Debug, Default, PartialEq)]
struct Build {
    wall: f64,
    cpu: f64,
    maxrss_kib: u64,
    /// The crates cargo compiled (from its `Compiling` lines).
    compiled: Vec<String>,
}

/// One compilation unit of a clean build, from cargo's `--timings` report.
#[derive(Clone, Debug, PartialEq)]
struct Unit {
    /// The crate, with ` (build script)` or ` (bin)` for targets other than the library.
    name: String,
    /// Seconds rustc (or the build script) ran.
    secs: f64,
}

/// One run of a one-call program (its JSON line).
#[derive(Clone, Debug, Default)]
struct Run {
    calls_per_s: f64,
    p50_us: f64,
    p99_us: f64,
    cpu_us: f64,
    maxrss_kib: f64,
}

#[derive(Default)]
struct Results {
    lines: BTreeMap<&'static str, usize>,
    /// (variant, profile) to the clean build of the program.
    clean: BTreeMap<(&'static str, &'static str), Build>,
    /// (variant, profile) to the units of the clean build (`--timings`).
    units: BTreeMap<(&'static str, &'static str), Vec<Unit>>,
    /// (variant, profile) to the rebuild of the service crate alone.
    service: BTreeMap<(&'static str, &'static str), Build>,
    stripped: BTreeMap<&'static str, u64>,
    runs: BTreeMap<&'static str, Vec<Run>>,
    /// criterion id to median ns.
    criterion: BTreeMap<String, f64>,
    /// criterion id to instructions per call (callgrind), when valgrind is installed.
    instructions: BTreeMap<String, f64>,
    /// (variant, "instructions" or "syscalls") to the count per call of the loopback calls
    /// (callgrind, strace), when those tools are installed.
    loopback: BTreeMap<(&'static str, &'static str), f64>,
    /// --large: (variant) to (lines, clean build, service rebuild).
    large: BTreeMap<&'static str, (usize, Build, Build)>,
    commands: Vec<String>,
    load_start: String,
    /// Per program, the HTTP and TLS crates `cargo tree` shows it compiles.
    stacks: BTreeMap<&'static str, String>,
    /// Phases that failed (criterion, --large): the report says so.
    failures: Vec<String>,
    versions: BTreeMap<&'static str, String>,
}

/// Runs the command.
pub fn run(root: &Path, upstream: &Path, args: Args) -> Result<ExitCode, codegen::Error> {
    match bench(root, upstream, &args) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn bench(root: &Path, upstream: &Path, args: &Args) -> Result<(), Failed> {
    if args.calls == 0 || args.rounds == 0 {
        return Err("--calls and --rounds must be at least 1".into());
    }
    for tool in ["/usr/bin/time", "strip"] {
        if Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            return Err(format!(
                "`{tool}` is needed (GNU time for CPU and peak memory, binutils' strip)"
            ));
        }
    }
    let started = Instant::now();
    let models = upstream.join("aws-models");
    let bench_dir = root.join("bench");
    let base = crate::target_dir(root).join("bench");
    let bins = base.join("bin");
    let logs = base.join("logs");
    for dir in [&bins, &logs] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut r = Results {
        load_start: loadavg(),
        ..Results::default()
    };
    let lock = std::fs::read_to_string(bench_dir.join("Cargo.lock")).unwrap_or_default();
    for krate in ["aws-sdk-codepipeline", "aws-smithy-runtime", "criterion"] {
        if let Some(v) = locked_version(&lock, krate) {
            r.versions.insert(krate, v);
        }
    }

    // 1. Generate our crate; count lines.
    let generated = bench_dir.join("generated");
    let lines = generate(
        &models,
        "codepipeline",
        &generated,
        "../../../crates/skiff-runtime",
    )?;
    r.lines.insert("skiff", lines);
    if args.generate_only {
        if args.large {
            generate_large(root, &models)?;
        }
        return Ok(());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run_logged(
        Command::new(&cargo).args(["fetch"]).current_dir(&bench_dir),
        &logs.join("fetch.log"),
        "cargo fetch in bench/",
        BUILD_LIMIT,
    )?;
    r.commands.push("cargo fetch (in bench/)".into());
    r.stacks = http_stacks(&cargo, &bench_dir);
    if let Some(v) = r.versions.get("aws-sdk-codepipeline") {
        let src = registry_src(&format!("aws-sdk-codepipeline-{v}"))?;
        r.lines.insert("sdk", count_lines(&src.join("src")));
    }

    // 2. Builds.
    if args.skip_builds {
        // One program per cargo invocation: built together, cargo would unify the features of
        // their dependencies, and the SDK's (hyper-util's `http2`, for one) would be compiled
        // into the other two programs, as a user of one of them would never see it.
        let target = base.join("quick");
        for v in &VARIANTS {
            run_logged(
                Command::new(&cargo)
                    .args(["build", "--release", "-p", v.package, "--bin", v.bin])
                    .current_dir(&bench_dir)
                    .env("CARGO_TARGET_DIR", &target),
                &logs.join(format!("quick-build-{}.log", v.name)),
                "cargo build --release of a program",
                BUILD_LIMIT,
            )?;
            keep_binary(&target.join("release").join(v.bin), &bins, v, &mut r)?;
        }
        r.commands.push(format!(
            "cargo build --release -p <package> --bin <program> (in bench/, one program at a time, so that no program gets another's dependency features; programs: {})",
            VARIANTS.iter().map(|v| v.bin).collect::<Vec<_>>().join(", ")
        ));
    } else {
        r.commands.push(format!(
            "CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=<fresh dir> /usr/bin/time -v cargo build [--release] -p <package> --bin <program> (in bench/; programs: {}; debug then release, the order rotating)",
            VARIANTS.iter().map(|v| v.bin).collect::<Vec<_>>().join(", ")
        ));
        r.commands.push(
            "then in the same target dir: cargo clean -p <service crate> [--release]; CARGO_INCREMENTAL=0 /usr/bin/time -v cargo build [--release] -p <package> --bin <program> (recompiles the service crate and the program); strip a copy of the release binary".into(),
        );
        for (p, profile) in ["debug", "release"].into_iter().enumerate() {
            for i in 0..VARIANTS.len() {
                let v = &VARIANTS[(i + p) % VARIANTS.len()];
                build_variant(&cargo, &bench_dir, &base, &logs, &bins, v, profile, &mut r)?;
            }
        }
    }

    // 3. Calls against the stub.
    let stub_target = base.join("stub");
    run_logged(
        Command::new(&cargo)
            .args(["build", "--release", "-p", "bench-stub"])
            .current_dir(&bench_dir)
            .env("CARGO_TARGET_DIR", &stub_target),
        &logs.join("stub-build.log"),
        "cargo build of the stub",
        BUILD_LIMIT,
    )?;
    {
        let mut stub = Stub::start(&stub_target.join("release/bench-stub"))?;
        println!("bench: stub listening at {}", stub.endpoint);
        for round in 0..args.rounds {
            for i in 0..VARIANTS.len() {
                let v = &VARIANTS[(i + round) % VARIANTS.len()];
                let run = run_program(&bins.join(v.bin), &stub.endpoint, args.calls, v)?;
                println!(
                    "bench: round {} {:<5} {:>8.0} calls/s  p50 {:>6.1} us  p99 {:>6.1} us  cpu {:>6.1} us/call  rss {:.1} MB",
                    round + 1,
                    v.name,
                    run.calls_per_s,
                    run.p50_us,
                    run.p99_us,
                    run.cpu_us,
                    run.maxrss_kib / 1024.0
                );
                r.runs.entry(v.name).or_default().push(run);
            }
        }
        if let Err(e) = loopback_counts(&bins, &stub.endpoint, &logs, &mut r) {
            eprintln!("error: loopback counts: {e}");
            r.failures.push(format!("loopback counts: {e}"));
        }
        stub.stop();
    }
    r.commands.push(format!(
        "bench/stub (release) on 127.0.0.1, then <release program> http://127.0.0.1:<port> {} ({} rounds, interleaved)",
        args.calls, args.rounds
    ));

    // The report is rewritten after each later phase, so a failure there keeps what was
    // measured (the report says the run is incomplete).
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("BENCHMARKS.md"));
    let write = |r: &Results, done: bool| -> Result<(), Failed> {
        let report = render(r, args, started.elapsed(), done);
        std::fs::write(&out, report).map_err(|e| format!("cannot write {}: {e}", out.display()))
    };
    write(&r, false)?;

    // 4. Criterion.
    if !args.skip_criterion {
        if let Err(e) = criterion(&cargo, &bench_dir, &base, &logs, args, &mut r) {
            eprintln!("error: criterion: {e}");
            r.failures.push(format!("criterion: {e}"));
        }
        write(&r, false)?;
        if let Err(e) = instructions(&cargo, &bench_dir, &base, &logs, &mut r) {
            eprintln!("error: instruction counts: {e}");
            r.failures.push(format!("instruction counts: {e}"));
        }
        write(&r, false)?;
    }

    // 5. Large.
    if args.large {
        if let Err(e) = large(&cargo, root, &models, &base, &logs, &mut r) {
            eprintln!("error: --large: {e}");
            r.failures.push(format!("--large: {e}"));
        }
    }

    // 6. Report.
    write(&r, true)?;
    println!(
        "bench: wrote {} in {:.1} min",
        out.display(),
        started.elapsed().as_secs_f64() / 60.0
    );
    if r.failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} phase(s) failed: {}",
            r.failures.len(),
            r.failures.join("; ")
        ))
    }
}

/// The HTTP and TLS crates each program depends on (`cargo tree`, no build).
fn http_stacks(cargo: &str, bench_dir: &Path) -> BTreeMap<&'static str, String> {
    const WATCH: [&str; 6] = ["hyper", "rustls", "ring", "aws-lc-rs", "reqwest", "openssl"];
    let mut stacks = BTreeMap::new();
    for v in &VARIANTS {
        let mut command = Command::new(cargo);
        command
            .args([
                "tree", "-q", "-e", "normal", "--prefix", "none", "-p", v.package,
            ])
            .current_dir(bench_dir);
        let mut child = match command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn() {
            Ok(child) => child,
            Err(_) => continue,
        };
        let out = child.stdout.take().map(read_all);
        if !wait_bounded(&mut child, Duration::from_secs(120)).is_some_and(|s| s.success()) {
            continue;
        }
        let text = out.and_then(|h| h.join().ok()).unwrap_or_default();
        let mut found: Vec<String> = text
            .lines()
            .filter_map(|l| {
                let mut it = l.split(' ');
                let (name, version) = (it.next()?, it.next()?);
                WATCH.contains(&name).then(|| format!("{name} {version}"))
            })
            .collect();
        found.sort();
        found.dedup();
        stacks.insert(v.name, found.join(", "));
    }
    stacks
}

/// Generates our SageMaker crate into `bench/large/generated`; returns its line count.
fn generate_large(root: &Path, models: &Path) -> Result<usize, Failed> {
    generate(
        models,
        "sagemaker",
        &root.join("bench/large/generated"),
        "../../../../crates/skiff-runtime",
    )
}

/// Generates the client of `<models>/<stem>.json` into `<dir>/<crate>` (writing only what
/// changed); returns the number of lines of its `src/`.
fn generate(models: &Path, stem: &str, dir: &Path, runtime_path: &str) -> Result<usize, Failed> {
    let model = models.join(format!("{stem}.json"));
    if !model.is_file() {
        return Err(format!(
            "{} not found (set SKIFF_UPSTREAM)",
            model.display()
        ));
    }
    let generated = crate::official_crate_at(
        models,
        stem,
        Default::default(),
        String::new(),
        runtime_path,
    )
    .map_err(|e| e.to_string())?;
    let name = generated.service.crate_name.clone();
    let mut files = codegen::FileSet::new();
    for (rel, bytes) in generated.files {
        files.insert(format!("{name}/{rel}"), bytes);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    output::sync(dir, ".", &files, Mode::Write).map_err(|e| e.to_string())?;
    let lines = count_lines(&dir.join(&name).join("src"));
    println!(
        "bench: generated {name} ({} operations, {lines} lines) in {}",
        generated.service.operations.len(),
        dir.display()
    );
    Ok(lines)
}

/// The lines of every `.rs` file under `dir`.
fn count_lines(dir: &Path) -> usize {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            total += count_lines(&path);
        } else if path.extension().is_some_and(|x| x == "rs") {
            total += std::fs::read(&path)
                .map(|b| b.iter().filter(|c| **c == b'\n').count())
                .unwrap_or(0);
        }
    }
    total
}

/// The version `Cargo.lock` text `lock` resolves for `krate` (the first, if several).
fn locked_version(lock: &str, krate: &str) -> Option<String> {
    let needle = format!("name = \"{krate}\"\n");
    let at = lock.find(&needle)? + needle.len();
    let rest = lock[at..].lines().next()?;
    Some(
        rest.strip_prefix("version = \"")?
            .strip_suffix('"')?
            .to_owned(),
    )
}

/// The unpacked source of a registry crate (`<name>-<version>`) in `$CARGO_HOME`.
fn registry_src(dir_name: &str) -> Result<PathBuf, Failed> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let registry = home.join("registry/src");
    let entries = std::fs::read_dir(&registry)
        .map_err(|e| format!("cannot read {}: {e}", registry.display()))?;
    entries
        .flatten()
        .map(|e| e.path().join(dir_name))
        .find(|p| p.is_dir())
        .ok_or_else(|| format!("{dir_name} not found under {}", registry.display()))
}

/// Clean build of one program in one profile, then the service crate alone.
#[allow(clippy::too_many_arguments)]
fn build_variant(
    cargo: &str,
    bench_dir: &Path,
    base: &Path,
    logs: &Path,
    bins: &Path,
    v: &Variant,
    profile: &'static str,
    r: &mut Results,
) -> Result<(), Failed> {
    let target = base.join(format!("build-{}-{profile}", v.name));
    remove_dir(&target)?;
    let release: &[&str] = if profile == "release" {
        &["--release"]
    } else {
        &[]
    };
    let mut args = vec!["build", "-p", v.package, "--bin", v.bin, "--timings"];
    args.extend_from_slice(release);
    let build = timed_cargo(
        cargo,
        &args,
        bench_dir,
        &target,
        &logs.join(format!("build-{}-{profile}.log", v.name)),
    )?;
    let report = target.join("cargo-timings").join("cargo-timing.html");
    let html = std::fs::read_to_string(&report)
        .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
    let units = timing_units(&html).ok_or_else(|| {
        format!(
            "no unit data in {} (cargo's --timings report changed?)",
            report.display()
        )
    })?;
    r.units.insert((v.name, profile), units);
    println!(
        "bench: clean {profile} build of {}: {:.1} s wall, {:.1} s CPU, {:.2} GB peak ({} crates)",
        v.bin,
        build.wall,
        build.cpu,
        gb(build.maxrss_kib),
        build.compiled.len()
    );
    r.clean.insert((v.name, profile), build);
    if let Some(service) = v.service {
        let mut clean = vec!["clean", "-p", service];
        clean.extend_from_slice(release);
        run_logged(
            Command::new(cargo)
                .args(&clean)
                .current_dir(bench_dir)
                .env("CARGO_TARGET_DIR", &target),
            &logs.join(format!("clean-{}-{profile}.log", v.name)),
            &format!("cargo clean -p {service}"),
            BUILD_LIMIT,
        )?;
        // Rebuilt through the program, not with `-p <service>`: built alone, a crate may get
        // other features of its dependencies than as the program's dependency (the SDK's do),
        // and cargo would recompile them too. What is rebuilt is the service crate and the
        // program's own small crate, linked.
        let mut args = vec!["build", "-p", v.package, "--bin", v.bin];
        args.extend_from_slice(release);
        let build = timed_cargo(
            cargo,
            &args,
            bench_dir,
            &target,
            &logs.join(format!("service-{}-{profile}.log", v.name)),
        )?;
        println!(
            "bench: {profile} rebuild of {service} (and the program): {:.1} s wall, {:.2} GB peak (compiled: {})",
            build.wall,
            gb(build.maxrss_kib),
            build.compiled.join(", ")
        );
        r.service.insert((v.name, profile), build);
    }
    if profile == "release" {
        keep_binary(&target.join("release").join(v.bin), bins, v, r)?;
    }
    remove_dir(&target)
}

/// Copies a release binary into `bins`, and a stripped copy whose size is recorded.
fn keep_binary(binary: &Path, bins: &Path, v: &Variant, r: &mut Results) -> Result<(), Failed> {
    let kept = bins.join(v.bin);
    std::fs::copy(binary, &kept).map_err(|e| format!("cannot copy {}: {e}", binary.display()))?;
    let stripped = bins.join(format!("{}.stripped", v.bin));
    std::fs::copy(binary, &stripped)
        .map_err(|e| format!("cannot copy {}: {e}", binary.display()))?;
    let status = Command::new("strip")
        .arg(&stripped)
        .status()
        .map_err(|e| format!("cannot run strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip {} failed ({status})", stripped.display()));
    }
    let size = std::fs::metadata(&stripped)
        .map_err(|e| format!("cannot stat {}: {e}", stripped.display()))?
        .len();
    r.stripped.insert(v.name, size);
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<(), Failed> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Runs `cargo <args>` under `/usr/bin/time -v` with `CARGO_TARGET_DIR=target` and no
/// incremental compilation, its output in `log`; returns wall, CPU, peak RSS and what it
/// compiled.
fn timed_cargo(
    cargo: &str,
    args: &[&str],
    dir: &Path,
    target: &Path,
    log: &Path,
) -> Result<Build, Failed> {
    let time_file = log.with_extension("time");
    let mut command = Command::new("/usr/bin/time");
    command
        .arg("-v")
        .arg("-o")
        .arg(&time_file)
        .arg(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    let start = Instant::now();
    run_logged(
        &mut command,
        log,
        &format!("cargo {}", args.join(" ")),
        BUILD_LIMIT,
    )?;
    let wall = start.elapsed().as_secs_f64();
    let time = std::fs::read_to_string(&time_file)
        .map_err(|e| format!("cannot read {}: {e}", time_file.display()))?;
    let (cpu, maxrss_kib) = parse_time(&time)
        .ok_or_else(|| format!("unexpected /usr/bin/time output in {}", time_file.display()))?;
    let output = std::fs::read_to_string(log).unwrap_or_default();
    let compiled = output
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .filter_map(|l| l.split(' ').next())
        .map(str::to_owned)
        .collect();
    Ok(Build {
        wall,
        cpu,
        maxrss_kib,
        compiled,
    })
}

/// The units of a cargo `--timings` HTML report: the JSON array it assigns to `UNIT_DATA`
/// (`name`, `target`, `duration` of each unit), longest first.
fn timing_units(html: &str) -> Option<Vec<Unit>> {
    let start = html.find("const UNIT_DATA = ")? + "const UNIT_DATA = ".len();
    let mut stream =
        serde_json::Deserializer::from_str(&html[start..]).into_iter::<serde_json::Value>();
    let data = stream.next()?.ok()?;
    let mut units = Vec::new();
    for unit in data.as_array()? {
        let name = unit.get("name")?.as_str()?;
        let target = unit.get("target").and_then(|t| t.as_str()).unwrap_or("");
        let target = target.trim();
        let secs = unit.get("duration")?.as_f64()?;
        let name = if target.is_empty() {
            name.to_owned()
        } else if target.starts_with("build-script") {
            format!(
                "{name} (build script{})",
                if target.contains("run") { " run" } else { "" }
            )
        } else {
            format!("{name} ({})", target.replace('"', ""))
        };
        units.push(Unit { name, secs });
    }
    units.sort_by(|a, b| b.secs.total_cmp(&a.secs).then_with(|| a.name.cmp(&b.name)));
    Some(units)
}

/// User + system seconds and the maximum resident set size (KiB) from `/usr/bin/time -v`.
fn parse_time(text: &str) -> Option<(f64, u64)> {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(|v| v.trim().to_owned())
    };
    let user: f64 = field("User time (seconds):")?.parse().ok()?;
    let sys: f64 = field("System time (seconds):")?.parse().ok()?;
    let rss: u64 = field("Maximum resident set size (kbytes):")?.parse().ok()?;
    Some((user + sys, rss))
}

/// Runs `command` (stdout and stderr into `log`) to completion within `limit`.
fn run_logged(
    command: &mut Command,
    log: &Path,
    what: &str,
    limit: Duration,
) -> Result<(), Failed> {
    let file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    match wait_bounded(&mut child, limit) {
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!("{what} failed ({status}); see {}", log.display())),
        None => Err(format!(
            "{what} did not finish in {limit:?}; killed; see {}",
            log.display()
        )),
    }
}

/// The running stub server; stopped (by pid) when dropped. It also exits by itself when its
/// stdin closes, i.e. when this process ends however it ends.
struct Stub {
    child: Child,
    stdin: Option<ChildStdin>,
    endpoint: String,
}

impl Stub {
    fn start(binary: &Path) -> Result<Stub, Failed> {
        let mut child = Command::new(binary)
            .args(["--max-seconds", "7200"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the stub {}: {e}", binary.display()))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let mut stub = Stub {
            child,
            stdin,
            endpoint: String::new(),
        };
        let Some(stdout) = stdout else {
            return Err("the stub has no stdout".into());
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(STUB_START_LIMIT)
            .map_err(|_| format!("the stub printed no address within {STUB_START_LIMIT:?}"))?;
        match line.trim().strip_prefix("listening ") {
            Some(url) if url.starts_with("http://127.0.0.1:") => {
                stub.endpoint = url.to_owned();
                Ok(stub)
            }
            _ => Err(format!("unexpected first line from the stub: {line:?}")),
        }
    }

    fn stop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs one program against the stub and parses its JSON line.
fn run_program(binary: &Path, endpoint: &str, calls: usize, v: &Variant) -> Result<Run, Failed> {
    let mut command = Command::new(binary);
    command
        .arg(endpoint)
        .arg(calls.to_string())
        .env("NO_PROXY", "*")
        .env("no_proxy", "*")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "AWS_MAX_ATTEMPTS",
        "AWS_RETRY_MODE",
    ] {
        command.env_remove(var);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    // Read the pipes on threads (a full pipe would block the child), then wait bounded.
    let out = child.stdout.take().map(read_all);
    let err = child.stderr.take().map(read_all);
    let status = wait_bounded(&mut child, RUN_LIMIT);
    let stdout = out.and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
    match status {
        Some(s) if s.success() => {}
        Some(s) => return Err(format!("{} failed ({s}): {}", v.bin, stderr.trim())),
        None => return Err(format!("{} did not finish in {RUN_LIMIT:?}; killed", v.bin)),
    }
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("{} printed no result line", v.bin))?;
    let json: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("{}: bad result line: {e}", v.bin))?;
    let num = |k: &str| {
        json.get(k)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("{}: result line without `{k}`", v.bin))
    };
    Ok(Run {
        calls_per_s: num("calls_per_s")?,
        p50_us: num("p50_us")?,
        p99_us: num("p99_us")?,
        cpu_us: num("cpu_us_per_call")?,
        maxrss_kib: num("maxrss_kib")?,
    })
}

fn read_all<R: std::io::Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = r.read_to_string(&mut s);
        s
    })
}

/// The criterion ids of `bench/parse/benches/calls.rs`.
const CRITERION_IDS: [&str; 7] = [
    "sdk_full",
    "sdk_empty",
    "skiff_full",
    "skiff_empty",
    "floor_full",
    "floor_empty",
    "serde_derive_parse",
];

fn criterion(
    cargo: &str,
    bench_dir: &Path,
    base: &Path,
    logs: &Path,
    args: &Args,
    r: &mut Results,
) -> Result<(), Failed> {
    let target = base.join("criterion-target");
    let home = base.join("criterion");
    remove_dir(&home)?;
    let measurement = args.measurement_time.max(1).to_string();
    let cargo_args = [
        "bench",
        "-p",
        "bench-parse",
        "--bench",
        "calls",
        "--",
        "--warm-up-time",
        "1",
        "--measurement-time",
        &measurement,
        "--noplot",
    ];
    println!("bench: criterion (builds the three clients in release first)");
    run_logged(
        Command::new(cargo)
            .args(cargo_args)
            .current_dir(bench_dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CRITERION_HOME", &home),
        &logs.join("criterion.log"),
        "cargo bench -p bench-parse",
        CRITERION_LIMIT,
    )?;
    r.commands.push(format!(
        "CRITERION_HOME=<dir> cargo {} (in bench/)",
        cargo_args.join(" ")
    ));
    for id in CRITERION_IDS {
        let path = home.join(id).join("new/estimates.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("bad {}: {e}", path.display()))?;
        let median = json
            .pointer("/median/point_estimate")
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("{}: no median", path.display()))?;
        println!("bench: criterion {id}: {:.2} us", median / 1000.0);
        r.criterion.insert(id.to_owned(), median);
    }
    Ok(())
}

/// The two call counts of each callgrind run: instructions per call are the difference of the
/// counts over the difference of the calls, so start-up cancels out.
const COUNT_CALLS: (u64, u64) = (200, 1200);

/// The in-memory calls of the criterion bench again, counted in instructions under
/// `valgrind --tool=callgrind` (`bench/parse/src/bin/parse-count.rs`): stable whatever the load
/// of the machine, unlike times. Skipped, and said so, without valgrind.
fn instructions(
    cargo: &str,
    bench_dir: &Path,
    base: &Path,
    logs: &Path,
    r: &mut Results,
) -> Result<(), Failed> {
    if command_output("valgrind", &["--version"]) == "unknown" {
        return Err("valgrind is not installed: no instruction counts".into());
    }
    let target = base.join("criterion-target");
    let build = [
        "build",
        "--release",
        "-p",
        "bench-parse",
        "--bin",
        "parse-count",
    ];
    run_logged(
        Command::new(cargo)
            .args(build)
            .current_dir(bench_dir)
            .env("CARGO_TARGET_DIR", &target),
        &logs.join("parse-count-build.log"),
        "cargo build -p bench-parse --bin parse-count",
        CRITERION_LIMIT,
    )?;
    let binary = target.join("release").join("parse-count");
    println!("bench: instruction counts (callgrind)");
    for id in CRITERION_IDS {
        let mut counts = Vec::new();
        for calls in [COUNT_CALLS.0, COUNT_CALLS.1] {
            let log = logs.join(format!("callgrind-{id}-{calls}.log"));
            run_logged(
                Command::new("valgrind")
                    .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
                    .arg(&binary)
                    .args([id, &calls.to_string()]),
                &log,
                &format!("valgrind parse-count {id} {calls}"),
                CRITERION_LIMIT,
            )?;
            let text = std::fs::read_to_string(&log)
                .map_err(|e| format!("cannot read {}: {e}", log.display()))?;
            counts.push(
                collected(&text)
                    .ok_or_else(|| format!("{}: no instruction count", log.display()))?,
            );
        }
        let per_call =
            counts[1].saturating_sub(counts[0]) as f64 / (COUNT_CALLS.1 - COUNT_CALLS.0) as f64;
        println!("bench: instructions {id}: {per_call:.0} per call");
        r.instructions.insert(id.to_owned(), per_call);
    }
    r.commands.push(format!(
        "cargo {} (in bench/), then valgrind --tool=callgrind parse-count <id> N for N = {} and {}",
        build.join(" "),
        COUNT_CALLS.0,
        COUNT_CALLS.1
    ));
    Ok(())
}

/// The loopback calls again, counted: user-space instructions per call (callgrind) and system
/// calls per call (`strace -f -c`), each as the difference of two call counts (see
/// [`COUNT_CALLS`]). Stable whatever the load, they say where "client CPU per call" comes from,
/// which getrusage measures with the noise of a shared machine.
fn loopback_counts(
    bins: &Path,
    endpoint: &str,
    logs: &Path,
    r: &mut Results,
) -> Result<(), Failed> {
    let tools: [(&str, &str, &[&str]); 2] = [
        // With its cache simulation (the L1 misses are the other half of where the time goes).
        (
            "instructions",
            "valgrind",
            &["--tool=callgrind", "--cache-sim=yes"],
        ),
        ("syscalls", "strace", &["-f", "-c", "-o"]),
    ];
    let mut missing = Vec::new();
    for (what, tool, tool_args) in tools {
        let version = if tool == "strace" { "-V" } else { "--version" };
        if command_output(tool, &[version]) == "unknown" {
            missing.push(tool);
            continue;
        }
        println!("bench: {what} per loopback call ({tool})");
        for v in &VARIANTS {
            let mut counts = Vec::new();
            let mut sha = Vec::new();
            // (L1 instruction misses, L1 data misses) of each run, under callgrind.
            let mut misses = Vec::new();
            for calls in [COUNT_CALLS.0, COUNT_CALLS.1] {
                let log = logs.join(format!("{tool}-{}-{calls}.log", v.name));
                let summary = logs.join(format!("{tool}-{}-{calls}.summary", v.name));
                let mut command = Command::new(tool);
                command.args(tool_args);
                if tool == "strace" {
                    command.arg(&summary);
                } else {
                    command.arg(format!("--callgrind-out-file={}", summary.display()));
                }
                command
                    .arg(bins.join(v.bin))
                    .args([endpoint, &calls.to_string()]);
                run_logged(
                    &mut command,
                    &log,
                    &format!("{tool} {} {calls}", v.bin),
                    CRITERION_LIMIT,
                )?;
                let (file, parse): (&Path, fn(&str) -> Option<u64>) = if tool == "strace" {
                    (&summary, strace_total)
                } else {
                    (&log, collected)
                };
                let text = std::fs::read_to_string(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                counts.push(parse(&text).ok_or_else(|| format!("{}: no count", file.display()))?);
                if tool == "valgrind" {
                    misses.push(l1_misses(&text));
                    let summary = summary.display().to_string();
                    sha.push(sha256_instructions(&command_output(
                        "callgrind_annotate",
                        &[&summary],
                    )));
                }
            }
            let per_call = |c: &[u64]| {
                c[1].saturating_sub(c[0]) as f64 / (COUNT_CALLS.1 - COUNT_CALLS.0) as f64
            };
            println!(
                "bench: {what} {}: {:.1} per call",
                v.name,
                per_call(&counts)
            );
            r.loopback.insert((v.name, what), per_call(&counts));
            if let [Some(a), Some(b)] = sha[..] {
                r.loopback.insert((v.name, "sha256"), per_call(&[a, b]));
            }
            if let [Some((i0, d0)), Some((i1, d1))] = misses[..] {
                r.loopback.insert((v.name, "l1i"), per_call(&[i0, i1]));
                r.loopback.insert((v.name, "l1d"), per_call(&[d0, d1]));
            }
        }
    }
    r.commands.push(format!(
        "while the stub runs: valgrind --tool=callgrind --cache-sim=yes <release program> http://127.0.0.1:<port> N, and strace -f -c -o <file> <the same>, for N = {} and {}",
        COUNT_CALLS.0, COUNT_CALLS.1
    ));
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("not installed: {}", missing.join(", ")))
    }
}

/// The instructions of sha2's SHA-256 compression in `callgrind_annotate`'s per-function table
/// (every line naming `compress256`), or `None` when it names none.
fn sha256_instructions(annotated: &str) -> Option<u64> {
    let counts: Vec<u64> = annotated
        .lines()
        .filter(|l| l.contains("sha256::compress256"))
        .filter_map(|l| l.split_whitespace().next()?.replace(',', "").parse().ok())
        .collect();
    (!counts.is_empty()).then(|| counts.iter().sum())
}

/// The total of system calls in `strace -c`'s summary (its `total` line: `100.00 s us calls
/// [errors] total`).
fn strace_total(summary: &str) -> Option<u64> {
    summary
        .lines()
        .find(|l| l.trim_end().ends_with("total"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
}

/// The counts of callgrind's summary, by event: its `Events` line names them (`Ir` alone, or
/// with `--cache-sim=yes` also `I1mr`, `D1mr`, `D1mw`, ...) and its `Collected` line gives one
/// count per event.
fn callgrind_events(log: &str) -> Option<Vec<(&str, u64)>> {
    let after = |key: &str| log.lines().find_map(|l| l.split_once(key)).map(|(_, v)| v);
    let counts = after("Collected :")?
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect::<Option<Vec<u64>>>()?;
    Some(
        after("Events    :")?
            .split_whitespace()
            .zip(counts)
            .collect(),
    )
}

/// One event's count in callgrind's summary.
fn callgrind_event(log: &str, event: &str) -> Option<u64> {
    callgrind_events(log)?
        .into_iter()
        .find_map(|(e, n)| (e == event).then_some(n))
}

/// The instruction count in callgrind's summary (`==pid== Collected : 1234`).
fn collected(log: &str) -> Option<u64> {
    callgrind_event(log, "Ir")
}

/// The L1 instruction-cache misses and L1 data-cache misses (reads + writes) of a callgrind run
/// with `--cache-sim=yes` (`I1mr`; `D1mr` + `D1mw`).
fn l1_misses(log: &str) -> Option<(u64, u64)> {
    let count = |event| callgrind_event(log, event);
    Some((count("I1mr")?, count("D1mr")? + count("D1mw")?))
}

/// `--large`: the SageMaker service crates, clean debug builds, then each crate alone.
fn large(
    cargo: &str,
    root: &Path,
    models: &Path,
    base: &Path,
    logs: &Path,
    r: &mut Results,
) -> Result<(), Failed> {
    let dir = root.join("bench/large");
    let ours = generate_large(root, models)?;
    run_logged(
        Command::new(cargo).args(["fetch"]).current_dir(&dir),
        &logs.join("large-fetch.log"),
        "cargo fetch in bench/large",
        BUILD_LIMIT,
    )?;
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap_or_default();
    let version = locked_version(&lock, "aws-sdk-sagemaker")
        .ok_or("bench/large/Cargo.lock does not resolve aws-sdk-sagemaker")?;
    let sdk_lines =
        count_lines(&registry_src(&format!("aws-sdk-sagemaker-{version}"))?.join("src"));
    r.versions.insert("aws-sdk-sagemaker", version);
    for (name, krate, lines) in [
        ("sdk", "aws-sdk-sagemaker", sdk_lines),
        ("skiff", "skiff-aws-sagemaker", ours),
    ] {
        let target = base.join(format!("large-{name}"));
        remove_dir(&target)?;
        let clean = timed_cargo(
            cargo,
            &["build", "-p", krate],
            &dir,
            &target,
            &logs.join(format!("large-{name}.log")),
        )?;
        run_logged(
            Command::new(cargo)
                .args(["clean", "-p", krate])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target),
            &logs.join(format!("large-clean-{name}.log")),
            &format!("cargo clean -p {krate}"),
            BUILD_LIMIT,
        )?;
        let alone = timed_cargo(
            cargo,
            &["build", "-p", krate],
            &dir,
            &target,
            &logs.join(format!("large-service-{name}.log")),
        )?;
        println!(
            "bench: --large {krate}: clean debug build {:.1} s, the crate alone {:.1} s, {:.2} GB peak",
            clean.wall,
            alone.wall,
            gb(alone.maxrss_kib)
        );
        r.large.insert(name, (lines, clean, alone));
        remove_dir(&target)?;
    }
    r.commands.push(
        "--large (in bench/large/): CARGO_INCREMENTAL=0 /usr/bin/time -v cargo build -p <crate> in a fresh target dir; cargo clean -p <crate>; /usr/bin/time -v cargo build -p <crate>".into(),
    );
    Ok(())
}

fn gb(kib: u64) -> f64 {
    kib as f64 / (1024.0 * 1024.0)
}

/// The output of a command, trimmed, or `unknown`.
fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The first three fields of /proc/loadavg.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn mem_total() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kib| format!("{:.1} GiB", gb(kib)))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Thousands separators.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".to_owned(),
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// `min to max` of a field over a variant's runs, and its median.
fn spread(
    r: &Results,
    variant: &str,
    f: impl Fn(&Run) -> f64,
    digits: usize,
) -> (String, Option<f64>) {
    let Some(runs) = r.runs.get(variant) else {
        return ("-".into(), None);
    };
    let values: Vec<f64> = runs.iter().map(f).collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let fmt = |x: f64| {
        if digits == 0 {
            thousands(x.round() as u64)
        } else {
            format!("{x:.digits$}")
        }
    };
    let text = if values.len() == 1 || fmt(min) == fmt(max) {
        fmt(min)
    } else {
        format!("{} to {}", fmt(min), fmt(max))
    };
    (text, median(values))
}

/// The table rows of the in-memory calls (full body, body `{}`, the parse as full − empty, serde
/// derive alone), labelled `labels`, from `value` (a criterion id to its figure) shown by `show`.
fn call_rows(
    labels: [&str; 4],
    value: impl Fn(&str) -> Option<f64>,
    show: impl Fn(Option<f64>) -> String,
) -> Vec<String> {
    let [full, empty, parse, serde] = labels;
    let at = |v: &str, suffix: &str| value(&format!("{v}_{suffix}"));
    let diff = |v: &str| Some(at(v, "full")? - at(v, "empty")?);
    let mut rows = Vec::new();
    for (name, suffix) in [(full, "full"), (empty, "empty")] {
        rows.push(format!(
            "| {name} | {} | {} | {} | {} | |",
            show(at("sdk", suffix)),
            show(at("skiff", suffix)),
            show(at("floor", suffix)),
            ratio(at("skiff", suffix), at("sdk", suffix))
        ));
    }
    rows.push(format!(
        "| {parse} | {} | {} | {} | {} ({}x serde derive) | ≤ serde derive |",
        show(diff("sdk")),
        show(diff("skiff")),
        show(diff("floor")),
        ratio(diff("skiff"), diff("sdk")),
        ratio(diff("skiff"), value("serde_derive_parse")),
    ));
    rows.push(format!(
        "| {serde} | - | - | {} | - | |",
        show(value("serde_derive_parse"))
    ));
    rows
}

fn render(r: &Results, args: &Args, elapsed: Duration, done: bool) -> String {
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&t);
        s.push('\n');
    };
    let sdk_version = r
        .versions
        .get("aws-sdk-codepipeline")
        .cloned()
        .unwrap_or_else(|| "?".into());
    line("# Benchmarks".into());
    line(String::new());
    line(format!(
        "Written by `cargo xtask bench{}{}{}{}` (see `xtask/src/bench.rs` and `bench/`); do not edit by hand, rerun it. The run took {:.1} min.",
        if args.calls != 3000 { format!(" --calls {}", args.calls) } else { String::new() },
        if args.rounds != 3 { format!(" --rounds {}", args.rounds) } else { String::new() },
        if args.skip_builds { " --skip-builds" } else { "" },
        if args.large { " --large" } else { "" },
        elapsed.as_secs_f64() / 60.0
    ));
    line(String::new());
    line(format!(
        "- Date: {}",
        command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
    ));
    line(format!(
        "- Machine: {} CPUs (`nproc`), {}, {} RAM; {}; {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model(),
        mem_total(),
        command_output("rustc", &["-V"]),
        command_output("cargo", &["-V"]),
    ));
    line(format!(
        "- Load average (1, 5, 15 min) at the start: {}; at the end: {} (the machine is shared: other builds ran during this one)",
        r.load_start,
        loadavg()
    ));
    line(format!(
        "- Clients: skiff = our crate generated from the complete official CodePipeline model (`aws-models/codepipeline.json`) with the worktree's `skiff-runtime`; SDK = `aws-sdk-codepipeline` {sdk_version} (default features: `rustls`, `default-https-client`, `rt-tokio`; aws-smithy-runtime {}; configured by hand, no `aws-config`); floor = `bench/floor`, reqwest 0.12 (rustls, ring) + serde derive + a minimal hand-written SigV4. Each with its default retries; a current-thread tokio runtime.",
        r.versions.get("aws-smithy-runtime").map_or("?", String::as_str)
    ));
    line(format!(
        "- The call: `GetThirdPartyJobDetails` (awsJson1_1, SigV4, static credentials, us-east-1) against `bench/stub` on 127.0.0.1 (HTTP/1.1 keep-alive), which answers every request with `bench/data/get_third_party_job_details.json` ({} bytes); each program checks the parsed output once. {} rounds × {} sequential calls per program, interleaved.",
        std::fs::metadata(workspace_file("bench/data/get_third_party_job_details.json")).map_or(0, |m| m.len()),
        args.rounds,
        args.calls
    ));
    line(String::new());
    line("| figure | SDK | skiff | floor | skiff / SDK | target |".into());
    line("|---|---|---|---|---|---|".into());
    let lines = |v: &str| r.lines.get(v).map(|&n| n as f64);
    line(format!(
        "| generated lines (service crate `src/`) | {} | {} | - | {} | ≤ 0.15 |",
        lines("sdk").map_or("-".into(), |n| thousands(n as u64)),
        lines("skiff").map_or("-".into(), |n| thousands(n as u64)),
        ratio(lines("skiff"), lines("sdk"))
    ));
    let svc = |v: &'static str, p: &'static str| r.service.get(&(v, p));
    let pair = |a: Option<&Build>, b: Option<&Build>, f: &dyn Fn(&Build) -> String| match (a, b) {
        (Some(a), Some(b)) => format!("{} / {}", f(a), f(b)),
        _ => "not measured".to_owned(),
    };
    let mem = |b: &Build| format!("{:.2} GB", gb(b.maxrss_kib));
    let rat2 = |a: Option<&Build>,
                b: Option<&Build>,
                c: Option<&Build>,
                d: Option<&Build>,
                f: &dyn Fn(&Build) -> f64| {
        format!(
            "{} / {}",
            ratio(a.map(f), b.map(f)),
            ratio(c.map(f), d.map(f))
        )
    };
    let wall = |b: &Build| b.wall;
    let rss = |b: &Build| b.maxrss_kib as f64;
    let secs = |b: &Build| {
        let mark = if b.compiled.len() > 2 { " †" } else { "" };
        format!("{:.1} s{mark}", b.wall)
    };
    line(format!(
        "| service crate compile alone, debug / release | {} | {} | - | {} | ≤ 0.25 |",
        pair(svc("sdk", "debug"), svc("sdk", "release"), &secs),
        pair(svc("skiff", "debug"), svc("skiff", "release"), &secs),
        rat2(
            svc("skiff", "debug"),
            svc("sdk", "debug"),
            svc("skiff", "release"),
            svc("sdk", "release"),
            &wall
        ),
    ));
    line(format!(
        "| service crate peak compiler memory, debug / release | {} | {} | - | {} | |",
        pair(svc("sdk", "debug"), svc("sdk", "release"), &mem),
        pair(svc("skiff", "debug"), svc("skiff", "release"), &mem),
        rat2(
            svc("skiff", "debug"),
            svc("sdk", "debug"),
            svc("skiff", "release"),
            svc("sdk", "release"),
            &rss
        ),
    ));
    let clean = |v: &'static str, p: &'static str| r.clean.get(&(v, p));
    let wall_cpu = |b: &Build| format!("{:.1} s / {:.1} s", b.wall, b.cpu);
    for (p, name, target) in [
        (
            "debug",
            "clean debug build of the one-call program (wall / CPU)",
            "≤ 0.5, within 10% of floor",
        ),
        ("release", "clean release build (wall / CPU)", ""),
    ] {
        let cell = |v: &'static str| clean(v, p).map_or("not measured".into(), wall_cpu);
        let skiff = clean("skiff", p).map(wall);
        line(format!(
            "| {name} | {} | {} | {} | {} ({}x floor) | {target} |",
            cell("sdk"),
            cell("skiff"),
            cell("floor"),
            ratio(skiff, clean("sdk", p).map(wall)),
            ratio(skiff, clean("floor", p).map(wall)),
        ));
    }
    let peak = |v: &'static str| pair(clean(v, "debug"), clean(v, "release"), &mem);
    line(format!(
        "| peak compiler memory of the clean build, debug / release | {} | {} | {} | {} | |",
        peak("sdk"),
        peak("skiff"),
        peak("floor"),
        rat2(
            clean("skiff", "debug"),
            clean("sdk", "debug"),
            clean("skiff", "release"),
            clean("sdk", "release"),
            &rss
        ),
    ));
    let size = |v: &str| r.stripped.get(v).map(|&b| b as f64);
    let mb = |v: &str| size(v).map_or("-".into(), |b| format!("{:.2} MB", b / 1e6));
    line(format!(
        "| stripped release binary | {} | {} | {} | {} | ≤ 0.4 |",
        mb("sdk"),
        mb("skiff"),
        mb("floor"),
        ratio(size("skiff"), size("sdk"))
    ));
    let row =
        |name: &str, f: &dyn Fn(&Run) -> f64, digits: usize, target: &str, floor_ratio: bool| {
            let (sdk, sdk_m) = spread(r, "sdk", f, digits);
            let (ours, ours_m) = spread(r, "skiff", f, digits);
            let (floor, floor_m) = spread(r, "floor", f, digits);
            let mut rat = ratio(ours_m, sdk_m);
            if floor_ratio {
                rat = format!("{rat} ({}x floor)", ratio(ours_m, floor_m));
            }
            format!("| {name} | {sdk} | {ours} | {floor} | {rat} | {target} |")
        };
    line(row(
        "sequential calls/s over loopback",
        &|x| x.calls_per_s,
        0,
        "≥ 1.7",
        true,
    ));
    line(row("latency p50 (µs)", &|x| x.p50_us, 1, "", false));
    line(row("latency p99 (µs)", &|x| x.p99_us, 1, "", false));
    line(row(
        "client CPU per call (µs, getrusage user+sys)",
        &|x| x.cpu_us,
        1,
        "within 5% of floor",
        true,
    ));
    let k = |x: Option<f64>| x.map_or("-".into(), |x| format!("{:.1}k", x / 1000.0));
    let whole = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.0}"));
    let counted = |v: &str, what: &str| r.loopback.get(&(v, what)).copied();
    // `with_sdk`: whether the SDK's count means the same. It hashes with aws-lc, not sha2, so
    // its sha2 count is not its hashing.
    for (what, label, show, with_sdk) in [
        (
            "instructions",
            "client user-space instructions per call (callgrind)",
            &k as &dyn Fn(Option<f64>) -> String,
            true,
        ),
        (
            "sha256",
            "… of which sha2's SHA-256 compression (portable code under valgrind, see below)",
            &k,
            false,
        ),
        (
            "l1i",
            "client L1 instruction-cache misses per call (callgrind's cache simulation)",
            &whole,
            true,
        ),
        (
            "l1d",
            "client L1 data-cache misses per call (reads + writes, the same simulation)",
            &whole,
            true,
        ),
        (
            "syscalls",
            "client system calls per call (strace -c)",
            &|x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.2}")),
            true,
        ),
    ] {
        let sdk = counted("sdk", what).filter(|_| with_sdk);
        line(format!(
            "| {label} | {} | {} | {} | {} ({}x floor) | |",
            show(sdk),
            show(counted("skiff", what)),
            show(counted("floor", what)),
            ratio(counted("skiff", what), sdk),
            ratio(counted("skiff", what), counted("floor", what)),
        ));
    }
    line(row(
        "client peak RSS (MB)",
        &|x| x.maxrss_kib / 1024.0,
        1,
        "",
        false,
    ));
    let us = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.2} µs"));
    let criterion = call_rows(
        [
            "in-memory call, full body (criterion median)",
            "in-memory call, body `{}`",
            "parse of the body into the output type (full − empty)",
            "`serde_json::from_slice::<FloorOutput>` alone (serde derive)",
        ],
        |id| r.criterion.get(id).map(|ns| ns / 1000.0),
        us,
    );
    let instructions = call_rows(
        [
            "instructions per in-memory call, full body (callgrind)",
            "instructions per in-memory call, body `{}`",
            "instructions of the parse (full − empty)",
            "instructions of `serde_json::from_slice::<FloorOutput>` alone",
        ],
        |id| r.instructions.get(id).copied(),
        k,
    );
    criterion
        .into_iter()
        .chain(instructions)
        .for_each(&mut line);
    if let (Some((sdk_lines, _, sdk)), Some((our_lines, _, ours))) =
        (r.large.get("sdk"), r.large.get("skiff"))
    {
        line(format!(
            "| SageMaker: generated lines | {} | {} | - | {} | ≤ 0.15 |",
            thousands(*sdk_lines as u64),
            thousands(*our_lines as u64),
            ratio(Some(*our_lines as f64), Some(*sdk_lines as f64))
        ));
        line(format!(
            "| SageMaker: service crate debug compile alone (wall / peak memory) | {:.1} s / {:.2} GB | {:.1} s / {:.2} GB | - | {} / {} | ≤ 0.25 / ≤ 0.25 |",
            sdk.wall,
            gb(sdk.maxrss_kib),
            ours.wall,
            gb(ours.maxrss_kib),
            ratio(Some(ours.wall), Some(sdk.wall)),
            ratio(Some(ours.maxrss_kib as f64), Some(sdk.maxrss_kib as f64)),
        ));
    }
    timing_rows(r, &mut line);
    line(String::new());
    line("Notes:".into());
    line(String::new());
    for (variant, stack) in &r.stacks {
        line(format!(
            "- HTTP and TLS crates compiled into `{variant}` (`cargo tree`): {stack}."
        ));
    }
    for failure in &r.failures {
        line(format!("- **Failed**: {failure}"));
    }
    if !done {
        line("- **Incomplete run**: the command stopped (or is still running) after the phases whose rows are filled in.".into());
    }
    line("- Build figures: `/usr/bin/time -v` around cargo (CPU = user + system of cargo and every rustc it ran; peak memory = the largest resident set of any of them, i.e. the biggest rustc). Sources are fetched before; each clean build has a fresh target directory; `CARGO_INCREMENTAL=0`; 2 parallel jobs at most on this machine, shared with other work, so wall times are noisy.".into());
    line("- \"Service crate compile alone\": after the clean build, `cargo clean -p <crate>` and the same `cargo build` of the program again in the same target directory, which recompiles the service crate and the program's own one-file crate (and links it); any other crate cargo recompiled is listed below.".into());
    line("- Calls: `<min> to <max>` over the rounds; ratios use the medians. CPU per call is the process's `getrusage(RUSAGE_SELF)` user + system time over the timed calls divided by their number (tokio, TLS setup and the one checked call excluded); peak RSS is the program's `VmHWM` at the end (not `ru_maxrss`, which Linux carries over from the forking process).".into());
    line("- Criterion: `bench/parse/benches/calls.rs`; skiff with a `skiff_runtime::http::HttpTransport` and the SDK with `aws_smithy_http_client::test_util::infallible_client_fn` answering the canned response, so a call is the whole client pipeline minus the network; the floor has no transport to replace (serialize, sign, parse). Full − empty isolates the cost of turning the body into the output type.".into());
    line("- Instructions: the same calls (`bench/parse/src/bin/parse-count.rs`) under `valgrind --tool=callgrind`, per call as (count at 1200 calls − count at 200) / 1000, so start-up cancels out. Counts do not move with the machine's load, as the times above do (two criterion runs minutes apart on this shared machine have given the parse as 0.95x and 2.3x serde derive). Valgrind hides the CPU's SHA instructions, so the signing in every client's call runs sha2's portable code and counts more than it costs natively; it cancels out of full − empty.".into());
    line("- Loopback counts: while the stub runs, each release program makes the same sequential calls under `valgrind --tool=callgrind --cache-sim=yes` (user-space instructions, and the misses of a simulated 32 KiB L1 instruction and data cache: a miss costs a dozen cycles or more where an instruction costs a fraction of one, so these say what instruction counts do not) and `strace -f -c` (system calls), per call as (count at 1200 calls − count at 200) / 1000. They split \"client CPU per call\" into the program's own work and the kernel's, without the noise of getrusage on a shared machine. Under valgrind, SHA-256 runs sha2's portable code (the CPU's SHA instructions are hidden), so signing counts several times what it costs natively; its share is shown so that it can be taken out (the floor derives its signing key on every call; skiff once a day per thread; the SDK hashes with aws-lc, whose SHA-256 that row does not count, so it shows none).".into());
    for ((v, p), b) in &r.service {
        let program = VARIANTS
            .iter()
            .find(|x| x.name == *v)
            .map_or("", |x| x.package);
        let service = VARIANTS
            .iter()
            .find(|x| x.name == *v)
            .and_then(|x| x.service)
            .unwrap_or("");
        let others: Vec<&str> = b
            .compiled
            .iter()
            .map(String::as_str)
            .filter(|c| *c != program && *c != service)
            .collect();
        if !others.is_empty() {
            line(format!(
                "- † {v} {p}: the service crate rebuild also recompiled {}, so that figure is not the service crate's alone.",
                others.join(", ")
            ));
        }
    }
    if args.skip_builds {
        line("- `--skip-builds`: no build figures in this run.".into());
    }
    if !args.large {
        line("- Without `--large`: the SageMaker rows were not measured in this run.".into());
    }
    line(String::new());
    line("Commands run (in this order, variants interleaved):".into());
    line(String::new());
    for command in &r.commands {
        line(format!("- `{command}`"));
    }
    s
}

/// Where the clean builds' compile time goes: per variant and profile, the sum of the units'
/// times from `--timings`, the slowest units, and the units skiff's build has that the floor's
/// has not (and the other way round).
fn timing_rows(r: &Results, line: &mut impl FnMut(String)) {
    if r.units.is_empty() {
        return;
    }
    let secs = |units: &[Unit]| units.iter().map(|u| u.secs).sum::<f64>();
    let list = |units: &[&Unit]| {
        units
            .iter()
            .map(|u| format!("{} {:.1}", u.name, u.secs))
            .collect::<Vec<_>>()
            .join(", ")
    };
    line(String::new());
    line("Where the clean builds' time goes (`cargo build --timings`: seconds each unit compiled; with 2 jobs, the wall time is about half their sum):".into());
    line(String::new());
    line("| build | units | sum of unit times | slowest units (s) |".into());
    line("|---|---|---|---|".into());
    for ((v, p), units) in &r.units {
        let slowest: Vec<&Unit> = units.iter().take(8).collect();
        line(format!(
            "| {v} {p} | {} | {:.1} s | {} |",
            units.len(),
            secs(units),
            list(&slowest)
        ));
    }
    for p in ["debug", "release"] {
        let (Some(ours), Some(floor)) = (r.units.get(&("skiff", p)), r.units.get(&("floor", p)))
        else {
            continue;
        };
        let only = |a: &[Unit], b: &[Unit]| -> Vec<Unit> {
            a.iter()
                .filter(|u| !b.iter().any(|x| x.name == u.name))
                .cloned()
                .collect()
        };
        let ours_only = only(ours, floor);
        let floor_only = only(floor, ours);
        line(String::new());
        line(format!(
            "- {p}: units only in skiff's build, {:.1} s: {}; only in the floor's, {:.1} s: {}; the units both have: {:.1} s (skiff) and {:.1} s (floor).",
            secs(&ours_only),
            list(&ours_only.iter().collect::<Vec<_>>()),
            secs(&floor_only),
            list(&floor_only.iter().collect::<Vec<_>>()),
            secs(ours) - secs(&ours_only),
            secs(floor) - secs(&floor_only),
        ));
    }
}

/// A path relative to the repository root.
fn workspace_file(rel: &str) -> PathBuf {
    crate::workspace_root().join(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_timings() {
        // The shape of cargo 1.95's report: a script assigning the units' array.
        let html = r#"<script>
const UNIT_DATA = [{"i":0,"name":"cc","version":"1.2.0","mode":"todo","target":"","features":[],"start":0.5,"duration":1.32,"unblocked_units":[]},{"i":1,"name":"ring","version":"0.17.14","mode":"run-custom-build","target":" build-script (run)","start":2.0,"duration":1.54},{"i":2,"name":"skiff-call","version":"0.1.0","mode":"todo","target":" skiff-call \"bin\"","start":30.0,"duration":0.61}];
const CONCURRENCY_DATA = [];
</script>"#;
        assert_eq!(
            timing_units(html),
            Some(vec![
                Unit {
                    name: "ring (build script run)".into(),
                    secs: 1.54
                },
                Unit {
                    name: "cc".into(),
                    secs: 1.32
                },
                Unit {
                    name: "skiff-call (skiff-call bin)".into(),
                    secs: 0.61
                },
            ])
        );
        assert_eq!(timing_units("<html>no data</html>"), None);
        assert_eq!(timing_units("const UNIT_DATA = [{\"name\": 1}];"), None);
    }

    #[test]
    fn reads_callgrind_counts() {
        let log = "==123== Events    : Ir\n==123== Collected : 124232000\n==123== I refs: 1";
        assert_eq!(collected(log), Some(124_232_000));
        assert_eq!(collected("no summary"), None);
        assert_eq!(l1_misses(log), None, "no cache simulation, no misses");
        let simulated = "==7== Events    : Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n\
                         ==7== Collected : 126559 27888 11769 1082 990 580 1064 781 548\n";
        assert_eq!(collected(simulated), Some(126_559));
        assert_eq!(l1_misses(simulated), Some((1082, 990 + 580)));
    }

    #[test]
    fn reads_sha256_instructions() {
        let annotated = "--------\n49,878,872 (19.80%)  ???:sha2::sha256::compress256 [/x/skiff-call]\n 1,000 ( 0.01%)  soft.rs:sha2::sha256::compress256\n 7,261 ( 2.00%)  ???:serde_json::read::SliceRead::skip_to_escape [/x]\n";
        assert_eq!(sha256_instructions(annotated), Some(49_879_872));
        assert_eq!(sha256_instructions("unknown"), None);
    }

    #[test]
    fn reads_strace_totals() {
        let with_errors = "% time     seconds  usecs/call     calls    errors syscall\n------ ----------- ----------- --------- --------- ----------------\n 39.56    0.056744          14      4005           epoll_wait\n  0.06    0.000092          92         1         1 connect\n------ ----------- ----------- --------- --------- ----------------\n100.00    0.143437          13     10972        12 total\n";
        assert_eq!(strace_total(with_errors), Some(10_972));
        let without = "100.00    0.001000           5       200           total\n";
        assert_eq!(strace_total(without), Some(200));
        assert_eq!(strace_total("no summary"), None);
    }

    #[test]
    fn reads_gnu_time_output() {
        let text = "\tCommand being timed: \"cargo build\"\n\tUser time (seconds): 50.25\n\tSystem time (seconds): 4.50\n\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:28.01\n\tMaximum resident set size (kbytes): 412345\n";
        assert_eq!(parse_time(text), Some((54.75, 412_345)));
        assert_eq!(parse_time("garbage"), None);
    }

    #[test]
    fn reads_locked_versions() {
        let lock = "[[package]]\nname = \"aws-sdk-codepipeline\"\nversion = \"1.131.0\"\n";
        assert_eq!(
            locked_version(lock, "aws-sdk-codepipeline").as_deref(),
            Some("1.131.0")
        );
        assert_eq!(locked_version(lock, "other"), None);
    }
}
