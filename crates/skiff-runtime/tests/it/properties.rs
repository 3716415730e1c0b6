//! Property tests (proptest, a bounded number of cases each): what no suite covers, the
//! parsers on arbitrary input. Every protocol's response parser (outputs and error bodies, so
//! the JSON, XML and error-code readers) is fed arbitrary bytes through the public pipeline and
//! must answer with a value or a typed error, never panic; the JSON and XML encoders round-trip
//! through their decoders; the SigV4 canonicalization is total and idempotent on arbitrary
//! queries and paths; both signers sign arbitrary requests without panicking.
#![cfg(all(
    feature = "aws-json",
    feature = "aws-query",
    feature = "rest-json",
    feature = "rest-xml"
))]

use proptest::prelude::*;
use skiff_runtime::config::RetryConfig;
use skiff_runtime::rt::Failure;
use skiff_runtime::schema::{prelude, Member, Operation, Protocol, Schema, Service, Signing};
use skiff_runtime::value::Value;
use skiff_runtime::{Config, HttpRequest, HttpResponse};

use crate::harness::response;

/// A shape with one member of most kinds, nested, for both directions.
static RECORD: Schema = Schema::structure(
    "Record",
    &[
        Member::new("name", &prelude::STRING),
        Member::new("count", &prelude::INTEGER),
        Member::new("ratio", &prelude::DOUBLE),
        Member::new("flag", &prelude::BOOLEAN),
        Member::new("data", &prelude::BLOB),
        Member::new("when", &prelude::TIMESTAMP),
        Member::new("tags", &TAGS),
        Member::new("attrs", &ATTRS),
        Member::new("child", &CHILD),
    ],
);
static CHILD: Schema = Schema::structure("Child", &[Member::new("name", &prelude::STRING)]);
static TAGS: Schema = Schema::list("Tags", &[Member::new("member", &prelude::STRING)]);
static ATTRS: Schema = Schema::map(
    "Attrs",
    &[
        Member::new("key", &prelude::STRING),
        Member::new("value", &prelude::STRING),
    ],
);
static OOPS: Schema = Schema::structure("Oops", &[Member::new("message", &prelude::STRING)])
    .error("Oops", 400, false);

static OP: Operation = Operation {
    errors: &[&OOPS],
    http: Some(skiff_runtime::schema::HttpTrait {
        method: "POST",
        uri: "/record",
        code: 200,
    }),
    ..Operation::new("Echo", &RECORD, &RECORD)
};

fn service(protocol: Protocol) -> &'static Service {
    // One leaked service per protocol and test run: statics cannot be built in a loop.
    Box::leak(Box::new(Service {
        name: "Svc",
        version: "2020-01-01",
        protocol,
        signing: Signing::Anonymous,
        endpoint: "https://example.com",
        endpoint_overrides: &[],
        xml_namespace: Some("https://example.com/"),
        query_compatible: false,
        crate_name: "skiff-test",
        crate_version: "0.0.0",
        endpoint_rules: None,
        env_id: "",
    }))
}

const PROTOCOLS: [Protocol; 7] = [
    Protocol::AwsJson1_0,
    Protocol::AwsJson1_1,
    Protocol::AwsQuery,
    Protocol::Ec2Query,
    Protocol::RestJson1,
    Protocol::RestXml,
    Protocol::HuaweiRestJson,
];

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Sends `input` through `protocol`'s pipeline to a transport answering `answer`.
fn exchange(
    protocol: &'static Service,
    input: Value,
    answer: HttpResponse,
) -> (Vec<HttpRequest>, Result<Value, Failure>) {
    let config = Config::builder()
        .endpoint_url("https://example.com")
        .retry_config(RetryConfig::disabled());
    block_on(crate::harness::exchange(
        config, protocol, &OP, input, answer,
    ))
}

fn empty() -> Value {
    Value::Struct(vec![None; RECORD.members.len()])
}

/// Arbitrary bytes, biased towards the documents parsers see.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        "[\\[\\]{}<>\"':,/ =a-zA-Z0-9._&;#-]{0,200}".prop_map(String::into_bytes),
        Just(br#"{"name": "x", "child": {"name": 1}}"#.to_vec()),
        Just(b"<EchoResponse><EchoResult><name>x</name><tags><member/></tags></EchoResult></EchoResponse>".to_vec()),
        Just(b"<Record><name>\xff</name></Record>".to_vec()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,40}"
}

/// Arbitrary values of `RECORD` (timestamps whole milliseconds, finite floats).
fn record() -> impl Strategy<Value = Value> {
    let scalars = (
        proptest::option::of(text()),
        proptest::option::of(any::<i32>()),
        proptest::option::of(-1e12f64..1e12),
        proptest::option::of(any::<bool>()),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..32)),
        proptest::option::of(0i64..4_000_000_000),
    );
    let collections = (
        proptest::option::of(proptest::collection::vec(text(), 0..4)),
        proptest::option::of(proptest::collection::btree_map(
            "[a-zA-Z0-9]{1,8}",
            text(),
            0..4,
        )),
        proptest::option::of(proptest::option::of(text())),
    );
    (scalars, collections).prop_map(
        |((name, count, ratio, flag, data, when), (tags, attrs, child))| {
            Value::Struct(vec![
                name.map(Value::Str),
                count.map(|c| Value::Int(i64::from(c))),
                ratio.map(Value::Float),
                flag.map(Value::Bool),
                data.map(Value::Blob),
                when.map(|s| Value::Timestamp(skiff_runtime::DateTime::from_secs(s))),
                tags.map(|t| Value::List(t.into_iter().map(Value::Str).collect())),
                attrs.map(|a| Value::Map(a.into_iter().map(|(k, v)| (k, Value::Str(v))).collect())),
                child.map(|c| Value::Struct(vec![c.map(Value::Str)])),
            ])
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes, any status: a value or a typed failure, for every protocol.
    #[test]
    fn responses_never_panic(body in body(), status in prop_oneof![Just(200u16), Just(400), Just(404), Just(500), 100u16..600]) {
        for protocol in PROTOCOLS {
            let svc = service(protocol);
            let (_, result) = exchange(svc, empty(), HttpResponse::new(status, Default::default(), body.clone()));
            match result {
                Ok(Value::Struct(slots)) => prop_assert_eq!(slots.len(), RECORD.members.len()),
                Ok(other) => prop_assert!(false, "{:?}: not a structure: {:?}", protocol, other),
                Err(Failure::Service { meta, .. }) => prop_assert_eq!(meta.status, status),
                Err(Failure::Response(_)) | Err(Failure::InvalidInput(_)) => {}
                Err(other) => prop_assert!(false, "{:?}: unexpected {:?}", protocol, other),
            }
        }
    }

    /// JSON (restJson1) and XML (restXml) bodies read back what was written.
    #[test]
    fn bodies_round_trip(value in record()) {
        for protocol in [Protocol::RestJson1, Protocol::RestXml, Protocol::AwsJson1_0] {
            let svc = service(protocol);
            let (sent, result) = exchange(svc, value.clone(), response(200, &[], ""));
            prop_assert!(result.is_ok(), "{:?}: {:?}", protocol, result);
            let body = sent[0].body.clone();
            let (_, read) = exchange(svc, empty(), HttpResponse::new(200, Default::default(), body));
            let read = read.map_err(|e| format!("{e:?}"));
            prop_assert_eq!(read, Ok(value.clone()), "{:?}", protocol);
        }
    }

    /// SigV4 canonical queries and paths: total, and idempotent.
    #[test]
    fn sigv4_canonicalization_is_total(query in "[a-zA-Z0-9%=&+ ._~*-]{0,60}", path in "/[a-zA-Z0-9%/. _~-]{0,40}") {
        use skiff_runtime::auth::sigv4::{canonical_query, canonical_uri, SigningSettings};
        let once = canonical_query(&query);
        prop_assert_eq!(canonical_query(&once), once.clone());
        let uri = canonical_uri(&path, &SigningSettings::S3);
        prop_assert!(uri.starts_with('/'));
        let _ = canonical_uri(&path, &SigningSettings::STANDARD);
    }

    /// Both signers sign any request (method, URL, headers, body).
    #[test]
    fn signers_never_panic(method in "[A-Z]{1,7}", path in "/\\PC{0,30}", query in "\\PC{0,30}", header in "\\PC{0,20}", body in proptest::collection::vec(any::<u8>(), 0..64)) {
        use skiff_runtime::auth::{huawei, sigv4};
        let credentials = skiff_runtime::Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
        let mut request = HttpRequest::new(method, format!("https://host.example.com{path}?{query}"));
        request.headers.insert("X-Custom", header);
        request.body = body;
        let time = skiff_runtime::DateTime::from_secs(1_440_938_160);
        let mut aws = request.clone();
        sigv4::sign(&mut aws, &sigv4::SigningParams { credentials: &credentials, region: "us-east-1", service: "svc", time, settings: sigv4::SigningSettings::STANDARD });
        prop_assert!(aws.headers.get("Authorization").is_some_and(|a| !a.contains("SECRET")));
        let mut hw = request;
        huawei::sign(&mut hw, &huawei::SigningParams { credentials: &credentials, project_id: Some("p"), time });
        prop_assert!(hw.headers.get("Authorization").is_some_and(|a| !a.contains("SECRET")));
    }
}
