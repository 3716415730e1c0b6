//! See the crate docs (`src/lib.rs`). Bench ids: `<client>_full`, `<client>_empty`,
//! `serde_derive_parse`.

use std::hint::black_box;
use std::time::SystemTime;

use bench_common::{REQUEST_ID, RESPONSE_BODY};
use criterion::{criterion_group, criterion_main, Criterion};
use skiff_runtime::http::{
    BoxFuture, Headers, HttpRequest, HttpResponse, HttpTransport, TransportError,
};

const EMPTY_BODY: &[u8] = b"{}";
const JOB_ID: &str = "11111111-2222-4333-8444-555555555555";
const TOKEN: &str = "bench-client-token";
const ENDPOINT: &str = "http://127.0.0.1:1";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// skiff: a transport that answers every request with `body`.
#[derive(Debug)]
struct Canned(&'static [u8]);

impl HttpTransport for Canned {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let body = self.0.to_vec();
        Box::pin(async move {
            let mut headers = Headers::new();
            headers.insert("x-amzn-RequestId", REQUEST_ID);
            headers.insert("Content-Type", "application/x-amz-json-1.1");
            headers.insert("Content-Length", body.len().to_string());
            Ok(HttpResponse::new(200, headers, body))
        })
    }
}

fn skiff_client(body: &'static [u8]) -> skiff_aws_codepipeline::Client {
    use skiff_aws_codepipeline::{Client, Config, Credentials};
    Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(ENDPOINT)
            .credentials(Credentials::new(
                "AKIDEXAMPLEBENCH",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            ))
            .transport(Canned(body))
            .build(),
    )
}

fn sdk_client(body: &'static [u8]) -> aws_sdk_codepipeline::Client {
    use aws_sdk_codepipeline::config::{BehaviorVersion, Credentials, Region};
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |_req| {
        http::Response::builder()
            .status(200)
            .header("x-amzn-RequestId", REQUEST_ID)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("Content-Length", body.len())
            .body(body)
            .expect("response")
    });
    let config = aws_sdk_codepipeline::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(ENDPOINT)
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLEBENCH",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .http_client(http)
        .build();
    aws_sdk_codepipeline::Client::from_conf(config)
}

fn floor_call(body: &'static [u8]) -> floor::FloorOutput {
    let creds = floor::Creds {
        access_key_id: "AKIDEXAMPLEBENCH".to_owned(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
    };
    let signed = floor::build_request("127.0.0.1:1", &creds, SystemTime::now(), JOB_ID, TOKEN);
    black_box(&signed);
    floor::parse(black_box(body)).expect("floor parse")
}

fn benches(c: &mut Criterion) {
    let rt = runtime();
    // Every client first proves it parses the full body.
    let out = rt
        .block_on(
            skiff_client(RESPONSE_BODY)
                .get_third_party_job_details()
                .job_id(JOB_ID)
                .client_token(TOKEN)
                .send(),
        )
        .expect("skiff call");
    assert_eq!(
        out.job_details.and_then(|j| j.id).as_deref(),
        Some(bench_common::expected::JOB_ID)
    );
    let out = rt
        .block_on(
            sdk_client(RESPONSE_BODY)
                .get_third_party_job_details()
                .job_id(JOB_ID)
                .client_token(TOKEN)
                .send(),
        )
        .expect("sdk call");
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
            b.iter(|| {
                rt.block_on(
                    client
                        .get_third_party_job_details()
                        .job_id(JOB_ID)
                        .client_token(TOKEN)
                        .send(),
                )
                .expect("skiff call")
            })
        });
        let client = sdk_client(body);
        c.bench_function(&format!("sdk_{name}"), |b| {
            b.iter(|| {
                rt.block_on(
                    client
                        .get_third_party_job_details()
                        .job_id(JOB_ID)
                        .client_token(TOKEN)
                        .send(),
                )
                .expect("sdk call")
            })
        });
        c.bench_function(&format!("floor_{name}"), |b| b.iter(|| floor_call(body)));
    }
    c.bench_function("serde_derive_parse", |b| {
        b.iter(|| {
            serde_json::from_slice::<floor::FloorOutput>(black_box(RESPONSE_BODY))
                .expect("serde parse")
        })
    });
}

criterion_group!(calls, benches);
criterion_main!(calls);
