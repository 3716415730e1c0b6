//! Generated names are the ones aws-sdk-rust publishes: `tests/data/aws-sdk-rust-names.tsv`
//! holds, for tricky and ordinary names of the 34 official AWS models (runs of capitals,
//! digits, plural acronyms, keywords...), the name read from aws-sdk-rust's generated source.

use codegen::naming;

/// Where we differ on purpose: a model type named like a Rust prelude item gets a `Value`
/// suffix, so that generated code can write `Option<String>` unqualified and stay readable
/// (aws-sdk-rust writes `::std::option::Option` everywhere instead).
const DELIBERATE: &[(&str, &str, &str)] = &[("shape", "Option", "OptionValue")];

#[test]
fn names_match_aws_sdk_rust() {
    let table = include_str!("../data/aws-sdk-rust-names.tsv");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [kind, smithy, expected, model, source] = cols[..] else {
            panic!("malformed row: {line:?}");
        };
        let ours = match kind {
            "member" => naming::field(smithy),
            "shape" => naming::type_name(smithy),
            "operation" => naming::stem(smithy),
            "operation_fn" => naming::snake(smithy),
            other => panic!("unknown kind {other:?}"),
        };
        checked += 1;
        if DELIBERATE.contains(&(kind, smithy, ours.as_str())) {
            continue;
        }
        if ours != expected {
            wrong.push(format!(
                "{kind} {smithy} ({model}): ours {ours}, aws-sdk-rust {expected} ({source})"
            ));
        }
    }
    assert!(checked > 1800, "the table has {checked} rows");
    assert!(
        wrong.is_empty(),
        "{} of {checked} names differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
