//! Where credentials come from: the [`ProvideCredentials`] trait, its error
//! [`CredentialsError`], and the two providers that need no I/O beyond the process
//! environment: [`StaticCredentialsProvider`] and [`EnvironmentCredentialsProvider`].
//!
//! Providers that call services (IMDS, containers, STS) or read shared files live in
//! `skiff-aws-config`; [`CredentialsCache`](super::CredentialsCache) wraps any provider.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use super::Credentials;
use crate::http::BoxFuture;

/// A source of credentials, asked again whenever credentials are needed (wrap it in a
/// [`CredentialsCache`](super::CredentialsCache) to ask only when they are about to expire).
///
/// The trait is object safe: chains and caches hold `Arc<dyn ProvideCredentials>`.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Loads credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// Credentials are their own (static) provider.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The provider is not set up here (no variables, no file, no endpoint): a chain of
    /// providers tries the next one.
    NotConfigured,
    /// The provider is set up but loading failed (a service error, an unreadable file, a
    /// malformed answer). A chain stops here.
    Provider,
    /// The provider's settings are wrong (half a key pair, a bad URI...). A chain stops here.
    InvalidConfig,
}

impl CredentialsErrorKind {
    fn describe(self) -> &'static str {
        match self {
            CredentialsErrorKind::NotConfigured => "the credential provider was not enabled",
            CredentialsErrorKind::Provider => "an error occurred while loading credentials",
            CredentialsErrorKind::InvalidConfig => {
                "the credential provider was not properly configured"
            }
        }
    }
}

/// Why credentials could not be provided.
///
/// `Display` is `<what kind of failure>: <message>`; the underlying error, if any, is
/// [`Error::source`]. Messages name variables, files, profiles and endpoints, never a secret
/// value. Cheap to clone (the source is shared), so a cache can hand one failure to every caller
/// that waited for it.
#[derive(Clone)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
    source: Option<Arc<dyn Error + Send + Sync>>,
}

impl CredentialsError {
    /// An error of `kind` with `message` (which must not quote secrets).
    pub fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// [`CredentialsErrorKind::NotConfigured`].
    pub fn not_configured(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::NotConfigured, message)
    }

    /// [`CredentialsErrorKind::Provider`].
    pub fn provider(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::Provider, message)
    }

    /// [`CredentialsErrorKind::InvalidConfig`].
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::InvalidConfig, message)
    }

    /// The same error, caused by `source`.
    pub fn with_source(mut self, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// Whether the provider is simply not set up (a chain tries its next provider).
    pub fn is_not_configured(&self) -> bool {
        self.kind == CredentialsErrorKind::NotConfigured
    }

    /// The message, without the kind's description.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.describe(), self.message)
    }
}

impl fmt::Debug for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("source", &self.source.as_ref().map(|s| s.to_string()))
            .finish()
    }
}

impl Error for CredentialsError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// Always the same credentials.
#[derive(Clone, Debug)]
pub struct StaticCredentialsProvider(Credentials);

impl StaticCredentialsProvider {
    /// A provider of `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        StaticCredentialsProvider(credentials)
    }
}

impl ProvideCredentials for StaticCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

/// The variable names one vendor's SDKs read credentials from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct EnvNames {
    access_key_id: &'static str,
    secret: &'static str,
    session_token: &'static str,
    account_id: Option<&'static str>,
}

const AWS: EnvNames = EnvNames {
    access_key_id: "AWS_ACCESS_KEY_ID",
    secret: "AWS_SECRET_ACCESS_KEY",
    session_token: "AWS_SESSION_TOKEN",
    account_id: Some("AWS_ACCOUNT_ID"),
};

const HUAWEI: EnvNames = EnvNames {
    access_key_id: "HUAWEICLOUD_SDK_AK",
    secret: "HUAWEICLOUD_SDK_SK",
    session_token: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    account_id: None,
};

/// A variable lookup; the process environment by default.
type Vars = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Credentials from environment variables, read at each call.
///
/// - [`aws`](Self::aws): `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and the optional
///   `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID`;
/// - [`huawei`](Self::huawei): `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
///   `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
///
/// Values are trimmed, and a blank value counts as unset. Neither key variable set is
/// [`NotConfigured`](CredentialsErrorKind::NotConfigured); only one of them is
/// [`InvalidConfig`](CredentialsErrorKind::InvalidConfig), naming the missing variable.
#[derive(Clone)]
pub struct EnvironmentCredentialsProvider {
    names: EnvNames,
    vars: Vars,
}

impl EnvironmentCredentialsProvider {
    /// The AWS variables, from the process environment.
    pub fn aws() -> Self {
        Self::with_names(AWS)
    }

    /// The Huawei Cloud SDK variables, from the process environment.
    pub fn huawei() -> Self {
        Self::with_names(HUAWEI)
    }

    fn with_names(names: EnvNames) -> Self {
        EnvironmentCredentialsProvider {
            names,
            vars: Arc::new(|name: &str| std::env::var(name).ok()),
        }
    }

    /// The same provider, reading variables through `vars` instead of the process environment.
    pub fn with_vars(
        mut self,
        vars: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.vars = Arc::new(vars);
        self
    }

    /// Reads the credentials now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let var = |name: &str| {
            (self.vars)(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let names = &self.names;
        let missing = |name: &str| {
            CredentialsError::invalid_config(format!("environment variable {name} is not set"))
        };
        let (id, secret) = match (var(names.access_key_id), var(names.secret)) {
            (None, None) => {
                return Err(CredentialsError::not_configured(format!(
                    "environment variables {} and {} are not set",
                    names.access_key_id, names.secret
                )))
            }
            (None, Some(_)) => return Err(missing(names.access_key_id)),
            (Some(_), None) => return Err(missing(names.secret)),
            (Some(id), Some(secret)) => (id, secret),
        };
        let mut credentials = Credentials::new(id, secret, var(names.session_token));
        if let Some(account_id) = names.account_id.and_then(var) {
            credentials = credentials.with_account_id(account_id);
        }
        Ok(credentials)
    }
}

/// Names the variables read; never their values.
impl fmt::Debug for EnvironmentCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvironmentCredentialsProvider")
            .field("access_key_id", &self.names.access_key_id)
            .field("secret", &self.names.secret)
            .field("session_token", &self.names.session_token)
            .finish()
    }
}

impl ProvideCredentials for EnvironmentCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.credentials();
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::cache::tests::block_on;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn aws_variables() {
        let p = EnvironmentCredentialsProvider::aws().with_vars(vars(&[
            ("AWS_ACCESS_KEY_ID", " AKID "),
            ("AWS_SECRET_ACCESS_KEY", "SEKRIT"),
            ("AWS_SESSION_TOKEN", ""),
            ("AWS_ACCOUNT_ID", "123456789012"),
        ]));
        let c = p.credentials().unwrap();
        assert_eq!(c.access_key_id(), "AKID");
        assert_eq!(c.session_token(), None);
        assert_eq!(c.account_id(), Some("123456789012"));
        assert!(!format!("{p:?}").contains("SEKRIT"));
    }

    #[test]
    fn huawei_variables() {
        let p = EnvironmentCredentialsProvider::huawei().with_vars(vars(&[
            ("HUAWEICLOUD_SDK_AK", "AK"),
            ("HUAWEICLOUD_SDK_SK", "SK"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKN"),
            ("AWS_ACCOUNT_ID", "1"),
        ]));
        let c = p.credentials().unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("AK", Some("TOKN")));
        assert_eq!(c.account_id(), None);
    }

    #[test]
    fn blank_is_unset_and_half_a_pair_is_invalid() {
        let p = EnvironmentCredentialsProvider::aws().with_vars(vars(&[
            ("AWS_ACCESS_KEY_ID", " "),
            ("AWS_SECRET_ACCESS_KEY", " "),
        ]));
        let e = p.credentials().unwrap_err();
        assert!(e.is_not_configured());
        assert!(e
            .to_string()
            .starts_with("the credential provider was not enabled"));

        let p = EnvironmentCredentialsProvider::huawei()
            .with_vars(vars(&[("HUAWEICLOUD_SDK_SK", "SEKRIT")]));
        let e = p.credentials().unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfig);
        assert_eq!(
            e.message(),
            "environment variable HUAWEICLOUD_SDK_AK is not set"
        );
        assert!(!format!("{e} {e:?}").contains("SEKRIT"));
    }

    #[test]
    fn errors_keep_their_source() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = CredentialsError::provider("reading `/t`").with_source(io);
        assert_eq!(
            e.to_string(),
            "an error occurred while loading credentials: reading `/t`"
        );
        assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("gone"));
        let clone = e.clone();
        assert!(clone.source().is_some());
    }

    #[test]
    fn static_provider() {
        let creds = Credentials::new("a", "b", None);
        let p = StaticCredentialsProvider::new(creds.clone());
        let shared: Arc<dyn ProvideCredentials> = Arc::new(p);
        let got = block_on(shared.provide_credentials()).unwrap();
        assert_eq!(got, creds);
    }
}
