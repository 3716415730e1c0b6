//! The EC2 Instance Metadata Service (IMDS) endpoint and whether IMDS may be used.
//!
//! Input: an environment lookup, the selected profile (if any) and optional explicit overrides
//! from code. Output: the base endpoint URI ([`ImdsEndpoint`], e.g. `http://169.254.169.254`,
//! to which `/latest/api/token` and `/latest/meta-data/...` are appended) or an
//! [`ImdsConfigError`].
//!
//! Precedence, first match wins:
//!
//! 1. an explicit endpoint from code;
//! 2. `AWS_EC2_METADATA_SERVICE_ENDPOINT`;
//! 3. the profile's `ec2_metadata_service_endpoint`;
//! 4. the default endpoint of the endpoint mode: `http://169.254.169.254` for IPv4 (the
//!    default) or `http://[fd00:ec2::254]` for IPv6, the mode being the explicit mode from code,
//!    else `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, else the profile's
//!    `ec2_metadata_service_endpoint_mode` (case-insensitive `IPv4` / `IPv6`).
//!
//! The mode is only read (and so only validated) when no endpoint is configured.

use std::error::Error;
use std::fmt;
use std::str::FromStr;

use super::location::non_empty;
use super::profile::Profile;
use super::uri::{self, UriError};

/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
pub const ENV_ENDPOINT: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`.
pub const ENV_ENDPOINT_MODE: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
/// `AWS_EC2_METADATA_DISABLED`.
pub const ENV_DISABLED: &str = "AWS_EC2_METADATA_DISABLED";
/// Profile key for the endpoint.
pub const PROFILE_ENDPOINT: &str = "ec2_metadata_service_endpoint";
/// Profile key for the endpoint mode.
pub const PROFILE_ENDPOINT_MODE: &str = "ec2_metadata_service_endpoint_mode";
/// The path of the session token (`PUT`, header `x-aws-ec2-metadata-token-ttl-seconds`).
pub const TOKEN_PATH: &str = "/latest/api/token";
/// The path listing the instance role name (`GET`, header `x-aws-ec2-metadata-token`).
pub const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// Which IP family's default IMDS address to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EndpointMode {
    /// `http://169.254.169.254`.
    #[default]
    IpV4,
    /// `http://[fd00:ec2::254]`.
    IpV6,
}

impl EndpointMode {
    /// The default endpoint of this mode.
    pub fn default_endpoint(self) -> &'static str {
        match self {
            EndpointMode::IpV4 => "http://169.254.169.254",
            EndpointMode::IpV6 => "http://[fd00:ec2::254]",
        }
    }
}

impl FromStr for EndpointMode {
    type Err = ImdsConfigError;

    /// Parses `IPv4` / `IPv6`, ignoring case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("ipv4") {
            Ok(EndpointMode::IpV4)
        } else if s.eq_ignore_ascii_case("ipv6") {
            Ok(EndpointMode::IpV6)
        } else {
            Err(ImdsConfigError::InvalidEndpointMode(s.to_owned()))
        }
    }
}

/// Settings given in code, which win over the environment and the profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImdsOverrides<'a> {
    /// An explicit endpoint URI.
    pub endpoint: Option<&'a str>,
    /// An explicit endpoint mode.
    pub mode: Option<EndpointMode>,
}

/// The IMDS base endpoint, without a trailing `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsEndpoint(String);

impl ImdsEndpoint {
    /// The base URI, e.g. `http://169.254.169.254`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base URI followed by `path` (which should start with `/`).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.0)
        } else {
            format!("{}/{path}", self.0)
        }
    }

    /// The session token URL: `<base>/latest/api/token`.
    pub fn token_url(&self) -> String {
        self.url(TOKEN_PATH)
    }
}

impl fmt::Display for ImdsEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An invalid IMDS setting.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImdsConfigError {
    /// An endpoint mode other than `IPv4` / `IPv6`.
    InvalidEndpointMode(String),
    /// An endpoint that is not an absolute URI.
    InvalidEndpoint {
        /// Where it came from (an environment variable, a profile key, or code).
        source: &'static str,
        /// What is wrong.
        error: UriError,
    },
    /// An endpoint whose scheme is neither `http` nor `https`.
    UnsupportedScheme {
        /// Where it came from.
        source: &'static str,
        /// The scheme as written.
        scheme: String,
    },
}

impl fmt::Display for ImdsConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImdsConfigError::InvalidEndpointMode(mode) => write!(
                f,
                "`{mode}` is not a valid endpoint mode (expected `IPv4` or `IPv6`)"
            ),
            ImdsConfigError::InvalidEndpoint { source, error } => {
                write!(f, "invalid IMDS endpoint from {source}: {error}")
            }
            ImdsConfigError::UnsupportedScheme { source, scheme } => write!(
                f,
                "invalid IMDS endpoint from {source}: scheme `{scheme}` is not http or https"
            ),
        }
    }
}

impl Error for ImdsConfigError {}

/// The IMDS endpoint to use (module docs for the precedence).
pub fn imds_endpoint(
    env: impl Fn(&str) -> Option<String>,
    profile: Option<&Profile>,
    overrides: ImdsOverrides<'_>,
) -> Result<ImdsEndpoint, ImdsConfigError> {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    let profile_value = |key: &str| {
        profile
            .and_then(|p| p.get(key))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let endpoint = overrides
        .endpoint
        .map(|e| (e.to_owned(), "code"))
        .or_else(|| non_empty(env, ENV_ENDPOINT).map(|e| (e, ENV_ENDPOINT)))
        .or_else(|| {
            profile_value(PROFILE_ENDPOINT)
                .map(|e| (e, "profile key ec2_metadata_service_endpoint"))
        });
    if let Some((endpoint, source)) = endpoint {
        let parsed = uri::parse(&endpoint)
            .map_err(|error| ImdsConfigError::InvalidEndpoint { source, error })?;
        if !(parsed.scheme.eq_ignore_ascii_case("http")
            || parsed.scheme.eq_ignore_ascii_case("https"))
        {
            return Err(ImdsConfigError::UnsupportedScheme {
                source,
                scheme: parsed.scheme.to_owned(),
            });
        }
        let trimmed = endpoint.trim_end_matches('/');
        return Ok(ImdsEndpoint(trimmed.to_owned()));
    }
    let mode = match overrides.mode {
        Some(mode) => mode,
        None => match non_empty(env, ENV_ENDPOINT_MODE)
            .or_else(|| profile_value(PROFILE_ENDPOINT_MODE))
        {
            Some(text) => text.parse()?,
            None => EndpointMode::default(),
        },
    };
    Ok(ImdsEndpoint(mode.default_endpoint().to_owned()))
}

/// Whether IMDS is disabled: `AWS_EC2_METADATA_DISABLED` is `true` (any case).
pub fn imds_disabled(env: impl Fn(&str) -> Option<String>) -> bool {
    env(ENV_DISABLED).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_slash_and_paths() {
        let ep = imds_endpoint(
            |_| None,
            None,
            ImdsOverrides {
                endpoint: Some("http://h:1/"),
                mode: None,
            },
        )
        .unwrap();
        assert_eq!(ep.token_url(), "http://h:1/latest/api/token");
        assert_eq!(ep.url("latest/x"), "http://h:1/latest/x");
    }

    #[test]
    fn disabled_flag() {
        assert!(imds_disabled(|_| Some("True".into())));
        assert!(!imds_disabled(|_| Some("false".into())));
        assert!(!imds_disabled(|_| None));
    }

    #[test]
    fn relative_endpoint_is_rejected() {
        let e = imds_endpoint(
            |n| (n == ENV_ENDPOINT).then(|| "169.254.169.254".into()),
            None,
            ImdsOverrides::default(),
        )
        .unwrap_err();
        assert!(matches!(e, ImdsConfigError::InvalidEndpoint { .. }), "{e}");
    }
}
