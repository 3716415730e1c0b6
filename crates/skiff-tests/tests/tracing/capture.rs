//! Tracing (runtime feature `tracing`): a subscriber captures every span and event of a call
//! that is retried once (503, then 200) and checks what is there — the call span's service,
//! operation, region, status, request id and duration, one span per attempt, the retry event
//! with its reason and delay — and that no secret is: not the secret key, the session token,
//! the signature, the input's values, the body, nor the output's `@sensitive` member.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use skiff_runtime::config::{FixedJitter, TimeoutConfig};
use skiff_runtime::timer::FakeClock;
use skiff_runtime::{Config, Credentials};
use skiff_test_waiters::Client;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::server::{serve, Canned};

/// What was captured: spans (name and fields) by id, and events (span name they were in,
/// fields including `message`).
/// Recorded fields, in order: (name, value).
type FieldList = Vec<(String, String)>;

#[derive(Default)]
struct State {
    next: u64,
    spans: BTreeMap<u64, (String, FieldList)>,
    events: Vec<(Option<String>, FieldList)>,
    stack: Vec<u64>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<State>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut state = self.0.lock().unwrap();
        state.next += 1;
        let id = state.next;
        let mut fields = Vec::new();
        attrs.record(&mut Fields(&mut fields));
        state
            .spans
            .insert(id, (attrs.metadata().name().to_owned(), fields));
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.0.lock().unwrap();
        if let Some((_, fields)) = state.spans.get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut state = self.0.lock().unwrap();
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let span = state
            .stack
            .last()
            .and_then(|id| state.spans.get(id))
            .map(|(name, _)| name.clone());
        state.events.push((span, fields));
    }
    fn enter(&self, span: &Id) {
        self.0.lock().unwrap().stack.push(span.into_u64());
    }
    fn exit(&self, _: &Id) {
        self.0.lock().unwrap().stack.pop();
    }
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

const SECRET_KEY: &str = "wJalrXUtnFEMI-SECRET-KEY";
const SESSION_TOKEN: &str = "SESSION-TOKEN-abc123";
const SENSITIVE: &str = "TOPSECRET-sensitive-member";
const INPUT_VALUE: &str = "thing-input-value-42";

#[tokio::test(flavor = "current_thread")]
async fn spans_and_events_without_secrets() {
    let json = ("Content-Type", "application/x-amz-json-1.1");
    let (url, server) = serve(vec![
        Canned::new(
            503,
            &[json, ("x-amzn-RequestId", "req-503")],
            r#"{"__type": "ServiceUnavailable"}"#,
        ),
        Canned::new(
            200,
            &[json, ("x-amzn-RequestId", "req-200")],
            format!(r#"{{"thing": {{"id": "t", "secret": "{SENSITIVE}"}}}}"#),
        ),
    ])
    .await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let client = Client::new(
        Config::builder()
            .region("eu-west-1")
            .endpoint_url(&url)
            .credentials(Credentials::new(
                "AKIDTRACE",
                SECRET_KEY,
                Some(SESSION_TOKEN.into()),
            ))
            .time_source(clock.clone())
            .sleep_impl(clock.sleeper())
            .timeout_config(TimeoutConfig::disabled())
            .retry_jitter(FixedJitter(0.5))
            .build(),
    );
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    let out = client
        .describe_thing()
        .thing_id(INPUT_VALUE)
        .send()
        .await
        .expect("success after a retry");
    drop(guard);
    assert_eq!(
        out.thing().and_then(|t| t.secret.as_deref()),
        Some(SENSITIVE)
    );
    assert_eq!(server.await.unwrap().len(), 2);

    let state = capture.0.lock().unwrap();
    let calls: Vec<_> = state
        .spans
        .values()
        .filter(|(name, _)| name == "skiff.call")
        .collect();
    let [(_, call)] = calls.as_slice() else {
        panic!("{:?}", state.spans)
    };
    assert_eq!(field(call, "service"), Some("WaiterTest"));
    assert_eq!(field(call, "operation"), Some("DescribeThing"));
    assert_eq!(field(call, "region"), Some("eu-west-1"));
    assert_eq!(field(call, "status"), Some("200"));
    assert_eq!(field(call, "request_id"), Some("req-200"));
    assert_eq!(field(call, "outcome"), Some("success"));
    assert!(field(call, "duration_ms").is_some());
    let attempts: Vec<_> = state
        .spans
        .values()
        .filter(|(name, _)| name == "skiff.attempt")
        .map(|(_, f)| field(f, "attempt").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(attempts, ["1", "2"]);
    let attempt_results: Vec<_> = state
        .events
        .iter()
        .filter(|(_, f)| field(f, "message") == Some("attempt finished"))
        .map(|(span, f)| {
            (
                span.clone().unwrap_or_default(),
                field(f, "status").unwrap_or_default().to_owned(),
                field(f, "request_id").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        attempt_results,
        [
            ("skiff.attempt".into(), "503".into(), "req-503".into()),
            ("skiff.attempt".into(), "200".into(), "req-200".into()),
        ]
    );
    let retry = state
        .events
        .iter()
        .find(|(_, f)| field(f, "message") == Some("retrying"))
        .expect("a retry event");
    assert_eq!(retry.0.as_deref(), Some("skiff.call"));
    assert_eq!(field(&retry.1, "attempt"), Some("1"));
    assert_eq!(field(&retry.1, "reason"), Some("Transient"));
    assert!(field(&retry.1, "delay_ms").is_some());
    assert!(state
        .events
        .iter()
        .any(|(_, f)| field(f, "message") == Some("call finished")));

    let everything = format!("{:?} {:?}", state.spans, state.events);
    for secret in [
        SECRET_KEY,
        SESSION_TOKEN,
        SENSITIVE,
        INPUT_VALUE,
        "AWS4-HMAC-SHA256",
        "Signature",
        "thingId",
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} was traced: {everything}"
        );
    }
}

/// Fails until `fail` is cleared, else gives credentials that expire an hour after `NOW`.
#[derive(Debug)]
struct Flaky {
    fail: std::sync::atomic::AtomicBool,
}

const NOW: u64 = 1_700_000_000;

impl skiff_runtime::ProvideCredentials for Flaky {
    fn provide_credentials(
        &self,
    ) -> skiff_runtime::http::BoxFuture<'_, Result<Credentials, skiff_runtime::CredentialsError>>
    {
        let fail = self.fail.load(std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move {
            if fail {
                return Err(skiff_runtime::CredentialsError::new(
                    skiff_runtime::error::CredentialsErrorKind::Provider,
                    "the metadata endpoint answered 500",
                ));
            }
            let expiry = std::time::UNIX_EPOCH + std::time::Duration::from_secs(NOW + 3600);
            Ok(
                Credentials::new("AKIDCACHE", SECRET_KEY, Some(SESSION_TOKEN.into()))
                    .with_expiry(expiry),
            )
        })
    }
}

#[tokio::test(flavor = "current_thread")]
async fn credential_loads_are_traced_without_secrets() {
    let provider = Arc::new(Flaky { fail: true.into() });
    let now = Arc::new(std::sync::atomic::AtomicU64::new(NOW));
    let clock = now.clone();
    let cache = skiff_runtime::CredentialsCache::builder(provider.clone())
        .clock(move || {
            std::time::UNIX_EPOCH
                + std::time::Duration::from_secs(clock.load(std::sync::atomic::Ordering::SeqCst))
        })
        .build();
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    assert!(cache.credentials().await.is_err());
    provider
        .fail
        .store(false, std::sync::atomic::Ordering::SeqCst);
    cache.credentials().await.expect("loaded");
    // Inside the refresh-ahead window (5 minutes before expiry), a failing refresh keeps the
    // still-valid credentials.
    now.store(NOW + 3400, std::sync::atomic::Ordering::SeqCst);
    provider
        .fail
        .store(true, std::sync::atomic::Ordering::SeqCst);
    cache.credentials().await.expect("kept");
    drop(guard);

    let state = capture.0.lock().unwrap();
    let events: Vec<_> = state
        .events
        .iter()
        .map(|(_, f)| {
            (
                field(f, "message").unwrap_or_default().to_owned(),
                field(f, "outcome").unwrap_or_default().to_owned(),
                field(f, "expires_in_s").map(str::to_owned),
                field(f, "error").map(str::to_owned),
            )
        })
        .collect();
    let error = "an error occurred while loading credentials: the metadata endpoint answered 500";
    assert_eq!(
        events,
        [
            (
                "credentials not loaded".to_owned(),
                "failed".to_owned(),
                None,
                Some(error.to_owned())
            ),
            (
                "credentials loaded".to_owned(),
                "loaded".to_owned(),
                Some("3600".to_owned()),
                None
            ),
            (
                "credentials not loaded".to_owned(),
                "refresh failed, kept".to_owned(),
                Some("200".to_owned()),
                Some(error.to_owned())
            ),
        ]
    );
    let all = format!("{:?}", state.events);
    for secret in [SECRET_KEY, SESSION_TOKEN] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
}
