//! Support for the Smithy protocol compliance tests that `cargo xtask protocol-tests` generates
//! (one `tests/protocol.rs` per test service, see `codegen::protocol_tests`).
//!
//! Generated tests stay short by calling into this crate:
//!
//! - [`CapturingTransport`] records the request a client sends and answers with a canned
//!   response; [`config`] wires it into a client configuration with a fixed clock, the fixed
//!   idempotency token the test suites expect ([`IDEMPOTENCY_TOKEN`]) and dummy credentials;
//!   [`block_on`] runs a call without an async runtime (the transport never waits).
//! - Request tests: [`sent_request`] then [`assert_request`] with an [`ExpectedRequest`].
//! - Response tests: [`expect_output`] or [`expect_service_error`], then [`assert_shape_eq`],
//!   which compares typed values through their protocol-neutral [`Value`] (NaN equals NaN).
//!
//! Every assertion panics with all the differences it found, so one failing test says
//! everything that is wrong with one case.

#![warn(missing_docs)]

mod body;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use skiff_runtime::http::BoxFuture;
use skiff_runtime::rt::Shape;
use skiff_runtime::value::Value;
use skiff_runtime::{
    Config, Credentials, DateTime, Document, FixedClock, FixedToken, HttpRequest, HttpResponse,
    HttpTransport, Number, SdkError, TransportError,
};

pub use body::{compare_body, compare_xml};

/// The idempotency token the Smithy protocol tests expect a client to generate.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The instant the test clients' clock is stopped at (2020-01-01T00:00:00Z).
pub const CLOCK_SECS: i64 = 1_577_836_800;

/// A transport that records every request and answers each with the same canned response.
///
/// Like an HTTP client library framing a body, it adds `Content-Length` to a request with a
/// non-empty body that does not already carry one (the runtime leaves framing headers to the
/// transport; the test suites check them).
#[derive(Clone, Debug)]
pub struct CapturingTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    response: HttpResponse,
    requests: Vec<HttpRequest>,
}

impl CapturingTransport {
    /// A transport answering `200` with no headers and an empty body (for request tests, where
    /// the response does not matter).
    pub fn new() -> Self {
        Self::responding(200, &[], b"")
    }

    /// A transport answering with this status, headers and body.
    pub fn responding(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Self {
        let response = HttpResponse::new(status, headers.iter().copied().collect(), body.to_vec());
        CapturingTransport {
            state: Arc::new(Mutex::new(State {
                response,
                requests: Vec::new(),
            })),
        }
    }

    /// The last request sent, if any.
    pub fn last_request(&self) -> Option<HttpRequest> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.requests.last().cloned()
    }
}

impl Default for CapturingTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpTransport for CapturingTransport {
    fn send(
        &self,
        mut request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        if !request.body.is_empty() && !request.headers.contains("Content-Length") {
            let len = request.body.len().to_string();
            request.headers.append("Content-Length", len);
        }
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.requests.push(request);
        let response = state.response.clone();
        Box::pin(async move { Ok(response) })
    }
}

/// A client configuration for one test: `transport`, the endpoint URL (`https://example.com`
/// unless the case names a host), the region, dummy credentials, the clock stopped at
/// [`CLOCK_SECS`] and the token source giving [`IDEMPOTENCY_TOKEN`].
pub fn config(transport: &CapturingTransport, endpoint: &str, region: &str) -> Config {
    builder(transport, Some(endpoint), region).build()
}

/// [`config`]'s builder, with no endpoint URL when `endpoint` is `None` (the cases whose AWS
/// settings, such as S3 dual-stack addressing, the service's rule set must resolve from the
/// region), for the test to add those settings.
pub fn builder(
    transport: &CapturingTransport,
    endpoint: Option<&str>,
    region: &str,
) -> skiff_runtime::ConfigBuilder {
    // One attempt: the cases describe single exchanges (some of them 5xx answers).
    let builder = Config::builder()
        .retry_config(skiff_runtime::config::RetryConfig::disabled())
        .region(region)
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None))
        .time_source(FixedClock(DateTime::from_secs(CLOCK_SECS)))
        .token_source(FixedToken(IDEMPOTENCY_TOKEN.to_owned()))
        .transport(transport.clone());
    match endpoint {
        Some(endpoint) => builder.endpoint_url(endpoint),
        None => builder,
    }
}

struct ThreadWaker(std::thread::Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs a future to completion on the current thread (the capturing transport never waits, so
/// no async runtime is needed).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park();
    }
}

/// The request a call sent; panics (with the call's error) when it sent none.
pub fn sent_request<T, E: fmt::Display>(
    transport: &CapturingTransport,
    result: Result<T, E>,
) -> HttpRequest {
    match (transport.last_request(), result) {
        (Some(request), _) => request,
        (None, Err(e)) => panic!("the client sent no request: {e}"),
        (None, Ok(_)) => panic!("the client sent no request, yet the call succeeded"),
    }
}

/// What a request test expects (the fields of a `smithy.test#httpRequestTests` case). Empty
/// lists and `None` check nothing.
#[derive(Clone, Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// The path, percent-encoded, without the query.
    pub uri: &'a str,
    /// The host given to the client (`example.com`, maybe with a path): the request's host
    /// when `resolved_host` is `None`.
    pub host: Option<&'a str>,
    /// The host the request must go to.
    pub resolved_host: Option<&'a str>,
    /// `key=value` (or `key`) query parameters that must be present, in any order.
    pub query_params: &'a [&'a str],
    /// Query keys that must be absent.
    pub forbid_query_params: &'a [&'a str],
    /// Query keys that must be present.
    pub require_query_params: &'a [&'a str],
    /// Headers with their exact values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Header names that must be absent.
    pub forbid_headers: &'a [&'a str],
    /// Header names that must be present.
    pub require_headers: &'a [&'a str],
    /// The body; `None` checks nothing.
    pub body: Option<&'a str>,
    /// How to compare the body (see [`compare_body`]).
    pub body_media_type: Option<&'a str>,
}

/// Checks `actual` against `expected`; panics listing every difference and the request.
pub fn assert_request(actual: &HttpRequest, expected: &ExpectedRequest<'_>) {
    let problems = request_problems(actual, expected);
    if !problems.is_empty() {
        panic!(
            "the request does not match:\n  - {}\nrequest sent:\n{}",
            problems.join("\n  - "),
            describe_request(actual)
        );
    }
}

fn request_problems(actual: &HttpRequest, expected: &ExpectedRequest<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    if actual.method != expected.method {
        problems.push(format!(
            "method: expected {}, got {}",
            expected.method, actual.method
        ));
    }
    let (uri, uri_query) = expected.uri.split_once('?').unwrap_or((expected.uri, ""));
    if actual.path() != uri {
        problems.push(format!("path: expected `{uri}`, got `{}`", actual.path()));
    }
    let params: Vec<&str> = actual
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .collect();
    let wanted = uri_query
        .split('&')
        .filter(|p| !p.is_empty())
        .chain(expected.query_params.iter().copied());
    for want in wanted {
        let found = params
            .iter()
            .any(|p| *p == want || percent_decode(p, false) == percent_decode(want, false));
        if !found {
            problems.push(format!("query parameter `{want}` is missing"));
        }
    }
    let key_of = |p: &str| percent_decode(p.split('=').next().unwrap_or(p), false);
    for key in expected.forbid_query_params {
        if params.iter().any(|p| key_of(p) == *key) {
            problems.push(format!("query parameter `{key}` is forbidden but present"));
        }
    }
    for key in expected.require_query_params {
        if !params.iter().any(|p| key_of(p) == *key) {
            problems.push(format!("query parameter `{key}` is required but absent"));
        }
    }
    for (name, value) in expected.headers {
        let values: Vec<&str> = actual.headers.get_all(name).collect();
        if values.is_empty() {
            problems.push(format!("header `{name}` is missing (expected `{value}`)"));
        } else if values.join(", ") != *value {
            problems.push(format!(
                "header `{name}`: expected `{value}`, got `{}`",
                values.join(", ")
            ));
        }
    }
    for name in expected.forbid_headers {
        if actual.headers.contains(name) {
            problems.push(format!("header `{name}` is forbidden but present"));
        }
    }
    for name in expected.require_headers {
        if !actual.headers.contains(name) {
            problems.push(format!("header `{name}` is required but absent"));
        }
    }
    let host = expected
        .resolved_host
        .or_else(|| expected.host.map(|h| h.split('/').next().unwrap_or(h)));
    if let Some(host) = host {
        if actual.authority() != host {
            problems.push(format!(
                "host: expected `{host}`, got `{}`",
                actual.authority()
            ));
        }
    }
    if let Some(body) = expected.body {
        if let Err(e) = compare_body(&actual.body, body, expected.body_media_type) {
            problems.push(format!("body: {e}"));
        }
    }
    problems
}

fn describe_request(request: &HttpRequest) -> String {
    let mut out = format!("  {} {}\n", request.method, request.url);
    for (name, value) in request.headers.iter() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out.push_str(&format!(
        "  body: {:?}",
        String::from_utf8_lossy(&request.body)
    ));
    out
}

/// Decodes `%XX` escapes (and `+` as a space when `form` is set); invalid escapes are kept.
pub(crate) fn percent_decode(s: &str, form: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if form => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The output of a call that must succeed; panics with the error otherwise.
pub fn expect_output<T, E: fmt::Display>(result: Result<T, E>) -> T {
    match result {
        Ok(output) => output,
        Err(e) => panic!("the call failed: {e}"),
    }
}

/// The operation error of a call that must fail with a service error; with `code`, the error
/// code the client exposes must be that one. Panics otherwise.
pub fn expect_service_error<T, E: fmt::Display>(
    result: Result<T, SdkError<E>>,
    code: Option<&str>,
) -> E {
    match result {
        Ok(_) => panic!("the call succeeded, but the response is an error"),
        Err(SdkError::Service(e)) => {
            if let Some(code) = code {
                assert_eq!(
                    e.meta().code.as_deref(),
                    Some(code),
                    "the error code the client exposes"
                );
            }
            e.into_err()
        }
        Err(other) => panic!("expected a service error, got: {other}"),
    }
}

/// Asserts that two values of a generated type are equal, comparing their [`Value`] trees
/// (so that NaN equals NaN, and document numbers compare by value). Panics naming the first
/// difference and showing both values.
pub fn assert_shape_eq<T: Shape + fmt::Debug>(actual: &T, expected: &T) {
    let mut path = String::new();
    if let Some(diff) = value_diff(&actual.to_value(), &expected.to_value(), &mut path) {
        panic!(
            "the parsed value does not match: {diff}\n  actual:   {actual:?}\n  expected: {expected:?}"
        );
    }
}

fn floats_equal(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

/// The first difference between two values, naming its path (`.3` is the fourth member of a
/// structure, `[1]` a list item, `["k"]` a map entry).
fn value_diff(actual: &Value, expected: &Value, path: &mut String) -> Option<String> {
    let here = |path: &str| if path.is_empty() { "the top" } else { path }.to_owned();
    let differ = |path: &str| {
        Some(format!(
            "at {}: got {actual:?}, expected {expected:?}",
            here(path)
        ))
    };
    match (actual, expected) {
        (Value::Float(a), Value::Float(b)) => {
            if floats_equal(*a, *b) {
                None
            } else {
                differ(path)
            }
        }
        (Value::Document(a), Value::Document(b)) => {
            if documents_equal(a, b) {
                None
            } else {
                differ(path)
            }
        }
        (Value::List(a), Value::List(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "at {}: {} items, expected {}",
                    here(path),
                    a.len(),
                    b.len()
                ));
            }
            nested(a.iter().zip(b).enumerate(), path, |i| format!("[{i}]"))
        }
        (Value::Map(a), Value::Map(b)) => {
            let keys = |m: &[(String, Value)]| m.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
            if keys(a) != keys(b) {
                return Some(format!(
                    "at {}: keys {:?}, expected {:?}",
                    here(path),
                    keys(a),
                    keys(b)
                ));
            }
            let pairs = a.iter().zip(b).map(|((k, x), (_, y))| (k, (x, y)));
            nested(pairs.map(|(k, xy)| (k.clone(), xy)), path, |k| {
                format!("[{k:?}]")
            })
        }
        (Value::Struct(a), Value::Struct(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!(".{i}"));
                let diff = match (x, y) {
                    (None, None) => None,
                    (Some(x), Some(y)) => value_diff(x, y, path),
                    (Some(x), None) => Some(format!("at {path}: got {x:?}, expected nothing")),
                    (None, Some(y)) => Some(format!("at {path}: got nothing, expected {y:?}")),
                };
                if diff.is_some() {
                    return diff;
                }
                path.truncate(len);
            }
            None
        }
        (a, b) if a == b => None,
        _ => differ(path),
    }
}

fn nested<'v, K>(
    items: impl Iterator<Item = (K, (&'v Value, &'v Value))>,
    path: &mut String,
    segment: impl Fn(K) -> String,
) -> Option<String> {
    for (key, (x, y)) in items {
        let len = path.len();
        path.push_str(&segment(key));
        if let Some(diff) = value_diff(x, y, path) {
            return Some(diff);
        }
        path.truncate(len);
    }
    None
}

fn number_f64(n: &Number) -> f64 {
    match *n {
        Number::PosInt(u) => u as f64,
        Number::NegInt(i) => i as f64,
        Number::Float(f) => f,
    }
}

fn documents_equal(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Number(x), Document::Number(y)) => floats_equal(number_f64(x), number_f64(y)),
        (Document::Array(x), Document::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| documents_equal(x, y))
        }
        (Document::Object(x), Document::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, x), (l, y))| k == l && documents_equal(x, y))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> HttpRequest {
        let mut r = HttpRequest::new(
            "POST",
            "https://foo.example.com/path%2Fx?a=1&b=hello%20there&c",
        );
        r.headers.append("Content-Type", "application/json");
        r.headers.append("X-List", "a");
        r.headers.append("X-List", "b");
        r.body = br#"{"a": 1, "b": [true, null]}"#.to_vec();
        r
    }

    #[test]
    fn matching_request_has_no_problems() {
        let expected = ExpectedRequest {
            method: "POST",
            uri: "/path%2Fx",
            host: Some("example.com"),
            resolved_host: Some("foo.example.com"),
            query_params: &["b=hello%20there", "a=1", "c"],
            forbid_query_params: &["d"],
            require_query_params: &["a"],
            headers: &[("content-type", "application/json"), ("X-List", "a, b")],
            forbid_headers: &["X-Other"],
            require_headers: &["X-List"],
            body: Some(r#"{"b": [true, null], "a": 1.0}"#),
            body_media_type: Some("application/json"),
        };
        assert_eq!(
            request_problems(&request(), &expected),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_mismatch_is_reported() {
        let expected = ExpectedRequest {
            method: "GET",
            uri: "/other",
            host: Some("example.com/custom"),
            query_params: &["a=2"],
            forbid_query_params: &["c"],
            require_query_params: &["z"],
            headers: &[("Content-Type", "text/plain"), ("X-Missing", "v")],
            forbid_headers: &["x-list"],
            require_headers: &["X-Required"],
            body: Some(r#"{"a": 2}"#),
            body_media_type: Some("application/json"),
            ..Default::default()
        };
        assert_eq!(request_problems(&request(), &expected).len(), 11);
    }

    #[test]
    fn transport_records_and_frames() {
        let transport = CapturingTransport::responding(404, &[("x-amzn-requestid", "id")], b"{}");
        let response = block_on(transport.send(request())).unwrap();
        assert_eq!(response.status, 404);
        assert_eq!(response.headers.get("X-Amzn-RequestId"), Some("id"));
        let sent = transport.last_request().unwrap();
        assert_eq!(sent.headers.get("content-length"), Some("27"));
    }

    #[test]
    fn values_compare_nan_aware() {
        let a = Value::Struct(vec![Some(Value::Float(f64::NAN)), None]);
        assert_eq!(value_diff(&a, &a.clone(), &mut String::new()), None);
        let b = Value::Struct(vec![Some(Value::Float(1.0)), None]);
        let diff = value_diff(&a, &b, &mut String::new()).unwrap();
        assert!(diff.starts_with("at .0:"), "{diff}");
        let d = |n| Value::Document(Document::Number(n));
        assert_eq!(
            value_diff(
                &d(Number::PosInt(1)),
                &d(Number::Float(1.0)),
                &mut String::new()
            ),
            None
        );
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b+c%2", false), "a b+c%2");
        assert_eq!(percent_decode("a%2Bb+c", true), "a+b c");
    }
}
