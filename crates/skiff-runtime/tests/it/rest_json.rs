//! The AWS restJson1 protocol through the public request pipeline (`Handle::invoke`), for what
//! the Smithy restJson1 protocol tests (run by `cargo xtask protocol-tests` against generated
//! clients) do not check:
//!
//! - absences the suite's cases do not assert: no `Content-Type` for an unset blob or union
//!   payload, no query parameter for a null member, an empty list or an empty
//!   `@httpQueryParams` map, no map entry overriding a named `@httpQuery` key;
//! - the exact percent-encoding of query values (the suite compares decoded parameters);
//! - blank or padded bodies, response header lists spread over several header lines, null
//!   entries of dense lists and maps, union values no case sends (a union in a union, an unknown
//!   variant), unions with more or fewer than one member set;
//! - labels and host labels that are missing, empty or would change the host, refused before any
//!   I/O; a host prefix on an endpoint with a port;
//! - error metadata (message, request id), the precedence of error codes, unmodeled codes, error
//!   bodies that are not JSON, malformed success bodies (the member named, the value never
//!   quoted).
//!
//! Run with `cargo test -p skiff-runtime --features rest-json --test it rest_json`.
#![cfg(feature = "rest-json")]

use crate::harness::shapes::{HOST_LABEL_INPUT, STRING_LIST, STRING_MAP};
use crate::harness::{self, response};

use skiff_runtime::rt::Failure;
use skiff_runtime::schema::{
    prelude, Binding, HttpTrait, Member, Operation, Protocol, Schema, Service, Signing,
};
use skiff_runtime::value::Value;
use skiff_runtime::{ErrorMeta, HttpRequest, HttpResponse};

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
    crate_name: "skiff-test",
    crate_version: "0.0.0",
    endpoint_rules: None,
    env_id: "",
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
        Err(Failure::Service { meta, modeled }) => (*meta, modeled),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn body(req: &HttpRequest) -> &str {
    std::str::from_utf8(&req.body).expect("a UTF-8 body")
}

/// The headers of a request: name and value, in order, without the `User-Agent` every request
/// carries (the pipeline's, checked in skiff-tests).
fn headers(req: &HttpRequest) -> Vec<(String, String)> {
    req.headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("user-agent"))
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
        endpoint_params: &[],
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

static EMPTY: Schema = Schema::structure("Empty", &[]);
static GREETING_STRUCT: Schema =
    Schema::structure("GreetingStruct", &[Member::new("hi", &prelude::STRING)]);

// ---------------------------------------------------------------------------------------------
// Bodies and payloads

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

/// Whitespace-only and padded `{}` bodies give an empty output (the suite sends `""` and `{}`).
#[tokio::test(flavor = "current_thread")]
async fn blank_and_padded_bodies_give_empty_outputs() {
    for body in ["  \n", " {} "] {
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

/// An unset blob or union payload is no body and no `Content-Type`
/// (RestJsonHttpPayloadTraitsWithNoBlobBody, RestJsonHttpWithEmptyBlobPayload and
/// RestJsonHttpPayloadWithUnsetUnion check the body only).
#[tokio::test(flavor = "current_thread")]
async fn unset_payloads_send_no_content_type() {
    let req = request(&HTTP_PAYLOAD_TRAITS, st(2, &[])).await;
    assert!(req.body.is_empty());
    assert!(headers(&req).is_empty(), "{:?}", headers(&req));
    let req = request(&HTTP_PAYLOAD_TRAITS, st(2, &[(0, s("Foo"))])).await;
    assert!(req.body.is_empty());
    assert_eq!(headers(&req), pairs(&[("X-Foo", "Foo")]));
    let req = request(&HTTP_PAYLOAD_WITH_UNION, st(1, &[])).await;
    assert!(req.body.is_empty());
    assert!(headers(&req).is_empty(), "{:?}", headers(&req));
}

// ---------------------------------------------------------------------------------------------
// Headers

static HEADERS_IO: Schema = Schema::structure(
    "InputAndOutputWithHeadersIO",
    &[header("headerStringList", &STRING_LIST, "X-StringList")],
);
static INPUT_AND_OUTPUT_WITH_HEADERS: Operation = op(
    "InputAndOutputWithHeaders",
    &HEADERS_IO,
    &HEADERS_IO,
    "POST",
    "/InputAndOutputWithHeaders",
);

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
    assert_eq!(got, st(1, &[(0, strs(&["a", "b,c", "d"]))]));
}

// ---------------------------------------------------------------------------------------------
// Labels

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
// Query strings

static INTEGER_LIST: Schema =
    Schema::list("IntegerList", &[Member::new("member", &prelude::INTEGER)]);
static STRING_LIST_MAP: Schema = Schema::map(
    "StringListMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &STRING_LIST),
    ],
);
static ALL_QUERY_STRING_TYPES_INPUT: Schema = Schema::structure(
    "AllQueryStringTypesInput",
    &[
        query("queryString", &prelude::STRING, "String"),
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

/// The escaping of RestJsonQueryStringEscaping, byte for byte (the suite compares decoded
/// parameters, so a raw `+`, which servers read as a space, would pass there).
#[tokio::test(flavor = "current_thread")]
async fn query_escaping_is_exact() {
    let odd = " %:/?#[]@!$&'()*+,;=😹";
    let req = request(&ALL_QUERY_STRING_TYPES, st(2, &[(0, s(odd))])).await;
    assert_eq!(
        req.query(),
        "String=%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
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
    ],
);
static OMITS_SERIALIZING_EMPTY_LISTS: Operation = op(
    "OmitsSerializingEmptyLists",
    &OMITS_EMPTY_LISTS_INPUT,
    &EMPTY,
    "POST",
    "/OmitsSerializingEmptyLists",
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

/// A null member, empty lists and an empty `@httpQueryParams` map send no query at all
/// (RestJsonOmitsNullQuery, RestJsonOmitsEmptyListQueryValues and
/// HttpQueryParamsOnlyEmptyRequest expect no parameter, but cannot forbid one).
#[tokio::test(flavor = "current_thread")]
async fn null_and_empty_query_values_are_omitted() {
    let req = request(&OMITS_NULL_SERIALIZES_EMPTY_STRING, st(2, &[])).await;
    assert_eq!(
        req.url,
        "https://example.com/OmitsNullSerializesEmptyString"
    );
    let req = request(
        &OMITS_SERIALIZING_EMPTY_LISTS,
        st(2, &[(0, list(&[])), (1, list(&[]))]),
    )
    .await;
    assert_eq!(req.url, "https://example.com/OmitsSerializingEmptyLists");
    let req = request(&HTTP_QUERY_PARAMS_ONLY_OPERATION, st(1, &[(0, map(&[]))])).await;
    assert_eq!(req.path_and_query(), "/http-query-params-only");
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

/// The `@httpQueryParams` map never adds a key that an `@httpQuery` member names
/// (RestJsonQueryPrecedence checks that the named value is there, not that the map's is not).
#[tokio::test(flavor = "current_thread")]
async fn query_map_does_not_override_named_keys() {
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
    assert_eq!(req.query(), "bar=named&qux=alsoFromMap");
    assert!(req.body.is_empty());
}

// ---------------------------------------------------------------------------------------------
// JSON documents

static JSON_LISTS_IO: Schema = Schema::structure(
    "JsonListsInputOutput",
    &[Member::new("stringList", &STRING_LIST)],
);
static JSON_LISTS: Operation = op(
    "JsonLists",
    &JSON_LISTS_IO,
    &JSON_LISTS_IO,
    "PUT",
    "/JsonLists",
);
static JSON_MAPS_IO: Schema = Schema::structure(
    "JsonMapsInputOutput",
    &[Member::new("denseStringMap", &STRING_MAP)],
);
static JSON_MAPS: Operation = op(
    "JsonMaps",
    &JSON_MAPS_IO,
    &JSON_MAPS_IO,
    "POST",
    "/JsonMaps",
);

/// Null entries of dense lists and maps are dropped (the suite's null cases are all sparse).
#[tokio::test(flavor = "current_thread")]
async fn dense_lists_and_maps_drop_nulls() {
    assert_eq!(
        output(&JSON_LISTS, 200, &[], r#"{"stringList":[null,"a"]}"#).await,
        st(1, &[(0, strs(&["a"]))])
    );
    assert_eq!(
        output(
            &JSON_MAPS,
            200,
            &[],
            r#"{"denseStringMap":{"x":null,"y":"z"}}"#
        )
        .await,
        st(1, &[(0, map(&[("y", s("z"))]))])
    );
}

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
        Member::new("numberValue", &prelude::INTEGER),
        Member::new("structureValue", &GREETING_STRUCT),
        Member::new("renamedStructureValue", &RENAMED_GREETING),
        Member::new("unionValue", &NESTED_UNION),
    ],
);
static UNION_IO: Schema =
    Schema::structure("UnionInputOutput", &[Member::new("contents", &MY_UNION)]);
static JSON_UNIONS: Operation = op("JsonUnions", &UNION_IO, &UNION_IO, "PUT", "/JsonUnions");

/// A union in a union (both ways) and a renamed structure read from a response: the suite's
/// union cases have neither.
#[tokio::test(flavor = "current_thread")]
async fn nested_union_and_renamed_structure_values() {
    let value = st(1, &[(0, st(5, &[(4, st(1, &[(0, s("foo"))]))]))]);
    let wire = r#"{"contents":{"unionValue":{"stringValue":"foo"}}}"#;
    assert_eq!(body(&request(&JSON_UNIONS, value.clone()).await), wire);
    assert_eq!(output(&JSON_UNIONS, 200, &[], wire).await, value);

    let value = st(1, &[(0, st(5, &[(3, st(1, &[(0, s("hello!"))]))]))]);
    let wire = r#"{"contents":{"renamedStructureValue":{"salutation":"hello!"}}}"#;
    assert_eq!(output(&JSON_UNIONS, 200, &[], wire).await, value);
}

/// A union holding only unknown keys is an unknown variant (no member set); more than one member
/// set is a malformed response naming the member, never quoting the value.
#[tokio::test(flavor = "current_thread")]
async fn union_unknown_variants_and_mixed_members() {
    let got = output(
        &JSON_UNIONS,
        200,
        &[],
        r#"{"contents": {"newVariant": 42}}"#,
    )
    .await;
    assert_eq!(got, st(1, &[(0, st(5, &[]))]));

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
    for union in [st(5, &[]), st(5, &[(0, s("a")), (1, int(1))])] {
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

// ---------------------------------------------------------------------------------------------
// Endpoints

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

/// The host prefix goes in front of an IP endpoint's host and keeps its port; a label may hold
/// dots and dashes.
#[tokio::test(flavor = "current_thread")]
async fn host_prefix_on_an_endpoint_with_a_port() {
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

// ---------------------------------------------------------------------------------------------
// Errors

static GREETING_WITH_ERRORS_OUTPUT: Schema = Schema::structure(
    "GreetingWithErrorsOutput",
    &[header("greeting", &prelude::STRING, "X-Greeting")],
);
static INVALID_GREETING: Schema = Schema::structure(
    "InvalidGreeting",
    &[Member::new("Message", &prelude::STRING)],
)
.error("InvalidGreeting", 400, false);
static COMPLEX_ERROR: Schema = Schema::structure(
    "ComplexError",
    &[
        header("Header", &prelude::STRING, "X-Header"),
        Member::new("TopLevel", &prelude::STRING),
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

/// The metadata of a modeled error (the suite checks the code and the error's members): the
/// message from `Message`, none when the body has none, the request id from its header.
#[tokio::test(flavor = "current_thread")]
async fn error_metadata() {
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
        ErrorMeta::new(
            400,
            Some("InvalidGreeting".to_owned()),
            Some("Hi".to_owned()),
            Some("req-1".to_owned())
        )
    );
    assert_eq!(modeled.map(|m| m.0), Some(0));

    let (meta, _) = error(
        &GREETING_WITH_ERRORS,
        403,
        &[
            ("Content-Type", "application/json"),
            ("X-Amzn-Errortype", "ComplexError"),
        ],
        r#"{"TopLevel": "Top level"}"#,
    )
    .await;
    assert_eq!(meta.code.as_deref(), Some("ComplexError"));
    assert_eq!(meta.message, None);
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
        ErrorMeta::new(
            429,
            Some("ThrottlingException".to_owned()),
            Some("slow down".to_owned()),
            Some("req-2".to_owned())
        )
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
    assert_eq!(modeled, Some((1, st(2, &[(0, s("h"))]))));
}

static SIMPLE_SCALAR_IO: Schema = Schema::structure(
    "SimpleScalarPropertiesInputOutput",
    &[Member::new("integerValue", &prelude::INTEGER)],
);
static SIMPLE_SCALAR_PROPERTIES: Operation = op(
    "SimpleScalarProperties",
    &SIMPLE_SCALAR_IO,
    &SIMPLE_SCALAR_IO,
    "PUT",
    "/SimpleScalarProperties",
);

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
