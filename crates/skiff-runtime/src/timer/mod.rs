//! Sleeping behind a trait, so that retries and timeouts can run on any timer and tests can run
//! on a fake one.
//!
//! - [`AsyncSleep`]: `sleep(duration)` returns a boxed future ([`Sleep`]) that completes after
//!   `duration`. Everything in this crate that waits (backoff, the four timeouts) waits through
//!   it, and through nothing else.
//! - [`TokioSleep`] (feature `rt-tokio`): tokio's timer, the default ([`default_sleep`]). It
//!   must be polled inside a Tokio runtime with the time driver enabled — as every reqwest
//!   transport already requires; outside one, tokio panics (documented precondition, not a bug
//!   this crate can catch without tokio's `rt` feature).
//! - [`ThreadSleep`]: no runtime needed; each sleep parks one short-lived thread. The fallback
//!   default without `rt-tokio`.
//! - [`FakeClock`] and its [`FakeSleep`]: for tests. A fake sleep completes as soon as it is
//!   polled (unless a sleep with an earlier deadline is pending: see [`FakeSleep`]), advancing
//!   the fake clock to its deadline and recording the duration, so a test of a retry loop with
//!   three backoffs runs instantly and can assert the exact delays. A sleep that is created but
//!   never completes (a timeout whose future won the race) neither moves the clock nor appears
//!   in [`FakeClock::sleeps`]; it does appear in [`FakeClock::requested`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub mod timeout;

pub use timeout::{timeout, Elapsed, Timeout, TimeoutError, TimeoutKind};

/// The future returned by [`AsyncSleep::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// A timer.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes once `duration` has passed (at once for zero).
    fn sleep(&self, duration: Duration) -> Sleep;
}

impl<T: AsyncSleep + ?Sized> AsyncSleep for Arc<T> {
    fn sleep(&self, duration: Duration) -> Sleep {
        (**self).sleep(duration)
    }
}

impl<T: AsyncSleep + ?Sized> AsyncSleep for &T {
    fn sleep(&self, duration: Duration) -> Sleep {
        (**self).sleep(duration)
    }
}

/// The default timer: [`TokioSleep`] with feature `rt-tokio`, else [`ThreadSleep`].
pub fn default_sleep() -> Arc<dyn AsyncSleep> {
    #[cfg(feature = "rt-tokio")]
    let sleep = Arc::new(TokioSleep);
    #[cfg(not(feature = "rt-tokio"))]
    let sleep = Arc::new(ThreadSleep);
    sleep
}

/// The longest sleep given to tokio: about 30 years, "forever" for a client.
#[cfg(feature = "rt-tokio")]
const MAX_TOKIO_SLEEP: Duration = Duration::from_secs(30 * 365 * 86_400);

/// Tokio's timer. Poll its sleeps inside a Tokio runtime with time enabled.
#[cfg(feature = "rt-tokio")]
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

#[cfg(feature = "rt-tokio")]
impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        // Capped so that `Instant::now() + duration` cannot overflow on any platform (recent
        // tokio versions cap it the same way themselves).
        Box::pin(tokio::time::sleep(duration.min(MAX_TOKIO_SLEEP)))
    }
}

/// A runtime-independent timer: the first poll of each sleep starts a thread that sleeps and
/// then wakes the task. Meant for tests and runtime-less callers, not for hot paths.
///
/// If the thread cannot be started, the sleep completes at once (a timer that fires early
/// rather than never, so that nothing hangs).
#[derive(Clone, Copy, Debug, Default)]
pub struct ThreadSleep;

#[derive(Default)]
struct ThreadSleepState {
    done: bool,
    waker: Option<Waker>,
}

struct ThreadSleepFuture {
    duration: Duration,
    state: Option<Arc<Mutex<ThreadSleepState>>>,
}

impl AsyncSleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(ThreadSleepFuture {
            duration,
            state: None,
        })
    }
}

/// Locks a mutex, recovering the data of a poisoned one (the state here stays consistent
/// whatever panicked elsewhere).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Future for ThreadSleepFuture {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.duration.is_zero() {
            return Poll::Ready(());
        }
        match &self.state {
            Some(state) => {
                let mut state = lock(state);
                if state.done {
                    return Poll::Ready(());
                }
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
            None => {
                let state = Arc::new(Mutex::new(ThreadSleepState {
                    done: false,
                    waker: Some(cx.waker().clone()),
                }));
                let shared = state.clone();
                let duration = self.duration;
                let spawned = std::thread::Builder::new()
                    .name("skiff-sleep".into())
                    .spawn(move || {
                        std::thread::sleep(duration);
                        let waker = {
                            let mut state = lock(&shared);
                            state.done = true;
                            state.waker.take()
                        };
                        if let Some(waker) = waker {
                            waker.wake();
                        }
                    });
                if spawned.is_err() {
                    return Poll::Ready(());
                }
                self.state = Some(state);
                Poll::Pending
            }
        }
    }
}

/// A fake wall clock for tests, advanced only by [`FakeClock::advance`], [`FakeClock::set`]
/// and the sleeps of its [`FakeSleep`]. Clones share the same clock.
#[derive(Clone, Debug)]
pub struct FakeClock {
    inner: Arc<Mutex<FakeState>>,
}

#[derive(Debug)]
struct FakeState {
    start: SystemTime,
    now: SystemTime,
    requested: Vec<Duration>,
    slept: Vec<Duration>,
    next_id: u64,
    live: Vec<(u64, Option<SystemTime>)>,
}

impl FakeClock {
    /// A clock showing `start`.
    pub fn new(start: SystemTime) -> Self {
        FakeClock {
            inner: Arc::new(Mutex::new(FakeState {
                start,
                now: start,
                requested: Vec::new(),
                slept: Vec::new(),
                next_id: 0,
                live: Vec::new(),
            })),
        }
    }

    /// A clock showing `secs` seconds after the Unix epoch.
    pub fn at_epoch_secs(secs: u64) -> Self {
        Self::new(UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// The time the clock shows.
    pub fn system_time(&self) -> SystemTime {
        lock(&self.inner).now
    }

    /// How far the clock has moved since it was made (zero if it was set back before it).
    pub fn elapsed(&self) -> Duration {
        let state = lock(&self.inner);
        state.now.duration_since(state.start).unwrap_or_default()
    }

    /// Moves the clock forward by `by` (saturating at the largest representable time).
    pub fn advance(&self, by: Duration) {
        let mut state = lock(&self.inner);
        if let Some(t) = state.now.checked_add(by) {
            state.now = t;
        }
    }

    /// Sets the clock to `t`, forward or back.
    pub fn set(&self, t: SystemTime) {
        lock(&self.inner).now = t;
    }

    /// A timer on this clock.
    pub fn sleeper(&self) -> FakeSleep {
        FakeSleep {
            clock: self.clone(),
        }
    }

    /// The durations of the sleeps that completed, in completion order.
    pub fn sleeps(&self) -> Vec<Duration> {
        lock(&self.inner).slept.clone()
    }

    /// The durations of every sleep asked for, completed or not, in request order.
    pub fn requested(&self) -> Vec<Duration> {
        lock(&self.inner).requested.clone()
    }
}

/// The timer of a [`FakeClock`]. A sleep's deadline is the time the clock showed when it was
/// asked for, plus its duration. When polled, a sleep completes at once if the clock is past
/// its deadline, or if no other live (created, not completed, not dropped) sleep of the clock
/// has an earlier deadline — then it moves the clock to its deadline. Otherwise it waits for
/// the earlier one: it asks to be polled again, and after a few polls without the earlier one
/// completing (a sleep held but never polled), it completes anyway so that nothing hangs.
///
/// So in a race of timers — an attempt timeout inside an operation timeout — the earlier
/// deadline wins, as on a real clock, and time only moves as far as the winner.
#[derive(Clone, Debug)]
pub struct FakeSleep {
    clock: FakeClock,
}

/// How many times a fake sleep waits for an earlier one before completing anyway.
const FAKE_SLEEP_PATIENCE: u32 = 8;

struct FakeSleepFuture {
    clock: FakeClock,
    id: u64,
    duration: Duration,
    /// `None` when `now + duration` overflows: later than every other deadline.
    deadline: Option<SystemTime>,
    waits: u32,
    done: bool,
}

impl AsyncSleep for FakeSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        let (id, deadline) = {
            let mut state = lock(&self.clock.inner);
            state.requested.push(duration);
            let deadline = state.now.checked_add(duration);
            state.next_id += 1;
            let id = state.next_id;
            state.live.push((id, deadline));
            (id, deadline)
        };
        Box::pin(FakeSleepFuture {
            clock: self.clock.clone(),
            id,
            duration,
            deadline,
            waits: 0,
            done: false,
        })
    }
}

/// `a` is no later than `b`, `None` being the latest.
fn not_later(a: Option<SystemTime>, b: Option<SystemTime>) -> bool {
    match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a <= b,
    }
}

impl Future for FakeSleepFuture {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        let clock = self.clock.clone();
        let mut state = lock(&clock.inner);
        let reached = self.deadline.is_some_and(|d| state.now >= d);
        let earliest = state
            .live
            .iter()
            .all(|(id, d)| *id == self.id || not_later(self.deadline, *d));
        if !reached && !earliest && self.waits < FAKE_SLEEP_PATIENCE {
            self.waits += 1;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if let Some(deadline) = self.deadline {
            if state.now < deadline {
                state.now = deadline;
            }
        }
        state.slept.push(self.duration);
        let id = self.id;
        state.live.retain(|(live, _)| *live != id);
        self.done = true;
        Poll::Ready(())
    }
}

impl Drop for FakeSleepFuture {
    fn drop(&mut self) {
        if !self.done {
            let id = self.id;
            lock(&self.clock.inner).live.retain(|(live, _)| *live != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TimeSource;

    #[tokio::test]
    async fn fake_sleep_advances_when_polled() {
        let clock = FakeClock::at_epoch_secs(1000);
        let sleeper = clock.sleeper();
        let unpolled = sleeper.sleep(Duration::from_secs(60));
        sleeper.sleep(Duration::from_secs(2)).await;
        sleeper.sleep(Duration::from_millis(500)).await;
        assert_eq!(clock.elapsed(), Duration::from_millis(2500));
        assert_eq!(
            clock.sleeps(),
            [Duration::from_secs(2), Duration::from_millis(500)]
        );
        assert_eq!(clock.requested().len(), 3);
        // A sleep asked for at t=1000 with 60 s completes at 1060, not 60 s after now.
        unpolled.await;
        assert_eq!(clock.elapsed(), Duration::from_secs(60));
        assert_eq!(clock.now().secs(), 1060);
        // Already past its deadline: does not move the clock.
        let early = sleeper.sleep(Duration::ZERO);
        clock.advance(Duration::from_secs(1));
        early.await;
        assert_eq!(clock.now().secs(), 1061);
    }

    #[tokio::test]
    async fn earlier_deadline_wins_a_race() {
        let clock = FakeClock::at_epoch_secs(0);
        let sleeper = clock.sleeper();
        let outer = sleeper.sleep(Duration::from_secs(30));
        let inner = sleeper.sleep(Duration::from_secs(40));
        let winner = timeout::timeout(&sleeper, Duration::from_secs(30), inner).await;
        assert!(winner.is_err());
        assert_eq!(clock.elapsed(), Duration::from_secs(30));
        drop(outer);
        // A sleep held but never polled delays a later one only for a few polls.
        let held = sleeper.sleep(Duration::from_secs(1));
        sleeper.sleep(Duration::from_secs(5)).await;
        assert_eq!(clock.elapsed(), Duration::from_secs(35));
        drop(held);
    }

    #[tokio::test]
    async fn fake_sleep_saturates() {
        let clock = FakeClock::at_epoch_secs(0);
        clock.sleeper().sleep(Duration::MAX).await;
        clock.advance(Duration::MAX);
        assert_eq!(clock.now().secs(), 0);
        assert_eq!(clock.sleeps(), [Duration::MAX]);
    }

    #[cfg(feature = "rt-tokio")]
    #[tokio::test]
    async fn tokio_sleep_sleeps() {
        let start = std::time::Instant::now();
        TokioSleep.sleep(Duration::from_millis(20)).await;
        assert!(start.elapsed() >= Duration::from_millis(20));
        default_sleep().sleep(Duration::ZERO).await;
        // "Forever" is accepted.
        let forever = TokioSleep.sleep(Duration::MAX);
        let polled = timeout::timeout(&TokioSleep, Duration::from_millis(1), forever).await;
        assert!(polled.is_err());
    }

    #[tokio::test]
    async fn thread_sleep_sleeps() {
        let start = std::time::Instant::now();
        ThreadSleep.sleep(Duration::from_millis(20)).await;
        assert!(start.elapsed() >= Duration::from_millis(20));
        ThreadSleep.sleep(Duration::ZERO).await;
    }
}
