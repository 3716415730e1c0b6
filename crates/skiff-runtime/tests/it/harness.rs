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
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (*k, *v)).collect(),
        body: body.as_bytes().to_vec(),
    }
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
    let result = Handle::new(config.transport(transport).build(), service)
        .invoke(op, input)
        .await;
    let seen = seen.lock().unwrap().clone();
    (seen, result)
}

/// Test shapes that several protocol modules use unchanged (they mirror the same upstream
/// Smithy test shapes); a module's own definition of a name shadows these.
pub mod shapes {
    use skiff_runtime::schema::*;

    pub static EMPTY_INPUT: Schema = Schema::structure("EmptyInputAndEmptyOutputInput", &[]);

    pub static ENUM_LIST: Schema =
        Schema::list("FooEnumList", &[Member::new("member", &prelude::ENUM)]);

    pub static FOO_ENUM_MAP: Schema = Schema::map(
        "FooEnumMap",
        &[
            Member::new("key", &prelude::STRING),
            Member::new("value", &prelude::ENUM),
        ],
    );

    pub static HOST_LABEL_INPUT: Schema = Schema::structure(
        "HostLabelInput",
        &[Member::new("label", &prelude::STRING)
            .required()
            .host_label()],
    );

    pub static INTEGER_ENUM_LIST: Schema = Schema::list(
        "IntegerEnumList",
        &[Member::new("member", &prelude::INT_ENUM)],
    );

    pub static INTEGER_ENUM_MAP: Schema = Schema::map(
        "IntegerEnumMap",
        &[
            Member::new("key", &prelude::STRING),
            Member::new("value", &prelude::INT_ENUM),
        ],
    );

    pub static INT_ENUM_LIST: Schema = Schema::list(
        "IntegerEnumList",
        &[Member::new("member", &prelude::INT_ENUM)],
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

    pub static LIST_WITH_XML_NAME: Schema = Schema::list(
        "ListWithXmlName",
        &[Member::new("member", &prelude::STRING).xml_name("item")],
    );

    pub static NAMESPACED_LIST: Schema = Schema::list(
        "XmlNamespacedList",
        &[Member::new("member", &prelude::STRING).xml_namespace(None, "http://bux.com")],
    );

    pub static NAMESPACE_NESTED: Schema = Schema::structure(
        "XmlNamespaceNested",
        &[
            Member::new("foo", &prelude::STRING).xml_namespace(Some("baz"), "http://baz.com"),
            Member::new("values", &NAMESPACED_LIST).xml_namespace(None, "http://qux.com"),
        ],
    )
    .xml_namespace(None, "http://foo.com");

    pub static NESTED_INPUT: Schema = Schema::structure(
        "NestedStructuresInput",
        &[Member::new("Nested", &STRUCT_ARG)],
    );

    pub static NESTED_PAYLOAD: Schema = Schema::structure(
        "NestedPayload",
        &[
            Member::new("greeting", &prelude::STRING),
            Member::new("name", &prelude::STRING),
        ],
    );

    pub static NESTED_STRUCT_WITH_LIST: Schema = Schema::structure(
        "NestedStructWithList",
        &[Member::new("ListArg", &STRING_LIST)],
    );

    pub static RENAMED_LIST_MEMBERS: Schema = Schema::list(
        "RenamedListMembers",
        &[Member::new("member", &prelude::STRING).xml_name("item")],
    );

    pub static SPARSE_STRING_LIST: Schema = Schema::list(
        "SparseStringList",
        &[Member::new("member", &prelude::STRING)],
    )
    .sparse();

    pub static STRING_ENUM: Schema = Schema::simple("StringEnum", Kind::Enum);

    pub static STRING_LIST: Schema =
        Schema::list("StringList", &[Member::new("member", &prelude::STRING)]);

    pub static STRING_MAP: Schema = Schema::map(
        "StringMap",
        &[
            Member::new("key", &prelude::STRING),
            Member::new("value", &prelude::STRING),
        ],
    );

    pub static STRING_SET: Schema =
        Schema::list("StringSet", &[Member::new("member", &prelude::STRING)]);

    pub static STRUCT_ARG: Schema = Schema::structure(
        "StructArg",
        &[
            Member::new("StringArg", &prelude::STRING),
            Member::new("OtherArg", &prelude::BOOLEAN),
            Member::new("RecursiveArg", &STRUCT_ARG),
        ],
    );

    pub static TIMESTAMP_LIST: Schema = Schema::list(
        "TimestampList",
        &[Member::new("member", &prelude::TIMESTAMP)],
    );

    pub static TOKEN_INPUT: Schema = Schema::structure(
        "QueryIdempotencyTokenAutoFillInput",
        &[Member::new("token", &prelude::STRING).idempotency_token()],
    );
}
