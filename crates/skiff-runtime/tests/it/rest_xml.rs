//! The AWS restXml protocol through the public request pipeline (`Handle::invoke`): hand-written
//! schemas mirroring the Smithy protocol tests
//! (`smithy-aws-protocol-tests/model/restXml/*.smithy` and `restXml/services/s3.smithy`, test ids
//! in comments), a recording transport answering with canned responses, and exact request
//! lines, headers and body bytes, and parsed output and error values.
//!
//! Upstream bodies are pretty-printed; [`compact`] removes the indentation between elements so
//! that they can be compared byte for byte with what the client writes.
//!
//! Run with `cargo test -p skiff-runtime --features rest-xml --test rest_xml`.
#![cfg(feature = "rest-xml")]

#[allow(unused_imports)] // Each module uses some of the shared shapes.
use crate::harness::shapes::*;
use crate::harness::{self, response};

use skiff_runtime::rt::Failure;
use skiff_runtime::schema::{
    prelude, Binding, HttpTrait, Kind, Member, Operation, Protocol, Schema, Service, Signing,
};
use skiff_runtime::value::Value;
use skiff_runtime::{DateTime, ErrorMeta, HttpRequest, HttpResponse, TimestampFormat};

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
    request_at("https://example.com", op, input).await
}

async fn request_at(endpoint: &str, op: &'static Operation, input: Value) -> HttpRequest {
    let (req, result) = exchange(&SERVICE, endpoint, op, input, response(200, &[], "")).await;
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

/// The output `op` reads from `answer`; panics on failure.
async fn output(op: &'static Operation, headers: &[(&str, &str)], body: &str) -> Value {
    match answer(op, response(200, headers, body)).await {
        Ok(v) => v,
        Err(e) => panic!("{}: expected an output, got {e:?}", op.name),
    }
}

/// The output `op` reads from a 200 `application/xml` response with `body`.
async fn xml_output(op: &'static Operation, body: &str) -> Value {
    output(op, &[("Content-Type", "application/xml")], body).await
}

fn service_error(result: Result<Value, Failure>) -> (ErrorMeta, Option<(usize, Value)>) {
    match result {
        Err(Failure::Service { meta, modeled }) => (meta, modeled),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn body(req: &HttpRequest) -> &str {
    std::str::from_utf8(&req.body).expect("a UTF-8 body")
}

/// The request's headers, name and value, in order.
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

fn int(i: i64) -> Value {
    Value::Int(i)
}

fn ts(secs: i64) -> Value {
    Value::Timestamp(DateTime::from_secs(secs))
}

fn strs(items: &[&str]) -> Value {
    Value::List(items.iter().map(|v| s(v)).collect())
}

fn ints(items: &[i64]) -> Value {
    Value::List(items.iter().map(|i| int(*i)).collect())
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
// Shared shapes (aws.protocoltests.shared)

static INTEGER_LIST: Schema =
    Schema::list("IntegerList", &[Member::new("member", &prelude::INTEGER)]);
static BOOLEAN_LIST: Schema =
    Schema::list("BooleanList", &[Member::new("member", &prelude::BOOLEAN)]);
static FOO_ENUM_LIST: Schema =
    Schema::list("FooEnumList", &[Member::new("member", &prelude::ENUM)]);
static NESTED_STRING_LIST: Schema =
    Schema::list("NestedStringList", &[Member::new("member", &STRING_LIST)]);
static GREETING_STRUCT: Schema =
    Schema::structure("GreetingStruct", &[Member::new("hi", &prelude::STRING)]);
static DATE_TIME: Schema =
    Schema::simple("DateTime", Kind::Timestamp).timestamp_format(TimestampFormat::DateTime);
static EPOCH_SECONDS: Schema =
    Schema::simple("EpochSeconds", Kind::Timestamp).timestamp_format(TimestampFormat::EpochSeconds);
static HTTP_DATE: Schema =
    Schema::simple("HttpDate", Kind::Timestamp).timestamp_format(TimestampFormat::HttpDate);
static TEXT_PLAIN_BLOB: Schema =
    Schema::simple("TextPlainBlob", Kind::Blob).media_type("text/plain");

// ---------------------------------------------------------------------------------------------
// Empty inputs and outputs (empty-input-output.smithy)

static NO_INPUT_AND_NO_OUTPUT: Operation = op(
    "NoInputAndNoOutput",
    &prelude::UNIT,
    &prelude::UNIT,
    "POST",
    "/NoInputAndNoOutput",
);
static EMPTY_INPUT_AND_EMPTY_OUTPUT: Operation = io(
    "EmptyInputAndEmptyOutput",
    &EMPTY_INPUT,
    "POST",
    "/EmptyInputAndEmptyOutput",
);

#[tokio::test(flavor = "current_thread")]
async fn empty_inputs_send_no_body_and_empty_bodies_are_empty_outputs() {
    // NoInputAndNoOutput, EmptyInputAndEmptyOutput (requests and responses)
    for op in [&NO_INPUT_AND_NO_OUTPUT, &EMPTY_INPUT_AND_EMPTY_OUTPUT] {
        let req = request(op, empty(op.input)).await;
        assert_eq!(req.method, "POST");
        assert_eq!(req.url, format!("https://example.com/{}", op.name));
        assert!(req.body.is_empty());
        assert!(req.headers.is_empty(), "{:?}", headers(&req));
        assert_eq!(output(op, &[], "").await, Value::Struct(vec![]));
    }
}

// ---------------------------------------------------------------------------------------------
// Synthesized documents (document-structs.smithy)

static SIMPLE_SCALAR_MEMBERS: [Member; 10] = [
    header("foo", &prelude::STRING, "X-Foo"),
    Member::new("stringValue", &prelude::STRING),
    Member::new("trueBooleanValue", &prelude::BOOLEAN),
    Member::new("falseBooleanValue", &prelude::BOOLEAN),
    Member::new("byteValue", &prelude::BYTE),
    Member::new("shortValue", &prelude::SHORT),
    Member::new("integerValue", &prelude::INTEGER),
    Member::new("longValue", &prelude::LONG),
    Member::new("floatValue", &prelude::FLOAT),
    Member::new("doubleValue", &prelude::DOUBLE).xml_name("DoubleDribble"),
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

fn all_scalars(schema: &Schema) -> Value {
    st(
        schema,
        vec![
            ("foo", s("Foo")),
            ("stringValue", s("string")),
            ("trueBooleanValue", Value::Bool(true)),
            ("falseBooleanValue", Value::Bool(false)),
            ("byteValue", int(1)),
            ("shortValue", int(2)),
            ("integerValue", int(3)),
            ("longValue", int(4)),
            ("floatValue", Value::Float(5.5)),
            ("doubleValue", Value::Float(6.5)),
        ],
    )
}

#[tokio::test(flavor = "current_thread")]
async fn simple_scalar_requests() {
    // SimpleScalarProperties: headers are not in the document.
    let req = request(
        &SIMPLE_SCALAR_PROPERTIES,
        all_scalars(&SIMPLE_SCALAR_REQUEST),
    )
    .await;
    assert_eq!(req.method, "PUT");
    assert_eq!(req.url, "https://example.com/SimpleScalarProperties");
    assert_eq!(
        headers(&req),
        pairs(&[("X-Foo", "Foo"), ("Content-Type", "application/xml")])
    );
    assert_xml_body(
        &req,
        r#"<SimpleScalarPropertiesRequest>
            <stringValue>string</stringValue>
            <trueBooleanValue>true</trueBooleanValue>
            <falseBooleanValue>false</falseBooleanValue>
            <byteValue>1</byteValue>
            <shortValue>2</shortValue>
            <integerValue>3</integerValue>
            <longValue>4</longValue>
            <floatValue>5.5</floatValue>
            <DoubleDribble>6.5</DoubleDribble>
        </SimpleScalarPropertiesRequest>"#,
    );

    // SimpleScalarPropertiesWithEscapedCharacter, ...WithWhiteSpace, ...PureWhiteSpace
    for (value, text) in [
        ("<string>", "&lt;string&gt;"),
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

    // RestXmlSupportsNaNFloatInputs, RestXmlSupportsInfinityFloatInputs,
    // RestXmlSupportsNegativeInfinityFloatInputs
    for (value, text) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        let input = st(
            &SIMPLE_SCALAR_REQUEST,
            vec![
                ("floatValue", Value::Float(value)),
                ("doubleValue", Value::Float(value)),
            ],
        );
        let req = request(&SIMPLE_SCALAR_PROPERTIES, input).await;
        assert_eq!(headers(&req), pairs(&[("Content-Type", "application/xml")]));
        assert_eq!(
            body(&req),
            format!(
                "<SimpleScalarPropertiesRequest><floatValue>{text}</floatValue>\
                 <DoubleDribble>{text}</DoubleDribble></SimpleScalarPropertiesRequest>"
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

#[tokio::test(flavor = "current_thread")]
async fn simple_scalar_responses() {
    let headers = [("Content-Type", "application/xml"), ("X-Foo", "Foo")];
    // SimpleScalarProperties
    let body = r#"<SimpleScalarPropertiesResponse>
    <stringValue>string</stringValue>
    <trueBooleanValue>true</trueBooleanValue>
    <falseBooleanValue>false</falseBooleanValue>
    <byteValue>1</byteValue>
    <shortValue>2</shortValue>
    <integerValue>3</integerValue>
    <longValue>4</longValue>
    <floatValue>5.5</floatValue>
    <DoubleDribble>6.5</DoubleDribble>
</SimpleScalarPropertiesResponse>"#;
    assert_eq!(
        output(&SIMPLE_SCALAR_PROPERTIES, &headers, body).await,
        all_scalars(&SIMPLE_SCALAR_RESPONSE)
    );

    // SimpleScalarPropertiesComplexEscapes, ...WithEscapedCharacter, ...WithXMLPreamble,
    // ...WithWhiteSpace, ...PureWhiteSpace
    for (body, value) in [
        (
            "<SimpleScalarPropertiesResponse>\n    <stringValue>escaped data: &amp;lt;&#xD;&#10;</stringValue>\n</SimpleScalarPropertiesResponse>",
            "escaped data: &lt;\r\n",
        ),
        (
            "<SimpleScalarPropertiesResponse>\n    <stringValue>&lt;string&gt;</stringValue>\n</SimpleScalarPropertiesResponse>",
            "<string>",
        ),
        (
            "<?xml version = \"1.0\" encoding = \"UTF-8\"?>\n<SimpleScalarPropertiesResponse>\n    \
             <![CDATA[characters representing CDATA]]>\n    <stringValue>string</stringValue>\n    \
             <!--xml comment-->\n</SimpleScalarPropertiesResponse>",
            "string",
        ),
        (
            "<?xml version = \"1.0\" encoding = \"UTF-8\"?>\n<SimpleScalarPropertiesResponse>\n    \
             <stringValue> string with white    space </stringValue>\n</SimpleScalarPropertiesResponse>",
            " string with white    space ",
        ),
        (
            "<?xml version = \"1.0\" encoding = \"UTF-8\"?>\n<SimpleScalarPropertiesResponse>\n    \
             <stringValue>  </stringValue>\n</SimpleScalarPropertiesResponse>",
            "  ",
        ),
    ] {
        assert_eq!(
            output(&SIMPLE_SCALAR_PROPERTIES, &headers, body).await,
            st(
                &SIMPLE_SCALAR_RESPONSE,
                vec![("foo", s("Foo")), ("stringValue", s(value))]
            ),
            "{body}"
        );
    }

    // RestXmlSupportsNaNFloatOutputs, RestXmlSupportsInfinityFloatOutputs,
    // RestXmlSupportsNegativeInfinityFloatOutputs
    for (text, check) in [
        ("NaN", f64::is_nan as fn(f64) -> bool),
        ("Infinity", |f: f64| f == f64::INFINITY),
        ("-Infinity", |f: f64| f == f64::NEG_INFINITY),
    ] {
        let body = format!(
            "<SimpleScalarPropertiesResponse><floatValue>{text}</floatValue>\
             <DoubleDribble>{text}</DoubleDribble></SimpleScalarPropertiesResponse>"
        );
        let Value::Struct(slots) = xml_output(&SIMPLE_SCALAR_PROPERTIES, &body).await else {
            panic!("not a structure");
        };
        for index in [8, 9] {
            match slots[index] {
                Some(Value::Float(f)) => assert!(check(f), "{text}: {f}"),
                ref other => panic!("{text}: {other:?}"),
            }
        }
    }
}

static EMPTY_STRINGS_REQUEST: Schema = Schema::structure(
    "XmlEmptyStringsRequest",
    &[Member::new("emptyString", &prelude::STRING)],
);
static XML_EMPTY_STRINGS: Operation = io(
    "XmlEmptyStrings",
    &EMPTY_STRINGS_REQUEST,
    "PUT",
    "/XmlEmptyStrings",
);
static BLOBS_REQUEST: Schema =
    Schema::structure("XmlBlobsRequest", &[Member::new("data", &prelude::BLOB)]);
static XML_BLOBS: Operation = io("XmlBlobs", &BLOBS_REQUEST, "POST", "/XmlBlobs");

#[tokio::test(flavor = "current_thread")]
async fn empty_strings_and_blobs() {
    // XmlEmptyStrings (request)
    let req = request(
        &XML_EMPTY_STRINGS,
        st(&EMPTY_STRINGS_REQUEST, vec![("emptyString", s(""))]),
    )
    .await;
    assert_xml_body(
        &req,
        "<XmlEmptyStringsRequest><emptyString></emptyString></XmlEmptyStringsRequest>",
    );
    // XmlEmptyStrings, XmlEmptySelfClosedStrings (responses)
    for element in ["<emptyString></emptyString>", "<emptyString/>"] {
        let body = format!("<XmlEmptyStringsResponse>{element}</XmlEmptyStringsResponse>");
        assert_eq!(
            xml_output(&XML_EMPTY_STRINGS, &body).await,
            st(&EMPTY_STRINGS_REQUEST, vec![("emptyString", s(""))])
        );
    }
    // XmlBlobs (request and response)
    let value = st(
        &BLOBS_REQUEST,
        vec![("data", Value::Blob(b"value".to_vec()))],
    );
    let req = request(&XML_BLOBS, value.clone()).await;
    assert_xml_body(
        &req,
        "<XmlBlobsRequest><data>dmFsdWU=</data></XmlBlobsRequest>",
    );
    assert_eq!(
        xml_output(
            &XML_BLOBS,
            "<XmlBlobsResponse>\n<data>dmFsdWU=</data>\n</XmlBlobsResponse>"
        )
        .await,
        value
    );
    // XmlEmptyBlobs, XmlEmptySelfClosedBlobs
    for element in ["<data></data>", "<data/>"] {
        let body = format!("<XmlEmptyBlobsResponse>{element}</XmlEmptyBlobsResponse>");
        assert_eq!(
            xml_output(&XML_BLOBS, &body).await,
            st(&BLOBS_REQUEST, vec![("data", Value::Blob(Vec::new()))])
        );
    }
}

static TIMESTAMPS_MEMBERS: [Member; 7] = [
    Member::new("normal", &prelude::TIMESTAMP),
    Member::new("dateTime", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::DateTime),
    Member::new("dateTimeOnTarget", &DATE_TIME),
    Member::new("epochSeconds", &prelude::TIMESTAMP)
        .timestamp_format(TimestampFormat::EpochSeconds),
    Member::new("epochSecondsOnTarget", &EPOCH_SECONDS),
    Member::new("httpDate", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::HttpDate),
    Member::new("httpDateOnTarget", &HTTP_DATE),
];
static TIMESTAMPS_REQUEST: Schema = Schema::structure("XmlTimestampsRequest", &TIMESTAMPS_MEMBERS);
static XML_TIMESTAMPS: Operation = io(
    "XmlTimestamps",
    &TIMESTAMPS_REQUEST,
    "POST",
    "/XmlTimestamps",
);
static DATETIME_OUTPUT: Schema = Schema::structure(
    "DatetimeOffsetsOutput",
    &[Member::new("datetime", &DATE_TIME)],
);
static DATETIME_OFFSETS: Operation = op(
    "DatetimeOffsets",
    &prelude::UNIT,
    &DATETIME_OUTPUT,
    "POST",
    "/DatetimeOffsets",
);

#[tokio::test(flavor = "current_thread")]
async fn timestamps() {
    // XmlTimestamps, ...WithDateTimeFormat, ...WithDateTimeOnTargetFormat,
    // ...WithEpochSecondsFormat, ...WithEpochSecondsOnTargetFormat, ...WithHttpDateFormat,
    // ...WithHttpDateOnTargetFormat (requests and responses)
    for (member, text) in [
        ("normal", "2014-04-29T18:30:38Z"),
        ("dateTime", "2014-04-29T18:30:38Z"),
        ("dateTimeOnTarget", "2014-04-29T18:30:38Z"),
        ("epochSeconds", "1398796238"),
        ("epochSecondsOnTarget", "1398796238"),
        ("httpDate", "Tue, 29 Apr 2014 18:30:38 GMT"),
        ("httpDateOnTarget", "Tue, 29 Apr 2014 18:30:38 GMT"),
    ] {
        let value = st(&TIMESTAMPS_REQUEST, vec![(member, ts(1398796238))]);
        let req = request(&XML_TIMESTAMPS, value.clone()).await;
        assert_xml_body(
            &req,
            &format!("<XmlTimestampsRequest><{member}>{text}</{member}></XmlTimestampsRequest>"),
        );
        let body = format!(
            "<XmlTimestampsResponse>\n    <{member}>{text}</{member}>\n</XmlTimestampsResponse>"
        );
        assert_eq!(xml_output(&XML_TIMESTAMPS, &body).await, value, "{member}");
    }
    // RestXmlDateTimeWithNegativeOffset, RestXmlDateTimeWithPositiveOffset
    for text in ["2019-12-16T22:48:18-01:00", "2019-12-17T00:48:18+01:00"] {
        let body =
            format!("<DatetimeOffsetsOutput><datetime>{text}</datetime></DatetimeOffsetsOutput>");
        assert_eq!(
            xml_output(&DATETIME_OFFSETS, &body).await,
            st(&DATETIME_OUTPUT, vec![("datetime", ts(1576540098))])
        );
    }
    // RestXmlDateTimeWithFractionalSeconds
    let body = "<FractionalSecondsOutput><datetime>2000-01-02T20:34:56.123Z</datetime></FractionalSecondsOutput>";
    assert_eq!(
        xml_output(&DATETIME_OFFSETS, body).await,
        st(
            &DATETIME_OUTPUT,
            vec![(
                "datetime",
                Value::Timestamp(DateTime::from_secs_and_nanos(946845296, 123_000_000))
            )]
        )
    );
}

static ENUMS_REQUEST: Schema = Schema::structure(
    "XmlEnumsRequest",
    &[
        Member::new("fooEnum1", &prelude::ENUM),
        Member::new("fooEnum2", &prelude::ENUM),
        Member::new("fooEnum3", &prelude::ENUM),
        Member::new("fooEnumList", &FOO_ENUM_LIST),
        Member::new("fooEnumSet", &FOO_ENUM_LIST),
        Member::new("fooEnumMap", &FOO_ENUM_MAP),
    ],
);
static XML_ENUMS: Operation = io("XmlEnums", &ENUMS_REQUEST, "PUT", "/XmlEnums");
static INT_ENUMS_REQUEST: Schema = Schema::structure(
    "XmlIntEnumsRequest",
    &[
        Member::new("intEnum1", &prelude::INT_ENUM),
        Member::new("intEnum2", &prelude::INT_ENUM),
        Member::new("intEnum3", &prelude::INT_ENUM),
        Member::new("intEnumList", &INTEGER_ENUM_LIST),
        Member::new("intEnumSet", &INTEGER_ENUM_LIST),
        Member::new("intEnumMap", &INTEGER_ENUM_MAP),
    ],
);
static XML_INT_ENUMS: Operation = io("XmlIntEnums", &INT_ENUMS_REQUEST, "PUT", "/XmlIntEnums");

#[tokio::test(flavor = "current_thread")]
async fn enums() {
    // XmlEnums (request and response)
    let value = st(
        &ENUMS_REQUEST,
        vec![
            ("fooEnum1", s("Foo")),
            ("fooEnum2", s("0")),
            ("fooEnum3", s("1")),
            ("fooEnumList", strs(&["Foo", "0"])),
            ("fooEnumSet", strs(&["Foo", "0"])),
            ("fooEnumMap", map(vec![("hi", s("Foo")), ("zero", s("0"))])),
        ],
    );
    let document = r#"
        <fooEnum1>Foo</fooEnum1>
        <fooEnum2>0</fooEnum2>
        <fooEnum3>1</fooEnum3>
        <fooEnumList>
            <member>Foo</member>
            <member>0</member>
        </fooEnumList>
        <fooEnumSet>
            <member>Foo</member>
            <member>0</member>
        </fooEnumSet>
        <fooEnumMap>
            <entry>
                <key>hi</key>
                <value>Foo</value>
            </entry>
            <entry>
                <key>zero</key>
                <value>0</value>
            </entry>
        </fooEnumMap>"#;
    let req = request(&XML_ENUMS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<XmlEnumsRequest>{document}</XmlEnumsRequest>"),
    );
    assert_eq!(
        xml_output(
            &XML_ENUMS,
            &format!("<XmlEnumsResponse>{document}</XmlEnumsResponse>")
        )
        .await,
        value
    );

    // XmlIntEnums (request and response)
    let value = st(
        &INT_ENUMS_REQUEST,
        vec![
            ("intEnum1", int(1)),
            ("intEnum2", int(2)),
            ("intEnum3", int(3)),
            ("intEnumList", ints(&[1, 2])),
            ("intEnumSet", ints(&[1, 2])),
            ("intEnumMap", map(vec![("a", int(1)), ("b", int(2))])),
        ],
    );
    let document = "<intEnum1>1</intEnum1><intEnum2>2</intEnum2><intEnum3>3</intEnum3>\
                    <intEnumList><member>1</member><member>2</member></intEnumList>\
                    <intEnumSet><member>1</member><member>2</member></intEnumSet>\
                    <intEnumMap><entry><key>a</key><value>1</value></entry>\
                    <entry><key>b</key><value>2</value></entry></intEnumMap>";
    let req = request(&XML_INT_ENUMS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<XmlIntEnumsRequest>{document}</XmlIntEnumsRequest>"),
    );
    assert_eq!(
        xml_output(
            &XML_INT_ENUMS,
            &format!("<XmlIntEnumsResponse>{document}</XmlIntEnumsResponse>")
        )
        .await,
        value
    );
}

static NESTED_1: Schema = Schema::structure(
    "RecursiveShapesInputOutputNested1",
    &[
        Member::new("foo", &prelude::STRING),
        Member::new("nested", &NESTED_2),
    ],
);
static NESTED_2: Schema = Schema::structure(
    "RecursiveShapesInputOutputNested2",
    &[
        Member::new("bar", &prelude::STRING),
        Member::new("recursiveMember", &NESTED_1),
    ],
);
static RECURSIVE_REQUEST: Schema = Schema::structure(
    "RecursiveShapesRequest",
    &[Member::new("nested", &NESTED_1)],
);
static RECURSIVE_SHAPES: Operation = io(
    "RecursiveShapes",
    &RECURSIVE_REQUEST,
    "PUT",
    "/RecursiveShapes",
);

#[tokio::test(flavor = "current_thread")]
async fn recursive_shapes() {
    // RecursiveShapes (request and response)
    let inner = st(
        &NESTED_1,
        vec![
            ("foo", s("Foo2")),
            ("nested", st(&NESTED_2, vec![("bar", s("Bar2"))])),
        ],
    );
    let value = st(
        &RECURSIVE_REQUEST,
        vec![(
            "nested",
            st(
                &NESTED_1,
                vec![
                    ("foo", s("Foo1")),
                    (
                        "nested",
                        st(
                            &NESTED_2,
                            vec![("bar", s("Bar1")), ("recursiveMember", inner)],
                        ),
                    ),
                ],
            ),
        )],
    );
    let document = r#"
        <nested>
            <foo>Foo1</foo>
            <nested>
                <bar>Bar1</bar>
                <recursiveMember>
                    <foo>Foo2</foo>
                    <nested>
                        <bar>Bar2</bar>
                    </nested>
                </recursiveMember>
            </nested>
        </nested>"#;
    let req = request(&RECURSIVE_SHAPES, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<RecursiveShapesRequest>{document}</RecursiveShapesRequest>"),
    );
    assert_eq!(
        xml_output(
            &RECURSIVE_SHAPES,
            &format!("<RecursiveShapesResponse>{document}</RecursiveShapesResponse>")
        )
        .await,
        value
    );
}

static NAMESPACES_REQUEST: Schema = Schema::structure(
    "XmlNamespacesRequest",
    &[Member::new("nested", &NAMESPACE_NESTED)],
)
.xml_namespace(None, "http://foo.com");
static XML_NAMESPACES: Operation = io(
    "XmlNamespaces",
    &NAMESPACES_REQUEST,
    "POST",
    "/XmlNamespaces",
);

#[tokio::test(flavor = "current_thread")]
async fn namespaces() {
    // XmlNamespaces: the root declares the input's namespace; the nested structure, whose own
    // namespace is the same, declares none; members declare theirs, once per scope.
    let value = st(
        &NAMESPACES_REQUEST,
        vec![(
            "nested",
            st(
                &NAMESPACE_NESTED,
                vec![("foo", s("Foo")), ("values", strs(&["Bar", "Baz"]))],
            ),
        )],
    );
    let req = request(&XML_NAMESPACES, value.clone()).await;
    assert_xml_body(
        &req,
        r#"<XmlNamespacesRequest xmlns="http://foo.com">
            <nested>
                <foo xmlns:baz="http://baz.com">Foo</foo>
                <values xmlns="http://qux.com">
                    <member xmlns="http://bux.com">Bar</member>
                    <member xmlns="http://bux.com">Baz</member>
                </values>
            </nested>
        </XmlNamespacesRequest>"#,
    );
    let body = r#"<XmlNamespacesResponse xmlns="http://foo.com">
    <nested>
        <foo xmlns:baz="http://baz.com">Foo</foo>
        <values xmlns="http://qux.com">
            <member xmlns="http://bux.com">Bar</member>
            <member xmlns="http://bux.com">Baz</member>
        </values>
    </nested>
</XmlNamespacesResponse>"#;
    assert_eq!(xml_output(&XML_NAMESPACES, body).await, value);
}

// ---------------------------------------------------------------------------------------------
// Lists (document-lists.smithy)

static STRUCTURE_LIST_MEMBER: Schema = Schema::structure(
    "StructureListMember",
    &[
        Member::new("a", &prelude::STRING).xml_name("value"),
        Member::new("b", &prelude::STRING).xml_name("other"),
    ],
);
static STRUCTURE_LIST: Schema = Schema::list(
    "StructureList",
    &[Member::new("member", &STRUCTURE_LIST_MEMBER).xml_name("item")],
);
static LISTS_REQUEST: Schema = Schema::structure(
    "XmlListsRequest",
    &[
        Member::new("stringList", &STRING_LIST),
        Member::new("stringSet", &STRING_SET),
        Member::new("integerList", &INTEGER_LIST),
        Member::new("booleanList", &BOOLEAN_LIST),
        Member::new("timestampList", &TIMESTAMP_LIST),
        Member::new("enumList", &FOO_ENUM_LIST),
        Member::new("intEnumList", &INTEGER_ENUM_LIST),
        Member::new("nestedStringList", &NESTED_STRING_LIST),
        Member::new("renamedListMembers", &RENAMED_LIST_MEMBERS).xml_name("renamed"),
        Member::new("flattenedList", &RENAMED_LIST_MEMBERS).xml_flattened(),
        Member::new("flattenedList2", &RENAMED_LIST_MEMBERS)
            .xml_name("customName")
            .xml_flattened(),
        Member::new(
            "flattenedListWithMemberNamespace",
            &LIST_WITH_MEMBER_NAMESPACE,
        )
        .xml_flattened(),
        Member::new("flattenedListWithNamespace", &LIST_WITH_NAMESPACE).xml_flattened(),
        Member::new("structureList", &STRUCTURE_LIST).xml_name("myStructureList"),
        Member::new("flattenedStructureList", &STRUCTURE_LIST).xml_flattened(),
    ],
);
static XML_LISTS: Operation = io("XmlLists", &LISTS_REQUEST, "PUT", "/XmlLists");

const LISTS_DOCUMENT: &str = r#"
    <stringList>
        <member>foo</member>
        <member>bar</member>
    </stringList>
    <stringSet>
        <member>foo</member>
        <member>bar</member>
    </stringSet>
    <integerList>
        <member>1</member>
        <member>2</member>
    </integerList>
    <booleanList>
        <member>true</member>
        <member>false</member>
    </booleanList>
    <timestampList>
        <member>2014-04-29T18:30:38Z</member>
        <member>2014-04-29T18:30:38Z</member>
    </timestampList>
    <enumList>
        <member>Foo</member>
        <member>0</member>
    </enumList>
    <intEnumList>
        <member>1</member>
        <member>2</member>
    </intEnumList>
    <nestedStringList>
        <member>
            <member>foo</member>
            <member>bar</member>
        </member>
        <member>
            <member>baz</member>
            <member>qux</member>
        </member>
    </nestedStringList>
    <renamed>
        <item>foo</item>
        <item>bar</item>
    </renamed>
    <flattenedList>hi</flattenedList>
    <flattenedList>bye</flattenedList>
    <customName>yep</customName>
    <customName>nope</customName>
    <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">a</flattenedListWithMemberNamespace>
    <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">b</flattenedListWithMemberNamespace>
    <flattenedListWithNamespace>a</flattenedListWithNamespace>
    <flattenedListWithNamespace>b</flattenedListWithNamespace>
    <myStructureList>
        <item>
            <value>1</value>
            <other>2</other>
        </item>
        <item>
            <value>3</value>
            <other>4</other>
        </item>
    </myStructureList>
    <flattenedStructureList>
        <value>5</value>
        <other>6</other>
    </flattenedStructureList>
    <flattenedStructureList>
        <value>7</value>
        <other>8</other>
    </flattenedStructureList>"#;

#[tokio::test(flavor = "current_thread")]
async fn lists() {
    // XmlLists (request and response; the request test has no namespaced flattened lists, the
    // response test has: both are checked here)
    let item = |a: &str, b: &str| st(&STRUCTURE_LIST_MEMBER, vec![("a", s(a)), ("b", s(b))]);
    let value = st(
        &LISTS_REQUEST,
        vec![
            ("stringList", strs(&["foo", "bar"])),
            ("stringSet", strs(&["foo", "bar"])),
            ("integerList", ints(&[1, 2])),
            (
                "booleanList",
                Value::List(vec![Value::Bool(true), Value::Bool(false)]),
            ),
            (
                "timestampList",
                Value::List(vec![ts(1398796238), ts(1398796238)]),
            ),
            ("enumList", strs(&["Foo", "0"])),
            ("intEnumList", ints(&[1, 2])),
            (
                "nestedStringList",
                Value::List(vec![strs(&["foo", "bar"]), strs(&["baz", "qux"])]),
            ),
            ("renamedListMembers", strs(&["foo", "bar"])),
            ("flattenedList", strs(&["hi", "bye"])),
            ("flattenedList2", strs(&["yep", "nope"])),
            ("flattenedListWithMemberNamespace", strs(&["a", "b"])),
            ("flattenedListWithNamespace", strs(&["a", "b"])),
            (
                "structureList",
                Value::List(vec![item("1", "2"), item("3", "4")]),
            ),
            (
                "flattenedStructureList",
                Value::List(vec![item("5", "6"), item("7", "8")]),
            ),
        ],
    );
    let req = request(&XML_LISTS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<XmlListsRequest>{LISTS_DOCUMENT}</XmlListsRequest>"),
    );
    assert_eq!(
        xml_output(
            &XML_LISTS,
            &format!("<XmlListsResponse>{LISTS_DOCUMENT}\n</XmlListsResponse>")
        )
        .await,
        value
    );

    // XmlEmptyLists (request): empty elements; (response) self-closed or not, empty lists.
    let value = st(
        &LISTS_REQUEST,
        vec![("stringList", strs(&[])), ("stringSet", strs(&[]))],
    );
    let req = request(&XML_LISTS, value.clone()).await;
    assert_xml_body(
        &req,
        "<XmlListsRequest><stringList></stringList><stringSet></stringSet></XmlListsRequest>",
    );
    let answer_body = "<XmlEmptyListsResponse>\n        <stringList/>\n        <stringSet></stringSet>\n</XmlEmptyListsResponse>";
    assert_eq!(xml_output(&XML_LISTS, answer_body).await, value);
    // An empty flattened list writes nothing.
    let req = request(
        &XML_LISTS,
        st(&LISTS_REQUEST, vec![("flattenedList", strs(&[]))]),
    )
    .await;
    assert_eq!(body(&req), "<XmlListsRequest></XmlListsRequest>");
}

// ---------------------------------------------------------------------------------------------
// Maps (document-maps.smithy)

static XML_MAPS_MAP: Schema = Schema::map(
    "XmlMapsInputOutputMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &GREETING_STRUCT),
    ],
);
static XML_MAPS_REQUEST: Schema =
    Schema::structure("XmlMapsRequest", &[Member::new("myMap", &XML_MAPS_MAP)]);
static XML_MAPS: Operation = io("XmlMaps", &XML_MAPS_REQUEST, "POST", "/XmlMaps");
static XML_NAME_MAP: Schema = Schema::map(
    "XmlMapsXmlNameInputOutputMap",
    &[
        Member::new("key", &prelude::STRING).xml_name("Attribute"),
        Member::new("value", &GREETING_STRUCT).xml_name("Setting"),
    ],
);
static XML_MAPS_XML_NAME_REQUEST: Schema = Schema::structure(
    "XmlMapsXmlNameRequest",
    &[Member::new("myMap", &XML_NAME_MAP)],
);
static XML_MAPS_XML_NAME: Operation = io(
    "XmlMapsXmlName",
    &XML_MAPS_XML_NAME_REQUEST,
    "POST",
    "/XmlMapsXmlName",
);

fn greeting(hi: &str) -> Value {
    st(&GREETING_STRUCT, vec![("hi", s(hi))])
}

#[tokio::test(flavor = "current_thread")]
async fn maps() {
    // XmlMaps (request and response). Entries are written in the value's order, which is key
    // order for generated types.
    let value = st(
        &XML_MAPS_REQUEST,
        vec![(
            "myMap",
            map(vec![("baz", greeting("bye")), ("foo", greeting("there"))]),
        )],
    );
    let document = r#"
        <myMap>
            <entry>
                <key>baz</key>
                <value>
                    <hi>bye</hi>
                </value>
            </entry>
            <entry>
                <key>foo</key>
                <value>
                    <hi>there</hi>
                </value>
            </entry>
        </myMap>"#;
    let req = request(&XML_MAPS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<XmlMapsRequest>{document}</XmlMapsRequest>"),
    );
    // The upstream response lists foo first; entries come out sorted by key.
    let body = "<XmlMapsResponse><myMap>\
                <entry><key>foo</key><value><hi>there</hi></value></entry>\
                <entry><key>baz</key><value><hi>bye</hi></value></entry>\
                </myMap></XmlMapsResponse>";
    assert_eq!(xml_output(&XML_MAPS, body).await, value);

    // XmlMapsXmlName
    let value = st(
        &XML_MAPS_XML_NAME_REQUEST,
        vec![(
            "myMap",
            map(vec![("baz", greeting("bye")), ("foo", greeting("there"))]),
        )],
    );
    let document = "<myMap><entry><Attribute>baz</Attribute><Setting><hi>bye</hi></Setting></entry>\
                    <entry><Attribute>foo</Attribute><Setting><hi>there</hi></Setting></entry></myMap>";
    let req = request(&XML_MAPS_XML_NAME, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<XmlMapsXmlNameRequest>{document}</XmlMapsXmlNameRequest>"),
    );
    assert_eq!(
        xml_output(
            &XML_MAPS_XML_NAME,
            &format!("<XmlMapsXmlNameResponse>{document}</XmlMapsXmlNameResponse>")
        )
        .await,
        value
    );

    // XmlEmptyMaps (request), XmlEmptyMaps / XmlEmptySelfClosedMaps (responses)
    let value = st(&XML_MAPS_REQUEST, vec![("myMap", map(vec![]))]);
    let req = request(&XML_MAPS, value.clone()).await;
    assert_xml_body(&req, "<XmlMapsRequest><myMap></myMap></XmlMapsRequest>");
    for element in ["<myMap></myMap>", "<myMap/>"] {
        let body = format!("<XmlEmptyMapsResponse>\n    {element}\n</XmlEmptyMapsResponse>");
        assert_eq!(xml_output(&XML_MAPS, &body).await, value);
    }
}

static FLATTENED_NAME_MAP: Schema = Schema::map(
    "FlattenedXmlMapWithXmlNameInputOutputMap",
    &[
        Member::new("key", &prelude::STRING).xml_name("K"),
        Member::new("value", &prelude::STRING).xml_name("V"),
    ],
);
static FLATTENED_MAPS_REQUEST: Schema = Schema::structure(
    "FlattenedXmlMapRequest",
    &[
        Member::new("myMap", &FOO_ENUM_MAP).xml_flattened(),
        Member::new("renamedMap", &FLATTENED_NAME_MAP)
            .xml_flattened()
            .xml_name("KVP"),
    ],
);
static FLATTENED_XML_MAP: Operation = io(
    "FlattenedXmlMap",
    &FLATTENED_MAPS_REQUEST,
    "POST",
    "/FlattenedXmlMap",
);
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
    &[
        Member::new("myMap", &NAMESPACED_MAP)
            .xml_name("KVP")
            .xml_namespace(None, "https://the-member.example.com"),
        Member::new("flatMap", &NAMESPACED_MAP)
            .xml_name("FlatKVP")
            .xml_flattened()
            .xml_namespace(None, "https://the-member.example.com"),
    ],
);
static XML_MAP_WITH_XML_NAMESPACE: Operation = io(
    "XmlMapWithXmlNamespace",
    &MAP_NAMESPACE_REQUEST,
    "POST",
    "/XmlMapWithXmlNamespace",
);

#[tokio::test(flavor = "current_thread")]
async fn flattened_and_namespaced_maps() {
    // FlattenedXmlMap, FlattenedXmlMapWithXmlName (requests and responses)
    let value = st(
        &FLATTENED_MAPS_REQUEST,
        vec![
            ("myMap", map(vec![("baz", s("Baz")), ("foo", s("Foo"))])),
            ("renamedMap", map(vec![("a", s("A")), ("b", s("B"))])),
        ],
    );
    let document = r#"
        <myMap>
            <key>baz</key>
            <value>Baz</value>
        </myMap>
        <myMap>
            <key>foo</key>
            <value>Foo</value>
        </myMap>
        <KVP>
            <K>a</K>
            <V>A</V>
        </KVP>
        <KVP>
            <K>b</K>
            <V>B</V>
        </KVP>"#;
    let req = request(&FLATTENED_XML_MAP, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<FlattenedXmlMapRequest>{document}</FlattenedXmlMapRequest>"),
    );
    assert_eq!(
        xml_output(
            &FLATTENED_XML_MAP,
            &format!("<FlattenedXmlMapResponse>{document}</FlattenedXmlMapResponse>")
        )
        .await,
        value
    );

    // RestXmlXmlMapWithXmlNamespace (request and response),
    // RestXmlFlattenedXmlMapWithXmlNamespace (the same rules on a flattened map)
    let value = st(
        &MAP_NAMESPACE_REQUEST,
        vec![
            ("myMap", map(vec![("a", s("A")), ("b", s("B"))])),
            ("flatMap", map(vec![("a", s("A"))])),
        ],
    );
    let document = r#"
        <KVP xmlns="https://the-member.example.com">
            <entry>
                <K xmlns="https://the-key.example.com">a</K>
                <V xmlns="https://the-value.example.com">A</V>
            </entry>
            <entry>
                <K xmlns="https://the-key.example.com">b</K>
                <V xmlns="https://the-value.example.com">B</V>
            </entry>
        </KVP>
        <FlatKVP xmlns="https://the-member.example.com">
            <K xmlns="https://the-key.example.com">a</K>
            <V xmlns="https://the-value.example.com">A</V>
        </FlatKVP>"#;
    let req = request(&XML_MAP_WITH_XML_NAMESPACE, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<XmlMapWithXmlNamespaceRequest>{document}</XmlMapWithXmlNamespaceRequest>"),
    );
    assert_eq!(
        xml_output(
            &XML_MAP_WITH_XML_NAMESPACE,
            &format!("<XmlMapWithXmlNamespaceResponse>{document}</XmlMapWithXmlNamespaceResponse>")
        )
        .await,
        value
    );
}

static NESTED_MAP: Schema = Schema::map(
    "NestedMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &FOO_ENUM_MAP),
    ],
);
static INNER_NAMED_MAP: Schema = Schema::map(
    "NestedXmlMapWithXmlNameInnerMap",
    &[
        Member::new("key", &prelude::STRING).xml_name("InnerKey"),
        Member::new("value", &prelude::STRING).xml_name("InnerValue"),
    ],
);
static OUTER_NAMED_MAP: Schema = Schema::map(
    "NestedXmlMapWithXmlNameMap",
    &[
        Member::new("key", &prelude::STRING).xml_name("OuterKey"),
        Member::new("value", &INNER_NAMED_MAP),
    ],
);
static NESTED_MAPS_REQUEST: Schema = Schema::structure(
    "NestedXmlMapsRequest",
    &[
        Member::new("nestedMap", &NESTED_MAP),
        Member::new("flatNestedMap", &NESTED_MAP).xml_flattened(),
        Member::new("nestedXmlMapWithXmlNameMap", &OUTER_NAMED_MAP),
    ],
);
static NESTED_XML_MAPS: Operation = io(
    "NestedXmlMaps",
    &NESTED_MAPS_REQUEST,
    "POST",
    "/NestedXmlMaps",
);

#[tokio::test(flavor = "current_thread")]
async fn nested_maps() {
    // NestedXmlMapRequest / NestedXmlMapResponse
    let nested = map(vec![("foo", map(vec![("bar", s("Bar"))]))]);
    let value = st(&NESTED_MAPS_REQUEST, vec![("nestedMap", nested.clone())]);
    let document = r#"
        <nestedMap>
            <entry>
                <key>foo</key>
                <value>
                    <entry>
                        <key>bar</key>
                        <value>Bar</value>
                    </entry>
                </value>
            </entry>
        </nestedMap>"#;
    let req = request(&NESTED_XML_MAPS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<NestedXmlMapsRequest>{document}</NestedXmlMapsRequest>"),
    );
    assert_eq!(
        xml_output(
            &NESTED_XML_MAPS,
            &format!("<NestedXmlMapsResponse>{document}</NestedXmlMapsResponse>")
        )
        .await,
        value
    );
    // FlatNestedXmlMapRequest / FlatNestedXmlMapResponse: only the outer map is flat.
    let value = st(&NESTED_MAPS_REQUEST, vec![("flatNestedMap", nested)]);
    let document = r#"
        <flatNestedMap>
            <key>foo</key>
            <value>
                <entry>
                    <key>bar</key>
                    <value>Bar</value>
                </entry>
            </value>
        </flatNestedMap>"#;
    let req = request(&NESTED_XML_MAPS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<NestedXmlMapsRequest>{document}</NestedXmlMapsRequest>"),
    );
    assert_eq!(
        xml_output(
            &NESTED_XML_MAPS,
            &format!("<NestedXmlMapsResponse>{document}</NestedXmlMapsResponse>")
        )
        .await,
        value
    );
    // NestedXmlMapWithXmlNameSerializes / NestedXmlMapWithXmlNameDeserializes
    let value = st(
        &NESTED_MAPS_REQUEST,
        vec![(
            "nestedXmlMapWithXmlNameMap",
            map(vec![
                ("foo", map(vec![("bar", s("Baz")), ("fizz", s("Buzz"))])),
                (
                    "qux",
                    map(vec![("fizzbuzz", s("Buzz")), ("foobar", s("Bar"))]),
                ),
            ]),
        )],
    );
    let document = r#"
        <nestedXmlMapWithXmlNameMap>
            <entry>
                <OuterKey>foo</OuterKey>
                <value>
                    <entry>
                        <InnerKey>bar</InnerKey>
                        <InnerValue>Baz</InnerValue>
                    </entry>
                    <entry>
                        <InnerKey>fizz</InnerKey>
                        <InnerValue>Buzz</InnerValue>
                    </entry>
                </value>
            </entry>
            <entry>
                <OuterKey>qux</OuterKey>
                <value>
                    <entry>
                        <InnerKey>fizzbuzz</InnerKey>
                        <InnerValue>Buzz</InnerValue>
                    </entry>
                    <entry>
                        <InnerKey>foobar</InnerKey>
                        <InnerValue>Bar</InnerValue>
                    </entry>
                </value>
            </entry>
        </nestedXmlMapWithXmlNameMap>"#;
    let req = request(&NESTED_XML_MAPS, value.clone()).await;
    assert_xml_body(
        &req,
        &format!("<NestedXmlMapsRequest>{document}</NestedXmlMapsRequest>"),
    );
    assert_eq!(
        xml_output(
            &NESTED_XML_MAPS,
            &format!("<NestedXmlMapsResponse>{document}</NestedXmlMapsResponse>")
        )
        .await,
        value
    );
}

// ---------------------------------------------------------------------------------------------
// Attributes and unions (document-xml-attributes.smithy, document-unions.smithy)

static ATTRIBUTES_MEMBERS: [Member; 2] = [
    Member::new("foo", &prelude::STRING),
    Member::new("attr", &prelude::STRING)
        .xml_attribute()
        .xml_name("test"),
];
static ATTRIBUTES_REQUEST: Schema = Schema::structure("XmlAttributesRequest", &ATTRIBUTES_MEMBERS);
static XML_ATTRIBUTES: Operation = io(
    "XmlAttributes",
    &ATTRIBUTES_REQUEST,
    "PUT",
    "/XmlAttributes",
);
static ATTRIBUTES_PAYLOAD: Schema =
    Schema::structure("XmlAttributesPayloadRequest", &ATTRIBUTES_MEMBERS);
static ATTRIBUTES_ON_PAYLOAD_REQUEST: Schema = Schema::structure(
    "XmlAttributesOnPayloadRequest",
    &[payload("payload", &ATTRIBUTES_PAYLOAD)],
);
static XML_ATTRIBUTES_ON_PAYLOAD: Operation = io(
    "XmlAttributesOnPayload",
    &ATTRIBUTES_ON_PAYLOAD_REQUEST,
    "PUT",
    "/XmlAttributesOnPayload",
);
static MIDDLE_PAYLOAD: Schema = Schema::structure(
    "XmlAttributesInMiddlePayloadRequest",
    &[
        Member::new("foo", &prelude::STRING),
        Member::new("attr", &prelude::STRING)
            .xml_attribute()
            .xml_name("test"),
        Member::new("baz", &prelude::STRING),
    ],
);
static IN_MIDDLE_REQUEST: Schema = Schema::structure(
    "XmlAttributesInMiddleRequest",
    &[payload("payload", &MIDDLE_PAYLOAD)],
);
static XML_ATTRIBUTES_IN_MIDDLE: Operation = io(
    "XmlAttributesInMiddle",
    &IN_MIDDLE_REQUEST,
    "PUT",
    "/XmlAttributesInMiddle",
);

#[tokio::test(flavor = "current_thread")]
async fn attributes() {
    // XmlAttributes (request and response)
    let value = st(
        &ATTRIBUTES_REQUEST,
        vec![("foo", s("hi")), ("attr", s("test"))],
    );
    let req = request(&XML_ATTRIBUTES, value.clone()).await;
    assert_xml_body(
        &req,
        r#"<XmlAttributesRequest test="test"><foo>hi</foo></XmlAttributesRequest>"#,
    );
    let body = "<XmlAttributesResponse test=\"test\">\n    <foo>hi</foo>\n</XmlAttributesResponse>";
    assert_eq!(xml_output(&XML_ATTRIBUTES, body).await, value);
    // XmlAttributesWithEscaping
    let value = st(
        &ATTRIBUTES_REQUEST,
        vec![("foo", s("hi")), ("attr", s("<test&mock>"))],
    );
    let req = request(&XML_ATTRIBUTES, value).await;
    assert_xml_body(
        &req,
        r#"<XmlAttributesRequest test="&lt;test&amp;mock&gt;"><foo>hi</foo></XmlAttributesRequest>"#,
    );
    // XmlAttributesOnPayload (request and response)
    let inner = st(
        &ATTRIBUTES_PAYLOAD,
        vec![("foo", s("hi")), ("attr", s("test"))],
    );
    let value = st(&ATTRIBUTES_ON_PAYLOAD_REQUEST, vec![("payload", inner)]);
    let req = request(&XML_ATTRIBUTES_ON_PAYLOAD, value.clone()).await;
    assert_xml_body(
        &req,
        r#"<XmlAttributesPayloadRequest test="test"><foo>hi</foo></XmlAttributesPayloadRequest>"#,
    );
    let body =
        r#"<XmlAttributesPayloadResponse test="test"><foo>hi</foo></XmlAttributesPayloadResponse>"#;
    assert_eq!(xml_output(&XML_ATTRIBUTES_ON_PAYLOAD, body).await, value);
    // XmlAttributesInMiddle: attributes go on the start tag whatever their position.
    let inner = st(
        &MIDDLE_PAYLOAD,
        vec![
            ("foo", s("Foo")),
            ("attr", s("attributeValue")),
            ("baz", s("Baz")),
        ],
    );
    let value = st(&IN_MIDDLE_REQUEST, vec![("payload", inner)]);
    let req = request(&XML_ATTRIBUTES_IN_MIDDLE, value.clone()).await;
    assert_xml_body(
        &req,
        r#"<XmlAttributesInMiddlePayloadRequest test="attributeValue"><foo>Foo</foo><baz>Baz</baz></XmlAttributesInMiddlePayloadRequest>"#,
    );
    let body = r#"<XmlAttributesInMiddlePayloadResponse test="attributeValue">
    <foo>Foo</foo>
    <baz>Baz</baz>
</XmlAttributesInMiddlePayloadResponse>"#;
    assert_eq!(xml_output(&XML_ATTRIBUTES_IN_MIDDLE, body).await, value);
}

static NESTED_UNION_STRUCT: Schema = Schema::structure(
    "XmlNestedUnionStruct",
    &[
        Member::new("stringValue", &prelude::STRING),
        Member::new("booleanValue", &prelude::BOOLEAN),
        Member::new("byteValue", &prelude::BYTE),
        Member::new("shortValue", &prelude::SHORT),
        Member::new("integerValue", &prelude::INTEGER),
        Member::new("longValue", &prelude::LONG),
        Member::new("floatValue", &prelude::FLOAT),
        Member::new("doubleValue", &prelude::DOUBLE),
    ],
);
static UNION_SHAPE: Schema = Schema::union(
    "XmlUnionShape",
    &[
        Member::new("stringValue", &prelude::STRING),
        Member::new("booleanValue", &prelude::BOOLEAN),
        Member::new("byteValue", &prelude::BYTE),
        Member::new("shortValue", &prelude::SHORT),
        Member::new("integerValue", &prelude::INTEGER),
        Member::new("longValue", &prelude::LONG),
        Member::new("floatValue", &prelude::FLOAT),
        Member::new("doubleValue", &prelude::DOUBLE),
        Member::new("unionValue", &UNION_SHAPE),
        Member::new("structValue", &NESTED_UNION_STRUCT),
    ],
);
static UNIONS_REQUEST: Schema = Schema::structure(
    "XmlUnionsRequest",
    &[Member::new("unionValue", &UNION_SHAPE)],
);
static XML_UNIONS: Operation = io("XmlUnions", &UNIONS_REQUEST, "PUT", "/XmlUnions");

#[tokio::test(flavor = "current_thread")]
async fn unions() {
    let union = |name: &str, v: Value| st(&UNION_SHAPE, vec![(name, v)]);
    let all = st(
        &NESTED_UNION_STRUCT,
        vec![
            ("stringValue", s("string")),
            ("booleanValue", Value::Bool(true)),
            ("byteValue", int(1)),
            ("shortValue", int(2)),
            ("integerValue", int(3)),
            ("longValue", int(4)),
            ("floatValue", Value::Float(5.5)),
            ("doubleValue", Value::Float(6.5)),
        ],
    );
    // XmlUnionsWithStructMember, XmlUnionsWithStringMember, XmlUnionsWithBooleanMember,
    // XmlUnionsWithUnionMember (requests and responses)
    for (value, document) in [
        (
            union("structValue", all),
            "<structValue><stringValue>string</stringValue><booleanValue>true</booleanValue>\
             <byteValue>1</byteValue><shortValue>2</shortValue><integerValue>3</integerValue>\
             <longValue>4</longValue><floatValue>5.5</floatValue><doubleValue>6.5</doubleValue>\
             </structValue>",
        ),
        (
            union("stringValue", s("some string")),
            "<stringValue>some string</stringValue>",
        ),
        (
            union("booleanValue", Value::Bool(true)),
            "<booleanValue>true</booleanValue>",
        ),
        (
            union("unionValue", union("booleanValue", Value::Bool(true))),
            "<unionValue><booleanValue>true</booleanValue></unionValue>",
        ),
    ] {
        let value = st(&UNIONS_REQUEST, vec![("unionValue", value)]);
        let req = request(&XML_UNIONS, value.clone()).await;
        assert_xml_body(
            &req,
            &format!("<XmlUnionsRequest><unionValue>{document}</unionValue></XmlUnionsRequest>"),
        );
        let body = format!("<XmlUnionsResponse>\n   <unionValue>\n{document}\n   </unionValue>\n</XmlUnionsResponse>");
        assert_eq!(xml_output(&XML_UNIONS, &body).await, value);
    }
    // A union with two members set is a malformed response.
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
// Payloads (http-payload.smithy, http-string-payload.smithy)

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
static MEDIA_TYPE_REQUEST: Schema = Schema::structure(
    "HttpPayloadTraitsWithMediaTypeInputOutput",
    &[
        header("foo", &prelude::STRING, "X-Foo"),
        payload("blob", &TEXT_PLAIN_BLOB),
    ],
);
static HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE: Operation = io(
    "HttpPayloadTraitsWithMediaType",
    &MEDIA_TYPE_REQUEST,
    "POST",
    "/HttpPayloadTraitsWithMediaType",
);
static ENUM_PAYLOAD_INPUT: Schema =
    Schema::structure("EnumPayloadInput", &[payload("payload", &STRING_ENUM)]);
static HTTP_ENUM_PAYLOAD: Operation = io(
    "HttpEnumPayload",
    &ENUM_PAYLOAD_INPUT,
    "POST",
    "/EnumPayload",
);
static STRING_PAYLOAD_INPUT: Schema = Schema::structure(
    "StringPayloadInput",
    &[payload("payload", &prelude::STRING)],
);
static HTTP_STRING_PAYLOAD: Operation = io(
    "HttpStringPayload",
    &STRING_PAYLOAD_INPUT,
    "POST",
    "/StringPayload",
);

#[tokio::test(flavor = "current_thread")]
async fn raw_payloads() {
    let blob = |b: &str| Value::Blob(b.as_bytes().to_vec());
    // HttpPayloadTraitsWithBlob (request and response)
    let value = st(
        &PAYLOAD_TRAITS_REQUEST,
        vec![("foo", s("Foo")), ("blob", blob("blobby blob blob"))],
    );
    let req = request(&HTTP_PAYLOAD_TRAITS, value.clone()).await;
    assert_eq!(body(&req), "blobby blob blob");
    assert_eq!(
        headers(&req),
        pairs(&[
            ("X-Foo", "Foo"),
            ("Content-Type", "application/octet-stream")
        ])
    );
    assert_eq!(
        output(
            &HTTP_PAYLOAD_TRAITS,
            &[("X-Foo", "Foo")],
            "blobby blob blob"
        )
        .await,
        value
    );
    // HttpPayloadTraitsWithNoBlobBody (request and response)
    let value = st(&PAYLOAD_TRAITS_REQUEST, vec![("foo", s("Foo"))]);
    let req = request(&HTTP_PAYLOAD_TRAITS, value.clone()).await;
    assert!(req.body.is_empty());
    assert_eq!(headers(&req), pairs(&[("X-Foo", "Foo")]));
    assert_eq!(
        output(&HTTP_PAYLOAD_TRAITS, &[("X-Foo", "Foo")], "").await,
        value
    );
    // HttpPayloadTraitsWithMediaTypeWithBlob (request and response)
    let value = st(
        &MEDIA_TYPE_REQUEST,
        vec![("foo", s("Foo")), ("blob", blob("blobby blob blob"))],
    );
    let req = request(&HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE, value.clone()).await;
    assert_eq!(body(&req), "blobby blob blob");
    assert_eq!(
        headers(&req),
        pairs(&[("X-Foo", "Foo"), ("Content-Type", "text/plain")])
    );
    let answer_headers = [("X-Foo", "Foo"), ("Content-Type", "text/plain")];
    assert_eq!(
        output(
            &HTTP_PAYLOAD_TRAITS_WITH_MEDIA_TYPE,
            &answer_headers,
            "blobby blob blob"
        )
        .await,
        value
    );
    // RestXmlEnumPayloadRequest / RestXmlEnumPayloadResponse,
    // RestXmlStringPayloadRequest / RestXmlStringPayloadResponse
    for (op, schema, text) in [
        (&HTTP_ENUM_PAYLOAD, &ENUM_PAYLOAD_INPUT, "enumvalue"),
        (&HTTP_STRING_PAYLOAD, &STRING_PAYLOAD_INPUT, "rawstring"),
    ] {
        let value = st(schema, vec![("payload", s(text))]);
        let req = request(op, value.clone()).await;
        assert_eq!(body(&req), text);
        assert_eq!(headers(&req), pairs(&[("Content-Type", "text/plain")]));
        assert_eq!(
            output(op, &[("Content-Type", "text/plain")], text).await,
            value
        );
    }
}

static PAYLOAD_WITH_STRUCTURE: Schema = Schema::structure(
    "HttpPayloadWithStructureInputOutput",
    &[payload("nested", &NESTED_PAYLOAD)],
);
static HTTP_PAYLOAD_WITH_STRUCTURE: Operation = io(
    "HttpPayloadWithStructure",
    &PAYLOAD_WITH_STRUCTURE,
    "PUT",
    "/HttpPayloadWithStructure",
);
static PAYLOAD_WITH_XML_NAME: Schema = Schema::structure(
    "PayloadWithXmlName",
    &[Member::new("name", &prelude::STRING)],
)
.xml_name("Hello");
static PAYLOAD_WITH_XML_NAME_IO: Schema = Schema::structure(
    "HttpPayloadWithXmlNameInputOutput",
    &[payload("nested", &PAYLOAD_WITH_XML_NAME)],
);
static HTTP_PAYLOAD_WITH_XML_NAME: Operation = io(
    "HttpPayloadWithXmlName",
    &PAYLOAD_WITH_XML_NAME_IO,
    "PUT",
    "/HttpPayloadWithXmlName",
);
static BODY_WITH_XML_NAME_IO: Schema = Schema::structure(
    "BodyWithXmlNameInputOutput",
    &[Member::new("nested", &PAYLOAD_WITH_XML_NAME)],
)
.xml_name("Ahoy");
static BODY_WITH_XML_NAME: Operation = io(
    "BodyWithXmlName",
    &BODY_WITH_XML_NAME_IO,
    "PUT",
    "/BodyWithXmlName",
);
static MEMBER_XML_NAME_IO: Schema = Schema::structure(
    "HttpPayloadWithMemberXmlNameInputOutput",
    &[payload("nested", &PAYLOAD_WITH_XML_NAME).xml_name("Hola")],
);
static HTTP_PAYLOAD_WITH_MEMBER_XML_NAME: Operation = io(
    "HttpPayloadWithMemberXmlName",
    &MEMBER_XML_NAME_IO,
    "PUT",
    "/HttpPayloadWithMemberXmlName",
);
static PAYLOAD_WITH_NAMESPACE: Schema = Schema::structure(
    "PayloadWithXmlNamespace",
    &[Member::new("name", &prelude::STRING)],
)
.xml_namespace(None, "http://foo.com");
static PAYLOAD_WITH_NAMESPACE_IO: Schema = Schema::structure(
    "HttpPayloadWithXmlNamespaceInputOutput",
    &[payload("nested", &PAYLOAD_WITH_NAMESPACE)],
);
static HTTP_PAYLOAD_WITH_XML_NAMESPACE: Operation = io(
    "HttpPayloadWithXmlNamespace",
    &PAYLOAD_WITH_NAMESPACE_IO,
    "PUT",
    "/HttpPayloadWithXmlNamespace",
);
static PAYLOAD_WITH_PREFIX: Schema = Schema::structure(
    "PayloadWithXmlNamespaceAndPrefix",
    &[Member::new("name", &prelude::STRING)],
)
.xml_namespace(Some("baz"), "http://foo.com");
static PAYLOAD_WITH_PREFIX_IO: Schema = Schema::structure(
    "HttpPayloadWithXmlNamespaceAndPrefixInputOutput",
    &[payload("nested", &PAYLOAD_WITH_PREFIX)],
);
static HTTP_PAYLOAD_WITH_XML_NAMESPACE_AND_PREFIX: Operation = io(
    "HttpPayloadWithXmlNamespaceAndPrefix",
    &PAYLOAD_WITH_PREFIX_IO,
    "PUT",
    "/HttpPayloadWithXmlNamespaceAndPrefix",
);

#[tokio::test(flavor = "current_thread")]
async fn structure_payloads() {
    // HttpPayloadWithStructure, HttpPayloadWithXmlName, BodyWithXmlName,
    // HttpPayloadWithMemberXmlName, HttpPayloadWithXmlNamespace,
    // HttpPayloadWithXmlNamespaceAndPrefix (requests and responses)
    let cases: [(&'static Operation, &'static Schema, Value, &str); 6] = [
        (
            &HTTP_PAYLOAD_WITH_STRUCTURE,
            &PAYLOAD_WITH_STRUCTURE,
            st(
                &NESTED_PAYLOAD,
                vec![("greeting", s("hello")), ("name", s("Phreddy"))],
            ),
            "<NestedPayload><greeting>hello</greeting><name>Phreddy</name></NestedPayload>",
        ),
        (
            &HTTP_PAYLOAD_WITH_XML_NAME,
            &PAYLOAD_WITH_XML_NAME_IO,
            st(&PAYLOAD_WITH_XML_NAME, vec![("name", s("Phreddy"))]),
            "<Hello><name>Phreddy</name></Hello>",
        ),
        (
            &BODY_WITH_XML_NAME,
            &BODY_WITH_XML_NAME_IO,
            st(&PAYLOAD_WITH_XML_NAME, vec![("name", s("Phreddy"))]),
            "<Ahoy><nested><name>Phreddy</name></nested></Ahoy>",
        ),
        (
            &HTTP_PAYLOAD_WITH_MEMBER_XML_NAME,
            &MEMBER_XML_NAME_IO,
            st(&PAYLOAD_WITH_XML_NAME, vec![("name", s("Phreddy"))]),
            "<Hola><name>Phreddy</name></Hola>",
        ),
        (
            &HTTP_PAYLOAD_WITH_XML_NAMESPACE,
            &PAYLOAD_WITH_NAMESPACE_IO,
            st(&PAYLOAD_WITH_NAMESPACE, vec![("name", s("Phreddy"))]),
            r#"<PayloadWithXmlNamespace xmlns="http://foo.com"><name>Phreddy</name></PayloadWithXmlNamespace>"#,
        ),
        (
            &HTTP_PAYLOAD_WITH_XML_NAMESPACE_AND_PREFIX,
            &PAYLOAD_WITH_PREFIX_IO,
            st(&PAYLOAD_WITH_PREFIX, vec![("name", s("Phreddy"))]),
            r#"<PayloadWithXmlNamespaceAndPrefix xmlns:baz="http://foo.com"><name>Phreddy</name></PayloadWithXmlNamespaceAndPrefix>"#,
        ),
    ];
    for (op, schema, nested, document) in cases {
        let value = st(schema, vec![("nested", nested)]);
        let req = request(op, value.clone()).await;
        assert_eq!(req.method, "PUT");
        assert_xml_body(&req, document);
        assert_eq!(xml_output(op, document).await, value, "{}", op.name);
    }
}

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
async fn union_payloads() {
    // RestXmlHttpPayloadWithUnion (request and response)
    let value = st(
        &PAYLOAD_WITH_UNION_IO,
        vec![("nested", st(&UNION_PAYLOAD, vec![("greeting", s("hello"))]))],
    );
    let req = request(&HTTP_PAYLOAD_WITH_UNION, value.clone()).await;
    let document = "<UnionPayload><greeting>hello</greeting></UnionPayload>";
    assert_xml_body(&req, document);
    assert_eq!(xml_output(&HTTP_PAYLOAD_WITH_UNION, document).await, value);
    // RestXmlHttpPayloadWithUnsetUnion (request and response)
    let req = request(&HTTP_PAYLOAD_WITH_UNION, empty(&PAYLOAD_WITH_UNION_IO)).await;
    assert!(req.body.is_empty());
    assert!(req.headers.is_empty(), "{:?}", headers(&req));
    assert_eq!(
        output(&HTTP_PAYLOAD_WITH_UNION, &[("Content-Length", "0")], "").await,
        empty(&PAYLOAD_WITH_UNION_IO)
    );
}

// ---------------------------------------------------------------------------------------------
// Headers and response codes (http-headers.smithy, http-response-code.smithy)

static HEADERS_IO: Schema = Schema::structure(
    "InputAndOutputWithHeadersIO",
    &[
        header("headerString", &prelude::STRING, "X-String"),
        header("headerFloat", &prelude::FLOAT, "X-Float"),
        header("headerTrueBool", &prelude::BOOLEAN, "X-Boolean1"),
        header("headerStringList", &STRING_LIST, "X-StringList"),
        header("headerIntegerList", &INTEGER_LIST, "X-IntegerList"),
        header("headerTimestampList", &TIMESTAMP_LIST, "X-TimestampList"),
        header("emptyList", &STRING_LIST, "X-C"),
    ],
);
static INPUT_AND_OUTPUT_WITH_HEADERS: Operation = io(
    "InputAndOutputWithHeaders",
    &HEADERS_IO,
    "POST",
    "/InputAndOutputWithHeaders",
);
static RESPONSE_CODE_OUTPUT: Schema = Schema::structure(
    "HttpResponseCodeOutput",
    &[Member::new("Status", &prelude::INTEGER).binding(Binding::ResponseCode)],
);
static HTTP_RESPONSE_CODE: Operation = op(
    "HttpResponseCode",
    &prelude::UNIT,
    &RESPONSE_CODE_OUTPUT,
    "PUT",
    "/HttpResponseCode",
);

#[tokio::test(flavor = "current_thread")]
async fn headers_and_response_codes() {
    // InputAndOutputWithStringHeaders, ...NumericHeaders, ...BooleanHeaders,
    // ...TimestampHeaders; NullAndEmptyHeaders (an empty list is an empty header)
    let value = st(
        &HEADERS_IO,
        vec![
            ("headerString", s("Hello")),
            ("headerFloat", Value::Float(f64::from(1.1f32))),
            ("headerTrueBool", Value::Bool(true)),
            ("headerStringList", strs(&["a", "b", "c"])),
            ("headerIntegerList", ints(&[1, 2, 3])),
            (
                "headerTimestampList",
                Value::List(vec![ts(1576540098), ts(1576540098)]),
            ),
            ("emptyList", strs(&[])),
        ],
    );
    let req = request(&INPUT_AND_OUTPUT_WITH_HEADERS, value).await;
    assert!(req.body.is_empty());
    let expected = [
        ("X-String", "Hello"),
        ("X-Float", "1.1"),
        ("X-Boolean1", "true"),
        ("X-StringList", "a, b, c"),
        ("X-IntegerList", "1, 2, 3"),
        (
            "X-TimestampList",
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
        ),
        ("X-C", ""),
    ];
    assert_eq!(headers(&req), pairs(&expected));
    let value = st(
        &HEADERS_IO,
        vec![
            ("headerString", s("Hello")),
            ("headerStringList", strs(&["a", "b", "c"])),
            (
                "headerTimestampList",
                Value::List(vec![ts(1576540098), ts(1576540098)]),
            ),
        ],
    );
    let answer_headers = [
        ("X-String", "Hello"),
        ("X-StringList", "a, b, c"),
        (
            "X-TimestampList",
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
        ),
    ];
    assert_eq!(
        output(&INPUT_AND_OUTPUT_WITH_HEADERS, &answer_headers, "").await,
        value
    );
    // RestXmlHttpResponseCode
    let result = answer(
        &HTTP_RESPONSE_CODE,
        response(201, &[("Content-Type", "application/xml")], ""),
    )
    .await;
    assert_eq!(
        result.unwrap(),
        st(&RESPONSE_CODE_OUTPUT, vec![("Status", int(201))])
    );
}

// ---------------------------------------------------------------------------------------------
// Endpoints (endpoints.smithy)

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
static HOST_LABEL_REQUEST: Schema = Schema::structure(
    "EndpointWithHostLabelOperationRequest",
    &[Member::new("label", &prelude::STRING)
        .required()
        .host_label()],
);
static ENDPOINT_WITH_HOST_LABEL: Operation = Operation {
    host_prefix: Some("foo.{label}."),
    ..op(
        "EndpointWithHostLabelOperation",
        &HOST_LABEL_REQUEST,
        &prelude::UNIT,
        "POST",
        "/EndpointWithHostLabelOperation",
    )
};
static HOST_LABEL_HEADER_INPUT: Schema = Schema::structure(
    "HostLabelHeaderInput",
    &[header("accountId", &prelude::STRING, "X-Amz-Account-Id")
        .required()
        .host_label()],
);
static ENDPOINT_WITH_HOST_LABEL_HEADER: Operation = Operation {
    host_prefix: Some("{accountId}."),
    ..op(
        "EndpointWithHostLabelHeaderOperation",
        &HOST_LABEL_HEADER_INPUT,
        &prelude::UNIT,
        "POST",
        "/EndpointWithHostLabelHeaderOperation",
    )
};

#[tokio::test(flavor = "current_thread")]
async fn host_prefixes() {
    // RestXmlEndpointTrait
    let req = request(&ENDPOINT_OPERATION, empty(&prelude::UNIT)).await;
    assert_eq!(req.url, "https://foo.example.com/EndpointOperation");
    assert!(req.body.is_empty());
    // RestXmlEndpointTraitWithHostLabel: the label is in the host and in the document.
    let req = request(
        &ENDPOINT_WITH_HOST_LABEL,
        st(&HOST_LABEL_REQUEST, vec![("label", s("bar"))]),
    )
    .await;
    assert_eq!(
        req.url,
        "https://foo.bar.example.com/EndpointWithHostLabelOperation"
    );
    assert_xml_body(
        &req,
        "<EndpointWithHostLabelOperationRequest><label>bar</label></EndpointWithHostLabelOperationRequest>",
    );
    // RestXmlEndpointTraitWithHostLabelAndHttpBinding
    let req = request(
        &ENDPOINT_WITH_HOST_LABEL_HEADER,
        st(&HOST_LABEL_HEADER_INPUT, vec![("accountId", s("bar"))]),
    )
    .await;
    assert_eq!(
        req.url,
        "https://bar.example.com/EndpointWithHostLabelHeaderOperation"
    );
    assert_eq!(headers(&req), pairs(&[("X-Amz-Account-Id", "bar")]));
    assert!(req.body.is_empty());
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
    &[
        header("Header", &prelude::STRING, "X-Header"),
        Member::new("TopLevel", &prelude::STRING),
        Member::new("Nested", &COMPLEX_NESTED_ERROR_DATA),
    ],
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
async fn modeled_errors() {
    // GreetingWithErrors (success)
    assert_eq!(
        output(&GREETING_WITH_ERRORS, &[("X-Greeting", "Hello")], "").await,
        st(&GREETING_OUTPUT, vec![("greeting", s("Hello"))])
    );
    // InvalidGreetingError
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
        ErrorMeta {
            status: 400,
            code: Some("InvalidGreeting".to_owned()),
            message: Some("Hi".to_owned()),
            request_id: Some("foo-id".to_owned()),
        }
    );
    assert_eq!(
        modeled,
        Some((0, st(&INVALID_GREETING, vec![("Message", s("Hi"))])))
    );
    // ComplexError: header members are read from the headers.
    let body = r#"<ErrorResponse>
   <Error>
      <Type>Sender</Type>
      <Code>ComplexError</Code>
      <Message>Hi</Message>
      <TopLevel>Top level</TopLevel>
      <Nested>
          <Foo>bar</Foo>
      </Nested>
   </Error>
   <RequestId>foo-id</RequestId>
</ErrorResponse>"#;
    let headers = [("Content-Type", "application/xml"), ("X-Header", "Header")];
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, response(403, &headers, body)).await);
    assert_eq!(meta.code.as_deref(), Some("ComplexError"));
    assert_eq!(meta.status, 403);
    assert_eq!(
        modeled,
        Some((
            1,
            st(
                &COMPLEX_ERROR,
                vec![
                    ("Header", s("Header")),
                    ("TopLevel", s("Top level")),
                    (
                        "Nested",
                        st(&COMPLEX_NESTED_ERROR_DATA, vec![("Foo", s("bar"))])
                    ),
                ]
            )
        ))
    );
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
        ErrorMeta {
            status: 400,
            code: Some("NoSuchBucket".to_owned()),
            message: None,
            request_id: Some("s3-id".to_owned()),
        }
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
        assert_eq!(
            meta,
            ErrorMeta {
                status: 503,
                code: None,
                message: None,
                request_id: Some("h".to_owned()),
            }
        );
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
async fn service_namespace_and_unwrapped_output() {
    // The service's namespace is declared on the root of documents that have none.
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
    assert_eq!(
        req.url,
        "https://s3.us-west-2.amazonaws.com/mybucket?tagging"
    );
    assert_xml_body(
        &req,
        r#"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><member>a</member></TagSet></Tagging>"#,
    );

    // GetBucketLocationUnwrappedOutput
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">us-west-2</LocationConstraint>";
    let input = st(&BUCKET_LOCATION_REQUEST, vec![("Bucket", s("mybucket"))]);
    let (req, result) = exchange(
        &S3,
        "https://s3.us-west-2.amazonaws.com",
        &GET_BUCKET_LOCATION,
        input,
        response(200, &[], body),
    )
    .await;
    assert_eq!(
        req.map(|r| r.url),
        Some("https://s3.us-west-2.amazonaws.com/mybucket?location".to_owned())
    );
    assert_eq!(
        result.unwrap(),
        st(
            &BUCKET_LOCATION_OUTPUT,
            vec![("LocationConstraint", s("us-west-2"))]
        )
    );
    // The wrapped form reads the same.
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
