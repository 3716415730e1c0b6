//! The endpoint's `sigv4` auth scheme through the pipeline: its `disableDoubleEncoding`,
//! signing name and signing region decide how the request is signed, over the signing name's
//! defaults (a resolver stands in for a rule set; the engine's own output is checked by the
//! endpoint test cases).
#![cfg(all(feature = "sigv4", feature = "rest-json"))]

use std::collections::BTreeMap;

use skiff_runtime::auth::sigv4::{self, SigningParams, SigningSettings};
use skiff_runtime::endpoint::{Endpoint, EndpointError, Params, ResolveEndpoint};
use skiff_runtime::schema::{
    prelude, Binding, HttpTrait, Member, Operation, Protocol, Schema, Service, Signing,
};
use skiff_runtime::value::Value;
use skiff_runtime::{Config, Credentials, DateTime, Document, FixedClock, HttpRequest};

use crate::harness::{exchange, response};

static SERVICE: Service = Service {
    name: "Objects",
    version: "2024-01-01",
    protocol: Protocol::RestJson1,
    signing: Signing::SigV4 { name: "objects" },
    endpoint: "https://objects.{region}.amazonaws.com",
    endpoint_overrides: &[],
    xml_namespace: None,
    query_compatible: false,
    crate_name: "skiff-test",
    crate_version: "0.0.0",
    endpoint_rules: None,
    env_id: "",
};

static GET_INPUT: Schema = Schema::structure(
    "GetInput",
    &[Member::new("Key", &prelude::STRING).binding(Binding::Label)],
);
static GET: Operation = Operation {
    http: Some(HttpTrait {
        method: "GET",
        uri: "/o/{Key}",
        code: 200,
    }),
    ..Operation::new("Get", &GET_INPUT, &prelude::UNIT)
};

const TIME: DateTime = DateTime::from_secs(1_422_172_800);

/// Answers every call with one URL and a `sigv4` auth scheme with `scheme`'s properties.
#[derive(Debug)]
struct WithScheme(BTreeMap<String, Document>);

impl ResolveEndpoint for WithScheme {
    fn resolve_endpoint(&self, _: &str, _: &Params) -> Result<Endpoint, EndpointError> {
        let mut endpoint = Endpoint::new("https://objects.example.com");
        let mut scheme = self.0.clone();
        scheme.insert("name".into(), Document::String("sigv4".into()));
        endpoint.properties.insert(
            "authSchemes".into(),
            Document::Array(vec![Document::Object(scheme)]),
        );
        Ok(endpoint)
    }
}

async fn signed(scheme: &[(&str, Document)]) -> HttpRequest {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .time_source(FixedClock(TIME))
        .endpoint_resolver(WithScheme(
            scheme
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        ));
    // The label `a%b` is sent as `a%25b`; signed once-encoded it stays so, double-encoded it
    // becomes `a%2525b`.
    let input = Value::Struct(vec![Some(Value::Str("a%b".into()))]);
    let (mut seen, result) = exchange(config, &SERVICE, &GET, input, response(200, &[], "")).await;
    assert!(result.is_ok(), "{result:?}");
    seen.remove(0)
}

/// The `Authorization` the signer gives `request` for `region`, `name` and `settings`.
fn authorization(
    request: &HttpRequest,
    region: &str,
    name: &str,
    settings: SigningSettings,
) -> String {
    let mut copy = request.clone();
    let credentials = Credentials::new("AKID", "SECRET", None);
    let params = SigningParams {
        credentials: &credentials,
        region,
        service: name,
        time: TIME,
        settings,
    };
    sigv4::sign(&mut copy, &params).authorization
}

#[tokio::test(flavor = "current_thread")]
async fn the_auth_scheme_decides_encoding_name_and_region() {
    let single = SigningSettings {
        double_uri_encode: false,
        ..SigningSettings::STANDARD
    };

    // No override: the signing name's defaults (double encoding for `objects`).
    let request = signed(&[]).await;
    assert_eq!(request.url, "https://objects.example.com/o/a%25b");
    let sent = request.headers.get("authorization").unwrap_or_default();
    assert_eq!(
        sent,
        authorization(&request, "us-east-1", "objects", SigningSettings::STANDARD)
    );
    assert_ne!(
        sent,
        authorization(&request, "us-east-1", "objects", single)
    );

    // `disableDoubleEncoding: true`, with the scheme's signing name and region.
    let request = signed(&[
        ("disableDoubleEncoding", Document::Bool(true)),
        ("signingName", Document::String("objects-alt".into())),
        ("signingRegion", Document::String("eu-west-1".into())),
    ])
    .await;
    let sent = request.headers.get("authorization").unwrap_or_default();
    assert!(
        sent.contains("Credential=AKID/20150125/eu-west-1/objects-alt/aws4_request"),
        "{sent}"
    );
    assert_eq!(
        sent,
        authorization(&request, "eu-west-1", "objects-alt", single)
    );
    assert_ne!(
        sent,
        authorization(
            &request,
            "eu-west-1",
            "objects-alt",
            SigningSettings::STANDARD
        )
    );

    // `disableDoubleEncoding: false` on an S3 signing name turns S3's single encoding off,
    // keeping its other settings.
    let request = signed(&[
        ("disableDoubleEncoding", Document::Bool(false)),
        ("signingName", Document::String("s3".into())),
    ])
    .await;
    let sent = request.headers.get("authorization").unwrap_or_default();
    let s3_double = SigningSettings {
        double_uri_encode: true,
        ..SigningSettings::S3
    };
    assert_eq!(sent, authorization(&request, "us-east-1", "s3", s3_double));
    assert!(request.headers.contains("x-amz-content-sha256"));
}
