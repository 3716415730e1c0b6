//! [`CredentialsCache`]: asks a provider once and keeps the answer until shortly before it
//! expires.
//!
//! Rules:
//!
//! - Credentials without an expiry are kept forever (until [`CredentialsCache::invalidate`]).
//! - Credentials with an expiry are *fresh* while `now + refresh_ahead < expiry`;
//!   `refresh_ahead` is [`DEFAULT_REFRESH_AHEAD`] (5 minutes) unless set. Past that point the
//!   next call loads again, so requests are never signed with credentials about to lapse.
//!   Credentials that arrive already inside the window are returned, and the next call loads
//!   again.
//! - Single flight: while one load runs, every other caller waits for it and gets its result
//!   (credentials or a clone of the error); the provider is never called twice at once. A caller
//!   whose future is dropped mid-load hands the load over: a waiting caller starts a new one.
//! - A failed load is not cached: the next call tries again. If the previous credentials have
//!   not expired yet (only the refresh-ahead window was reached), they are returned instead of
//!   the error.
//!
//! Only `std` is used (a `Mutex` and wakers), so the cache works on any executor.

use std::fmt;
use std::future::poll_fn;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Poll, Waker};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::http::BoxFuture;

/// How long before their expiry cached credentials are replaced: 5 minutes.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(5 * 60);

/// A clock for the cache (tests stop or move it).
type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Caches the credentials of a provider (see the module docs for the rules). Cheap to clone:
/// clones share the cache. It is itself a [`ProvideCredentials`].
#[derive(Clone)]
pub struct CredentialsCache {
    shared: Arc<Shared>,
}

struct Shared {
    provider: Arc<dyn ProvideCredentials>,
    refresh_ahead: Duration,
    clock: Clock,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The last credentials loaded.
    cached: Option<Credentials>,
    /// Whether a caller is loading now.
    loading: bool,
    /// How many loads have finished; waiters compare it with the value they saw.
    generation: u64,
    /// The result of the last finished load.
    last: Option<Result<Credentials, CredentialsError>>,
    /// Callers waiting for the running load.
    waiters: Vec<Waker>,
}

impl CredentialsCache {
    /// A cache over `provider` with the default refresh-ahead window and the system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::builder(provider).build()
    }

    /// A builder, to set the refresh-ahead window or the clock.
    pub fn builder(provider: impl ProvideCredentials + 'static) -> CredentialsCacheBuilder {
        CredentialsCacheBuilder {
            provider: Arc::new(provider),
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            clock: None,
        }
    }

    /// Forgets the cached credentials (e.g. after the service rejected them); the next call
    /// loads again. A load already running is not affected.
    pub fn invalidate(&self) {
        self.shared.lock().cached = None;
    }

    /// The cached or freshly loaded credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let shared = &*self.shared;
        // The generation of the load this caller waits for, once it waits. A waiter whose
        // loader gave up (its future was dropped) sees `loading` false and loads itself.
        let mut waited: Option<u64> = None;
        let step = poll_fn(|cx| {
            let mut state = shared.lock();
            if let Some(generation) = waited {
                if state.generation != generation {
                    if let Some(result) = &state.last {
                        return Poll::Ready(Step::Done(result.clone()));
                    }
                }
            }
            if let Some(c) = &state.cached {
                if shared.is_fresh(c) {
                    return Poll::Ready(Step::Done(Ok(c.clone())));
                }
            }
            if !state.loading {
                state.loading = true;
                return Poll::Ready(Step::Load);
            }
            waited.get_or_insert(state.generation);
            if !state.waiters.iter().any(|w| w.will_wake(cx.waker())) {
                state.waiters.push(cx.waker().clone());
            }
            Poll::Pending
        })
        .await;
        if let Step::Done(result) = step {
            return result;
        }
        let mut guard = LoadGuard {
            shared,
            finished: false,
        };
        #[cfg(feature = "tracing")]
        let started = std::time::Instant::now();
        let result = shared.provider.provide_credentials().await;
        let mut state = shared.lock();
        let result = match result {
            Ok(c) => {
                #[cfg(feature = "tracing")]
                traced(shared, "loaded", Some(&c), None, started);
                state.cached = Some(c.clone());
                Ok(c)
            }
            Err(e) => match state.cached.as_ref().filter(|c| shared.is_valid(c)) {
                Some(c) => {
                    #[cfg(feature = "tracing")]
                    traced(shared, "refresh failed, kept", Some(c), Some(&e), started);
                    Ok(c.clone())
                }
                None => {
                    #[cfg(feature = "tracing")]
                    traced(shared, "failed", None, Some(&e), started);
                    state.cached = None;
                    Err(e)
                }
            },
        };
        state.generation += 1;
        state.last = Some(result.clone());
        state.loading = false;
        wake_all(&mut state);
        guard.finished = true;
        result
    }
}

/// One load of the cache, as a `tracing` event (target `skiff_runtime::auth::cache`): the
/// outcome, how long the provider took, how long the credentials are good for, and the error's
/// text. Never a key, token or secret: `Credentials` and errors redact them, and only the
/// expiry is read here.
#[cfg(feature = "tracing")]
fn traced(
    shared: &Shared,
    outcome: &'static str,
    credentials: Option<&Credentials>,
    error: Option<&CredentialsError>,
    started: std::time::Instant,
) {
    let now = (shared.clock)();
    let expires_in_s = credentials
        .and_then(Credentials::expiry)
        .map(|at| at.duration_since(now).map_or(0, |d| d.as_secs()));
    let load_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match error {
        None => tracing::info!(outcome, load_ms, expires_in_s, "credentials loaded"),
        Some(error) => tracing::warn!(
            outcome,
            load_ms,
            expires_in_s,
            error = %error,
            "credentials not loaded"
        ),
    }
}

/// What a caller does next.
enum Step {
    /// Return this.
    Done(Result<Credentials, CredentialsError>),
    /// Load (no one else is).
    Load,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_fresh(&self, credentials: &Credentials) -> bool {
        match credentials.expiry() {
            Some(expiry) => (self.clock)() + self.refresh_ahead < expiry,
            None => true,
        }
    }

    fn is_valid(&self, credentials: &Credentials) -> bool {
        match credentials.expiry() {
            Some(expiry) => (self.clock)() < expiry,
            None => true,
        }
    }
}

fn wake_all(state: &mut State) {
    for waker in state.waiters.drain(..) {
        waker.wake();
    }
}

/// Hands the load over to a waiting caller when the loading caller's future is dropped.
struct LoadGuard<'a> {
    shared: &'a Shared,
    finished: bool,
}

impl Drop for LoadGuard<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let mut state = self.shared.lock();
            state.loading = false;
            wake_all(&mut state);
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// Shows the provider and the window; whether credentials are cached, not what they are.
impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.shared.lock().cached.is_some();
        f.debug_struct("CredentialsCache")
            .field("provider", &self.shared.provider)
            .field("refresh_ahead", &self.shared.refresh_ahead)
            .field("cached", &cached)
            .finish()
    }
}

/// Builds a [`CredentialsCache`].
pub struct CredentialsCacheBuilder {
    provider: Arc<dyn ProvideCredentials>,
    refresh_ahead: Duration,
    clock: Option<Clock>,
}

impl CredentialsCacheBuilder {
    /// How long before expiry credentials are replaced (default [`DEFAULT_REFRESH_AHEAD`]).
    pub fn refresh_ahead(mut self, window: Duration) -> Self {
        self.refresh_ahead = window;
        self
    }

    /// The clock expiry is compared with (default: the system clock).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The cache.
    pub fn build(self) -> CredentialsCache {
        CredentialsCache {
            shared: Arc::new(Shared {
                provider: self.provider,
                refresh_ahead: self.refresh_ahead,
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
                state: Mutex::new(State::default()),
            }),
        }
    }
}

impl fmt::Debug for CredentialsCacheBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCacheBuilder")
            .field("provider", &self.provider)
            .field("refresh_ahead", &self.refresh_ahead)
            .finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::future::Future;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::task::{Context, Wake};
    use std::time::UNIX_EPOCH;

    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }

    pub(crate) fn noop_waker() -> Waker {
        Waker::from(Arc::new(Noop))
    }

    /// Polls a future until it is ready (for futures that wake themselves, or never wait).
    pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    /// A provider that counts its calls, yields `yields` times before answering, and answers
    /// credentials expiring `lifetime` after the fake clock's time (or an error when `fail`).
    #[derive(Debug)]
    struct Fake {
        calls: AtomicUsize,
        yields: usize,
        lifetime: Option<Duration>,
        fail: std::sync::atomic::AtomicBool,
        now: Arc<AtomicU64>,
    }

    impl Fake {
        fn new(yields: usize, lifetime: Option<Duration>, now: Arc<AtomicU64>) -> Arc<Fake> {
            Arc::new(Fake {
                calls: AtomicUsize::new(0),
                yields,
                lifetime,
                fail: Default::default(),
                now,
            })
        }

        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    /// Pending once per remaining yield, waking itself each time.
    struct Yield(usize);
    impl Future for Yield {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    impl ProvideCredentials for Fake {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                Yield(self.yields).await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err(CredentialsError::provider(format!("failure {n}")));
                }
                let mut c = Credentials::new(format!("AKID{n}"), "SEKRIT", None);
                if let Some(lifetime) = self.lifetime {
                    let now = UNIX_EPOCH + Duration::from_secs(self.now.load(Ordering::SeqCst));
                    c = c.with_expiry(now + lifetime);
                }
                Ok(c)
            })
        }
    }

    fn cache(fake: &Arc<Fake>) -> CredentialsCache {
        let now = fake.now.clone();
        CredentialsCache::builder(fake.clone())
            .clock(move || UNIX_EPOCH + Duration::from_secs(now.load(Ordering::SeqCst)))
            .build()
    }

    fn clock() -> Arc<AtomicU64> {
        Arc::new(AtomicU64::new(1_000_000))
    }

    #[test]
    fn caches_credentials_without_expiry() {
        let fake = Fake::new(0, None, clock());
        let cache = cache(&fake);
        for _ in 0..3 {
            assert_eq!(
                block_on(cache.credentials()).unwrap().access_key_id(),
                "AKID1"
            );
        }
        assert_eq!(fake.calls(), 1);
        cache.invalidate();
        assert_eq!(
            block_on(cache.credentials()).unwrap().access_key_id(),
            "AKID2"
        );
    }

    #[test]
    fn refreshes_ahead_of_expiry() {
        let now = clock();
        let fake = Fake::new(0, Some(Duration::from_secs(3600)), now.clone());
        let cache = cache(&fake);
        assert_eq!(
            block_on(cache.credentials()).unwrap().access_key_id(),
            "AKID1"
        );
        // 54 minutes later: more than 5 minutes left, still cached.
        now.fetch_add(54 * 60, Ordering::SeqCst);
        assert_eq!(
            block_on(cache.credentials()).unwrap().access_key_id(),
            "AKID1"
        );
        assert_eq!(fake.calls(), 1);
        // 56 minutes after the load: inside the 5-minute window, loaded again.
        now.fetch_add(2 * 60, Ordering::SeqCst);
        assert_eq!(
            block_on(cache.credentials()).unwrap().access_key_id(),
            "AKID2"
        );
        assert_eq!(fake.calls(), 2);
        // A custom window.
        let fake = Fake::new(0, Some(Duration::from_secs(3600)), now.clone());
        let cache = CredentialsCache::builder(fake.clone())
            .refresh_ahead(Duration::from_secs(30 * 60))
            .clock({
                let now = now.clone();
                move || UNIX_EPOCH + Duration::from_secs(now.load(Ordering::SeqCst))
            })
            .build();
        block_on(cache.credentials()).unwrap();
        now.fetch_add(31 * 60, Ordering::SeqCst);
        block_on(cache.credentials()).unwrap();
        assert_eq!(fake.calls(), 2);
    }

    #[test]
    fn errors_are_returned_and_not_cached() {
        let now = clock();
        let fake = Fake::new(0, Some(Duration::from_secs(3600)), now.clone());
        fake.fail.store(true, Ordering::SeqCst);
        let cache = cache(&fake);
        let e = block_on(cache.credentials()).unwrap_err();
        assert_eq!(e.message(), "failure 1");
        let e = block_on(cache.credentials()).unwrap_err();
        assert_eq!(e.message(), "failure 2");
        // Loaded once, then the refresh ahead fails: the still valid credentials are used.
        fake.fail.store(false, Ordering::SeqCst);
        assert_eq!(
            block_on(cache.credentials()).unwrap().access_key_id(),
            "AKID3"
        );
        fake.fail.store(true, Ordering::SeqCst);
        now.fetch_add(58 * 60, Ordering::SeqCst);
        assert_eq!(
            block_on(cache.credentials()).unwrap().access_key_id(),
            "AKID3"
        );
        assert_eq!(fake.calls(), 4);
        // Once they have expired, the error comes through.
        now.fetch_add(3 * 60, Ordering::SeqCst);
        assert_eq!(
            block_on(cache.credentials()).unwrap_err().message(),
            "failure 5"
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn concurrent_callers_share_one_load() {
        let fake = Fake::new(20, None, clock());
        let cache = cache(&fake);
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.credentials().await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().access_key_id(), "AKID1");
        }
        assert_eq!(fake.calls(), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn concurrent_callers_share_one_error() {
        let fake = Fake::new(20, None, clock());
        fake.fail.store(true, Ordering::SeqCst);
        let cache = cache(&fake);
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.credentials().await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap_err().message(), "failure 1");
        }
        assert_eq!(fake.calls(), 1);
    }

    #[test]
    fn a_dropped_loader_hands_over() {
        let fake = Fake::new(5, None, clock());
        let cache = cache(&fake);
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut first = Box::pin(cache.credentials());
        assert!(first.as_mut().poll(&mut cx).is_pending());
        let mut second = Box::pin(cache.credentials());
        assert!(second.as_mut().poll(&mut cx).is_pending());
        assert_eq!(fake.calls(), 1);
        drop(first);
        assert_eq!(block_on(second).unwrap().access_key_id(), "AKID2");
        assert_eq!(fake.calls(), 2);
        assert!(!format!("{cache:?}").contains("SEKRIT"));
    }
}
