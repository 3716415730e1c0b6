//! The awsQuery protocol through the public request pipeline, for what the Smithy awsQuery
//! protocol tests (run by `cargo xtask protocol-tests` against generated clients) do not check:
//!
//! - the exact percent-encoding of form keys and values (the suite compares decoded pairs), and
//!   values no suite case sends: `float` members' f32 digits, big numbers, empty strings,
//!   fractional and `http-date` timestamps, a member's `@timestampFormat` over its target's,
//!   empty flattened lists, lists of lists, sparse lists;
//! - reading: big numbers and numbers padded with whitespace, line-wrapped base64, fractional
//!   epoch seconds, whitespace-only lists, repeated map keys and entries without a value, enum
//!   values no model knows, prefixed names, XML declarations and comments, attributes, entities,
//!   CDATA and unknown elements, outputs whose body or `Result` element is missing;
//! - malformed bodies, nesting limits, member values that do not parse (named by path, never
//!   quoted), request ids from the body or the header;
//! - error metadata (status, code, message, request id), code sanitizing, unmodeled codes, the
//!   EC2-style envelope, bodies that are not XML;
//! - SigV4 signing of a form request against a region's endpoint.
//!
//! Run with `cargo test -p skiff-runtime --features aws-query,sigv4 --test it aws_query`.
#![cfg(feature = "aws-query")]

use crate::harness::shapes::{SPARSE_STRING_LIST, STRING_LIST, STRING_MAP};
use crate::harness::{self, response};

use skiff_runtime::rt::Failure;
use skiff_runtime::rt::{
    prelude, Kind, Member, Operation, Protocol, Schema, Service, Signing, Value,
};
use skiff_runtime::{Config, DateTime, ErrorMeta, HttpRequest, HttpResponse, TimestampFormat};

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
    crate_name: "skiff-test",
    crate_version: "0.0.0",
    endpoint_rules: None,
    env_id: "",
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
        endpoint_params: &[],
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

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

static SIMPLE_INPUT: Schema = Schema::structure(
    "SimpleInputParamsInput",
    &[
        Member::new("Foo", &prelude::STRING),
        Member::new("Bar", &prelude::STRING),
        Member::new("FloatValue", &prelude::FLOAT),
        Member::new("Boo", &prelude::DOUBLE),
        Member::new("Big", &prelude::BIG_DECIMAL),
        Member::new("Renamed", &prelude::STRING).xml_name("Weird Key/1"),
    ],
);
static SIMPLE_INPUT_PARAMS: Operation = op("SimpleInputParams", &SIMPLE_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_float_digits_big_numbers_and_empty_strings() {
    let cases = [
        // A `float` shape widened from f32 is written with its f32 digits.
        (
            vec![
                ("FloatValue", Value::Float(f64::from(10.8f32))),
                ("Boo", Value::Float(2.0)),
            ],
            "Action=SimpleInputParams&Version=2020-01-08&FloatValue=10.8&Boo=2",
        ),
        // Big numbers are their text.
        (
            vec![("Big", s("1234567890123456789012.5"))],
            "Action=SimpleInputParams&Version=2020-01-08&Big=1234567890123456789012.5",
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

static QUERY_MAPS_INPUT: Schema =
    Schema::structure("QueryMapsInput", &[Member::new("MapArg", &STRING_MAP)]);
static QUERY_MAPS: Operation = op("QueryMaps", &QUERY_MAPS_INPUT, &prelude::UNIT);

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
          &Foo=a+b%26c%3Dd%2Be%2Ff%3Fg%25h~i-j_k.l%2A%27%28%29%21%3A%40%23%5B%5D%24%2C%3B%0A%22%3C%3E\
          &Bar=%C3%A9%E6%97%A5%E6%9C%AC%F0%9F%98%80\
          &Weird+Key%2F1=x"
    );
    // Map keys are percent-encoded like values.
    let input = st(
        &QUERY_MAPS_INPUT,
        vec![("MapArg", map(vec![("a b=é", s("x&y"))]))],
    );
    assert_eq!(
        body_of(&QUERY_MAPS, input).await,
        "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=a+b%3D%C3%A9&MapArg.entry.1.value=x%26y"
    );
}

static TIMESTAMPS_INPUT: Schema = Schema::structure(
    "QueryTimestampsInput",
    &[
        Member::new("normalFormat", &prelude::TIMESTAMP),
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
async fn request_fractional_http_date_and_overridden_timestamps() {
    let t = Value::Timestamp(DateTime::from_secs(1422172800));
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
         &epochTarget=1422172800.123&httpDate=Sun%2C+25+Jan+2015+08%3A00%3A00+GMT\
         &overridden=2015-01-25T08%3A00%3A00Z&list.member.1=1422172800&list.member.2=1422172800.123"
    );
}

static NESTED_STRING_LIST: Schema =
    Schema::list("NestedStringList", &[Member::new("member", &STRING_LIST)]);
static QUERY_LISTS_INPUT: Schema = Schema::structure(
    "QueryListsInput",
    &[
        Member::new("FlattenedListArg", &STRING_LIST).xml_flattened(),
        Member::new("NestedList", &NESTED_STRING_LIST),
        Member::new("Sparse", &SPARSE_STRING_LIST),
    ],
);
static QUERY_LISTS: Operation = op("QueryLists", &QUERY_LISTS_INPUT, &prelude::UNIT);

#[tokio::test(flavor = "current_thread")]
async fn request_empty_flattened_nested_and_sparse_lists() {
    let cases = [
        // An empty flattened list is sent too.
        (
            vec![("FlattenedListArg", strs(&[]))],
            "Action=QueryLists&Version=2020-01-08&FlattenedListArg=",
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
        crate_name: "skiff-test",
        crate_version: "0.0.0",
        endpoint_rules: None,
        env_id: "",
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
        b"Action=SimpleInputParams&Version=2020-01-08&Foo=a+b"
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
        Member::new("floatValue", &prelude::FLOAT),
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
async fn response_big_numbers_and_padded_numbers() {
    // Numbers may be padded with whitespace; the ResponseMetadata after the Result is ignored.
    let body = r#"<SimpleScalarXmlPropertiesResponse xmlns="https://example.com/">
    <SimpleScalarXmlPropertiesResult>
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
                ("bigInteger", s("123456789012345678901234567890")),
                ("bigDecimal", s("1.5e400")),
                ("intEnum", Value::Int(7)),
            ]
        )
    );
}

static BLOBS_OUTPUT: Schema =
    Schema::structure("XmlBlobsOutput", &[Member::new("data", &prelude::BLOB)]);
static XML_BLOBS: Operation = op("XmlBlobs", &prelude::UNIT, &BLOBS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_line_wrapped_base64() {
    let body = "<XmlBlobsResponse><XmlBlobsResult><data>\n  dmFs\n  dWU=\n</data>\
                </XmlBlobsResult></XmlBlobsResponse>";
    assert_eq!(
        output_of(&XML_BLOBS, body).await,
        st(
            &BLOBS_OUTPUT,
            vec![("data", Value::Blob(b"value".to_vec()))]
        )
    );
}

static TIMESTAMPS_OUTPUT: Schema = Schema::structure(
    "XmlTimestampsOutput",
    &[
        Member::new("epochSeconds", &prelude::TIMESTAMP)
            .timestamp_format(TimestampFormat::EpochSeconds),
        Member::new("httpDate", &prelude::TIMESTAMP).timestamp_format(TimestampFormat::HttpDate),
    ],
);
static XML_TIMESTAMPS: Operation = op("XmlTimestamps", &prelude::UNIT, &TIMESTAMPS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_fractional_epoch_seconds() {
    let body =
        "<XmlTimestampsResponse><XmlTimestampsResult><epochSeconds>1398796238.5</epochSeconds>\
                </XmlTimestampsResult></XmlTimestampsResponse>";
    assert_eq!(
        output_of(&XML_TIMESTAMPS, body).await,
        st(
            &TIMESTAMPS_OUTPUT,
            vec![(
                "epochSeconds",
                Value::Timestamp(DateTime::from_secs_and_nanos(1398796238, 500_000_000))
            )]
        )
    );
}

static INTEGER_LIST: Schema =
    Schema::list("IntegerList", &[Member::new("member", &prelude::INTEGER)]);
static XML_LISTS_OUTPUT: Schema = Schema::structure(
    "XmlListsOutput",
    &[Member::new("integerList", &INTEGER_LIST)],
);
static XML_LISTS: Operation = op("XmlLists", &prelude::UNIT, &XML_LISTS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_whitespace_only_list_is_empty() {
    let body = "<XmlListsResponse><XmlListsResult><integerList>\n        </integerList>\
                </XmlListsResult></XmlListsResponse>";
    assert_eq!(
        output_of(&XML_LISTS, body).await,
        st(
            &XML_LISTS_OUTPUT,
            vec![("integerList", Value::List(vec![]))]
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

#[tokio::test(flavor = "current_thread")]
async fn response_repeated_map_keys_and_entries_without_value() {
    // A repeated key keeps its last value; an entry without a value is dropped (not sparse).
    let body = "<XmlMapsResponse><XmlMapsResult><myMap>\
        <entry><key>k</key><value><hi>1</hi></value></entry>\
        <entry><key>k</key><value><hi>2</hi></value></entry>\
        <entry><key>novalue</key></entry>\
        </myMap></XmlMapsResult></XmlMapsResponse>";
    assert_eq!(
        output_of(&XML_MAPS, body).await,
        st(
            &XML_MAPS_OUTPUT,
            vec![(
                "myMap",
                map(vec![("k", st(&GREETING_STRUCT, vec![("hi", s("2"))]))])
            )]
        )
    );
}

static ENUMS_OUTPUT: Schema =
    Schema::structure("XmlEnumsOutput", &[Member::new("fooEnum", &prelude::ENUM)]);
static XML_ENUMS: Operation = op("XmlEnums", &prelude::UNIT, &ENUMS_OUTPUT);

#[tokio::test(flavor = "current_thread")]
async fn response_enums_keep_unknown_values() {
    // A value no version of the model knows is kept as it is.
    let body = "<XmlEnumsResponse xmlns=\"https://example.com/\"><XmlEnumsResult>\
                <fooEnum>SOMETHING_NEW</fooEnum></XmlEnumsResult></XmlEnumsResponse>";
    assert_eq!(
        output_of(&XML_ENUMS, body).await,
        st(&ENUMS_OUTPUT, vec![("fooEnum", s("SOMETHING_NEW"))])
    );
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
async fn response_prefixes_declarations_and_comments_are_tolerated() {
    // Prefixed names everywhere, an XML declaration and a comment.
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
    assert_eq!(
        output_of(&XML_NAMESPACES, body).await,
        st(
            &XML_NAMESPACES_OUTPUT,
            vec![(
                "nested",
                st(
                    &XML_NAMESPACE_NESTED,
                    vec![("foo", s("Foo")), ("values", strs(&["Bar", "Baz"]))],
                ),
            )],
        )
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
    // A memberless output reads nothing from its `<..Response>` element...
    assert_eq!(
        output_of(
            &NO_OUTPUT,
            "<NoInputAndNoOutputResponse><ResponseMetadata/></NoInputAndNoOutputResponse>"
        )
        .await,
        Value::Struct(vec![])
    );
    // ...but a body that is not that element is not an answer (a login page, say).
    for body in ["<not xml", "<html><body>Sign in</body></html>"] {
        let Failure::Response(e) = failure_of(&NO_OUTPUT, response(200, &[], body)).await else {
            panic!("{body}")
        };
        assert_eq!(e.meta().status, 200);
        assert!(!e.reason().contains("Sign in"), "{}", e.reason());
    }
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
    answer.body = b"<EverythingResponse><EverythingResult><text>\xff\xfe</text></EverythingResult></EverythingResponse>".to_vec().into();
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
static COMPLEX_ERROR: Schema = Schema::structure(
    "ComplexError",
    &[Member::new("Count", &prelude::INTEGER)],
)
.error("ComplexError", 0, false);
static GREETING_WITH_ERRORS: Operation = Operation {
    name: "GreetingWithErrors",
    input: &prelude::UNIT,
    output: &GREETING_WITH_ERRORS_OUTPUT,
    errors: &[&INVALID_GREETING, &COMPLEX_ERROR],
    http: None,
    host_prefix: None,
    paginated: None,
    checksum_required: false,
    request_compression: &[],
    auth: skiff_runtime::schema::OpAuth::Service,
    endpoint_params: &[],
};

fn error_body(code: &str, fields: &str) -> String {
    format!(
        "<ErrorResponse>\n   <Error>\n      <Type>Sender</Type>\n      <Code>{code}</Code>\n      {fields}\n   \
         </Error>\n   <RequestId>foo-id</RequestId>\n</ErrorResponse>"
    )
}

fn service_error(failure: Failure) -> (ErrorMeta, Option<(usize, Value)>) {
    match failure {
        Failure::Service { meta, modeled } => (*meta, modeled),
        other => panic!("not a service error: {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn modeled_error_metadata_and_code_sanitizing() {
    // The metadata of a modeled error: status, code, message and the body's request id.
    let answer = response(
        400,
        &[("Content-Type", "text/xml")],
        &error_body("InvalidGreeting", "<Message>Hi</Message>"),
    );
    let (meta, modeled) = service_error(failure_of(&GREETING_WITH_ERRORS, answer).await);
    assert_eq!(
        meta,
        ErrorMeta::new(
            400,
            Some("InvalidGreeting".to_owned()),
            Some("Hi".to_owned()),
            Some("foo-id".to_owned()),
        )
    );
    assert_eq!(modeled.map(|m| m.0), Some(0));

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
        // The body's request id wins over the header's.
        ErrorMeta::new(
            400,
            Some("Throttling".to_owned()),
            Some("Rate exceeded".to_owned()),
            Some("foo-id".to_owned()),
        )
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

/// An error declaring `@awsQueryError(code: "Customized", httpResponseCode: 402)`.
static CUSTOM_CODE_ERROR: Schema = Schema::structure(
    "CustomCodeError",
    &[Member::new("Message", &prelude::STRING)],
)
.error("Customized", 402, false);
static CUSTOM_CODE_OP: Operation = Operation {
    name: "CustomCode",
    errors: &[&INVALID_GREETING, &CUSTOM_CODE_ERROR],
    ..GREETING_WITH_ERRORS
};

#[tokio::test(flavor = "current_thread")]
async fn a_declared_query_error_code_is_matched_and_the_shape_name_is_not() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>Customized</Code>\
                 <Message>Hi</Message></Error><RequestId>id-1</RequestId></ErrorResponse>";
    let answer = response(402, &[], body);
    let (meta, modeled) = service_error(failure_of(&CUSTOM_CODE_OP, answer).await);
    assert_eq!(meta.code.as_deref(), Some("Customized"));
    assert_eq!(
        modeled,
        Some((1, st(&CUSTOM_CODE_ERROR, vec![("Message", s("Hi"))])))
    );

    // The shape name is not the error's code: whatever sent it, it is not this error
    // (botocore and the Smithy awsQuery rules agree).
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>CustomCodeError</Code>\
                 <Message>Hi</Message></Error><RequestId>id-2</RequestId></ErrorResponse>";
    let answer = response(400, &[], body);
    let (meta, modeled) = service_error(failure_of(&CUSTOM_CODE_OP, answer).await);
    assert_eq!(
        meta,
        ErrorMeta::new(
            400,
            Some("CustomCodeError".to_owned()),
            Some("Hi".to_owned()),
            Some("id-2".to_owned()),
        )
    );
    assert_eq!(modeled, None);

    // An error without a declared code is still matched by its shape name.
    let answer = response(
        400,
        &[],
        &error_body("InvalidGreeting", "<Message>m</Message>"),
    );
    let (_, modeled) = service_error(failure_of(&CUSTOM_CODE_OP, answer).await);
    assert_eq!(modeled.map(|m| m.0), Some(0));
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
            ErrorMeta::new(status, None, None, Some("hdr".to_owned())),
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
