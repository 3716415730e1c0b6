//! The AWS restJson1 protocol through the public request pipeline (`Handle::invoke`): hand-written
//! schemas mirroring the Smithy protocol tests
//! (`smithy-aws-protocol-tests/model/restJson1/*.smithy`, test ids in each test's doc), a
//! recording transport answering with canned responses, and exact request lines, headers and
//! body bytes, and parsed output and error values.
//!
//! Run with `cargo test -p skiff-runtime --features rest-json --test rest_json`.
#![cfg(feature = "rest-json")]

#[allow(unused_imports)] // Each module uses some of the shared shapes.
use crate::harness::shapes::*;
use crate::harness::{self, response};

use std::collections::BTreeMap;

use skiff_runtime::rt::Failure;
use skiff_runtime::schema::{
    prelude, Binding, HttpTrait, Kind, Member, Operation, Protocol, Schema, Service, Signing,
};
use skiff_runtime::value::{Document, Number, Value};
use skiff_runtime::{DateTime, ErrorMeta, HttpRequest, HttpResponse, TimestampFormat};

// ---------------------------------------------------------------------------------------------
// Harness

static SERVICE: Service = Service {
    name: "RestJson",
    version: "2019-12-16",
    protocol: Protocol::RestJson1,
    signing: Signing::Anonymous,
    endpoint: "https://example.com",
    endpoint_overrides: &[],
    xml_namespace: None,
    query_compatible: false,
};

/// Runs `op` with `input` against `endpoint` and a transport answering `answer`; returns the
/// request sent (if any) and the pipeline's result.
async fn exchange_at(
    endpoint: &str,
    op: &'static Operation,
    input: Value,
    answer: HttpResponse,
) -> (Option<HttpRequest>, Result<Value, Failure>) {
    let (mut seen, result) =
        harness::exchange(harness::config(endpoint), &SERVICE, op, input, answer).await;
    assert!(seen.len() <= 1, "at most one request is sent");
    (seen.pop(), result)
}

/// The request `op` sends for `input` (answered with an empty 200).
async fn request(op: &'static Operation, input: Value) -> HttpRequest {
    request_at("https://example.com", op, input).await
}

async fn request_at(endpoint: &str, op: &'static Operation, input: Value) -> HttpRequest {
    let (req, _) = exchange_at(endpoint, op, input, response(200, &[], "")).await;
    req.expect("a request was sent")
}

/// What `op` makes of `answer` (for an empty input).
async fn answer(op: &'static Operation, answer: HttpResponse) -> Result<Value, Failure> {
    let input = st(op.input.members.len(), &[]);
    exchange_at("https://example.com", op, input, answer)
        .await
        .1
}

/// The output `op` reads from `answer`; panics on failure.
async fn output(
    op: &'static Operation,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Value {
    match answer(op, response(status, headers, body)).await {
        Ok(v) => v,
        Err(e) => panic!("expected an output, got {e:?}"),
    }
}

/// The error metadata and modeled error of an error answer.
async fn error(
    op: &'static Operation,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> (ErrorMeta, Option<(usize, Value)>) {
    match answer(op, response(status, headers, body)).await {
        Err(Failure::Service { meta, modeled }) => (meta, modeled),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn body(req: &HttpRequest) -> &str {
    std::str::from_utf8(&req.body).expect("a UTF-8 body")
}

/// The headers of a request other than those every request has: name and value, in order.
fn headers(req: &HttpRequest) -> Vec<(String, String)> {
    req.headers
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A structure value of `len` members with `slots` set by index.
fn st(len: usize, slots: &[(usize, Value)]) -> Value {
    let mut out = vec![None; len];
    for (i, v) in slots {
        out[*i] = Some(v.clone());
    }
    Value::Struct(out)
}

fn s(v: &str) -> Value {
    Value::Str(v.to_owned())
}

fn int(i: i64) -> Value {
    Value::Int(i)
}

fn float(f: f32) -> Value {
    Value::Float(f64::from(f))
}

fn ts(secs: i64) -> Value {
    Value::Timestamp(DateTime::from_secs(secs))
}

fn list(items: &[Value]) -> Value {
    Value::List(items.to_vec())
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn strs(items: &[&str]) -> Value {
    Value::List(items.iter().map(|v| s(v)).collect())
}

fn doc_obj(entries: &[(&str, Document)]) -> Document {
    Document::Object(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn doc_str(v: &str) -> Document {
    Document::String(v.to_owned())
}

const fn op(
    name: &'static str,
    input: &'static Schema,
    output: &'static Schema,
    method: &'static str,
    uri: &'static str,
) -> Operation {
    Operation {
        name,
        input,
        output,
        errors: &[],
        http: Some(HttpTrait {
            method,
            uri,
            code: 200,
        }),
        host_prefix: None,
        paginated: None,
        checksum_required: false,
        request_compression: &[],
        auth: skiff_runtime::schema::OpAuth::Service,
    }
}

const fn header(name: &'static str, target: &'static Schema, h: &'static str) -> Member {
    Member::new(name, target).binding(Binding::Header(h))
}

const fn query(name: &'static str, target: &'static Schema, q: &'static str) -> Member {
    Member::new(name, target).binding(Binding::Query(q))
}

const fn label(name: &'static str, target: &'static Schema) -> Member {
    Member::new(name, target).binding(Binding::Label).required()
}

const fn payload(name: &'static str, target: &'static Schema) -> Member {
    Member::new(name, target).binding(Binding::Payload)
}

// ---------------------------------------------------------------------------------------------
// Shared shapes (aws.protocoltests.shared)

static EMPTY: Schema = Schema::structure("Empty", &[]);
static INTEGER_LIST: Schema =
    Schema::list("IntegerList", &[Member::new("member", &prelude::INTEGER)]);
static DOUBLE_LIST: Schema = Schema::list("DoubleList", &[Member::new("member", &prelude::DOUBLE)]);
static BOOLEAN_LIST: Schema =
    Schema::list("BooleanList", &[Member::new("member", &prelude::BOOLEAN)]);
static FOO_ENUM_LIST: Schema =
    Schema::list("FooEnumList", &[Member::new("member", &prelude::ENUM)]);
static NESTED_STRING_LIST: Schema =
    Schema::list("NestedStringList", &[Member::new("member", &STRING_LIST)]);
static SPARSE_SHORT_LIST: Schema =
    Schema::list("SparseShortList", &[Member::new("member", &prelude::SHORT)]).sparse();
static STRING_LIST_MAP: Schema = Schema::map(
    "StringListMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &STRING_LIST),
    ],
);
static DATE_TIME: Schema =
    Schema::simple("DateTime", Kind::Timestamp).timestamp_format(TimestampFormat::DateTime);
static EPOCH_SECONDS: Schema =
    Schema::simple("EpochSeconds", Kind::Timestamp).timestamp_format(TimestampFormat::EpochSeconds);
static HTTP_DATE: Schema =
    Schema::simple("HttpDate", Kind::Timestamp).timestamp_format(TimestampFormat::HttpDate);
static TEXT_PLAIN_BLOB: Schema =
    Schema::simple("TextPlainBlob", Kind::Blob).media_type("text/plain");
static JSON_VALUE: Schema =
    Schema::simple("JsonValue", Kind::String).media_type("application/json");
static GREETING_STRUCT: Schema =
    Schema::structure("GreetingStruct", &[Member::new("hi", &prelude::STRING)]);

// ---------------------------------------------------------------------------------------------
// Empty inputs and outputs, bodies and Content-Type (empty-input-output.smithy,
// http-content-type.smithy)

static NO_INPUT_AND_NO_OUTPUT: Operation = op(
    "NoInputAndNoOutput",
    &prelude::UNIT,
    &prelude::UNIT,
    "POST",
    "/NoInputAndNoOutput",
);
static EMPTY_INPUT_AND_EMPTY_OUTPUT: Operation = op(
    "EmptyInputAndEmptyOutput",
    &EMPTY,
    &EMPTY,
    "POST",
    "/EmptyInputAndEmptyOutput",
);

/// RestJsonNoInputAndNoOutput, RestJsonUnitInputAndOutput, RestJsonEmptyInputAndEmptyOutput,
/// RestJsonHttpPostWithNoInput: no body and no `Content-Type` when nothing goes in the body.
#[tokio::test(flavor = "current_thread")]
async fn inputs_without_body_members_send_no_body() {
    for op in [&NO_INPUT_AND_NO_OUTPUT, &EMPTY_INPUT_AND_EMPTY_OUTPUT] {
        let req = request(op, st(0, &[])).await;
        assert_eq!(req.method, "POST");
        assert_eq!(req.url, format!("https://example.com/{}", op.name));
        assert!(req.body.is_empty());
        assert!(req.headers.is_empty(), "{:?}", headers(&req));
    }
}

/// RestJsonNoInputAndNoOutput, RestJsonNoInputAndOutputWithJson,
/// RestJsonNoInputAndOutputNoPayload, RestJsonEmptyInputAndEmptyOutput(JsonObjectOutput):
/// empty, whitespace and `{}` bodies all give an empty output.
#[tokio::test(flavor = "current_thread")]
async fn empty_bodies_give_empty_outputs() {
    for body in ["", "{}", "  \n", " {} "] {
        assert_eq!(
            output(&EMPTY_INPUT_AND_EMPTY_OUTPUT, 200, &[], body).await,
            st(0, &[])
        );
        assert_eq!(
            output(&NO_INPUT_AND_NO_OUTPUT, 200, &[], body).await,
            st(0, &[])
        );
    }
}

static TEST_CONFIG: Schema =
    Schema::structure("TestConfig", &[Member::new("timeout", &prelude::INTEGER)]);
static TEST_BODY_STRUCTURE_IO: Schema = Schema::structure(
    "TestBodyStructureInputOutput",
    &[
        header("testId", &prelude::STRING, "x-amz-test-id"),
        Member::new("testConfig", &TEST_CONFIG),
    ],
);
static TEST_BODY_STRUCTURE: Operation = op(
    "TestBodyStructure",
    &TEST_BODY_STRUCTURE_IO,
    &TEST_BODY_STRUCTURE_IO,
    "POST",
    "/body",
);

/// RestJsonTestBodyStructure, RestJsonHttpWithEmptyBody: an input with body members always
/// sends a JSON object, `{}` when none is set.
#[tokio::test(flavor = "current_thread")]
async fn body_structure_and_empty_body() {
    let req = request(&TEST_BODY_STRUCTURE, st(2, &[(1, st(1, &[(0, int(10))]))])).await;
    assert_eq!(req.url, "https://example.com/body");
    assert_eq!(body(&req), r#"{"testConfig":{"timeout":10}}"#);
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );

    let req = request(&TEST_BODY_STRUCTURE, st(2, &[])).await;
    assert_eq!(body(&req), "{}");
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );
}

static PAYLOAD_CONFIG: Schema =
    Schema::structure("PayloadConfig", &[Member::new("data", &prelude::INTEGER)]);
static TEST_PAYLOAD_STRUCTURE_IO: Schema = Schema::structure(
    "TestPayloadStructureInputOutput",
    &[
        header("testId", &prelude::STRING, "x-amz-test-id"),
        payload("payloadConfig", &PAYLOAD_CONFIG),
    ],
);
static TEST_PAYLOAD_STRUCTURE: Operation = op(
    "TestPayloadStructure",
    &TEST_PAYLOAD_STRUCTURE_IO,
    &TEST_PAYLOAD_STRUCTURE_IO,
    "POST",
    "/payload",
);

/// RestJsonTestPayloadStructure, RestJsonHttpWithEmptyStructurePayload,
/// RestJsonHttpWithHeadersButNoPayload: an unset structure payload is `{}`.
#[tokio::test(flavor = "current_thread")]
async fn structure_payloads() {
    let req = request(
        &TEST_PAYLOAD_STRUCTURE,
        st(2, &[(1, st(1, &[(0, int(25))]))]),
    )
    .await;
    assert_eq!(body(&req), r#"{"data":25}"#);
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );

    let req = request(&TEST_PAYLOAD_STRUCTURE, st(2, &[])).await;
    assert_eq!(body(&req), "{}");
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );

    let req = request(&TEST_PAYLOAD_STRUCTURE, st(2, &[(0, s("t-12345"))])).await;
    assert_eq!(body(&req), "{}");
    assert_eq!(
        headers(&req),
        pairs(&[
            ("x-amz-test-id", "t-12345"),
            ("Content-Type", "application/json")
        ])
    );
}

static TEST_PAYLOAD_BLOB_IO: Schema = Schema::structure(
    "TestPayloadBlobInputOutput",
    &[
        header("contentType", &prelude::STRING, "Content-Type"),
        payload("data", &prelude::BLOB),
    ],
);
static TEST_PAYLOAD_BLOB: Operation = op(
    "TestPayloadBlob",
    &TEST_PAYLOAD_BLOB_IO,
    &TEST_PAYLOAD_BLOB_IO,
    "POST",
    "/blob_payload",
);

/// RestJsonHttpWithEmptyBlobPayload, RestJsonTestPayloadBlob: an unset blob payload is no body
/// and no `Content-Type`; a `Content-Type` header member wins over the default.
#[tokio::test(flavor = "current_thread")]
async fn blob_payload_content_type() {
    let req = request(&TEST_PAYLOAD_BLOB, st(2, &[])).await;
    assert!(req.body.is_empty());
    assert!(req.headers.is_empty());

    let req = request(
        &TEST_PAYLOAD_BLOB,
        st(
            2,
            &[(0, s("image/jpg")), (1, Value::Blob(b"1234".to_vec()))],
        ),
    )
    .await;
    assert_eq!(body(&req), "1234");
    assert_eq!(headers(&req), pairs(&[("Content-Type", "image/jpg")]));
}

static TEST_NO_PAYLOAD_IO: Schema = Schema::structure(
    "TestNoPayloadInputOutput",
    &[header("testId", &prelude::STRING, "X-Amz-Test-Id")],
);
static TEST_GET_NO_PAYLOAD: Operation = op(
    "TestGetNoPayload",
    &TEST_NO_PAYLOAD_IO,
    &TEST_NO_PAYLOAD_IO,
    "GET",
    "/no_payload",
);
static TEST_POST_NO_PAYLOAD: Operation = op(
    "TestPostNoPayload",
    &TEST_NO_PAYLOAD_IO,
    &TEST_NO_PAYLOAD_IO,
    "POST",
    "/no_payload",
);

/// RestJsonHttpGetWithNoModeledBody, RestJsonHttpGetWithHeaderMemberNoModeledBody,
/// RestJsonHttpPostWithNoModeledBody, RestJsonHttpWithPostHeaderMemberNoModeledBody: neither
/// `Content-Type` nor `Content-Length` (left to the transport) without a modeled body.
#[tokio::test(flavor = "current_thread")]
async fn no_modeled_body_sends_no_content_headers() {
    for op in [&TEST_GET_NO_PAYLOAD, &TEST_POST_NO_PAYLOAD] {
        let req = request(op, st(1, &[])).await;
        assert_eq!(req.method, op.http.unwrap().method);
        assert!(req.body.is_empty());
        assert!(req.headers.is_empty());

        let req = request(op, st(1, &[(0, s("t-12345"))])).await;
        assert!(req.body.is_empty());
        assert_eq!(headers(&req), pairs(&[("X-Amz-Test-Id", "t-12345")]));
        assert!(!req.headers.contains("Content-Length"));
    }
}

// ---------------------------------------------------------------------------------------------
// Headers (http-headers.smithy)

static HEADERS_IO: Schema = Schema::structure(
    "InputAndOutputWithHeadersIO",
    &[
        header("headerString", &prelude::STRING, "X-String"),
        header("headerByte", &prelude::BYTE, "X-Byte"),
        header("headerShort", &prelude::SHORT, "X-Short"),
        header("headerInteger", &prelude::INTEGER, "X-Integer"),
        header("headerLong", &prelude::LONG, "X-Long"),
        header("headerFloat", &prelude::FLOAT, "X-Float"),
        header("headerDouble", &prelude::DOUBLE, "X-Double"),
        header("headerTrueBool", &prelude::BOOLEAN, "X-Boolean1"),
        header("headerFalseBool", &prelude::BOOLEAN, "X-Boolean2"),
        header("headerStringList", &STRING_LIST, "X-StringList"),
        header("headerStringSet", &STRING_SET, "X-StringSet"),
        header("headerIntegerList", &INTEGER_LIST, "X-IntegerList"),
        header("headerBooleanList", &BOOLEAN_LIST, "X-BooleanList"),
        header("headerTimestampList", &TIMESTAMP_LIST, "X-TimestampList"),
        header("headerEnum", &prelude::ENUM, "X-Enum"),
        header("headerEnumList", &FOO_ENUM_LIST, "X-EnumList"),
        header("headerIntegerEnum", &prelude::INT_ENUM, "X-IntegerEnum"),
        header(
            "headerIntegerEnumList",
            &INTEGER_ENUM_LIST,
            "X-IntegerEnumList",
        ),
    ],
);
static INPUT_AND_OUTPUT_WITH_HEADERS: Operation = op(
    "InputAndOutputWithHeaders",
    &HEADERS_IO,
    &HEADERS_IO,
    "POST",
    "/InputAndOutputWithHeaders",
);
const H: usize = 18;

/// A header case: test id, wire headers, member values.
type HeaderCase = (&'static str, Vec<(&'static str, &'static str)>, Value);

/// The header cases of http-headers.smithy; each is run as a request and as a response.
fn header_cases() -> Vec<HeaderCase> {
    let t = 1576540098;
    vec![
        (
            "RestJsonInputAndOutputWithStringHeaders",
            vec![
                ("X-String", "Hello"),
                ("X-StringList", "a, b, c"),
                ("X-StringSet", "a, b, c"),
            ],
            st(
                H,
                &[
                    (0, s("Hello")),
                    (9, strs(&["a", "b", "c"])),
                    (10, strs(&["a", "b", "c"])),
                ],
            ),
        ),
        (
            "RestJsonInputAndOutputWithQuotedStringHeaders",
            vec![("X-StringList", r#""b,c", "\"def\"", a"#)],
            st(H, &[(9, strs(&["b,c", "\"def\"", "a"]))]),
        ),
        (
            "RestJsonInputAndOutputWithNumericHeaders",
            vec![
                ("X-Byte", "1"),
                ("X-Short", "123"),
                ("X-Integer", "123"),
                ("X-Long", "123"),
                ("X-Float", "1.1"),
                ("X-Double", "1.1"),
                ("X-IntegerList", "1, 2, 3"),
            ],
            st(
                H,
                &[
                    (1, int(1)),
                    (2, int(123)),
                    (3, int(123)),
                    (4, int(123)),
                    (5, Value::Float(1.1)),
                    (6, Value::Float(1.1)),
                    (11, list(&[int(1), int(2), int(3)])),
                ],
            ),
        ),
        (
            "RestJsonInputAndOutputWithBooleanHeaders",
            vec![
                ("X-Boolean1", "true"),
                ("X-Boolean2", "false"),
                ("X-BooleanList", "true, false, true"),
            ],
            st(
                H,
                &[
                    (7, Value::Bool(true)),
                    (8, Value::Bool(false)),
                    (
                        12,
                        list(&[Value::Bool(true), Value::Bool(false), Value::Bool(true)]),
                    ),
                ],
            ),
        ),
        (
            "RestJsonInputAndOutputWithTimestampHeaders",
            vec![(
                "X-TimestampList",
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
            )],
            st(H, &[(13, list(&[ts(t), ts(t)]))]),
        ),
        (
            "RestJsonInputAndOutputWithEnumHeaders",
            vec![("X-Enum", "Foo"), ("X-EnumList", "Foo, Bar, Baz")],
            st(H, &[(14, s("Foo")), (15, strs(&["Foo", "Bar", "Baz"]))]),
        ),
        (
            "RestJsonInputAndOutputWithIntEnumHeaders",
            vec![("X-IntegerEnum", "1"), ("X-IntegerEnumList", "1, 2, 3")],
            st(H, &[(16, int(1)), (17, list(&[int(1), int(2), int(3)]))]),
        ),
        (
            "RestJsonSupportsInfinityFloatHeaderInputs",
            vec![("X-Float", "Infinity"), ("X-Double", "Infinity")],
            st(
                H,
                &[
                    (5, Value::Float(f64::INFINITY)),
                    (6, Value::Float(f64::INFINITY)),
                ],
            ),
        ),
        (
            "RestJsonSupportsNegativeInfinityFloatHeaderInputs",
            vec![("X-Float", "-Infinity"), ("X-Double", "-Infinity")],
            st(
                H,
                &[
                    (5, Value::Float(f64::NEG_INFINITY)),
                    (6, Value::Float(f64::NEG_INFINITY)),
                ],
            ),
        ),
    ]
}

/// RestJsonInputAndOutputWith{String,QuotedString,Numeric,Boolean,Timestamp,Enum,IntEnum}Headers
/// and RestJsonSupports{,Negative}InfinityFloatHeaderInputs (requests).
#[tokio::test(flavor = "current_thread")]
async fn header_requests() {
    for (id, wire, value) in header_cases() {
        let req = request(&INPUT_AND_OUTPUT_WITH_HEADERS, value).await;
        assert_eq!(headers(&req), pairs(&wire), "{id}");
        assert!(req.body.is_empty(), "{id}");
    }
    // A `float` member holds an f32 widened to f64: the header has the f32's digits.
    let req = request(&INPUT_AND_OUTPUT_WITH_HEADERS, st(H, &[(5, float(1.1))])).await;
    assert_eq!(headers(&req), pairs(&[("X-Float", "1.1")]));
}

/// The same cases as responses (…Outputs).
#[tokio::test(flavor = "current_thread")]
async fn header_responses() {
    for (id, wire, value) in header_cases() {
        let got = output(&INPUT_AND_OUTPUT_WITH_HEADERS, 200, &wire, "").await;
        assert_eq!(got, value, "{id}");
    }
}

/// RestJsonSupportsNaNFloatHeaderInputs, RestJsonSupportsNaNFloatHeaderOutputs.
#[tokio::test(flavor = "current_thread")]
async fn nan_float_headers() {
    let nan = st(
        H,
        &[(5, Value::Float(f64::NAN)), (6, Value::Float(f64::NAN))],
    );
    let req = request(&INPUT_AND_OUTPUT_WITH_HEADERS, nan).await;
    assert_eq!(
        headers(&req),
        pairs(&[("X-Float", "NaN"), ("X-Double", "NaN")])
    );
    let Value::Struct(slots) = output(
        &INPUT_AND_OUTPUT_WITH_HEADERS,
        200,
        &[("X-Float", "NaN"), ("X-Double", "NaN")],
        "",
    )
    .await
    else {
        panic!("not a structure")
    };
    assert!(matches!(slots[5], Some(Value::Float(f)) if f.is_nan()));
    assert!(matches!(slots[6], Some(Value::Float(f)) if f.is_nan()));
}

/// Response header lists spread over several header lines are one list.
#[tokio::test(flavor = "current_thread")]
async fn repeated_response_headers_join_into_one_list() {
    let got = output(
        &INPUT_AND_OUTPUT_WITH_HEADERS,
        200,
        &[("x-stringlist", "a, \"b,c\""), ("X-StringList", "d")],
        "",
    )
    .await;
    assert_eq!(got, st(H, &[(9, strs(&["a", "b,c", "d"]))]));
}

static NULL_AND_EMPTY_HEADERS_IO: Schema = Schema::structure(
    "NullAndEmptyHeadersIO",
    &[
        header("a", &prelude::STRING, "X-A"),
        header("b", &prelude::STRING, "X-B"),
        header("c", &STRING_LIST, "X-C"),
    ],
);
static NULL_AND_EMPTY_HEADERS_CLIENT: Operation = op(
    "NullAndEmptyHeadersClient",
    &NULL_AND_EMPTY_HEADERS_IO,
    &NULL_AND_EMPTY_HEADERS_IO,
    "GET",
    "/NullAndEmptyHeadersClient",
);

/// RestJsonNullAndEmptyHeaders: null is not sent, an empty string or list is an empty header.
#[tokio::test(flavor = "current_thread")]
async fn null_and_empty_headers() {
    let req = request(
        &NULL_AND_EMPTY_HEADERS_CLIENT,
        st(3, &[(1, s("")), (2, list(&[]))]),
    )
    .await;
    assert_eq!(headers(&req), pairs(&[("X-B", ""), ("X-C", "")]));
    assert!(req.body.is_empty());
}

static TIMESTAMP_FORMAT_HEADERS_IO: Schema = Schema::structure(
    "TimestampFormatHeadersIO",
    &[
        header(
            "memberEpochSeconds",
            &prelude::TIMESTAMP,
            "X-memberEpochSeconds",
        )
        .timestamp_format(TimestampFormat::EpochSeconds),
        header("memberHttpDate", &prelude::TIMESTAMP, "X-memberHttpDate")
            .timestamp_format(TimestampFormat::HttpDate),
        header("memberDateTime", &prelude::TIMESTAMP, "X-memberDateTime")
            .timestamp_format(TimestampFormat::DateTime),
        header("defaultFormat", &prelude::TIMESTAMP, "X-defaultFormat"),
        header("targetEpochSeconds", &EPOCH_SECONDS, "X-targetEpochSeconds"),
        header("targetHttpDate", &HTTP_DATE, "X-targetHttpDate"),
        header("targetDateTime", &DATE_TIME, "X-targetDateTime"),
    ],
);
static TIMESTAMP_FORMAT_HEADERS: Operation = op(
    "TimestampFormatHeaders",
    &TIMESTAMP_FORMAT_HEADERS_IO,
    &TIMESTAMP_FORMAT_HEADERS_IO,
    "POST",
    "/TimestampFormatHeaders",
);

/// RestJsonTimestampFormatHeaders (request and response): `http-date` by default, else the
/// member's or the target's `@timestampFormat`.
#[tokio::test(flavor = "current_thread")]
async fn timestamp_format_headers() {
    let wire = [
        ("X-memberEpochSeconds", "1576540098"),
        ("X-memberHttpDate", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-memberDateTime", "2019-12-16T23:48:18Z"),
        ("X-defaultFormat", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-targetEpochSeconds", "1576540098"),
        ("X-targetHttpDate", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-targetDateTime", "2019-12-16T23:48:18Z"),
    ];
    let t = ts(1576540098);
    let value = st(7, &(0..7).map(|i| (i, t.clone())).collect::<Vec<_>>());
    let req = request(&TIMESTAMP_FORMAT_HEADERS, value.clone()).await;
    assert_eq!(headers(&req), pairs(&wire));
    assert!(req.body.is_empty());
    assert_eq!(
        output(&TIMESTAMP_FORMAT_HEADERS, 200, &wire, "").await,
        value
    );
}

static MEDIA_TYPE_HEADER_IO: Schema = Schema::structure(
    "MediaTypeHeaderInput",
    &[header("json", &JSON_VALUE, "X-Json")],
);
static MEDIA_TYPE_HEADER: Operation = op(
    "MediaTypeHeader",
    &MEDIA_TYPE_HEADER_IO,
    &MEDIA_TYPE_HEADER_IO,
    "GET",
    "/MediaTypeHeader",
);

/// MediaTypeHeaderInputBase64, MediaTypeHeaderOutputBase64.
#[tokio::test(flavor = "current_thread")]
async fn media_type_headers_are_base64() {
    let req = request(&MEDIA_TYPE_HEADER, st(1, &[(0, s("true"))])).await;
    assert_eq!(headers(&req), pairs(&[("X-Json", "dHJ1ZQ==")]));
    assert_eq!(
        output(&MEDIA_TYPE_HEADER, 200, &[("X-Json", "dHJ1ZQ==")], "").await,
        st(1, &[(0, s("true"))])
    );
}

// ---------------------------------------------------------------------------------------------
// Labels (http-labels.smithy)

static LABELS_INPUT: Schema = Schema::structure(
    "HttpRequestWithLabelsInput",
    &[
        label("string", &prelude::STRING),
        label("short", &prelude::SHORT),
        label("integer", &prelude::INTEGER),
        label("long", &prelude::LONG),
        label("float", &prelude::FLOAT),
        label("double", &prelude::DOUBLE),
        label("boolean", &prelude::BOOLEAN),
        label("timestamp", &prelude::TIMESTAMP),
    ],
);
static HTTP_REQUEST_WITH_LABELS: Operation = op(
    "HttpRequestWithLabels",
    &LABELS_INPUT,
    &EMPTY,
    "GET",
    "/HttpRequestWithLabels/{string}/{short}/{integer}/{long}/{float}/{double}/{boolean}/{timestamp}",
);

fn labels(string: &str) -> Value {
    st(
        8,
        &[
            (0, s(string)),
            (1, int(1)),
            (2, int(2)),
            (3, int(3)),
            (4, float(4.1)),
            (5, Value::Float(5.1)),
            (6, Value::Bool(true)),
            (7, ts(1576540098)),
        ],
    )
}

/// RestJsonInputWithHeadersAndAllParams, RestJsonHttpRequestLabelEscaping: every byte outside
/// `A-Za-z0-9-_.~` is percent-encoded, timestamps are `date-time`.
#[tokio::test(flavor = "current_thread")]
async fn labels_of_every_kind() {
    let req = request(&HTTP_REQUEST_WITH_LABELS, labels("string")).await;
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.url,
        "https://example.com/HttpRequestWithLabels/string/1/2/3/4.1/5.1/true/2019-12-16T23%3A48%3A18Z"
    );
    assert!(req.body.is_empty());
    assert!(req.headers.is_empty());

    let req = request(&HTTP_REQUEST_WITH_LABELS, labels(" %:/?#[]@!$&'()*+,;=😹")).await;
    assert_eq!(
        req.path(),
        "/HttpRequestWithLabels/%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9/1/2/3/4.1/5.1/true/2019-12-16T23%3A48%3A18Z"
    );
}

static LABELS_AND_TIMESTAMP_FORMAT_INPUT: Schema = Schema::structure(
    "HttpRequestWithLabelsAndTimestampFormatInput",
    &[
        label("memberEpochSeconds", &prelude::TIMESTAMP)
            .timestamp_format(TimestampFormat::EpochSeconds),
        label("memberHttpDate", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::HttpDate),
        label("memberDateTime", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::DateTime),
        label("defaultFormat", &prelude::TIMESTAMP),
        label("targetEpochSeconds", &EPOCH_SECONDS),
        label("targetHttpDate", &HTTP_DATE),
        label("targetDateTime", &DATE_TIME),
    ],
);
static HTTP_REQUEST_WITH_LABELS_AND_TIMESTAMP_FORMAT: Operation = op(
    "HttpRequestWithLabelsAndTimestampFormat",
    &LABELS_AND_TIMESTAMP_FORMAT_INPUT,
    &EMPTY,
    "GET",
    "/HttpRequestWithLabelsAndTimestampFormat/{memberEpochSeconds}/{memberHttpDate}/{memberDateTime}/{defaultFormat}/{targetEpochSeconds}/{targetHttpDate}/{targetDateTime}",
);

/// RestJsonHttpRequestWithLabelsAndTimestampFormat.
#[tokio::test(flavor = "current_thread")]
async fn label_timestamp_formats() {
    let t = ts(1576540098);
    let value = st(7, &(0..7).map(|i| (i, t.clone())).collect::<Vec<_>>());
    let req = request(&HTTP_REQUEST_WITH_LABELS_AND_TIMESTAMP_FORMAT, value).await;
    assert_eq!(
        req.path(),
        "/HttpRequestWithLabelsAndTimestampFormat/1576540098/Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT\
         /2019-12-16T23%3A48%3A18Z/2019-12-16T23%3A48%3A18Z/1576540098\
         /Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT/2019-12-16T23%3A48%3A18Z"
    );
}

static GREEDY_INPUT: Schema = Schema::structure(
    "HttpRequestWithGreedyLabelInPathInput",
    &[
        label("foo", &prelude::STRING),
        label("baz", &prelude::STRING),
    ],
);
static HTTP_REQUEST_WITH_GREEDY_LABEL_IN_PATH: Operation = op(
    "HttpRequestWithGreedyLabelInPath",
    &GREEDY_INPUT,
    &EMPTY,
    "GET",
    "/HttpRequestWithGreedyLabelInPath/foo/{foo}/baz/{baz+}",
);
static FLOAT_LABELS_INPUT: Schema = Schema::structure(
    "HttpRequestWithFloatLabelsInput",
    &[
        label("float", &prelude::FLOAT),
        label("double", &prelude::DOUBLE),
    ],
);
static HTTP_REQUEST_WITH_FLOAT_LABELS: Operation = op(
    "HttpRequestWithFloatLabels",
    &FLOAT_LABELS_INPUT,
    &EMPTY,
    "GET",
    "/FloatHttpLabels/{float}/{double}",
);
static REGEX_LITERAL_INPUT: Schema = Schema::structure(
    "HttpRequestWithRegexLiteralInput",
    &[label("str", &prelude::STRING)],
);
static HTTP_REQUEST_WITH_REGEX_LITERAL: Operation = op(
    "HttpRequestWithRegexLiteral",
    &REGEX_LITERAL_INPUT,
    &EMPTY,
    "GET",
    "/ReDosLiteral/{str}/(a+)+",
);

/// RestJsonHttpRequestWithGreedyLabelInPath, RestJsonSupports{NaN,Infinity,NegativeInfinity}
/// FloatLabels, RestJsonToleratesRegexCharsInSegments.
#[tokio::test(flavor = "current_thread")]
async fn greedy_float_and_literal_labels() {
    let req = request(
        &HTTP_REQUEST_WITH_GREEDY_LABEL_IN_PATH,
        st(2, &[(0, s("hello/escape")), (1, s("there/guy"))]),
    )
    .await;
    assert_eq!(
        req.path(),
        "/HttpRequestWithGreedyLabelInPath/foo/hello%2Fescape/baz/there/guy"
    );
    for (f, text) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        let req = request(
            &HTTP_REQUEST_WITH_FLOAT_LABELS,
            st(2, &[(0, Value::Float(f)), (1, Value::Float(f))]),
        )
        .await;
        assert_eq!(req.path(), format!("/FloatHttpLabels/{text}/{text}"));
    }
    let req = request(&HTTP_REQUEST_WITH_REGEX_LITERAL, st(1, &[(0, s("abc"))])).await;
    assert_eq!(req.path(), "/ReDosLiteral/abc/(a+)+");
}

/// A missing or empty label is refused before anything is sent.
#[tokio::test(flavor = "current_thread")]
async fn missing_label_is_invalid_input() {
    for input in [st(1, &[]), st(1, &[(0, s(""))])] {
        let (req, result) = exchange_at(
            "https://example.com",
            &HTTP_REQUEST_WITH_REGEX_LITERAL,
            input,
            response(200, &[], ""),
        )
        .await;
        assert!(req.is_none());
        assert!(
            matches!(result, Err(Failure::InvalidInput(_))),
            "{result:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Query strings (http-query.smithy, http-query-params-only.smithy)

static ALL_QUERY_STRING_TYPES_INPUT: Schema = Schema::structure(
    "AllQueryStringTypesInput",
    &[
        query("queryString", &prelude::STRING, "String"),
        query("queryStringList", &STRING_LIST, "StringList"),
        query("queryStringSet", &STRING_SET, "StringSet"),
        query("queryByte", &prelude::BYTE, "Byte"),
        query("queryShort", &prelude::SHORT, "Short"),
        query("queryInteger", &prelude::INTEGER, "Integer"),
        query("queryIntegerList", &INTEGER_LIST, "IntegerList"),
        query("queryIntegerSet", &INTEGER_LIST, "IntegerSet"),
        query("queryLong", &prelude::LONG, "Long"),
        query("queryFloat", &prelude::FLOAT, "Float"),
        query("queryDouble", &prelude::DOUBLE, "Double"),
        query("queryDoubleList", &DOUBLE_LIST, "DoubleList"),
        query("queryBoolean", &prelude::BOOLEAN, "Boolean"),
        query("queryBooleanList", &BOOLEAN_LIST, "BooleanList"),
        query("queryTimestamp", &prelude::TIMESTAMP, "Timestamp"),
        query("queryTimestampList", &TIMESTAMP_LIST, "TimestampList"),
        query("queryEnum", &prelude::ENUM, "Enum"),
        query("queryEnumList", &FOO_ENUM_LIST, "EnumList"),
        query("queryIntegerEnum", &prelude::INT_ENUM, "IntegerEnum"),
        query(
            "queryIntegerEnumList",
            &INTEGER_ENUM_LIST,
            "IntegerEnumList",
        ),
        Member::new("queryParamsMapOfStringList", &STRING_LIST_MAP).binding(Binding::QueryParams),
    ],
);
static ALL_QUERY_STRING_TYPES: Operation = op(
    "AllQueryStringTypes",
    &ALL_QUERY_STRING_TYPES_INPUT,
    &EMPTY,
    "GET",
    "/AllQueryStringTypesInput",
);

fn query_params(req: &HttpRequest) -> Vec<&str> {
    let q = req.query();
    if q.is_empty() {
        Vec::new()
    } else {
        q.split('&').collect()
    }
}

/// RestJsonAllQueryStringTypes: every kind, lists as repeated keys, timestamps `date-time`;
/// the `@httpQueryParams` map repeats the named keys, which it must not override.
#[tokio::test(flavor = "current_thread")]
async fn all_query_string_types() {
    let names = [
        "String",
        "StringList",
        "StringSet",
        "Byte",
        "Short",
        "Integer",
        "IntegerList",
        "IntegerSet",
        "Long",
        "Float",
        "Double",
        "DoubleList",
        "Boolean",
        "BooleanList",
        "Timestamp",
        "TimestampList",
        "Enum",
        "EnumList",
        "IntegerEnum",
        "IntegerEnumList",
    ];
    let map_entries: Vec<(String, Value)> = names
        .iter()
        .map(|n| ((*n).to_owned(), strs(&["from the map"])))
        .collect();
    let value = st(
        21,
        &[
            (0, s("Hello there")),
            (1, strs(&["a", "b", "c"])),
            (2, strs(&["a", "b", "c"])),
            (3, int(1)),
            (4, int(2)),
            (5, int(3)),
            (6, list(&[int(1), int(2), int(3)])),
            (7, list(&[int(1), int(2), int(3)])),
            (8, int(4)),
            (9, float(1.1)),
            (10, Value::Float(1.1)),
            (
                11,
                list(&[Value::Float(1.1), Value::Float(2.1), Value::Float(3.1)]),
            ),
            (12, Value::Bool(true)),
            (
                13,
                list(&[Value::Bool(true), Value::Bool(false), Value::Bool(true)]),
            ),
            (14, ts(1)),
            (15, list(&[ts(1), ts(2), ts(3)])),
            (16, s("Foo")),
            (17, strs(&["Foo", "Baz", "Bar"])),
            (18, int(1)),
            (19, list(&[int(1), int(2), int(3)])),
            (20, Value::Map(map_entries)),
        ],
    );
    let req = request(&ALL_QUERY_STRING_TYPES, value).await;
    assert_eq!(req.path(), "/AllQueryStringTypesInput");
    assert_eq!(
        query_params(&req),
        [
            "String=Hello%20there",
            "StringList=a",
            "StringList=b",
            "StringList=c",
            "StringSet=a",
            "StringSet=b",
            "StringSet=c",
            "Byte=1",
            "Short=2",
            "Integer=3",
            "IntegerList=1",
            "IntegerList=2",
            "IntegerList=3",
            "IntegerSet=1",
            "IntegerSet=2",
            "IntegerSet=3",
            "Long=4",
            "Float=1.1",
            "Double=1.1",
            "DoubleList=1.1",
            "DoubleList=2.1",
            "DoubleList=3.1",
            "Boolean=true",
            "BooleanList=true",
            "BooleanList=false",
            "BooleanList=true",
            "Timestamp=1970-01-01T00%3A00%3A01Z",
            "TimestampList=1970-01-01T00%3A00%3A01Z",
            "TimestampList=1970-01-01T00%3A00%3A02Z",
            "TimestampList=1970-01-01T00%3A00%3A03Z",
            "Enum=Foo",
            "EnumList=Foo",
            "EnumList=Baz",
            "EnumList=Bar",
            "IntegerEnum=1",
            "IntegerEnumList=1",
            "IntegerEnumList=2",
            "IntegerEnumList=3",
        ]
    );
    assert!(req.body.is_empty());
    assert!(req.headers.is_empty());
}

/// RestJsonQueryStringMap, RestJsonQueryStringEscaping, RestJsonSupports{NaN,Infinity,
/// NegativeInfinity}FloatQueryValues, RestJsonZeroAndFalseQueryValues.
#[tokio::test(flavor = "current_thread")]
async fn query_maps_escaping_and_special_values() {
    let req = request(
        &ALL_QUERY_STRING_TYPES,
        st(
            21,
            &[(
                20,
                map(&[
                    ("QueryParamsStringKeyA", strs(&["Foo"])),
                    ("QueryParamsStringKeyB", strs(&["Bar"])),
                ]),
            )],
        ),
    )
    .await;
    assert_eq!(
        query_params(&req),
        ["QueryParamsStringKeyA=Foo", "QueryParamsStringKeyB=Bar"]
    );

    let odd = " %:/?#[]@!$&'()*+,;=😹";
    let req = request(
        &ALL_QUERY_STRING_TYPES,
        st(21, &[(0, s(odd)), (20, map(&[("String", strs(&[odd]))]))]),
    )
    .await;
    assert_eq!(
        query_params(&req),
        ["String=%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"]
    );

    for (f, text) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        let req = request(
            &ALL_QUERY_STRING_TYPES,
            st(21, &[(9, Value::Float(f)), (10, Value::Float(f))]),
        )
        .await;
        assert_eq!(
            query_params(&req),
            [format!("Float={text}"), format!("Double={text}")]
        );
    }

    let req = request(
        &ALL_QUERY_STRING_TYPES,
        st(21, &[(5, int(0)), (12, Value::Bool(false))]),
    )
    .await;
    assert_eq!(query_params(&req), ["Integer=0", "Boolean=false"]);
}

static CONSTANT_QUERY_STRING_INPUT: Schema = Schema::structure(
    "ConstantQueryStringInput",
    &[label("hello", &prelude::STRING)],
);
static CONSTANT_QUERY_STRING: Operation = op(
    "ConstantQueryString",
    &CONSTANT_QUERY_STRING_INPUT,
    &EMPTY,
    "GET",
    "/ConstantQueryString/{hello}?foo=bar&hello",
);
static CONSTANT_AND_VARIABLE_INPUT: Schema = Schema::structure(
    "ConstantAndVariableQueryStringInput",
    &[
        query("baz", &prelude::STRING, "baz"),
        query("maybeSet", &prelude::STRING, "maybeSet"),
    ],
);
static CONSTANT_AND_VARIABLE_QUERY_STRING: Operation = op(
    "ConstantAndVariableQueryString",
    &CONSTANT_AND_VARIABLE_INPUT,
    &EMPTY,
    "GET",
    "/ConstantAndVariableQueryString?foo=bar",
);

/// RestJsonConstantQueryString, RestJsonConstantAndVariableQueryStringMissingOneValue,
/// RestJsonConstantAndVariableQueryStringAllValues.
#[tokio::test(flavor = "current_thread")]
async fn constant_query_strings() {
    let req = request(&CONSTANT_QUERY_STRING, st(1, &[(0, s("hi"))])).await;
    assert_eq!(
        req.path_and_query(),
        "/ConstantQueryString/hi?foo=bar&hello"
    );

    let req = request(&CONSTANT_AND_VARIABLE_QUERY_STRING, st(2, &[(0, s("bam"))])).await;
    assert_eq!(
        req.path_and_query(),
        "/ConstantAndVariableQueryString?foo=bar&baz=bam"
    );
    let req = request(
        &CONSTANT_AND_VARIABLE_QUERY_STRING,
        st(2, &[(0, s("bam")), (1, s("yes"))]),
    )
    .await;
    assert_eq!(
        req.path_and_query(),
        "/ConstantAndVariableQueryString?foo=bar&baz=bam&maybeSet=yes"
    );
}

static OMITS_NULL_INPUT: Schema = Schema::structure(
    "OmitsNullSerializesEmptyStringInput",
    &[
        query("nullValue", &prelude::STRING, "Null"),
        query("emptyString", &prelude::STRING, "Empty"),
    ],
);
static OMITS_NULL_SERIALIZES_EMPTY_STRING: Operation = op(
    "OmitsNullSerializesEmptyString",
    &OMITS_NULL_INPUT,
    &EMPTY,
    "GET",
    "/OmitsNullSerializesEmptyString",
);
static OMITS_EMPTY_LISTS_INPUT: Schema = Schema::structure(
    "OmitsSerializingEmptyListsInput",
    &[
        query("queryStringList", &STRING_LIST, "StringList"),
        query("queryIntegerList", &INTEGER_LIST, "IntegerList"),
        query("queryDoubleList", &DOUBLE_LIST, "DoubleList"),
        query("queryBooleanList", &BOOLEAN_LIST, "BooleanList"),
        query("queryTimestampList", &TIMESTAMP_LIST, "TimestampList"),
        query("queryEnumList", &FOO_ENUM_LIST, "EnumList"),
        query(
            "queryIntegerEnumList",
            &INTEGER_ENUM_LIST,
            "IntegerEnumList",
        ),
    ],
);
static OMITS_SERIALIZING_EMPTY_LISTS: Operation = op(
    "OmitsSerializingEmptyLists",
    &OMITS_EMPTY_LISTS_INPUT,
    &EMPTY,
    "POST",
    "/OmitsSerializingEmptyLists",
);

/// RestJsonOmitsNullQuery, RestJsonSerializesEmptyQueryValue, RestJsonOmitsEmptyListQueryValues.
#[tokio::test(flavor = "current_thread")]
async fn null_empty_and_empty_list_query_values() {
    let req = request(&OMITS_NULL_SERIALIZES_EMPTY_STRING, st(2, &[])).await;
    assert_eq!(
        req.url,
        "https://example.com/OmitsNullSerializesEmptyString"
    );
    let req = request(&OMITS_NULL_SERIALIZES_EMPTY_STRING, st(2, &[(1, s(""))])).await;
    assert_eq!(req.query(), "Empty=");

    let empty = (0..7).map(|i| (i, list(&[]))).collect::<Vec<_>>();
    let req = request(&OMITS_SERIALIZING_EMPTY_LISTS, st(7, &empty)).await;
    assert_eq!(req.url, "https://example.com/OmitsSerializingEmptyLists");
    assert!(req.body.is_empty());
    assert!(req.headers.is_empty());
}

static IDEMPOTENCY_TOKEN_INPUT: Schema = Schema::structure(
    "QueryIdempotencyTokenAutoFillInput",
    &[query("token", &prelude::STRING, "token").idempotency_token()],
);
static QUERY_IDEMPOTENCY_TOKEN_AUTO_FILL: Operation = op(
    "QueryIdempotencyTokenAutoFill",
    &IDEMPOTENCY_TOKEN_INPUT,
    &EMPTY,
    "POST",
    "/QueryIdempotencyTokenAutoFill",
);

/// RestJsonQueryIdempotencyTokenAutoFill, RestJsonQueryIdempotencyTokenAutoFillIsSet.
#[tokio::test(flavor = "current_thread")]
async fn idempotency_token_in_query() {
    for input in [
        st(1, &[]),
        st(1, &[(0, s("00000000-0000-4000-8000-000000000000"))]),
    ] {
        let req = request(&QUERY_IDEMPOTENCY_TOKEN_AUTO_FILL, input).await;
        assert_eq!(req.query(), "token=00000000-0000-4000-8000-000000000000");
    }
}

static QUERY_PRECEDENCE_INPUT: Schema = Schema::structure(
    "QueryPrecedenceInput",
    &[
        query("foo", &prelude::STRING, "bar"),
        Member::new("baz", &STRING_MAP).binding(Binding::QueryParams),
    ],
);
static QUERY_PRECEDENCE: Operation = op(
    "QueryPrecedence",
    &QUERY_PRECEDENCE_INPUT,
    &EMPTY,
    "POST",
    "/Precedence",
);
static STRING_LIST_MAP_INPUT: Schema = Schema::structure(
    "QueryParamsAsStringListMapInput",
    &[
        query("qux", &prelude::STRING, "corge"),
        Member::new("foo", &STRING_LIST_MAP).binding(Binding::QueryParams),
    ],
);
static QUERY_PARAMS_AS_STRING_LIST_MAP: Operation = op(
    "QueryParamsAsStringListMap",
    &STRING_LIST_MAP_INPUT,
    &EMPTY,
    "POST",
    "/StringListMap",
);
static QUERY_MAP: Schema = Schema::map(
    "QueryMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::STRING),
    ],
);
static QUERY_PARAMS_ONLY_INPUT: Schema = Schema::structure(
    "HttpQueryParamsOnlyInput",
    &[Member::new("queryMap", &QUERY_MAP).binding(Binding::QueryParams)],
);
static HTTP_QUERY_PARAMS_ONLY_OPERATION: Operation = op(
    "HttpQueryParamsOnlyOperation",
    &QUERY_PARAMS_ONLY_INPUT,
    &EMPTY,
    "GET",
    "/http-query-params-only",
);

/// RestJsonQueryPrecedence, RestJsonQueryParamsStringListMap, HttpQueryParamsOnlyRequest,
/// HttpQueryParamsOnlyEmptyRequest.
#[tokio::test(flavor = "current_thread")]
async fn query_params_maps() {
    let req = request(
        &QUERY_PRECEDENCE,
        st(
            2,
            &[
                (0, s("named")),
                (1, map(&[("bar", s("fromMap")), ("qux", s("alsoFromMap"))])),
            ],
        ),
    )
    .await;
    assert_eq!(query_params(&req), ["bar=named", "qux=alsoFromMap"]);
    assert!(req.body.is_empty());

    let req = request(
        &QUERY_PARAMS_AS_STRING_LIST_MAP,
        st(
            2,
            &[(0, s("named")), (1, map(&[("baz", strs(&["bar", "qux"]))]))],
        ),
    )
    .await;
    assert_eq!(query_params(&req), ["corge=named", "baz=bar", "baz=qux"]);

    let req = request(
        &HTTP_QUERY_PARAMS_ONLY_OPERATION,
        st(1, &[(0, map(&[("a", s("b")), ("c", s("d"))]))]),
    )
    .await;
    assert_eq!(req.path_and_query(), "/http-query-params-only?a=b&c=d");
    let req = request(&HTTP_QUERY_PARAMS_ONLY_OPERATION, st(1, &[(0, map(&[]))])).await;
    assert_eq!(req.path_and_query(), "/http-query-params-only");
}

static IGNORE_QUERY_PARAMS_OUTPUT: Schema = Schema::structure(
    "IgnoreQueryParamsInResponseOutput",
    &[query("baz", &prelude::STRING, "baz")],
);
static IGNORE_QUERY_PARAMS_IN_RESPONSE: Operation = op(
    "IgnoreQueryParamsInResponse",
    &EMPTY,
    &IGNORE_QUERY_PARAMS_OUTPUT,
    "GET",
    "/IgnoreQueryParamsInResponse",
);

/// RestJsonIgnoreQueryParamsInResponse: `@httpQuery` means nothing in an output, whose member
/// is then read from the body.
#[tokio::test(flavor = "current_thread")]
async fn query_bound_output_members_are_body_members() {
    assert_eq!(
        output(
            &IGNORE_QUERY_PARAMS_IN_RESPONSE,
            200,
            &[("Content-Type", "application/json")],
            r#"{"baz":"bam"}"#
        )
        .await,
        st(1, &[(0, s("bam"))])
    );
}

// ---------------------------------------------------------------------------------------------
// Prefix headers (http-prefix-headers.smithy)

static HTTP_PREFIX_HEADERS_IO: Schema = Schema::structure(
    "HttpPrefixHeadersInput",
    &[
        header("foo", &prelude::STRING, "x-foo"),
        Member::new("fooMap", &STRING_MAP).binding(Binding::PrefixHeaders("x-foo-")),
    ],
);
static HTTP_PREFIX_HEADERS: Operation = op(
    "HttpPrefixHeaders",
    &HTTP_PREFIX_HEADERS_IO,
    &HTTP_PREFIX_HEADERS_IO,
    "GET",
    "/HttpPrefixHeaders",
);

/// RestJsonHttpPrefixHeadersArePresent (request and response),
/// RestJsonHttpPrefixHeadersAreNotPresent, RestJsonHttpPrefixEmptyHeaders.
#[tokio::test(flavor = "current_thread")]
async fn prefix_headers() {
    let value = st(
        2,
        &[
            (0, s("Foo")),
            (1, map(&[("abc", s("Abc value")), ("def", s("Def value"))])),
        ],
    );
    let wire = [
        ("x-foo", "Foo"),
        ("x-foo-abc", "Abc value"),
        ("x-foo-def", "Def value"),
    ];
    let req = request(&HTTP_PREFIX_HEADERS, value.clone()).await;
    assert_eq!(headers(&req), pairs(&wire));
    assert!(req.body.is_empty());
    assert_eq!(output(&HTTP_PREFIX_HEADERS, 200, &wire, "").await, value);

    let req = request(&HTTP_PREFIX_HEADERS, st(2, &[(0, s("Foo")), (1, map(&[]))])).await;
    assert_eq!(headers(&req), pairs(&[("x-foo", "Foo")]));

    let req = request(&HTTP_PREFIX_HEADERS, st(2, &[(1, map(&[("abc", s(""))]))])).await;
    assert_eq!(headers(&req), pairs(&[("x-foo-abc", "")]));
}

static EMPTY_PREFIX_HEADERS_IO: Schema = Schema::structure(
    "HttpEmptyPrefixHeadersInput",
    &[
        Member::new("prefixHeaders", &STRING_MAP).binding(Binding::PrefixHeaders("")),
        header("specificHeader", &prelude::STRING, "hello"),
    ],
);
static HTTP_EMPTY_PREFIX_HEADERS: Operation = op(
    "HttpEmptyPrefixHeaders",
    &EMPTY_PREFIX_HEADERS_IO,
    &EMPTY_PREFIX_HEADERS_IO,
    "GET",
    "/HttpEmptyPrefixHeaders",
);

/// RestJsonHttpEmptyPrefixHeadersRequestClient (the specific header wins),
/// RestJsonHttpEmptyPrefixHeadersResponseClient and HttpPrefixHeadersResponse (an empty prefix
/// takes every response header).
#[tokio::test(flavor = "current_thread")]
async fn empty_prefix_headers() {
    let req = request(
        &HTTP_EMPTY_PREFIX_HEADERS,
        st(
            2,
            &[
                (0, map(&[("x-foo", s("Foo")), ("hello", s("Hello"))])),
                (1, s("There")),
            ],
        ),
    )
    .await;
    let mut got = headers(&req);
    got.sort();
    assert_eq!(got, pairs(&[("hello", "There"), ("x-foo", "Foo")]));

    let wire = [("x-foo", "Foo"), ("hello", "There")];
    assert_eq!(
        output(&HTTP_EMPTY_PREFIX_HEADERS, 200, &wire, "").await,
        st(
            2,
            &[
                (0, map(&[("x-foo", s("Foo")), ("hello", s("There"))])),
                (1, s("There")),
            ]
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Payloads (http-payload.smithy, http-string-payload.smithy, documents.smithy)

static HTTP_PAYLOAD_TRAITS_IO: Schema = Schema::structure(
    "HttpPayloadTraitsInputOutput",
    &[
        header("foo", &prelude::STRING, "X-Foo"),
        payload("blob", &prelude::BLOB),
    ],
);
static HTTP_PAYLOAD_TRAITS: Operation = op(
    "HttpPayloadTraits",
    &HTTP_PAYLOAD_TRAITS_IO,
    &HTTP_PAYLOAD_TRAITS_IO,
    "POST",
    "/HttpPayloadTraits",
);
static HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE_IO: Schema = Schema::structure(
    "HttpPayloadTraitsWithMediaTypeInputOutput",
    &[
        header("foo", &prelude::STRING, "X-Foo"),
        payload("blob", &TEXT_PLAIN_BLOB),
    ],
);
static HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE: Operation = op(
    "HttpPayloadTraitsWithMediaType",
    &HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE_IO,
    &HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE_IO,
    "POST",
    "/HttpPayloadTraitsWithMediaType",
);

/// RestJsonHttpPayloadTraitsWithBlob, RestJsonHttpPayloadTraitsWithNoBlobBody,
/// RestJsonHttpPayloadTraitsWithMediaTypeWithBlob (requests and responses).
#[tokio::test(flavor = "current_thread")]
async fn blob_payloads() {
    let blob = Value::Blob(b"blobby blob blob".to_vec());
    let req = request(
        &HTTP_PAYLOAD_TRAITS,
        st(2, &[(0, s("Foo")), (1, blob.clone())]),
    )
    .await;
    assert_eq!(body(&req), "blobby blob blob");
    assert_eq!(
        headers(&req),
        pairs(&[
            ("X-Foo", "Foo"),
            ("Content-Type", "application/octet-stream")
        ])
    );
    let req = request(&HTTP_PAYLOAD_TRAITS, st(2, &[(0, s("Foo"))])).await;
    assert!(req.body.is_empty());
    assert_eq!(headers(&req), pairs(&[("X-Foo", "Foo")]));
    let req = request(
        &HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE,
        st(2, &[(0, s("Foo")), (1, blob.clone())]),
    )
    .await;
    assert_eq!(body(&req), "blobby blob blob");
    assert_eq!(
        headers(&req),
        pairs(&[("X-Foo", "Foo"), ("Content-Type", "text/plain")])
    );

    assert_eq!(
        output(
            &HTTP_PAYLOAD_TRAITS,
            200,
            &[("X-Foo", "Foo")],
            "blobby blob blob"
        )
        .await,
        st(2, &[(0, s("Foo")), (1, blob.clone())])
    );
    assert_eq!(
        output(&HTTP_PAYLOAD_TRAITS, 200, &[("X-Foo", "Foo")], "").await,
        st(2, &[(0, s("Foo"))])
    );
    assert_eq!(
        output(
            &HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE,
            200,
            &[("X-Foo", "Foo"), ("Content-Type", "text/plain")],
            "blobby blob blob"
        )
        .await,
        st(2, &[(0, s("Foo")), (1, blob)])
    );
}

static HTTP_PAYLOAD_WITH_STRUCTURE_IO: Schema = Schema::structure(
    "HttpPayloadWithStructureInputOutput",
    &[payload("nested", &NESTED_PAYLOAD)],
);
static HTTP_PAYLOAD_WITH_STRUCTURE: Operation = op(
    "HttpPayloadWithStructure",
    &HTTP_PAYLOAD_WITH_STRUCTURE_IO,
    &HTTP_PAYLOAD_WITH_STRUCTURE_IO,
    "PUT",
    "/HttpPayloadWithStructure",
);

/// RestJsonHttpPayloadWithStructure (request and response),
/// RestJsonHttpPayloadWithStructureAndEmptyResponseBody.
#[tokio::test(flavor = "current_thread")]
async fn structure_payload_round_trip() {
    let nested = st(2, &[(0, s("hello")), (1, s("Phreddy"))]);
    let req = request(&HTTP_PAYLOAD_WITH_STRUCTURE, st(1, &[(0, nested.clone())])).await;
    assert_eq!(req.method, "PUT");
    assert_eq!(body(&req), r#"{"greeting":"hello","name":"Phreddy"}"#);
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );
    assert_eq!(
        output(
            &HTTP_PAYLOAD_WITH_STRUCTURE,
            200,
            &[("Content-Type", "application/json")],
            "{\n    \"greeting\": \"hello\",\n    \"name\": \"Phreddy\"\n}"
        )
        .await,
        st(1, &[(0, nested)])
    );
    assert_eq!(
        output(&HTTP_PAYLOAD_WITH_STRUCTURE, 200, &[], "").await,
        st(1, &[])
    );
}

static UNION_PAYLOAD: Schema =
    Schema::union("UnionPayload", &[Member::new("greeting", &prelude::STRING)]);
static HTTP_PAYLOAD_WITH_UNION_IO: Schema = Schema::structure(
    "HttpPayloadWithUnionInputOutput",
    &[payload("nested", &UNION_PAYLOAD)],
);
static HTTP_PAYLOAD_WITH_UNION: Operation = op(
    "HttpPayloadWithUnion",
    &HTTP_PAYLOAD_WITH_UNION_IO,
    &HTTP_PAYLOAD_WITH_UNION_IO,
    "PUT",
    "/HttpPayloadWithUnion",
);

/// RestJsonHttpPayloadWithUnion, RestJsonHttpPayloadWithUnsetUnion (requests and responses):
/// an unset union payload is no body at all.
#[tokio::test(flavor = "current_thread")]
async fn union_payloads() {
    let greeting = st(1, &[(0, s("hello"))]);
    let req = request(&HTTP_PAYLOAD_WITH_UNION, st(1, &[(0, greeting.clone())])).await;
    assert_eq!(body(&req), r#"{"greeting":"hello"}"#);
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );
    let req = request(&HTTP_PAYLOAD_WITH_UNION, st(1, &[])).await;
    assert!(req.body.is_empty());
    assert!(req.headers.is_empty());

    assert_eq!(
        output(
            &HTTP_PAYLOAD_WITH_UNION,
            200,
            &[],
            r#"{"greeting": "hello"}"#
        )
        .await,
        st(1, &[(0, greeting)])
    );
    assert_eq!(
        output(
            &HTTP_PAYLOAD_WITH_UNION,
            200,
            &[("Content-Length", "0")],
            ""
        )
        .await,
        st(1, &[])
    );
}

static ENUM_PAYLOAD_INPUT: Schema =
    Schema::structure("EnumPayloadInput", &[payload("payload", &STRING_ENUM)]);
static HTTP_ENUM_PAYLOAD: Operation = op(
    "HttpEnumPayload",
    &ENUM_PAYLOAD_INPUT,
    &ENUM_PAYLOAD_INPUT,
    "POST",
    "/EnumPayload",
);
static STRING_PAYLOAD_INPUT: Schema = Schema::structure(
    "StringPayloadInput",
    &[payload("payload", &prelude::STRING)],
);
static HTTP_STRING_PAYLOAD: Operation = op(
    "HttpStringPayload",
    &STRING_PAYLOAD_INPUT,
    &STRING_PAYLOAD_INPUT,
    "POST",
    "/StringPayload",
);

/// RestJsonEnumPayloadRequest/Response, RestJsonStringPayloadRequest/Response: raw text,
/// `text/plain`.
#[tokio::test(flavor = "current_thread")]
async fn string_and_enum_payloads() {
    for (op, text) in [
        (&HTTP_ENUM_PAYLOAD, "enumvalue"),
        (&HTTP_STRING_PAYLOAD, "rawstring"),
    ] {
        let req = request(op, st(1, &[(0, s(text))])).await;
        assert_eq!(body(&req), text);
        assert_eq!(headers(&req), pairs(&[("Content-Type", "text/plain")]));
        assert_eq!(
            output(op, 200, &[("Content-Type", "text/plain")], text).await,
            st(1, &[(0, s(text))])
        );
    }
}

static DOCUMENT_AS_PAYLOAD_IO: Schema = Schema::structure(
    "DocumentTypeAsPayloadInputOutput",
    &[payload("documentValue", &prelude::DOCUMENT)],
);
static DOCUMENT_TYPE_AS_PAYLOAD: Operation = op(
    "DocumentTypeAsPayload",
    &DOCUMENT_AS_PAYLOAD_IO,
    &DOCUMENT_AS_PAYLOAD_IO,
    "PUT",
    "/DocumentTypeAsPayload",
);

/// DocumentTypeAsPayloadInput(String), DocumentTypeAsPayloadOutput(String).
#[tokio::test(flavor = "current_thread")]
async fn document_payloads() {
    let object = Value::Document(doc_obj(&[("foo", doc_str("bar"))]));
    let string = Value::Document(doc_str("hello"));
    for (value, wire) in [(object, r#"{"foo":"bar"}"#), (string, r#""hello""#)] {
        let req = request(&DOCUMENT_TYPE_AS_PAYLOAD, st(1, &[(0, value.clone())])).await;
        assert_eq!(body(&req), wire);
        assert_eq!(
            headers(&req),
            pairs(&[("Content-Type", "application/json")])
        );
        assert_eq!(
            output(&DOCUMENT_TYPE_AS_PAYLOAD, 200, &[], wire).await,
            st(1, &[(0, value)])
        );
    }
}

// ---------------------------------------------------------------------------------------------
// JSON documents (json-structs.smithy, json-lists.smithy, json-maps.smithy, documents.smithy)

static SIMPLE_SCALAR_IO: Schema = Schema::structure(
    "SimpleScalarPropertiesInputOutput",
    &[
        header("foo", &prelude::STRING, "X-Foo"),
        Member::new("stringValue", &prelude::STRING),
        Member::new("trueBooleanValue", &prelude::BOOLEAN),
        Member::new("falseBooleanValue", &prelude::BOOLEAN),
        Member::new("byteValue", &prelude::BYTE),
        Member::new("shortValue", &prelude::SHORT),
        Member::new("integerValue", &prelude::INTEGER),
        Member::new("longValue", &prelude::LONG),
        Member::new("floatValue", &prelude::FLOAT),
        Member::new("doubleValue", &prelude::DOUBLE).json_name("DoubleDribble"),
    ],
);
static SIMPLE_SCALAR_PROPERTIES: Operation = op(
    "SimpleScalarProperties",
    &SIMPLE_SCALAR_IO,
    &SIMPLE_SCALAR_IO,
    "PUT",
    "/SimpleScalarProperties",
);

/// RestJsonSimpleScalarProperties (request and response): header members stay out of the body,
/// `@jsonName` renames.
#[tokio::test(flavor = "current_thread")]
async fn simple_scalar_properties() {
    let value = st(
        10,
        &[
            (0, s("Foo")),
            (1, s("string")),
            (2, Value::Bool(true)),
            (3, Value::Bool(false)),
            (4, int(1)),
            (5, int(2)),
            (6, int(3)),
            (7, int(4)),
            (8, float(5.5)),
            (9, Value::Float(6.5)),
        ],
    );
    let req = request(&SIMPLE_SCALAR_PROPERTIES, value.clone()).await;
    assert_eq!(
        body(&req),
        r#"{"stringValue":"string","trueBooleanValue":true,"falseBooleanValue":false,"byteValue":1,"shortValue":2,"integerValue":3,"longValue":4,"floatValue":5.5,"DoubleDribble":6.5}"#
    );
    assert_eq!(
        headers(&req),
        pairs(&[("X-Foo", "Foo"), ("Content-Type", "application/json")])
    );
    let got = output(
        &SIMPLE_SCALAR_PROPERTIES,
        200,
        &[("Content-Type", "application/json"), ("X-Foo", "Foo")],
        "{\n  \"stringValue\": \"string\", \"trueBooleanValue\": true, \"falseBooleanValue\": false,\
         \"byteValue\": 1, \"shortValue\": 2, \"integerValue\": 3, \"longValue\": 4,\
         \"floatValue\": 5.5, \"DoubleDribble\": 6.5\n}",
    )
    .await;
    assert_eq!(got, value);
}

/// RestJsonDoesntSerializeNullStructureValues, RestJsonDoesntDeserializeNullStructureValues.
#[tokio::test(flavor = "current_thread")]
async fn null_structure_values() {
    let req = request(&SIMPLE_SCALAR_PROPERTIES, st(10, &[])).await;
    assert_eq!(body(&req), "{}");
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );
    assert_eq!(
        output(
            &SIMPLE_SCALAR_PROPERTIES,
            200,
            &[],
            r#"{"stringValue": null}"#
        )
        .await,
        st(10, &[])
    );
}

/// RestJsonSupports{NaN,Infinity,NegativeInfinity}FloatInputs (requests and responses).
#[tokio::test(flavor = "current_thread")]
async fn non_finite_floats_in_bodies() {
    for (f, text) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        let req = request(
            &SIMPLE_SCALAR_PROPERTIES,
            st(10, &[(8, Value::Float(f)), (9, Value::Float(f))]),
        )
        .await;
        let wire = format!(r#"{{"floatValue":"{text}","DoubleDribble":"{text}"}}"#);
        assert_eq!(body(&req), wire);
        let Value::Struct(slots) = output(&SIMPLE_SCALAR_PROPERTIES, 200, &[], &wire).await else {
            panic!("not a structure")
        };
        for slot in &slots[8..] {
            match slot {
                Some(Value::Float(g)) => {
                    assert!(g.to_bits() == f.to_bits() || (f.is_nan() && g.is_nan()))
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}

static JSON_BLOBS_IO: Schema = Schema::structure(
    "JsonBlobsInputOutput",
    &[Member::new("data", &prelude::BLOB)],
);
static JSON_BLOBS: Operation = op(
    "JsonBlobs",
    &JSON_BLOBS_IO,
    &JSON_BLOBS_IO,
    "POST",
    "/JsonBlobs",
);

/// RestJsonJsonBlobs (request and response): base64 in bodies.
#[tokio::test(flavor = "current_thread")]
async fn blobs_are_base64_in_bodies() {
    let value = st(1, &[(0, Value::Blob(b"value".to_vec()))]);
    let req = request(&JSON_BLOBS, value.clone()).await;
    assert_eq!(body(&req), r#"{"data":"dmFsdWU="}"#);
    assert_eq!(
        output(&JSON_BLOBS, 200, &[], r#"{"data": "dmFsdWU="}"#).await,
        value
    );
}

static JSON_TIMESTAMPS_IO: Schema = Schema::structure(
    "JsonTimestampsInputOutput",
    &[
        Member::new("normal", &prelude::TIMESTAMP),
        Member::new("dateTime", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::DateTime),
        Member::new("dateTimeOnTarget", &DATE_TIME),
        Member::new("epochSeconds", &prelude::TIMESTAMP)
            .timestamp_format(TimestampFormat::EpochSeconds),
        Member::new("epochSecondsOnTarget", &EPOCH_SECONDS),
        Member::new("httpDate", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::HttpDate),
        Member::new("httpDateOnTarget", &HTTP_DATE),
    ],
);
static JSON_TIMESTAMPS: Operation = op(
    "JsonTimestamps",
    &JSON_TIMESTAMPS_IO,
    &JSON_TIMESTAMPS_IO,
    "POST",
    "/JsonTimestamps",
);

/// RestJsonJsonTimestamps and the WithDateTimeFormat, WithDateTimeOnTargetFormat,
/// WithEpochSecondsFormat, WithEpochSecondsOnTargetFormat, WithHttpDateFormat and
/// WithHttpDateOnTargetFormat cases (requests and responses): epoch seconds by default.
#[tokio::test(flavor = "current_thread")]
async fn json_timestamps() {
    let wire = [
        r#"{"normal":1398796238}"#,
        r#"{"dateTime":"2014-04-29T18:30:38Z"}"#,
        r#"{"dateTimeOnTarget":"2014-04-29T18:30:38Z"}"#,
        r#"{"epochSeconds":1398796238}"#,
        r#"{"epochSecondsOnTarget":1398796238}"#,
        r#"{"httpDate":"Tue, 29 Apr 2014 18:30:38 GMT"}"#,
        r#"{"httpDateOnTarget":"Tue, 29 Apr 2014 18:30:38 GMT"}"#,
    ];
    for (i, wire) in wire.iter().enumerate() {
        let value = st(7, &[(i, ts(1398796238))]);
        let req = request(&JSON_TIMESTAMPS, value.clone()).await;
        assert_eq!(body(&req), *wire);
        assert_eq!(output(&JSON_TIMESTAMPS, 200, &[], wire).await, value);
    }
}

static DATETIME_OFFSETS_OUTPUT: Schema = Schema::structure(
    "DatetimeOffsetsOutput",
    &[Member::new("datetime", &DATE_TIME)],
);
static DATETIME_OFFSETS: Operation = op(
    "DatetimeOffsets",
    &prelude::UNIT,
    &DATETIME_OFFSETS_OUTPUT,
    "POST",
    "/DatetimeOffsets",
);

/// RestJsonDateTimeWithNegativeOffset, RestJsonDateTimeWithPositiveOffset,
/// RestJsonDateTimeWithFractionalSeconds.
#[tokio::test(flavor = "current_thread")]
async fn date_time_offsets_and_fractions() {
    for text in ["2019-12-16T22:48:18-01:00", "2019-12-17T00:48:18+01:00"] {
        assert_eq!(
            output(
                &DATETIME_OFFSETS,
                200,
                &[],
                &format!("{{\"datetime\": \"{text}\"}}")
            )
            .await,
            st(1, &[(0, ts(1576540098))])
        );
    }
    assert_eq!(
        output(
            &DATETIME_OFFSETS,
            200,
            &[],
            r#"{"datetime": "2000-01-02T20:34:56.123Z"}"#
        )
        .await,
        st(
            1,
            &[(
                0,
                Value::Timestamp(DateTime::from_secs_and_nanos(946845296, 123_000_000))
            )]
        )
    );
}

static JSON_ENUMS_IO: Schema = Schema::structure(
    "JsonEnumsInputOutput",
    &[
        Member::new("fooEnum1", &prelude::ENUM),
        Member::new("fooEnum2", &prelude::ENUM),
        Member::new("fooEnum3", &prelude::ENUM),
        Member::new("fooEnumList", &FOO_ENUM_LIST),
        Member::new("fooEnumSet", &FOO_ENUM_LIST),
        Member::new("fooEnumMap", &FOO_ENUM_MAP),
    ],
);
static JSON_ENUMS: Operation = op(
    "JsonEnums",
    &JSON_ENUMS_IO,
    &JSON_ENUMS_IO,
    "PUT",
    "/JsonEnums",
);
static JSON_INT_ENUMS_IO: Schema = Schema::structure(
    "JsonIntEnumsInputOutput",
    &[
        Member::new("integerEnum1", &prelude::INT_ENUM),
        Member::new("integerEnum2", &prelude::INT_ENUM),
        Member::new("integerEnum3", &prelude::INT_ENUM),
        Member::new("integerEnumList", &INTEGER_ENUM_LIST),
        Member::new("integerEnumSet", &INTEGER_ENUM_LIST),
        Member::new("integerEnumMap", &INTEGER_ENUM_MAP),
    ],
);
static JSON_INT_ENUMS: Operation = op(
    "JsonIntEnums",
    &JSON_INT_ENUMS_IO,
    &JSON_INT_ENUMS_IO,
    "PUT",
    "/JsonIntEnums",
);

/// RestJsonJsonEnums, RestJsonJsonIntEnums (requests and responses).
#[tokio::test(flavor = "current_thread")]
async fn enums_and_int_enums() {
    let value = st(
        6,
        &[
            (0, s("Foo")),
            (1, s("0")),
            (2, s("1")),
            (3, strs(&["Foo", "0"])),
            (4, strs(&["Foo", "0"])),
            (5, map(&[("hi", s("Foo")), ("zero", s("0"))])),
        ],
    );
    let wire = r#"{"fooEnum1":"Foo","fooEnum2":"0","fooEnum3":"1","fooEnumList":["Foo","0"],"fooEnumSet":["Foo","0"],"fooEnumMap":{"hi":"Foo","zero":"0"}}"#;
    assert_eq!(body(&request(&JSON_ENUMS, value.clone()).await), wire);
    assert_eq!(output(&JSON_ENUMS, 200, &[], wire).await, value);

    let value = st(
        6,
        &[
            (0, int(1)),
            (1, int(2)),
            (2, int(3)),
            (3, list(&[int(1), int(2), int(3)])),
            (4, list(&[int(1), int(2)])),
            (5, map(&[("abc", int(1)), ("def", int(2))])),
        ],
    );
    let wire = r#"{"integerEnum1":1,"integerEnum2":2,"integerEnum3":3,"integerEnumList":[1,2,3],"integerEnumSet":[1,2],"integerEnumMap":{"abc":1,"def":2}}"#;
    assert_eq!(body(&request(&JSON_INT_ENUMS, value.clone()).await), wire);
    assert_eq!(output(&JSON_INT_ENUMS, 200, &[], wire).await, value);
}

static RECURSIVE_NESTED_1: Schema = Schema::structure(
    "RecursiveShapesInputOutputNested1",
    &[
        Member::new("foo", &prelude::STRING),
        Member::new("nested", &RECURSIVE_NESTED_2),
    ],
);
static RECURSIVE_NESTED_2: Schema = Schema::structure(
    "RecursiveShapesInputOutputNested2",
    &[
        Member::new("bar", &prelude::STRING),
        Member::new("recursiveMember", &RECURSIVE_NESTED_1),
    ],
);
static RECURSIVE_SHAPES_IO: Schema = Schema::structure(
    "RecursiveShapesInputOutput",
    &[Member::new("nested", &RECURSIVE_NESTED_1)],
);
static RECURSIVE_SHAPES: Operation = op(
    "RecursiveShapes",
    &RECURSIVE_SHAPES_IO,
    &RECURSIVE_SHAPES_IO,
    "PUT",
    "/RecursiveShapes",
);

/// RestJsonRecursiveShapes (request and response).
#[tokio::test(flavor = "current_thread")]
async fn recursive_shapes() {
    let value = st(
        1,
        &[(
            0,
            st(
                2,
                &[
                    (0, s("Foo1")),
                    (
                        1,
                        st(
                            2,
                            &[
                                (0, s("Bar1")),
                                (1, st(2, &[(0, s("Foo2")), (1, st(2, &[(0, s("Bar2"))]))])),
                            ],
                        ),
                    ),
                ],
            ),
        )],
    );
    let wire = r#"{"nested":{"foo":"Foo1","nested":{"bar":"Bar1","recursiveMember":{"foo":"Foo2","nested":{"bar":"Bar2"}}}}}"#;
    assert_eq!(body(&request(&RECURSIVE_SHAPES, value.clone()).await), wire);
    assert_eq!(output(&RECURSIVE_SHAPES, 200, &[], wire).await, value);
}

static STRUCTURE_LIST_MEMBER: Schema = Schema::structure(
    "StructureListMember",
    &[
        Member::new("a", &prelude::STRING).json_name("value"),
        Member::new("b", &prelude::STRING).json_name("other"),
    ],
);
static STRUCTURE_LIST: Schema = Schema::list(
    "StructureList",
    &[Member::new("member", &STRUCTURE_LIST_MEMBER)],
);
static JSON_LISTS_IO: Schema = Schema::structure(
    "JsonListsInputOutput",
    &[
        Member::new("stringList", &STRING_LIST),
        Member::new("stringSet", &STRING_SET),
        Member::new("integerList", &INTEGER_LIST),
        Member::new("booleanList", &BOOLEAN_LIST),
        Member::new("timestampList", &TIMESTAMP_LIST),
        Member::new("enumList", &FOO_ENUM_LIST),
        Member::new("intEnumList", &INTEGER_ENUM_LIST),
        Member::new("nestedStringList", &NESTED_STRING_LIST),
        Member::new("structureList", &STRUCTURE_LIST).json_name("myStructureList"),
    ],
);
static JSON_LISTS: Operation = op(
    "JsonLists",
    &JSON_LISTS_IO,
    &JSON_LISTS_IO,
    "PUT",
    "/JsonLists",
);

/// RestJsonLists, RestJsonListsEmpty (requests and responses).
#[tokio::test(flavor = "current_thread")]
async fn json_lists() {
    let value = st(
        9,
        &[
            (0, strs(&["foo", "bar"])),
            (1, strs(&["foo", "bar"])),
            (2, list(&[int(1), int(2)])),
            (3, list(&[Value::Bool(true), Value::Bool(false)])),
            (4, list(&[ts(1398796238), ts(1398796238)])),
            (5, strs(&["Foo", "0"])),
            (6, list(&[int(1), int(2)])),
            (7, list(&[strs(&["foo", "bar"]), strs(&["baz", "qux"])])),
            (
                8,
                list(&[
                    st(2, &[(0, s("1")), (1, s("2"))]),
                    st(2, &[(0, s("3")), (1, s("4"))]),
                ]),
            ),
        ],
    );
    let wire = r#"{"stringList":["foo","bar"],"stringSet":["foo","bar"],"integerList":[1,2],"booleanList":[true,false],"timestampList":[1398796238,1398796238],"enumList":["Foo","0"],"intEnumList":[1,2],"nestedStringList":[["foo","bar"],["baz","qux"]],"myStructureList":[{"value":"1","other":"2"},{"value":"3","other":"4"}]}"#;
    let req = request(&JSON_LISTS, value.clone()).await;
    assert_eq!(body(&req), wire);
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );
    assert_eq!(output(&JSON_LISTS, 200, &[], wire).await, value);

    let empty = st(9, &[(0, list(&[]))]);
    let wire = r#"{"stringList":[]}"#;
    assert_eq!(body(&request(&JSON_LISTS, empty.clone()).await), wire);
    assert_eq!(output(&JSON_LISTS, 200, &[], wire).await, empty);
}

static SPARSE_JSON_LISTS_IO: Schema = Schema::structure(
    "SparseJsonListsInputOutput",
    &[
        Member::new("sparseStringList", &SPARSE_STRING_LIST),
        Member::new("sparseShortList", &SPARSE_SHORT_LIST),
    ],
);
static SPARSE_JSON_LISTS: Operation = op(
    "SparseJsonLists",
    &SPARSE_JSON_LISTS_IO,
    &SPARSE_JSON_LISTS_IO,
    "PUT",
    "/SparseJsonLists",
);

/// RestJsonSparseListsSerializeNull (request and response); null entries of dense lists are
/// dropped.
#[tokio::test(flavor = "current_thread")]
async fn sparse_lists_keep_nulls() {
    let value = st(
        2,
        &[
            (0, list(&[Value::Null, s("hi")])),
            (1, list(&[Value::Null, int(2)])),
        ],
    );
    let wire = r#"{"sparseStringList":[null,"hi"],"sparseShortList":[null,2]}"#;
    assert_eq!(
        body(&request(&SPARSE_JSON_LISTS, value.clone()).await),
        wire
    );
    assert_eq!(output(&SPARSE_JSON_LISTS, 200, &[], wire).await, value);
    assert_eq!(
        output(&JSON_LISTS, 200, &[], r#"{"stringList":[null,"a"]}"#).await,
        st(9, &[(0, strs(&["a"]))])
    );
}

static DENSE_STRUCT_MAP: Schema = Schema::map(
    "DenseStructMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &GREETING_STRUCT),
    ],
);
static DENSE_NUMBER_MAP: Schema = Schema::map(
    "DenseNumberMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::INTEGER),
    ],
);
static DENSE_BOOLEAN_MAP: Schema = Schema::map(
    "DenseBooleanMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::BOOLEAN),
    ],
);
static DENSE_SET_MAP: Schema = Schema::map(
    "DenseSetMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &STRING_SET),
    ],
);
static JSON_MAPS_IO: Schema = Schema::structure(
    "JsonMapsInputOutput",
    &[
        Member::new("denseStructMap", &DENSE_STRUCT_MAP),
        Member::new("denseNumberMap", &DENSE_NUMBER_MAP),
        Member::new("denseBooleanMap", &DENSE_BOOLEAN_MAP),
        Member::new("denseStringMap", &STRING_MAP),
        Member::new("denseSetMap", &DENSE_SET_MAP),
    ],
);
static JSON_MAPS: Operation = op(
    "JsonMaps",
    &JSON_MAPS_IO,
    &JSON_MAPS_IO,
    "POST",
    "/JsonMaps",
);

/// RestJsonJsonMaps, RestJsonSerializesZeroValuesInMaps, RestJsonSerializesDenseSetMap and the
/// Deserializes… response cases.
#[tokio::test(flavor = "current_thread")]
async fn dense_maps() {
    let cases = [
        (
            st(
                5,
                &[(
                    0,
                    map(&[
                        ("foo", st(1, &[(0, s("there"))])),
                        ("baz", st(1, &[(0, s("bye"))])),
                    ]),
                )],
            ),
            r#"{"denseStructMap":{"foo":{"hi":"there"},"baz":{"hi":"bye"}}}"#,
        ),
        (
            st(
                5,
                &[
                    (1, map(&[("x", int(0))])),
                    (2, map(&[("x", Value::Bool(false))])),
                ],
            ),
            r#"{"denseNumberMap":{"x":0},"denseBooleanMap":{"x":false}}"#,
        ),
        (
            st(
                5,
                &[(4, map(&[("x", list(&[])), ("y", strs(&["a", "b"]))]))],
            ),
            r#"{"denseSetMap":{"x":[],"y":["a","b"]}}"#,
        ),
    ];
    for (value, wire) in cases {
        assert_eq!(body(&request(&JSON_MAPS, value.clone()).await), wire);
        assert_eq!(output(&JSON_MAPS, 200, &[], wire).await, value);
    }
}

static SPARSE_STRUCT_MAP: Schema = Schema::map(
    "SparseStructMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &GREETING_STRUCT),
    ],
)
.sparse();
static SPARSE_NUMBER_MAP: Schema = Schema::map(
    "SparseNumberMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::INTEGER),
    ],
)
.sparse();
static SPARSE_BOOLEAN_MAP: Schema = Schema::map(
    "SparseBooleanMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::BOOLEAN),
    ],
)
.sparse();
static SPARSE_STRING_MAP: Schema = Schema::map(
    "SparseStringMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::STRING),
    ],
)
.sparse();
static SPARSE_SET_MAP: Schema = Schema::map(
    "SparseSetMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &STRING_SET),
    ],
)
.sparse();
static SPARSE_JSON_MAPS_IO: Schema = Schema::structure(
    "SparseJsonMapsInputOutput",
    &[
        Member::new("sparseStructMap", &SPARSE_STRUCT_MAP),
        Member::new("sparseNumberMap", &SPARSE_NUMBER_MAP),
        Member::new("sparseBooleanMap", &SPARSE_BOOLEAN_MAP),
        Member::new("sparseStringMap", &SPARSE_STRING_MAP),
        Member::new("sparseSetMap", &SPARSE_SET_MAP),
    ],
);
static SPARSE_JSON_MAPS: Operation = op(
    "SparseJsonMaps",
    &SPARSE_JSON_MAPS_IO,
    &SPARSE_JSON_MAPS_IO,
    "POST",
    "/SparseJsonMaps",
);

/// RestJsonSerializesSparseNullMapValues, RestJsonSerializesSparseSetMapAndRetainsNull and their
/// Deserializes… response cases; dense maps drop null values.
#[tokio::test(flavor = "current_thread")]
async fn sparse_maps_keep_nulls() {
    let nulls = st(
        5,
        &[
            (0, map(&[("x", Value::Null)])),
            (1, map(&[("x", Value::Null)])),
            (2, map(&[("x", Value::Null)])),
            (3, map(&[("x", Value::Null)])),
        ],
    );
    let wire = r#"{"sparseStructMap":{"x":null},"sparseNumberMap":{"x":null},"sparseBooleanMap":{"x":null},"sparseStringMap":{"x":null}}"#;
    assert_eq!(body(&request(&SPARSE_JSON_MAPS, nulls.clone()).await), wire);
    assert_eq!(output(&SPARSE_JSON_MAPS, 200, &[], wire).await, nulls);

    let sets = st(
        5,
        &[(
            4,
            map(&[
                ("x", list(&[])),
                ("y", strs(&["a", "b"])),
                ("z", Value::Null),
            ]),
        )],
    );
    let wire = r#"{"sparseSetMap":{"x":[],"y":["a","b"],"z":null}}"#;
    assert_eq!(body(&request(&SPARSE_JSON_MAPS, sets.clone()).await), wire);
    assert_eq!(output(&SPARSE_JSON_MAPS, 200, &[], wire).await, sets);

    assert_eq!(
        output(
            &JSON_MAPS,
            200,
            &[],
            r#"{"denseStringMap":{"x":null,"y":"z"}}"#
        )
        .await,
        st(5, &[(3, map(&[("y", s("z"))]))])
    );
}

static DOCUMENT_VALUED_MAP: Schema = Schema::map(
    "DocumentValuedMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::DOCUMENT),
    ],
);
static DOCUMENT_TYPE_IO: Schema = Schema::structure(
    "DocumentTypeInputOutput",
    &[
        Member::new("stringValue", &prelude::STRING),
        Member::new("documentValue", &prelude::DOCUMENT),
        // Not in the upstream shape: DocumentTypeAsMapValue's map, folded in here.
        Member::new("docValuedMap", &DOCUMENT_VALUED_MAP),
    ],
);
static DOCUMENT_TYPE: Operation = op(
    "DocumentType",
    &DOCUMENT_TYPE_IO,
    &DOCUMENT_TYPE_IO,
    "PUT",
    "/DocumentType",
);

/// DocumentTypeInputWithObject, DocumentInputWith{String,Number,Boolean,List},
/// DocumentOutput{,String,Number,Boolean,Array}, DocumentTypeAsMapValueInput/Output.
#[tokio::test(flavor = "current_thread")]
async fn documents_in_bodies() {
    let n = |v: u64| Document::Number(Number::PosInt(v));
    let cases = [
        (doc_obj(&[("foo", doc_str("bar"))]), r#"{"foo":"bar"}"#),
        (doc_str("hello"), r#""hello""#),
        (n(10), "10"),
        (Document::Bool(true), "true"),
        (
            Document::Array(vec![
                Document::Bool(true),
                doc_str("hi"),
                Document::Array(vec![n(1), n(2)]),
                doc_obj(&[(
                    "foo",
                    doc_obj(&[("baz", Document::Array(vec![n(3), n(4)]))]),
                )]),
            ]),
            r#"[true,"hi",[1,2],{"foo":{"baz":[3,4]}}]"#,
        ),
    ];
    for (document, wire) in cases {
        let value = st(3, &[(0, s("string")), (1, Value::Document(document))]);
        let wire = format!(r#"{{"stringValue":"string","documentValue":{wire}}}"#);
        assert_eq!(body(&request(&DOCUMENT_TYPE, value.clone()).await), wire);
        assert_eq!(output(&DOCUMENT_TYPE, 200, &[], &wire).await, value);
    }

    let value = st(
        3,
        &[(
            2,
            map(&[
                ("foo", Value::Document(doc_obj(&[("f", n(1)), ("o", n(2))]))),
                (
                    "bar",
                    Value::Document(Document::Array(vec![
                        doc_str("b"),
                        doc_str("a"),
                        doc_str("r"),
                    ])),
                ),
                ("baz", Value::Document(doc_str("BAZ"))),
            ]),
        )],
    );
    let wire = r#"{"docValuedMap":{"foo":{"f":1,"o":2},"bar":["b","a","r"],"baz":"BAZ"}}"#;
    assert_eq!(body(&request(&DOCUMENT_TYPE, value.clone()).await), wire);
    assert_eq!(output(&DOCUMENT_TYPE, 200, &[], wire).await, value);
}

// ---------------------------------------------------------------------------------------------
// Unions (unions.smithy)

static NESTED_UNION: Schema = Schema::union(
    "NestedUnion",
    &[Member::new("stringValue", &prelude::STRING)],
);
static RENAMED_GREETING: Schema = Schema::structure(
    "RenamedGreeting",
    &[Member::new("salutation", &prelude::STRING)],
);
static MY_UNION: Schema = Schema::union(
    "MyUnion",
    &[
        Member::new("stringValue", &prelude::STRING),
        Member::new("booleanValue", &prelude::BOOLEAN),
        Member::new("numberValue", &prelude::INTEGER),
        Member::new("blobValue", &prelude::BLOB),
        Member::new("timestampValue", &prelude::TIMESTAMP),
        Member::new("enumValue", &prelude::ENUM),
        Member::new("listValue", &STRING_LIST),
        Member::new("mapValue", &STRING_MAP),
        Member::new("structureValue", &GREETING_STRUCT),
        Member::new("renamedStructureValue", &RENAMED_GREETING),
        Member::new("unionValue", &NESTED_UNION),
    ],
);
static UNION_IO: Schema =
    Schema::structure("UnionInputOutput", &[Member::new("contents", &MY_UNION)]);
static JSON_UNIONS: Operation = op("JsonUnions", &UNION_IO, &UNION_IO, "PUT", "/JsonUnions");

/// RestJson(Serialize|Deserialize){String,Boolean,Number,Blob,Timestamp,Enum,List,Map,
/// Structure,RenamedStructure,Nested}UnionValue.
#[tokio::test(flavor = "current_thread")]
async fn union_values() {
    let cases = [
        (0, s("foo"), r#""foo""#),
        (1, Value::Bool(true), "true"),
        (2, int(1), "1"),
        (3, Value::Blob(b"foo".to_vec()), r#""Zm9v""#),
        (4, ts(1398796238), "1398796238"),
        (5, s("Foo"), r#""Foo""#),
        (6, strs(&["foo", "bar"]), r#"["foo","bar"]"#),
        (
            7,
            map(&[("foo", s("bar")), ("spam", s("eggs"))]),
            r#"{"foo":"bar","spam":"eggs"}"#,
        ),
        (8, st(1, &[(0, s("hello"))]), r#"{"hi":"hello"}"#),
        (9, st(1, &[(0, s("hello!"))]), r#"{"salutation":"hello!"}"#),
        (10, st(1, &[(0, s("foo"))]), r#"{"stringValue":"foo"}"#),
    ];
    for (index, member, json) in cases {
        let value = st(1, &[(0, st(11, &[(index, member)]))]);
        let name = MY_UNION.members[index].name;
        let wire = format!(r#"{{"contents":{{"{name}":{json}}}}}"#);
        let req = request(&JSON_UNIONS, value.clone()).await;
        assert_eq!(body(&req), wire, "{name}");
        assert_eq!(
            headers(&req),
            pairs(&[("Content-Type", "application/json")])
        );
        assert_eq!(output(&JSON_UNIONS, 200, &[], &wire).await, value, "{name}");
    }
}

/// RestJsonDeserializeIgnoreType: `__type` is ignored; a union holding only unknown keys is an
/// unknown variant (no member set); more than one member set is a malformed response.
#[tokio::test(flavor = "current_thread")]
async fn union_type_key_unknown_variants_and_mixed_members() {
    let got = output(
        &JSON_UNIONS,
        200,
        &[],
        r#"{"contents": {"__type": "aws.protocoltests.json10#MyUnion", "structureValue": {"hi": "hello"}}}"#,
    )
    .await;
    assert_eq!(
        got,
        st(1, &[(0, st(11, &[(8, st(1, &[(0, s("hello"))]))]))])
    );
    let got = output(
        &JSON_UNIONS,
        200,
        &[],
        r#"{"contents": {"newVariant": 42}}"#,
    )
    .await;
    assert_eq!(got, st(1, &[(0, st(11, &[]))]));

    match answer(
        &JSON_UNIONS,
        response(
            200,
            &[],
            r#"{"contents": {"stringValue": "a", "numberValue": 1}}"#,
        ),
    )
    .await
    {
        Err(Failure::Response(e)) => {
            assert!(e.reason().contains("UnionInputOutput.contents"), "{e}");
            assert!(!e.reason().contains("\"a\""), "{e}");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}

/// An input union must have exactly one member set: none (an unknown variant) or two cannot be
/// sent.
#[tokio::test(flavor = "current_thread")]
async fn input_unions_need_exactly_one_member() {
    for union in [st(11, &[]), st(11, &[(0, s("a")), (2, int(1))])] {
        let (req, result) = exchange_at(
            "https://example.com",
            &JSON_UNIONS,
            st(1, &[(0, union)]),
            response(200, &[], ""),
        )
        .await;
        assert!(req.is_none());
        match result {
            Err(Failure::InvalidInput(e)) => {
                assert!(e.to_string().contains("UnionInputOutput.contents"), "{e}")
            }
            other => panic!("expected invalid input, got {other:?}"),
        }
    }
}

static PLAYER_ACTION: Schema =
    Schema::union("PlayerAction", &[Member::new("quit", &prelude::UNIT)]);
static POST_PLAYER_ACTION_IO: Schema = Schema::structure(
    "PostPlayerActionInput",
    &[Member::new("action", &PLAYER_ACTION)],
);
static POST_PLAYER_ACTION: Operation = op(
    "PostPlayerAction",
    &POST_PLAYER_ACTION_IO,
    &POST_PLAYER_ACTION_IO,
    "POST",
    "/PostPlayerAction",
);
static UNION_WITH_JSON_NAME: Schema = Schema::union(
    "UnionWithJsonName",
    &[
        Member::new("foo", &prelude::STRING).json_name("FOO"),
        Member::new("bar", &prelude::STRING),
        Member::new("baz", &prelude::STRING).json_name("_baz"),
    ],
);
static POST_UNION_WITH_JSON_NAME_IO: Schema = Schema::structure(
    "PostUnionWithJsonNameInput",
    &[Member::new("value", &UNION_WITH_JSON_NAME)],
);
static POST_UNION_WITH_JSON_NAME: Operation = op(
    "PostUnionWithJsonName",
    &POST_UNION_WITH_JSON_NAME_IO,
    &POST_UNION_WITH_JSON_NAME_IO,
    "POST",
    "/PostUnionWithJsonName",
);

/// RestJsonInputUnionWithUnitMember, RestJsonOutputUnionWithUnitMember,
/// PostUnionWithJsonNameRequest1-3, PostUnionWithJsonNameResponse1-3.
#[tokio::test(flavor = "current_thread")]
async fn unit_union_members_and_json_names() {
    let value = st(1, &[(0, st(1, &[(0, Value::Struct(Vec::new()))]))]);
    let wire = r#"{"action":{"quit":{}}}"#;
    assert_eq!(
        body(&request(&POST_PLAYER_ACTION, value.clone()).await),
        wire
    );
    assert_eq!(output(&POST_PLAYER_ACTION, 200, &[], wire).await, value);

    for (index, key) in [(0, "FOO"), (2, "_baz"), (1, "bar")] {
        let value = st(1, &[(0, st(3, &[(index, s("hi"))]))]);
        let wire = format!(r#"{{"value":{{"{key}":"hi"}}}}"#);
        assert_eq!(
            body(&request(&POST_UNION_WITH_JSON_NAME, value.clone()).await),
            wire
        );
        assert_eq!(
            output(&POST_UNION_WITH_JSON_NAME, 200, &[], &wire).await,
            value
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Endpoints (endpoints.smithy, endpoint-paths.smithy)

static ENDPOINT_OPERATION: Operation = Operation {
    host_prefix: Some("foo."),
    ..op(
        "EndpointOperation",
        &prelude::UNIT,
        &prelude::UNIT,
        "POST",
        "/EndpointOperation",
    )
};
static ENDPOINT_WITH_HOST_LABEL_OPERATION: Operation = Operation {
    host_prefix: Some("foo.{label}."),
    ..op(
        "EndpointWithHostLabelOperation",
        &HOST_LABEL_INPUT,
        &prelude::UNIT,
        "POST",
        "/EndpointWithHostLabelOperation",
    )
};
static HOST_WITH_PATH_OPERATION: Operation = op(
    "HostWithPathOperation",
    &prelude::UNIT,
    &prelude::UNIT,
    "GET",
    "/HostWithPathOperation",
);

/// RestJsonEndpointTrait, RestJsonEndpointTraitWithHostLabel: the host prefix is prepended to
/// the endpoint's host; a host label member stays in the body too.
#[tokio::test(flavor = "current_thread")]
async fn endpoint_host_prefixes() {
    let req = request(&ENDPOINT_OPERATION, st(0, &[])).await;
    assert_eq!(req.url, "https://foo.example.com/EndpointOperation");
    assert_eq!(req.authority(), "foo.example.com");
    assert!(req.body.is_empty());

    let req = request(&ENDPOINT_WITH_HOST_LABEL_OPERATION, st(1, &[(0, s("bar"))])).await;
    assert_eq!(
        req.url,
        "https://foo.bar.example.com/EndpointWithHostLabelOperation"
    );
    assert_eq!(body(&req), r#"{"label":"bar"}"#);
    assert_eq!(
        headers(&req),
        pairs(&[("Content-Type", "application/json")])
    );

    let req = request_at(
        "http://127.0.0.1:8080",
        &ENDPOINT_WITH_HOST_LABEL_OPERATION,
        st(1, &[(0, s("a-b.c"))]),
    )
    .await;
    assert_eq!(
        req.url,
        "http://foo.a-b.c.127.0.0.1:8080/EndpointWithHostLabelOperation"
    );
}

/// A host label that is unset, empty or not made of host characters is refused; the error
/// names the member, not the value.
#[tokio::test(flavor = "current_thread")]
async fn bad_host_labels_are_invalid_input() {
    for input in [
        st(1, &[(0, s(""))]),
        st(1, &[(0, s("evil.com/x"))]),
        st(1, &[(0, s("a b"))]),
    ] {
        let (req, result) = exchange_at(
            "https://example.com",
            &ENDPOINT_WITH_HOST_LABEL_OPERATION,
            input,
            response(200, &[], ""),
        )
        .await;
        assert!(req.is_none());
        match result {
            Err(Failure::InvalidInput(e)) => {
                assert!(e.to_string().contains("HostLabelInput.label"), "{e}");
                assert!(!e.to_string().contains("evil"), "{e}");
            }
            other => panic!("expected invalid input, got {other:?}"),
        }
    }
}

/// RestJsonHostWithPath: an endpoint with a path keeps it in front of the operation's path.
#[tokio::test(flavor = "current_thread")]
async fn endpoint_with_path() {
    let req = request_at(
        "https://example.com/custom",
        &HOST_WITH_PATH_OPERATION,
        st(0, &[]),
    )
    .await;
    assert_eq!(req.url, "https://example.com/custom/HostWithPathOperation");
    assert!(req.body.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Response codes (http-response-code.smithy)

static HTTP_RESPONSE_CODE_OUTPUT: Schema = Schema::structure(
    "HttpResponseCodeOutput",
    &[Member::new("Status", &prelude::INTEGER).binding(Binding::ResponseCode)],
);
static HTTP_RESPONSE_CODE: Operation = op(
    "HttpResponseCode",
    &prelude::UNIT,
    &HTTP_RESPONSE_CODE_OUTPUT,
    "PUT",
    "/HttpResponseCode",
);

/// RestJsonHttpResponseCode, RestJsonHttpResponseCodeWithNoPayload.
#[tokio::test(flavor = "current_thread")]
async fn response_codes() {
    for body in ["{}", ""] {
        assert_eq!(
            output(
                &HTTP_RESPONSE_CODE,
                201,
                &[("Content-Type", "application/json")],
                body
            )
            .await,
            st(1, &[(0, int(201))])
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Errors (errors.smithy)

static GREETING_WITH_ERRORS_OUTPUT: Schema = Schema::structure(
    "GreetingWithErrorsOutput",
    &[header("greeting", &prelude::STRING, "X-Greeting")],
);
static INVALID_GREETING: Schema = Schema::structure(
    "InvalidGreeting",
    &[Member::new("Message", &prelude::STRING)],
)
.error("InvalidGreeting", 400, false);
static COMPLEX_NESTED_ERROR_DATA: Schema = Schema::structure(
    "ComplexNestedErrorData",
    &[Member::new("Foo", &prelude::STRING).json_name("Fooooo")],
);
static COMPLEX_ERROR: Schema = Schema::structure(
    "ComplexError",
    &[
        header("Header", &prelude::STRING, "X-Header"),
        Member::new("TopLevel", &prelude::STRING),
        Member::new("Nested", &COMPLEX_NESTED_ERROR_DATA),
    ],
)
.error("ComplexError", 403, false);
static FOO_ERROR: Schema = Schema::structure("FooError", &[]).error("FooError", 500, true);
static GREETING_WITH_ERRORS: Operation = Operation {
    errors: &[&INVALID_GREETING, &COMPLEX_ERROR, &FOO_ERROR],
    ..op(
        "GreetingWithErrors",
        &prelude::UNIT,
        &GREETING_WITH_ERRORS_OUTPUT,
        "PUT",
        "/GreetingWithErrors",
    )
};

/// RestJsonGreetingWithErrors, RestJsonGreetingWithErrorsNoPayload: a success of an operation
/// with errors.
#[tokio::test(flavor = "current_thread")]
async fn success_of_an_operation_with_errors() {
    for body in ["{}", ""] {
        assert_eq!(
            output(&GREETING_WITH_ERRORS, 200, &[("X-Greeting", "Hello")], body).await,
            st(1, &[(0, s("Hello"))])
        );
    }
}

/// RestJsonInvalidGreetingError: code from `X-Amzn-Errortype`, message from `Message`.
#[tokio::test(flavor = "current_thread")]
async fn invalid_greeting_error() {
    let (meta, modeled) = error(
        &GREETING_WITH_ERRORS,
        400,
        &[
            ("Content-Type", "application/json"),
            ("X-Amzn-Errortype", "InvalidGreeting"),
            ("x-amzn-requestid", "req-1"),
        ],
        "{\n    \"Message\": \"Hi\"\n}",
    )
    .await;
    assert_eq!(
        meta,
        ErrorMeta {
            status: 400,
            code: Some("InvalidGreeting".to_owned()),
            message: Some("Hi".to_owned()),
            request_id: Some("req-1".to_owned()),
        }
    );
    assert_eq!(modeled, Some((0, st(1, &[(0, s("Hi"))]))));
}

/// RestJsonComplexErrorWithNoMessage, RestJsonEmptyComplexErrorWithNoMessage: error members
/// bound to headers, nested `@jsonName`.
#[tokio::test(flavor = "current_thread")]
async fn complex_errors() {
    let (meta, modeled) = error(
        &GREETING_WITH_ERRORS,
        403,
        &[
            ("Content-Type", "application/json"),
            ("X-Header", "Header"),
            ("X-Amzn-Errortype", "ComplexError"),
        ],
        r#"{"TopLevel": "Top level", "Nested": {"Fooooo": "bar"}}"#,
    )
    .await;
    assert_eq!(meta.code.as_deref(), Some("ComplexError"));
    assert_eq!(meta.message, None);
    assert_eq!(
        modeled,
        Some((
            1,
            st(
                3,
                &[
                    (0, s("Header")),
                    (1, s("Top level")),
                    (2, st(1, &[(0, s("bar"))])),
                ]
            )
        ))
    );

    let (_, modeled) = error(
        &GREETING_WITH_ERRORS,
        403,
        &[
            ("Content-Type", "application/json"),
            ("X-Amzn-Errortype", "ComplexError"),
        ],
        "{}",
    )
    .await;
    assert_eq!(modeled, Some((1, st(3, &[]))));
}

/// RestJsonFooErrorUsingXAmznErrorType(WithUri, WithUriAndNamespace,
/// WithUriAndDifferentNamespace), RestJsonFooErrorUsingCode(AndNamespace), …UsingCodeUriAndNamespace,
/// RestJsonFooErrorWithDunderType(AndNamespace, UriAndNamespace), …WithNestedTypeProperty.
#[tokio::test(flavor = "current_thread")]
async fn foo_error_codes() {
    let uri = ":http://internal.amazon.com/coral/com.amazon.coral.validate/";
    let header_cases = [
        "FooError".to_owned(),
        format!("FooError{uri}"),
        format!("aws.protocoltests.restjson#FooError{uri}"),
        format!("aws.different.namespace#FooError{uri}"),
    ];
    for code in &header_cases {
        let (meta, modeled) = error(
            &GREETING_WITH_ERRORS,
            500,
            &[("X-Amzn-Errortype", code)],
            "",
        )
        .await;
        assert_eq!(meta.code.as_deref(), Some("FooError"), "{code}");
        assert_eq!(modeled, Some((2, st(0, &[]))), "{code}");
    }
    let body_cases = [
        r#"{"code": "FooError"}"#.to_owned(),
        r#"{"code": "aws.protocoltests.restjson#FooError"}"#.to_owned(),
        format!(r#"{{"code": "aws.protocoltests.restjson#FooError{uri}"}}"#),
        r#"{"__type": "FooError"}"#.to_owned(),
        r#"{"__type": "aws.protocoltests.restjson#FooError"}"#.to_owned(),
        format!(r#"{{"__type": "aws.protocoltests.restjson#FooError{uri}"}}"#),
        r#"{"__type": "aws.protocoltests.restjson#FooError", "ErrorDetails": [{"__type": "com.amazon.internal#ErrorDetails", "reason": "Some reason"}]}"#.to_owned(),
    ];
    for body in &body_cases {
        let (meta, modeled) = error(
            &GREETING_WITH_ERRORS,
            500,
            &[("Content-Type", "application/json")],
            body,
        )
        .await;
        assert_eq!(meta.code.as_deref(), Some("FooError"), "{body}");
        assert_eq!(modeled, Some((2, st(0, &[]))), "{body}");
    }
}

/// The header's code wins over the body's; `code` wins over `__type`.
#[tokio::test(flavor = "current_thread")]
async fn error_code_precedence() {
    let (meta, modeled) = error(
        &GREETING_WITH_ERRORS,
        400,
        &[("X-Amzn-Errortype", "InvalidGreeting")],
        r#"{"code": "FooError", "__type": "ComplexError", "message": "m"}"#,
    )
    .await;
    assert_eq!(meta.code.as_deref(), Some("InvalidGreeting"));
    assert_eq!(meta.message.as_deref(), Some("m"));
    assert_eq!(modeled.map(|m| m.0), Some(0));
    let (meta, _) = error(
        &GREETING_WITH_ERRORS,
        400,
        &[],
        r#"{"__type": "ComplexError", "code": "FooError"}"#,
    )
    .await;
    assert_eq!(meta.code.as_deref(), Some("FooError"));
}

/// Unmodeled codes and bodies that are not JSON still give status, code, message and request id.
#[tokio::test(flavor = "current_thread")]
async fn unmodeled_and_non_json_errors() {
    let (meta, modeled) = error(
        &GREETING_WITH_ERRORS,
        429,
        &[("x-amzn-RequestId", "req-2")],
        r#"{"__type": "ThrottlingException", "message": "slow down"}"#,
    )
    .await;
    assert_eq!(
        meta,
        ErrorMeta {
            status: 429,
            code: Some("ThrottlingException".to_owned()),
            message: Some("slow down".to_owned()),
            request_id: Some("req-2".to_owned()),
        }
    );
    assert_eq!(modeled, None);

    let (meta, modeled) = error(&GREETING_WITH_ERRORS, 502, &[], "<html>Bad Gateway</html>").await;
    assert_eq!(meta.status, 502);
    assert_eq!(meta.code, None);
    assert_eq!(modeled, None);

    // A modeled code with a body that is not JSON: the error, from its headers alone.
    let (_, modeled) = error(
        &GREETING_WITH_ERRORS,
        403,
        &[("X-Amzn-Errortype", "ComplexError"), ("X-Header", "h")],
        "<html>Forbidden</html>",
    )
    .await;
    assert_eq!(modeled, Some((1, st(3, &[(0, s("h"))]))));
}

/// A success status with a body that does not match the output is a response error naming the
/// member, never quoting the value.
#[tokio::test(flavor = "current_thread")]
async fn malformed_success_bodies_are_response_errors() {
    match answer(
        &SIMPLE_SCALAR_PROPERTIES,
        response(
            200,
            &[("x-amzn-requestid", "req-3")],
            r#"{"integerValue": "secret"}"#,
        ),
    )
    .await
    {
        Err(Failure::Response(e)) => {
            assert!(e.reason().contains("integerValue"), "{e}");
            assert!(!e.to_string().contains("secret"), "{e}");
            assert_eq!(e.meta().request_id.as_deref(), Some("req-3"));
        }
        other => panic!("expected a response error, got {other:?}"),
    }
    match answer(&SIMPLE_SCALAR_PROPERTIES, response(200, &[], "not json")).await {
        Err(Failure::Response(_)) => {}
        other => panic!("expected a response error, got {other:?}"),
    }
}
