//! Timeouts: the [`timeout`] future, and the four limits of a call ([`TimeoutConfig`](crate::config::TimeoutConfig)) with the
//! typed error that names the one that fired ([`TimeoutError`]).
//!
//! [`timeout`]`(sleeper, duration, future)` polls `future` and a sleep of `duration` from
//! `sleeper`; whichever completes first wins: `Ok(output)` or `Err(`[`Elapsed`]`)`. The future is
//! polled first, so a future that is ready at once always wins (even against a zero duration),
//! and dropping the [`Timeout`] drops (cancels) both.
//!
//! The four limits, and who enforces each:
//!
//! | limit | default | enforced by | on expiry |
//! | --- | --- | --- | --- |
//! | connect | 10 s | the transport (reqwest's `connect_timeout`) | a transport error the pipeline classifies as "not sent, timeout" |
//! | attempt | off | the retry loop, around each attempt | the attempt is dropped; retried as a timeout unless non-idempotent |
//! | operation | 5 min | the retry loop, around everything (attempts and backoff) | the call ends; never retried |
//! | idle read | 60 s | the body reader, between body chunks | the attempt fails; retried as a timeout unless non-idempotent |
//!
//! Rationale for the defaults:
//!
//! - *connect* 10 s and *idle read* 60 s are the values the runtime's reqwest transport already
//!   uses (60 s is also botocore's `read_timeout`): a dead or stalled server cannot hold an
//!   attempt for long, yet a slow server-side operation that streams nothing for a while is not
//!   cut early.
//! - *attempt* is off, as in the AWS SDKs: a per-attempt cap would also cut legitimate large
//!   downloads; stalls are already caught by the idle-read limit.
//! - *operation* is on, at 5 minutes, because it is the only limit a slow-drip server (one byte
//!   every 59 s defeats the idle limit) or a long retry chain cannot outlast. Five minutes is
//!   above the worst case the default limits allow for a stalled server — 3 attempts ×
//!   (10 s connect + 60 s idle) + at most 3 s of backoff ≈ 3.6 min — so in that case the
//!   per-attempt limits report first, and it is below what an interactive caller would wait.
//!   Calls that legitimately take longer (very large bodies on slow links, synchronous
//!   invocations that run for many minutes) must raise or disable it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::{AsyncSleep, Sleep};

/// The sleep of a [`timeout`] completed before its future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Elapsed {
    duration: Duration,
}

impl Elapsed {
    /// The duration that elapsed.
    pub fn duration(&self) -> Duration {
        self.duration
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out after {:?}", self.duration)
    }
}

impl std::error::Error for Elapsed {}

/// Runs `future` with a time limit of `duration`, measured by `sleeper`.
pub fn timeout<F: Future>(
    sleeper: &dyn AsyncSleep,
    duration: Duration,
    future: F,
) -> Timeout<'_, F> {
    Timeout::new(sleeper, Some(duration), future)
}

pin_project_lite::pin_project! {
    /// The future of [`timeout`]; with no duration ([`Timeout::new`] with `None`) it never
    /// times out.
    ///
    /// The sleep is asked of the timer at the first poll that finds the future pending, not
    /// before: a future ready at once (a body chunk already received, say) costs no timer
    /// entry. The future is held in place (pinned with the `Timeout`), not boxed.
    pub struct Timeout<'s, F> {
        #[pin]
        future: F,
        sleeper: &'s dyn AsyncSleep,
        sleep: Option<Sleep>,
        duration: Option<Duration>,
    }
}

impl<'s, F: Future> Timeout<'s, F> {
    /// `future` limited to `duration` if there is one, measured by `sleeper`.
    pub fn new(sleeper: &'s dyn AsyncSleep, duration: Option<Duration>, future: F) -> Self {
        Timeout {
            future,
            sleeper,
            sleep: None,
            duration,
        }
    }
}

impl<F: Future> fmt::Debug for Timeout<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timeout")
            .field("duration", &self.duration)
            .finish_non_exhaustive()
    }
}

impl<F: Future> Future for Timeout<'_, F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        let Some(duration) = *this.duration else {
            return Poll::Pending;
        };
        let sleeper = *this.sleeper;
        let sleep = this.sleep.get_or_insert_with(|| sleeper.sleep(duration));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed { duration })),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Which of the four limits of a call fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeoutKind {
    /// Establishing the connection (TCP and TLS), enforced by the transport.
    Connect,
    /// One attempt: sending the request and receiving the whole response.
    Attempt,
    /// The whole call: every attempt and every backoff between them.
    Operation,
    /// No byte of the response body arrived for this long.
    IdleRead,
}

impl TimeoutKind {
    fn describe(self) -> &'static str {
        match self {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Attempt => "attempt timeout",
            TimeoutKind::Operation => "operation timeout",
            TimeoutKind::IdleRead => "idle read timeout",
        }
    }
}

/// A limit of a call fired: which one, and its duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    duration: Duration,
}

impl TimeoutError {
    /// Limit `kind` of `duration` fired.
    pub fn new(kind: TimeoutKind, duration: Duration) -> Self {
        TimeoutError { kind, duration }
    }

    /// Which limit fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured duration of that limit.
    pub fn duration(&self) -> Duration {
        self.duration
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {:?} elapsed", self.kind.describe(), self.duration)?;
        if self.kind == TimeoutKind::IdleRead {
            f.write_str(" with no response body data")?;
        }
        Ok(())
    }
}

impl std::error::Error for TimeoutError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timer::FakeClock;

    /// Counts the sleeps asked of it; each never completes.
    #[derive(Debug, Default)]
    struct Counting(std::sync::atomic::AtomicUsize);

    impl AsyncSleep for Counting {
        fn sleep(&self, _: Duration) -> Sleep {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Box::pin(std::future::pending())
        }
    }

    #[tokio::test]
    async fn the_sleep_is_made_at_the_first_pending_poll_and_once() {
        let sleeper = Counting::default();
        let count = || sleeper.0.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            timeout(&sleeper, Duration::from_secs(1), async { 1 }).await,
            Ok(1)
        );
        assert_eq!(count(), 0);
        // Pending twice, then ready: one sleep.
        let mut polls = 0;
        let future = std::future::poll_fn(|cx| {
            polls += 1;
            if polls < 3 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(polls)
            }
        });
        assert_eq!(
            timeout(&sleeper, Duration::from_secs(1), future).await,
            Ok(3)
        );
        assert_eq!(count(), 1);
        // No duration: never a sleep.
        let mut polls = 0;
        let future = std::future::poll_fn(|cx| {
            polls += 1;
            if polls < 2 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        });
        assert_eq!(Timeout::new(&sleeper, None, future).await, Ok(()));
        assert_eq!(count(), 1);
    }

    #[tokio::test]
    async fn ready_future_wins_even_against_zero() {
        let clock = FakeClock::at_epoch_secs(0);
        let sleeper = clock.sleeper();
        assert_eq!(timeout(&sleeper, Duration::ZERO, async { 7 }).await, Ok(7));
        assert_eq!(clock.elapsed(), Duration::ZERO);
        assert!(clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn sleep_wins_over_pending_future() {
        let clock = FakeClock::at_epoch_secs(0);
        let sleeper = clock.sleeper();
        let result = timeout(
            &sleeper,
            Duration::from_secs(3),
            std::future::pending::<()>(),
        )
        .await;
        assert_eq!(result.unwrap_err().duration(), Duration::from_secs(3));
        assert_eq!(clock.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test]
    async fn no_duration_never_times_out() {
        let clock = FakeClock::at_epoch_secs(0);
        let sleeper = clock.sleeper();
        let mut polls = 0;
        let future = std::future::poll_fn(|cx| {
            polls += 1;
            if polls < 3 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready("done")
            }
        });
        assert_eq!(Timeout::new(&sleeper, None, future).await, Ok("done"));
        assert!(clock.requested().is_empty());
    }

    #[cfg(feature = "rt-tokio")]
    #[tokio::test]
    async fn real_timer() {
        let sleeper = crate::timer::TokioSleep;
        let slow = async {
            tokio::time::sleep(Duration::from_secs(30)).await;
        };
        let start = std::time::Instant::now();
        assert!(timeout(&sleeper, Duration::from_millis(20), slow)
            .await
            .is_err());
        assert!(start.elapsed() < Duration::from_secs(10));
        let fast = async { tokio::time::sleep(Duration::from_millis(1)).await };
        assert!(timeout(&sleeper, Duration::from_secs(30), fast)
            .await
            .is_ok());
    }

    #[test]
    fn errors_name_the_limit() {
        let e = TimeoutError::new(TimeoutKind::IdleRead, Duration::from_secs(60));
        assert_eq!(
            e.to_string(),
            "idle read timeout of 60s elapsed with no response body data"
        );
        let e = TimeoutError::new(TimeoutKind::Operation, Duration::from_secs(300));
        assert_eq!(e.to_string(), "operation timeout of 300s elapsed");
        let t: crate::http::TransportError = e.into();
        assert!(t.is_timeout());
        assert_eq!(t.timeout().map(|e| e.kind()), Some(TimeoutKind::Operation));
        assert_eq!(t.to_string(), "operation timeout of 300s elapsed");
    }

    #[test]
    fn defaults() {
        use crate::config::TimeoutConfig;
        let c = TimeoutConfig::default();
        assert_eq!(c.connect(), Some(Duration::from_secs(10)));
        assert_eq!(c.attempt(), None);
        assert_eq!(c.operation(), Some(Duration::from_secs(300)));
        assert_eq!(c.idle_read(), Some(Duration::from_secs(60)));
        let c = TimeoutConfig::disabled().with_attempt(Some(Duration::from_secs(1)));
        assert_eq!(c.attempt(), Some(Duration::from_secs(1)));
        assert_eq!(c.operation(), None);
    }
}
