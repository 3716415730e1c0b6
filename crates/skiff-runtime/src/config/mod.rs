//! [`Config`]: region, endpoint, credentials, clock, transport and idempotency-token source of
//! a client, set explicitly with [`ConfigBuilder`] or read from the environment (`env`).
//!
//! Configuration is data: this module holds and builds it, and never signs, sends or resolves
//! anything itself.

use std::fmt;
use std::sync::Arc;

mod env;
mod retry;
mod timeout;

pub use retry::{FixedJitter, Jitter, QuotaCosts, RandomJitter, RetryConfig, RetryMode};
pub use timeout::TimeoutConfig;

use crate::auth::{BearerToken, Credentials};
use crate::datetime::DateTime;
use crate::http::{HttpTransport, DEFAULT_MAX_RESPONSE_SIZE};
use crate::timer::{default_sleep, AsyncSleep};

/// A clock. Tests fix it so that signed requests are reproducible byte for byte.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> DateTime;
}

impl<T: TimeSource + ?Sized> TimeSource for &T {
    fn now(&self) -> DateTime {
        (**self).now()
    }
}

impl<T: TimeSource + ?Sized> TimeSource for Arc<T> {
    fn now(&self) -> DateTime {
        (**self).now()
    }
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> DateTime {
        DateTime::now()
    }
}

/// A clock stopped at one instant.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub DateTime);

impl TimeSource for FixedClock {
    fn now(&self) -> DateTime {
        self.0
    }
}

/// What answers a call in place of the network when a client is under test (feature
/// `test-util`): given the operation and its validated input, a result, or `None` to send the
/// request for real. `client::mock::Mocks` is the typed implementation.
#[cfg(feature = "test-util")]
pub trait MockResponder: Send + Sync + fmt::Debug {
    /// The answer to one call.
    fn respond(
        &self,
        op: &'static crate::schema::Operation,
        input: &crate::value::Value,
    ) -> Option<Result<(crate::value::Value, crate::http::ResponseMeta), crate::error::Failure>>;
}

/// Makes the values of `@idempotencyToken` members the caller left unset.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// A fresh token.
    fn token(&self) -> String;
}

/// Random UUID v4 tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct UuidTokens;

impl TokenSource for UuidTokens {
    fn token(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
}

/// The same token every time (for tests).
#[derive(Clone, Debug)]
pub struct FixedToken(pub String);

impl TokenSource for FixedToken {
    fn token(&self) -> String {
        self.0.clone()
    }
}

/// A client's configuration. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) project_id: Option<String>,
    pub(crate) bearer_token: Option<BearerToken>,
    pub(crate) min_compression_size: usize,
    pub(crate) clock: Arc<dyn TimeSource>,
    pub(crate) tokens: Arc<dyn TokenSource>,
    pub(crate) transport: Arc<dyn HttpTransport>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) max_response_size: u64,
    pub(crate) sleep: Arc<dyn AsyncSleep>,
    pub(crate) jitter: Arc<dyn Jitter>,
    /// Typed mocks answering in place of the network (feature `test-util`).
    #[cfg(feature = "test-util")]
    pub(crate) mock: Option<Arc<dyn MockResponder>>,
}

impl Config {
    /// A builder with no region, endpoint or credentials, the system clock, UUID tokens and the
    /// default transport.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint override, if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// A builder holding this configuration, to change parts of it.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            credentials: self.credentials.clone(),
            project_id: self.project_id.clone(),
            bearer_token: self.bearer_token.clone(),
            min_compression_size: Some(self.min_compression_size),
            clock: Some(self.clock.clone()),
            tokens: Some(self.tokens.clone()),
            transport: Some(self.transport.clone()),
            retry: Some(self.retry.clone()),
            timeouts: Some(self.timeouts),
            max_response_size: Some(self.max_response_size),
            sleep: Some(self.sleep.clone()),
            jitter: Some(self.jitter.clone()),
            #[cfg(feature = "test-util")]
            mock: self.mock.clone(),
        }
    }

    /// How calls are retried.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The limits of a call.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The cap on response bodies, in bytes.
    pub fn max_response_size(&self) -> u64 {
        self.max_response_size
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    pub(super) region: Option<String>,
    pub(super) endpoint_url: Option<String>,
    pub(super) credentials: Option<Credentials>,
    pub(super) project_id: Option<String>,
    pub(super) bearer_token: Option<BearerToken>,
    pub(super) min_compression_size: Option<usize>,
    pub(super) clock: Option<Arc<dyn TimeSource>>,
    pub(super) tokens: Option<Arc<dyn TokenSource>>,
    pub(super) transport: Option<Arc<dyn HttpTransport>>,
    pub(super) retry: Option<RetryConfig>,
    pub(super) timeouts: Option<TimeoutConfig>,
    pub(super) max_response_size: Option<u64>,
    pub(super) sleep: Option<Arc<dyn AsyncSleep>>,
    pub(super) jitter: Option<Arc<dyn Jitter>>,
    #[cfg(feature = "test-util")]
    pub(super) mock: Option<Arc<dyn MockResponder>>,
}

impl ConfigBuilder {
    /// The region, used to choose the endpoint and (SigV4) to sign.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An endpoint URL (`scheme://host[:port]`) that replaces the service's default endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// The credentials to sign with.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The project id (Huawei Cloud), sent as `X-Project-Id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The bearer token (for services with `smithy.api#httpBearerAuth`).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(BearerToken(token.into()));
        self
    }

    /// The smallest body compressed for operations with `@requestCompression` (default
    /// 10,240 bytes, as the AWS SDKs do; `usize::MAX` disables compression).
    pub fn min_compression_size(mut self, bytes: usize) -> Self {
        self.min_compression_size = Some(bytes);
        self
    }

    /// The clock used to sign requests.
    pub fn time_source(mut self, clock: impl TimeSource + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The source of idempotency tokens.
    pub fn token_source(mut self, tokens: impl TokenSource + 'static) -> Self {
        self.tokens = Some(Arc::new(tokens));
        self
    }

    /// The HTTP transport. The default (reqwest) enforces the connect and idle-read timeouts
    /// and the response size cap while reading; a transport of your own should too (the
    /// client still enforces the attempt and operation timeouts, and checks the size of what
    /// it returns).
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// How calls are retried (default: [`RetryConfig::standard`], the AWS SDKs' standard mode
    /// with 3 attempts; [`RetryConfig::disabled`] for one attempt).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The limits of a call (default: [`TimeoutConfig::default`]: connect 10 s, idle read 60 s,
    /// whole operation 5 min, no per-attempt limit).
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// The cap on response bodies, in bytes (default [`DEFAULT_MAX_RESPONSE_SIZE`]).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// The timer backoff and timeouts wait on (default: tokio's).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// The randomness of backoff delays (default: random; tests fix it).
    pub fn retry_jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Some(Arc::new(jitter));
        self
    }

    /// Answers calls with typed mocks instead of the network (feature `test-util`; see
    /// `skiff_runtime::client::mock`). Input validation still runs; endpoint, signing,
    /// transport and retries do not.
    #[cfg(feature = "test-util")]
    pub fn mock(mut self, mock: impl MockResponder + 'static) -> Self {
        self.mock = Some(Arc::new(mock));
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        let timeouts = self.timeouts.unwrap_or_default();
        let max_response_size = self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE);
        let sleep = self.sleep.unwrap_or_else(default_sleep);
        Config {
            region: self.region,
            endpoint_url: self.endpoint_url,
            credentials: self.credentials,
            project_id: self.project_id,
            bearer_token: self.bearer_token,
            min_compression_size: self.min_compression_size.unwrap_or(10_240),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            tokens: self.tokens.unwrap_or_else(|| Arc::new(UuidTokens)),
            transport: self
                .transport
                .unwrap_or_else(|| default_transport(&timeouts, max_response_size, &sleep)),
            retry: self.retry.unwrap_or_default(),
            timeouts,
            max_response_size,
            sleep,
            jitter: self.jitter.unwrap_or_else(|| Arc::new(RandomJitter::new())),
            #[cfg(feature = "test-util")]
            mock: self.mock,
        }
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(
    timeouts: &TimeoutConfig,
    max_response_size: u64,
    sleep: &Arc<dyn AsyncSleep>,
) -> Arc<dyn HttpTransport> {
    Arc::new(crate::http::ReqwestTransport::with_limits(
        timeouts.connect(),
        timeouts.idle_read(),
        max_response_size,
        sleep.clone(),
    ))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_: &TimeoutConfig, _: u64, _: &Arc<dyn AsyncSleep>) -> Arc<dyn HttpTransport> {
    #[derive(Debug)]
    struct NoTransport;
    impl HttpTransport for NoTransport {
        fn send(
            &self,
            _: crate::http::HttpRequest,
        ) -> crate::http::BoxFuture<
            '_,
            Result<crate::http::HttpResponse, crate::http::TransportError>,
        > {
            Box::pin(async {
                Err(crate::http::TransportError::new(
                    "no HTTP transport configured (enable the `reqwest` feature or set one)",
                    None,
                ))
            })
        }
    }
    Arc::new(NoTransport)
}

/// A fake clock tells the time it was set to (tests).
impl TimeSource for crate::timer::FakeClock {
    fn now(&self) -> DateTime {
        self.system_time().into()
    }
}
