//! The ec2Query protocol through the public request pipeline (`Handle::invoke`): hand-written
//! schemas mirroring the Smithy ec2Query protocol tests
//! (`smithy-aws-protocol-tests/model/ec2Query/*.smithy`, test ids in comments), a recording
//! transport that answers with canned responses, and exact request bodies, output values and
//! errors.
//!
//! Run with `cargo test -p skiff-runtime --features aws-query,sigv4 --test ec2_query`.
#![cfg(feature = "aws-query")]

#[allow(unused_imports)] // Each module uses some of the shared shapes.
use crate::harness::shapes::*;
use crate::harness::{self, response};

use skiff_runtime::rt::Failure;
use skiff_runtime::rt::{
    prelude, Kind, Member, Operation, Protocol, Schema, Service, Signing, Value,
};
use skiff_runtime::{DateTime, ErrorMeta, HttpRequest, HttpResponse, TimestampFormat};

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

/// The request `op` sends for `input` (answered with an empty 200).
async fn request_at(endpoint: &str, op: &'static Operation, input: Value) -> HttpRequest {
    let (mut seen, result) = exchange_at(endpoint, op, input, response(200, &[], "")).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(seen.len(), 1, "exactly one request is sent");
    seen.remove(0)
}

/// The body `op` sends for `input`.
async fn body_of(op: &'static Operation, input: Value) -> String {
    let request = request_at("https://example.com", op, input).await;
    String::from_utf8(request.body).unwrap()
}

/// The result `op` reads from `answer`.
async fn answer(op: &'static Operation, answer: HttpResponse) -> Result<Value, Failure> {
    exchange_at("https://example.com", op, empty(op.input), answer)
        .await
        .1
}

/// The output `op` reads from a 200 response with `body`.
async fn output_of(op: &'static Operation, body: &str) -> Value {
    let headers = [("Content-Type", "text/xml;charset=UTF-8")];
    answer(op, response(200, &headers, body))
        .await
        .unwrap_or_else(|e| panic!("{} failed: {e:?}", op.name))
}

fn service_error(result: Result<Value, Failure>) -> (ErrorMeta, Option<(usize, Value)>) {
    match result {
        Err(Failure::Service { meta, modeled }) => (meta, modeled),
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

fn ts(secs: i64) -> Value {
    Value::Timestamp(DateTime::from_secs(secs))
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
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
    }
}

// ---------------------------------------------------------------------------------------------
// Shared shapes (aws.protocoltests.shared)

static INTEGER_LIST: Schema =
    Schema::list("IntegerList", &[Member::new("member", &prelude::INTEGER)]);
static BOOLEAN_LIST: Schema =
    Schema::list("BooleanList", &[Member::new("member", &prelude::BOOLEAN)]);
static NESTED_STRING_LIST: Schema =
    Schema::list("NestedStringList", &[Member::new("member", &STRING_LIST)]);
static ENUM_MAP: Schema = Schema::map(
    "FooEnumMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::ENUM),
    ],
);
static INT_ENUM_MAP: Schema = Schema::map(
    "IntegerEnumMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::INT_ENUM),
    ],
);
static GREETING_STRUCT: Schema =
    Schema::structure("GreetingStruct", &[Member::new("hi", &prelude::STRING)]);
static GREETING_LIST: Schema =
    Schema::list("GreetingList", &[Member::new("member", &GREETING_STRUCT)]);
static EPOCH_SECONDS: Schema =
    Schema::simple("EpochSeconds", Kind::Timestamp).timestamp_format(TimestampFormat::EpochSeconds);
static HTTP_DATE: Schema =
    Schema::simple("HttpDate", Kind::Timestamp).timestamp_format(TimestampFormat::HttpDate);
static DATE_TIME: Schema =
    Schema::simple("DateTime", Kind::Timestamp).timestamp_format(TimestampFormat::DateTime);

// ---------------------------------------------------------------------------------------------
// Requests

static NO_INPUT_AND_OUTPUT_OUTPUT: Schema = Schema::structure("NoInputAndOutputOutput", &[]);
static NO_INPUT_AND_OUTPUT: Operation = op(
    "NoInputAndOutput",
    &prelude::UNIT,
    &NO_INPUT_AND_OUTPUT_OUTPUT,
);
static EMPTY_OUTPUT: Schema = Schema::structure("EmptyInputAndEmptyOutputOutput", &[]);
static EMPTY_INPUT_AND_EMPTY_OUTPUT: Operation =
    op("EmptyInputAndEmptyOutput", &EMPTY_INPUT, &EMPTY_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn empty_inputs_and_outputs() {
    // Ec2QueryNoInputAndOutput (request): the method, target, content type and body.
    let request = request_at(
        "https://example.com",
        &NO_INPUT_AND_OUTPUT,
        empty(&prelude::UNIT),
    )
    .await;
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "https://example.com/");
    assert_eq!(
        request.headers.get("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "Action=NoInputAndOutput&Version=2020-01-08"
    );
    // Ec2QueryEmptyInputAndEmptyOutput (request).
    assert_eq!(
        body_of(&EMPTY_INPUT_AND_EMPTY_OUTPUT, empty(&EMPTY_INPUT)).await,
        "Action=EmptyInputAndEmptyOutput&Version=2020-01-08"
    );

    // Ec2QueryNoInputAndOutput / Ec2QueryEmptyInputAndEmptyOutput (responses).
    let body = r#"<NoInputAndOutputResponse xmlns="https://example.com/">
    <requestId>requestid</requestId>
</NoInputAndOutputResponse>"#;
    assert_eq!(
        output_of(&NO_INPUT_AND_OUTPUT, body).await,
        Value::Struct(vec![])
    );
    let body = r#"<EmptyInputAndEmptyOutputResponse xmlns="https://example.com/">
    <requestId>requestid</requestId>
</EmptyInputAndEmptyOutputResponse>"#;
    assert_eq!(
        output_of(&EMPTY_INPUT_AND_EMPTY_OUTPUT, body).await,
        Value::Struct(vec![])
    );
    // An empty body is an empty output too.
    assert_eq!(
        output_of(&EMPTY_INPUT_AND_EMPTY_OUTPUT, "").await,
        Value::Struct(vec![])
    );
}

static SIMPLE_INPUT: Schema = Schema::structure(
    "SimpleInputParamsInput",
    &[
        Member::new("Foo", &prelude::STRING),
        Member::new("Bar", &prelude::STRING),
        Member::new("Baz", &prelude::BOOLEAN),
        Member::new("Bam", &prelude::INTEGER),
        Member::new("FloatValue", &prelude::FLOAT),
        Member::new("Boo", &prelude::DOUBLE),
        Member::new("Qux", &prelude::BLOB),
        Member::new("FooEnum", &prelude::ENUM),
        Member::new("HasQueryName", &prelude::STRING).ec2_query_name("HasQueryName"),
        Member::new("HasQueryAndXmlName", &prelude::STRING)
            .ec2_query_name("HasQueryAndXmlName")
            .xml_name("hasQueryAndXmlName"),
        Member::new("UsesXmlName", &prelude::STRING).xml_name("usesXmlName"),
        Member::new("DistinctQueryName", &prelude::STRING).ec2_query_name("QueryName"),
        Member::new("DistinctQueryAndXmlName", &prelude::STRING)
            .ec2_query_name("queryAndXmlName")
            .xml_name("xmlAndQueryName"),
        Member::new("DistinctXmlName", &prelude::STRING).xml_name("xmlNameOnly"),
    ],
);
static SIMPLE_INPUT_PARAMS: Operation = op("SimpleInputParams", &SIMPLE_INPUT, &prelude::UNIT);

async fn simple(fields: Vec<(&str, Value)>) -> String {
    body_of(&SIMPLE_INPUT_PARAMS, st(&SIMPLE_INPUT, fields)).await
}

#[tokio::test(flavor = "current_thread")]
async fn request_scalars() {
    let prefix = "Action=SimpleInputParams&Version=2020-01-08";
    // Ec2SimpleInputParamsStrings
    assert_eq!(
        simple(vec![("Foo", s("val1")), ("Bar", s("val2"))]).await,
        format!("{prefix}&Foo=val1&Bar=val2")
    );
    // Ec2SimpleInputParamsStringAndBooleanTrue
    assert_eq!(
        simple(vec![("Foo", s("val1")), ("Baz", Value::Bool(true))]).await,
        format!("{prefix}&Foo=val1&Baz=true")
    );
    // Ec2SimpleInputParamsStringsAndBooleanFalse
    assert_eq!(
        simple(vec![("Baz", Value::Bool(false))]).await,
        format!("{prefix}&Baz=false")
    );
    // Ec2SimpleInputParamsInteger
    assert_eq!(
        simple(vec![("Bam", Value::Int(10))]).await,
        format!("{prefix}&Bam=10")
    );
    // Ec2SimpleInputParamsFloat
    assert_eq!(
        simple(vec![("Boo", Value::Float(10.8))]).await,
        format!("{prefix}&Boo=10.8")
    );
    // A `float` member keeps its f32 digits.
    assert_eq!(
        simple(vec![("FloatValue", Value::Float(f64::from(10.8f32)))]).await,
        format!("{prefix}&FloatValue=10.8")
    );
    // Ec2SimpleInputParamsBlob
    assert_eq!(
        simple(vec![("Qux", Value::Blob(b"value".to_vec()))]).await,
        format!("{prefix}&Qux=dmFsdWU%3D")
    );
    // Ec2Enums
    assert_eq!(
        simple(vec![("FooEnum", s("Foo"))]).await,
        format!("{prefix}&FooEnum=Foo")
    );
    // Percent-encoding: a space is %20, never +.
    assert_eq!(
        simple(vec![("Foo", s("a b+c&d=é"))]).await,
        format!("{prefix}&Foo=a%20b%2Bc%26d%3D%C3%A9")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn request_non_finite_floats() {
    // Ec2QuerySupportsNaNFloatInputs, Ec2QuerySupportsInfinityFloatInputs,
    // Ec2QuerySupportsNegativeInfinityFloatInputs
    for (value, text) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        assert_eq!(
            simple(vec![
                ("FloatValue", Value::Float(value)),
                ("Boo", Value::Float(value))
            ])
            .await,
            format!("Action=SimpleInputParams&Version=2020-01-08&FloatValue={text}&Boo={text}")
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn request_key_names() {
    let prefix = "Action=SimpleInputParams&Version=2020-01-08";
    // Ec2Query: the ec2QueryName trait names the key.
    assert_eq!(
        simple(vec![("HasQueryName", s("Hi"))]).await,
        format!("{prefix}&HasQueryName=Hi")
    );
    // Ec2QueryIsPreferred: ec2QueryName wins over xmlName.
    assert_eq!(
        simple(vec![("HasQueryAndXmlName", s("Hi"))]).await,
        format!("{prefix}&HasQueryAndXmlName=Hi")
    );
    // Ec2XmlNameIsUppercased: xmlName with its first letter upper-cased.
    assert_eq!(
        simple(vec![("UsesXmlName", s("Hi"))]).await,
        format!("{prefix}&UsesXmlName=Hi")
    );
    // Ec2QueryNameDistinctFromXmlNameAndMemberName: ec2QueryName as written (not upper-cased),
    // else the upper-cased xmlName.
    assert_eq!(
        simple(vec![
            ("DistinctQueryName", s("value1")),
            ("DistinctQueryAndXmlName", s("value2")),
            ("DistinctXmlName", s("value3")),
        ])
        .await,
        format!("{prefix}&QueryName=value1&queryAndXmlName=value2&XmlNameOnly=value3")
    );
}

static TIMESTAMPS_INPUT: Schema = Schema::structure(
    "QueryTimestampsInput",
    &[
        Member::new("normalFormat", &prelude::TIMESTAMP),
        Member::new("epochMember", &prelude::TIMESTAMP)
            .timestamp_format(TimestampFormat::EpochSeconds),
        Member::new("epochTarget", &EPOCH_SECONDS),
    ],
);
static QUERY_TIMESTAMPS: Operation = op("QueryTimestamps", &TIMESTAMPS_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_timestamps() {
    // Ec2TimestampsInput
    let input = st(
        &TIMESTAMPS_INPUT,
        vec![
            ("normalFormat", ts(1422172800)),
            ("epochMember", ts(1422172800)),
            ("epochTarget", ts(1422172800)),
        ],
    );
    assert_eq!(
        body_of(&QUERY_TIMESTAMPS, input).await,
        "Action=QueryTimestamps&Version=2020-01-08&NormalFormat=2015-01-25T08%3A00%3A00Z\
         &EpochMember=1422172800&EpochTarget=1422172800"
    );
}

static NESTED_STRUCTURES: Operation = op("NestedStructures", &NESTED_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_nested_structures() {
    // Ec2NestedStructures
    let input = st(
        &NESTED_INPUT,
        vec![(
            "Nested",
            st(
                &STRUCT_ARG,
                vec![
                    ("StringArg", s("foo")),
                    ("OtherArg", Value::Bool(true)),
                    (
                        "RecursiveArg",
                        st(&STRUCT_ARG, vec![("StringArg", s("baz"))]),
                    ),
                ],
            ),
        )],
    );
    assert_eq!(
        body_of(&NESTED_STRUCTURES, input).await,
        "Action=NestedStructures&Version=2020-01-08&Nested.StringArg=foo&Nested.OtherArg=true\
         &Nested.RecursiveArg.StringArg=baz"
    );
}

static TOKEN_AUTO_FILL: Operation = op(
    "QueryIdempotencyTokenAutoFill",
    &TOKEN_INPUT,
    &prelude::UNIT,
);

#[tokio::test(flavor = "current_thread")]
async fn request_idempotency_token() {
    // Ec2ProtocolIdempotencyTokenAutoFill
    assert_eq!(
        body_of(&TOKEN_AUTO_FILL, empty(&TOKEN_INPUT)).await,
        "Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08\
         &Token=00000000-0000-4000-8000-000000000000"
    );
    // Ec2ProtocolIdempotencyTokenAutoFillIsSet
    let input = st(
        &TOKEN_INPUT,
        vec![("token", s("00000000-0000-4000-8000-000000000123"))],
    );
    assert_eq!(
        body_of(&TOKEN_AUTO_FILL, input).await,
        "Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08\
         &Token=00000000-0000-4000-8000-000000000123"
    );
}

static LISTS_INPUT: Schema = Schema::structure(
    "QueryListsInput",
    &[
        Member::new("ListArg", &STRING_LIST),
        Member::new("ComplexListArg", &GREETING_LIST),
        Member::new("ListArgWithXmlNameMember", &LIST_WITH_XML_NAME),
        Member::new("ListArgWithXmlName", &LIST_WITH_XML_NAME).xml_name("Hi"),
        Member::new("NestedWithList", &NESTED_STRUCT_WITH_LIST),
        // Not in the upstream model: a list of lists, and a flattened list (flattened changes
        // nothing in ec2Query).
        Member::new("NestedStringList", &NESTED_STRING_LIST),
        Member::new("Flat", &STRING_LIST).xml_flattened(),
    ],
);
static QUERY_LISTS: Operation = op("QueryLists", &LISTS_INPUT, &prelude::UNIT);

async fn lists(fields: Vec<(&str, Value)>) -> String {
    body_of(&QUERY_LISTS, st(&LISTS_INPUT, fields)).await
}

#[tokio::test(flavor = "current_thread")]
async fn request_lists() {
    let prefix = "Action=QueryLists&Version=2020-01-08";
    // Ec2Lists: all lists are flattened; nested members are upper-cased too.
    let greetings = Value::List(vec![
        st(&GREETING_STRUCT, vec![("hi", s("hello"))]),
        st(&GREETING_STRUCT, vec![("hi", s("hola"))]),
    ]);
    assert_eq!(
        lists(vec![
            ("ListArg", strs(&["foo", "bar", "baz"])),
            ("ComplexListArg", greetings)
        ])
        .await,
        format!(
            "{prefix}&ListArg.1=foo&ListArg.2=bar&ListArg.3=baz&ComplexListArg.1.Hi=hello\
             &ComplexListArg.2.Hi=hola"
        )
    );
    // Ec2EmptyQueryLists: an empty list sends nothing.
    assert_eq!(lists(vec![("ListArg", strs(&[]))]).await, prefix);
    // Ec2ListArgWithXmlNameMember: the list member's xmlName has no effect.
    assert_eq!(
        lists(vec![("ListArgWithXmlNameMember", strs(&["A", "B"]))]).await,
        format!("{prefix}&ListArgWithXmlNameMember.1=A&ListArgWithXmlNameMember.2=B")
    );
    // Ec2ListMemberWithXmlName: the structure member's xmlName names the list.
    assert_eq!(
        lists(vec![("ListArgWithXmlName", strs(&["A", "B"]))]).await,
        format!("{prefix}&Hi.1=A&Hi.2=B")
    );
    // Ec2ListNestedStructWithList
    assert_eq!(
        lists(vec![(
            "NestedWithList",
            st(
                &NESTED_STRUCT_WITH_LIST,
                vec![("ListArg", strs(&["A", "B"]))]
            )
        )])
        .await,
        format!("{prefix}&NestedWithList.ListArg.1=A&NestedWithList.ListArg.2=B")
    );
    // Lists of lists, and the flattened trait (which changes nothing).
    assert_eq!(
        lists(vec![
            (
                "NestedStringList",
                Value::List(vec![strs(&["a", "b"]), strs(&["c"])])
            ),
            ("Flat", strs(&["x"])),
        ])
        .await,
        format!(
            "{prefix}&NestedStringList.1.1=a&NestedStringList.1.2=b&NestedStringList.2.1=c\
             &Flat.1=x"
        )
    );
}

static HOST_WITH_PATH: Operation = op("HostWithPathOperation", &prelude::UNIT, &prelude::UNIT);
static ENDPOINT_OPERATION: Operation = Operation {
    host_prefix: Some("foo."),
    ..op("EndpointOperation", &prelude::UNIT, &prelude::UNIT)
};
static ENDPOINT_WITH_HOST_LABEL: Operation = Operation {
    host_prefix: Some("foo.{label}."),
    ..op(
        "EndpointWithHostLabelOperation",
        &HOST_LABEL_INPUT,
        &prelude::UNIT,
    )
};

#[tokio::test(flavor = "current_thread")]
async fn endpoints_paths_and_host_prefixes() {
    // Ec2QueryHostWithPath
    let request = request_at(
        "https://example.com/custom",
        &HOST_WITH_PATH,
        empty(&prelude::UNIT),
    )
    .await;
    assert_eq!(request.url, "https://example.com/custom/");
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "Action=HostWithPathOperation&Version=2020-01-08"
    );
    // Ec2QueryEndpointTrait
    let request = request_at(
        "https://example.com",
        &ENDPOINT_OPERATION,
        empty(&prelude::UNIT),
    )
    .await;
    assert_eq!(request.url, "https://foo.example.com/");
    // Ec2QueryEndpointTraitWithHostLabel: the label is in the host and in the body.
    let input = st(&HOST_LABEL_INPUT, vec![("label", s("bar"))]);
    let request = request_at("https://example.com", &ENDPOINT_WITH_HOST_LABEL, input).await;
    assert_eq!(request.url, "https://foo.bar.example.com/");
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "Action=EndpointWithHostLabelOperation&Version=2020-01-08&Label=bar"
    );
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
// Responses

static SIMPLE_SCALAR_OUTPUT: Schema = Schema::structure(
    "SimpleScalarXmlPropertiesOutput",
    &[
        Member::new("stringValue", &prelude::STRING).ec2_query_name("IgnoreMe"),
        Member::new("emptyStringValue", &prelude::STRING),
        Member::new("trueBooleanValue", &prelude::BOOLEAN),
        Member::new("falseBooleanValue", &prelude::BOOLEAN),
        Member::new("byteValue", &prelude::BYTE),
        Member::new("shortValue", &prelude::SHORT),
        Member::new("integerValue", &prelude::INTEGER),
        Member::new("longValue", &prelude::LONG),
        Member::new("floatValue", &prelude::FLOAT),
        Member::new("doubleValue", &prelude::DOUBLE).xml_name("DoubleDribble"),
    ],
);
static SIMPLE_SCALAR_PROPERTIES: Operation = op(
    "SimpleScalarXmlProperties",
    &prelude::UNIT,
    &SIMPLE_SCALAR_OUTPUT,
);

#[tokio::test(flavor = "current_thread")]
async fn response_scalars() {
    // Ec2SimpleScalarProperties: members directly under the root; ec2QueryName is ignored.
    let body = r#"<SimpleScalarXmlPropertiesResponse xmlns="https://example.com/">
    <stringValue>string</stringValue>
    <emptyStringValue/>
    <trueBooleanValue>true</trueBooleanValue>
    <falseBooleanValue>false</falseBooleanValue>
    <byteValue>1</byteValue>
    <shortValue>2</shortValue>
    <integerValue>3</integerValue>
    <longValue>4</longValue>
    <floatValue>5.5</floatValue>
    <DoubleDribble>6.5</DoubleDribble>
    <requestId>requestid</requestId>
</SimpleScalarXmlPropertiesResponse>"#;
    assert_eq!(
        output_of(&SIMPLE_SCALAR_PROPERTIES, body).await,
        st(
            &SIMPLE_SCALAR_OUTPUT,
            vec![
                ("stringValue", s("string")),
                ("emptyStringValue", s("")),
                ("trueBooleanValue", Value::Bool(true)),
                ("falseBooleanValue", Value::Bool(false)),
                ("byteValue", Value::Int(1)),
                ("shortValue", Value::Int(2)),
                ("integerValue", Value::Int(3)),
                ("longValue", Value::Int(4)),
                ("floatValue", Value::Float(5.5)),
                ("doubleValue", Value::Float(6.5)),
            ]
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn response_non_finite_floats() {
    // Ec2QuerySupportsNaNFloatOutputs, Ec2QuerySupportsInfinityFloatOutputs,
    // Ec2QuerySupportsNegativeInfinityFloatOutputs
    for (text, check) in [
        ("NaN", f64::is_nan as fn(f64) -> bool),
        ("Infinity", |f: f64| f == f64::INFINITY),
        ("-Infinity", |f: f64| f == f64::NEG_INFINITY),
    ] {
        let body = format!(
            "<SimpleScalarXmlPropertiesResponse xmlns=\"https://example.com/\">\
             <floatValue>{text}</floatValue><DoubleDribble>{text}</DoubleDribble>\
             </SimpleScalarXmlPropertiesResponse>"
        );
        let Value::Struct(slots) = output_of(&SIMPLE_SCALAR_PROPERTIES, &body).await else {
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

static BLOBS_OUTPUT: Schema =
    Schema::structure("XmlBlobsOutput", &[Member::new("data", &prelude::BLOB)]);
static XML_BLOBS: Operation = op("XmlBlobs", &prelude::UNIT, &BLOBS_OUTPUT);
static XML_EMPTY_BLOBS: Operation = op("XmlEmptyBlobs", &prelude::UNIT, &BLOBS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_blobs() {
    // Ec2XmlBlobs
    let body = r#"<XmlBlobsResponse xmlns="https://example.com/">
    <data>dmFsdWU=</data>
    <requestId>requestid</requestId>
</XmlBlobsResponse>"#;
    assert_eq!(
        output_of(&XML_BLOBS, body).await,
        st(
            &BLOBS_OUTPUT,
            vec![("data", Value::Blob(b"value".to_vec()))]
        )
    );
    // Ec2XmlEmptyBlobs, Ec2XmlEmptySelfClosedBlobs
    for data in ["<data></data>", "<data/>"] {
        let body = format!(
            "<XmlEmptyBlobsResponse xmlns=\"https://example.com/\">{data}\
             <requestId>requestid</requestId></XmlEmptyBlobsResponse>"
        );
        assert_eq!(
            output_of(&XML_EMPTY_BLOBS, &body).await,
            st(&BLOBS_OUTPUT, vec![("data", Value::Blob(Vec::new()))])
        );
    }
}

static TIMESTAMPS_OUTPUT: Schema = Schema::structure(
    "XmlTimestampsOutput",
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
static XML_TIMESTAMPS: Operation = op("XmlTimestamps", &prelude::UNIT, &TIMESTAMPS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_timestamps() {
    // Ec2XmlTimestamps, ...WithDateTimeFormat, ...WithDateTimeOnTargetFormat,
    // ...WithEpochSecondsFormat, ...WithEpochSecondsOnTargetFormat, ...WithHttpDateFormat,
    // ...WithHttpDateOnTargetFormat
    for (member, text) in [
        ("normal", "2014-04-29T18:30:38Z"),
        ("dateTime", "2014-04-29T18:30:38Z"),
        ("dateTimeOnTarget", "2014-04-29T18:30:38Z"),
        ("epochSeconds", "1398796238"),
        ("epochSecondsOnTarget", "1398796238"),
        ("httpDate", "Tue, 29 Apr 2014 18:30:38 GMT"),
        ("httpDateOnTarget", "Tue, 29 Apr 2014 18:30:38 GMT"),
    ] {
        let body = format!(
            "<XmlTimestampsResponse xmlns=\"https://example.com/\">\n    <{member}>{text}</{member}>\n\
             <requestId>requestid</requestId>\n</XmlTimestampsResponse>"
        );
        assert_eq!(
            output_of(&XML_TIMESTAMPS, &body).await,
            st(&TIMESTAMPS_OUTPUT, vec![(member, ts(1398796238))]),
            "{member}"
        );
    }
}

static DATETIME_OUTPUT: Schema = Schema::structure(
    "DatetimeOffsetsOutput",
    &[Member::new("datetime", &DATE_TIME)],
);
static DATETIME_OFFSETS: Operation = op("DatetimeOffsets", &prelude::UNIT, &DATETIME_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_datetime_offsets_and_fractions() {
    // Ec2QueryDateTimeWithNegativeOffset, Ec2QueryDateTimeWithPositiveOffset
    for text in ["2019-12-16T22:48:18-01:00", "2019-12-17T00:48:18+01:00"] {
        let body = format!(
            "<DatetimeOffsetsResponse xmlns=\"https://example.com/\">\
             <datetime>{text}</datetime><requestId>requestid</requestId></DatetimeOffsetsResponse>"
        );
        assert_eq!(
            output_of(&DATETIME_OFFSETS, &body).await,
            st(&DATETIME_OUTPUT, vec![("datetime", ts(1576540098))])
        );
    }
    // Ec2QueryDateTimeWithFractionalSeconds
    let body = "<FractionalSecondsResponse xmlns=\"https://example.com/\">\
                <datetime>2000-01-02T20:34:56.123Z</datetime><requestId>requestid</requestId>\
                </FractionalSecondsResponse>";
    assert_eq!(
        output_of(&DATETIME_OFFSETS, body).await,
        st(
            &DATETIME_OUTPUT,
            vec![(
                "datetime",
                Value::Timestamp(DateTime::from_secs_and_nanos(946845296, 123_000_000))
            )]
        )
    );
}

static ENUMS_OUTPUT: Schema = Schema::structure(
    "XmlEnumsOutput",
    &[
        Member::new("fooEnum1", &prelude::ENUM),
        Member::new("fooEnum2", &prelude::ENUM),
        Member::new("fooEnum3", &prelude::ENUM),
        Member::new("fooEnumList", &ENUM_LIST),
        Member::new("fooEnumSet", &ENUM_LIST),
        Member::new("fooEnumMap", &ENUM_MAP),
    ],
);
static XML_ENUMS: Operation = op("XmlEnums", &prelude::UNIT, &ENUMS_OUTPUT);
static INT_ENUMS_OUTPUT: Schema = Schema::structure(
    "XmlIntEnumsOutput",
    &[
        Member::new("intEnum1", &prelude::INT_ENUM),
        Member::new("intEnum2", &prelude::INT_ENUM),
        Member::new("intEnum3", &prelude::INT_ENUM),
        Member::new("intEnumList", &INT_ENUM_LIST),
        Member::new("intEnumSet", &INT_ENUM_LIST),
        Member::new("intEnumMap", &INT_ENUM_MAP),
    ],
);
static XML_INT_ENUMS: Operation = op("XmlIntEnums", &prelude::UNIT, &INT_ENUMS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_enums() {
    // Ec2XmlEnums
    let body = r#"<XmlEnumsResponse xmlns="https://example.com/">
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
    </fooEnumMap>
    <requestId>requestid</requestId>
</XmlEnumsResponse>"#;
    assert_eq!(
        output_of(&XML_ENUMS, body).await,
        st(
            &ENUMS_OUTPUT,
            vec![
                ("fooEnum1", s("Foo")),
                ("fooEnum2", s("0")),
                ("fooEnum3", s("1")),
                ("fooEnumList", strs(&["Foo", "0"])),
                ("fooEnumSet", strs(&["Foo", "0"])),
                ("fooEnumMap", map(vec![("hi", s("Foo")), ("zero", s("0"))])),
            ]
        )
    );
    // Ec2XmlIntEnums
    let body = r#"<XmlIntEnumsResponse xmlns="https://example.com/">
    <intEnum1>1</intEnum1>
    <intEnum2>2</intEnum2>
    <intEnum3>3</intEnum3>
    <intEnumList><member>1</member><member>2</member></intEnumList>
    <intEnumSet><member>1</member><member>2</member></intEnumSet>
    <intEnumMap>
        <entry><key>a</key><value>1</value></entry>
        <entry><key>b</key><value>2</value></entry>
    </intEnumMap>
    <requestId>requestid</requestId>
</XmlIntEnumsResponse>"#;
    let ints = |v: &[i64]| Value::List(v.iter().map(|i| Value::Int(*i)).collect());
    assert_eq!(
        output_of(&XML_INT_ENUMS, body).await,
        st(
            &INT_ENUMS_OUTPUT,
            vec![
                ("intEnum1", Value::Int(1)),
                ("intEnum2", Value::Int(2)),
                ("intEnum3", Value::Int(3)),
                ("intEnumList", ints(&[1, 2])),
                ("intEnumSet", ints(&[1, 2])),
                (
                    "intEnumMap",
                    map(vec![("a", Value::Int(1)), ("b", Value::Int(2))])
                ),
            ]
        )
    );
}

static NESTED_1: Schema = Schema::structure(
    "RecursiveXmlShapesOutputNested1",
    &[
        Member::new("foo", &prelude::STRING),
        Member::new("nested", &NESTED_2),
    ],
);
static NESTED_2: Schema = Schema::structure(
    "RecursiveXmlShapesOutputNested2",
    &[
        Member::new("bar", &prelude::STRING),
        Member::new("recursiveMember", &NESTED_1),
    ],
);
static RECURSIVE_OUTPUT: Schema = Schema::structure(
    "RecursiveXmlShapesOutput",
    &[Member::new("nested", &NESTED_1)],
);
static RECURSIVE_XML_SHAPES: Operation =
    op("RecursiveXmlShapes", &prelude::UNIT, &RECURSIVE_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_recursive_shapes() {
    // Ec2RecursiveShapes
    let body = r#"<RecursiveXmlShapesResponse xmlns="https://example.com/">
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
    </nested>
    <requestId>requestid</requestId>
</RecursiveXmlShapesResponse>"#;
    let inner = st(
        &NESTED_1,
        vec![
            ("foo", s("Foo2")),
            ("nested", st(&NESTED_2, vec![("bar", s("Bar2"))])),
        ],
    );
    assert_eq!(
        output_of(&RECURSIVE_XML_SHAPES, body).await,
        st(
            &RECURSIVE_OUTPUT,
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
                                vec![("bar", s("Bar1")), ("recursiveMember", inner)]
                            )
                        ),
                    ]
                )
            )]
        )
    );
}

static NAMESPACES_OUTPUT: Schema = Schema::structure(
    "XmlNamespacesOutput",
    &[Member::new("nested", &NAMESPACE_NESTED)],
)
.xml_namespace(None, "http://foo.com");
static XML_NAMESPACES: Operation = op("XmlNamespaces", &prelude::UNIT, &NAMESPACES_OUTPUT);
static IGNORES_OUTPUT: Schema = Schema::structure(
    "IgnoresWrappingXmlNameOutput",
    &[Member::new("foo", &prelude::STRING)],
)
.xml_name("IgnoreMe");
static IGNORES_WRAPPING_XML_NAME: Operation =
    op("IgnoresWrappingXmlName", &prelude::UNIT, &IGNORES_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_namespaces_and_wrapping_names() {
    // Ec2XmlNamespaces: namespaces play no part in matching.
    let body = r#"<XmlNamespacesResponse xmlns="https://example.com/">
    <nested>
        <foo xmlns:baz="http://baz.com">Foo</foo>
        <values xmlns="http://qux.com">
            <member xmlns="http://bux.com">Bar</member>
            <member xmlns="http://bux.com">Baz</member>
        </values>
    </nested>
    <requestId>requestid</requestId>
</XmlNamespacesResponse>"#;
    assert_eq!(
        output_of(&XML_NAMESPACES, body).await,
        st(
            &NAMESPACES_OUTPUT,
            vec![(
                "nested",
                st(
                    &NAMESPACE_NESTED,
                    vec![("foo", s("Foo")), ("values", strs(&["Bar", "Baz"]))]
                )
            )]
        )
    );
    // Ec2IgnoresWrappingXmlName: the root is `OpResponse` whatever the output's xmlName.
    let body = r#"<IgnoresWrappingXmlNameResponse xmlns="https://example.com/">
    <foo>bar</foo>
    <requestId>requestid</requestId>
</IgnoresWrappingXmlNameResponse>"#;
    assert_eq!(
        output_of(&IGNORES_WRAPPING_XML_NAME, body).await,
        st(&IGNORES_OUTPUT, vec![("foo", s("bar"))])
    );
}

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
static LISTS_OUTPUT: Schema = Schema::structure(
    "XmlListsOutput",
    &[
        Member::new("stringList", &STRING_LIST),
        Member::new("stringSet", &STRING_LIST),
        Member::new("integerList", &INTEGER_LIST),
        Member::new("booleanList", &BOOLEAN_LIST),
        Member::new("timestampList", &TIMESTAMP_LIST),
        Member::new("enumList", &ENUM_LIST),
        Member::new("intEnumList", &INT_ENUM_LIST),
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
    ],
);
static XML_LISTS: Operation = op("XmlLists", &prelude::UNIT, &LISTS_OUTPUT);
static XML_EMPTY_LISTS: Operation = op("XmlEmptyLists", &prelude::UNIT, &LISTS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_lists() {
    // Ec2XmlLists
    let body = r#"<XmlListsResponse xmlns="https://example.com/">
    <stringList><member>foo</member><member>bar</member></stringList>
    <stringSet><member>foo</member><member>bar</member></stringSet>
    <integerList><member>1</member><member>2</member></integerList>
    <booleanList><member>true</member><member>false</member></booleanList>
    <timestampList>
        <member>2014-04-29T18:30:38Z</member>
        <member>2014-04-29T18:30:38Z</member>
    </timestampList>
    <enumList><member>Foo</member><member>0</member></enumList>
    <intEnumList><member>1</member><member>2</member></intEnumList>
    <nestedStringList>
        <member><member>foo</member><member>bar</member></member>
        <member><member>baz</member><member>qux</member></member>
    </nestedStringList>
    <renamed><item>foo</item><item>bar</item></renamed>
    <flattenedList>hi</flattenedList>
    <flattenedList>bye</flattenedList>
    <customName>yep</customName>
    <customName>nope</customName>
    <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">a</flattenedListWithMemberNamespace>
    <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">b</flattenedListWithMemberNamespace>
    <flattenedListWithNamespace>a</flattenedListWithNamespace>
    <flattenedListWithNamespace>b</flattenedListWithNamespace>
    <myStructureList>
        <item><value>1</value><other>2</other></item>
        <item><value>3</value><other>4</other></item>
    </myStructureList>
    <requestId>requestid</requestId>
</XmlListsResponse>"#;
    let item = |a: &str, b: &str| st(&STRUCTURE_LIST_MEMBER, vec![("a", s(a)), ("b", s(b))]);
    assert_eq!(
        output_of(&XML_LISTS, body).await,
        st(
            &LISTS_OUTPUT,
            vec![
                ("stringList", strs(&["foo", "bar"])),
                ("stringSet", strs(&["foo", "bar"])),
                (
                    "integerList",
                    Value::List(vec![Value::Int(1), Value::Int(2)])
                ),
                (
                    "booleanList",
                    Value::List(vec![Value::Bool(true), Value::Bool(false)])
                ),
                (
                    "timestampList",
                    Value::List(vec![ts(1398796238), ts(1398796238)])
                ),
                ("enumList", strs(&["Foo", "0"])),
                (
                    "intEnumList",
                    Value::List(vec![Value::Int(1), Value::Int(2)])
                ),
                (
                    "nestedStringList",
                    Value::List(vec![strs(&["foo", "bar"]), strs(&["baz", "qux"])])
                ),
                ("renamedListMembers", strs(&["foo", "bar"])),
                ("flattenedList", strs(&["hi", "bye"])),
                ("flattenedList2", strs(&["yep", "nope"])),
                ("flattenedListWithMemberNamespace", strs(&["a", "b"])),
                ("flattenedListWithNamespace", strs(&["a", "b"])),
                (
                    "structureList",
                    Value::List(vec![item("1", "2"), item("3", "4")])
                ),
            ]
        )
    );
    // Ec2XmlEmptyLists: empty elements are empty lists; missing ones are unset.
    let body = r#"<XmlEmptyListsResponse xmlns="https://example.com/">
  <stringList/>
  <stringSet></stringSet>
</XmlEmptyListsResponse>"#;
    assert_eq!(
        output_of(&XML_EMPTY_LISTS, body).await,
        st(
            &LISTS_OUTPUT,
            vec![("stringList", strs(&[])), ("stringSet", strs(&[]))]
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

static GREETING_OUTPUT: Schema = Schema::structure(
    "GreetingWithErrorsOutput",
    &[Member::new("greeting", &prelude::STRING)],
);
static INVALID_GREETING: Schema = Schema::structure(
    "InvalidGreeting",
    &[Member::new("Message", &prelude::STRING)],
)
.error("InvalidGreeting", 0, false);
static COMPLEX_NESTED_ERROR_DATA: Schema = Schema::structure(
    "ComplexNestedErrorData",
    &[Member::new("Foo", &prelude::STRING)],
);
static COMPLEX_ERROR: Schema = Schema::structure(
    "ComplexError",
    &[
        Member::new("TopLevel", &prelude::STRING),
        Member::new("Nested", &COMPLEX_NESTED_ERROR_DATA),
    ],
)
.error("ComplexError", 0, false);
static GREETING_WITH_ERRORS: Operation = Operation {
    errors: &[&INVALID_GREETING, &COMPLEX_ERROR],
    ..op("GreetingWithErrors", &prelude::UNIT, &GREETING_OUTPUT)
};

fn ec2_error(code: &str, fields: &str) -> HttpResponse {
    response(
        400,
        &[("Content-Type", "text/xml;charset=UTF-8")],
        &format!(
            "<Response>\n    <Errors>\n        <Error>\n            <Code>{code}</Code>\n            \
             <Message>Hi</Message>\n            {fields}\n        </Error>\n    </Errors>\n    \
             <RequestID>foo-id</RequestID>\n</Response>"
        ),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn success_of_an_operation_with_errors() {
    // Ec2GreetingWithErrors
    let body = r#"<GreetingWithErrorsResponse xmlns="https://example.com/">
    <greeting>Hello</greeting>
    <requestId>requestid</requestId>
</GreetingWithErrorsResponse>"#;
    assert_eq!(
        output_of(&GREETING_WITH_ERRORS, body).await,
        st(&GREETING_OUTPUT, vec![("greeting", s("Hello"))])
    );
}

#[tokio::test(flavor = "current_thread")]
async fn modeled_errors() {
    // Ec2InvalidGreetingError
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, ec2_error("InvalidGreeting", "")).await);
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
    // Ec2ComplexError
    let fields = "<TopLevel>Top level</TopLevel>\n<Nested>\n<Foo>bar</Foo>\n</Nested>";
    let (meta, modeled) =
        service_error(answer(&GREETING_WITH_ERRORS, ec2_error("ComplexError", fields)).await);
    assert_eq!(meta.code.as_deref(), Some("ComplexError"));
    assert_eq!(meta.request_id.as_deref(), Some("foo-id"));
    assert_eq!(
        modeled,
        Some((
            1,
            st(
                &COMPLEX_ERROR,
                vec![
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
async fn unmodeled_and_non_xml_errors() {
    // A real EC2 code, not modeled by the operation.
    let (meta, modeled) = service_error(
        answer(
            &GREETING_WITH_ERRORS,
            ec2_error("InvalidInstanceID.NotFound", ""),
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
            ErrorMeta {
                status: 503,
                code: None,
                message: None,
                request_id: Some("hdr".to_owned()),
            }
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
    use skiff_runtime::{Credentials, FixedClock};
    static SIGNED: Service = Service {
        name: "AwsEc2",
        version: "2020-01-08",
        protocol: Protocol::Ec2Query,
        signing: Signing::SigV4 { name: "ec2query" },
        endpoint: "https://ec2.{region}.amazonaws.com",
        endpoint_overrides: &[],
        xml_namespace: Some("https://example.com/"),
        query_compatible: false,
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
