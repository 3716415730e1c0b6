//! `cargo xtask msrv`: the declared minimum Rust version of every crate a user depends on (the
//! runtime and the generated crates) is at least the highest `rust-version` among the
//! dependencies the lockfile resolves for it, and generated manifests declare the runtime's.
//!
//! Reads `cargo metadata`; changes nothing.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode};

use serde_json::Value as Json;

/// A `major.minor[.patch]` version, compared numerically (a missing patch is 0).
fn version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    parts.resize(3, 0);
    parts
}

pub fn run(root: &Path) -> Result<ExitCode, String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let meta: Json = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cargo metadata printed invalid JSON: {e}"))?;
    let packages = meta["packages"].as_array().cloned().unwrap_or_default();
    let package = |id: &str| packages.iter().find(|p| p["id"] == id);
    let nodes = meta["resolve"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id);
    let members: Vec<String> = meta["workspace_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect();
    let mut failed = false;
    println!(
        "{:<28} {:>9} {:>9}  highest dependency",
        "crate", "declared", "needed"
    );
    for id in &members {
        let Some(p) = package(id) else { continue };
        let name = p["name"].as_str().unwrap_or_default();
        // The crates users depend on: the runtime and every generated crate.
        let generated = p["manifest_path"]
            .as_str()
            .and_then(|m| std::fs::read_to_string(m).ok())
            .is_some_and(|t| t.starts_with("# @generated"));
        if name != "skiff-runtime" && !generated {
            continue;
        }
        let declared = p["rust_version"].as_str().unwrap_or("none").to_owned();
        // Normal and build dependencies reachable from the crate (dev-dependencies are not a
        // user's concern).
        let mut seen = BTreeSet::new();
        let mut stack = vec![id.clone()];
        let mut highest = (Vec::new(), String::from("-"));
        while let Some(current) = stack.pop() {
            if !seen.insert(current.clone()) {
                continue;
            }
            if current != *id {
                if let Some(dep) = package(&current) {
                    if let Some(rv) = dep["rust_version"].as_str() {
                        if version(rv) > highest.0 {
                            highest = (
                                version(rv),
                                format!(
                                    "{} {} ({rv})",
                                    dep["name"].as_str().unwrap_or(""),
                                    dep["version"].as_str().unwrap_or("")
                                ),
                            );
                        }
                    }
                }
            }
            for d in node(&current)
                .and_then(|n| n["deps"].as_array())
                .into_iter()
                .flatten()
            {
                let runtime_dep = d["dep_kinds"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| k["kind"].is_null() || k["kind"] == "build");
                if runtime_dep {
                    if let Some(pkg) = d["pkg"].as_str() {
                        stack.push(pkg.to_owned());
                    }
                }
            }
        }
        let needed: String = highest
            .0
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".");
        let ok = declared != "none" && version(&declared) >= highest.0;
        failed |= !ok;
        println!(
            "{name:<28} {declared:>9} {needed:>9}  {}{}",
            highest.1,
            if ok {
                ""
            } else {
                "  <- declared version too old"
            }
        );
    }
    let workspace_version = packages
        .iter()
        .find(|p| p["name"] == "skiff-runtime")
        .and_then(|p| p["rust_version"].as_str())
        .unwrap_or("none");
    if workspace_version != codegen::RUST_VERSION {
        println!(
            "codegen::RUST_VERSION is {} but the runtime declares {workspace_version}",
            codegen::RUST_VERSION
        );
        failed = true;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
