//! Times parsing the S3 rule set and resolving the S3 and CodePipeline rule sets for typical
//! parameters. Run optimized: `cargo run -p skiff-runtime --release --features endpoint-rules --example endpoint_bench`.
//!
//! Models are read from `$SKIFF_UPSTREAM/aws-models` (default `../shared/upstream` beside the workspace).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use skiff_runtime::endpoint::rules::{Params, RuleSet};

fn rule_set_json(model: &str) -> String {
    let dir = std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/upstream"
            ))
        });
    let path = dir.join("aws-models").join(format!("{model}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let model: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
    let service = model["shapes"]
        .as_object()
        .and_then(|shapes| shapes.values().find(|s| s["type"] == "service"))
        .expect("a service shape");
    service["traits"]["smithy.rules#endpointRuleSet"].to_string()
}

fn time_resolve(name: &str, rule_set: &RuleSet, params: &Params, iterations: u32) {
    // `bench FILTER` runs only the cases whose name contains FILTER.
    if let Some(filter) = std::env::args().nth(1) {
        if !name.contains(&filter) {
            return;
        }
    }
    let endpoint = rule_set.resolve(params).expect("resolves");
    // Warm up.
    for _ in 0..iterations / 10 {
        black_box(rule_set.resolve(black_box(params)).ok());
    }
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(rule_set.resolve(black_box(params)).ok());
    }
    let ns = start.elapsed().as_nanos() / u128::from(iterations);
    println!(
        "{name}: {ns} ns/resolution ({iterations} iterations) -> {}",
        endpoint.url
    );
}

fn main() {
    let s3_json = rule_set_json("s3");
    let rounds = 200u32;
    let start = Instant::now();
    for _ in 0..rounds {
        black_box(RuleSet::parse(black_box(&s3_json)).expect("parses"));
    }
    let us = start.elapsed().as_micros() / u128::from(rounds);
    println!(
        "parse S3 rule set ({} bytes): {us} µs ({rounds} rounds)",
        s3_json.len()
    );

    let start = Instant::now();
    for _ in 0..rounds {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&s3_json)).expect("JSON"));
    }
    let json_us = start.elapsed().as_micros() / u128::from(rounds);
    println!("  of which reading the JSON text into a serde_json::Value: {json_us} µs");

    let s3 = RuleSet::parse(&s3_json).expect("parses");
    let iterations = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let bucket = Params::new()
        .with("Region", "us-west-2")
        .with("Bucket", "my-bucket")
        .with("UseFIPS", false)
        .with("UseDualStack", false)
        .with("Accelerate", false)
        .with("ForcePathStyle", false);
    time_resolve("S3 (virtual-hosted bucket)", &s3, &bucket, iterations);
    let no_bucket = Params::new().with("Region", "us-east-1");
    time_resolve("S3 (no bucket)", &s3, &no_bucket, iterations);
    let custom = bucket
        .clone()
        .with("Endpoint", "https://minio.local:9000/base");
    time_resolve("S3 (custom endpoint)", &s3, &custom, iterations);

    let codepipeline = RuleSet::parse(&rule_set_json("codepipeline")).expect("parses");
    let params = Params::new()
        .with("Region", "us-east-1")
        .with("UseFIPS", false)
        .with("UseDualStack", false);
    time_resolve("CodePipeline", &codepipeline, &params, iterations);
}
