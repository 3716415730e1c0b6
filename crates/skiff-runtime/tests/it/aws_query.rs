//! The awsQuery protocol through the public request pipeline: hand-written schemas mirroring the
//! Smithy awsQuery protocol tests (`smithy-aws-protocol-tests/model/awsQuery/*.smithy`), a
//! recording transport that answers with canned responses, and exact request bodies and output
//! values.
//!
//! Run with `cargo test -p skiff-runtime --features aws-query,sigv4 --test aws_query`.
#![cfg(feature = "aws-query")]

#[allow(unused_imports)] // Each module uses some of the shared shapes.
use crate::harness::shapes::*;
use crate::harness::{self, response};

use skiff_runtime::rt::Failure;
use skiff_runtime::rt::{
    prelude, Kind, Member, Operation, Protocol, Schema, Service, Signing, Value,
};
use skiff_runtime::{
    Config, DateTime, ErrorMeta, FixedToken, HttpRequest, HttpResponse, TimestampFormat,
};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

static SERVICE: Service = Service {
    name: "AwsQuery",
    version: "2020-01-08",
    protocol: Protocol::AwsQuery,
    signing: Signing::Anonymous,
    endpoint: "https://example.com",
    endpoint_overrides: &[],
    xml_namespace: Some("https://example.com/"),
    query_compatible: false,
};

/// Runs `op` with `input` against a transport answering `answer`; returns the request sent and
/// the pipeline's result.
async fn exchange_with(
    config: skiff_runtime::ConfigBuilder,
    service: &'static Service,
    op: &'static Operation,
    input: Value,
    answer: HttpResponse,
) -> (HttpRequest, Result<Value, Failure>) {
    let (mut seen, result) = harness::exchange(config, service, op, input, answer).await;
    assert_eq!(seen.len(), 1, "exactly one request is sent");
    (seen.remove(0), result)
}

async fn exchange(
    op: &'static Operation,
    input: Value,
    answer: HttpResponse,
) -> (HttpRequest, Result<Value, Failure>) {
    let config = Config::builder().endpoint_url("https://example.com");
    exchange_with(config, &SERVICE, op, input, answer).await
}

/// The body `op` sends for `input`.
async fn body_of(op: &'static Operation, input: Value) -> String {
    let (request, result) = exchange(op, input, response(200, &[], "")).await;
    assert!(result.is_ok(), "{result:?}");
    String::from_utf8(request.body).unwrap()
}

/// The output `op` reads from a 200 response with `body`.
async fn output_of(op: &'static Operation, body: &str) -> Value {
    let (_, result) = exchange(op, empty(op.input), response(200, &[], body)).await;
    result.unwrap_or_else(|e| panic!("{} failed: {e:?}", op.name))
}

/// The failure `op` reads from a response.
async fn failure_of(op: &'static Operation, answer: HttpResponse) -> Failure {
    let (_, result) = exchange(op, empty(op.input), answer).await;
    match result {
        Ok(v) => panic!("{} unexpectedly succeeded: {v:?}", op.name),
        Err(e) => e,
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
// Shared shapes
// ---------------------------------------------------------------------------------------------

static GREETING_STRUCT: Schema =
    Schema::structure("GreetingStruct", &[Member::new("hi", &prelude::STRING)]);
static EPOCH_SECONDS: Schema =
    Schema::simple("EpochSeconds", Kind::Timestamp).timestamp_format(TimestampFormat::EpochSeconds);
static HTTP_DATE: Schema =
    Schema::simple("HttpDate", Kind::Timestamp).timestamp_format(TimestampFormat::HttpDate);
static DATE_TIME: Schema =
    Schema::simple("DateTime", Kind::Timestamp).timestamp_format(TimestampFormat::DateTime);

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

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
        Member::new("IntegerEnum", &prelude::INT_ENUM),
        Member::new("Big", &prelude::BIG_DECIMAL),
        Member::new("Renamed", &prelude::STRING).xml_name("Weird Key/1"),
    ],
);
static SIMPLE_INPUT_PARAMS: Operation = op("SimpleInputParams", &SIMPLE_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_line_headers_and_empty_input() {
    static NO_INPUT: Operation = op("NoInputAndNoOutput", &prelude::UNIT, &prelude::UNIT);
    let (request, result) =
        exchange(&NO_INPUT, empty(&prelude::UNIT), response(200, &[], "")).await;
    assert_eq!(result.unwrap(), Value::Struct(vec![]));
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "https://example.com/");
    assert_eq!(
        request.headers.get("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body,
        b"Action=NoInputAndNoOutput&Version=2020-01-08"
    );

    // An input with members, none set, adds nothing either.
    assert_eq!(
        body_of(&SIMPLE_INPUT_PARAMS, empty(&SIMPLE_INPUT)).await,
        "Action=SimpleInputParams&Version=2020-01-08"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn request_scalars() {
    let cases = [
        // QuerySimpleInputParamsStrings
        (
            vec![("Foo", s("val1")), ("Bar", s("val2"))],
            "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Bar=val2",
        ),
        // QuerySimpleInputParamsStringAndBooleanTrue
        (
            vec![("Foo", s("val1")), ("Baz", Value::Bool(true))],
            "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Baz=true",
        ),
        // QuerySimpleInputParamsStringsAndBooleanFalse
        (
            vec![("Baz", Value::Bool(false))],
            "Action=SimpleInputParams&Version=2020-01-08&Baz=false",
        ),
        // QuerySimpleInputParamsInteger
        (
            vec![("Bam", Value::Int(10))],
            "Action=SimpleInputParams&Version=2020-01-08&Bam=10",
        ),
        (
            vec![("Bam", Value::Int(-3))],
            "Action=SimpleInputParams&Version=2020-01-08&Bam=-3",
        ),
        // QuerySimpleInputParamsFloat
        (
            vec![("Boo", Value::Float(10.8))],
            "Action=SimpleInputParams&Version=2020-01-08&Boo=10.8",
        ),
        // A `float` shape widened from f32 is written with its f32 digits.
        (
            vec![
                ("FloatValue", Value::Float(f64::from(10.8f32))),
                ("Boo", Value::Float(2.0)),
            ],
            "Action=SimpleInputParams&Version=2020-01-08&FloatValue=10.8&Boo=2",
        ),
        // QuerySimpleInputParamsBlob
        (
            vec![("Qux", Value::Blob(b"value".to_vec()))],
            "Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D",
        ),
        // QueryEnums, QueryIntEnums
        (
            vec![("FooEnum", s("Foo"))],
            "Action=SimpleInputParams&Version=2020-01-08&FooEnum=Foo",
        ),
        (
            vec![("IntegerEnum", Value::Int(1))],
            "Action=SimpleInputParams&Version=2020-01-08&IntegerEnum=1",
        ),
        // AwsQuerySupportsNaNFloatInputs, ...InfinityFloatInputs, ...NegativeInfinityFloatInputs
        (
            vec![
                ("FloatValue", Value::Float(f64::NAN)),
                ("Boo", Value::Float(f64::NAN)),
            ],
            "Action=SimpleInputParams&Version=2020-01-08&FloatValue=NaN&Boo=NaN",
        ),
        (
            vec![
                ("FloatValue", Value::Float(f64::INFINITY)),
                ("Boo", Value::Float(f64::INFINITY)),
            ],
            "Action=SimpleInputParams&Version=2020-01-08&FloatValue=Infinity&Boo=Infinity",
        ),
        (
            vec![
                ("FloatValue", Value::Float(f64::NEG_INFINITY)),
                ("Boo", Value::Float(f64::NEG_INFINITY)),
            ],
            "Action=SimpleInputParams&Version=2020-01-08&FloatValue=-Infinity&Boo=-Infinity",
        ),
        // Big numbers are their text; members are written in schema order.
        (
            vec![("Big", s("1234567890123456789012.5")), ("Foo", s("a"))],
            "Action=SimpleInputParams&Version=2020-01-08&Foo=a&Big=1234567890123456789012.5",
        ),
        // Empty strings are sent (set, but empty).
        (
            vec![("Foo", s(""))],
            "Action=SimpleInputParams&Version=2020-01-08&Foo=",
        ),
    ];
    for (fields, expected) in cases {
        assert_eq!(
            body_of(&SIMPLE_INPUT_PARAMS, st(&SIMPLE_INPUT, fields)).await,
            expected
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn request_percent_encoding() {
    let input = st(
        &SIMPLE_INPUT,
        vec![
            ("Foo", s("a b&c=d+e/f?g%h~i-j_k.l*'()!:@#[]$,;\n\"<>")),
            ("Bar", s("é日本😀")),
            ("Renamed", s("x")),
        ],
    );
    assert_eq!(
        body_of(&SIMPLE_INPUT_PARAMS, input).await.as_bytes(),
        b"Action=SimpleInputParams&Version=2020-01-08\
          &Foo=a%20b%26c%3Dd%2Be%2Ff%3Fg%25h~i-j_k.l%2A%27%28%29%21%3A%40%23%5B%5D%24%2C%3B%0A%22%3C%3E\
          &Bar=%C3%A9%E6%97%A5%E6%9C%AC%F0%9F%98%80\
          &Weird%20Key%2F1=x"
    );
}

static TIMESTAMPS_INPUT: Schema = Schema::structure(
    "QueryTimestampsInput",
    &[
        Member::new("normalFormat", &prelude::TIMESTAMP),
        Member::new("epochMember", &prelude::TIMESTAMP)
            .timestamp_format(TimestampFormat::EpochSeconds),
        Member::new("epochTarget", &EPOCH_SECONDS),
        Member::new("httpDate", &HTTP_DATE),
        // The member's trait wins over the target's.
        Member::new("overridden", &EPOCH_SECONDS).timestamp_format(TimestampFormat::DateTime),
        Member::new("list", &TIMESTAMP_LIST),
    ],
);
static TIMESTAMP_LIST: Schema =
    Schema::list("TimestampList", &[Member::new("member", &EPOCH_SECONDS)]);
static QUERY_TIMESTAMPS: Operation = op("QueryTimestamps", &TIMESTAMPS_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_timestamps() {
    let t = Value::Timestamp(DateTime::from_secs(1422172800));
    // QueryTimestampsInput
    let input = st(
        &TIMESTAMPS_INPUT,
        vec![
            ("normalFormat", t.clone()),
            ("epochMember", t.clone()),
            ("epochTarget", t.clone()),
        ],
    );
    assert_eq!(
        body_of(&QUERY_TIMESTAMPS, input).await,
        "Action=QueryTimestamps&Version=2020-01-08&normalFormat=2015-01-25T08%3A00%3A00Z\
         &epochMember=1422172800&epochTarget=1422172800"
    );
    let frac = Value::Timestamp(DateTime::from_secs_and_nanos(1422172800, 123_000_000));
    let input = st(
        &TIMESTAMPS_INPUT,
        vec![
            ("normalFormat", frac.clone()),
            ("epochTarget", frac.clone()),
            ("httpDate", t.clone()),
            ("overridden", t.clone()),
            ("list", Value::List(vec![t.clone(), frac])),
        ],
    );
    assert_eq!(
        body_of(&QUERY_TIMESTAMPS, input).await,
        "Action=QueryTimestamps&Version=2020-01-08&normalFormat=2015-01-25T08%3A00%3A00.123Z\
         &epochTarget=1422172800.123&httpDate=Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT\
         &overridden=2015-01-25T08%3A00%3A00Z&list.member.1=1422172800&list.member.2=1422172800.123"
    );
}

static NESTED_STRUCTURES: Operation = op("NestedStructures", &NESTED_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_nested_structures() {
    // NestedStructures
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

static GREETING_LIST: Schema =
    Schema::list("GreetingList", &[Member::new("member", &GREETING_STRUCT)]);
static NESTED_STRING_LIST: Schema =
    Schema::list("NestedStringList", &[Member::new("member", &STRING_LIST)]);
static QUERY_LISTS_INPUT: Schema = Schema::structure(
    "QueryListsInput",
    &[
        Member::new("ListArg", &STRING_LIST),
        Member::new("ComplexListArg", &GREETING_LIST),
        Member::new("FlattenedListArg", &STRING_LIST).xml_flattened(),
        Member::new("ListArgWithXmlNameMember", &LIST_WITH_XML_NAME),
        Member::new("FlattenedListArgWithXmlName", &LIST_WITH_XML_NAME)
            .xml_flattened()
            .xml_name("Hi"),
        Member::new("NestedWithList", &NESTED_STRUCT_WITH_LIST),
        Member::new("NestedList", &NESTED_STRING_LIST),
        Member::new("Sparse", &SPARSE_STRING_LIST),
    ],
);
static QUERY_LISTS: Operation = op("QueryLists", &QUERY_LISTS_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_lists() {
    let cases = [
        // QueryLists
        (
            vec![
                ("ListArg", strs(&["foo", "bar", "baz"])),
                (
                    "ComplexListArg",
                    Value::List(vec![
                        st(&GREETING_STRUCT, vec![("hi", s("hello"))]),
                        st(&GREETING_STRUCT, vec![("hi", s("hola"))]),
                    ]),
                ),
            ],
            "Action=QueryLists&Version=2020-01-08&ListArg.member.1=foo&ListArg.member.2=bar\
             &ListArg.member.3=baz&ComplexListArg.member.1.hi=hello&ComplexListArg.member.2.hi=hola",
        ),
        // EmptyQueryLists
        (vec![("ListArg", strs(&[]))], "Action=QueryLists&Version=2020-01-08&ListArg="),
        // FlattenedQueryLists
        (
            vec![("FlattenedListArg", strs(&["A", "B"]))],
            "Action=QueryLists&Version=2020-01-08&FlattenedListArg.1=A&FlattenedListArg.2=B",
        ),
        // An empty flattened list is sent too.
        (vec![("FlattenedListArg", strs(&[]))], "Action=QueryLists&Version=2020-01-08&FlattenedListArg="),
        // QueryListArgWithXmlNameMember
        (
            vec![("ListArgWithXmlNameMember", strs(&["A", "B"]))],
            "Action=QueryLists&Version=2020-01-08&ListArgWithXmlNameMember.item.1=A\
             &ListArgWithXmlNameMember.item.2=B",
        ),
        // QueryFlattenedListArgWithXmlName: the list member's xmlName is ignored when flattened.
        (
            vec![("FlattenedListArgWithXmlName", strs(&["A", "B"]))],
            "Action=QueryLists&Version=2020-01-08&Hi.1=A&Hi.2=B",
        ),
        // QueryNestedStructWithList
        (
            vec![(
                "NestedWithList",
                st(&NESTED_STRUCT_WITH_LIST, vec![("ListArg", strs(&["A", "B"]))]),
            )],
            "Action=QueryLists&Version=2020-01-08&NestedWithList.ListArg.member.1=A\
             &NestedWithList.ListArg.member.2=B",
        ),
        // Lists of lists; an empty inner list.
        (
            vec![(
                "NestedList",
                Value::List(vec![strs(&["a", "b"]), strs(&[]), strs(&["c"])]),
            )],
            "Action=QueryLists&Version=2020-01-08&NestedList.member.1.member.1=a\
             &NestedList.member.1.member.2=b&NestedList.member.2=&NestedList.member.3.member.1=c",
        ),
        // Null entries of sparse lists have no wire form: they are left out.
        (
            vec![("Sparse", Value::List(vec![s("a"), Value::Null, s("b")]))],
            "Action=QueryLists&Version=2020-01-08&Sparse.member.1=a&Sparse.member.2=b",
        ),
    ];
    for (fields, expected) in cases {
        assert_eq!(
            body_of(&QUERY_LISTS, st(&QUERY_LISTS_INPUT, fields)).await,
            expected
        );
    }
}

static COMPLEX_MAP: Schema = Schema::map(
    "ComplexMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &GREETING_STRUCT),
    ],
);
static MAP_WITH_XML_NAME: Schema = Schema::map(
    "MapWithXmlName",
    &[
        Member::new("key", &prelude::STRING).xml_name("K"),
        Member::new("value", &prelude::STRING).xml_name("V"),
    ],
);
static MAP_OF_LISTS: Schema = Schema::map(
    "MapOfLists",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &STRING_LIST),
    ],
);
static NESTED_STRUCT_WITH_MAP: Schema =
    Schema::structure("NestedStructWithMap", &[Member::new("MapArg", &STRING_MAP)]);
static QUERY_MAPS_INPUT: Schema = Schema::structure(
    "QueryMapsInput",
    &[
        Member::new("MapArg", &STRING_MAP),
        Member::new("RenamedMapArg", &STRING_MAP).xml_name("Foo"),
        Member::new("ComplexMapArg", &COMPLEX_MAP),
        Member::new("MapWithXmlMemberName", &MAP_WITH_XML_NAME),
        Member::new("FlattenedMap", &STRING_MAP).xml_flattened(),
        Member::new("FlattenedMapWithXmlName", &MAP_WITH_XML_NAME)
            .xml_flattened()
            .xml_name("Hi"),
        Member::new("MapOfLists", &MAP_OF_LISTS),
        Member::new("NestedStructWithMap", &NESTED_STRUCT_WITH_MAP),
    ],
);
static QUERY_MAPS: Operation = op("QueryMaps", &QUERY_MAPS_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_maps() {
    let bar_foo = || map(vec![("bar", s("Bar")), ("foo", s("Foo"))]);
    let cases = [
        // QuerySimpleQueryMaps
        (
            vec![("MapArg", bar_foo())],
            "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar\
             &MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo",
        ),
        // QuerySimpleQueryMapsWithXmlName
        (
            vec![("RenamedMapArg", map(vec![("foo", s("Foo"))]))],
            "Action=QueryMaps&Version=2020-01-08&Foo.entry.1.key=foo&Foo.entry.1.value=Foo",
        ),
        // QueryComplexQueryMaps
        (
            vec![(
                "ComplexMapArg",
                map(vec![
                    ("bar", st(&GREETING_STRUCT, vec![("hi", s("Bar"))])),
                    ("foo", st(&GREETING_STRUCT, vec![("hi", s("Foo"))])),
                ]),
            )],
            "Action=QueryMaps&Version=2020-01-08&ComplexMapArg.entry.1.key=bar\
             &ComplexMapArg.entry.1.value.hi=Bar&ComplexMapArg.entry.2.key=foo\
             &ComplexMapArg.entry.2.value.hi=Foo",
        ),
        // QueryEmptyQueryMaps
        (vec![("MapArg", map(vec![]))], "Action=QueryMaps&Version=2020-01-08"),
        // QueryQueryMapWithMemberXmlName
        (
            vec![("MapWithXmlMemberName", bar_foo())],
            "Action=QueryMaps&Version=2020-01-08&MapWithXmlMemberName.entry.1.K=bar\
             &MapWithXmlMemberName.entry.1.V=Bar&MapWithXmlMemberName.entry.2.K=foo\
             &MapWithXmlMemberName.entry.2.V=Foo",
        ),
        // QueryFlattenedQueryMaps
        (
            vec![("FlattenedMap", bar_foo())],
            "Action=QueryMaps&Version=2020-01-08&FlattenedMap.1.key=bar&FlattenedMap.1.value=Bar\
             &FlattenedMap.2.key=foo&FlattenedMap.2.value=Foo",
        ),
        // QueryFlattenedQueryMapsWithXmlName
        (
            vec![("FlattenedMapWithXmlName", bar_foo())],
            "Action=QueryMaps&Version=2020-01-08&Hi.1.K=bar&Hi.1.V=Bar&Hi.2.K=foo&Hi.2.V=Foo",
        ),
        // QueryQueryMapOfLists
        (
            vec![(
                "MapOfLists",
                map(vec![("bar", strs(&["C", "D"])), ("foo", strs(&["A", "B"]))]),
            )],
            "Action=QueryMaps&Version=2020-01-08&MapOfLists.entry.1.key=bar\
             &MapOfLists.entry.1.value.member.1=C&MapOfLists.entry.1.value.member.2=D\
             &MapOfLists.entry.2.key=foo&MapOfLists.entry.2.value.member.1=A\
             &MapOfLists.entry.2.value.member.2=B",
        ),
        // QueryNestedStructWithMap
        (
            vec![(
                "NestedStructWithMap",
                st(&NESTED_STRUCT_WITH_MAP, vec![("MapArg", bar_foo())]),
            )],
            "Action=QueryMaps&Version=2020-01-08&NestedStructWithMap.MapArg.entry.1.key=bar\
             &NestedStructWithMap.MapArg.entry.1.value=Bar&NestedStructWithMap.MapArg.entry.2.key=foo\
             &NestedStructWithMap.MapArg.entry.2.value=Foo",
        ),
        // Keys are percent-encoded like values.
        (
            vec![("MapArg", map(vec![("a b=é", s("x&y"))]))],
            "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=a%20b%3D%C3%A9&MapArg.entry.1.value=x%26y",
        ),
    ];
    for (fields, expected) in cases {
        assert_eq!(
            body_of(&QUERY_MAPS, st(&QUERY_MAPS_INPUT, fields)).await,
            expected
        );
    }
}

static TOKEN_AUTO_FILL: Operation = op(
    "QueryIdempotencyTokenAutoFill",
    &TOKEN_INPUT,
    &prelude::UNIT,
);

#[tokio::test(flavor = "current_thread")]
async fn request_idempotency_token() {
    // QueryProtocolIdempotencyTokenAutoFill
    let config = Config::builder()
        .endpoint_url("https://example.com")
        .token_source(FixedToken(
            "00000000-0000-4000-8000-000000000000".to_owned(),
        ));
    let (request, _) = exchange_with(
        config,
        &SERVICE,
        &TOKEN_AUTO_FILL,
        empty(&TOKEN_INPUT),
        response(200, &[], ""),
    )
    .await;
    assert_eq!(
        request.body,
        b"Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&token=00000000-0000-4000-8000-000000000000"
    );
    // QueryProtocolIdempotencyTokenAutoFillIsSet
    let input = st(
        &TOKEN_INPUT,
        vec![("token", s("00000000-0000-4000-8000-000000000123"))],
    );
    assert_eq!(
        body_of(&TOKEN_AUTO_FILL, input).await,
        "Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&token=00000000-0000-4000-8000-000000000123"
    );
}

#[cfg(feature = "sigv4")]
#[tokio::test(flavor = "current_thread")]
async fn request_is_signed_with_sigv4() {
    use skiff_runtime::{Credentials, FixedClock};
    static SIGNED: Service = Service {
        name: "AwsQuery",
        version: "2020-01-08",
        protocol: Protocol::AwsQuery,
        signing: Signing::SigV4 { name: "awsquery" },
        endpoint: "https://awsquery.{region}.amazonaws.com",
        endpoint_overrides: &[],
        xml_namespace: Some("https://example.com/"),
        query_compatible: false,
    };
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ))
        .time_source(FixedClock(DateTime::from_secs(1422172800)));
    let input = st(&SIMPLE_INPUT, vec![("Foo", s("a b"))]);
    let (request, result) = exchange_with(
        config,
        &SIGNED,
        &SIMPLE_INPUT_PARAMS,
        input,
        response(200, &[], ""),
    )
    .await;
    assert!(result.is_ok());
    assert_eq!(request.url, "https://awsquery.us-east-1.amazonaws.com/");
    assert_eq!(
        request.body,
        b"Action=SimpleInputParams&Version=2020-01-08&Foo=a%20b"
    );
    assert_eq!(request.headers.get("x-amz-date"), Some("20150125T080000Z"));
    let authorization = request.headers.get("authorization").unwrap_or_default();
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150125/us-east-1/awsquery/aws4_request"
        ),
        "{authorization}"
    );
    assert!(authorization.contains("content-type"), "{authorization}");
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

static SIMPLE_SCALAR_OUTPUT: Schema = Schema::structure(
    "SimpleScalarXmlPropertiesOutput",
    &[
        Member::new("stringValue", &prelude::STRING),
        Member::new("emptyStringValue", &prelude::STRING),
        Member::new("trueBooleanValue", &prelude::BOOLEAN),
        Member::new("falseBooleanValue", &prelude::BOOLEAN),
        Member::new("byteValue", &prelude::BYTE),
        Member::new("shortValue", &prelude::SHORT),
        Member::new("integerValue", &prelude::INTEGER),
        Member::new("longValue", &prelude::LONG),
        Member::new("floatValue", &prelude::FLOAT),
        Member::new("doubleValue", &prelude::DOUBLE).xml_name("DoubleDribble"),
        Member::new("bigInteger", &prelude::BIG_INTEGER),
        Member::new("bigDecimal", &prelude::BIG_DECIMAL),
        Member::new("intEnum", &prelude::INT_ENUM),
    ],
);
static SIMPLE_SCALAR: Operation = op(
    "SimpleScalarXmlProperties",
    &prelude::UNIT,
    &SIMPLE_SCALAR_OUTPUT,
);

#[tokio::test(flavor = "current_thread")]
async fn response_scalars() {
    // QuerySimpleScalarProperties (plus big numbers and an intEnum)
    let body = r#"<SimpleScalarXmlPropertiesResponse xmlns="https://example.com/">
    <SimpleScalarXmlPropertiesResult>
        <stringValue>string</stringValue>
        <emptyStringValue/>
        <trueBooleanValue>true</trueBooleanValue>
        <falseBooleanValue>false</falseBooleanValue>
        <byteValue>1</byteValue>
        <shortValue>2</shortValue>
        <integerValue>3</integerValue>
        <longValue>-4</longValue>
        <floatValue>5.5</floatValue>
        <DoubleDribble>6.5</DoubleDribble>
        <bigInteger> 123456789012345678901234567890 </bigInteger>
        <bigDecimal>1.5e400</bigDecimal>
        <intEnum>
            7
        </intEnum>
    </SimpleScalarXmlPropertiesResult>
    <ResponseMetadata><RequestId>abc-123</RequestId></ResponseMetadata>
</SimpleScalarXmlPropertiesResponse>"#;
    assert_eq!(
        output_of(&SIMPLE_SCALAR, body).await,
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
                ("longValue", Value::Int(-4)),
                ("floatValue", Value::Float(5.5)),
                ("doubleValue", Value::Float(6.5)),
                ("bigInteger", s("123456789012345678901234567890")),
                ("bigDecimal", s("1.5e400")),
                ("intEnum", Value::Int(7)),
            ]
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn response_non_finite_floats() {
    // AwsQuerySupportsNaNFloatOutputs, ...InfinityFloatOutputs, ...NegativeInfinityFloatOutputs
    for (text, check) in [
        ("NaN", f64::is_nan as fn(f64) -> bool),
        ("Infinity", |f: f64| f == f64::INFINITY),
        ("-Infinity", |f: f64| f == f64::NEG_INFINITY),
    ] {
        let body = format!(
            "<SimpleScalarXmlPropertiesResponse xmlns=\"https://example.com/\"><SimpleScalarXmlPropertiesResult>\
             <floatValue>{text}</floatValue><DoubleDribble>{text}</DoubleDribble>\
             </SimpleScalarXmlPropertiesResult></SimpleScalarXmlPropertiesResponse>"
        );
        let Value::Struct(slots) = output_of(&SIMPLE_SCALAR, &body).await else {
            panic!("not a structure")
        };
        for i in [8, 9] {
            match &slots[i] {
                Some(Value::Float(f)) => assert!(check(*f), "{text}: {f}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(slots.iter().filter(|s| s.is_some()).count(), 2);
    }
}

static BLOBS_OUTPUT: Schema =
    Schema::structure("XmlBlobsOutput", &[Member::new("data", &prelude::BLOB)]);
static XML_BLOBS: Operation = op("XmlBlobs", &prelude::UNIT, &BLOBS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_blobs() {
    for (data, expected) in [
        // QueryXmlBlobs
        ("<data>dmFsdWU=</data>", &b"value"[..]),
        // QueryXmlEmptyBlobs, QueryXmlEmptySelfClosedBlobs
        ("<data></data>", b""),
        ("<data/>", b""),
        // Line-wrapped base64.
        ("<data>\n  dmFs\n  dWU=\n</data>", b"value"),
    ] {
        let body =
            format!("<XmlBlobsResponse><XmlBlobsResult>{data}</XmlBlobsResult></XmlBlobsResponse>");
        assert_eq!(
            output_of(&XML_BLOBS, &body).await,
            st(
                &BLOBS_OUTPUT,
                vec![("data", Value::Blob(expected.to_vec()))]
            ),
            "{data}"
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
    let t = Value::Timestamp(DateTime::from_secs(1398796238));
    // QueryXmlTimestamps*: one member at a time, as the protocol tests do.
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
            "<XmlTimestampsResponse xmlns=\"https://example.com/\"><XmlTimestampsResult>\
             <{member}>{text}</{member}></XmlTimestampsResult></XmlTimestampsResponse>"
        );
        assert_eq!(
            output_of(&XML_TIMESTAMPS, &body).await,
            st(&TIMESTAMPS_OUTPUT, vec![(member, t.clone())]),
            "{member}"
        );
    }
    // AwsQueryDateTimeWithNegativeOffset, ...PositiveOffset, ...WithFractionalSeconds
    for (text, expected) in [
        ("2019-12-16T22:48:18-01:00", DateTime::from_secs(1576540098)),
        ("2019-12-17T00:48:18+01:00", DateTime::from_secs(1576540098)),
        (
            "2000-01-02T20:34:56.123Z",
            DateTime::from_secs_and_nanos(946845296, 123_000_000),
        ),
        (
            "1398796238.5",
            DateTime::from_secs_and_nanos(1398796238, 500_000_000),
        ),
    ] {
        let member = if text.contains('T') {
            "normal"
        } else {
            "epochSeconds"
        };
        let body = format!(
            "<XmlTimestampsResponse><XmlTimestampsResult><{member}>{text}</{member}>\
             </XmlTimestampsResult></XmlTimestampsResponse>"
        );
        assert_eq!(
            output_of(&XML_TIMESTAMPS, &body).await,
            st(
                &TIMESTAMPS_OUTPUT,
                vec![(member, Value::Timestamp(expected))]
            ),
            "{text}"
        );
    }
}

static BOOLEAN_LIST: Schema =
    Schema::list("BooleanList", &[Member::new("member", &prelude::BOOLEAN)]);
static INTEGER_LIST: Schema =
    Schema::list("IntegerList", &[Member::new("member", &prelude::INTEGER)]);
static TIMESTAMP_OUT_LIST: Schema = Schema::list(
    "TimestampList",
    &[Member::new("member", &prelude::TIMESTAMP)],
);
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
static XML_LISTS_OUTPUT: Schema = Schema::structure(
    "XmlListsOutput",
    &[
        Member::new("stringList", &STRING_LIST),
        Member::new("stringSet", &STRING_LIST),
        Member::new("integerList", &INTEGER_LIST),
        Member::new("booleanList", &BOOLEAN_LIST),
        Member::new("timestampList", &TIMESTAMP_OUT_LIST),
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
static XML_LISTS: Operation = op("XmlLists", &prelude::UNIT, &XML_LISTS_OUTPUT);
static XML_EMPTY_LISTS: Operation = op("XmlEmptyLists", &prelude::UNIT, &XML_LISTS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_lists() {
    // QueryXmlLists
    let body = r#"<XmlListsResponse xmlns="https://example.com/">
    <XmlListsResult>
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
    </XmlListsResult>
</XmlListsResponse>"#;
    let t = Value::Timestamp(DateTime::from_secs(1398796238));
    let item = |a: &str, b: &str| st(&STRUCTURE_LIST_MEMBER, vec![("a", s(a)), ("b", s(b))]);
    assert_eq!(
        output_of(&XML_LISTS, body).await,
        st(
            &XML_LISTS_OUTPUT,
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
                ("timestampList", Value::List(vec![t.clone(), t])),
                ("enumList", strs(&["Foo", "0"])),
                (
                    "intEnumList",
                    Value::List(vec![Value::Int(1), Value::Int(2)])
                ),
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
                    Value::List(vec![item("1", "2"), item("3", "4")])
                ),
            ]
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn response_empty_lists() {
    // QueryXmlEmptyLists: an empty list element is an empty list, not an unset member.
    let body = r#"<XmlEmptyListsResponse xmlns="https://example.com/">
    <XmlEmptyListsResult>
        <stringList/>
        <stringSet></stringSet>
        <integerList>
        </integerList>
    </XmlEmptyListsResult>
</XmlEmptyListsResponse>"#;
    assert_eq!(
        output_of(&XML_EMPTY_LISTS, body).await,
        st(
            &XML_LISTS_OUTPUT,
            vec![
                ("stringList", strs(&[])),
                ("stringSet", strs(&[])),
                ("integerList", Value::List(vec![])),
            ]
        )
    );
}

static XML_MAPS_OUTPUT_MAP: Schema = Schema::map(
    "XmlMapsOutputMap",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &GREETING_STRUCT),
    ],
);
static XML_MAPS_OUTPUT: Schema = Schema::structure(
    "XmlMapsOutput",
    &[Member::new("myMap", &XML_MAPS_OUTPUT_MAP)],
);
static XML_MAPS: Operation = op("XmlMaps", &prelude::UNIT, &XML_MAPS_OUTPUT);
static XML_EMPTY_MAPS: Operation = op("XmlEmptyMaps", &prelude::UNIT, &XML_MAPS_OUTPUT);
static XML_MAPS_XML_NAME_MAP: Schema = Schema::map(
    "XmlMapsXmlNameOutputMap",
    &[
        Member::new("key", &prelude::STRING).xml_name("Attribute"),
        Member::new("value", &GREETING_STRUCT).xml_name("Setting"),
    ],
);
static XML_MAPS_XML_NAME_OUTPUT: Schema = Schema::structure(
    "XmlMapsXmlNameOutput",
    &[Member::new("myMap", &XML_MAPS_XML_NAME_MAP)],
);
static XML_MAPS_XML_NAME: Operation =
    op("XmlMapsXmlName", &prelude::UNIT, &XML_MAPS_XML_NAME_OUTPUT);
static FLATTENED_XML_MAP_OUTPUT: Schema = Schema::structure(
    "FlattenedXmlMapOutput",
    &[Member::new("myMap", &FOO_ENUM_MAP).xml_flattened()],
);
static FLATTENED_XML_MAP: Operation =
    op("FlattenedXmlMap", &prelude::UNIT, &FLATTENED_XML_MAP_OUTPUT);
static KV_MAP: Schema = Schema::map(
    "FlattenedXmlMapWithXmlNameOutputMap",
    &[
        Member::new("key", &prelude::STRING)
            .xml_name("K")
            .xml_namespace(None, "https://the-key.example.com"),
        Member::new("value", &prelude::STRING)
            .xml_name("V")
            .xml_namespace(None, "https://the-value.example.com"),
    ],
);
static FLATTENED_XML_NAME_OUTPUT: Schema = Schema::structure(
    "FlattenedXmlMapWithXmlNameOutput",
    &[Member::new("myMap", &KV_MAP)
        .xml_flattened()
        .xml_name("KVP")
        .xml_namespace(None, "https://the-member.example.com")],
);
static FLATTENED_XML_MAP_WITH_XML_NAME: Operation = op(
    "FlattenedXmlMapWithXmlName",
    &prelude::UNIT,
    &FLATTENED_XML_NAME_OUTPUT,
);
static FLATTENED_XML_MAP_WITH_XML_NAMESPACE: Operation = op(
    "FlattenedXmlMapWithXmlNamespace",
    &prelude::UNIT,
    &FLATTENED_XML_NAME_OUTPUT,
);

#[tokio::test(flavor = "current_thread")]
async fn response_maps() {
    let hi = |v: &str| st(&GREETING_STRUCT, vec![("hi", s(v))]);
    // QueryXmlMaps (entries come back sorted by key)
    let body = r#"<XmlMapsResponse xmlns="https://example.com/">
    <XmlMapsResult>
        <myMap>
            <entry>
                <key>foo</key>
                <value>
                    <hi>there</hi>
                </value>
            </entry>
            <entry>
                <key>baz</key>
                <value>
                    <hi>bye</hi>
                </value>
            </entry>
        </myMap>
    </XmlMapsResult>
</XmlMapsResponse>"#;
    assert_eq!(
        output_of(&XML_MAPS, body).await,
        st(
            &XML_MAPS_OUTPUT,
            vec![("myMap", map(vec![("baz", hi("bye")), ("foo", hi("there"))]))]
        )
    );

    // QueryXmlEmptyMaps, QueryXmlEmptySelfClosedMaps
    for inner in ["<myMap>\n    </myMap>", "<myMap/>"] {
        let body = format!(
            "<XmlEmptyMapsResponse xmlns=\"https://example.com/\"><XmlEmptyMapsResult>{inner}\
             </XmlEmptyMapsResult></XmlEmptyMapsResponse>"
        );
        assert_eq!(
            output_of(&XML_EMPTY_MAPS, &body).await,
            st(&XML_MAPS_OUTPUT, vec![("myMap", map(vec![]))])
        );
    }

    // QueryQueryXmlMapsXmlName
    let body = r#"<XmlMapsXmlNameResponse xmlns="https://example.com/">
    <XmlMapsXmlNameResult>
        <myMap>
            <entry>
                <Attribute>foo</Attribute>
                <Setting>
                    <hi>there</hi>
                </Setting>
            </entry>
            <entry>
                <Attribute>baz</Attribute>
                <Setting>
                    <hi>bye</hi>
                </Setting>
            </entry>
        </myMap>
    </XmlMapsXmlNameResult>
</XmlMapsXmlNameResponse>"#;
    assert_eq!(
        output_of(&XML_MAPS_XML_NAME, body).await,
        st(
            &XML_MAPS_XML_NAME_OUTPUT,
            vec![("myMap", map(vec![("baz", hi("bye")), ("foo", hi("there"))]))]
        )
    );

    // QueryQueryFlattenedXmlMap
    let body = r#"<FlattenedXmlMapResponse xmlns="https://example.com/">
    <FlattenedXmlMapResult>
        <myMap>
            <key>foo</key>
            <value>Foo</value>
        </myMap>
        <myMap>
            <key>baz</key>
            <value>Baz</value>
        </myMap>
    </FlattenedXmlMapResult>
</FlattenedXmlMapResponse>"#;
    assert_eq!(
        output_of(&FLATTENED_XML_MAP, body).await,
        st(
            &FLATTENED_XML_MAP_OUTPUT,
            vec![("myMap", map(vec![("baz", s("Baz")), ("foo", s("Foo"))]))]
        )
    );

    // QueryQueryFlattenedXmlMapWithXmlName
    let body = r#"<FlattenedXmlMapWithXmlNameResponse xmlns="https://example.com/">
    <FlattenedXmlMapWithXmlNameResult>
        <KVP>
            <K>a</K>
            <V>A</V>
        </KVP>
        <KVP>
            <K>b</K>
            <V>B</V>
        </KVP>
    </FlattenedXmlMapWithXmlNameResult>
</FlattenedXmlMapWithXmlNameResponse>"#;
    let ab = || map(vec![("a", s("A")), ("b", s("B"))]);
    assert_eq!(
        output_of(&FLATTENED_XML_MAP_WITH_XML_NAME, body).await,
        st(&FLATTENED_XML_NAME_OUTPUT, vec![("myMap", ab())])
    );

    // QueryQueryFlattenedXmlMapWithXmlNamespace
    let body = r#"<FlattenedXmlMapWithXmlNamespaceResponse xmlns="https://example.com/">
    <FlattenedXmlMapWithXmlNamespaceResult>
        <KVP xmlns="https://the-member.example.com">
            <K xmlns="https://the-key.example.com">a</K>
            <V xmlns="https://the-value.example.com">A</V>
        </KVP>
        <KVP xmlns="https://the-member.example.com">
            <K xmlns="https://the-key.example.com">b</K>
            <V xmlns="https://the-value.example.com">B</V>
        </KVP>
    </FlattenedXmlMapWithXmlNamespaceResult>
</FlattenedXmlMapWithXmlNamespaceResponse>"#;
    assert_eq!(
        output_of(&FLATTENED_XML_MAP_WITH_XML_NAMESPACE, body).await,
        st(&FLATTENED_XML_NAME_OUTPUT, vec![("myMap", ab())])
    );

    // A repeated key keeps its last value; an entry without a value is dropped (not sparse).
    let body = "<XmlMapsResponse><XmlMapsResult><myMap>\
        <entry><key>k</key><value><hi>1</hi></value></entry>\
        <entry><key>k</key><value><hi>2</hi></value></entry>\
        <entry><key>novalue</key></entry>\
        </myMap></XmlMapsResult></XmlMapsResponse>";
    assert_eq!(
        output_of(&XML_MAPS, body).await,
        st(&XML_MAPS_OUTPUT, vec![("myMap", map(vec![("k", hi("2"))]))])
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
        Member::new("fooEnumMap", &FOO_ENUM_MAP),
    ],
);
static XML_ENUMS: Operation = op("XmlEnums", &prelude::UNIT, &ENUMS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_enums_keep_unknown_values() {
    // QueryXmlEnums ("0" and "1" are not values of FooEnum: they are kept as they are), plus a
    // value no version of the model knows.
    let body = r#"<XmlEnumsResponse xmlns="https://example.com/">
    <XmlEnumsResult>
        <fooEnum1>Foo</fooEnum1>
        <fooEnum2>0</fooEnum2>
        <fooEnum3>SOMETHING_NEW</fooEnum3>
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
    </XmlEnumsResult>
</XmlEnumsResponse>"#;
    assert_eq!(
        output_of(&XML_ENUMS, body).await,
        st(
            &ENUMS_OUTPUT,
            vec![
                ("fooEnum1", s("Foo")),
                ("fooEnum2", s("0")),
                ("fooEnum3", s("SOMETHING_NEW")),
                ("fooEnumList", strs(&["Foo", "0"])),
                ("fooEnumSet", strs(&["Foo", "0"])),
                ("fooEnumMap", map(vec![("hi", s("Foo")), ("zero", s("0"))])),
            ]
        )
    );
}

static NESTED1: Schema = Schema::structure(
    "RecursiveXmlShapesOutputNested1",
    &[
        Member::new("foo", &prelude::STRING),
        Member::new("nested", &NESTED2),
    ],
);
static NESTED2: Schema = Schema::structure(
    "RecursiveXmlShapesOutputNested2",
    &[
        Member::new("bar", &prelude::STRING),
        Member::new("recursiveMember", &NESTED1),
    ],
);
static RECURSIVE_OUTPUT: Schema = Schema::structure(
    "RecursiveXmlShapesOutput",
    &[Member::new("nested", &NESTED1)],
);
static RECURSIVE_XML_SHAPES: Operation =
    op("RecursiveXmlShapes", &prelude::UNIT, &RECURSIVE_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_recursive_structures() {
    // QueryRecursiveShapes
    let body = r#"<RecursiveXmlShapesResponse xmlns="https://example.com/">
    <RecursiveXmlShapesResult>
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
    </RecursiveXmlShapesResult>
</RecursiveXmlShapesResponse>"#;
    let expected = st(
        &RECURSIVE_OUTPUT,
        vec![(
            "nested",
            st(
                &NESTED1,
                vec![
                    ("foo", s("Foo1")),
                    (
                        "nested",
                        st(
                            &NESTED2,
                            vec![
                                ("bar", s("Bar1")),
                                (
                                    "recursiveMember",
                                    st(
                                        &NESTED1,
                                        vec![
                                            ("foo", s("Foo2")),
                                            ("nested", st(&NESTED2, vec![("bar", s("Bar2"))])),
                                        ],
                                    ),
                                ),
                            ],
                        ),
                    ),
                ],
            ),
        )],
    );
    assert_eq!(output_of(&RECURSIVE_XML_SHAPES, body).await, expected);
}

static XML_NAMESPACED_LIST: Schema = Schema::list(
    "XmlNamespacedList",
    &[Member::new("member", &prelude::STRING).xml_namespace(None, "http://bux.com")],
);
static XML_NAMESPACE_NESTED: Schema = Schema::structure(
    "XmlNamespaceNested",
    &[
        Member::new("foo", &prelude::STRING).xml_namespace(Some("baz"), "http://baz.com"),
        Member::new("values", &XML_NAMESPACED_LIST).xml_namespace(None, "http://qux.com"),
    ],
)
.xml_namespace(None, "http://boo.com");
static XML_NAMESPACES_OUTPUT: Schema = Schema::structure(
    "XmlNamespacesOutput",
    &[Member::new("nested", &XML_NAMESPACE_NESTED)],
)
.xml_namespace(None, "http://foo.com");
static XML_NAMESPACES: Operation = op("XmlNamespaces", &prelude::UNIT, &XML_NAMESPACES_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_namespaces_and_prefixes_are_tolerated() {
    let expected = st(
        &XML_NAMESPACES_OUTPUT,
        vec![(
            "nested",
            st(
                &XML_NAMESPACE_NESTED,
                vec![("foo", s("Foo")), ("values", strs(&["Bar", "Baz"]))],
            ),
        )],
    );
    // QueryXmlNamespaces
    let body = r#"<XmlNamespacesResponse xmlns="https://example.com/">
    <XmlNamespacesResult>
        <nested>
            <foo xmlns:baz="http://baz.com">Foo</foo>
            <values xmlns="http://qux.com">
                <member xmlns="http://bux.com">Bar</member>
                <member xmlns="http://bux.com">Baz</member>
            </values>
        </nested>
    </XmlNamespacesResult>
</XmlNamespacesResponse>"#;
    assert_eq!(output_of(&XML_NAMESPACES, body).await, expected);
    // The same with prefixed names everywhere, an XML declaration and a comment.
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- generated -->
<q:XmlNamespacesResponse xmlns:q="https://example.com/" xmlns:b="http://bux.com">
    <q:XmlNamespacesResult>
        <q:nested>
            <baz:foo xmlns:baz="http://baz.com">Foo</baz:foo>
            <q:values><b:member>Bar</b:member><b:member>Baz</b:member></q:values>
        </q:nested>
    </q:XmlNamespacesResult>
</q:XmlNamespacesResponse>"#;
    assert_eq!(output_of(&XML_NAMESPACES, body).await, expected);
}

static IGNORES_WRAPPING_OUTPUT: Schema = Schema::structure(
    "IgnoresWrappingXmlNameOutput",
    &[Member::new("foo", &prelude::STRING)],
)
.xml_name("IgnoreMe");
static IGNORES_WRAPPING_XML_NAME: Operation = op(
    "IgnoresWrappingXmlName",
    &prelude::UNIT,
    &IGNORES_WRAPPING_OUTPUT,
);

#[tokio::test(flavor = "current_thread")]
async fn response_wrapper_is_operation_name() {
    // QueryIgnoresWrappingXmlName
    let body = r#"<IgnoresWrappingXmlNameResponse xmlns="https://example.com/">
    <IgnoresWrappingXmlNameResult>
        <foo>bar</foo>
    </IgnoresWrappingXmlNameResult>
</IgnoresWrappingXmlNameResponse>"#;
    assert_eq!(
        output_of(&IGNORES_WRAPPING_XML_NAME, body).await,
        st(&IGNORES_WRAPPING_OUTPUT, vec![("foo", s("bar"))])
    );
}

static THING: Schema = Schema::structure(
    "Thing",
    &[
        Member::new("id", &prelude::INTEGER).xml_attribute(),
        Member::new("label", &prelude::STRING)
            .xml_attribute()
            .xml_name("Label"),
        Member::new("name", &prelude::STRING),
    ],
);
static EVERYTHING_OUTPUT: Schema = Schema::structure(
    "EverythingOutput",
    &[
        Member::new("thing", &THING),
        Member::new("text", &prelude::STRING),
        Member::new("missing", &prelude::STRING),
        Member::new("missingList", &STRING_LIST),
        Member::new("count", &prelude::INTEGER),
        Member::new("flag", &prelude::BOOLEAN),
    ],
);
static EVERYTHING: Operation = op("Everything", &prelude::UNIT, &EVERYTHING_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_attributes_entities_unknown_elements() {
    let body = r#"<EverythingResponse>
    <EverythingResult>
        <Unknown><member>ignored</member><deep><deeper/></deep></Unknown>
        <thing id=" 7 " Label="a &amp; b &quot;c&quot;" unknown="x"><name>n</name><extra/></thing>
        <text>  &lt;tag&gt; &amp;amp; &#233;&#x263A; caf&#xE9; <![CDATA[<raw> & ]]>  </text>
        <count>
            42
        </count>
        <flag>true</flag>
    </EverythingResult>
    <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</EverythingResponse>"#;
    assert_eq!(
        output_of(&EVERYTHING, body).await,
        st(
            &EVERYTHING_OUTPUT,
            vec![
                (
                    "thing",
                    st(
                        &THING,
                        vec![
                            ("id", Value::Int(7)),
                            ("label", s("a & b \"c\"")),
                            ("name", s("n")),
                        ]
                    )
                ),
                // Whitespace of strings is kept; entities and character references decoded.
                ("text", s("  <tag> &amp; é☺ café <raw> &   ")),
                ("count", Value::Int(42)),
                ("flag", Value::Bool(true)),
            ]
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn response_empty_outputs() {
    static NO_OUTPUT: Operation = op("NoInputAndNoOutput", &prelude::UNIT, &prelude::UNIT);
    // QueryNoInputAndNoOutput, QueryNoInputAndNoOutputWithResponseMetadata
    assert_eq!(output_of(&NO_OUTPUT, "").await, Value::Struct(vec![]));
    let body = "<NoInputAndNoOutputResponse>\n<ResponseMetadata>\n<RequestId>abc-123</RequestId>\n\
                </ResponseMetadata>\n</NoInputAndNoOutputResponse>";
    assert_eq!(output_of(&NO_OUTPUT, body).await, Value::Struct(vec![]));
    // Whatever the body of a memberless output, it is not read.
    assert_eq!(
        output_of(&NO_OUTPUT, "<not xml").await,
        Value::Struct(vec![])
    );
    // An output with members: an empty body, or no Result element, is an empty output.
    assert_eq!(output_of(&EVERYTHING, "").await, empty(&EVERYTHING_OUTPUT));
    assert_eq!(
        output_of(&EVERYTHING, "  \n").await,
        empty(&EVERYTHING_OUTPUT)
    );
    let body = "<EverythingResponse><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata>\
                </EverythingResponse>";
    assert_eq!(
        output_of(&EVERYTHING, body).await,
        empty(&EVERYTHING_OUTPUT)
    );
    assert_eq!(
        output_of(
            &EVERYTHING,
            "<EverythingResponse><EverythingResult/></EverythingResponse>"
        )
        .await,
        empty(&EVERYTHING_OUTPUT)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn response_malformed_xml_is_a_response_error() {
    for body in [
        "not xml at all",
        "<EverythingResponse><EverythingResult><text>x</EverythingResult></EverythingResponse>",
        "<EverythingResponse><EverythingResult><text>x</text>",
        "<EverythingResponse><EverythingResult><text>&secret;</text></EverythingResult></EverythingResponse>",
        "<EverythingResponse><EverythingResult><text a='1' a='2'/></EverythingResult></EverythingResponse>",
        "<EverythingResponse></EverythingResponse><Another/>",
        "<EverythingResponse",
        "<a>\u{0}",
    ] {
        let answer = response(200, &[("x-amzn-RequestId", "hdr-id")], body);
        match failure_of(&EVERYTHING, answer).await {
            Failure::Response(e) => {
                assert_eq!(e.meta().status, 200);
                assert_eq!(e.meta().request_id.as_deref(), Some("hdr-id"));
                assert!(!e.reason().contains("secret"), "{}", e.reason());
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // Deeply nested input is refused, not a stack overflow.
    let deep = format!(
        "<EverythingResponse><EverythingResult>{}{}</EverythingResult></EverythingResponse>",
        "<thing>".repeat(100_000),
        "</thing>".repeat(100_000)
    );
    assert!(matches!(
        failure_of(&EVERYTHING, response(200, &[], &deep)).await,
        Failure::Response(_)
    ));
    // Invalid bytes instead of UTF-8 text.
    let mut answer = response(200, &[], "");
    answer.body = b"<EverythingResponse><EverythingResult><text>\xff\xfe</text></EverythingResult></EverythingResponse>".to_vec();
    assert!(matches!(
        failure_of(&EVERYTHING, answer).await,
        Failure::Response(_)
    ));
}

#[tokio::test(flavor = "current_thread")]
async fn response_bad_member_values_name_the_path_not_the_value() {
    for (inner, path) in [
        ("<count>12x-secret</count>", "`EverythingOutput.count`"),
        ("<flag>secret-yes</flag>", "`EverythingOutput.flag`"),
        ("<thing id=\"secret\"/>", "`EverythingOutput.thing.id`"),
    ] {
        let body = format!(
            "<EverythingResponse><EverythingResult>{inner}</EverythingResult>\
             <ResponseMetadata><RequestId>body-id</RequestId></ResponseMetadata></EverythingResponse>"
        );
        match failure_of(&EVERYTHING, response(200, &[], &body)).await {
            Failure::Response(e) => {
                assert!(e.reason().contains(path), "{}", e.reason());
                assert!(!e.reason().contains("secret"), "{}", e.reason());
                // The request id of the body is reported.
                assert_eq!(e.meta().request_id.as_deref(), Some("body-id"));
            }
            other => panic!("{inner}: {other:?}"),
        }
    }
    for (inner, path) in [("<data>not base64!</data>", "`XmlBlobsOutput.data`")] {
        let body = format!(
            "<XmlBlobsResponse><XmlBlobsResult>{inner}</XmlBlobsResult></XmlBlobsResponse>"
        );
        match failure_of(&XML_BLOBS, response(200, &[], &body)).await {
            Failure::Response(e) => assert!(e.reason().contains(path), "{}", e.reason()),
            other => panic!("{inner}: {other:?}"),
        }
    }
    let body =
        "<XmlTimestampsResponse><XmlTimestampsResult><httpDate>2014-04-29T18:30:38Z</httpDate>\
                </XmlTimestampsResult></XmlTimestampsResponse>";
    match failure_of(&XML_TIMESTAMPS, response(200, &[], body)).await {
        Failure::Response(e) => assert!(
            e.reason().contains("`XmlTimestampsOutput.httpDate`"),
            "{}",
            e.reason()
        ),
        other => panic!("{other:?}"),
    }
    let body =
        "<XmlListsResponse><XmlListsResult><integerList><member>1</member><member>x</member>\
                </integerList></XmlListsResult></XmlListsResponse>";
    match failure_of(&XML_LISTS, response(200, &[], body)).await {
        Failure::Response(e) => assert!(
            e.reason().contains("`XmlListsOutput.integerList[1]`"),
            "{}",
            e.reason()
        ),
        other => panic!("{other:?}"),
    }
    // Rust's float parser reads `inf`; XML does not.
    let body = "<SimpleScalarXmlPropertiesResponse><SimpleScalarXmlPropertiesResult><floatValue>inf</floatValue>\
                </SimpleScalarXmlPropertiesResult></SimpleScalarXmlPropertiesResponse>";
    assert!(matches!(
        failure_of(&SIMPLE_SCALAR, response(200, &[], body)).await,
        Failure::Response(_)
    ));
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

static GREETING_WITH_ERRORS_OUTPUT: Schema = Schema::structure(
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
        Member::new("Count", &prelude::INTEGER),
    ],
)
.error("ComplexError", 0, false);
static CUSTOM_CODE_ERROR: Schema = Schema::structure(
    "CustomCodeError",
    &[Member::new("message", &prelude::STRING)],
)
.error("Customized", 402, false);
static GREETING_WITH_ERRORS: Operation = Operation {
    name: "GreetingWithErrors",
    input: &prelude::UNIT,
    output: &GREETING_WITH_ERRORS_OUTPUT,
    errors: &[&INVALID_GREETING, &COMPLEX_ERROR, &CUSTOM_CODE_ERROR],
    http: None,
    host_prefix: None,
    paginated: None,
    checksum_required: false,
    request_compression: &[],
    auth: skiff_runtime::schema::OpAuth::Service,
};

fn error_body(code: &str, fields: &str) -> String {
    format!(
        "<ErrorResponse>\n   <Error>\n      <Type>Sender</Type>\n      <Code>{code}</Code>\n      {fields}\n   \
         </Error>\n   <RequestId>foo-id</RequestId>\n</ErrorResponse>"
    )
}

fn service_error(failure: Failure) -> (ErrorMeta, Option<(usize, Value)>) {
    match failure {
        Failure::Service { meta, modeled } => (meta, modeled),
        other => panic!("not a service error: {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn success_of_an_operation_with_errors() {
    // QueryGreetingWithErrors
    let body = r#"<GreetingWithErrorsResponse xmlns="https://example.com/">
    <GreetingWithErrorsResult>
        <greeting>Hello</greeting>
    </GreetingWithErrorsResult>
</GreetingWithErrorsResponse>"#;
    assert_eq!(
        output_of(&GREETING_WITH_ERRORS, body).await,
        st(&GREETING_WITH_ERRORS_OUTPUT, vec![("greeting", s("Hello"))])
    );
}

#[tokio::test(flavor = "current_thread")]
async fn modeled_errors() {
    // QueryInvalidGreetingError: matched by shape name.
    let answer = response(
        400,
        &[("Content-Type", "text/xml")],
        &error_body("InvalidGreeting", "<Message>Hi</Message>"),
    );
    let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
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

    // QueryComplexError: nested members inside <Error>.
    let fields = "<TopLevel>Top level</TopLevel>\n<Nested>\n<Foo>bar</Foo>\n</Nested>";
    let answer = response(400, &[], &error_body("ComplexError", fields));
    let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
    assert_eq!(meta.code.as_deref(), Some("ComplexError"));
    assert_eq!(meta.message, None);
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

    // QueryCustomizedError: matched by the awsQueryError code; `message` read from <Message>.
    let answer = response(402, &[], &error_body("Customized", "<Message>Hi</Message>"));
    let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
    assert_eq!(meta.status, 402);
    assert_eq!(meta.code.as_deref(), Some("Customized"));
    assert_eq!(meta.message.as_deref(), Some("Hi"));
    assert_eq!(
        modeled,
        Some((2, st(&CUSTOM_CODE_ERROR, vec![("message", s("Hi"))])))
    );

    // A namespaced code with a suffix is sanitized before matching; prefixes are tolerated.
    let body = "<q:ErrorResponse xmlns:q=\"https://example.com/\"><q:Error><q:Code>aws.protocoltests.query#InvalidGreeting:http://internal/</q:Code>\
                <q:Message>Hi &amp; bye</q:Message></q:Error><q:RequestId>id-2</q:RequestId></q:ErrorResponse>";
    let (meta, modeled) =
        service_error(failure_of(&GREETING_WITH_ERRORS, response(400, &[], body)).await);
    assert_eq!(meta.code.as_deref(), Some("InvalidGreeting"));
    assert_eq!(meta.request_id.as_deref(), Some("id-2"));
    assert_eq!(
        modeled,
        Some((0, st(&INVALID_GREETING, vec![("Message", s("Hi & bye"))])))
    );
}

#[tokio::test(flavor = "current_thread")]
async fn unmodeled_errors() {
    // A code the operation does not model.
    let answer = response(
        400,
        &[("x-amzn-RequestId", "header-id")],
        &error_body("Throttling", "<Message>Rate exceeded</Message>"),
    );
    let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
    assert_eq!(
        meta,
        ErrorMeta {
            status: 400,
            code: Some("Throttling".to_owned()),
            message: Some("Rate exceeded".to_owned()),
            // The body's request id wins over the header's.
            request_id: Some("foo-id".to_owned()),
        }
    );
    assert_eq!(modeled, None);

    // No RequestId in the body: the header's.
    let body = "<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>";
    let answer = response(500, &[("x-amzn-RequestId", "header-id")], body);
    let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
    assert_eq!(meta.code.as_deref(), Some("InternalFailure"));
    assert_eq!(meta.message, None);
    assert_eq!(meta.request_id.as_deref(), Some("header-id"));
    assert_eq!(modeled, None);

    // The EC2-style envelope some query services use.
    let body = "<Response><Errors><Error><Code>InvalidGreeting</Code><Message>m</Message></Error></Errors>\
                <RequestID>ec2-id</RequestID></Response>";
    let (meta, modeled) =
        service_error(failure_of(&GREETING_WITH_ERRORS, response(400, &[], body)).await);
    assert_eq!(meta.request_id.as_deref(), Some("ec2-id"));
    assert_eq!(
        modeled,
        Some((0, st(&INVALID_GREETING, vec![("Message", s("m"))])))
    );
}

#[tokio::test(flavor = "current_thread")]
async fn non_xml_error_bodies() {
    for (status, body) in [
        (500, "<html><body>Internal Server Error</body>"),
        (502, "Bad Gateway"),
        (503, ""),
        (403, "{\"message\":\"json\"}"),
    ] {
        let answer = response(status, &[("X-Amzn-RequestId", "hdr")], body);
        let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
        assert_eq!(
            meta,
            ErrorMeta {
                status,
                code: None,
                message: None,
                request_id: Some("hdr".to_owned()),
            },
            "{body}"
        );
        assert_eq!(modeled, None);
    }
    // A 3xx is not a success either.
    let (meta, _) = service_error(failure_of(&GREETING_WITH_ERRORS, response(301, &[], "")).await);
    assert_eq!(meta.status, 301);
}

#[tokio::test(flavor = "current_thread")]
async fn modeled_error_with_a_bad_member_is_a_response_error() {
    let answer = response(400, &[], &error_body("ComplexError", "<Count>many</Count>"));
    match failure_of(&GREETING_WITH_ERRORS, answer).await {
        Failure::Response(e) => {
            assert!(
                e.reason().contains("`ComplexError.Count`"),
                "{}",
                e.reason()
            );
            assert_eq!(e.meta().code.as_deref(), Some("ComplexError"));
            assert_eq!(e.meta().request_id.as_deref(), Some("foo-id"));
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// A real service's shapes: CloudFormation ListHookResults (see crates/skiff-aws-cloudformation)
// ---------------------------------------------------------------------------------------------

static CFN: Service = Service {
    name: "CloudFormation",
    version: "2010-05-15",
    protocol: Protocol::AwsQuery,
    signing: Signing::Anonymous,
    endpoint: "https://cloudformation.{region}.amazonaws.com",
    endpoint_overrides: &[],
    xml_namespace: Some("http://cloudformation.amazonaws.com/doc/2010-05-15/"),
    query_compatible: false,
};
static HOOK_INPUT: Schema = Schema::structure(
    "ListHookResultsInput",
    &[
        Member::new("TargetType", &prelude::ENUM).required(),
        Member::new("TargetId", &prelude::STRING).required(),
        Member::new("NextToken", &prelude::STRING),
    ],
);
static HOOK_SUMMARY: Schema = Schema::structure(
    "HookResultSummary",
    &[
        Member::new("InvocationPoint", &prelude::ENUM),
        Member::new("FailureMode", &prelude::ENUM),
        Member::new("TypeName", &prelude::STRING),
        Member::new("TypeVersionId", &prelude::STRING),
        Member::new("TypeConfigurationVersionId", &prelude::STRING),
        Member::new("Status", &prelude::ENUM),
        Member::new("HookStatusReason", &prelude::STRING),
    ],
);
static HOOK_SUMMARIES: Schema = Schema::list(
    "HookResultSummaries",
    &[Member::new("member", &HOOK_SUMMARY)],
);
static HOOK_OUTPUT: Schema = Schema::structure(
    "ListHookResultsOutput",
    &[
        Member::new("TargetType", &prelude::ENUM),
        Member::new("TargetId", &prelude::STRING),
        Member::new("HookResults", &HOOK_SUMMARIES),
        Member::new("NextToken", &prelude::STRING),
    ],
);
static HOOK_NOT_FOUND: Schema = Schema::structure(
    "HookResultNotFoundException",
    &[Member::new("Message", &prelude::STRING)],
)
.error("HookResultNotFound", 404, false);
static LIST_HOOK_RESULTS: Operation = Operation {
    name: "ListHookResults",
    input: &HOOK_INPUT,
    output: &HOOK_OUTPUT,
    errors: &[&HOOK_NOT_FOUND],
    http: None,
    host_prefix: None,
    paginated: None,
    checksum_required: false,
    request_compression: &[],
    auth: skiff_runtime::schema::OpAuth::Service,
};

#[tokio::test(flavor = "current_thread")]
async fn cloudformation_list_hook_results() {
    let arn = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs/1a2b";
    let input = st(
        &HOOK_INPUT,
        vec![("TargetType", s("CHANGE_SET")), ("TargetId", s(arn))],
    );
    let body = format!(
        r#"<ListHookResultsResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <ListHookResultsResult>
    <TargetType>CHANGE_SET</TargetType>
    <TargetId>{arn}</TargetId>
    <HookResults>
      <member>
        <InvocationPoint>PRE_PROVISION</InvocationPoint>
        <FailureMode>FAIL</FailureMode>
        <TypeName>My::Hook::Type</TypeName>
        <Status>HOOK_COMPLETE_SUCCEEDED</Status>
        <HookStatusReason>ok</HookStatusReason>
      </member>
    </HookResults>
  </ListHookResultsResult>
  <ResponseMetadata>
    <RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId>
  </ResponseMetadata>
</ListHookResultsResponse>"#
    );
    let config = Config::builder().region("us-east-1");
    let (request, result) = exchange_with(
        config,
        &CFN,
        &LIST_HOOK_RESULTS,
        input.clone(),
        response(200, &[], &body),
    )
    .await;
    assert_eq!(
        request.url,
        "https://cloudformation.us-east-1.amazonaws.com/"
    );
    assert_eq!(
        request.body,
        b"Action=ListHookResults&Version=2010-05-15&TargetType=CHANGE_SET\
          &TargetId=arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3AchangeSet%2Fcs%2F1a2b"
    );
    assert_eq!(
        result.unwrap(),
        st(
            &HOOK_OUTPUT,
            vec![
                ("TargetType", s("CHANGE_SET")),
                ("TargetId", s(arn)),
                (
                    "HookResults",
                    Value::List(vec![st(
                        &HOOK_SUMMARY,
                        vec![
                            ("InvocationPoint", s("PRE_PROVISION")),
                            ("FailureMode", s("FAIL")),
                            ("TypeName", s("My::Hook::Type")),
                            ("Status", s("HOOK_COMPLETE_SUCCEEDED")),
                            ("HookStatusReason", s("ok")),
                        ]
                    )]),
                ),
            ]
        )
    );

    let body = "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">\
                <Error><Type>Sender</Type><Code>HookResultNotFound</Code><Message>No results</Message></Error>\
                <RequestId>rid</RequestId></ErrorResponse>";
    let config = Config::builder().region("us-east-1");
    let (_, result) = exchange_with(
        config,
        &CFN,
        &LIST_HOOK_RESULTS,
        input,
        response(404, &[], body),
    )
    .await;
    let (meta, modeled) = service_error(result.unwrap_err());
    assert_eq!(meta.status, 404);
    assert_eq!(meta.code.as_deref(), Some("HookResultNotFound"));
    assert_eq!(meta.request_id.as_deref(), Some("rid"));
    assert_eq!(
        modeled,
        Some((0, st(&HOOK_NOT_FOUND, vec![("Message", s("No results"))])))
    );
}
