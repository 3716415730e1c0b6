//! The ec2Query protocol through the public request pipeline (`Handle::invoke`), for what the
//! Smithy ec2Query protocol tests (run by `cargo xtask protocol-tests` against generated
//! clients) do not check:
//!
//! - the exact percent-encoding of form values (the suite compares decoded pairs) and `float`
//!   members' f32 digits;
//! - lists of lists and `@xmlFlattened` lists (not in the upstream model);
//! - host labels that would change the host, refused before any I/O without quoting them;
//! - error metadata (status, code, message, request id), unmodeled codes, error bodies that are
//!   not XML, malformed outputs and member values that do not parse (named by path, never
//!   quoted);
//! - SigV4 signing against a region's endpoint.
//!
//! Run with `cargo test -p skiff-runtime --features aws-query,sigv4 --test it ec2_query`.
#![cfg(feature = "aws-query")]

use crate::harness::shapes::{HOST_LABEL_INPUT, STRING_LIST};
use crate::harness::{self, response};

use skiff_runtime::rt::Failure;
use skiff_runtime::rt::{prelude, Member, Operation, Protocol, Schema, Service, Signing, Value};
use skiff_runtime::{ErrorMeta, HttpRequest, HttpResponse};

// ---------------------------------------------------------------------------------------------
// Harness

static SERVICE: Service = Service {
    name: "AwsEc2",
    version: "2020-01-08",
    protocol: Protocol::Ec2Query,
    signing: Signing::Anonymous,
    endpoint: "https://example.com",
    endpoint_overrides: &[],
    xml_namespace: Some("https://example.com/"),
    query_compatible: false,
    crate_name: "skiff-test",
    crate_version: "0.0.0",
    endpoint_rules: None,
    env_id: "",
};

/// Runs `op` with `input` against `endpoint` and a transport answering `answer`; returns the
/// requests sent and the pipeline's result.
async fn exchange_at(
    endpoint: &str,
    op: &'static Operation,
    input: Value,
    answer: HttpResponse,
) -> (Vec<HttpRequest>, Result<Value, Failure>) {
    harness::exchange(harness::config(endpoint), &SERVICE, op, input, answer).await
}

/// The body `op` sends for `input` (answered with an empty 200).
async fn body_of(op: &'static Operation, input: Value) -> String {
    let (mut seen, result) =
        exchange_at("https://example.com", op, input, response(200, &[], "")).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(seen.len(), 1, "exactly one request is sent");
    String::from_utf8(seen.remove(0).body).unwrap()
}

/// The result `op` reads from `answer`.
async fn answer(op: &'static Operation, answer: HttpResponse) -> Result<Value, Failure> {
    exchange_at("https://example.com", op, empty(op.input), answer)
        .await
        .1
}

fn service_error(result: Result<Value, Failure>) -> (ErrorMeta, Option<(usize, Value)>) {
    match result {
        Err(Failure::Service { meta, modeled }) => (*meta, modeled),
        other => panic!("not a service error: {other:?}"),
    }
}

fn empty(schema: &Schema) -> Value {
    Value::Struct(vec![None; schema.members.len()])
}

/// A structure value of `schema` with the named members set.
fn st(schema: &Schema, fields: Vec<(&str, Value)>) -> Value {
    let mut slots = vec![None; schema.members.len()];
    for (name, value) in fields {
        let i = schema
            .member_index(name)
            .unwrap_or_else(|| panic!("{} has no member {name}", schema.name));
        slots[i] = Some(value);
    }
    Value::Struct(slots)
}

fn s(v: &str) -> Value {
    Value::Str(v.to_owned())
}

fn strs(vs: &[&str]) -> Value {
    Value::List(vs.iter().map(|v| s(v)).collect())
}

const fn op(name: &'static str, input: &'static Schema, output: &'static Schema) -> Operation {
    Operation {
        name,
        input,
        output,
        errors: &[],
        http: None,
        host_prefix: None,
        paginated: None,
        checksum_required: false,
        request_compression: &[],
        auth: skiff_runtime::schema::OpAuth::Service,
        endpoint_params: &[],
    }
}

// ---------------------------------------------------------------------------------------------
// Requests

static SIMPLE_INPUT: Schema = Schema::structure(
    "SimpleInputParamsInput",
    &[
        Member::new("Foo", &prelude::STRING),
        Member::new("FloatValue", &prelude::FLOAT),
    ],
);
static SIMPLE_INPUT_PARAMS: Operation = op("SimpleInputParams", &SIMPLE_INPUT, &prelude::UNIT);

async fn simple(fields: Vec<(&str, Value)>) -> String {
    body_of(&SIMPLE_INPUT_PARAMS, st(&SIMPLE_INPUT, fields)).await
}

#[tokio::test(flavor = "current_thread")]
async fn request_float_digits_and_percent_encoding() {
    let prefix = "Action=SimpleInputParams&Version=2020-01-08";
    // A `float` member keeps its f32 digits.
    assert_eq!(
        simple(vec![("FloatValue", Value::Float(f64::from(10.8f32)))]).await,
        format!("{prefix}&FloatValue=10.8")
    );
    // Form encoding as botocore's: a space is +, a plus %2B.
    assert_eq!(
        simple(vec![("Foo", s("a b+c&d=é"))]).await,
        format!("{prefix}&Foo=a+b%2Bc%26d%3D%C3%A9")
    );
}

static NESTED_STRING_LIST: Schema =
    Schema::list("NestedStringList", &[Member::new("member", &STRING_LIST)]);
static LISTS_INPUT: Schema = Schema::structure(
    "QueryListsInput",
    &[
        // Not in the upstream model: a list of lists, and a flattened list (flattened changes
        // nothing in ec2Query).
        Member::new("NestedStringList", &NESTED_STRING_LIST),
        Member::new("Flat", &STRING_LIST).xml_flattened(),
    ],
);
static QUERY_LISTS: Operation = op("QueryLists", &LISTS_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_nested_and_flattened_lists() {
    let input = st(
        &LISTS_INPUT,
        vec![
            (
                "NestedStringList",
                Value::List(vec![strs(&["a", "b"]), strs(&["c"])]),
            ),
            ("Flat", strs(&["x"])),
        ],
    );
    assert_eq!(
        body_of(&QUERY_LISTS, input).await,
        "Action=QueryLists&Version=2020-01-08&NestedStringList.1.1=a&NestedStringList.1.2=b\
         &NestedStringList.2.1=c&Flat.1=x"
    );
}

static ENDPOINT_WITH_HOST_LABEL: Operation = Operation {
    host_prefix: Some("foo.{label}."),
    ..op(
        "EndpointWithHostLabelOperation",
        &HOST_LABEL_INPUT,
        &prelude::UNIT,
    )
};

#[tokio::test(flavor = "current_thread")]
async fn host_label_that_changes_the_host_is_refused() {
    // A label that would change the host's meaning is refused before any I/O.
    let input = st(&HOST_LABEL_INPUT, vec![("label", s("evil.com/x"))]);
    let (seen, result) = exchange_at(
        "https://example.com",
        &ENDPOINT_WITH_HOST_LABEL,
        input,
        response(200, &[], ""),
    )
    .await;
    assert!(seen.is_empty());
    match result {
        Err(Failure::InvalidInput(e)) => {
            assert!(e.to_string().contains("HostLabelInput.label"), "{e}");
            assert!(!e.to_string().contains("evil"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Responses and errors

static SIMPLE_SCALAR_OUTPUT: Schema = Schema::structure(
    "SimpleScalarXmlPropertiesOutput",
    &[Member::new("byteValue", &prelude::BYTE)],
);
static SIMPLE_SCALAR_PROPERTIES: Operation = op(
    "SimpleScalarXmlProperties",
    &prelude::UNIT,
    &SIMPLE_SCALAR_OUTPUT,
);

static GREETING_OUTPUT: Schema = Schema::structure(
    "GreetingWithErrorsOutput",
    &[Member::new("greeting", &prelude::STRING)],
);
static INVALID_GREETING: Schema = Schema::structure(
    "InvalidGreeting",
    &[Member::new("Message", &prelude::STRING)],
)
.error("InvalidGreeting", 0, false);
static GREETING_WITH_ERRORS: Operation = Operation {
    errors: &[&INVALID_GREETING],
    ..op("GreetingWithErrors", &prelude::UNIT, &GREETING_OUTPUT)
};

fn ec2_error(code: &str) -> HttpResponse {
    response(
        400,
        &[("Content-Type", "text/xml;charset=UTF-8")],
        &format!(
            "<Response>\n    <Errors>\n        <Error>\n            <Code>{code}</Code>\n            \
             <Message>Hi</Message>\n        </Error>\n    </Errors>\n    \
             <RequestID>foo-id</RequestID>\n</Response>"
        ),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn modeled_error_metadata() {
    // The metadata of a modeled error: status, code, message and the body's RequestID.
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, ec2_error("InvalidGreeting")).await);
    assert_eq!(
        meta,
        ErrorMeta::new(
            400,
            Some("InvalidGreeting".to_owned()),
            Some("Hi".to_owned()),
            Some("foo-id".to_owned())
        )
    );
    assert_eq!(modeled.map(|m| m.0), Some(0));
}

#[tokio::test(flavor = "current_thread")]
async fn unmodeled_and_non_xml_errors() {
    // A real EC2 code, not modeled by the operation.
    let (meta, modeled) = service_error(
        answer(
            &GREETING_WITH_ERRORS,
            ec2_error("InvalidInstanceID.NotFound"),
        )
        .await,
    );
    assert_eq!(meta.code.as_deref(), Some("InvalidInstanceID.NotFound"));
    assert_eq!(meta.message.as_deref(), Some("Hi"));
    assert_eq!(modeled, None);
    // Not XML: the status and the header's request id.
    for body in ["", "<html>Bad Gateway", "Service Unavailable"] {
        let answer_ = response(503, &[("x-amzn-RequestId", "hdr")], body);
        let (meta, modeled) = service_error(answer(&GREETING_WITH_ERRORS, answer_).await);
        assert_eq!(
            meta,
            ErrorMeta::new(503, None, None, Some("hdr".to_owned()))
        );
        assert_eq!(modeled, None);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn malformed_outputs_are_response_errors() {
    // Not XML at all: the header's request id.
    let answer_ = response(
        200,
        &[("x-amzn-RequestId", "hdr")],
        "<GreetingWithErrorsResponse>",
    );
    match answer(&GREETING_WITH_ERRORS, answer_).await {
        Err(Failure::Response(e)) => {
            assert!(
                e.reason().contains("malformed") || e.reason().contains("ends"),
                "{}",
                e.reason()
            );
            assert_eq!(e.meta().request_id.as_deref(), Some("hdr"));
        }
        other => panic!("{other:?}"),
    }
    // A member that does not parse: named by path, never quoted; the body's requestId.
    let body = "<SimpleScalarXmlPropertiesResponse><byteValue>secret-value</byteValue>\
                <requestId>body-id</requestId></SimpleScalarXmlPropertiesResponse>";
    match answer(&SIMPLE_SCALAR_PROPERTIES, response(200, &[], body)).await {
        Err(Failure::Response(e)) => {
            assert!(
                e.reason()
                    .contains("`SimpleScalarXmlPropertiesOutput.byteValue`"),
                "{}",
                e.reason()
            );
            assert!(!e.reason().contains("secret"), "{}", e.reason());
            assert_eq!(e.meta().request_id.as_deref(), Some("body-id"));
        }
        other => panic!("{other:?}"),
    }
}

#[cfg(feature = "sigv4")]
#[tokio::test(flavor = "current_thread")]
async fn requests_are_signed_with_sigv4() {
    use skiff_runtime::{Credentials, DateTime, FixedClock};
    static SIGNED: Service = Service {
        name: "AwsEc2",
        version: "2020-01-08",
        protocol: Protocol::Ec2Query,
        signing: Signing::SigV4 { name: "ec2query" },
        endpoint: "https://ec2.{region}.amazonaws.com",
        endpoint_overrides: &[],
        xml_namespace: Some("https://example.com/"),
        query_compatible: false,
        crate_name: "skiff-test",
        crate_version: "0.0.0",
        endpoint_rules: None,
        env_id: "",
    };
    let config = skiff_runtime::Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ))
        .time_source(FixedClock(DateTime::from_secs(1422172800)));
    let input = st(&SIMPLE_INPUT, vec![("Foo", s("val1"))]);
    let (mut seen, result) = harness::exchange(
        config,
        &SIGNED,
        &SIMPLE_INPUT_PARAMS,
        input,
        response(200, &[], ""),
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
    let request = seen.remove(0);
    assert_eq!(request.url, "https://ec2.us-east-1.amazonaws.com/");
    assert_eq!(request.headers.get("x-amz-date"), Some("20150125T080000Z"));
    let authorization = request.headers.get("authorization").unwrap_or_default();
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150125/us-east-1/ec2query/aws4_request"
        ),
        "{authorization}"
    );
}
