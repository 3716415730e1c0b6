//! Assume role: credentials from another provider, exchanged with STS `AssumeRole` (SigV4-signed
//! with them) for the role's credentials.
//!
//! Without a session name, `assume-role-from-profile-<epoch milliseconds>` is used (the
//! [`ProviderConfig`] clock). The STS region is [`ProviderConfig`]'s (override, `AWS_REGION`,
//! `AWS_DEFAULT_REGION`, the selected profile's `region`, else `us-east-1`).

use std::sync::Arc;

use skiff_runtime::http::BoxFuture;
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use crate::chain::AssumeRole;
use crate::sts::{self, AssumeRoleParams};
use crate::ProviderConfig;

/// Role credentials from STS `AssumeRole`, signed with a source provider's credentials.
#[derive(Clone, Debug)]
pub struct AssumeRoleProvider {
    conf: ProviderConfig,
    role: AssumeRole,
    source: Arc<dyn ProvideCredentials>,
}

impl AssumeRoleProvider {
    /// Assumes `role` (its `profile` field is only used in error messages) with the credentials
    /// of `source`.
    pub fn new(
        conf: &ProviderConfig,
        role: AssumeRole,
        source: impl ProvideCredentials + 'static,
    ) -> Self {
        AssumeRoleProvider {
            conf: conf.clone(),
            role,
            source: Arc::new(source),
        }
    }

    /// Loads the source credentials, then assumes the role.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let source = self.source.provide_credentials().await?;
        let region = self.conf.sts_region_from_files();
        assume(&self.conf, &self.role, source, &region).await
    }
}

/// One `AssumeRole` call for `role` with `source` credentials.
pub(crate) async fn assume(
    conf: &ProviderConfig,
    role: &AssumeRole,
    source: Credentials,
    region: &str,
) -> Result<Credentials, CredentialsError> {
    let session_name = match &role.role_session_name {
        Some(name) => name.clone(),
        None => super::default_session_name("assume-role-from-profile", conf),
    };
    let params = AssumeRoleParams {
        region,
        role_arn: &role.role_arn,
        session_name: &session_name,
        external_id: role.external_id.as_deref(),
        duration_seconds: role.duration_seconds,
    };
    sts::assume_role(conf, source, &params).await
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}
