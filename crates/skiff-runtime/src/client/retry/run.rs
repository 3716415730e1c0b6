//! The retry loop: [`run()`] makes attempts until one succeeds or a rule says stop.
//!
//! Inputs: a [`RetryPolicy`] (the client's [`RetryConfig`], the request's non-idempotent
//! flag, the attempt and operation timeouts), a [`RetryEnv`] (the client's retry quota, timer,
//! wall clock and jitter) and an attempt closure. The closure is called with the attempt number
//! (1, 2, ...) and makes each attempt afresh: it builds, signs (with a fresh time, through the
//! skew-corrected clock) and sends the request, so a retry is never a replay of stale
//! signatures, while values fixed once per call — idempotency tokens — stay as the caller set
//! them. Output: the first success, or a [`RetryError`] with the last error, the number of
//! attempts made and why the loop stopped ([`GaveUp`]).
//!
//! After a failed attempt, in order:
//! 1. retries disabled → stop ([`GaveUp::RetriesDisabled`]);
//! 2. [`classify`](super::classify()) says final, or it is a second clock-skew rejection →
//!    stop ([`GaveUp::NotRetryable`]);
//! 3. the attempt was the last allowed → stop ([`GaveUp::MaxAttempts`]);
//! 4. the delay is computed ([`retry_delay`], with the server's
//!    hint); if it would end past the operation deadline (by the wall clock) → stop now
//!    ([`GaveUp::OperationTimeout`]) rather than sleep for nothing;
//! 5. the quota cannot pay for the retry → stop ([`GaveUp::QuotaExhausted`]);
//! 6. sleep, then the next attempt.
//!
//! On success the quota is refilled (standard mode only): by the cost of the last retry when
//! there were retries, else by the success reward. The operation timeout races every attempt
//! and every backoff: when it fires the attempt in flight is dropped (cancelled) and the loop
//! stops at once. The attempt timeout races each attempt; an attempt that exceeds it is
//! dropped and counts as a timeout whose request may have been sent
//! ([`RequestSent::Maybe`]). Every wait goes through the timer, and
//! the number of attempts is bounded by the max attempts, so the loop always ends.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use super::backoff::{retry_after, retry_delay, Jitter};
use super::classify::{classify, Classify, Observed, RequestSent, RetryKind, TransportFailure};
use super::quota::TokenBucket;
use crate::config::TimeSource;
use crate::config::{RetryConfig, RetryMode, TimeoutConfig};
use crate::timer::{AsyncSleep, Sleep, Timeout, TimeoutError, TimeoutKind};

/// How one call is retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The client's retry configuration.
    pub config: RetryConfig,
    /// Retry only failures that happened before the request was sent (see
    /// [`classify`](super::classify())).
    pub non_idempotent: bool,
    /// The limit of each attempt.
    pub attempt_timeout: Option<Duration>,
    /// The limit of the whole call.
    pub operation_timeout: Option<Duration>,
}

impl RetryPolicy {
    /// An idempotent call under `config`, with the attempt and operation limits of `timeouts`.
    pub fn new(config: RetryConfig, timeouts: &TimeoutConfig) -> Self {
        RetryPolicy {
            config,
            non_idempotent: false,
            attempt_timeout: timeouts.attempt(),
            operation_timeout: timeouts.operation(),
        }
    }

    /// Sets the non-idempotent flag.
    pub fn non_idempotent(mut self, non_idempotent: bool) -> Self {
        self.non_idempotent = non_idempotent;
        self
    }
}

/// What the loop runs on: the client's shared quota and its timer, clock and jitter.
#[derive(Clone, Copy, Debug)]
pub struct RetryEnv<'a> {
    /// The retry quota.
    pub bucket: &'a TokenBucket,
    /// The timer of backoffs and timeouts.
    pub sleeper: &'a dyn AsyncSleep,
    /// The wall clock, for `Retry-After` dates and the operation budget.
    pub clock: &'a dyn TimeSource,
    /// The backoff randomness.
    pub jitter: &'a dyn Jitter,
}

/// The failure of one attempt.
#[derive(Debug)]
pub enum AttemptError<E> {
    /// The attempt failed.
    Failed(E),
    /// A limit fired: the attempt timeout (the attempt was dropped), or the operation timeout.
    Timeout(TimeoutError),
}

impl<E: Classify> Classify for AttemptError<E> {
    fn observed(&self) -> Observed<'_> {
        match self {
            AttemptError::Failed(e) => e.observed(),
            AttemptError::Timeout(t) if t.kind() == TimeoutKind::Operation => Observed::Final,
            AttemptError::Timeout(_) => Observed::Transport(TransportFailure {
                sent: RequestSent::Maybe,
                timeout: true,
            }),
        }
    }
}

impl<E: fmt::Display> fmt::Display for AttemptError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptError::Failed(e) => e.fmt(f),
            AttemptError::Timeout(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for AttemptError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AttemptError::Failed(e) => Some(e),
            AttemptError::Timeout(e) => Some(e),
        }
    }
}

/// Why the loop stopped retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GaveUp {
    /// The failure is final (or a second clock-skew rejection).
    NotRetryable,
    /// Retries are disabled.
    RetriesDisabled,
    /// The max attempts were made.
    MaxAttempts,
    /// The retry quota is spent.
    QuotaExhausted,
    /// The operation timeout fired, or the next retry could not start before it.
    OperationTimeout,
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GaveUp::NotRetryable => "not retryable",
            GaveUp::RetriesDisabled => "retries disabled",
            GaveUp::MaxAttempts => "max attempts reached",
            GaveUp::QuotaExhausted => "retry quota exhausted",
            GaveUp::OperationTimeout => "operation timeout",
        })
    }
}

/// The failure of a call: its last error, the attempts made and why retrying stopped.
#[derive(Debug)]
pub struct RetryError<E> {
    error: AttemptError<E>,
    attempts: u32,
    reason: GaveUp,
}

impl<E> RetryError<E> {
    /// The last error.
    #[cfg(test)]
    pub fn error(&self) -> &AttemptError<E> {
        &self.error
    }

    /// Unwraps the last error.
    pub fn into_error(self) -> AttemptError<E> {
        self.error
    }

    /// The number of attempts made (at least 1).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Why retrying stopped.
    #[cfg(test)]
    pub fn reason(&self) -> GaveUp {
        self.reason
    }
}

impl<E: fmt::Display> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(
            f,
            "{} (after {} attempt{plural}: {})",
            self.error, self.attempts, self.reason
        )
    }
}

impl<E: std::error::Error + 'static> std::error::Error for RetryError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

/// The operation deadline: one sleep raced against every await point of the loop.
struct Deadline {
    sleep: Option<Sleep>,
    limit: Duration,
}

impl Deadline {
    /// `future` raced against the deadline. A future of its own rather than an `async fn`:
    /// an `async fn` keeps its future argument twice in its state (the argument and the
    /// awaited copy), which doubled the size of every call's future.
    fn race<F: Future>(&mut self, future: F) -> Race<'_, F> {
        Race {
            future,
            deadline: self,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`Deadline::race`]: the future's output, or the operation timeout's error
    /// when the deadline passes first. The future is polled first.
    struct Race<'d, F> {
        #[pin]
        future: F,
        deadline: &'d mut Deadline,
    }
}

impl<F: Future> Future for Race<'_, F> {
    type Output = Result<F::Output, TimeoutError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        let limit = this.deadline.limit;
        match this.deadline.sleep.as_mut() {
            Some(sleep) => sleep
                .as_mut()
                .poll(cx)
                .map(|()| Err(TimeoutError::new(TimeoutKind::Operation, limit))),
            None => Poll::Pending,
        }
    }
}

/// What to do after a failed attempt.
enum Next {
    Retry { kind: RetryKind, delay: Duration },
    Stop(GaveUp),
}

/// Runs `attempt` under `policy` until it succeeds or a rule stops it; see the
/// [module docs](self).
pub async fn run<T, E, F, Fut>(
    policy: &RetryPolicy,
    env: RetryEnv<'_>,
    mut attempt: F,
) -> Result<T, RetryError<E>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: Classify,
{
    let config = &policy.config;
    let standard = config.mode() == RetryMode::Standard;
    let started: SystemTime = env.clock.now().into();
    let mut deadline = Deadline {
        sleep: policy.operation_timeout.map(|d| env.sleeper.sleep(d)),
        limit: policy.operation_timeout.unwrap_or(Duration::MAX),
    };
    let mut attempts = 0u32;
    let mut last_cost = None;
    let mut skew_retried = false;
    loop {
        attempts = attempts.saturating_add(1);
        let limited = Timeout::new(env.sleeper, policy.attempt_timeout, attempt(attempts));
        let error = match deadline.race(limited).await {
            Ok(Ok(Ok(value))) => {
                if standard {
                    env.bucket
                        .release(last_cost.unwrap_or(config.costs().success_reward));
                }
                return Ok(value);
            }
            Ok(Ok(Err(e))) => AttemptError::Failed(e),
            Ok(Err(elapsed)) => {
                crate::client::trace::attempt_timed_out(attempts, elapsed.duration());
                AttemptError::Timeout(TimeoutError::new(TimeoutKind::Attempt, elapsed.duration()))
            }
            Err(operation) => {
                return Err(RetryError {
                    error: AttemptError::Timeout(operation),
                    attempts,
                    reason: GaveUp::OperationTimeout,
                })
            }
        };
        let next = decide(policy, &env, &error, attempts, skew_retried, started);
        let (kind, delay) = match next {
            Next::Retry { kind, delay } => (kind, delay),
            Next::Stop(reason) => {
                return Err(RetryError {
                    error,
                    attempts,
                    reason,
                })
            }
        };
        let costs = config.costs();
        let cost = match kind {
            RetryKind::Timeout => costs.timeout,
            RetryKind::Throttling => costs.throttling,
            RetryKind::Transient | RetryKind::ClockSkew => costs.retry,
        };
        if !env.bucket.try_acquire(cost) {
            return Err(RetryError {
                error,
                attempts,
                reason: GaveUp::QuotaExhausted,
            });
        }
        last_cost = Some(cost);
        skew_retried |= kind == RetryKind::ClockSkew;
        crate::client::trace::retrying(attempts, &kind, delay);
        if deadline.race(env.sleeper.sleep(delay)).await.is_err() {
            return Err(RetryError {
                error,
                attempts,
                reason: GaveUp::OperationTimeout,
            });
        }
    }
}

/// Rules 1–4 of the [module docs](self).
fn decide<E: Classify>(
    policy: &RetryPolicy,
    env: &RetryEnv<'_>,
    error: &AttemptError<E>,
    attempts: u32,
    skew_retried: bool,
    started: SystemTime,
) -> Next {
    let config = &policy.config;
    if config.mode() == RetryMode::Disabled {
        return Next::Stop(GaveUp::RetriesDisabled);
    }
    let observed = error.observed();
    let kind = match classify(&observed, policy.non_idempotent) {
        None => return Next::Stop(GaveUp::NotRetryable),
        Some(RetryKind::ClockSkew) if skew_retried => return Next::Stop(GaveUp::NotRetryable),
        Some(kind) => kind,
    };
    if attempts >= config.max_attempts() {
        return Next::Stop(GaveUp::MaxAttempts);
    }
    let now: SystemTime = env.clock.now().into();
    let hint = match &observed {
        Observed::Response(r) => retry_after(r.headers, now),
        _ => None,
    };
    let delay = retry_delay(config, kind, attempts - 1, env.jitter.next_unit(), hint);
    if let Some(limit) = policy.operation_timeout {
        let elapsed = now.duration_since(started).unwrap_or_default();
        if elapsed.saturating_add(delay) >= limit {
            return Next::Stop(GaveUp::OperationTimeout);
        }
    }
    Next::Retry { kind, delay }
}

#[cfg(test)]
mod tests;
