//! Who is calling: [`Credentials`], where they come from ([`ProvideCredentials`], with the
//! static, environment and Huawei Cloud file providers and the [`CredentialsCache`]), and the
//! signing schemes that
//! prove them on a request.
//!
//! - [`sigv4`]: AWS Signature Version 4 (feature `sigv4`);
//! - [`huawei`]: Huawei Cloud SDK-HMAC-SHA256 (feature `huawei-sign`);
//! - bearer tokens (`smithy.api#httpBearerAuth`).
//!
//! A signer adds headers to a finished [`HttpRequest`]; it never builds or sends one, and it
//! reads nothing but what its `SigningContext` gives it (no configuration, no clock of its own).

mod bearer;
mod cache;
mod credentials;
#[cfg(feature = "huawei-sign")]
pub mod huawei;
mod huawei_file;
mod provider;
#[cfg(feature = "sigv4")]
pub mod sigv4;

pub(crate) use bearer::BearerToken;
pub use cache::{CredentialsCache, CredentialsCacheBuilder, DEFAULT_REFRESH_AHEAD};
pub use credentials::Credentials;
pub use huawei_file::{
    huawei_credentials_file, HuaweiCredentialsChain, HuaweiCredentialsSection,
    HuaweiProfileCredentialsProvider,
};
pub use provider::{
    CredentialsError, CredentialsErrorKind, EnvironmentCredentialsProvider, ProvideCredentials,
    StaticCredentialsProvider,
};

/// A shared credentials provider: what a configuration will hold.
pub type SharedCredentialsProvider = std::sync::Arc<dyn ProvideCredentials>;

use crate::datetime::DateTime;
use crate::error::ConfigError;
use crate::http::HttpRequest;
use crate::schema::Signing;

/// What a signer may use: the identity, where and when the request is signed.
#[derive(Debug)]
// Which fields a build reads depends on the signing features it enables.
#[cfg_attr(not(all(feature = "sigv4", feature = "huawei-sign")), allow(dead_code))]
pub(crate) struct SigningContext<'a> {
    /// The access key pair, when configured.
    pub(crate) credentials: Option<&'a Credentials>,
    /// The region (SigV4's scope).
    pub(crate) region: Option<&'a str>,
    /// A signing name that replaces the service's (from the endpoint's `authSchemes`).
    pub(crate) signing_name: Option<&'a str>,
    /// The endpoint's `sigv4` `disableDoubleEncoding`, when it says.
    pub(crate) disable_double_encoding: Option<bool>,
    /// The endpoint's `sigv4` `disableNormalizePath`, when it says.
    pub(crate) disable_normalize_path: Option<bool>,
    /// The Huawei Cloud project id, sent as `X-Project-Id`.
    pub(crate) project_id: Option<&'a str>,
    /// The bearer token, when configured.
    pub(crate) bearer_token: Option<&'a BearerToken>,
    /// The signing time.
    pub(crate) time: DateTime,
}

/// Signs `request` with `scheme`. A missing identity is a [`ConfigError`] naming it.
pub(crate) fn sign(
    scheme: Signing,
    request: &mut HttpRequest,
    context: &SigningContext<'_>,
) -> Result<(), ConfigError> {
    let credentials = || {
        context
            .credentials
            .ok_or_else(|| ConfigError::new("no credentials configured"))
    };
    match scheme {
        Signing::Anonymous => Ok(()),
        Signing::HttpBearer => {
            let token = context
                .bearer_token
                .ok_or_else(|| ConfigError::new("no bearer token configured"))?;
            bearer::sign(request, token);
            Ok(())
        }
        #[cfg(feature = "sigv4")]
        Signing::SigV4 { name } => {
            let region = context
                .region
                .ok_or_else(|| ConfigError::new("SigV4 signing needs a region"))?;
            let service = context.signing_name.unwrap_or(name);
            // The signing name's defaults, then what the endpoint's auth scheme says.
            let mut settings = sigv4::SigningSettings::for_service(service);
            if let Some(disable) = context.disable_double_encoding {
                settings.double_uri_encode = !disable;
            }
            if let Some(disable) = context.disable_normalize_path {
                settings.normalize_path = !disable;
            }
            sigv4::sign_request(
                request,
                &sigv4::SigningParams {
                    credentials: credentials()?,
                    region,
                    service,
                    time: context.time,
                    settings,
                },
            );
            Ok(())
        }
        #[cfg(feature = "huawei-sign")]
        Signing::HuaweiHmacSha256 => {
            huawei::sign(
                request,
                &huawei::SigningParams {
                    credentials: credentials()?,
                    project_id: context.project_id,
                    time: context.time,
                },
            );
            Ok(())
        }
        #[allow(unreachable_patterns)] // Reachable when a signing feature is disabled.
        other => {
            let _ = credentials;
            Err(ConfigError::new(format!(
                "signing scheme {other:?} is not enabled in this build of skiff-runtime"
            )))
        }
    }
}
