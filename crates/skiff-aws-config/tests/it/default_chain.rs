//! The 29 `default-credential-provider-chain/*` scenarios, each run through the real
//! [`DefaultCredentialsChain`]:
//!
//! - environment: the scenario's `env.json`, nothing else;
//! - files: a temporary copy of its `fs/`, mounted at `/` ([`RootedFileSystem`]), so
//!   `HOME=/home` and token files such as `/token.jwt` resolve inside it and missing files fail
//!   with the real OS error;
//! - HTTP: the [`Replay`] of its `http-traffic.json` (see `replay.rs` for what is compared);
//! - clock: fixed at the time of the recorded `assume-role-from-profile-<ms>` session name when
//!   there is one (so session names and `x-amz-date` match), else an arbitrary fixed time.
//!
//! Each ends in the expected credentials (id, secret, token, account id, expiry in seconds) or an
//! error whose text, with its sources, contains the expected words. Scenarios that need a
//! provider this crate does not have are listed in [`SKIPPED`] and reported as skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde_json::Value;
use skiff_aws_config::{DefaultCredentialsChain, FileSystem, ProviderConfig, RootedFileSystem};
use skiff_runtime::{Credentials, DateTime, FixedClock};

use super::common;
use super::replay::{form, parse_traffic, Replay};

const EXPECTED_SCENARIOS: usize = 29;

/// Scenarios not run, with the reason.
const SKIPPED: &[(&str, &str)] = &[
    (
        "e2e_fips_and_dual_stack_sso",
        "needs the SSO (IAM Identity Center) provider, not implemented",
    ),
    (
        "sso_assume_role",
        "needs the SSO (IAM Identity Center) provider, not implemented",
    ),
    (
        "sso_no_token_file",
        "needs the SSO (IAM Identity Center) provider, not implemented",
    ),
    (
        "sso_server_error",
        "needs the SSO (IAM Identity Center) provider, not implemented",
    ),
];

/// When no recorded session name fixes it: 2021-09-21T17:41:25Z.
const DEFAULT_CLOCK_MS: i64 = 1_632_245_685_000;

/// The error with its sources, as one line.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for entry in entries.map(Result::unwrap) {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The test clock: the recorded `assume-role-from-profile-<ms>` time, if any.
fn clock_ms(exchanges: &[super::replay::Exchange]) -> i64 {
    exchanges
        .iter()
        .filter_map(|e| e.body.as_deref())
        .filter_map(|body| {
            form(body)
                .get("RoleSessionName")?
                .strip_prefix("assume-role-from-profile-")?
                .parse()
                .ok()
        })
        .next()
        .unwrap_or(DEFAULT_CLOCK_MS)
}

fn check_credentials(actual: &Credentials, expected: &Value) -> Result<(), String> {
    let expiry = actual
        .expiry()
        .map(|t| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    let fields = [
        ("access_key_id", Some(actual.access_key_id().to_owned())),
        (
            "secret_access_key",
            Some(actual.secret_access_key().to_owned()),
        ),
        ("session_token", actual.session_token().map(str::to_owned)),
        ("account_id", actual.account_id().map(str::to_owned)),
        ("expiry", expiry.map(|e| e.to_string())),
    ];
    for (name, ours) in fields {
        let theirs = match &expected[name] {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            other => return Err(format!("unexpected expected value {other}")),
        };
        if ours != theirs {
            return Err(format!("{name} is {ours:?}, expected {theirs:?}"));
        }
    }
    Ok(())
}

/// Runs one scenario; on success, what it ended in (for the log).
async fn run(dir: &Path, name: &str) -> Result<String, String> {
    let env = common::string_map(Some(&common::read_json_file(&dir.join("env.json"))));
    let test_case = common::read_json_file(&dir.join("test-case.json"));
    let exchanges = parse_traffic(&common::read_json_file(&dir.join("http-traffic.json")));
    let ms = clock_ms(&exchanges);

    let root = std::env::temp_dir().join(format!("skiff-aws-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&dir.join("fs"), &root);
    let fs = RootedFileSystem::new(&root);

    let replay = Replay::new(exchanges);
    let conf = ProviderConfig::new()
        .with_env_vars(env.clone())
        .with_fs(fs.clone())
        .with_transport(replay.clone())
        .with_clock(FixedClock(DateTime::from_secs_and_nanos(
            ms.div_euclid(1000),
            (ms.rem_euclid(1000) * 1_000_000) as u32,
        )))
        .with_resolver(|_| Err(std::io::Error::other("no DNS in tests")));
    let result = DefaultCredentialsChain::new(&conf).credentials().await;

    let mut problems = replay.problems();
    if let Some(token_file) = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        // The recording lacks the header; the token file's content must be sent.
        if let Ok(token) = fs.read(Path::new(token_file)) {
            let token = String::from_utf8_lossy(&token).trim().to_owned();
            for request in replay.sent() {
                if request.headers.get("authorization") != Some(token.as_str()) {
                    problems.push(format!(
                        "{} does not carry the token file as Authorization",
                        request.url
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&root);

    let outcome = match (&result, &test_case["result"]) {
        (Ok(creds), expected) if expected.get("Ok").is_some() => {
            check_credentials(creds, &expected["Ok"])
                .map(|()| format!("credentials {}", creds.access_key_id()))
        }
        (Err(e), expected) if expected.get("ErrorContains").is_some() => {
            let words = expected["ErrorContains"].as_str().unwrap_or_default();
            let text = error_chain(e);
            if text.contains(words) {
                Ok(format!("error: {text}"))
            } else {
                Err(format!("error `{text}` does not contain `{words}`"))
            }
        }
        (Ok(creds), expected) => Err(format!("expected {expected}, got {creds:?}")),
        (Err(e), expected) => Err(format!(
            "expected {expected}, got error `{}`",
            error_chain(e)
        )),
    };
    match outcome {
        Ok(summary) if problems.is_empty() => Ok(summary),
        Ok(_) => Err(problems.join("\n    ")),
        Err(e) => {
            problems.insert(0, e);
            Err(problems.join("\n    "))
        }
    }
}

#[tokio::test]
async fn default_chain_scenarios() {
    let Some(root) = common::upstream_path(
        "default_chain_scenarios",
        "aws-config-tests/default-credential-provider-chain",
    ) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    if dirs.len() != EXPECTED_SCENARIOS {
        failures.push(format!(
            "found {} scenarios, expected {EXPECTED_SCENARIOS}",
            dirs.len()
        ));
    }
    let names: BTreeMap<String, PathBuf> = dirs
        .into_iter()
        .map(|d| (d.file_name().unwrap().to_string_lossy().into_owned(), d))
        .collect();
    for (skipped, _) in SKIPPED {
        if !names.contains_key(*skipped) {
            failures.push(format!("skipped scenario {skipped} does not exist"));
        }
    }
    let (mut passed, mut skipped) = (0, 0);
    for (name, dir) in &names {
        if let Some((_, reason)) = SKIPPED.iter().find(|(n, _)| n == name) {
            println!("  skipped {name}: {reason}");
            skipped += 1;
            continue;
        }
        match run(dir, name).await {
            Ok(summary) => {
                println!("  passed  {name}: {summary}");
                passed += 1;
            }
            Err(e) => {
                println!("  FAILED  {name}: {e}");
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    println!(
        "default-credential-provider-chain: {passed} passed, {skipped} skipped, {} failed (of {})",
        failures.len(),
        names.len()
    );
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
