//! `cargo xtask protocol-tests`: the Smithy protocol compliance harness.
//!
//! For every service of the Smithy AWS protocol test model it generates the client crate and its
//! `tests/protocol.rs` (see `codegen::protocol_tests`) into the scratch workspace
//! `target/protocol-tests/`, runs `cargo test` there (with the main target directory), prints
//! one table per protocol (passed, failed, skipped with reasons), and compares the failures with
//! the checked-in list [`KNOWN_FAILURES`]: a failure not listed, or a listed case that no longer
//! fails, fails the command, so the list only shrinks. `--update-known-failures` rewrites the
//! list from the results instead (keeping the reasons already written).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use codegen::output::{self, Mode};
use codegen::protocol_tests::{self, Case};

/// The test model, relative to the upstream data directory.
const MODEL: &str = "smithy-protocol-tests/json-ast/smaws/smithy-aws-protocol-tests.json";

/// The known-failures list, relative to the workspace root.
pub const KNOWN_FAILURES: &str = "xtask/protocol-tests-known-failures.txt";

/// The reason written for a failure that has none yet.
const DEFAULT_REASON: &str = "failing";

/// Options of the command.
pub struct Options {
    /// Rewrite the known-failures list from the results instead of checking against it.
    pub update_known_failures: bool,
    /// Only these services (shape id, or shape name); empty means all.
    pub services: Vec<String>,
}

/// A case's key in the known-failures list: service shape id, case id, kind.
type Key = (String, String, String);

fn key(case: &Case) -> Key {
    (
        case.service.clone(),
        case.id.clone(),
        case.kind.as_str().to_owned(),
    )
}

/// What happened to a generated test.
#[derive(Debug, Clone)]
enum Outcome {
    Passed,
    Failed(String),
}

/// The endpoint-rules traits the test model leaves out, copied from the official models.
///
/// The test model's services are trimmed copies of real ones (`com.amazonaws.s3#AmazonS3`)
/// without their `smithy.rules#*` traits, yet some cases expect what those rules do (S3's
/// virtual-host, dual-stack and accelerate addressing). For every test service whose shape id
/// is an official model's service, this copies the service's `endpointRuleSet` and
/// `clientContextParams`, each same-id operation's `staticContextParams` and
/// `operationContextParams`, and the `contextParam` of same-named input members. Nothing else
/// of the official model is used, and services without a counterpart are left alone.
fn graft_endpoint_traits(text: &str, models: &Path) -> Result<String, codegen::Error> {
    use serde_json::Value as Json;
    let invalid = |e: serde_json::Error| codegen::Error::Model {
        file: MODEL.to_owned(),
        shape: None,
        member: None,
        message: format!("not JSON: {e}"),
    };
    let mut test: Json = serde_json::from_str(text).map_err(invalid)?;
    let services: Vec<String> = test["shapes"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, s)| s["type"] == "service")
        .map(|(id, _)| id.clone())
        .collect();
    let files = crate::model_files(models).map_err(io_err(models))?;
    let mut grafted = false;
    for file in files {
        let official_text = std::fs::read_to_string(&file).map_err(io_err(&file))?;
        let Some(id) = services
            .iter()
            .find(|id| official_text.contains(&format!("\"{id}\"")))
        else {
            continue;
        };
        let official: Json = match serde_json::from_str(&official_text) {
            Ok(official) => official,
            Err(_) => continue,
        };
        let shapes = &official["shapes"];
        if shapes[id.as_str()]["type"] != "service" {
            continue;
        }
        let copy = |from: &Json, to: &mut Json, names: &[&str]| {
            for name in names {
                if let Some(v) = from["traits"].get(*name) {
                    to["traits"][*name] = v.clone();
                }
            }
        };
        let test_shapes = &mut test["shapes"];
        copy(
            &shapes[id.as_str()],
            &mut test_shapes[id.as_str()],
            &[
                "smithy.rules#endpointRuleSet",
                "smithy.rules#clientContextParams",
            ],
        );
        let ops: Vec<String> = test_shapes[id.as_str()]["operations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["target"].as_str().map(str::to_owned))
            .collect();
        for op in ops {
            let Some(official_op) = shapes.get(&op) else {
                continue;
            };
            if !test_shapes[op.as_str()].is_object() {
                continue;
            }
            copy(
                official_op,
                &mut test_shapes[op.as_str()],
                &[
                    "smithy.rules#staticContextParams",
                    "smithy.rules#operationContextParams",
                ],
            );
            let (Some(official_input), Some(test_input)) = (
                official_op["input"]["target"].as_str(),
                test_shapes[op.as_str()]["input"]["target"]
                    .as_str()
                    .map(str::to_owned),
            ) else {
                continue;
            };
            let Some(members) = shapes[official_input]["members"].as_object() else {
                continue;
            };
            for (name, member) in members {
                let test_member = test_shapes
                    .get_mut(test_input.as_str())
                    .and_then(|s| s.get_mut("members"))
                    .and_then(|m| m.get_mut(name.as_str()));
                if let Some(test_member) = test_member.filter(|m| m.is_object()) {
                    copy(member, test_member, &["smithy.rules#contextParam"]);
                }
            }
        }
        eprintln!(
            "protocol-tests: endpoint rules of {id} taken from {}",
            file.display()
        );
        grafted = true;
    }
    if !grafted {
        return Ok(text.to_owned());
    }
    serde_json::to_string(&test).map_err(invalid)
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> codegen::Error + '_ {
    move |source| codegen::Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A service whose client the generator rejected, with the reason.
struct Rejected {
    service: String,
    reason: String,
}

/// Runs the command.
pub fn run(root: &Path, upstream: &Path, options: Options) -> Result<ExitCode, codegen::Error> {
    let model_path = upstream.join(MODEL);
    if !model_path.is_file() {
        eprintln!(
            "error: the protocol test model is not at {} (set SKIFF_UPSTREAM)",
            model_path.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let text = std::fs::read_to_string(&model_path).map_err(io_err(&model_path))?;
    let text = graft_endpoint_traits(&text, &upstream.join("aws-models"))?;
    let model = codegen::model::parse(MODEL, &text)?;
    let selected: Vec<String> = codegen::ir::services(&model)
        .into_iter()
        .filter(|id| {
            options.services.is_empty()
                || options
                    .services
                    .iter()
                    .any(|s| s == id || s == codegen::ir::shape_name(id))
        })
        .collect();
    drop(model);
    if selected.is_empty() {
        eprintln!(
            "error: no service of the test model matches {:?}",
            options.services
        );
        return Ok(ExitCode::FAILURE);
    }

    // Generate every crate in memory, then write the scratch workspace.
    let start = Instant::now();
    let scratch = root.join("target/protocol-tests");
    let mut files = codegen::FileSet::new();
    let mut members = Vec::new();
    let mut targets: BTreeMap<String, String> = BTreeMap::new(); // test target → service
    let mut cases: Vec<Case> = Vec::new();
    let mut rejected = Vec::new();
    let mut suffixes = BTreeSet::new();
    for id in &selected {
        let mut suffix = codegen::naming::snake(codegen::ir::shape_name(id))
            .trim_start_matches("r#")
            .replace('_', "-");
        while !suffixes.insert(suffix.clone()) {
            suffix.push_str("-x");
        }
        let crate_options = codegen::CrateOptions {
            model_file: MODEL.to_owned(),
            crate_suffix: suffix,
            runtime_path: Some("../../../crates/skiff-runtime".to_owned()),
            service: Some(id.clone()),
            config: Default::default(),
            config_file: String::new(),
        };
        let rendered = codegen::lower_model(&text, &crate_options).and_then(|service| {
            let crate_files = codegen::render_crate(&service, &crate_options)?;
            Ok((service, crate_files))
        });
        let (service, crate_files) = match rendered {
            Ok(r) => r,
            Err(e) => {
                let reason = format!("the generator rejects the service ({e})");
                cases.extend(protocol_tests::list_cases(MODEL, &text, id, &reason)?);
                rejected.push(Rejected {
                    service: id.clone(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let tests = protocol_tests::generate(&text, &service)?;
        let target = format!("protocol_{}", service.crate_name.replace('-', "_"));
        for (rel, mut bytes) in crate_files {
            if rel == "Cargo.toml" {
                bytes.extend_from_slice(
                    format!(
                        "\n[dev-dependencies]\nskiff-protocol-test-support = {{ path = \"../../../crates/skiff-protocol-test-support\" }}\n\n\
                         [[test]]\nname = \"{target}\"\npath = \"tests/protocol.rs\"\n",
                    )
                    .as_bytes(),
                );
            }
            files.insert(format!("{}/{rel}", service.crate_name), bytes);
        }
        files.insert(
            format!("{}/tests/protocol.rs", service.crate_name),
            tests.file,
        );
        members.push(service.crate_name.clone());
        targets.insert(target, id.clone());
        cases.extend(tests.cases);
    }
    let members_toml: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    files.insert(
        "Cargo.toml".to_owned(),
        format!(
            "# Scratch workspace written by `cargo xtask protocol-tests`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members_toml.join(", ")
        )
        .into_bytes(),
    );
    std::fs::create_dir_all(&scratch).map_err(io_err(&scratch))?;
    if options.services.is_empty() {
        // Everything: also deletes the crates of services no longer in the model.
        output::sync(&scratch, ".", &files, Mode::Write)?;
    } else {
        // Some services: leave the other crates alone (no rebuild of them on the next full run).
        for member in &members {
            let prefix = format!("{member}/");
            let subset: codegen::FileSet = files
                .iter()
                .filter(|(path, _)| path.starts_with(&prefix))
                .map(|(path, bytes)| (path.clone(), bytes.clone()))
                .collect();
            output::sync(&scratch, member, &subset, Mode::Write)?;
        }
        let manifest = scratch.join("Cargo.toml");
        if let Some(bytes) = files.get("Cargo.toml") {
            if std::fs::read(&manifest).ok().as_ref() != Some(bytes) {
                std::fs::write(&manifest, bytes).map_err(io_err(&manifest))?;
            }
        }
    }
    let generated = cases.iter().filter(|c| c.test_name.is_some()).count();
    println!(
        "protocol-tests: {} services ({} rejected by the generator), {} cases, {} tests generated into {} in {:.1?}",
        selected.len(),
        rejected.len(),
        cases.len(),
        generated,
        scratch.display(),
        start.elapsed()
    );

    // Run them.
    let outcomes = if targets.is_empty() {
        BTreeMap::new()
    } else {
        run_cargo_test(root, &scratch, &targets)?
    };
    let results: Vec<(Case, Option<Outcome>)> = cases
        .into_iter()
        .map(|c| {
            let outcome = c.test_name.as_ref().map(|name| {
                outcomes
                    .get(&(c.service.clone(), name.clone()))
                    .cloned()
                    .unwrap_or_else(|| {
                        Outcome::Failed(
                            "no result: the test crate did not build or run (see target/protocol-tests/cargo-test.log)"
                                .to_owned(),
                        )
                    })
            });
            (c, outcome)
        })
        .collect();

    print_tables(&results, &rejected);
    compare_known_failures(root, &results, &selected, options.update_known_failures)
}

/// Runs `cargo test` on the protocol test targets in the scratch workspace, with stdout and
/// stderr going to one log file (so that cargo's `Running <binary>` lines and the test
/// binaries' output stay in order), and returns each test's outcome by (service, test name).
fn run_cargo_test(
    root: &Path,
    scratch: &Path,
    targets: &BTreeMap<String, String>,
) -> Result<BTreeMap<(String, String), Outcome>, codegen::Error> {
    let log_path = scratch.join("cargo-test.log");
    let log = File::create(&log_path).map_err(io_err(&log_path))?;
    let log_err = log.try_clone().map_err(io_err(&log_path))?;
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .args([
            "test",
            "--workspace",
            "--no-default-features",
            "--no-fail-fast",
        ])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", crate::target_dir(root))
        .env("CARGO_TERM_COLOR", "never")
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err));
    for target in targets.keys() {
        command.args(["--test", target]);
    }
    println!(
        "running `cargo test` in {} (output in {})...",
        scratch.display(),
        log_path.display()
    );
    let start = Instant::now();
    let status = command.status().map_err(io_err(scratch))?;
    let log = std::fs::read_to_string(&log_path).map_err(io_err(&log_path))?;
    let (outcomes, build_errors) = parse_log(&log, targets);
    println!(
        "cargo test: exit {} in {:.1?}",
        status
            .code()
            .map_or("by signal".to_owned(), |c| c.to_string()),
        start.elapsed()
    );
    for error in build_errors {
        eprintln!("build error: {error}");
    }
    Ok(outcomes)
}

/// Reads libtest's output: `Running tests/protocol.rs (.../deps/<target>-<hash>)` starts a
/// binary, `test <name> ... ok|FAILED` gives results, `---- <name> stdout ----` sections
/// give failure messages. Also returns cargo's `could not compile` lines.
fn parse_log(
    log: &str,
    targets: &BTreeMap<String, String>,
) -> (BTreeMap<(String, String), Outcome>, Vec<String>) {
    let mut outcomes = BTreeMap::new();
    let mut messages: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut build_errors = Vec::new();
    let mut service: Option<&String> = None;
    let mut section: Option<(String, Vec<&str>)> = None;
    let flush = |section: &mut Option<(String, Vec<&str>)>,
                 service: Option<&String>,
                 messages: &mut BTreeMap<(String, String), String>| {
        if let (Some((name, lines)), Some(service)) = (section.take(), service) {
            messages.insert((service.clone(), name), summarize_failure(&lines));
        }
    };
    for line in log.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("Running ") {
            flush(&mut section, service, &mut messages);
            let binary = rest
                .rsplit_once('(')
                .map_or(rest, |(_, b)| b)
                .trim_end_matches(')');
            let file = binary.rsplit(['/', '\\']).next().unwrap_or(binary);
            let target = file.rsplit_once('-').map_or(file, |(t, _)| t);
            service = targets.get(target);
            continue;
        }
        if trimmed.starts_with("error: could not compile") {
            build_errors.push(trimmed.to_owned());
            continue;
        }
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            flush(&mut section, service, &mut messages);
            section = Some((name.to_owned(), Vec::new()));
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            flush(&mut section, service, &mut messages);
            continue;
        }
        if let Some((_, lines)) = section.as_mut() {
            lines.push(line);
            continue;
        }
        if let (Some(rest), Some(service)) = (line.strip_prefix("test "), service) {
            let outcome = if let Some(name) = rest.strip_suffix(" ... ok") {
                Some((name, Outcome::Passed))
            } else {
                rest.strip_suffix(" ... FAILED")
                    .map(|name| (name, Outcome::Failed(String::new())))
            };
            if let Some((name, outcome)) = outcome {
                outcomes.insert((service.clone(), name.to_owned()), outcome);
            }
        }
    }
    flush(&mut section, service, &mut messages);
    for (k, message) in messages {
        if let Some(Outcome::Failed(m)) = outcomes.get_mut(&k) {
            *m = message;
        }
    }
    (outcomes, build_errors)
}

/// The panic message of a failed test, on one line, without the `thread ... panicked at` line.
fn summarize_failure(lines: &[&str]) -> String {
    // The dump of the request that follows a request mismatch is in the log; the list of
    // differences is enough here.
    let text: Vec<&str> = lines
        .iter()
        .take_while(|l| l.trim() != "request sent:")
        .map(|l| l.trim())
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("thread '")
                && !l.starts_with("note: run with `RUST_BACKTRACE")
        })
        .collect();
    let mut message = text.join(" | ");
    if message.len() > 400 {
        let mut cut = 400;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
        message.push_str("...");
    }
    message
}

/// The short name of a protocol trait (`awsJson1_1`).
fn protocol_name(protocol: &str) -> &str {
    protocol.rsplit('#').next().unwrap_or(protocol)
}

#[derive(Default)]
struct Counts {
    client: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    server: usize,
}

fn print_tables(results: &[(Case, Option<Outcome>)], rejected: &[Rejected]) {
    let mut by_protocol: BTreeMap<&str, BTreeMap<&str, Counts>> = BTreeMap::new();
    let mut skips: BTreeMap<&str, BTreeMap<&str, Vec<&Case>>> = BTreeMap::new();
    for (case, outcome) in results {
        let protocol = protocol_name(&case.protocol);
        let counts = by_protocol
            .entry(protocol)
            .or_default()
            .entry(case.service.as_str())
            .or_default();
        match (outcome, case.skip.as_deref()) {
            (_, Some(reason)) => {
                if reason.starts_with("server-only") {
                    counts.server += 1;
                } else {
                    counts.client += 1;
                    counts.skipped += 1;
                }
                skips
                    .entry(protocol)
                    .or_default()
                    .entry(reason)
                    .or_default()
                    .push(case);
            }
            (Some(Outcome::Passed), None) => {
                counts.client += 1;
                counts.passed += 1;
            }
            (_, None) => {
                counts.client += 1;
                counts.failed += 1;
            }
        }
    }
    for (protocol, services) in &by_protocol {
        println!();
        println!(
            "{:<64} {:>7} {:>7} {:>7} {:>8} {:>12}",
            protocol, "client", "passed", "failed", "skipped", "server-only"
        );
        let mut total = Counts::default();
        for (service, c) in services {
            println!(
                "  {:<62} {:>7} {:>7} {:>7} {:>8} {:>12}",
                service, c.client, c.passed, c.failed, c.skipped, c.server
            );
            total.client += c.client;
            total.passed += c.passed;
            total.failed += c.failed;
            total.skipped += c.skipped;
            total.server += c.server;
        }
        if services.len() > 1 {
            println!(
                "  {:<62} {:>7} {:>7} {:>7} {:>8} {:>12}",
                "total", total.client, total.passed, total.failed, total.skipped, total.server
            );
        }
        for (reason, cases) in skips.get(protocol).into_iter().flatten() {
            let ids: Vec<String> = cases
                .iter()
                .map(|c| format!("{} ({})", c.id, c.kind.as_str()))
                .collect();
            if ids.len() <= 20 {
                println!("  skipped, {reason}: {}", ids.join(", "));
            } else {
                println!("  skipped, {reason}: {} cases", ids.len());
            }
        }
    }
    if !rejected.is_empty() {
        println!();
        println!("services the generator rejects (their cases are skipped):");
        for r in rejected {
            println!("  {}: {}", r.service, r.reason);
        }
    }
}

/// One line of the known-failures list.
struct Listed {
    line: usize,
    reason: Option<String>,
}

fn read_known_failures(path: &Path) -> Result<BTreeMap<Key, Listed>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        // Shape ids contain `#`: the reason starts at the first ` #`.
        let (entry, reason) = match line.split_once(" #") {
            Some((e, r)) => (e, Some(r.trim().to_owned()).filter(|r| !r.is_empty())),
            None => (line, None),
        };
        let fields: Vec<&str> = entry.split_whitespace().collect();
        match fields.as_slice() {
            [] => {}
            [service, id, kind @ ("request" | "response")] => {
                let k = (service.to_string(), id.to_string(), kind.to_string());
                if out
                    .insert(
                        k,
                        Listed {
                            line: i + 1,
                            reason,
                        },
                    )
                    .is_some()
                {
                    return Err(format!("{}:{}: listed twice", path.display(), i + 1));
                }
            }
            _ => {
                return Err(format!(
                    "{}:{}: expected `<service shape id> <case id> <request|response> # reason`",
                    path.display(),
                    i + 1
                ))
            }
        }
    }
    Ok(out)
}

const HEADER: &str = "\
# Known failures of `cargo xtask protocol-tests`: the Smithy protocol compliance cases that the
# generated clients fail today, one `<service shape id> <case id> <request|response> # reason`
# per line (case ids are shared by a request and a response case, hence the kind).
#
# The command fails when a case fails that is not listed here, or when a listed case no longer
# fails: fix the cause, or remove the line. `cargo xtask protocol-tests --update-known-failures`
# rewrites this file from the current results, keeping the reasons written here.
";

fn compare_known_failures(
    root: &Path,
    results: &[(Case, Option<Outcome>)],
    services: &[String],
    update: bool,
) -> Result<ExitCode, codegen::Error> {
    let path: PathBuf = root.join(KNOWN_FAILURES);
    let listed = match read_known_failures(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let in_run = |k: &Key| services.contains(&k.0);
    let mut failing: BTreeMap<Key, &str> = BTreeMap::new();
    for (case, outcome) in results {
        if let Some(Outcome::Failed(message)) = outcome {
            failing.insert(key(case), message);
        }
    }
    if update {
        let mut lines: BTreeMap<Key, String> = listed
            .iter()
            .filter(|(k, _)| !in_run(k))
            .map(|(k, l)| {
                (
                    k.clone(),
                    l.reason
                        .clone()
                        .unwrap_or_else(|| DEFAULT_REASON.to_owned()),
                )
            })
            .collect();
        for k in failing.keys() {
            let reason = listed
                .get(k)
                .and_then(|l| l.reason.clone())
                .unwrap_or_else(|| DEFAULT_REASON.to_owned());
            lines.insert(k.clone(), reason);
        }
        let mut text = HEADER.to_owned();
        for ((service, id, kind), reason) in &lines {
            text.push_str(&format!("{service} {id} {kind} # {reason}\n"));
        }
        std::fs::write(&path, text).map_err(io_err(&path))?;
        println!();
        println!("{KNOWN_FAILURES}: {} known failures written", lines.len());
        return Ok(ExitCode::SUCCESS);
    }
    let unexpected: Vec<(&Key, &&str)> = failing
        .iter()
        .filter(|(k, _)| !listed.contains_key(*k))
        .collect();
    let fixed: Vec<(&Key, &Listed)> = listed
        .iter()
        .filter(|(k, _)| in_run(k) && !failing.contains_key(*k))
        .collect();
    println!();
    println!(
        "known failures: {} listed, {} failing now ({} not listed), {} listed but not failing",
        listed.iter().filter(|(k, _)| in_run(k)).count(),
        failing.len(),
        unexpected.len(),
        fixed.len()
    );
    for ((service, id, kind), message) in &unexpected {
        eprintln!("NEW FAILURE {service} {id} {kind}: {message}");
    }
    for ((service, id, kind), l) in &fixed {
        eprintln!(
            "NO LONGER FAILING (remove line {} of {KNOWN_FAILURES}): {service} {id} {kind}",
            l.line
        );
    }
    if unexpected.is_empty() && fixed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "protocol tests differ from {KNOWN_FAILURES}; fix them, or run `cargo xtask protocol-tests --update-known-failures` and review the diff"
        );
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_output_per_binary() {
        let targets = BTreeMap::from([
            ("protocol_a".to_owned(), "ns#A".to_owned()),
            ("protocol_b".to_owned(), "ns#B".to_owned()),
        ]);
        let log = "\
     Running tests/protocol.rs (/t/debug/deps/protocol_a-0123abcd)

running 2 tests
test x_request ... ok
test y_response ... FAILED

failures:

---- y_response stdout ----

thread 'y_response' panicked at tests/protocol.rs:9:5:
the request does not match:
  - method: expected GET, got POST
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    y_response

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out

     Running tests/protocol.rs (/t/debug/deps/protocol_b-99)

running 1 test
test x_request ... FAILED
error: could not compile `skiff-aws-c` (test \"protocol_c\") due to 1 previous error
";
        let (outcomes, errors) = parse_log(log, &targets);
        let get = |s: &str, n: &str| outcomes.get(&(s.to_owned(), n.to_owned())).cloned();
        assert!(matches!(get("ns#A", "x_request"), Some(Outcome::Passed)));
        match get("ns#A", "y_response") {
            Some(Outcome::Failed(m)) => assert_eq!(
                m,
                "the request does not match: | - method: expected GET, got POST"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(get("ns#B", "x_request"), Some(Outcome::Failed(_))));
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn reads_known_failures() {
        let dir = std::env::temp_dir().join(format!("skiff-kf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("kf.txt");
        std::fs::write(
            &path,
            "# header\n\nns#S Case1 request # why\nns#S Case1 response\n",
        )
        .unwrap();
        let listed = read_known_failures(&path).unwrap();
        assert_eq!(listed.len(), 2);
        let k = ("ns#S".to_owned(), "Case1".to_owned(), "request".to_owned());
        assert_eq!(listed[&k].reason.as_deref(), Some("why"));
        std::fs::write(&path, "ns#S Case1\n").unwrap();
        assert!(read_known_failures(&path).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
