//! What the protocol test modules share: a transport that records requests and answers with a
//! canned response, and a one-call exchange through a `Handle`.
#![allow(dead_code)] // Each helper is used by the modules whose features are enabled.

use std::sync::{Arc, Mutex};

use skiff_runtime::client::Handle;
use skiff_runtime::http::BoxFuture;
use skiff_runtime::rt::Failure;
use skiff_runtime::schema::{Operation, Service};
use skiff_runtime::value::Value;
use skiff_runtime::{
    Config, ConfigBuilder, FixedToken, HttpRequest, HttpResponse, HttpTransport, TransportError,
};

/// Records the requests it is sent and answers each with the same canned response.
#[derive(Debug, Clone)]
pub struct Canned {
    response: HttpResponse,
    seen: Arc<Mutex<Vec<HttpRequest>>>,
}

impl HttpTransport for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.seen.lock().unwrap().push(request);
        let response = self.response.clone();
        Box::pin(async move { Ok(response) })
    }
}

/// A response with a status, headers and a text body.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        headers.iter().map(|(k, v)| (*k, *v)).collect(),
        body.as_bytes().to_vec(),
    )
}

/// A config for `endpoint` with the idempotency token the Smithy protocol tests expect.
pub fn config(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint_url(endpoint)
        .token_source(FixedToken(
            "00000000-0000-4000-8000-000000000000".to_owned(),
        ))
}

/// Runs `op` of `service` with `input`, `config` and a transport answering `answer`; returns
/// every request sent and the pipeline's result.
pub async fn exchange(
    config: ConfigBuilder,
    service: &'static Service,
    op: &'static Operation,
    input: Value,
    answer: HttpResponse,
) -> (Vec<HttpRequest>, Result<Value, Failure>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let transport = Canned {
        response: answer,
        seen: seen.clone(),
    };
    // One attempt: these tests are about the wire, not retries.
    let config = config.retry_config(skiff_runtime::config::RetryConfig::disabled());
    let result = Handle::new(config.transport(transport).build(), service)
        .invoke(op, input)
        .await
        .map(|(value, _meta)| value);
    let seen = seen.lock().unwrap().clone();
    (seen, result)
}

/// Upstream Smithy test shapes that several protocol modules use unchanged.
pub mod shapes {
    use skiff_runtime::schema::*;

    pub static HOST_LABEL_INPUT: Schema = Schema::structure(
        "HostLabelInput",
        &[Member::new("label", &prelude::STRING)
            .required()
            .host_label()],
    );

    pub static LIST_WITH_MEMBER_NAMESPACE: Schema = Schema::list(
        "ListWithMemberNamespace",
        &[Member::new("member", &prelude::STRING)
            .xml_namespace(None, "https://xml-member.example.com")],
    )
    .xml_namespace(None, "https://xml-list.example.com");

    pub static LIST_WITH_NAMESPACE: Schema = Schema::list(
        "ListWithNamespace",
        &[Member::new("member", &prelude::STRING)],
    )
    .xml_namespace(None, "https://xml-list.example.com");

    pub static RENAMED_LIST_MEMBERS: Schema = Schema::list(
        "RenamedListMembers",
        &[Member::new("member", &prelude::STRING).xml_name("item")],
    );

    pub static SPARSE_STRING_LIST: Schema = Schema::list(
        "SparseStringList",
        &[Member::new("member", &prelude::STRING)],
    )
    .sparse();

    pub static STRING_LIST: Schema =
        Schema::list("StringList", &[Member::new("member", &prelude::STRING)]);

    pub static STRING_MAP: Schema = Schema::map(
        "StringMap",
        &[
            Member::new("key", &prelude::STRING),
            Member::new("value", &prelude::STRING),
        ],
    );
}

/// `$SKIFF_UPSTREAM/<relative>` (default `<CARGO_MANIFEST_DIR>/../../../shared/upstream`), or
/// `None` with a message when it is absent, so the caller skips. With
/// `SKIFF_REQUIRE_UPSTREAM=1` an absent directory is a failure instead.
pub fn upstream_or_skip(relative: &str, what: &str) -> Option<std::path::PathBuf> {
    let root = std::env::var_os("SKIFF_UPSTREAM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream")
        });
    let path = root.join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("SKIFF_REQUIRE_UPSTREAM").as_deref() == Ok("1") {
        panic!(
            "SKIFF_REQUIRE_UPSTREAM=1 but {what} is missing at {} (set SKIFF_UPSTREAM to the \
             directory holding {relative})",
            path.display()
        );
    }
    println!(
        "{what} skipped: upstream data absent at {} (set SKIFF_UPSTREAM, or \
         SKIFF_REQUIRE_UPSTREAM=1 to make this a failure)",
        path.display()
    );
    None
}
