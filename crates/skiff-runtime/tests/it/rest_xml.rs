//! The AWS restXml protocol through the public request pipeline (`Handle::invoke`), for what
//! the Smithy restXml protocol tests (run by `cargo xtask protocol-tests` against generated
//! clients) do not check:
//!
//! - request text byte for byte where the suite's XML comparison cannot tell: whitespace kept
//!   in strings (the comparison trims text), carriage returns escaped, an empty root element
//!   when every body member is unset;
//! - requests no case sends: namespaced flattened lists and maps, an empty flattened list, a
//!   payload taking the service's namespace;
//! - no `Content-Type` for an unset blob or union payload (the cases check the body only);
//! - S3's `GetBucketLocation` output read in its wrapped form as well;
//! - unions with two members set, malformed outputs and member values that do not parse (named
//!   by path, never quoted);
//! - error metadata (message, request id from the body, inside `<Error>` or from the headers),
//!   code sanitizing, unmodeled codes, error bodies that are not XML or not well-formed.
//!
//! [`compact`] removes the indentation between the elements of a pretty-printed body so that it
//! can be compared byte for byte with what the client writes.
//!
//! Run with `cargo test -p skiff-runtime --features rest-xml --test it rest_xml`.
#![cfg(feature = "rest-xml")]

use crate::harness::shapes::{
    LIST_WITH_MEMBER_NAMESPACE, LIST_WITH_NAMESPACE, RENAMED_LIST_MEMBERS, STRING_LIST,
};
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
    name: "RestXml",
    version: "2019-12-16",
    protocol: Protocol::RestXml,
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

/// Runs `op` of `service` with `input` against `endpoint` and a transport answering `answer`;
/// returns the request sent (if any) and the pipeline's result.
async fn exchange(
    service: &'static Service,
    endpoint: &str,
    op: &'static Operation,
    input: Value,
    answer: HttpResponse,
) -> (Option<HttpRequest>, Result<Value, Failure>) {
    let (mut seen, result) =
        harness::exchange(harness::config(endpoint), service, op, input, answer).await;
    assert!(seen.len() <= 1, "at most one request is sent");
    (seen.pop(), result)
}

/// The request `op` sends for `input` (answered with an empty 200).
async fn request(op: &'static Operation, input: Value) -> HttpRequest {
    let (req, result) = exchange(
        &SERVICE,
        "https://example.com",
        op,
        input,
        response(200, &[], ""),
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
    req.expect("a request was sent")
}

/// What `op` makes of `answer` (for an empty input).
async fn answer(op: &'static Operation, answer: HttpResponse) -> Result<Value, Failure> {
    let input = empty(op.input);
    exchange(&SERVICE, "https://example.com", op, input, answer)
        .await
        .1
}

fn service_error(result: Result<Value, Failure>) -> (ErrorMeta, Option<(usize, Value)>) {
    match result {
        Err(Failure::Service { meta, modeled }) => (*meta, modeled),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn body(req: &HttpRequest) -> &str {
    std::str::from_utf8(&req.body).expect("a UTF-8 body")
}

/// The request's headers, name and value, in order, without the `User-Agent` every request
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

/// An upstream pretty-printed body without its indentation: every line trimmed, lines joined.
fn compact(pretty: &str) -> String {
    pretty.lines().map(str::trim).collect()
}

/// Checks that `req` sends `expected` (pretty-printed) as an `application/xml` body.
fn assert_xml_body(req: &HttpRequest, expected: &str) {
    assert_eq!(body(req), compact(expected));
    assert_eq!(req.headers.get("Content-Type"), Some("application/xml"));
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

fn strs(items: &[&str]) -> Value {
    Value::List(items.iter().map(|v| s(v)).collect())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
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

/// An operation whose input and output are the same structure.
const fn io(
    name: &'static str,
    schema: &'static Schema,
    method: &'static str,
    uri: &'static str,
) -> Operation {
    op(name, schema, schema, method, uri)
}

const fn header(name: &'static str, target: &'static Schema, h: &'static str) -> Member {
    Member::new(name, target).binding(Binding::Header(h))
}

const fn payload(name: &'static str, target: &'static Schema) -> Member {
    Member::new(name, target).binding(Binding::Payload)
}

// ---------------------------------------------------------------------------------------------
// Request documents

static SIMPLE_SCALAR_MEMBERS: [Member; 3] = [
    header("foo", &prelude::STRING, "X-Foo"),
    Member::new("stringValue", &prelude::STRING),
    Member::new("integerValue", &prelude::INTEGER),
];
static SIMPLE_SCALAR_REQUEST: Schema =
    Schema::structure("SimpleScalarPropertiesRequest", &SIMPLE_SCALAR_MEMBERS);
static SIMPLE_SCALAR_RESPONSE: Schema =
    Schema::structure("SimpleScalarPropertiesResponse", &SIMPLE_SCALAR_MEMBERS);
static SIMPLE_SCALAR_PROPERTIES: Operation = op(
    "SimpleScalarProperties",
    &SIMPLE_SCALAR_REQUEST,
    &SIMPLE_SCALAR_RESPONSE,
    "PUT",
    "/SimpleScalarProperties",
);

#[tokio::test(flavor = "current_thread")]
async fn request_text_keeps_whitespace_and_escapes_carriage_returns() {
    // The values of SimpleScalarPropertiesWithWhiteSpace and ...PureWhiteSpace, byte for byte,
    // and a carriage return, which XML readers would otherwise turn into a line feed.
    for (value, text) in [
        (
            "  string with white    space  ",
            "  string with white    space  ",
        ),
        ("   ", "   "),
        ("a & b\r\n", "a &amp; b&#xD;\n"),
    ] {
        let input = st(
            &SIMPLE_SCALAR_REQUEST,
            vec![("foo", s("Foo")), ("stringValue", s(value))],
        );
        let req = request(&SIMPLE_SCALAR_PROPERTIES, input).await;
        assert_eq!(
            body(&req),
            format!(
                "<SimpleScalarPropertiesRequest><stringValue>{text}</stringValue>\
                 </SimpleScalarPropertiesRequest>"
            )
        );
    }

    // Body members all unset: the document is still sent (an empty root).
    let req = request(
        &SIMPLE_SCALAR_PROPERTIES,
        st(&SIMPLE_SCALAR_REQUEST, vec![("foo", s("Foo"))]),
    )
    .await;
    assert_eq!(
        body(&req),
        "<SimpleScalarPropertiesRequest></SimpleScalarPropertiesRequest>"
    );
}

static LISTS_REQUEST: Schema = Schema::structure(
    "XmlListsRequest",
    &[
        Member::new("flattenedList", &RENAMED_LIST_MEMBERS).xml_flattened(),
        Member::new(
            "flattenedListWithMemberNamespace",
            &LIST_WITH_MEMBER_NAMESPACE,
        )
        .xml_flattened(),
        Member::new("flattenedListWithNamespace", &LIST_WITH_NAMESPACE).xml_flattened(),
    ],
);
static XML_LISTS: Operation = io("XmlLists", &LISTS_REQUEST, "PUT", "/XmlLists");

#[tokio::test(flavor = "current_thread")]
async fn request_namespaced_and_empty_flattened_lists() {
    // The namespaced flattened lists of the XmlLists response case, sent.
    let value = st(
        &LISTS_REQUEST,
        vec![
            ("flattenedListWithMemberNamespace", strs(&["a", "b"])),
            ("flattenedListWithNamespace", strs(&["a", "b"])),
        ],
    );
    let req = request(&XML_LISTS, value).await;
    assert_xml_body(
        &req,
        r#"<XmlListsRequest>
            <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">a</flattenedListWithMemberNamespace>
            <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">b</flattenedListWithMemberNamespace>
            <flattenedListWithNamespace>a</flattenedListWithNamespace>
            <flattenedListWithNamespace>b</flattenedListWithNamespace>
        </XmlListsRequest>"#,
    );
    // An empty flattened list writes nothing.
    let req = request(
        &XML_LISTS,
        st(&LISTS_REQUEST, vec![("flattenedList", strs(&[]))]),
    )
    .await;
    assert_eq!(body(&req), "<XmlListsRequest></XmlListsRequest>");
}

static NAMESPACED_MAP: Schema = Schema::map(
    "XmlMapWithXmlNamespaceInputOutputMap",
    &[
        Member::new("key", &prelude::STRING)
            .xml_name("K")
            .xml_namespace(None, "https://the-key.example.com"),
        Member::new("value", &prelude::STRING)
            .xml_name("V")
            .xml_namespace(None, "https://the-value.example.com"),
    ],
);
static MAP_NAMESPACE_REQUEST: Schema = Schema::structure(
    "XmlMapWithXmlNamespaceRequest",
    &[Member::new("flatMap", &NAMESPACED_MAP)
        .xml_name("FlatKVP")
        .xml_flattened()
        .xml_namespace(None, "https://the-member.example.com")],
);
static XML_MAP_WITH_XML_NAMESPACE: Operation = io(
    "XmlMapWithXmlNamespace",
    &MAP_NAMESPACE_REQUEST,
    "POST",
    "/XmlMapWithXmlNamespace",
);

#[tokio::test(flavor = "current_thread")]
async fn request_namespaced_flattened_map() {
    // RestXmlFlattenedXmlMapWithXmlNamespace is a response case only.
    let value = st(
        &MAP_NAMESPACE_REQUEST,
        vec![("flatMap", map(vec![("a", s("A"))]))],
    );
    let req = request(&XML_MAP_WITH_XML_NAMESPACE, value).await;
    assert_xml_body(
        &req,
        r#"<XmlMapWithXmlNamespaceRequest>
            <FlatKVP xmlns="https://the-member.example.com">
                <K xmlns="https://the-key.example.com">a</K>
                <V xmlns="https://the-value.example.com">A</V>
            </FlatKVP>
        </XmlMapWithXmlNamespaceRequest>"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Payloads and unions

static PAYLOAD_TRAITS_REQUEST: Schema = Schema::structure(
    "HttpPayloadTraitsInputOutput",
    &[
        header("foo", &prelude::STRING, "X-Foo"),
        payload("blob", &prelude::BLOB),
    ],
);
static HTTP_PAYLOAD_TRAITS: Operation = io(
    "HttpPayloadTraits",
    &PAYLOAD_TRAITS_REQUEST,
    "POST",
    "/HttpPayloadTraits",
);
static UNION_PAYLOAD: Schema =
    Schema::union("UnionPayload", &[Member::new("greeting", &prelude::STRING)]);
static PAYLOAD_WITH_UNION_IO: Schema = Schema::structure(
    "HttpPayloadWithUnionInputOutput",
    &[payload("nested", &UNION_PAYLOAD)],
);
static HTTP_PAYLOAD_WITH_UNION: Operation = io(
    "HttpPayloadWithUnion",
    &PAYLOAD_WITH_UNION_IO,
    "PUT",
    "/HttpPayloadWithUnion",
);

#[tokio::test(flavor = "current_thread")]
async fn unset_payloads_send_no_content_type() {
    // HttpPayloadTraitsWithNoBlobBody and RestXmlHttpPayloadWithUnsetUnion check the body only.
    let value = st(&PAYLOAD_TRAITS_REQUEST, vec![("foo", s("Foo"))]);
    let req = request(&HTTP_PAYLOAD_TRAITS, value).await;
    assert!(req.body.is_empty());
    assert_eq!(headers(&req), pairs(&[("X-Foo", "Foo")]));
    let req = request(&HTTP_PAYLOAD_WITH_UNION, empty(&PAYLOAD_WITH_UNION_IO)).await;
    assert!(req.body.is_empty());
    assert!(headers(&req).is_empty(), "{:?}", headers(&req));
}

static UNION_SHAPE: Schema = Schema::union(
    "XmlUnionShape",
    &[
        Member::new("stringValue", &prelude::STRING),
        Member::new("booleanValue", &prelude::BOOLEAN),
    ],
);
static UNIONS_REQUEST: Schema = Schema::structure(
    "XmlUnionsRequest",
    &[Member::new("unionValue", &UNION_SHAPE)],
);
static XML_UNIONS: Operation = io("XmlUnions", &UNIONS_REQUEST, "PUT", "/XmlUnions");

#[tokio::test(flavor = "current_thread")]
async fn union_with_two_members_is_a_malformed_response() {
    let body = "<XmlUnionsResponse><unionValue><stringValue>a</stringValue>\
                <booleanValue>true</booleanValue></unionValue></XmlUnionsResponse>";
    match answer(&XML_UNIONS, response(200, &[], body)).await {
        Err(Failure::Response(e)) => {
            assert!(
                e.reason().contains("XmlUnionsRequest.unionValue"),
                "{}",
                e.reason()
            )
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Errors (errors.smithy)

static GREETING_OUTPUT: Schema = Schema::structure(
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
    &[Member::new("Foo", &prelude::STRING)],
);
static COMPLEX_ERROR: Schema = Schema::structure(
    "ComplexError",
    &[Member::new("Nested", &COMPLEX_NESTED_ERROR_DATA)],
)
.error("ComplexError", 403, false);
static GREETING_WITH_ERRORS: Operation = Operation {
    errors: &[&INVALID_GREETING, &COMPLEX_ERROR],
    ..op(
        "GreetingWithErrors",
        &prelude::UNIT,
        &GREETING_OUTPUT,
        "PUT",
        "/GreetingWithErrors",
    )
};

#[tokio::test(flavor = "current_thread")]
async fn modeled_error_metadata() {
    // The InvalidGreetingError body: the suite checks the code and the error's members; here
    // the status, the message and the body's request id.
    let body = r#"<ErrorResponse>
   <Error>
      <Type>Sender</Type>
      <Code>InvalidGreeting</Code>
      <Message>Hi</Message>
      <AnotherSetting>setting</AnotherSetting>
   </Error>
   <RequestId>foo-id</RequestId>
</ErrorResponse>"#;
    let result = answer(
        &GREETING_WITH_ERRORS,
        response(400, &[("Content-Type", "application/xml")], body),
    )
    .await;
    let (meta, modeled) = service_error(result);
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
async fn unwrapped_unmodeled_and_non_xml_errors() {
    // S3OperationNoErrorWrappingResponse: a bare <Error> root; the request id from a header.
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n\t<Type>Sender</Type>\n\t<Code>NoSuchBucket</Code>\n</Error>";
    let headers = [
        ("Content-Type", "application/xml"),
        ("x-amz-request-id", "s3-id"),
    ];
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, response(400, &headers, body)).await);
    assert_eq!(
        meta,
        ErrorMeta::new(
            400,
            Some("NoSuchBucket".to_owned()),
            None,
            Some("s3-id".to_owned())
        )
    );
    assert_eq!(modeled, None);
    // S3 puts the request id inside <Error>; a modeled error still matches without a wrapper.
    let body = "<Error><Code>InvalidGreeting</Code><Message>m</Message><RequestId>in-id</RequestId></Error>";
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, response(400, &[], body)).await);
    assert_eq!(meta.request_id.as_deref(), Some("in-id"));
    assert_eq!(
        modeled,
        Some((0, st(&INVALID_GREETING, vec![("Message", s("m"))])))
    );
    // x-amzn-requestid is preferred to x-amz-request-id; a namespaced code is sanitized.
    let body = "<ErrorResponse><Error><Code>aws.protocoltests.restxml#Throttling:http://x/</Code></Error></ErrorResponse>";
    let headers = [("x-amz-request-id", "b"), ("x-amzn-RequestId", "a")];
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, response(429, &headers, body)).await);
    assert_eq!(meta.code.as_deref(), Some("Throttling"));
    assert_eq!(meta.request_id.as_deref(), Some("a"));
    assert_eq!(modeled, None);
    // Not XML: the status and the headers' request id.
    for body in ["", "<html><body>Bad Gateway", "Service Unavailable"] {
        let (meta, modeled) = service_error(
            answer(
                &GREETING_WITH_ERRORS,
                response(503, &[("x-amz-request-id", "h")], body),
            )
            .await,
        );
        assert_eq!(meta, ErrorMeta::new(503, None, None, Some("h".to_owned())));
        assert_eq!(modeled, None);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn malformed_outputs_are_response_errors() {
    // Not XML: a typed response error with the header's request id.
    let result = answer(
        &SIMPLE_SCALAR_PROPERTIES,
        response(
            200,
            &[("x-amzn-requestid", "hdr")],
            "<SimpleScalarPropertiesResponse>",
        ),
    )
    .await;
    match result {
        Err(Failure::Response(e)) => {
            assert!(e.reason().contains("XML"), "{}", e.reason());
            assert_eq!(e.meta().request_id.as_deref(), Some("hdr"));
        }
        other => panic!("{other:?}"),
    }
    // A well-formed HTML page with status 200 (a proxy's, an XHTML login page) is no answer,
    // whatever its case or namespace prefix; it would otherwise be an empty output.
    for body in [
        "<html><body><p>Please sign in</p></body></html>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<HTML><body/></HTML>",
        "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:body/></h:html>",
    ] {
        let headers = [("Content-Type", "text/html"), ("x-amzn-requestid", "hdr")];
        match answer(&SIMPLE_SCALAR_PROPERTIES, response(200, &headers, body)).await {
            Err(Failure::Response(e)) => {
                assert_eq!(
                    e.reason(),
                    "expected an XML document answering the operation, not an HTML page"
                );
                assert_eq!(e.meta().status, 200);
                assert_eq!(e.meta().request_id.as_deref(), Some("hdr"));
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // A member that does not parse: named by path, never quoted.
    let body = "<SimpleScalarPropertiesResponse><integerValue>secret</integerValue></SimpleScalarPropertiesResponse>";
    match answer(&SIMPLE_SCALAR_PROPERTIES, response(200, &[], body)).await {
        Err(Failure::Response(e)) => {
            assert!(
                e.reason()
                    .contains("`SimpleScalarPropertiesResponse.integerValue`"),
                "{}",
                e.reason()
            );
            assert!(!e.reason().contains("secret"), "{}", e.reason());
        }
        other => panic!("{other:?}"),
    }
    // An error body that is not well-formed (an unknown entity): no code can be trusted, so an
    // unmodeled error with the status.
    let body = "<ErrorResponse><Error><Code>ComplexError</Code><Nested><Foo>&bad;</Foo></Nested></Error></ErrorResponse>";
    match answer(&GREETING_WITH_ERRORS, response(403, &[], body)).await {
        Err(Failure::Service { meta, modeled }) => {
            assert_eq!(meta.status, 403);
            assert_eq!(meta.code, None);
            assert_eq!(modeled, None);
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// A service namespace and S3's unwrapped output (services/s3.smithy)

static S3: Service = Service {
    name: "AmazonS3",
    version: "2006-03-01",
    protocol: Protocol::RestXml,
    signing: Signing::Anonymous,
    endpoint: "https://s3.{region}.amazonaws.com",
    endpoint_overrides: &[],
    xml_namespace: Some("http://s3.amazonaws.com/doc/2006-03-01/"),
    query_compatible: false,
    crate_name: "skiff-test",
    crate_version: "0.0.0",
    endpoint_rules: None,
    env_id: "",
};
static BUCKET_LOCATION_REQUEST: Schema = Schema::structure(
    "GetBucketLocationRequest",
    &[Member::new("Bucket", &prelude::STRING)
        .binding(Binding::Label)
        .required()],
);
static BUCKET_LOCATION_OUTPUT: Schema = Schema::structure(
    "GetBucketLocationOutput",
    &[Member::new("LocationConstraint", &prelude::ENUM)],
)
.xml_name("LocationConstraint");
static GET_BUCKET_LOCATION: Operation = op(
    "GetBucketLocation",
    &BUCKET_LOCATION_REQUEST,
    &BUCKET_LOCATION_OUTPUT,
    "GET",
    "/{Bucket}?location",
);
static TAGGING: Schema = Schema::structure("Tagging", &[Member::new("TagSet", &STRING_LIST)]);
static PUT_TAGGING_REQUEST: Schema = Schema::structure(
    "PutBucketTaggingRequest",
    &[
        Member::new("Bucket", &prelude::STRING)
            .binding(Binding::Label)
            .required(),
        payload("Tagging", &TAGGING).xml_name("Tagging"),
    ],
);
static PUT_BUCKET_TAGGING: Operation = op(
    "PutBucketTagging",
    &PUT_TAGGING_REQUEST,
    &prelude::UNIT,
    "PUT",
    "/{Bucket}?tagging",
);

#[tokio::test(flavor = "current_thread")]
async fn service_namespace_on_payloads_and_wrapped_bucket_location() {
    // The service's namespace is declared on the root of a payload document that has none
    // (XmlNamespaceSimpleScalarProperties has it on a body document).
    let input = st(
        &PUT_TAGGING_REQUEST,
        vec![
            ("Bucket", s("mybucket")),
            ("Tagging", st(&TAGGING, vec![("TagSet", strs(&["a"]))])),
        ],
    );
    let (req, result) = exchange(
        &S3,
        "https://s3.us-west-2.amazonaws.com",
        &PUT_BUCKET_TAGGING,
        input,
        response(200, &[], ""),
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
    let req = req.expect("a request");
    assert_xml_body(
        &req,
        r#"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><member>a</member></TagSet></Tagging>"#,
    );

    // GetBucketLocationUnwrappedOutput is the unwrapped form; the wrapped form reads the same.
    let body = "<LocationConstraint><LocationConstraint>us-west-2</LocationConstraint></LocationConstraint>";
    let input = st(&BUCKET_LOCATION_REQUEST, vec![("Bucket", s("mybucket"))]);
    let (_, result) = exchange(
        &S3,
        "https://s3.us-west-2.amazonaws.com",
        &GET_BUCKET_LOCATION,
        input,
        response(200, &[], body),
    )
    .await;
    assert_eq!(
        result.unwrap(),
        st(
            &BUCKET_LOCATION_OUTPUT,
            vec![("LocationConstraint", s("us-west-2"))]
        )
    );
}
