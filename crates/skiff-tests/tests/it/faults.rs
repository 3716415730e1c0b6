//! Fault injection: generated clients of three protocols (awsJson1_1: CodePipeline, awsQuery:
//! CloudFormation, Huawei REST+JSON: RFS) against a misbehaving server on 127.0.0.1
//! (`fault_server`), with retries on. Each case asserts the typed outcome and the number of
//! attempts; backoff runs on a fake clock (instant, delays recorded), timeouts on real short
//! limits, so the whole matrix takes seconds and nothing can hang. `fault_matrix` prints the
//! table (fault, protocol, outcome, attempts, time).

use std::time::{Duration, Instant};

use skiff_runtime::config::{QuotaCosts, RetryConfig, TimeoutConfig};
use skiff_runtime::http::{RequestSent, TransportErrorKind};
use skiff_runtime::timer::{FakeClock, TimeoutKind, TokioSleep};
use skiff_runtime::{ConfigBuilder, Credentials, SdkError};

use crate::fault_server::{Behaviour, Canned, FaultServer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Proto {
    AwsJson,
    AwsQuery,
    /// Huawei `GET` (idempotent: retried like AWS).
    HuaweiGet,
    /// Huawei `POST` (not idempotent: retried only when nothing was sent).
    HuaweiPost,
}

const PROTOCOLS: [Proto; 4] = [
    Proto::AwsJson,
    Proto::AwsQuery,
    Proto::HuaweiGet,
    Proto::HuaweiPost,
];

impl Proto {
    fn ok(self) -> Canned {
        match self {
            Proto::AwsJson => Canned::new(200)
                .header("Content-Type", "application/x-amz-json-1.1")
                .body(r#"{"jobDetails": {"id": "job-1"}}"#),
            Proto::AwsQuery => Canned::new(200).header("Content-Type", "text/xml").body(
                "<ListHookResultsResponse><ListHookResultsResult><TargetId>t-1</TargetId>\
                 </ListHookResultsResult></ListHookResultsResponse>",
            ),
            Proto::HuaweiGet => Canned::new(200)
                .header("Content-Type", "application/json")
                .body(r#"{"hook_name": "h-1"}"#),
            Proto::HuaweiPost => Canned::new(201)
                .header("Content-Type", "application/json")
                .body(r#"{"hook_name": "h-1"}"#),
        }
    }

    fn throttled(self) -> Canned {
        match self {
            Proto::AwsJson => Canned::new(400)
                .header("Content-Type", "application/x-amz-json-1.1")
                .body(r#"{"__type": "ThrottlingException", "message": "slow down"}"#),
            Proto::AwsQuery => Canned::new(400).body(
                "<ErrorResponse><Error><Code>Throttling</Code><Message>slow down</Message></Error>\
                 </ErrorResponse>",
            ),
            Proto::HuaweiGet | Proto::HuaweiPost => Canned::new(429)
                .header("Content-Type", "application/json")
                .body(r#"{"error_code": "APIGW.0308", "error_msg": "slow down"}"#),
        }
    }

    fn deep_body(self) -> Canned {
        let depth = 10_000;
        match self {
            Proto::AwsQuery => Canned::new(200).body(format!(
                "<ListHookResultsResponse>{}{}</ListHookResultsResponse>",
                "<a>".repeat(depth),
                "</a>".repeat(depth)
            )),
            _ => Canned::new(200).body(format!(
                r#"{{"jobDetails": {}{}, "hook_name": "x"}}"#,
                r#"{"data": "#.repeat(depth),
                "}".repeat(depth)
            )),
        }
    }
}

/// What a call ended in, in a form the matrix compares and prints.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Service(u16),
    Response,
    Transport(TransportErrorKind, Option<TimeoutKind>),
}

struct Run {
    outcome: Outcome,
    attempts: u32,
    requests: usize,
    recorded: Vec<crate::fault_server::Recorded>,
    elapsed: Duration,
    sleeps: Vec<Duration>,
    display: String,
}

fn summarize<T, E: std::fmt::Debug>(result: Result<T, SdkError<E>>) -> (Outcome, u32, String)
where
    SdkError<E>: std::fmt::Display,
{
    match result {
        Ok(_) => (Outcome::Ok, 0, String::new()),
        Err(e) => {
            let outcome = match &e {
                SdkError::Service(_) => Outcome::Service(e.status().unwrap_or(0)),
                SdkError::Response(_) => Outcome::Response,
                SdkError::Transport(t) => {
                    Outcome::Transport(t.kind(), t.timeout().map(|t| t.kind()))
                }
                other => panic!("unexpected failure {other:?}"),
            };
            (outcome, e.attempts(), e.to_string())
        }
    }
}

/// Calls `proto`'s operation against a server answering `script`, with `tweak` applied to a
/// config whose retries run on a fake clock unless `tweak` says otherwise.
async fn call(
    proto: Proto,
    script: Vec<Behaviour>,
    tweak: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
) -> Run {
    let server = FaultServer::start(script).expect("server starts");
    run_at(proto, &server.url(), &server, tweak).await
}

async fn run_at(
    proto: Proto,
    url: &str,
    server: &FaultServer,
    tweak: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
) -> Run {
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let config = skiff_runtime::Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .project_id("p-1")
        .time_source(clock.clone())
        .sleep_impl(clock.sleeper())
        // Real I/O cannot race a fake timer: the limits are off unless a case sets them (on
        // the real timer).
        .timeout_config(TimeoutConfig::disabled());
    let config = tweak(config).build();
    let started = Instant::now();
    let (outcome, attempts, display) = match proto {
        Proto::AwsJson => summarize(
            skiff_aws_codepipeline::Client::new(config)
                .get_third_party_job_details()
                .job_id("job-1")
                .client_token("token")
                .send()
                .await,
        ),
        Proto::AwsQuery => summarize(
            skiff_aws_cloudformation::Client::new(config)
                .list_hook_results()
                .target_type(skiff_aws_cloudformation::types::ListHookResultsTargetType::ChangeSet)
                .target_id("arn:cs")
                .send()
                .await,
        ),
        Proto::HuaweiGet => summarize(
            skiff_huaweicloud_rfs::Client::new(config)
                .show_private_hook_metadata()
                .hook_name("h-1")
                .send()
                .await,
        ),
        Proto::HuaweiPost => summarize(
            skiff_huaweicloud_rfs::Client::new(config)
                .create_private_hook()
                .hook_name("h-1")
                .hook_version("1.0.0")
                .policy_body("package policy")
                .send()
                .await,
        ),
    };
    Run {
        outcome,
        attempts,
        requests: server.requests(),
        recorded: server.recorded(),
        elapsed: started.elapsed(),
        sleeps: clock.sleeps(),
        display,
    }
}

fn real_timer(timeouts: TimeoutConfig) -> impl FnOnce(ConfigBuilder) -> ConfigBuilder {
    move |c| c.sleep_impl(TokioSleep).timeout_config(timeouts)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn retried(proto: Proto) -> bool {
    proto != Proto::HuaweiPost
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix() {
    use Outcome::*;
    use TransportErrorKind as K;
    let mut table = Vec::new();
    for proto in PROTOCOLS {
        let all = |_: Proto| 3u32;
        let cases: Vec<(&str, Vec<Behaviour>, Outcome, u32, usize)> = vec![
            (
                "500 then 200",
                vec![Behaviour::status(500), Behaviour::Respond(proto.ok())],
                if retried(proto) { Ok } else { Service(500) },
                if retried(proto) { 0 } else { 1 },
                if retried(proto) { 2 } else { 1 },
            ),
            (
                "503 forever",
                vec![Behaviour::status(503)],
                Service(503),
                if retried(proto) { all(proto) } else { 1 },
                if retried(proto) { 3 } else { 1 },
            ),
            (
                "HTML 502",
                vec![Behaviour::Respond(
                    Canned::new(502)
                        .header("Content-Type", "text/html")
                        .body("<html><body>Bad Gateway</body></html>"),
                )],
                Service(502),
                if retried(proto) { 3 } else { 1 },
                if retried(proto) { 3 } else { 1 },
            ),
            (
                "throttled then 200",
                vec![
                    Behaviour::Respond(proto.throttled()),
                    Behaviour::Respond(proto.ok()),
                ],
                if retried(proto) {
                    Ok
                } else {
                    Service(proto.throttled().status)
                },
                if retried(proto) { 0 } else { 1 },
                if retried(proto) { 2 } else { 1 },
            ),
            (
                "reset before response",
                vec![Behaviour::ResetBeforeResponse],
                Transport(K::Io, None),
                if retried(proto) { 3 } else { 1 },
                if retried(proto) { 3 } else { 1 },
            ),
            (
                "close before response",
                vec![
                    Behaviour::CloseBeforeResponse,
                    Behaviour::Respond(proto.ok()),
                ],
                if retried(proto) {
                    Ok
                } else {
                    Transport(K::Io, None)
                },
                if retried(proto) { 0 } else { 1 },
                if retried(proto) { 2 } else { 1 },
            ),
            (
                "reset mid-body",
                vec![Behaviour::ResetMidBody {
                    response: proto.ok(),
                    after: 5,
                }],
                Transport(K::Io, None),
                if retried(proto) { 3 } else { 1 },
                if retried(proto) { 3 } else { 1 },
            ),
            (
                "truncated body",
                vec![Behaviour::Truncated {
                    response: proto.ok(),
                    missing: 10,
                }],
                Transport(K::Io, None),
                if retried(proto) { 3 } else { 1 },
                if retried(proto) { 3 } else { 1 },
            ),
            (
                "garbage",
                vec![Behaviour::Garbage(
                    b"\x00\x01 not http at all\r\n\r\n".to_vec(),
                )],
                Transport(K::Io, None),
                if retried(proto) { 3 } else { 1 },
                if retried(proto) { 3 } else { 1 },
            ),
            (
                "HTML 200",
                vec![Behaviour::Respond(
                    Canned::new(200)
                        .header("Content-Type", "text/html")
                        .body("<html><body>Login</body></html>"),
                )],
                Response,
                1,
                1,
            ),
            (
                "deep nesting",
                vec![Behaviour::Respond(proto.deep_body())],
                Response,
                1,
                1,
            ),
        ];
        for (name, script, expected, attempts, requests) in cases {
            let run = call(proto, script, |c| c).await;
            assert_eq!(run.outcome, expected, "{name} / {proto:?}: {}", run.display);
            assert_eq!(
                run.attempts, attempts,
                "{name} / {proto:?}: {}",
                run.display
            );
            assert_eq!(run.requests, requests, "{name} / {proto:?}");
            if attempts > 1 {
                assert!(
                    run.display.contains(&format!("after {attempts} attempts")),
                    "{name} / {proto:?}: {}",
                    run.display
                );
            }
            table.push((name.to_owned(), proto, run));
        }
    }
    println!(
        "{:<24} {:<11} {:<34} {:>8} {:>9}",
        "fault", "protocol", "outcome", "attempts", "time"
    );
    for (name, proto, run) in &table {
        println!(
            "{name:<24} {:<11} {:<34} {:>8} {:>8.0?}",
            format!("{proto:?}"),
            format!("{:?}", run.outcome),
            run.attempts
                .max(u32::from(run.outcome == Outcome::Ok) * (run.requests as u32)),
            run.elapsed
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn connection_refused_is_retried_even_for_post() {
    // A port nothing listens on: bind, take the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = FaultServer::start([]).unwrap();
    for proto in PROTOCOLS {
        let run = run_at(proto, &format!("http://127.0.0.1:{port}"), &server, |c| c).await;
        assert_eq!(
            run.outcome,
            Outcome::Transport(TransportErrorKind::Connect, None),
            "{proto:?}: {}",
            run.display
        );
        // Nothing was sent, so even a non-idempotent request is retried.
        assert_eq!(run.attempts, 3, "{proto:?}");
        assert!(
            run.display
                .starts_with("transport error: could not connect to 127.0.0.1:"),
            "{}",
            run.display
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn backoff_is_jittered_exponential_and_honours_retry_after() {
    let fixed = |c: ConfigBuilder| c.retry_jitter(skiff_runtime::config::FixedJitter(0.5));
    let run = call(Proto::AwsJson, vec![Behaviour::status(503)], fixed).await;
    // 0.5 × 1 s, then 0.5 × 2 s.
    assert_eq!(run.sleeps, [ms(500), ms(1000)]);
    // A `Retry-After` of 2 s is waited for (never less than the jittered delay).
    let run = run_with_retry_after().await;
    assert_eq!(run.outcome, Outcome::Ok, "{}", run.display);
    assert_eq!(run.sleeps, [Duration::from_secs(2)]);
    assert_eq!(run.requests, 2);
    // Each attempt is signed afresh, at its own time (the fake clock moved by the backoff).
    let [first, second] = &run.recorded[..] else {
        panic!("{:?}", run.recorded)
    };
    assert_eq!(first.header("x-amz-date"), Some("20231114T221320Z"));
    assert_eq!(second.header("x-amz-date"), Some("20231114T221322Z"));
    assert_ne!(
        first.header("authorization"),
        second.header("authorization")
    );
    assert_eq!(first.body, second.body);
}

async fn run_with_retry_after() -> Run {
    let script = vec![
        Behaviour::retry_after(429, "2"),
        Behaviour::Respond(Proto::AwsJson.ok()),
    ];
    call(Proto::AwsJson, script, |c| {
        c.retry_jitter(skiff_runtime::config::FixedJitter(0.1))
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn retries_keep_the_idempotency_token() {
    let script = vec![
        Behaviour::status(500),
        Behaviour::Respond(Proto::HuaweiGet.ok()),
    ];
    let run = call(Proto::HuaweiGet, script, |c| c).await;
    assert_eq!(run.outcome, Outcome::Ok, "{}", run.display);
    let tokens: Vec<_> = run
        .recorded
        .iter()
        .map(|r| r.header("client-request-id").map(str::to_owned))
        .collect();
    assert_eq!(tokens.len(), 2);
    assert!(
        tokens[0].as_deref().is_some_and(|t| t.len() == 36),
        "{tokens:?}"
    );
    assert_eq!(tokens[0], tokens[1]);
}

#[tokio::test(flavor = "current_thread")]
async fn retries_can_be_configured_or_turned_off() {
    let run = call(Proto::AwsQuery, vec![Behaviour::status(503)], |c| {
        c.retry_config(RetryConfig::standard().with_max_attempts(5))
    })
    .await;
    assert_eq!((run.attempts, run.requests), (5, 5));
    let run = call(Proto::AwsQuery, vec![Behaviour::status(503)], |c| {
        c.retry_config(RetryConfig::disabled())
    })
    .await;
    assert_eq!((run.attempts, run.requests), (1, 1));
    // Per call: the client retries, this call does not.
    let server = FaultServer::start([Behaviour::status(503)]).unwrap();
    let client = skiff_aws_cloudformation::Client::new(
        skiff_runtime::Config::builder()
            .region("us-east-1")
            .endpoint_url(server.url())
            .credentials(Credentials::new("AKID", "SECRET", None))
            .sleep_impl(FakeClock::at_epoch_secs(0).sleeper())
            .timeout_config(TimeoutConfig::disabled())
            .build(),
    );
    let err = client
        .list_hook_results()
        .target_type(skiff_aws_cloudformation::types::ListHookResultsTargetType::Stack)
        .target_id("s")
        .config_override(|c| c.retry_config(RetryConfig::disabled()))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), server.requests()), (1, 1));
}

#[tokio::test(flavor = "current_thread")]
async fn retry_quota_runs_out() {
    // Each retry costs half the quota: the third failure finds it empty, although ten attempts
    // are allowed.
    let costs = QuotaCosts {
        retry: 250,
        timeout: 250,
        ..QuotaCosts::STANDARD
    };
    let run = call(Proto::AwsJson, vec![Behaviour::status(503)], |c| {
        c.retry_config(
            RetryConfig::standard()
                .with_max_attempts(10)
                .with_costs(costs),
        )
    })
    .await;
    assert_eq!(run.outcome, Outcome::Service(503));
    assert_eq!((run.attempts, run.requests), (3, 3));
}

#[tokio::test(flavor = "current_thread")]
async fn stall_fires_the_attempt_timeout_then_the_operation_timeout() {
    let limits = TimeoutConfig::disabled()
        .with_attempt(Some(ms(200)))
        .with_operation(Some(ms(1500)));
    let run = call(Proto::AwsJson, vec![Behaviour::Stall], |c| {
        real_timer(limits)(c).retry_jitter(skiff_runtime::config::FixedJitter(0.1))
    })
    .await;
    // Three attempts of 200 ms, with backoffs of 100 and 200 ms, fit in the 1.5 s budget.
    assert_eq!(
        run.outcome,
        Outcome::Transport(TransportErrorKind::Timeout, Some(TimeoutKind::Attempt)),
        "{}",
        run.display
    );
    assert_eq!(run.attempts, 3, "{}", run.display);
    assert!(run.elapsed < Duration::from_secs(5), "{:?}", run.elapsed);
    // Without an attempt limit, the operation limit ends it.
    let limits = TimeoutConfig::disabled().with_operation(Some(ms(500)));
    let run = call(Proto::AwsQuery, vec![Behaviour::Stall], real_timer(limits)).await;
    assert_eq!(
        run.outcome,
        Outcome::Transport(TransportErrorKind::Timeout, Some(TimeoutKind::Operation)),
        "{}",
        run.display
    );
    assert!(
        run.display.contains("operation timeout of 500ms elapsed"),
        "{}",
        run.display
    );
}

#[tokio::test(flavor = "current_thread")]
async fn drip_is_ended_by_the_operation_timeout_not_the_idle_one() {
    let script = vec![Behaviour::Drip {
        response: Proto::HuaweiGet.ok(),
        interval: ms(100),
    }];
    let limits = TimeoutConfig::disabled()
        .with_idle_read(Some(ms(1000)))
        .with_operation(Some(ms(700)));
    let run = call(Proto::HuaweiGet, script, real_timer(limits)).await;
    assert_eq!(
        run.outcome,
        Outcome::Transport(TransportErrorKind::Timeout, Some(TimeoutKind::Operation)),
        "{}",
        run.display
    );
    // A body that stops arriving fires the idle-read limit instead.
    let script = vec![Behaviour::Drip {
        response: Proto::HuaweiGet.ok(),
        interval: ms(2000),
    }];
    let limits = TimeoutConfig::disabled()
        .with_idle_read(Some(ms(200)))
        .with_operation(Some(ms(3000)));
    let run = call(Proto::HuaweiGet, script, |c| {
        real_timer(limits)(c).retry_config(RetryConfig::disabled())
    })
    .await;
    assert_eq!(
        run.outcome,
        Outcome::Transport(TransportErrorKind::Timeout, Some(TimeoutKind::IdleRead)),
        "{}",
        run.display
    );
}

#[tokio::test(flavor = "current_thread")]
async fn body_over_the_cap_fails_while_reading_and_is_not_retried() {
    let run = call(Proto::AwsJson, vec![Behaviour::mebibytes(8)], |c| {
        c.max_response_size(1 << 20)
    })
    .await;
    assert_eq!(
        run.outcome,
        Outcome::Transport(TransportErrorKind::InvalidResponse, None),
        "{}",
        run.display
    );
    assert_eq!(run.attempts, 1);
    assert!(
        run.display.contains("over the limit of 1048576 bytes"),
        "{}",
        run.display
    );
}

#[tokio::test(flavor = "current_thread")]
async fn wrong_content_length_and_content_type() {
    // A `Content-Length` shorter than the body: the client reads what was declared, which is
    // not a whole document.
    let mut ok = Proto::AwsJson.ok();
    ok.body = br#"{"jobDetails": {"id": "job-1"}}"#.to_vec();
    let script = vec![Behaviour::WrongContentLength {
        response: ok,
        declared: "10".to_owned(),
    }];
    let run = call(Proto::AwsJson, script, |c| {
        c.retry_config(RetryConfig::disabled())
    })
    .await;
    assert_eq!(run.outcome, Outcome::Response, "{}", run.display);
    // The content type is not checked (as in the AWS SDKs): a JSON body labelled as HTML reads.
    let script = vec![Behaviour::Respond(
        Canned::new(200)
            .header("Content-Type", "text/html")
            .body(r#"{"jobDetails": {"id": "job-1"}}"#),
    )];
    let run = call(Proto::AwsJson, script, |c| c).await;
    assert_eq!(run.outcome, Outcome::Ok, "{}", run.display);
}

#[tokio::test(flavor = "current_thread")]
async fn errors_keep_the_raw_response_and_what_was_sent() {
    let server = FaultServer::start([Behaviour::Respond(
        Canned::new(503)
            .header("x-amzn-RequestId", "r-503")
            .body("service unavailable"),
    )])
    .unwrap();
    let config = skiff_runtime::Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::disabled())
        .build();
    let err = skiff_aws_codepipeline::Client::new(config)
        .get_third_party_job_details()
        .job_id("j")
        .client_token("t")
        .send()
        .await
        .unwrap_err();
    let raw = err.raw_response().expect("raw response");
    assert_eq!(raw.status, 503);
    assert_eq!(&raw.body[..], b"service unavailable");
    assert_eq!(raw.headers.get("x-amzn-requestid"), Some("r-503"));
    // Neither Display nor Debug shows the body.
    assert!(!err.to_string().contains("unavailable"), "{err}");
    assert!(!format!("{err:?}").contains("unavailable"), "{err:?}");
    // A transport failure says how far the request got.
    let server = FaultServer::start([Behaviour::ResetMidBody {
        response: Proto::AwsJson.ok(),
        after: 3,
    }])
    .unwrap();
    let config = skiff_runtime::Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::disabled())
        .build();
    let err = skiff_aws_codepipeline::Client::new(config)
        .get_third_party_job_details()
        .job_id("j")
        .client_token("t")
        .send()
        .await
        .unwrap_err();
    let SdkError::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.request_sent(), RequestSent::Yes);
    assert!(!t.is_timeout() && !t.is_connect());
    // The cause is shown once: `source()` adds nothing the text does not say.
    assert!(std::error::Error::source(&err).is_none(), "{err}");
}

/// A `Client` is `Clone + Send + Sync`, and concurrent calls share its connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_reuse_connections() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<skiff_aws_codepipeline::Client>();
    assert_shareable::<skiff_aws_cloudformation::Client>();
    assert_shareable::<skiff_huaweicloud_rfs::Client>();
    const TASKS: usize = 64;
    const CALLS: usize = 200;
    let server = FaultServer::start([Behaviour::Respond(Proto::AwsJson.ok())]).unwrap();
    let config = skiff_runtime::Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    let client = skiff_aws_codepipeline::Client::new(config);
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut errors = 0;
                for _ in 0..CALLS {
                    let result = client
                        .get_third_party_job_details()
                        .job_id("job-1")
                        .client_token("t")
                        .send()
                        .await;
                    match result {
                        Ok(out) => {
                            assert_eq!(out.job_details().and_then(|d| d.id()), Some("job-1"))
                        }
                        Err(_) => errors += 1,
                    }
                }
                errors
            })
        })
        .collect();
    let mut errors = 0;
    for task in tasks {
        errors += task.await.unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(errors, 0);
    assert_eq!(server.requests(), TASKS * CALLS);
    // Connections are pooled: about one per task (the pool may open a few more when many
    // tasks ask at once), far fewer than calls.
    assert!(
        server.connections() <= 2 * TASKS,
        "{} connections for {} calls",
        server.connections(),
        TASKS * CALLS
    );
    println!(
        "concurrency: {} calls from {TASKS} tasks in {elapsed:.2?} ({:.0} calls/s) over {} connections",
        TASKS * CALLS,
        (TASKS * CALLS) as f64 / elapsed.as_secs_f64(),
        server.connections()
    );
}
