//! Web identity: an OpenID Connect token from a file, exchanged with STS
//! `AssumeRoleWithWebIdentity` (unsigned) for role credentials. EKS (IRSA) and other
//! federations use it.
//!
//! Settings: from the environment (`AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`, both
//! required, and the optional `AWS_ROLE_SESSION_NAME`), or given (a profile's
//! `web_identity_token_file`, `role_arn`, `role_session_name`). The token file is read at each
//! load. Without a session name, `web-identity-token-<epoch milliseconds>` is used. The STS region
//! is [`ProviderConfig`]'s (override, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's
//! `region`, else `us-east-1`).

use std::path::Path;

use skiff_runtime::http::BoxFuture;
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use crate::chain::WebIdentityToken;
use crate::env::web_identity_from_env;
use crate::{sts, ProviderConfig};

/// Web identity credentials (module docs).
#[derive(Clone, Debug)]
pub struct WebIdentityTokenProvider {
    conf: ProviderConfig,
    settings: Option<WebIdentityToken>,
}

impl WebIdentityTokenProvider {
    /// Settings from the environment, read at each load; not configured unless both
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` are set.
    pub fn from_env(conf: &ProviderConfig) -> Self {
        WebIdentityTokenProvider {
            conf: conf.clone(),
            settings: None,
        }
    }

    /// Fixed settings (e.g. a profile's).
    pub fn new(conf: &ProviderConfig, settings: WebIdentityToken) -> Self {
        WebIdentityTokenProvider {
            conf: conf.clone(),
            settings: Some(settings),
        }
    }

    /// Loads the credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let settings = match &self.settings {
            Some(s) => s.clone(),
            None => web_identity_from_env(self.conf.env_fn()).ok_or_else(|| {
                CredentialsError::not_configured(
                    "environment variables AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not \
                     both set",
                )
            })?,
        };
        let region = self.conf.sts_region_from_files();
        exchange(&self.conf, &settings, &region).await
    }
}

/// Reads the token file and calls STS in `region`.
pub(crate) async fn exchange(
    conf: &ProviderConfig,
    settings: &WebIdentityToken,
    region: &str,
) -> Result<Credentials, CredentialsError> {
    let path = &settings.web_identity_token_file;
    let token = conf.read_to_string(Path::new(path)).map_err(|e| {
        CredentialsError::provider(format!(
            "failed to read the web identity token file `{path}`"
        ))
        .with_source(e)
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(CredentialsError::provider(format!(
            "the web identity token file `{path}` is empty"
        )));
    }
    let session_name = match &settings.role_session_name {
        Some(name) => name.clone(),
        None => super::default_session_name("web-identity-token", conf),
    };
    sts::assume_role_with_web_identity(conf, region, &settings.role_arn, &session_name, token).await
}

impl ProvideCredentials for WebIdentityTokenProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}
