//! A transport that replays a recorded `http-traffic.json` (the AWS SDK for Rust's "dvr"
//! format): each request must match the next recorded one, and gets its recorded response.
//!
//! What is compared (the recordings were made by another SDK, so not everything can match):
//!
//! - method and URI, exactly;
//! - `content-type`, `accept`, `x-aws-ec2-metadata-token` and
//!   `x-aws-ec2-metadata-token-ttl-seconds`: same value, or absent from both;
//! - signing: a recorded SigV4 `authorization` needs one from us with the same credential scope
//!   (date, region, service) and the same `x-amz-date`, and a recorded `x-amz-security-token`
//!   one from us; an unsigned recorded STS request must be unsigned. Signatures themselves are
//!   not compared: the recorded ones cover headers this project does not send (user agents).
//!   The access key id is not compared either: `ecs_assume_role` was recorded with other base
//!   credentials than its container answer holds.
//! - form bodies: the same parameter names, the same `Action` and `Version`; for `AssumeRole`
//!   also `RoleArn` and `RoleSessionName` (the test clock is the recorded session name's time).
//!   `AssumeRoleWithWebIdentity` bodies were recorded with other role ARNs and session names than
//!   the scenarios configure, so only names, `Action` and `Version` are compared there.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use skiff_runtime::http::{BoxFuture, Headers, HttpRequest, HttpResponse, TransportError};
use skiff_runtime::HttpTransport;

/// One recorded request and its response.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub uri: String,
    /// Lower-cased names.
    pub headers: BTreeMap<String, Vec<String>>,
    pub body: Option<String>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    pub response_body: String,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(|v| v.first())
            .map(String::as_str)
    }
}

/// The exchanges of a traffic file, in the order of their requests.
pub fn parse_traffic(traffic: &Value) -> Vec<Exchange> {
    let mut order: Vec<u64> = Vec::new();
    let mut by_id: BTreeMap<u64, Exchange> = BTreeMap::new();
    let events = traffic["events"].as_array().cloned().unwrap_or_default();
    for event in &events {
        let id = event["connection_id"].as_u64().expect("connection_id");
        let action = &event["action"];
        if let Some(request) = action.get("Request") {
            let request = &request["request"];
            let headers = request["headers"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| {
                            let values = v
                                .as_array()
                                .map(|a| {
                                    a.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_owned)
                                        .collect()
                                })
                                .unwrap_or_default();
                            (k.to_ascii_lowercase(), values)
                        })
                        .collect()
                })
                .unwrap_or_default();
            order.push(id);
            by_id.insert(
                id,
                Exchange {
                    method: request["method"].as_str().unwrap_or_default().to_owned(),
                    uri: request["uri"].as_str().unwrap_or_default().to_owned(),
                    headers,
                    body: None,
                    status: 0,
                    response_headers: Vec::new(),
                    response_body: String::new(),
                },
            );
        } else if let Some(response) = action.get("Response") {
            let ok = &response["response"]["Ok"];
            let exchange = by_id.get_mut(&id).expect("response before request");
            exchange.status = ok["status"].as_u64().expect("status") as u16;
            if let Some(headers) = ok["headers"].as_object() {
                for (k, v) in headers {
                    for value in v.as_array().into_iter().flatten() {
                        exchange
                            .response_headers
                            .push((k.clone(), value.as_str().unwrap_or_default().to_owned()));
                    }
                }
            }
        } else if let Some(data) = action.get("Data") {
            let text = data["data"]["Utf8"]
                .as_str()
                .expect("only Utf8 data is recorded")
                .to_owned();
            let exchange = by_id.get_mut(&id).expect("data before request");
            match data["direction"].as_str() {
                Some("Request") => exchange
                    .body
                    .get_or_insert_with(String::new)
                    .push_str(&text),
                _ => exchange.response_body.push_str(&text),
            }
        }
    }
    order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect()
}

#[derive(Debug, Default)]
struct State {
    next: usize,
    problems: Vec<String>,
    sent: Vec<HttpRequest>,
}

/// The replaying transport. Clones share the recording and the findings.
#[derive(Debug, Clone)]
pub struct Replay {
    exchanges: Arc<Vec<Exchange>>,
    state: Arc<Mutex<State>>,
}

impl Replay {
    pub fn new(exchanges: Vec<Exchange>) -> Self {
        Replay {
            exchanges: Arc::new(exchanges),
            state: Arc::default(),
        }
    }

    /// Mismatches, and recorded requests that were never sent.
    pub fn problems(&self) -> Vec<String> {
        let state = self.state.lock().unwrap();
        let mut problems = state.problems.clone();
        for missing in &self.exchanges[state.next.min(self.exchanges.len())..] {
            problems.push(format!(
                "recorded request not sent: {} {}",
                missing.method, missing.uri
            ));
        }
        problems
    }

    /// Every request sent, in order.
    pub fn sent(&self) -> Vec<HttpRequest> {
        self.state.lock().unwrap().sent.clone()
    }
}

impl HttpTransport for Replay {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut state = self.state.lock().unwrap();
        let index = state.next;
        state.next += 1;
        state.sent.push(request.clone());
        let result = match self.exchanges.get(index) {
            None => {
                state.problems.push(format!(
                    "unexpected request #{}: {} {}",
                    index + 1,
                    request.method,
                    request.url
                ));
                Err(TransportError::new("no recorded response", None))
            }
            Some(expected) => {
                for problem in compare(expected, &request) {
                    state.problems.push(format!(
                        "request #{} ({} {}): {problem}",
                        index + 1,
                        expected.method,
                        expected.uri
                    ));
                }
                Ok(HttpResponse::new(
                    expected.status,
                    expected
                        .response_headers
                        .iter()
                        .cloned()
                        .collect::<Headers>(),
                    expected.response_body.clone().into_bytes(),
                ))
            }
        };
        Box::pin(async move { result })
    }
}

const COMPARED_HEADERS: &[&str] = &[
    "content-type",
    "accept",
    "x-aws-ec2-metadata-token",
    "x-aws-ec2-metadata-token-ttl-seconds",
];

fn compare(expected: &Exchange, actual: &HttpRequest) -> Vec<String> {
    let mut problems = Vec::new();
    if actual.method != expected.method {
        problems.push(format!(
            "method {} (recorded {})",
            actual.method, expected.method
        ));
    }
    if actual.url != expected.uri {
        problems.push(format!("URI {} (recorded {})", actual.url, expected.uri));
    }
    for name in COMPARED_HEADERS {
        let (ours, theirs) = (actual.headers.get(name), expected.header(name));
        if ours != theirs {
            problems.push(format!("header {name}: {ours:?} (recorded {theirs:?})"));
        }
    }
    let is_sts = expected.uri.starts_with("https://sts.");
    match (
        expected.header("authorization"),
        actual.headers.get("authorization"),
    ) {
        (Some(theirs), Some(ours)) if theirs.starts_with("AWS4-HMAC-SHA256 ") => {
            if scope(ours) != scope(theirs) || scope(ours).is_none() {
                problems.push(format!(
                    "SigV4 scope {:?} (recorded {:?})",
                    scope(ours),
                    scope(theirs)
                ));
            }
            let (ours, theirs) = (
                actual.headers.get("x-amz-date"),
                expected.header("x-amz-date"),
            );
            if ours != theirs {
                problems.push(format!("x-amz-date {ours:?} (recorded {theirs:?})"));
            }
        }
        (Some(_), None) => problems.push("not signed (the recording is)".into()),
        (None, Some(_)) if is_sts => problems.push("signed (the recording is not)".into()),
        _ => {}
    }
    if is_sts
        && expected.header("x-amz-security-token").is_some()
            != actual.headers.get("x-amz-security-token").is_some()
    {
        problems.push("x-amz-security-token presence differs".into());
    }
    let ours = String::from_utf8_lossy(&actual.body);
    match &expected.body {
        None if !ours.is_empty() => problems.push("a body (the recording has none)".into()),
        None => {}
        Some(theirs) => {
            let (ours, theirs) = (form(&ours), form(theirs));
            let names = |f: &BTreeMap<String, String>| f.keys().cloned().collect::<Vec<_>>();
            if names(&ours) != names(&theirs) {
                problems.push(format!(
                    "form parameters {:?} (recorded {:?})",
                    names(&ours),
                    names(&theirs)
                ));
            }
            let mut compared = vec!["Action", "Version"];
            if theirs.get("Action").map(String::as_str) == Some("AssumeRole") {
                compared.extend(["RoleArn", "RoleSessionName"]);
            }
            for key in compared {
                if ours.get(key) != theirs.get(key) {
                    problems.push(format!(
                        "form {key} {:?} (recorded {:?})",
                        ours.get(key),
                        theirs.get(key)
                    ));
                }
            }
        }
    }
    problems
}

/// `<date>/<region>/<service>/aws4_request` of a SigV4 `Authorization` header.
fn scope(authorization: &str) -> Option<&str> {
    let credential = authorization.split("Credential=").nth(1)?;
    let credential = credential.split(',').next()?;
    credential.split_once('/').map(|(_, scope)| scope)
}

/// A form body as decoded pairs.
pub fn form(body: &str) -> BTreeMap<String, String> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}
