//! [`Config`]: region, endpoint, credentials provider, clock, transport and idempotency-token
//! source of a client, set explicitly with [`ConfigBuilder`] or read from the environment (`env`).
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

use crate::auth::{
    BearerToken, Credentials, CredentialsCache, ProvideCredentials, SharedCredentialsProvider,
    StaticCredentialsProvider,
};
use crate::datetime::DateTime;
use crate::endpoint::{ParamValue, ResolveEndpoint};
use crate::error::ConfigError;
use crate::http::{HttpSettings, HttpTransport, Proxy, DEFAULT_MAX_RESPONSE_SIZE};
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

/// What endpoint resolution reads besides the region and the endpoint URL: the flags and
/// values behind the rules' built-in parameters, parameters set by name, and a resolver of the
/// user's own.
#[derive(Clone, Debug, Default)]
pub(crate) struct EndpointConfig {
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    pub(crate) account_id: Option<String>,
    pub(crate) account_id_endpoint_mode: Option<String>,
    /// Other built-ins (`AWS::S3::ForcePathStyle`...), by built-in name.
    pub(crate) built_ins: Vec<(&'static str, ParamValue)>,
    /// Parameters by rule-set parameter name (client context parameters).
    pub(crate) params: Vec<(String, ParamValue)>,
    pub(crate) resolver: Option<Arc<dyn ResolveEndpoint>>,
}

impl EndpointConfig {
    fn set_built_in(&mut self, name: &'static str, value: ParamValue) {
        match self.built_ins.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.built_ins.push((name, value)),
        }
    }
}

/// A client's configuration. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) endpoint: EndpointConfig,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
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
    pub(crate) http: HttpSettings,
    pub(crate) app_name: Option<String>,
    /// The transport given by the caller (not built from the settings).
    pub(crate) custom_transport: bool,
    /// Whether the default transport could not be built from the settings.
    pub(crate) invalid_settings: bool,
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

    /// The credentials provider requests are signed with, if set. The client asks it before
    /// every attempt, so it should cache (the builder's setters see to that).
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// Whether FIPS endpoints are asked for (`None`: the rule set's default, off).
    pub fn use_fips(&self) -> Option<bool> {
        self.endpoint.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints are asked for (`None`: the rule set's
    /// default, off).
    pub fn use_dual_stack(&self) -> Option<bool> {
        self.endpoint.use_dual_stack
    }

    /// A builder holding this configuration, to change parts of it.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            endpoint: self.endpoint.clone(),
            credentials: self.credentials.clone(),
            project_id: self.project_id.clone(),
            bearer_token: self.bearer_token.clone(),
            min_compression_size: Some(self.min_compression_size),
            clock: Some(self.clock.clone()),
            tokens: Some(self.tokens.clone()),
            transport: self.custom_transport.then(|| self.transport.clone()),
            // A transport built from the settings is reused while they stay the same (clients
            // derived for one call keep the connection pool).
            built_transport: (!self.custom_transport && !self.invalid_settings).then(|| {
                (
                    self.http.clone(),
                    self.timeouts,
                    self.max_response_size,
                    self.transport.clone(),
                )
            }),
            retry: Some(self.retry.clone()),
            timeouts: Some(self.timeouts),
            max_response_size: Some(self.max_response_size),
            sleep: Some(self.sleep.clone()),
            jitter: Some(self.jitter.clone()),
            http: self.http.clone(),
            app_name: self.app_name.clone(),
            #[cfg(feature = "test-util")]
            mock: self.mock.clone(),
        }
    }

    /// The proxy and extra trust roots of the default transport.
    pub fn http_settings(&self) -> &HttpSettings {
        &self.http
    }

    /// The application name sent in the `User-Agent`, if set.
    pub fn app_name(&self) -> Option<&str> {
        self.app_name.as_deref()
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
    pub(super) endpoint: EndpointConfig,
    pub(super) credentials: Option<SharedCredentialsProvider>,
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
    pub(super) http: HttpSettings,
    pub(super) app_name: Option<String>,
    /// The default transport of the config this builder came from, and what it was built with.
    pub(super) built_transport: Option<BuiltTransport>,
    #[cfg(feature = "test-util")]
    pub(super) mock: Option<Arc<dyn MockResponder>>,
}

/// A default transport and the settings, timeouts and size cap it was built with.
type BuiltTransport = (HttpSettings, TimeoutConfig, u64, Arc<dyn HttpTransport>);

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

    /// Static credentials to sign with (replaces any provider set before).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(StaticCredentialsProvider::new(credentials)));
        self
    }

    /// A credentials provider, wrapped in a [`CredentialsCache`] (default refresh-ahead window,
    /// system clock): the client asks for credentials before every attempt, and the cache
    /// loads them again shortly before they expire. Replaces any credentials set before.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(CredentialsCache::new(provider)));
        self
    }

    /// A shared credentials provider used as it is, without adding a cache: for a
    /// [`CredentialsCache`] of your own (or one from `skiff-aws-config`), shared by several
    /// clients. `None` removes the credentials.
    pub fn shared_credentials_provider(
        mut self,
        provider: Option<SharedCredentialsProvider>,
    ) -> Self {
        self.credentials = provider;
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

    /// Use FIPS endpoints (`AWS::UseFIPS`; env `AWS_USE_FIPS_ENDPOINT`).
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.endpoint.use_fips = Some(use_fips);
        self
    }

    /// Use dual-stack endpoints (`AWS::UseDualStack`; env `AWS_USE_DUALSTACK_ENDPOINT`).
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.endpoint.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// The AWS account id, for account-based endpoints (`AWS::Auth::AccountId`; env
    /// `AWS_ACCOUNT_ID`).
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.endpoint.account_id = Some(account_id.into());
        self
    }

    /// `preferred`, `disabled` or `required` (`AWS::Auth::AccountIdEndpointMode`; env
    /// `AWS_ACCOUNT_ID_ENDPOINT_MODE`).
    pub fn account_id_endpoint_mode(mut self, mode: impl Into<String>) -> Self {
        self.endpoint.account_id_endpoint_mode = Some(mode.into());
        self
    }

    /// S3 path-style addressing (`AWS::S3::ForcePathStyle`).
    pub fn force_path_style(mut self, on: bool) -> Self {
        self.endpoint
            .set_built_in("AWS::S3::ForcePathStyle", ParamValue::Bool(on));
        self
    }

    /// S3 Transfer Acceleration endpoints (`AWS::S3::Accelerate`).
    pub fn accelerate(mut self, on: bool) -> Self {
        self.endpoint
            .set_built_in("AWS::S3::Accelerate", ParamValue::Bool(on));
        self
    }

    /// Let an ARN's region override the configured one (`AWS::S3::UseArnRegion` and
    /// `AWS::S3Control::UseArnRegion`).
    pub fn use_arn_region(mut self, on: bool) -> Self {
        self.endpoint
            .set_built_in("AWS::S3::UseArnRegion", ParamValue::Bool(on));
        self.endpoint
            .set_built_in("AWS::S3Control::UseArnRegion", ParamValue::Bool(on));
        self
    }

    /// Refuse S3 Multi-Region Access Points (`AWS::S3::DisableMultiRegionAccessPoints`).
    pub fn disable_multi_region_access_points(mut self, on: bool) -> Self {
        self.endpoint.set_built_in(
            "AWS::S3::DisableMultiRegionAccessPoints",
            ParamValue::Bool(on),
        );
        self
    }

    /// Send `us-east-1` S3 requests to the global endpoint (`AWS::S3::UseGlobalEndpoint`).
    pub fn s3_use_global_endpoint(mut self, on: bool) -> Self {
        self.endpoint
            .set_built_in("AWS::S3::UseGlobalEndpoint", ParamValue::Bool(on));
        self
    }

    /// Send STS requests to the global endpoint (`AWS::STS::UseGlobalEndpoint`).
    pub fn sts_use_global_endpoint(mut self, on: bool) -> Self {
        self.endpoint
            .set_built_in("AWS::STS::UseGlobalEndpoint", ParamValue::Bool(on));
        self
    }

    /// Sets the endpoint parameter `name` of the service's rule set: a client context
    /// parameter (the generated client's docs list them), or any declared parameter. Ignored
    /// by services whose rule set does not declare it; overrides the built-ins above.
    pub fn endpoint_param(mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> Self {
        let name = name.into();
        let value = value.into();
        match self.endpoint.params.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.endpoint.params.push((name, value)),
        }
        self
    }

    /// Replaces endpoint resolution: `resolver` is given each call's endpoint parameters and
    /// chooses the endpoint (URL, headers, `authSchemes`).
    pub fn endpoint_resolver(mut self, resolver: impl ResolveEndpoint + 'static) -> Self {
        self.endpoint.resolver = Some(Arc::new(resolver));
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

    /// The proxy of the default transport (default [`Proxy::FromEnv`]: `HTTPS_PROXY`,
    /// `HTTP_PROXY`, `NO_PROXY`).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.http.set_proxy(proxy);
        self
    }

    /// Trusts the certificates of a PEM bundle too, besides the platform's store and the
    /// bundled roots (see [`HttpSettings`]). Checked by [`ConfigBuilder::try_build`].
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.add_root_certificates_pem(pem);
        self
    }

    /// The application name sent at the end of the `User-Agent` (`app/<name>`). Characters
    /// outside the header token set become `-`, and it is cut at 50 characters.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        let name: String = name
            .into()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .take(50)
            .collect();
        self.app_name = (!name.is_empty()).then_some(name);
        self
    }

    /// The configuration, or an error naming the invalid HTTP setting (proxy URL, root
    /// certificates).
    pub fn try_build(self) -> Result<Config, ConfigError> {
        let (config, error) = self.build_checked();
        match error {
            Some(e) => Err(e),
            None => Ok(config),
        }
    }

    /// Answers calls with typed mocks instead of the network (feature `test-util`; see
    /// `skiff_runtime::client::mock`). Input validation still runs; endpoint, signing,
    /// transport and retries do not.
    #[cfg(feature = "test-util")]
    pub fn mock(mut self, mock: impl MockResponder + 'static) -> Self {
        self.mock = Some(Arc::new(mock));
        self
    }

    /// The configuration. With invalid HTTP settings (see [`ConfigBuilder::try_build`]) every
    /// request fails with a transport error saying which one.
    pub fn build(self) -> Config {
        self.build_checked().0
    }

    fn build_checked(self) -> (Config, Option<ConfigError>) {
        let timeouts = self.timeouts.unwrap_or_default();
        let max_response_size = self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE);
        let sleep = self.sleep.unwrap_or_else(default_sleep);
        let custom_transport = self.transport.is_some();
        let reusable = self.built_transport.filter(|(http, t, max, _)| {
            *http == self.http && *t == timeouts && *max == max_response_size
        });
        let (transport, error) = match (self.transport, reusable) {
            (Some(transport), _) => (transport, None),
            (None, Some((_, _, _, transport))) => (transport, None),
            (None, None) => {
                match default_transport(&timeouts, max_response_size, &sleep, &self.http) {
                    Ok(transport) => (transport, None),
                    Err(message) => {
                        let error = ConfigError::new(format!("invalid HTTP settings: {message}"));
                        (failing_transport(error.to_string()), Some(error))
                    }
                }
            }
        };
        let config = Config {
            region: self.region,
            endpoint_url: self.endpoint_url,
            endpoint: self.endpoint,
            credentials: self.credentials,
            project_id: self.project_id,
            bearer_token: self.bearer_token,
            min_compression_size: self.min_compression_size.unwrap_or(10_240),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            tokens: self.tokens.unwrap_or_else(|| Arc::new(UuidTokens)),
            transport,
            retry: self.retry.unwrap_or_default(),
            timeouts,
            max_response_size,
            sleep,
            jitter: self.jitter.unwrap_or_else(|| Arc::new(RandomJitter::new())),
            http: self.http,
            app_name: self.app_name,
            custom_transport,
            invalid_settings: error.is_some(),
            #[cfg(feature = "test-util")]
            mock: self.mock,
        };
        (config, error)
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(
    timeouts: &TimeoutConfig,
    max_response_size: u64,
    sleep: &Arc<dyn AsyncSleep>,
    http: &HttpSettings,
) -> Result<Arc<dyn HttpTransport>, String> {
    let transport = crate::http::ReqwestTransport::with_settings(
        timeouts.connect(),
        timeouts.idle_read(),
        max_response_size,
        sleep.clone(),
        http,
    )?;
    Ok(Arc::new(transport))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(
    _: &TimeoutConfig,
    _: u64,
    _: &Arc<dyn AsyncSleep>,
    _: &HttpSettings,
) -> Result<Arc<dyn HttpTransport>, String> {
    Ok(failing_transport(
        "no HTTP transport configured (enable the `reqwest` feature or set one)".to_owned(),
    ))
}

/// A transport failing every request with `message` (nothing is sent).
fn failing_transport(message: String) -> Arc<dyn HttpTransport> {
    #[derive(Debug)]
    struct Failing(String);
    impl HttpTransport for Failing {
        fn send(
            &self,
            _: crate::http::HttpRequest,
        ) -> crate::http::BoxFuture<
            '_,
            Result<crate::http::HttpResponse, crate::http::TransportError>,
        > {
            let message = self.0.clone();
            Box::pin(async move { Err(crate::http::TransportError::new(message, None)) })
        }
    }
    Arc::new(Failing(message))
}

/// A fake clock tells the time it was set to (tests).
impl TimeSource for crate::timer::FakeClock {
    fn now(&self) -> DateTime {
        self.system_time().into()
    }
}
