//! The default credentials chain, in the order of the AWS SDK for Rust (and the 29 upstream
//! scenarios):
//!
//! 1. environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//!    `AWS_ACCOUNT_ID`);
//! 2. the selected profile ([`ProfileCredentialsProvider`]);
//! 3. web identity from the environment ([`WebIdentityTokenProvider::from_env`]);
//! 4. the container endpoint ([`ContainerCredentialsProvider`]);
//! 5. IMDS ([`ImdsCredentialsProvider`]).
//!
//! A provider that is "not configured" passes to the next; the first credentials or the first
//! other error ends the chain. When no provider is configured, the error is "not configured" and
//! lists why each one was not. (Other SDKs put web identity before the profile; here a profile
//! that resolves wins over `AWS_WEB_IDENTITY_TOKEN_FILE`.)
//!
//! Every call runs the chain again: wrap it in a `skiff_runtime::CredentialsCache`.

use skiff_runtime::auth::EnvironmentCredentialsProvider;
use skiff_runtime::http::BoxFuture;
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use super::{
    ContainerCredentialsProvider, ImdsCredentialsProvider, ProfileCredentialsProvider,
    WebIdentityTokenProvider,
};
use crate::ProviderConfig;

/// The default credentials chain (module docs).
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    providers: Vec<(&'static str, Box<dyn ProvideCredentials>)>,
}

impl DefaultCredentialsChain {
    /// The chain, every provider reading through `conf`.
    pub fn new(conf: &ProviderConfig) -> Self {
        let providers: Vec<(&'static str, Box<dyn ProvideCredentials>)> = vec![
            (
                "environment",
                Box::new(EnvironmentCredentialsProvider::aws().with_vars(conf.env_fn())),
            ),
            ("profile", Box::new(ProfileCredentialsProvider::new(conf))),
            (
                "web identity",
                Box::new(WebIdentityTokenProvider::from_env(conf)),
            ),
            (
                "container",
                Box::new(ContainerCredentialsProvider::new(conf)),
            ),
            ("IMDS", Box::new(ImdsCredentialsProvider::new(conf))),
        ];
        DefaultCredentialsChain { providers }
    }

    /// The providers' names, in order.
    pub fn provider_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.providers.iter().map(|(name, _)| *name)
    }

    /// Runs the chain.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut reasons = Vec::new();
        for (name, provider) in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => return Ok(credentials),
                Err(e) if e.is_not_configured() => reasons.push(format!("{name}: {}", e.message())),
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::not_configured(format!(
            "no provider of the default chain is configured ({})",
            reasons.join("; ")
        )))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}
