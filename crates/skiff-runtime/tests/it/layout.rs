//! The runtime's folders depend on each other one way: this test reads `src/` and fails on a
//! circle of `crate::` paths between top-level modules (a folder or a file directly under
//! `src/`), so that a protocol can never reach back into the pipeline unnoticed. Comments and
//! `#[cfg(test)]` modules are ignored; `rt` (the contract with generated code, on top of
//! everything) and `macros` (which expand in generated crates) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn collect(dir: &Path, unit: Option<&str>, graph: &mut BTreeMap<String, BTreeSet<String>>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let unit = unit.map_or(name, str::to_owned);
        if path.is_dir() {
            collect(&path, Some(&unit), graph);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") || unit == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source is readable");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let deps = graph.entry(unit.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(rest.len());
                let target = &rest[..end];
                if !target.is_empty() && target != unit {
                    deps.insert(target.to_owned());
                }
            }
        }
    }
}

#[test]
fn module_dependencies_have_no_circle() {
    let mut graph = BTreeMap::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        None,
        &mut graph,
    );
    for skipped in ["rt", "macros"] {
        graph.remove(skipped);
        graph.values_mut().for_each(|deps| {
            deps.remove(skipped);
        });
    }
    assert!(graph.contains_key("client") && graph.contains_key("protocol"));
    // Depth-first search for a back edge, reporting the circle it closes.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(start) = path.iter().position(|n| n == node) {
            panic!(
                "circle between runtime modules: {} -> {node}",
                path[start..].join(" -> ")
            );
        }
        path.push(node.to_owned());
        for dep in graph.get(node).into_iter().flatten() {
            visit(dep, graph, path, done);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}
