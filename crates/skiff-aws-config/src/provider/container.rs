//! Container credentials (ECS task roles, EKS Pod Identity).
//!
//! The URI and its authorization come from [`container_endpoint`]
//! (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`,
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]`). Each load sends `GET <uri>` with
//! `Accept: application/json` and, when configured, `Authorization` (a token file is read at
//! each load, its content trimmed); the answer is the JSON credentials document (`AccessKeyId`,
//! `SecretAccessKey`, `Token`, `Expiration`, `AccountId`). Requests time out after 5 s and 5xx
//! answers are retried, 3 attempts in all.
//!
//! Neither URI variable set is "not configured"; an invalid URI, an unreadable token file and
//! every failed request are errors.

use std::path::Path;
use std::time::Duration;

use skiff_runtime::http::{BoxFuture, HttpRequest};
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use super::http::{self, RetryPolicy};
use crate::container::{container_endpoint, ContainerAuth, ContainerUriError};
use crate::ProviderConfig;

/// Credentials from the container credentials endpoint (module docs).
#[derive(Clone, Debug)]
pub struct ContainerCredentialsProvider {
    conf: ProviderConfig,
    policy: RetryPolicy,
}

impl ContainerCredentialsProvider {
    /// A provider reading its settings through `conf`.
    pub fn new(conf: &ProviderConfig) -> Self {
        ContainerCredentialsProvider {
            conf: conf.clone(),
            policy: RetryPolicy {
                max_attempts: 3,
                timeout: Duration::from_secs(5),
                backoff: Duration::from_millis(100),
            },
        }
    }

    /// The time allowed for each request (default 5 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.policy.timeout = timeout;
        self
    }

    /// Loads the credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let endpoint = container_endpoint(self.conf.env_fn(), |host| self.conf.resolve(host))
            .map_err(|e| match e {
                ContainerUriError::NotConfigured => CredentialsError::not_configured(e.to_string()),
                e => CredentialsError::invalid_config("invalid container credentials endpoint")
                    .with_source(e),
            })?;
        let authorization = match &endpoint.auth {
            None => None,
            Some(ContainerAuth::Token(token)) => Some(token.trim().to_owned()),
            Some(ContainerAuth::TokenFile(path)) => Some(
                self.conf
                    .read_to_string(Path::new(path))
                    .map_err(|e| {
                        CredentialsError::provider(format!(
                            "failed to read the container authorization token file `{path}`"
                        ))
                        .with_source(e)
                    })?
                    .trim()
                    .to_owned(),
            ),
        };
        if authorization
            .as_deref()
            .is_some_and(|t| t.contains(['\r', '\n']))
        {
            return Err(CredentialsError::invalid_config(
                "the container authorization token contains a line break",
            ));
        }
        let response = http::send(&self.conf, self.policy, || {
            let mut request = HttpRequest::new("GET", endpoint.uri.clone());
            request.headers.insert("Accept", "application/json");
            if let Some(token) = &authorization {
                request.headers.insert("Authorization", token.as_str());
            }
            request
        })
        .await
        .map_err(|e| {
            CredentialsError::provider(format!(
                "the container credentials endpoint {} did not answer",
                endpoint.uri
            ))
            .with_source(e)
        })?;
        if response.status != 200 {
            return Err(CredentialsError::provider(format!(
                "the container credentials endpoint {} answered HTTP {}",
                endpoint.uri, response.status
            )));
        }
        http::parse_json_credentials(&response.body, "container credentials", "Token")
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}
