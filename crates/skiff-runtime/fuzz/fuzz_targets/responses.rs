//! Every protocol's response parser on arbitrary bytes and statuses, through the public
//! pipeline: a value or a typed failure, never a panic (the property tests in `tests/it` run the
//! same check for a bounded number of cases in `cargo test`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use skiff_runtime::client::Handle;
use skiff_runtime::config::RetryConfig;
use skiff_runtime::http::BoxFuture;
use skiff_runtime::schema::{prelude, Member, Operation, Protocol, Schema, Service, Signing};
use skiff_runtime::value::Value;
use skiff_runtime::{Config, HttpRequest, HttpResponse, HttpTransport, TransportError};

static RECORD: Schema = Schema::structure(
    "Record",
    &[
        Member::new("name", &prelude::STRING),
        Member::new("count", &prelude::INTEGER),
        Member::new("when", &prelude::TIMESTAMP),
        Member::new("data", &prelude::BLOB),
        Member::new("tags", &TAGS),
    ],
);
static TAGS: Schema = Schema::list("Tags", &[Member::new("member", &prelude::STRING)]);
static OP: Operation = Operation::new("Echo", &RECORD, &RECORD);

#[derive(Debug)]
struct Answer(HttpResponse);

impl HttpTransport for Answer {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let response = self.0.clone();
        Box::pin(async move { Ok(response) })
    }
}

fn services() -> &'static [Service] {
    static SERVICES: OnceLock<Vec<Service>> = OnceLock::new();
    SERVICES.get_or_init(|| {
        [
            Protocol::AwsJson1_1,
            Protocol::AwsQuery,
            Protocol::Ec2Query,
            Protocol::RestJson1,
            Protocol::RestXml,
            Protocol::HuaweiRestJson,
        ]
        .into_iter()
        .map(|protocol| Service {
            name: "Svc",
            version: "1",
            protocol,
            signing: Signing::Anonymous,
            endpoint: "https://example.com",
            endpoint_overrides: &[],
            xml_namespace: None,
            query_compatible: false,
            crate_name: "skiff-fuzz",
            crate_version: "0.0.0",
            endpoint_rules: None,
            env_id: "",
        })
        .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let status = [200, 400, 404, 500, 302][usize::from(selector) % 5];
    let service = &services()[usize::from(selector / 5) % services().len()];
    let config = Config::builder()
        .endpoint_url("https://example.com")
        .retry_config(RetryConfig::disabled())
        .transport(Answer(HttpResponse::new(status, Default::default(), body.to_vec())))
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let _ = runtime.block_on(Handle::new(config, service).invoke(&OP, Value::Struct(vec![None; 5])));
});
