//! The in-memory calls of `cargo xtask bench`, shared by the criterion bench
//! (`benches/calls.rs`) and the instruction-count program (`src/bin/parse-count.rs`, run under
//! callgrind, whose counts do not move with the machine's load).
//!
//! For each client (skiff, aws-sdk-codepipeline, the floor), one full call in memory (no
//! network: a transport answering with the canned response), once with the stub's full
//! 1.4 kB body and once with `{}`; the difference is the cost of parsing the body into the
//! output type. The floor has no transport to replace: its "call" is build + sign + parse.
//! Plus `serde_json::from_slice` of the body into the floor's serde-derived output alone.

use std::hint::black_box;
use std::time::SystemTime;

use bench_common::REQUEST_ID;
use skiff_runtime::http::{
    BoxFuture, Headers, HttpRequest, HttpResponse, HttpTransport, TransportError,
};

pub use bench_common::RESPONSE_BODY;

/// The empty body: `{}`.
pub const EMPTY_BODY: &[u8] = b"{}";
/// The job id every call sends.
pub const JOB_ID: &str = "11111111-2222-4333-8444-555555555555";
/// The client token every call sends.
pub const TOKEN: &str = "bench-client-token";
const ENDPOINT: &str = "http://127.0.0.1:1";

/// A current-thread tokio runtime, as the programs use.
pub fn runtime() -> tokio::runtime::Runtime {
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
        // The canned bytes themselves, as a transport hands over the buffer it read into.
        let body = skiff_runtime::http::Bytes::from_static(self.0);
        Box::pin(async move {
            let mut headers = Headers::new();
            headers.insert("x-amzn-RequestId", REQUEST_ID);
            headers.insert("Content-Type", "application/x-amz-json-1.1");
            headers.insert("Content-Length", body.len().to_string());
            Ok(HttpResponse::new(200, headers, body))
        })
    }
}

/// skiff, answering every call with `body`.
pub fn skiff_client(body: &'static [u8]) -> skiff_aws_codepipeline::Client {
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

/// aws-sdk-codepipeline, answering every call with `body`.
pub fn sdk_client(body: &'static [u8]) -> aws_sdk_codepipeline::Client {
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

/// The floor: build and sign the request, parse `body`.
pub fn floor_call(body: &'static [u8]) -> floor::FloorOutput {
    let creds = floor::Creds {
        access_key_id: "AKIDEXAMPLEBENCH".to_owned(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
    };
    let signed = floor::build_request("127.0.0.1:1", &creds, SystemTime::now(), JOB_ID, TOKEN);
    black_box(&signed);
    floor::parse(black_box(body)).expect("floor parse")
}

/// One skiff call.
pub fn skiff_send(
    rt: &tokio::runtime::Runtime,
    client: &skiff_aws_codepipeline::Client,
) -> skiff_aws_codepipeline::operation::get_third_party_job_details::GetThirdPartyJobDetailsOutput {
    rt.block_on(
        client
            .get_third_party_job_details()
            .job_id(JOB_ID)
            .client_token(TOKEN)
            .send(),
    )
    .expect("skiff call")
}

/// One SDK call.
pub fn sdk_send(
    rt: &tokio::runtime::Runtime,
    client: &aws_sdk_codepipeline::Client,
) -> aws_sdk_codepipeline::operation::get_third_party_job_details::GetThirdPartyJobDetailsOutput {
    rt.block_on(
        client
            .get_third_party_job_details()
            .job_id(JOB_ID)
            .client_token(TOKEN)
            .send(),
    )
    .expect("sdk call")
}

/// serde derive alone: the body into the floor's output type.
pub fn serde_parse(body: &[u8]) -> floor::FloorOutput {
    serde_json::from_slice::<floor::FloorOutput>(black_box(body)).expect("serde parse")
}
