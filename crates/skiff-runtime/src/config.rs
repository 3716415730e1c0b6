//! [`Config`]: region, endpoint, credentials, clock, transport and idempotency-token source of
//! a client, set explicitly with [`ConfigBuilder`] or read from the environment.

use std::fmt;
use std::sync::Arc;

use crate::credentials::Credentials;
use crate::datetime::DateTime;
use crate::error::ConfigError;
use crate::http::HttpTransport;
use crate::schema::Signing;

/// A clock. Tests fix it so that signed requests are reproducible byte for byte.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> DateTime;
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

/// A bearer token; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct BearerToken(pub(crate) String);

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
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
}

impl Config {
    /// A builder with no region, endpoint or credentials, the system clock, UUID tokens and the
    /// default transport.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Reads the configuration a service's signing scheme needs from the process environment.
    ///
    /// - SigV4: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional),
    ///   `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL` (optional).
    /// - Bearer tokens: `SKIFF_BEARER_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL` (optional).
    /// - Huawei SDK-HMAC-SHA256: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
    ///   `HUAWEICLOUD_SDK_SECURITY_TOKEN` (optional), `HUAWEICLOUD_SDK_PROJECT_ID`,
    ///   `HUAWEICLOUD_SDK_REGION`, `HUAWEICLOUD_SDK_ENDPOINT` (optional).
    pub fn from_env(signing: Signing) -> Result<ConfigBuilder, ConfigError> {
        Self::from_vars(signing, |name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`], reading variables through `var`.
    pub fn from_vars(
        signing: Signing,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ConfigBuilder, ConfigError> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let required = |name: &str| {
            var(name)
                .ok_or_else(|| ConfigError::new(format!("environment variable {name} is not set")))
        };
        let mut builder = Config::builder();
        match signing {
            Signing::Anonymous => {}
            Signing::HttpBearer => {
                builder.bearer_token = Some(BearerToken(required("SKIFF_BEARER_TOKEN")?));
                builder.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION"));
                builder.endpoint_url = var("AWS_ENDPOINT_URL");
            }
            Signing::SigV4 { .. } => {
                builder = builder.credentials(Credentials::new(
                    required("AWS_ACCESS_KEY_ID")?,
                    required("AWS_SECRET_ACCESS_KEY")?,
                    var("AWS_SESSION_TOKEN"),
                ));
                builder.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION"));
                builder.endpoint_url = var("AWS_ENDPOINT_URL");
            }
            Signing::HuaweiHmacSha256 => {
                builder = builder.credentials(Credentials::new(
                    required("HUAWEICLOUD_SDK_AK")?,
                    required("HUAWEICLOUD_SDK_SK")?,
                    var("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
                ));
                builder.project_id = var("HUAWEICLOUD_SDK_PROJECT_ID");
                builder.region = var("HUAWEICLOUD_SDK_REGION");
                builder.endpoint_url = var("HUAWEICLOUD_SDK_ENDPOINT");
            }
        }
        Ok(builder)
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
        }
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Credentials>,
    project_id: Option<String>,
    bearer_token: Option<BearerToken>,
    min_compression_size: Option<usize>,
    clock: Option<Arc<dyn TimeSource>>,
    tokens: Option<Arc<dyn TokenSource>>,
    transport: Option<Arc<dyn HttpTransport>>,
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

    /// The HTTP transport.
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        Config {
            region: self.region,
            endpoint_url: self.endpoint_url,
            credentials: self.credentials,
            project_id: self.project_id,
            bearer_token: self.bearer_token,
            min_compression_size: self.min_compression_size.unwrap_or(10_240),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            tokens: self.tokens.unwrap_or_else(|| Arc::new(UuidTokens)),
            transport: self.transport.unwrap_or_else(default_transport),
        }
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Arc<dyn HttpTransport> {
    Arc::new(crate::http::ReqwestTransport::new())
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Arc<dyn HttpTransport> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sigv4_variables() {
        let vars = |name: &str| match name {
            "AWS_ACCESS_KEY_ID" => Some("AKID".to_owned()),
            "AWS_SECRET_ACCESS_KEY" => Some("SECRET".to_owned()),
            "AWS_REGION" => Some("eu-west-1".to_owned()),
            _ => None,
        };
        let config = Config::from_vars(Signing::SigV4 { name: "x" }, vars)
            .unwrap()
            .build();
        assert_eq!(config.region(), Some("eu-west-1"));
        let creds = config.credentials.as_ref().unwrap();
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.session_token(), None);
        assert!(!format!("{config:?}").contains("SECRET"));
    }

    #[test]
    fn bearer_token_is_redacted() {
        let vars = |name: &str| (name == "SKIFF_BEARER_TOKEN").then(|| "tok-123".to_owned());
        let config = Config::from_vars(Signing::HttpBearer, vars)
            .unwrap()
            .build();
        assert_eq!(
            config.bearer_token.as_ref().map(|t| t.0.as_str()),
            Some("tok-123")
        );
        assert!(!format!("{config:?}").contains("tok-123"));
    }

    #[test]
    fn missing_secret_is_named() {
        let vars = |name: &str| (name == "HUAWEICLOUD_SDK_AK").then(|| "AK".to_owned());
        let err = Config::from_vars(Signing::HuaweiHmacSha256, vars).unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment variable HUAWEICLOUD_SDK_SK is not set"
        );
    }
}
