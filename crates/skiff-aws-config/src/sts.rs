//! The only module that touches the generated STS client (`skiff-aws-sts`): `AssumeRole` and
//! `AssumeRoleWithWebIdentity`, from plain parameters to runtime [`Credentials`].
//!
//! Requests go to `https://sts.<region>.amazonaws.com/` through the [`ProviderConfig`]'s
//! transport, signed (for `AssumeRole`) with SigV4 at the configuration's clock;
//! `AssumeRoleWithWebIdentity` is sent unsigned (`@optionalAuth` in `models/sts.json`, no
//! credentials configured).

use std::time::SystemTime;

use skiff_aws_sts::types::{AssumedRoleUser, Credentials as StsCredentials};
use skiff_runtime::{Config, Credentials, CredentialsError};

use crate::provider_config::{SharedClock, SharedTransport};
use crate::ProviderConfig;

/// What `AssumeRole` needs besides the source credentials.
#[derive(Debug, Clone)]
pub(crate) struct AssumeRoleParams<'a> {
    pub(crate) region: &'a str,
    pub(crate) role_arn: &'a str,
    pub(crate) session_name: &'a str,
    pub(crate) external_id: Option<&'a str>,
    pub(crate) duration_seconds: Option<u32>,
}

fn client(
    conf: &ProviderConfig,
    region: &str,
    credentials: Option<Credentials>,
) -> skiff_aws_sts::Client {
    let mut config = Config::builder()
        .region(region)
        .transport(SharedTransport(conf.transport().clone()))
        .time_source(SharedClock(conf.clock().clone()));
    // The endpoint settings every AWS SDK's STS client reads: the service's own variable wins.
    if let Some(url) = ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|name| conf.env(name).filter(|v| !v.is_empty()))
    {
        config = config.endpoint_url(url);
    }
    if let Some(credentials) = credentials {
        config = config.credentials(credentials);
    }
    skiff_aws_sts::Client::new(config.build())
}

/// `AssumeRole` with `source` credentials.
pub(crate) async fn assume_role(
    conf: &ProviderConfig,
    source: Credentials,
    params: &AssumeRoleParams<'_>,
) -> Result<Credentials, CredentialsError> {
    let mut call = client(conf, params.region, Some(source))
        .assume_role()
        .role_arn(params.role_arn)
        .role_session_name(params.session_name);
    if let Some(external_id) = params.external_id {
        call = call.external_id(external_id);
    }
    if let Some(seconds) = params.duration_seconds {
        call = call.duration_seconds(i32::try_from(seconds).unwrap_or(i32::MAX));
    }
    let what = || format!("STS AssumeRole for role `{}`", params.role_arn);
    let output = call
        .send()
        .await
        .map_err(|e| CredentialsError::provider(format!("{} failed", what())).with_source(e))?;
    into_credentials(
        output.credentials,
        output.assumed_role_user.as_ref(),
        &what(),
    )
}

/// `AssumeRoleWithWebIdentity`, unsigned.
pub(crate) async fn assume_role_with_web_identity(
    conf: &ProviderConfig,
    region: &str,
    role_arn: &str,
    session_name: &str,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let what = || format!("STS AssumeRoleWithWebIdentity for role `{role_arn}`");
    let output = client(conf, region, None)
        .assume_role_with_web_identity()
        .role_arn(role_arn)
        .role_session_name(session_name)
        .web_identity_token(token)
        .send()
        .await
        .map_err(|e| CredentialsError::provider(format!("{} failed", what())).with_source(e))?;
    into_credentials(
        output.credentials,
        output.assumed_role_user.as_ref(),
        &what(),
    )
}

fn into_credentials(
    credentials: Option<StsCredentials>,
    user: Option<&AssumedRoleUser>,
    what: &str,
) -> Result<Credentials, CredentialsError> {
    let missing =
        |field: &str| CredentialsError::provider(format!("the {what} response has no `{field}`"));
    let c = credentials.ok_or_else(|| missing("Credentials"))?;
    let mut out = Credentials::new(
        c.access_key_id.ok_or_else(|| missing("AccessKeyId"))?,
        c.secret_access_key
            .ok_or_else(|| missing("SecretAccessKey"))?,
        c.session_token,
    );
    if let Some(expiration) = c.expiration {
        out = out.with_expiry(SystemTime::from(expiration));
    }
    if let Some(account_id) = user
        .and_then(|u| u.arn.as_deref())
        .and_then(account_id_of_arn)
    {
        out = out.with_account_id(account_id);
    }
    Ok(out)
}

/// The account id of an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`).
pub(crate) fn account_id_of_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    (parts.next()? == "arn").then_some(())?;
    let account = parts.nth(3)?;
    (!account.is_empty()).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids() {
        assert_eq!(
            account_id_of_arn("arn:aws:sts::123456789012:assumed-role/r/s"),
            Some("123456789012")
        );
        assert_eq!(account_id_of_arn("arn:aws:sts:::x"), None);
        assert_eq!(account_id_of_arn("nope"), None);
    }
}
