//! Tests of the retry loop, on the fake clock (instant, exact delays) unless named `real_`.

use std::sync::Mutex;
use std::time::Duration;

use super::*;
use crate::client::retry::classify::{ResponseFailure, Retryable};
use crate::config::{FixedJitter, RandomJitter};
use crate::datetime::{DateTime, TimestampFormat};
use crate::http::Headers;
use crate::timer::FakeClock;

/// What a scripted attempt returns.
#[derive(Debug)]
enum TestError {
    Transport(RequestSent, bool),
    Response {
        status: u16,
        code: Option<&'static str>,
        retryable: Option<Retryable>,
        headers: Headers,
        skew: bool,
    },
    Final,
}

impl Classify for TestError {
    fn observed(&self) -> Observed<'_> {
        match self {
            TestError::Transport(sent, timeout) => Observed::Transport(TransportFailure {
                sent: *sent,
                timeout: *timeout,
            }),
            TestError::Response {
                status,
                code,
                retryable,
                headers,
                skew,
            } => Observed::Response(ResponseFailure {
                status: *status,
                code: *code,
                retryable: *retryable,
                headers,
                clock_skew_corrected: *skew,
            }),
            TestError::Final => Observed::Final,
        }
    }
}

fn status(status: u16) -> TestError {
    with_headers(status, &[])
}

fn with_headers(status: u16, headers: &[(&str, &str)]) -> TestError {
    TestError::Response {
        status,
        code: None,
        retryable: None,
        headers: headers.iter().copied().collect(),
        skew: false,
    }
}

fn code(status: u16, code: &'static str) -> TestError {
    TestError::Response {
        status,
        code: Some(code),
        retryable: None,
        headers: Headers::new(),
        skew: false,
    }
}

fn skewed() -> TestError {
    TestError::Response {
        status: 403,
        code: Some("RequestTimeTooSkewed"),
        retryable: None,
        headers: Headers::new(),
        skew: true,
    }
}

/// One step of a script: succeed, fail, or hang forever.
enum Step {
    Ok,
    Err(TestError),
    Hang,
}

/// A test rig: fake clock, bucket, jitter, and a scripted attempt closure that records the
/// attempt numbers it was called with.
struct Rig {
    clock: FakeClock,
    bucket: TokenBucket,
    jitter: Box<dyn Jitter>,
    calls: Mutex<Vec<u32>>,
}

impl Rig {
    fn new() -> Self {
        Rig {
            clock: FakeClock::at_epoch_secs(1_700_000_000),
            bucket: TokenBucket::default(),
            jitter: Box::new(FixedJitter(0.5)),
            calls: Mutex::new(Vec::new()),
        }
    }

    fn jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Box::new(jitter);
        self
    }

    fn bucket(mut self, bucket: TokenBucket) -> Self {
        self.bucket = bucket;
        self
    }

    /// Runs `script` (the last step repeats) under `policy`.
    async fn run(
        &self,
        policy: &RetryPolicy,
        script: Vec<Step>,
    ) -> Result<u32, RetryError<TestError>> {
        let sleeper = self.clock.sleeper();
        let env = RetryEnv {
            bucket: &self.bucket,
            sleeper: &sleeper,
            clock: &self.clock,
            jitter: &*self.jitter,
        };
        let script = Mutex::new(
            script
                .into_iter()
                .collect::<std::collections::VecDeque<_>>(),
        );
        run(policy, env, |n| {
            self.calls.lock().unwrap().push(n);
            let step = {
                let mut script = script.lock().unwrap();
                if script.len() > 1 {
                    script.pop_front()
                } else {
                    script.front().map(|s| match s {
                        Step::Ok => Step::Ok,
                        Step::Hang => Step::Hang,
                        Step::Err(e) => Step::Err(clone_error(e)),
                    })
                }
            };
            async move {
                match step {
                    Some(Step::Ok) | None => Ok(n),
                    Some(Step::Err(e)) => Err(e),
                    Some(Step::Hang) => std::future::pending().await,
                }
            }
        })
        .await
    }

    fn calls(&self) -> Vec<u32> {
        self.calls.lock().unwrap().clone()
    }

    fn sleeps(&self) -> Vec<f64> {
        self.clock
            .sleeps()
            .iter()
            .map(Duration::as_secs_f64)
            .collect()
    }
}

fn clone_error(e: &TestError) -> TestError {
    match e {
        TestError::Transport(s, t) => TestError::Transport(*s, *t),
        TestError::Response {
            status,
            code,
            retryable,
            headers,
            skew,
        } => TestError::Response {
            status: *status,
            code: *code,
            retryable: *retryable,
            headers: headers.clone(),
            skew: *skew,
        },
        TestError::Final => TestError::Final,
    }
}

fn policy(config: RetryConfig) -> RetryPolicy {
    RetryPolicy::new(config, &TimeoutConfig::disabled())
}

fn standard(max_attempts: u32) -> RetryPolicy {
    policy(RetryConfig::standard().with_max_attempts(max_attempts))
}

#[tokio::test]
async fn backoff_doubles_with_jitter() {
    let rig = Rig::new();
    let err = rig
        .run(&standard(5), vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 5);
    assert_eq!(err.reason(), GaveUp::MaxAttempts);
    assert!(matches!(
        err.error(),
        AttemptError::Failed(TestError::Response { status: 503, .. })
    ));
    assert_eq!(rig.calls(), [1, 2, 3, 4, 5]);
    assert_eq!(rig.sleeps(), [0.5, 1.0, 2.0, 4.0]);
    // 4 retries at 5 tokens, no refund.
    assert_eq!(rig.bucket.available(), 480);
    assert_eq!(
        err.to_string(),
        "HTTP 503 (after 5 attempts: max attempts reached)"
    );
}

impl std::fmt::Display for TestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TestError::Transport(sent, timeout) => write!(f, "transport {sent:?} {timeout}"),
            TestError::Response { status, .. } => write!(f, "HTTP {status}"),
            TestError::Final => f.write_str("final"),
        }
    }
}

#[tokio::test]
async fn backoff_is_capped() {
    let rig = Rig::new().jitter(FixedJitter(1.0));
    let err = rig
        .run(&standard(9), vec![Step::Err(status(500))])
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 9);
    assert_eq!(rig.sleeps(), [1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0, 20.0]);
    let rig = Rig::new().jitter(FixedJitter(1.0));
    let config = RetryConfig::standard()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_millis(250));
    rig.run(&policy(config), vec![Step::Err(status(502))])
        .await
        .unwrap_err();
    assert_eq!(rig.sleeps(), [0.1, 0.2, 0.25]);
}

#[tokio::test]
async fn jitter_stays_within_the_exponential_ceiling() {
    for seed in 0..20 {
        let rig = Rig::new().jitter(RandomJitter::with_seed(seed));
        rig.run(&standard(8), vec![Step::Err(status(504))])
            .await
            .unwrap_err();
        let ceilings = [1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0];
        let sleeps = rig.sleeps();
        assert_eq!(sleeps.len(), 7);
        for (sleep, ceiling) in sleeps.iter().zip(ceilings) {
            assert!((0.0..ceiling).contains(sleep), "{sleep} vs {ceiling}");
        }
    }
}

#[tokio::test]
async fn success_after_retries_refunds_the_last_retry() {
    let rig = Rig::new();
    let result = rig
        .run(
            &standard(3),
            vec![
                Step::Err(status(503)),
                Step::Err(TestError::Transport(RequestSent::Yes, true)),
                Step::Ok,
            ],
        )
        .await;
    assert_eq!(result.unwrap(), 3);
    // -5 (503), -10 (timeout), +10 (refund of the last retry).
    assert_eq!(rig.bucket.available(), 495);
}

#[tokio::test]
async fn success_at_once_adds_a_token_up_to_capacity() {
    let rig = Rig::new().bucket(TokenBucket::new(500));
    assert!(rig.bucket.try_acquire(3));
    assert_eq!(rig.run(&standard(3), vec![Step::Ok]).await.unwrap(), 1);
    assert_eq!(rig.bucket.available(), 498);
    rig.run(&standard(3), vec![Step::Ok]).await.unwrap();
    rig.run(&standard(3), vec![Step::Ok]).await.unwrap();
    rig.run(&standard(3), vec![Step::Ok]).await.unwrap();
    assert_eq!(rig.bucket.available(), 500);
    assert!(rig.clock.sleeps().is_empty());
}

#[tokio::test]
async fn quota_exhaustion_stops_retries() {
    let rig = Rig::new().bucket(TokenBucket::new(12));
    let err = rig
        .run(&standard(10), vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (3, GaveUp::QuotaExhausted));
    assert_eq!(rig.bucket.available(), 2);
    // The bucket is shared: the next call gets no retry at all.
    let err = rig
        .run(&standard(10), vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (1, GaveUp::QuotaExhausted));
    // Timeouts cost 10.
    let rig = Rig::new().bucket(TokenBucket::new(15));
    let timeout = TestError::Transport(RequestSent::No, true);
    let err = rig
        .run(&standard(10), vec![Step::Err(timeout)])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (2, GaveUp::QuotaExhausted));
    assert_eq!(rig.bucket.available(), 5);
    // An unlimited bucket leaves max attempts as the only bound.
    let rig = Rig::new().bucket(TokenBucket::unlimited());
    let err = rig
        .run(&standard(50), vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (50, GaveUp::MaxAttempts));
}

#[tokio::test]
async fn throttling_costs_and_bases_in_2026_mode() {
    let rig = Rig::new();
    let config = RetryConfig::standard_2026().with_max_attempts(3);
    rig.run(
        &policy(config.clone()),
        vec![Step::Err(code(400, "ThrottlingException"))],
    )
    .await
    .unwrap_err();
    assert_eq!(rig.sleeps(), [0.5, 1.0]);
    assert_eq!(rig.bucket.available(), 490);
    let rig = Rig::new();
    rig.run(&policy(config), vec![Step::Err(status(500))])
        .await
        .unwrap_err();
    assert_eq!(rig.sleeps(), [0.025, 0.05]);
    assert_eq!(rig.bucket.available(), 472);
}

#[tokio::test]
async fn retry_after_is_honoured_and_capped() {
    let rig = Rig::new();
    let script = vec![
        Step::Err(with_headers(503, &[("Retry-After", "3")])),
        Step::Err(with_headers(429, &[("Retry-After", "3600")])),
        Step::Err(with_headers(503, &[("x-amz-retry-after", "1500")])),
        Step::Ok,
    ];
    assert_eq!(rig.run(&standard(4), script).await.unwrap(), 4);
    assert_eq!(rig.sleeps(), [3.0, 20.0, 2.0]);
    // An HTTP-date, read against the (fake) wall clock.
    let rig = Rig::new();
    let at = DateTime::from_secs(1_700_000_007).fmt(TimestampFormat::HttpDate);
    let script = vec![
        Step::Err(with_headers(503, &[("Retry-After", &at)])),
        Step::Ok,
    ];
    rig.run(&standard(3), script).await.unwrap();
    assert_eq!(rig.sleeps(), [7.0]);
    // A hint does not make a final error retryable.
    let rig = Rig::new();
    let script = vec![Step::Err(with_headers(400, &[("Retry-After", "1")]))];
    let err = rig.run(&standard(3), script).await.unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (1, GaveUp::NotRetryable));
}

#[tokio::test]
async fn non_idempotent_requests_retry_only_unsent_failures() {
    let non_idempotent = standard(3).non_idempotent(true);
    let rig = Rig::new();
    let script = vec![
        Step::Err(TestError::Transport(RequestSent::No, false)),
        Step::Ok,
    ];
    assert_eq!(rig.run(&non_idempotent, script).await.unwrap(), 2);
    for error in [
        TestError::Transport(RequestSent::Maybe, false),
        TestError::Transport(RequestSent::Yes, true),
        status(503),
        code(429, "Throttling"),
    ] {
        let rig = Rig::new();
        let err = rig
            .run(&non_idempotent, vec![Step::Err(error)])
            .await
            .unwrap_err();
        assert_eq!((err.attempts(), err.reason()), (1, GaveUp::NotRetryable));
        assert!(rig.clock.sleeps().is_empty());
    }
    // The same failures are retried when the request is idempotent.
    let rig = Rig::new();
    let script = vec![
        Step::Err(TestError::Transport(RequestSent::Maybe, false)),
        Step::Ok,
    ];
    assert_eq!(rig.run(&standard(3), script).await.unwrap(), 2);
}

#[tokio::test]
async fn final_errors_are_not_retried() {
    for error in [
        TestError::Final,
        code(400, "ValidationException"),
        status(404),
    ] {
        let rig = Rig::new();
        let err = rig
            .run(&standard(3), vec![Step::Err(error)])
            .await
            .unwrap_err();
        assert_eq!((err.attempts(), err.reason()), (1, GaveUp::NotRetryable));
        assert_eq!(rig.bucket.available(), 500);
    }
    let rig = Rig::new();
    let modeled = TestError::Response {
        status: 400,
        code: Some("Modeled"),
        retryable: Some(Retryable { throttling: false }),
        headers: Headers::new(),
        skew: false,
    };
    assert_eq!(
        rig.run(&standard(3), vec![Step::Err(modeled), Step::Ok])
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn max_attempts_of_one_never_retries() {
    let rig = Rig::new();
    let err = rig
        .run(&standard(1), vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (1, GaveUp::MaxAttempts));
    assert_eq!(rig.calls(), [1]);
}

#[tokio::test]
async fn disabled_mode_makes_one_attempt_and_leaves_the_quota_alone() {
    let rig = Rig::new().bucket(TokenBucket::new(500));
    assert!(rig.bucket.try_acquire(10));
    let disabled = policy(RetryConfig::disabled());
    let err = rig
        .run(&disabled, vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (1, GaveUp::RetriesDisabled));
    rig.run(&disabled, vec![Step::Ok]).await.unwrap();
    assert_eq!(rig.bucket.available(), 490);
}

#[tokio::test]
async fn clock_skew_is_retried_once() {
    let rig = Rig::new();
    assert_eq!(
        rig.run(&standard(3), vec![Step::Err(skewed()), Step::Ok])
            .await
            .unwrap(),
        2
    );
    let rig = Rig::new();
    let err = rig
        .run(&standard(5), vec![Step::Err(skewed())])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (2, GaveUp::NotRetryable));
    // A skew retry still counts toward max attempts.
    let rig = Rig::new();
    let script = vec![Step::Err(status(503)), Step::Err(skewed()), Step::Ok];
    let err = rig.run(&standard(2), script).await.unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (2, GaveUp::MaxAttempts));
}

#[tokio::test]
async fn attempt_timeout_drops_the_attempt_and_retries() {
    let rig = Rig::new();
    let config = RetryConfig::standard();
    let timeouts = TimeoutConfig::disabled().with_attempt(Some(Duration::from_secs(5)));
    let policy = RetryPolicy::new(config, &timeouts);
    assert_eq!(
        rig.run(&policy, vec![Step::Hang, Step::Ok]).await.unwrap(),
        2
    );
    assert_eq!(rig.sleeps(), [5.0, 0.5]);
    // Timeout cost charged, then refunded by the success.
    assert_eq!(rig.bucket.available(), 500);
    // Non-idempotent: an attempt timeout may have sent the request, so it is final.
    let rig = Rig::new();
    let err = rig
        .run(&policy.clone().non_idempotent(true), vec![Step::Hang])
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (1, GaveUp::NotRetryable));
    let AttemptError::Timeout(timeout) = err.error() else {
        panic!("{err:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Attempt);
    assert_eq!(timeout.duration(), Duration::from_secs(5));
    // Always hanging: max attempts, each one cut at 5 s.
    let rig = Rig::new();
    let err = rig.run(&policy, vec![Step::Hang]).await.unwrap_err();
    assert_eq!((err.attempts(), err.reason()), (3, GaveUp::MaxAttempts));
    assert_eq!(rig.sleeps(), [5.0, 0.5, 5.0, 1.0, 5.0]);
}

#[tokio::test]
async fn operation_timeout_cuts_a_stalled_attempt() {
    let rig = Rig::new();
    let timeouts = TimeoutConfig::disabled().with_operation(Some(Duration::from_secs(30)));
    let policy = RetryPolicy::new(RetryConfig::standard(), &timeouts);
    let err = rig.run(&policy, vec![Step::Hang]).await.unwrap_err();
    assert_eq!(
        (err.attempts(), err.reason()),
        (1, GaveUp::OperationTimeout)
    );
    let AttemptError::Timeout(timeout) = err.error() else {
        panic!("{err:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Operation);
    assert_eq!(rig.clock.elapsed(), Duration::from_secs(30));
    // Both limits: the attempt limit fires first, then the operation's budget runs out.
    let rig = Rig::new();
    let timeouts = timeouts.with_attempt(Some(Duration::from_secs(12)));
    let policy = RetryPolicy::new(RetryConfig::standard().with_max_attempts(10), &timeouts);
    let err = rig.run(&policy, vec![Step::Hang]).await.unwrap_err();
    assert_eq!(err.reason(), GaveUp::OperationTimeout);
    assert_eq!(err.attempts(), 3);
    assert!(rig.clock.elapsed() <= Duration::from_secs(30));
}

#[tokio::test]
async fn no_retry_starts_that_cannot_end_before_the_deadline() {
    let rig = Rig::new().jitter(FixedJitter(1.0));
    let timeouts = TimeoutConfig::disabled().with_operation(Some(Duration::from_secs(5)));
    let policy = RetryPolicy::new(RetryConfig::standard().with_max_attempts(10), &timeouts);
    let err = rig
        .run(&policy, vec![Step::Err(status(503))])
        .await
        .unwrap_err();
    // Slept 1 + 2; the next 4 s would end at 7 s > 5 s.
    assert_eq!(
        (err.attempts(), err.reason()),
        (3, GaveUp::OperationTimeout)
    );
    assert!(matches!(err.error(), AttemptError::Failed(_)));
    assert_eq!(rig.sleeps(), [1.0, 2.0]);
    // That retry was not paid for.
    assert_eq!(rig.bucket.available(), 490);
}

#[tokio::test]
async fn the_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let rig = Rig::new();
    let policy = standard(3);
    let sleeper = rig.clock.sleeper();
    let env = RetryEnv {
        bucket: &rig.bucket,
        sleeper: &sleeper,
        clock: &rig.clock,
        jitter: &*rig.jitter,
    };
    let future = run(&policy, env, |n| async move { Ok::<_, TestError>(n) });
    assert_send(&future);
    assert_eq!(future.await.unwrap(), 1);
}

#[cfg(feature = "rt-tokio")]
#[tokio::test]
async fn real_operation_timeout_interrupts_a_backoff() {
    let clock = FakeClock::new(std::time::SystemTime::UNIX_EPOCH); // the budget pre-check sees no time pass
    let bucket = TokenBucket::default();
    let jitter = FixedJitter(1.0);
    let config = RetryConfig::standard().with_initial_backoff(Duration::from_millis(100));
    let timeouts = TimeoutConfig::disabled().with_operation(Some(Duration::from_millis(150)));
    let policy = RetryPolicy::new(config, &timeouts);
    let env = RetryEnv {
        bucket: &bucket,
        sleeper: &crate::timer::TokioSleep,
        clock: &clock,
        jitter: &jitter,
    };
    let start = std::time::Instant::now();
    let result: Result<(), _> = run(&policy, env, |_| async {
        tokio::time::sleep(Duration::from_millis(80)).await;
        Err(status(503))
    })
    .await;
    let err = result.unwrap_err();
    assert_eq!(
        (err.attempts(), err.reason()),
        (1, GaveUp::OperationTimeout)
    );
    assert!(matches!(err.error(), AttemptError::Failed(_)));
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}
