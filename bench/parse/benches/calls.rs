//! See the crate docs (`src/lib.rs`). Bench ids: `<client>_full`, `<client>_empty`,
//! `serde_derive_parse`.

use bench_parse::{
    floor_call, runtime, sdk_client, sdk_send, serde_parse, skiff_client, skiff_send, EMPTY_BODY,
    RESPONSE_BODY,
};
use criterion::{criterion_group, criterion_main, Criterion};

fn benches(c: &mut Criterion) {
    let rt = runtime();
    // Every client first proves it parses the full body.
    let out = skiff_send(&rt, &skiff_client(RESPONSE_BODY));
    assert_eq!(
        out.job_details.and_then(|j| j.id).as_deref(),
        Some(bench_common::expected::JOB_ID)
    );
    let out = sdk_send(&rt, &sdk_client(RESPONSE_BODY));
    assert_eq!(
        out.job_details().and_then(|j| j.id()),
        Some(bench_common::expected::JOB_ID)
    );
    assert_eq!(
        floor_call(RESPONSE_BODY)
            .job_details
            .and_then(|j| j.id)
            .as_deref(),
        Some(bench_common::expected::JOB_ID)
    );

    for (name, body) in [("full", RESPONSE_BODY), ("empty", EMPTY_BODY)] {
        let client = skiff_client(body);
        c.bench_function(&format!("skiff_{name}"), |b| {
            b.iter(|| skiff_send(&rt, &client))
        });
        let client = sdk_client(body);
        c.bench_function(&format!("sdk_{name}"), |b| {
            b.iter(|| sdk_send(&rt, &client))
        });
        c.bench_function(&format!("floor_{name}"), |b| b.iter(|| floor_call(body)));
    }
    c.bench_function("serde_derive_parse", |b| {
        b.iter(|| serde_parse(RESPONSE_BODY))
    });
}

criterion_group!(calls, benches);
criterion_main!(calls);
