//! The profile provider: runs the [`ProfileChain`] of the selected profile.
//!
//! Each load reads the shared files (through [`ProviderConfig`]), builds the chain with
//! [`profile_chain`], gets the base credentials, then runs each `AssumeRole` step with the
//! previous step's credentials. Base providers:
//!
//! | base | provider |
//! |---|---|
//! | static keys | the profile's `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`, `aws_account_id` |
//! | `credential_source = Environment` | the `AWS_*` variables (runtime's `EnvironmentCredentialsProvider`) |
//! | `credential_source = Ec2InstanceMetadata` | [`ImdsCredentialsProvider`] |
//! | `credential_source = EcsContainer` | [`ContainerCredentialsProvider`] |
//! | `web_identity_token_file` + `role_arn` | `AssumeRoleWithWebIdentity` |
//! | `credential_process` | [`CredentialProcessProvider`] |
//! | SSO (`sso_session`, `sso_start_url`...) | not supported: an error |
//!
//! A profile that configures no credentials (no files, no such profile, no credential keys) is
//! "not configured". Once a chain is resolved it is final: any failure of its base or of a role
//! step is an error, even "not configured" ones (e.g. `credential_source = Environment` with no
//! variables set), so a default chain does not go on to other providers.

use skiff_runtime::auth::EnvironmentCredentialsProvider;
use skiff_runtime::http::BoxFuture;
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use super::assume_role::assume;
use super::{
    web_identity, ContainerCredentialsProvider, CredentialProcessProvider, ImdsCredentialsProvider,
};
use crate::chain::{profile_chain, BaseProvider, CredentialSource, ProfileChain};
use crate::location::LoadError;
use crate::ProviderConfig;

/// Credentials of the selected profile (module docs).
#[derive(Clone, Debug)]
pub struct ProfileCredentialsProvider {
    conf: ProviderConfig,
}

impl ProfileCredentialsProvider {
    /// The profile selected by `conf` (its override, `AWS_PROFILE`, else `default`).
    pub fn new(conf: &ProviderConfig) -> Self {
        ProfileCredentialsProvider { conf: conf.clone() }
    }

    /// Profile `name` instead.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.conf = self.conf.with_profile_name(name);
        self
    }

    /// Loads the credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let loaded = self.conf.load_profiles().map_err(|e| match &e {
            LoadError::Parse(_) => {
                CredentialsError::invalid_config("the shared config files are invalid")
                    .with_source(e)
            }
            _ => CredentialsError::provider("cannot read the shared config files").with_source(e),
        })?;
        let name = &loaded.locations.profile;
        let chain = profile_chain(&loaded.profiles, name).map_err(|e| {
            if e.is_not_configured() {
                CredentialsError::not_configured(e.to_string())
            } else {
                CredentialsError::invalid_config(e.to_string())
            }
        })?;
        let region = self.conf.sts_region(loaded.profiles.get(name));
        run_chain(&self.conf, &chain, &region).await
    }
}

async fn run_chain(
    conf: &ProviderConfig,
    chain: &ProfileChain,
    region: &str,
) -> Result<Credentials, CredentialsError> {
    let profile = chain.base_profile();
    let (what, base) = match chain.base() {
        BaseProvider::AccessKey(credentials) => ("static keys", Ok(credentials.clone())),
        BaseProvider::NamedSource(CredentialSource::Environment) => (
            "credential_source Environment",
            EnvironmentCredentialsProvider::aws()
                .with_vars(conf.env_fn())
                .credentials(),
        ),
        BaseProvider::NamedSource(CredentialSource::Ec2InstanceMetadata) => (
            "credential_source Ec2InstanceMetadata",
            ImdsCredentialsProvider::new(conf).credentials().await,
        ),
        BaseProvider::NamedSource(CredentialSource::EcsContainer) => (
            "credential_source EcsContainer",
            ContainerCredentialsProvider::new(conf).credentials().await,
        ),
        BaseProvider::WebIdentityToken(settings) => (
            "web_identity_token_file",
            web_identity::exchange(conf, settings, region).await,
        ),
        BaseProvider::CredentialProcess(process) => (
            "credential_process",
            CredentialProcessProvider::from_profile(process.clone())
                .credentials()
                .await,
        ),
        BaseProvider::Sso(_) => {
            return Err(CredentialsError::invalid_config(format!(
                "profile `{profile}` uses IAM Identity Center (SSO), which skiff-aws-config does \
                 not support"
            )))
        }
        #[allow(unreachable_patterns)] // BaseProvider is non_exhaustive.
        other => {
            return Err(CredentialsError::invalid_config(format!(
                "profile `{profile}`: unsupported credential settings {other:?}"
            )))
        }
    };
    let mut credentials = base.map_err(|e| {
        CredentialsError::provider(format!("profile `{profile}`: {what} failed")).with_source(e)
    })?;
    for role in chain.roles() {
        credentials = assume(conf, role, credentials, region).await.map_err(|e| {
            CredentialsError::provider(format!(
                "profile `{}`: assuming role `{}` failed",
                role.profile, role.role_arn
            ))
            .with_source(e)
        })?;
    }
    Ok(credentials)
}

impl ProvideCredentials for ProfileCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}
