//! Where credentials come from: the [`ProvideCredentials`] trait, its error
//! [`CredentialsError`] (defined with the other errors in `error`), and the two providers that need no I/O beyond the process
//! environment: [`StaticCredentialsProvider`] and [`EnvironmentCredentialsProvider`].
//!
//! Providers that call services (IMDS, containers, STS) or read shared files live in
//! `skiff-aws-config`; [`CredentialsCache`](super::CredentialsCache) wraps any provider.

use std::fmt;
use std::sync::Arc;

use super::Credentials;
pub use crate::error::{CredentialsError, CredentialsErrorKind};
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
    use std::error::Error;

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
